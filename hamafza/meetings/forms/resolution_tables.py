"""Forms of a pasted table of resolutions: the paste, and each row as the preview corrects it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import JalaliDateField, LimitedTextField, PersianDigitsInput
from hamafza.meetings.models import Assignment, Body
from hamafza.meetings.services import AssignmentSpec, ResolutionSpec
from hamafza.meetings.services.resolution_tables import number_key
from hamafza.orgs.models import Organization
from hamafza.templatetags_builtins import digits as n


class PasteForm(forms.Form):
    pasted = LimitedTextField(
        max_length=limits.PASTED_MINUTES,
        label=_("The table, copied from Word or Excel"),
        help_text=_(
            "Select the table's rows in Word or Excel, copy them and paste them here. Columns: number, "
            "text, lead organisation, supporting organisations, deadline; a header row names them in "
            "another order."
        ),
        widget=forms.Textarea(attrs={"rows": 10, "dir": "auto", "spellcheck": "false"}),
    )


def organization_choices(body: Body) -> list:
    """The body's member organisations first, then the rest of the registry."""
    members = list(body.members.filter(is_active=True).order_by("name").values_list("pk", "name"))
    member_ids = {pk for pk, _name in members}
    others = [
        (pk, name)
        for pk, name in Organization.objects.filter(is_active=True).order_by("name").values_list("pk", "name")
        if pk not in member_ids
    ]
    return [(_("Members of the body"), members), (_("Other organisations"), others)]


class TableRowForm(forms.Form):
    number = forms.CharField(
        label=_("Number"), max_length=20, widget=PersianDigitsInput(attrs={"class": "int", "size": 5})
    )
    text = LimitedTextField(
        max_length=limits.LONG_TEXT, label=_("Text"), widget=forms.Textarea(attrs={"rows": 3})
    )
    lead = forms.TypedChoiceField(label=_("Lead organisation"), coerce=int, empty_value=None, required=False)
    supporting = forms.TypedMultipleChoiceField(
        label=_("Supporting organisations"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    unmatched = forms.CharField(
        label=_("Supporting organisations not found"),
        max_length=limits.LINE,
        required=False,
        help_text=_("Choose them in the list above, then clear this box; or clear it to leave them out."),
    )
    deadline = JalaliDateField(label=_("Deadline"), required=False)
    lead_written = forms.CharField(required=False, widget=forms.HiddenInput, max_length=limits.LINE)
    line = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", "—"), *choices]
        self.fields["supporting"].choices = choices

    def clean_text(self):
        return self.cleaned_data["text"].replace("\r\n", "\n")

    def clean_number(self):
        return number_key(self.cleaned_data["number"])

    def clean(self):
        data = super().clean()
        lead, supporting = data.get("lead"), data.get("supporting") or []
        if not lead:
            written = data.get("lead_written")
            if written:
                self.add_error(
                    "lead",
                    _("«%(name)s» was not found among the organisations: choose the lead organisation.")
                    % {"name": written},
                )
            else:
                self.add_error("lead", _("The row names no lead organisation: choose one."))
        if lead and lead in supporting:
            self.add_error("supporting", _("The lead organisation cannot also be a supporting one."))
        if (data.get("unmatched") or "").strip():
            self.add_error(
                "unmatched",
                _(
                    "«%(names)s» was not found among the organisations: choose it in the list or clear this box."
                )
                % {"names": data["unmatched"].strip()},
            )
        return data

    def spec(self, organizations: dict[int, Organization]) -> ResolutionSpec:
        data = self.cleaned_data
        deadline = data.get("deadline")
        timing = (
            {"recurrence": Assignment.Recurrence.ONCE, "deadline": deadline}
            if deadline
            else {"recurrence": Assignment.Recurrence.CONTINUOUS}
        )
        assignments = [AssignmentSpec(organizations[data["lead"]], role=Assignment.Role.LEAD, **timing)]
        assignments += [
            AssignmentSpec(organizations[pk], role=Assignment.Role.SUPPORTING, **timing)
            for pk in dict.fromkeys(data.get("supporting") or [])
        ]
        return ResolutionSpec(number=data["number"], text=data["text"], assignments=assignments)


class BaseTableFormSet(forms.BaseFormSet):
    """The rows together: no number twice, none already taken in the meeting."""

    def __init__(self, *args, taken: set[str], **kwargs):
        self.taken = taken
        super().__init__(*args, **kwargs)

    def kept_forms(self) -> list[TableRowForm]:
        return [form for form in self.forms if not (self.can_delete and self._should_delete_form(form))]

    def clean(self):
        kept = [form for form in self.kept_forms() if "number" in getattr(form, "cleaned_data", {})]
        numbers = [form.cleaned_data["number"] for form in kept]
        for form in kept:
            number = form.cleaned_data["number"]
            if numbers.count(number) > 1:
                form.add_error(
                    "number",
                    _("The number %(number)s is given to more than one row.") % {"number": n(number)},
                )
            elif number in self.taken:
                form.add_error(
                    "number",
                    _("This meeting already has a resolution number %(number)s.") % {"number": n(number)},
                )
        if not self.kept_forms():
            raise forms.ValidationError(_("Keep at least one row."))


TableFormSet = forms.formset_factory(
    TableRowForm, formset=BaseTableFormSet, extra=0, can_delete=True, max_num=300, absolute_max=300
)
