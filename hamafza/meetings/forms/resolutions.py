"""Forms of resolutions: a new resolution with its lead assignment, an edit, a cancellation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import LimitedTextField, PersianDigitsInput, PickerSelectMultiple
from hamafza.meetings.forms.followup import AssignmentFields, group_by_membership
from hamafza.orgs.models import Organization
from hamafza.places.forms import RegionMultipleChoiceField


class ResolutionForm(AssignmentFields):
    number = forms.CharField(
        label=_("Number"), max_length=20, widget=PersianDigitsInput(attrs={"class": "int"})
    )
    text = LimitedTextField(
        max_length=limits.LONG_TEXT, label=_("Text"), widget=forms.Textarea(attrs={"rows": 4})
    )
    topics = forms.CharField(max_length=limits.LINE, label=_("Topics (comma separated)"), required=False)
    target_regions = RegionMultipleChoiceField(label=_("Target regions"), required=False)
    lead = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organization.objects.filter(is_active=True)
    )
    supporting = forms.ModelMultipleChoiceField(
        label=_("Supporting organisations"),
        required=False,
        queryset=Organization.objects.filter(is_active=True),
        widget=PickerSelectMultiple(
            attrs={"data-picker": "organizations", "data-browse": "1"},
            placeholder=_("Type part of an organisation's name"),
            empty=_("No organisation of that name"),
            chosen=_("Chosen supporting organisations"),
        ),
    )
    field_order = [
        "number",
        "text",
        "topics",
        "target_regions",
        "lead",
        "supporting",
        "recurrence",
        "deadline",
        "interval",
        "interval_unit",
    ]

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body is not None:
            group_by_membership(self.fields["lead"], body)
            group_by_membership(self.fields["supporting"], body)

    def clean(self):
        data = super().clean()
        lead, supporting = data.get("lead"), data.get("supporting") or []
        if lead and lead in supporting:
            self.add_error("supporting", _("The lead organisation cannot also be a supporting one."))
        return data

    def topic_list(self) -> list[str]:
        raw = self.cleaned_data.get("topics") or ""
        return [part.strip() for part in raw.replace("،", ",").split(",") if part.strip()]


class ResolutionEditForm(forms.Form):
    number = forms.CharField(
        label=_("Number"), max_length=20, widget=PersianDigitsInput(attrs={"class": "int"})
    )
    text = LimitedTextField(
        max_length=limits.LONG_TEXT, label=_("Text"), widget=forms.Textarea(attrs={"rows": 4})
    )
    topics = forms.CharField(max_length=limits.LINE, label=_("Topics (comma separated)"), required=False)
    target_regions = ResolutionForm.base_fields["target_regions"]

    topic_list = ResolutionForm.topic_list


class CancelForm(forms.Form):
    reason = LimitedTextField(
        max_length=limits.NOTE, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )
