"""Forms of elections: settings, officials, candidacies, second rounds and lots."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.assembly.forms.assemblies import PersonChoiceField
from hamafza.assembly.models import Election, Official
from hamafza.lib import limits
from hamafza.lib.forms import JalaliDateField, LimitedTextField, PersianIntegerField, PersianTimeField
from hamafza.meetings.models import Meeting
from hamafza.participation.models import AchievementReport


def combine(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    if day is None or time is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, time))


class WindowFields(forms.Form):
    starts_on = JalaliDateField(label=_("Voting starts on"))
    starts_at = PersianTimeField(label=_("at"))
    ends_on = JalaliDateField(label=_("Voting ends on"))
    ends_at = PersianTimeField(label=_("at"))

    def window(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        data = self.cleaned_data
        return combine(data.get("starts_on"), data.get("starts_at")), combine(
            data.get("ends_on"), data.get("ends_at")
        )

    @staticmethod
    def initial_window(starts: dt.datetime, ends: dt.datetime) -> dict:
        starts, ends = timezone.localtime(starts), timezone.localtime(ends)
        return {
            "starts_on": starts.date(),
            "starts_at": starts.time(),
            "ends_on": ends.date(),
            "ends_at": ends.time(),
        }


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        from hamafza.templatetags_builtins import digits, jdate

        return f"{_('Session')} {digits(obj.number)} — {jdate(obj.held_on)}"


class ElectionForm(WindowFields):
    title = forms.CharField(label=_("Title"), max_length=250)
    meeting = MeetingChoiceField(label=_("Session"), queryset=Meeting.objects.none(), required=False)
    seats = PersianIntegerField(label=_("Seats"), min_value=1, max_value=500)
    max_choices = PersianIntegerField(
        label=_("Choices on a ballot"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Up to this many candidates may be marked; empty: as many as there are seats."),
    )
    substitutes = PersianIntegerField(label=_("Substitutes"), min_value=0, max_value=500, initial=0)
    tie_rule = forms.ChoiceField(
        label=_("A tie for the last seat is resolved by"), choices=Election.TieRule.choices
    )
    confirmations_required = PersianIntegerField(
        label=_("Supervisors' signatures required"),
        min_value=1,
        required=False,
        help_text=_("Empty: every supervisor signs. Otherwise at least a majority of them."),
    )

    field_order = [
        "title",
        "meeting",
        "seats",
        "max_choices",
        "substitutes",
        "tie_rule",
        "starts_on",
        "starts_at",
        "ends_on",
        "ends_at",
        "confirmations_required",
    ]

    def __init__(self, *args, assembly, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(body_id=assembly.body_id).order_by(
            "-held_on"
        )


class OfficialForm(forms.Form):
    user = PersonChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Official.Role.choices)
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("As printed under the signature line.")
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class ReportChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        from hamafza.templatetags_builtins import jdate

        return f"{jdate(obj.period_start)} – {jdate(obj.period_end)}: {obj.activities[:80]}"


class CandidacyForm(forms.Form):
    programme = LimitedTextField(
        max_length=limits.LONG_TEXT,
        label=_("Programme"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the NGO will do if elected; voters read it as written."),
    )
    achievements = ReportChoiceField(
        label=_("Achievements reports shown to voters"),
        queryset=AchievementReport.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The NGO's accepted achievements reports."),
    )

    def __init__(self, *args, organization_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achievements"].queryset = AchievementReport.objects.filter(
            organization_id=organization_id, state=AchievementReport.State.ACCEPTED
        ).order_by("-period_end")


class ReasonForm(forms.Form):
    reason = LimitedTextField(
        max_length=limits.NOTE, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RunoffForm(WindowFields):
    pass


class LotsForm(forms.Form):
    note = LimitedTextField(
        max_length=limits.NOTE,
        label=_("How the lots were drawn"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where, when and before whom."),
    )

    def __init__(self, *args, tied, **kwargs):
        """`tied`: the tied candidates; one choice per place, first place first."""
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(c.pk), c.name) for c in tied]
        for place in range(1, len(tied) + 1):
            self.fields[f"place_{place}"] = forms.ChoiceField(
                label=_("Place %(n)s") % {"n": place}, choices=choices
            )
        self.order_fields([f"place_{n}" for n in range(1, len(tied) + 1)] + ["note"])

    def order(self) -> list[int]:
        return [int(value) for name, value in self.cleaned_data.items() if name.startswith("place_")]
