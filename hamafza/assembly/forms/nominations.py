"""Forms of nominations: one by hand, a decision, an Excel list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import JalaliDateField, LimitedTextField
from hamafza.orgs.models import Organization
from hamafza.places.models import Region


class NgoChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.region.name}"


class NominationForm(forms.Form):
    organization = NgoChoiceField(
        label=_("NGO"),
        queryset=Organization.objects.filter(kind=Organization.Kind.NGO, is_active=True)
        .select_related("region")
        .order_by("name"),
    )
    region = forms.ModelChoiceField(
        label=_("Nominated by (province or county)"),
        queryset=Region.objects.without_boundaries()
        .filter(kind__in=["province", "county"])
        .order_by("kind", "name"),
    )
    nominated_by = forms.CharField(label=_("Nominating office"), max_length=250, required=False)
    nominated_on = JalaliDateField(label=_("Date of nomination"))
    letter_number = forms.CharField(label=_("Letter number"), max_length=60, required=False)
    letter_file = forms.FileField(
        label=_("The letter (PDF or image)"), required=False, help_text=_("At most 10 MB.")
    )
    note = LimitedTextField(
        max_length=limits.NOTE, label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("refuse", _("Do not accept"))])
    reason = LimitedTextField(
        max_length=limits.NOTE, label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
