"""The form that changes several assignments at once: a new deadline, another organisation, or both."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib.forms import JalaliDateField
from hamafza.orgs.models import Organization


class AssignmentBatchForm(forms.Form):
    deadline = JalaliDateField(
        label=_("New deadline"),
        required=False,
        help_text=_("The chosen duties become duties with this deadline."),
    )
    organization = forms.ModelChoiceField(
        label=_("New organisation"),
        required=False,
        queryset=Organization.objects.filter(is_active=True).order_by("name"),
        help_text=_("Only a duty on which nothing has been reported can pass to another organisation."),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("deadline") and not data.get("organization"):
            raise forms.ValidationError(_("Enter a new deadline or choose a new organisation."))
        return data
