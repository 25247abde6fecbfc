"""Forms of the minutes import: the upload, and the review of the extracted draft."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import JalaliDateField, LimitedTextField, PersianDigitsInput, PersianIntegerField


class ImportStartForm(forms.Form):
    file = forms.FileField(label=_("Minutes file (Word, PDF or text)"), required=False)
    text = LimitedTextField(
        max_length=limits.PASTED_MINUTES,
        label=_("…or paste the text of the minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Upload a file or paste the text of the minutes."))
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError(_("Upload a file or paste text, not both."))
        return data


class MeetingDraftForm(forms.Form):
    number = PersianIntegerField(label=_("Session number"), min_value=1)
    held_on = JalaliDateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), required=False, max_length=250)
    chair = forms.CharField(label=_("Chair"), required=False, max_length=250)
    attendees = LimitedTextField(
        max_length=limits.LIST,
        label=_("Attendees (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def from_draft(cls, meeting: dict, data=None):
        held_on = dt.date.fromisoformat(meeting["held_on"]) if meeting.get("held_on") else None
        initial = {
            "number": meeting.get("number"),
            "held_on": held_on,
            "place": meeting.get("place", ""),
            "chair": meeting.get("chair", ""),
            "attendees": "\n".join(meeting.get("attendees", [])),
        }
        return cls(data, initial=initial, prefix="m")

    def to_draft(self, meeting: dict) -> dict:
        data = self.cleaned_data
        return {
            **meeting,
            "number": data["number"],
            "held_on": data["held_on"].isoformat() if data["held_on"] else None,
            "place": data["place"],
            "chair": data["chair"],
            "attendees": [line.strip() for line in data["attendees"].splitlines() if line.strip()],
        }


def organization_choices(suggestions: list[dict], all_orgs: list[tuple[int, str]]) -> list:
    """The suggestions for a name first, best first, then every other organisation (each once)."""
    suggested = [(s["id"], f"{s['name']}") for s in suggestions]
    ids = {pk for pk, _name in suggested}
    rest = [(pk, name) for pk, name in all_orgs if pk not in ids]
    if not suggested:
        return [("", "—"), (_("All organisations"), rest)]
    return [("", "—"), (_("Suggested"), suggested), (_("Other organisations"), rest)]


class ResolutionDraftForm(forms.Form):
    include = forms.BooleanField(label=_("Keep"), required=False)
    number = forms.CharField(
        label=_("Number"), max_length=20, widget=PersianDigitsInput(attrs={"class": "int"})
    )
    text = LimitedTextField(
        max_length=limits.LONG_TEXT, label=_("Text"), widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = JalaliDateField(label=_("Deadline"), required=False)
    extra = forms.TypedChoiceField(
        label=_("Add an organisation"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, item: dict, all_orgs: list[tuple[int, str]], *args, **kwargs):
        self.item = item
        deadline = dt.date.fromisoformat(item["deadline"]) if item.get("deadline") else None
        initial = {
            "include": item.get("include", True),
            "number": item["number"],
            "text": item["text"],
            "deadline": deadline,
        }
        for j, entry in enumerate(item["responsible"]):
            initial[f"resp_{j}"] = entry.get("organization")
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["extra"].choices = organization_choices([], all_orgs)
        self.responsible_fields = []
        for j, entry in enumerate(item["responsible"]):
            name = f"resp_{j}"
            self.fields[name] = forms.TypedChoiceField(
                label=entry["name"],
                required=False,
                coerce=int,
                empty_value=None,
                choices=organization_choices(entry.get("suggestions", []), all_orgs),
            )
            self.responsible_fields.append(name)

    def bound_responsible(self):
        return [self[name] for name in self.responsible_fields]

    def to_draft(self) -> dict:
        data = self.cleaned_data
        responsible = []
        for j, entry in enumerate(self.item["responsible"]):
            responsible.append({**entry, "organization": data.get(f"resp_{j}")})
        if data.get("extra"):
            responsible.append({"name": "", "organization": data["extra"], "suggestions": []})
        return {
            **self.item,
            "include": data["include"],
            "number": data["number"].strip(),
            "text": data["text"],
            "deadline": data["deadline"].isoformat() if data["deadline"] else None,
            "responsible": responsible,
        }
