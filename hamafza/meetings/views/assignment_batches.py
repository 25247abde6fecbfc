"""The page where a secretariat changes the deadline or the organisation of several of a meeting's
assignments at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hamafza.meetings import services
from hamafza.meetings.access import can_manage_body, meeting_for_user
from hamafza.meetings.forms.assignment_batches import AssignmentBatchForm
from hamafza.meetings.models import Assignment
from hamafza.meetings.services import assignment_batches
from hamafza.templatetags_builtins import digits as n


@login_required
def meeting_assignments(request, pk):
    meeting = meeting_for_user(request.user, pk)
    if not can_manage_body(request.user, meeting.body):
        raise PermissionDenied
    assignments = list(
        Assignment.objects.filter(resolution__meeting=meeting)
        .select_related("resolution", "organization")
        .order_by("resolution__position", "role", "pk")
    )
    form = AssignmentBatchForm(request.POST or None)
    chosen: set[int] = set()
    if request.method == "POST":
        wanted = set(request.POST.getlist("assignment"))
        chosen = {a.pk for a in assignments if str(a.pk) in wanted}
        if not chosen:
            form.add_error(None, _("Choose at least one assignment."))
        elif form.is_valid():
            try:
                changed = assignment_batches.change_assignments(
                    [a for a in assignments if a.pk in chosen],
                    by=request.user,
                    deadline=form.cleaned_data.get("deadline"),
                    organization=form.cleaned_data.get("organization"),
                )
            except services.FollowUpError as error:
                for message in error.messages:
                    form.add_error(None, message)
                form.add_error(None, _("Nothing was changed."))
            else:
                messages.success(
                    request, _("%(count)s assignments were changed.") % {"count": n(len(changed))}
                )
                return redirect("meetings:meeting", pk=meeting.pk)
    today = services.today()
    return render(
        request,
        "meetings/assignment_batches/form.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "form": form,
            "rows": [(a, a.follow_up_state(today), a.pk in chosen) for a in assignments],
            "today": today,
        },
    )
