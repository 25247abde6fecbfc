"""Forms of the follow-up: an assignment's terms, a progress report, the secretariat's review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import JalaliDateField, LimitedTextField, PersianIntegerField
from hamafza.meetings.models import Assignment, ProgressReport
from hamafza.orgs.models import Organization


def group_by_membership(field: forms.ModelChoiceField, body) -> None:
    """Offer the body's member organisations first, as «اعضای <body>», then the others («سایر دستگاه‌ها»):
    a resolution's duties go to the members nine times in ten (issue 10). Only the choices shown change;
    what is accepted is still the field's queryset."""
    organizations = list(field.queryset)
    member_ids = set(body.members.values_list("pk", flat=True))
    members = [(o.pk, field.label_from_instance(o)) for o in organizations if o.pk in member_ids]
    others = [(o.pk, field.label_from_instance(o)) for o in organizations if o.pk not in member_ids]
    choices: list = []
    if not isinstance(field, forms.ModelMultipleChoiceField) and field.empty_label is not None:
        choices.append(("", field.empty_label))
    if members:
        choices.append((_("Members of %(body)s") % {"body": body.name}, members))
    if others:
        choices.append((_("Other organisations"), others))
    field.choices = choices


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


class AddAssignmentForm(AssignmentFields):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Assignment.Role.choices, initial=Assignment.Role.SUPPORTING
    )
    field_order = ["organization", "role", "recurrence", "deadline", "interval", "interval_unit"]

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body is not None:
            group_by_membership(self.fields["organization"], body)


class ProgressForm(forms.Form):
    percent = PersianIntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = LimitedTextField(
        max_length=limits.LONG_TEXT, label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(ProgressReport.Status.ACCEPTED, _("Accept")), (ProgressReport.Status.RETURNED, _("Return"))]
    )
    comment = LimitedTextField(
        max_length=limits.NOTE, label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
