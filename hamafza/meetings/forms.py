from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib.forms import JalaliDateField, PersianIntegerField
from hamafza.meetings.models import Assignment, ProgressReport
from hamafza.orgs.models import Organization
from hamafza.places.models import Region


class MeetingForm(forms.Form):
    number = PersianIntegerField(label=_("Session number"), min_value=1)
    held_on = JalaliDateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), required=False, max_length=250)
    chair = forms.CharField(label=_("Chair"), required=False, max_length=250)
    attendees = forms.CharField(
        label=_("Attendees (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes_file = forms.FileField(label=_("Minutes file (PDF or Word)"), required=False)

    def clean_minutes_file(self):
        from hamafza.meetings.services import FollowUpError, check_minutes_file

        upload = self.cleaned_data.get("minutes_file")
        if not upload:
            return upload
        try:
            check_minutes_file(upload)
        except FollowUpError as error:
            raise forms.ValidationError(error.messages[0]) from None
        return upload


class AssignmentFields(forms.Form):
    """The deadline or recurrence of an assignment."""

    recurrence = forms.ChoiceField(label=_("Follow-up"), choices=Assignment.Recurrence.choices)
    deadline = JalaliDateField(label=_("Deadline"), required=False)
    interval = PersianIntegerField(label=_("Report every"), required=False, min_value=1, max_value=365)
    interval_unit = forms.ChoiceField(
        label=_("Unit"), choices=Assignment.IntervalUnit.choices, required=False
    )

    def clean(self):
        data = super().clean()
        recurrence = data.get("recurrence")
        if recurrence == Assignment.Recurrence.ONCE and not data.get("deadline"):
            self.add_error("deadline", _("An assignment with a deadline needs the deadline date."))
        if recurrence == Assignment.Recurrence.PERIODIC and not data.get("interval"):
            self.add_error(
                "interval", _("A periodic assignment needs the number of days or months between reports.")
            )
        if recurrence != Assignment.Recurrence.ONCE:
            data["deadline"] = None
        if not data.get("interval_unit"):
            data["interval_unit"] = Assignment.IntervalUnit.MONTH
        return data


class ResolutionForm(AssignmentFields):
    number = forms.CharField(label=_("Number"), max_length=20)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    topics = forms.CharField(label=_("Topics (comma separated)"), required=False)
    target_regions = forms.ModelMultipleChoiceField(
        label=_("Target regions"),
        required=False,
        queryset=Region.objects.without_boundaries().filter(
            kind__in=["neighbourhood", "district", "city", "county"]
        ),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    lead = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organization.objects.filter(is_active=True)
    )
    supporting = forms.ModelMultipleChoiceField(
        label=_("Supporting organisations"),
        required=False,
        queryset=Organization.objects.filter(is_active=True),
        widget=forms.SelectMultiple(attrs={"size": 6}),
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
    number = forms.CharField(label=_("Number"), max_length=20)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    topics = forms.CharField(label=_("Topics (comma separated)"), required=False)
    target_regions = ResolutionForm.base_fields["target_regions"]

    topic_list = ResolutionForm.topic_list


class AddAssignmentForm(AssignmentFields):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Assignment.Role.choices, initial=Assignment.Role.SUPPORTING
    )
    field_order = ["organization", "role", "recurrence", "deadline", "interval", "interval_unit"]


class ProgressForm(forms.Form):
    percent = PersianIntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(ProgressReport.Status.ACCEPTED, _("Accept")), (ProgressReport.Status.RETURNED, _("Return"))]
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
