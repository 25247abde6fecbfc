"""The form of a call for achievements reports: which body asks, for which period, by when, and whom.

The rules (a period that ends after it starts, a deadline not in the past, NGOs only) are the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib.forms import JalaliDateField
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization


class AchievementCallForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Asked by (body)"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Title"), max_length=250)
    period_start = JalaliDateField(label=_("Period from"))
    period_end = JalaliDateField(label=_("Period to"))
    deadline = JalaliDateField(label=_("Deadline of the reports"))
    note = forms.CharField(
        label=_("What the reports should cover"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ngos = forms.ModelMultipleChoiceField(
        label=_("NGOs asked"),
        required=False,
        queryset=Organization.objects.filter(kind=Organization.Kind.NGO, is_active=True)
        .select_related("region")
        .order_by("region__name", "name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("If none is chosen, the NGO members of the body are asked."),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
