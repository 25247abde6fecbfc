"""The form of a meeting: number, Jalali date, place, chair, attendees, agenda, minutes file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import JalaliDateField, LimitedTextField, PersianIntegerField


class MeetingForm(forms.Form):
    number = PersianIntegerField(label=_("Session number"), min_value=1)
    held_on = JalaliDateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), required=False, max_length=250)
    chair = forms.CharField(label=_("Chair"), required=False, max_length=250)
    attendees = LimitedTextField(
        max_length=limits.LIST,
        label=_("Attendees (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    agenda = LimitedTextField(
        max_length=limits.LONG_TEXT,
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
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
