"""Opening a case with its parties, recording a session, closing a case."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.atlas.models import HarmCategory
from hamafza.counseling.models import Channel, DisputeKind, Outcome, Party
from hamafza.lib import limits
from hamafza.lib.forms import JalaliDateField, LimitedTextField, PersianIntegerField


class CaseForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty for the next number of the year."),
    )
    opened_on = JalaliDateField(label=_("Date opened"))
    channel = forms.ChoiceField(label=_("How it came"), choices=Channel.choices)
    kind = forms.ModelChoiceField(
        label=_("Kind of dispute"), queryset=DisputeKind.objects.filter(is_active=True)
    )
    harm_category = forms.ModelChoiceField(
        label=_("Harm category of the atlas"),
        queryset=HarmCategory.objects.filter(is_active=True),
        required=False,
    )
    summary = LimitedTextField(
        max_length=limits.NOTE,
        label=_("Summary of the dispute"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CaseEditForm(CaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["number"]
        del self.fields["opened_on"]


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Party.Role.choices], required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Party.Sex.choices, initial=Party.Sex.UNKNOWN)
    age_band = forms.ChoiceField(
        label=_("Age band"), choices=Party.AgeBand.choices, initial=Party.AgeBand.UNKNOWN
    )
    name = forms.CharField(
        label=_("Name (only if the centre needs it)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    national_id = forms.CharField(
        label=_("National ID (only if the centre needs it)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr", "inputmode": "numeric"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("role") and (data.get("name") or data.get("national_id")):
            self.add_error("role", _("Choose the party's role."))
        return data


PartyFormSet = forms.formset_factory(PartyForm, extra=2, max_num=6)


class SessionForm(forms.Form):
    held_on = JalaliDateField(label=_("Date held"))
    duration_minutes = PersianIntegerField(label=_("Duration (minutes)"), min_value=1, max_value=600)
    notes = LimitedTextField(
        max_length=limits.NOTE, label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", "—"), *[(value, label) for value, label in Outcome.choices if value != Outcome.OPEN]],
        required=False,
    )
    closed_on = JalaliDateField(label=_("Date closed"), required=False)
