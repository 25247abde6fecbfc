"""The page where a secretariat pastes a table of resolutions copied from Word or Excel into a meeting,
checks and corrects the rows, and saves them all at once."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hamafza.meetings.access import can_manage_body, meeting_for_user
from hamafza.meetings.forms.resolution_tables import PasteForm, TableFormSet, organization_choices
from hamafza.meetings.models import Meeting
from hamafza.meetings.services import FollowUpError, resolution_tables
from hamafza.orgs.models import Organization
from hamafza.templatetags_builtins import digits as n

PREFIX = "row"


def _taken(meeting: Meeting) -> set[str]:
    return {
        resolution_tables.number_key(number)
        for number in meeting.resolutions.values_list("number", flat=True)
    }


def _rows_as_data(matched: list[dict], meeting: Meeting) -> QueryDict:
    """The rows read from the paste as if the preview had been sent: bound, every problem shows at once."""
    data = QueryDict(mutable=True)
    data.update(
        {
            f"{PREFIX}-TOTAL_FORMS": str(len(matched)),
            f"{PREFIX}-INITIAL_FORMS": "0",
            f"{PREFIX}-MIN_NUM_FORMS": "0",
            f"{PREFIX}-MAX_NUM_FORMS": "300",
        }
    )
    numbers = resolution_tables.next_numbers(meeting, len(matched))
    for index, item in enumerate(matched):
        row, prefix = item["row"], f"{PREFIX}-{index}-"
        data[prefix + "number"] = row.number or numbers[index]
        data[prefix + "text"] = row.text
        data[prefix + "lead"] = str(item["lead"] or "")
        data.setlist(prefix + "supporting", [str(pk) for pk in item["supporting"]])
        data[prefix + "unmatched"] = "، ".join(item["unmatched_supporting"])
        data[prefix + "deadline"] = row.deadline
        data[prefix + "lead_written"] = row.lead
        data[prefix + "line"] = str(row.line)
    return data


@login_required
def resolution_paste(request, pk):
    meeting = meeting_for_user(request.user, pk)
    body = meeting.body
    if not can_manage_body(request.user, body):
        raise PermissionDenied
    choices = organization_choices(body)
    paste_form = PasteForm(request.POST or None)
    formset = None
    suggestions: list[dict] = []
    token = ""

    def make_formset(data):
        return TableFormSet(data, prefix=PREFIX, form_kwargs={"choices": choices}, taken=_taken(meeting))

    if request.method == "POST" and "confirm" in request.POST:
        token = request.POST.get("token", "")
        if resolution_tables.already_saved(meeting, token) is not None:
            # The same confirmation again (a double click): its rows are in the meeting, their numbers taken.
            messages.info(request, _("This table was already saved; nothing was added again."))
            return redirect("meetings:meeting", pk=meeting.pk)
        formset = make_formset(request.POST)
        if formset.is_valid():
            kept = formset.kept_forms()
            ids = {form.cleaned_data["lead"] for form in kept}
            ids |= {pk for form in kept for pk in form.cleaned_data.get("supporting") or []}
            organizations = Organization.objects.in_bulk(ids)
            try:
                saved = resolution_tables.save_table(
                    meeting,
                    by=request.user,
                    specs=[form.spec(organizations) for form in kept],
                    token=token,
                )
            except (FollowUpError, KeyError) as error:
                text = " ".join(getattr(error, "messages", [])) or _(
                    "An organisation chosen no longer exists."
                )
                messages.error(request, text + " " + _("Nothing was saved."))
            else:
                if saved.repeated:
                    messages.info(request, _("This table was already saved; nothing was added again."))
                else:
                    messages.success(
                        request,
                        _("%(count)s resolutions were recorded.") % {"count": n(len(saved.resolutions))},
                    )
                return redirect("meetings:meeting", pk=meeting.pk)
        else:
            messages.error(request, _("Correct the rows marked below; nothing was saved."))
    elif request.method == "POST" and paste_form.is_valid():
        try:
            table = resolution_tables.read_table(paste_form.cleaned_data["pasted"])
        except FollowUpError as error:
            paste_form.add_error("pasted", error.messages[0])
        else:
            matched = resolution_tables.match_rows(table.rows, meeting)
            suggestions = [item["lead_suggestions"] if not item["lead"] else [] for item in matched]
            formset = make_formset(_rows_as_data(matched, meeting))
            formset.is_valid()  # the problems show in the preview at once
            token = uuid.uuid4().hex
    rows = []
    if formset is not None:
        rows = [
            (form, suggestions[index] if index < len(suggestions) else [])
            for index, form in enumerate(formset.forms)
        ]
    return render(
        request,
        "meetings/resolution_tables/paste.html",
        {
            "meeting": meeting,
            "body": body,
            "paste_form": paste_form,
            "formset": formset,
            "rows": rows,
            "token": token,
        },
    )
