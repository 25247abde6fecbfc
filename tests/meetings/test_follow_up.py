"""The follow-up workflow: every allowed and refused transition of the service functions, with its audit entry."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from hamafza.accounts.models import BodyRole, User
from hamafza.audit.models import AuditEntry
from hamafza.lib.jalali import parse_jalali
from hamafza.meetings import services
from hamafza.meetings.models import Assignment, Body, Meeting, ProgressReport, Resolution
from hamafza.meetings.services import AssignmentSpec, FollowUpError, ResolutionSpec

pytestmark = pytest.mark.django_db

NON_REPORTERS = ["secretary", "other_officer", "viewer", "outsider", "admin"]
NON_MANAGERS = ["officer", "other_officer", "viewer", "outsider"]


@pytest.fixture(autouse=True)
def _english_messages():
    """The refusals are matched by their English msgids, which the Persian catalogue would translate."""
    with translation.override("en"):
        yield


def _reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def _entry(entry: AuditEntry) -> dict:
    return {
        "actor": entry.actor,
        "action": entry.action,
        "object": (entry.object_type, entry.object_id),
        "changes": entry.changes,
        "resolution_id": entry.resolution_id,
        "body_id": entry.body_id,
        "ip": entry.ip,
        "source": entry.source,
    }


def _new_entries(since: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(pk__gt=since).order_by("pk"))


def _last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- submit_progress --------------------------------------------------------------------------------


def test_officer_submits_a_report(officer, lead, resolution, body, today):
    mark = _last_pk()
    report = services.submit_progress(lead, by=officer, percent=40, note="جلسه با  شوراياري ها برگزار شد")

    report = _reload(report)
    assert (report.assignment_id, report.percent, report.status, report.submitted_by) == (
        lead.pk,
        40,
        ProgressReport.Status.SUBMITTED,
        officer,
    )
    assert report.narrative == "جلسه با  شوراياري ها برگزار شد"  # kept as typed (issue 10, defect 9)
    lead = _reload(lead)
    # While the report awaits review the organisation owes nothing: no due date, never overdue.
    assert (lead.status, lead.progress, lead.last_report_on, lead.due_on) == (
        Assignment.Status.SUBMITTED,
        0,
        today,
        None,
    )
    assert [_entry(e) for e in _new_entries(mark)] == [
        {
            "actor": officer,
            "action": "report.submit",
            "object": ("meetings.progressreport", report.pk),
            "changes": {"percent": 40, "note": report.narrative, "files": []},
            "resolution_id": resolution.pk,
            "body_id": body.pk,
            "ip": None,
            "source": "system",
        },
        {
            "actor": officer,
            "action": "assignment.status",
            "object": ("meetings.assignment", lead.pk),
            "changes": {"status": ["open", "submitted"]},
            "resolution_id": resolution.pk,
            "body_id": body.pk,
            "ip": None,
            "source": "system",
        },
    ]


@pytest.mark.parametrize("who", NON_REPORTERS)
def test_only_an_officer_of_the_assigned_organisation_may_report(request, who, lead):
    user = request.getfixturevalue(who)
    mark = _last_pk()
    with pytest.raises(PermissionDenied):
        services.submit_progress(lead, by=user, percent=10, note="x")
    assert not ProgressReport.objects.exists()
    assert _new_entries(mark) == []
    assert _reload(lead).status == Assignment.Status.OPEN


def test_a_non_officer_or_inactive_user_of_the_organisation_may_not_report(police, lead):
    clerk = User.objects.create_user("clerk", organization=police, is_officer=False)
    retired = User.objects.create_user("retired", organization=police, is_officer=True, is_active=False)
    for user in (clerk, retired):
        with pytest.raises(PermissionDenied):
            services.submit_progress(lead, by=user, percent=10, note="x")
    assert not ProgressReport.objects.exists()


def test_the_supporting_officer_reports_on_the_supporting_assignment(other_officer, officer, supporting):
    report = services.submit_progress(supporting, by=other_officer, percent=30, note="انجام شد")
    assert _reload(supporting).status == Assignment.Status.SUBMITTED
    assert report.submitted_by == other_officer
    with pytest.raises(PermissionDenied):
        services.submit_progress(supporting, by=officer, percent=30, note="x")


def test_no_second_report_while_one_awaits_review(officer, lead, report_on):
    report_on(lead, 20)
    mark = _last_pk()
    with pytest.raises(FollowUpError, match="awaiting review"):
        services.submit_progress(lead, by=officer, percent=30, note="دوباره")
    assert ProgressReport.objects.count() == 1
    assert _new_entries(mark) == []


def test_no_report_on_a_done_assignment(other_officer, officer, secretary, lead, supporting, report_on):
    services.accept_report(report_on(supporting, 100), by=secretary)
    with pytest.raises(FollowUpError, match="already done"):
        services.submit_progress(supporting, by=other_officer, percent=100, note="باز هم")
    # Once the lead is done the whole resolution is closed.
    services.accept_report(report_on(lead, 100), by=secretary)
    with pytest.raises(FollowUpError, match="closed"):
        services.submit_progress(lead, by=officer, percent=100, note="باز هم")
    assert ProgressReport.objects.count() == 2


def test_no_report_on_a_cancelled_resolution(officer, secretary, lead, resolution):
    services.cancel_resolution(resolution, by=secretary, reason="منتفی شد")
    with pytest.raises(FollowUpError, match="closed"):
        services.submit_progress(lead, by=officer, percent=10, note="x")
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("percent", [-1, 101, 250, "50", 50.5, None])
def test_percent_is_a_whole_number_from_0_to_100(officer, lead, percent):
    with pytest.raises(FollowUpError, match="0 to 100"):
        services.submit_progress(lead, by=officer, percent=percent, note="x")
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("percent", [0, 100])
def test_percent_bounds_are_allowed(officer, lead, percent):
    assert services.submit_progress(lead, by=officer, percent=percent, note="x").percent == percent


def test_progress_cannot_go_below_the_accepted_progress(officer, secretary, lead, report_on):
    services.accept_report(report_on(lead, 60), by=secretary)
    with pytest.raises(FollowUpError, match="60%"):
        services.submit_progress(lead, by=officer, percent=59, note="کمتر")
    assert ProgressReport.objects.count() == 1
    # The same progress again is allowed (a periodic report with no new progress).
    assert services.submit_progress(lead, by=officer, percent=60, note="همان").percent == 60


@pytest.mark.parametrize("note", ["", "   ", "\u200c\n"])
def test_a_report_needs_a_narrative(officer, lead, note):
    with pytest.raises(FollowUpError, match="Describe"):
        services.submit_progress(lead, by=officer, percent=10, note=note)
    assert not ProgressReport.objects.exists()


def test_a_returned_report_can_be_followed_by_a_new_one(officer, secretary, lead, report_on):
    services.return_report(report_on(lead, 20), by=secretary, comment="مستندات ناقص است")
    assert _reload(lead).status == Assignment.Status.RETURNED
    second = services.submit_progress(lead, by=officer, percent=20, note="با مستندات")
    assert _reload(lead).status == Assignment.Status.SUBMITTED
    assert second.status == ProgressReport.Status.SUBMITTED


# --- accept_report / return_report ------------------------------------------------------------------


def test_secretariat_accepts_partial_progress(secretary, lead, resolution, body, report_on, today):
    report = report_on(lead, 50)
    mark = _last_pk()
    services.accept_report(report, by=secretary, comment="خوب است")

    report = _reload(report)
    assert (report.status, report.reviewed_by, report.review_comment) == (
        ProgressReport.Status.ACCEPTED,
        secretary,
        "خوب است",
    )
    assert report.reviewed_at is not None
    lead = _reload(lead)
    assert (lead.status, lead.progress, lead.completed_on, lead.due_on) == (
        Assignment.Status.OPEN,
        50,
        None,
        lead.deadline,
    )
    assert _reload(resolution).status == Resolution.Status.OPEN
    assert [_entry(e) for e in _new_entries(mark)] == [
        {
            "actor": secretary,
            "action": "report.accept",
            "object": ("meetings.progressreport", report.pk),
            "changes": {"status": ["submitted", "accepted"], "comment": "خوب است"},
            "resolution_id": resolution.pk,
            "body_id": body.pk,
            "ip": None,
            "source": "system",
        },
        {
            "actor": secretary,
            "action": "assignment.status",
            "object": ("meetings.assignment", lead.pk),
            "changes": {"status": ["submitted", "open"], "progress": [0, 50]},
            "resolution_id": resolution.pk,
            "body_id": body.pk,
            "ip": None,
            "source": "system",
        },
    ]


def test_resolution_is_done_when_its_lead_is_accepted_at_100(
    secretary, lead, supporting, resolution, report_on, today
):
    report = report_on(lead, 100)
    mark = _last_pk()
    services.accept_report(report, by=secretary)

    lead = _reload(lead)
    assert (lead.status, lead.progress, lead.completed_on, lead.due_on) == (
        Assignment.Status.DONE,
        100,
        today,
        None,
    )
    assert lead.follow_up_state(today) == "done"
    assert lead.on_time() is True
    resolution = _reload(resolution)
    assert resolution.status == Resolution.Status.DONE
    assert resolution.done_at is not None
    assert [e.action for e in _new_entries(mark)] == [
        "report.accept",
        "assignment.status",
        "resolution.done",
        "assignment.closed",  # the supporting duty closes with the resolution (issue 10, defect 5)
    ]
    done = _new_entries(mark)[-2]
    assert (done.object_type, done.object_id, done.changes, done.actor) == (
        "meetings.resolution",
        resolution.pk,
        {"status": ["open", "done"]},
        secretary,
    )
    # The supporting organisation's assignment is not done (it never reported) but owes nothing any more.
    supporting = _reload(supporting)
    assert (supporting.status, supporting.due_on) == (Assignment.Status.OPEN, None)
    assert supporting.follow_up_state(today) == "closed"


def test_a_supporting_assignment_at_100_does_not_finish_the_resolution(
    secretary, supporting, resolution, report_on, audit
):
    services.accept_report(report_on(supporting, 100), by=secretary)
    assert _reload(supporting).status == Assignment.Status.DONE
    assert _reload(resolution).status == Resolution.Status.OPEN
    assert audit("resolution.done") == []


def test_lead_accepted_below_100_does_not_finish_the_resolution(secretary, lead, resolution, report_on):
    services.accept_report(report_on(lead, 99), by=secretary)
    assert _reload(resolution).status == Resolution.Status.OPEN
    assert _reload(lead).status == Assignment.Status.OPEN


@pytest.mark.parametrize("who", NON_MANAGERS)
@pytest.mark.parametrize("review", ["accept", "return"])
def test_only_the_secretariat_reviews(request, who, review, lead, report_on):
    report = report_on(lead, 40)
    user = request.getfixturevalue(who)
    mark = _last_pk()
    with pytest.raises(PermissionDenied):
        if review == "accept":
            services.accept_report(report, by=user)
        else:
            services.return_report(report, by=user, comment="ناقص")
    assert _reload(report).status == ProgressReport.Status.SUBMITTED
    assert _reload(lead).status == Assignment.Status.SUBMITTED
    assert _new_entries(mark) == []


def test_the_secretariat_of_another_body_may_not_review(lead, report_on, province, governorate):
    other_body = Body.objects.create(
        name="قرارگاه اجتماعی", kind="headquarters", region=province, secretariat=governorate
    )
    stranger = User.objects.create_user("stranger", organization=governorate)
    BodyRole.objects.create(user=stranger, body=other_body, kind=BodyRole.Kind.SECRETARIAT)
    report = report_on(lead, 40)
    with pytest.raises(PermissionDenied):
        services.accept_report(report, by=stranger)


def test_a_system_administrator_may_review(admin, lead, report_on):
    report = services.accept_report(report_on(lead, 40), by=admin)
    assert report.reviewed_by == admin


@pytest.mark.parametrize("first", ["accept", "return"])
@pytest.mark.parametrize("second", ["accept", "return"])
def test_no_review_twice(secretary, lead, report_on, first, second):
    report = report_on(lead, 40)
    review = {
        "accept": lambda: services.accept_report(report, by=secretary),
        "return": lambda: services.return_report(report, by=secretary, comment="ناقص"),
    }
    review[first]()
    state = (_reload(report).status, _reload(lead).status, _reload(lead).progress)
    mark = _last_pk()
    with pytest.raises(FollowUpError, match="already been reviewed"):
        review[second]()
    assert (_reload(report).status, _reload(lead).status, _reload(lead).progress) == state
    assert _new_entries(mark) == []


@pytest.mark.parametrize("comment", ["", "  ", None])
def test_returning_needs_a_comment(secretary, lead, report_on, comment):
    report = report_on(lead, 40)
    with pytest.raises(FollowUpError, match="what is missing"):
        services.return_report(report, by=secretary, comment=comment)
    assert _reload(report).status == ProgressReport.Status.SUBMITTED
    assert _reload(lead).status == Assignment.Status.SUBMITTED


def test_secretariat_returns_a_report(secretary, lead, resolution, body, report_on):
    report = report_on(lead, 40)
    mark = _last_pk()
    services.return_report(report, by=secretary, comment="تصویر صورتجلسه پیوست نشده")
    report = _reload(report)
    assert (report.status, report.reviewed_by, report.review_comment) == (
        ProgressReport.Status.RETURNED,
        secretary,
        "تصویر صورتجلسه پیوست نشده",
    )
    assert (_reload(lead).status, _reload(lead).progress) == (Assignment.Status.RETURNED, 0)
    assert [_entry(e) for e in _new_entries(mark)] == [
        {
            "actor": secretary,
            "action": "report.return",
            "object": ("meetings.progressreport", report.pk),
            "changes": {"status": ["submitted", "returned"], "comment": "تصویر صورتجلسه پیوست نشده"},
            "resolution_id": resolution.pk,
            "body_id": body.pk,
            "ip": None,
            "source": "system",
        },
        {
            "actor": secretary,
            "action": "assignment.status",
            "object": ("meetings.assignment", lead.pk),
            "changes": {"status": ["submitted", "returned"]},
            "resolution_id": resolution.pk,
            "body_id": body.pk,
            "ip": None,
            "source": "system",
        },
    ]


@pytest.mark.parametrize("review", ["accept", "return"])
def test_no_review_once_the_resolution_is_cancelled(secretary, lead, resolution, report_on, review):
    report = report_on(lead, 100)
    services.cancel_resolution(resolution, by=secretary, reason="منتفی شد")
    with pytest.raises(FollowUpError, match="closed"):
        if review == "accept":
            services.accept_report(report, by=secretary)
        else:
            services.return_report(report, by=secretary, comment="ناقص")
    assert _reload(resolution).status == Resolution.Status.CANCELLED
    assert _reload(report).status == ProgressReport.Status.SUBMITTED


# --- cancel_resolution / reopen_resolution ----------------------------------------------------------


def test_secretariat_cancels_and_reopens(secretary, resolution, body):
    mark = _last_pk()
    services.cancel_resolution(resolution, by=secretary, reason="با مصوبه  ۳ ادغام شد")
    resolution = _reload(resolution)
    assert (resolution.status, resolution.cancel_reason) == (
        Resolution.Status.CANCELLED,
        "با مصوبه  ۳ ادغام شد",  # as typed (issue 10, defect 9)
    )
    services.reopen_resolution(resolution, by=secretary)
    resolution = _reload(resolution)
    assert (resolution.status, resolution.cancel_reason) == (Resolution.Status.OPEN, "")
    common = {
        "actor": secretary,
        "object": ("meetings.resolution", resolution.pk),
        "resolution_id": resolution.pk,
        "body_id": body.pk,
        "ip": None,
        "source": "system",
    }
    entries = _new_entries(mark)
    # Its two open duties closed with it and were owed again on reopening (issue 10, defect 5).
    assert [e.action for e in entries if e.object_type == "meetings.assignment"] == [
        "assignment.closed",
        "assignment.closed",
        "assignment.reopened",
        "assignment.reopened",
    ]
    assert [_entry(e) for e in entries if e.object_type == "meetings.resolution"] == [
        {
            **common,
            "action": "resolution.cancel",
            "changes": {"status": ["open", "cancelled"], "reason": "با مصوبه  ۳ ادغام شد"},
        },
        {**common, "action": "resolution.reopen", "changes": {"status": ["cancelled", "open"]}},
    ]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_cancelling_needs_a_reason(secretary, resolution, reason):
    with pytest.raises(FollowUpError, match="why"):
        services.cancel_resolution(resolution, by=secretary, reason=reason)
    assert _reload(resolution).status == Resolution.Status.OPEN


def test_only_an_open_resolution_is_cancelled_and_only_a_cancelled_one_reopened(
    secretary, lead, resolution, report_on
):
    with pytest.raises(FollowUpError, match="cancelled resolution"):
        services.reopen_resolution(resolution, by=secretary)
    services.cancel_resolution(resolution, by=secretary, reason="x")
    with pytest.raises(FollowUpError, match="open resolution"):
        services.cancel_resolution(resolution, by=secretary, reason="y")
    services.reopen_resolution(resolution, by=secretary)
    services.accept_report(report_on(lead, 100), by=secretary)
    assert _reload(resolution).status == Resolution.Status.DONE
    with pytest.raises(FollowUpError, match="open resolution"):
        services.cancel_resolution(resolution, by=secretary, reason="z")
    with pytest.raises(FollowUpError, match="cancelled resolution"):
        services.reopen_resolution(resolution, by=secretary)
    assert _reload(resolution).status == Resolution.Status.DONE


@pytest.mark.parametrize("who", NON_MANAGERS)
def test_only_the_secretariat_cancels_or_reopens(request, who, secretary, resolution):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.cancel_resolution(resolution, by=user, reason="x")
    services.cancel_resolution(resolution, by=secretary, reason="x")
    with pytest.raises(PermissionDenied):
        services.reopen_resolution(resolution, by=user)
    assert _reload(resolution).status == Resolution.Status.CANCELLED


# --- assignments ------------------------------------------------------------------------------------


def test_secretariat_adds_a_supporting_organisation(secretary, resolution, body, education, meeting, today):
    mark = _last_pk()
    deadline = today + dt.timedelta(days=40)
    added = services.add_assignment(
        resolution, by=secretary, spec=AssignmentSpec(education, role="supporting", deadline=deadline)
    )
    assert (added.organization, added.role, added.due_on, added.start_on, added.status) == (
        education,
        "supporting",
        deadline,
        meeting.held_on,
        "open",
    )
    assert [_entry(e) for e in _new_entries(mark)] == [
        {
            "actor": secretary,
            "action": "assignment.create",
            "object": ("meetings.assignment", added.pk),
            "changes": {
                "organization": {"id": education.pk, "repr": str(education)},
                "role": "supporting",
                "recurrence": "once",
                "deadline": deadline.isoformat(),
                "interval": None,
                "interval_unit": "month",
                "status": "open",
                "progress": 0,
            },
            "resolution_id": resolution.pk,
            "body_id": body.pk,
            "ip": None,
            "source": "system",
        }
    ]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (lambda o, d: AssignmentSpec(o["police"], role="supporting", deadline=d), "only once"),
        (lambda o, d: AssignmentSpec(o["education"], role="lead", deadline=d), "exactly one lead"),
        (lambda o, d: AssignmentSpec(o["education"], role="supporting"), "needs the deadline"),
        (
            lambda o, d: AssignmentSpec(o["education"], role="supporting", recurrence="periodic"),
            "between reports",
        ),
        (
            lambda o, d: AssignmentSpec(
                o["education"], role="supporting", recurrence="continuous", deadline=d
            ),
            "no single",
        ),
    ],
    ids=["same-org-twice", "second-lead", "no-deadline", "periodic-no-interval", "continuous-with-deadline"],
)
def test_adding_an_assignment_is_refused(secretary, resolution, police, education, today, spec, message):
    orgs = {"police": police, "education": education}
    mark = _last_pk()
    with pytest.raises(FollowUpError, match=message):
        services.add_assignment(resolution, by=secretary, spec=spec(orgs, today))
    assert resolution.assignments.count() == 2
    assert _new_entries(mark) == []


@pytest.mark.parametrize("who", NON_MANAGERS)
def test_only_the_secretariat_adds_assignments(request, who, resolution, education, today):
    with pytest.raises(PermissionDenied):
        services.add_assignment(
            resolution,
            by=request.getfixturevalue(who),
            spec=AssignmentSpec(education, role="supporting", deadline=today),
        )
    assert resolution.assignments.count() == 2


def test_no_assignment_is_added_to_a_closed_resolution(secretary, resolution, education, today):
    services.cancel_resolution(resolution, by=secretary, reason="x")
    with pytest.raises(FollowUpError, match="closed"):
        services.add_assignment(
            resolution, by=secretary, spec=AssignmentSpec(education, role="supporting", deadline=today)
        )


def test_secretariat_changes_a_deadline(secretary, lead, resolution, body, today):
    old = lead.deadline
    new = today + dt.timedelta(days=90)
    mark = _last_pk()
    services.update_assignment(lead, by=secretary, recurrence="once", deadline=new)
    assert _reload(lead).due_on == new
    assert [_entry(e) for e in _new_entries(mark)] == [
        {
            "actor": secretary,
            "action": "assignment.update",
            "object": ("meetings.assignment", lead.pk),
            "changes": {"deadline": [old.isoformat(), new.isoformat()]},
            "resolution_id": resolution.pk,
            "body_id": body.pk,
            "ip": None,
            "source": "system",
        }
    ]
    # Saving the same values again changes nothing and writes nothing.
    services.update_assignment(lead, by=secretary, recurrence="once", deadline=new)
    assert len(_new_entries(mark)) == 1


def test_update_assignment_is_refused(secretary, officer, lead, report_on, today):
    with pytest.raises(PermissionDenied):
        services.update_assignment(lead, by=officer, recurrence="once", deadline=today)
    with pytest.raises(FollowUpError, match="needs the deadline"):
        services.update_assignment(lead, by=secretary, recurrence="once")
    with pytest.raises(FollowUpError, match="between reports"):
        services.update_assignment(lead, by=secretary, recurrence="periodic")
    services.accept_report(report_on(lead, 100), by=secretary)
    with pytest.raises(FollowUpError, match="done"):
        services.update_assignment(lead, by=secretary, recurrence="once", deadline=today)
    assert _reload(lead).deadline == lead.deadline


def test_secretariat_removes_a_supporting_organisation(secretary, supporting, resolution, body):
    mark = _last_pk()
    pk = supporting.pk
    services.remove_assignment(supporting, by=secretary)
    assert not Assignment.objects.filter(pk=pk).exists()
    [entry] = _new_entries(mark)
    assert (entry.action, entry.object_id, entry.actor, entry.resolution_id, entry.body_id) == (
        "assignment.delete",
        pk,
        secretary,
        resolution.pk,
        body.pk,
    )
    assert entry.changes["role"] == "supporting"


def test_removing_an_assignment_is_refused(secretary, officer, lead, supporting, report_on):
    with pytest.raises(FollowUpError, match="lead organisation cannot be removed"):
        services.remove_assignment(lead, by=secretary)
    with pytest.raises(PermissionDenied):
        services.remove_assignment(supporting, by=officer)
    report_on(supporting, 10)
    with pytest.raises(FollowUpError, match="already reported"):
        services.remove_assignment(supporting, by=secretary)
    assert Assignment.objects.filter(pk__in=[lead.pk, supporting.pk]).count() == 2


# --- create_resolution / create_meeting -------------------------------------------------------------


def test_secretariat_creates_a_resolution(secretary, meeting, body, police, welfare, neighbourhood, today):
    mark = _last_pk()
    spec = ResolutionSpec(
        number="۲",
        text="تشكيل  ستاد محله",
        assignments=[
            AssignmentSpec(police, role="lead", recurrence="continuous"),
            AssignmentSpec(
                welfare, role="supporting", recurrence="periodic", interval=2, interval_unit="month"
            ),
        ],
        topics=["اعتياد", "طلاق", "اعتیاد"],
        target_regions=[neighbourhood],
    )
    resolution = services.create_resolution(meeting, by=secretary, spec=spec)
    assert (resolution.number, resolution.text, resolution.body, resolution.status, resolution.position) == (
        "۲",
        "تشكيل  ستاد محله",  # as typed (issue 10, defect 9)
        body,
        "open",
        1,
    )
    assert sorted(resolution.topics.values_list("name", flat=True)) == ["اعتیاد", "طلاق"]
    assert list(resolution.target_regions.all()) == [neighbourhood]
    entries = _new_entries(mark)
    assert [(e.action, e.resolution_id, e.body_id, e.actor) for e in entries] == [
        ("resolution.create", resolution.pk, body.pk, secretary),
        ("assignment.create", resolution.pk, body.pk, secretary),
        ("assignment.create", resolution.pk, body.pk, secretary),
    ]
    assert entries[0].changes == {
        "number": "۲",
        "text": "تشكيل  ستاد محله",
        "topics": ["اعتياد", "طلاق", "اعتیاد"],
        "target_regions": [{"id": neighbourhood.pk, "repr": str(neighbourhood)}],
    }


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("no-lead", "exactly one lead"),
        ("two-leads", "exactly one lead"),
        ("same-org-twice", "only once"),
        ("duplicate-number", "already has a resolution"),
        ("empty-text", "needs its text"),
        ("lead-without-deadline", "needs the deadline"),
    ],
)
def test_creating_a_resolution_is_refused(
    secretary, meeting, resolution, police, welfare, today, case, message
):
    deadline = today + dt.timedelta(days=10)
    lead = AssignmentSpec(police, role="lead", deadline=deadline)
    assignments = {
        "no-lead": [AssignmentSpec(police, role="supporting", deadline=deadline)],
        "two-leads": [lead, AssignmentSpec(welfare, role="lead", deadline=deadline)],
        "same-org-twice": [lead, AssignmentSpec(police, role="supporting", deadline=deadline)],
        "duplicate-number": [lead],
        "empty-text": [lead],
        "lead-without-deadline": [AssignmentSpec(police, role="lead")],
    }[case]
    number = "1" if case == "duplicate-number" else "9"
    text = " \u200c " if case == "empty-text" else "متن"
    mark = _last_pk()
    with pytest.raises(FollowUpError, match=message):
        services.create_resolution(
            meeting, by=secretary, spec=ResolutionSpec(number=number, text=text, assignments=assignments)
        )
    assert list(Resolution.objects.all()) == [resolution]
    assert Assignment.objects.count() == 2
    assert _new_entries(mark) == []


@pytest.mark.parametrize("who", NON_MANAGERS)
def test_only_the_secretariat_creates_resolutions_and_meetings(request, who, meeting, body, police, today):
    user = request.getfixturevalue(who)
    spec = ResolutionSpec(number="5", text="متن", assignments=[AssignmentSpec(police, deadline=today)])
    with pytest.raises(PermissionDenied):
        services.create_resolution(meeting, by=user, spec=spec)
    with pytest.raises(PermissionDenied):
        services.create_meeting(body, by=user, number=99, held_on=today)
    assert not Resolution.objects.exists()
    assert list(Meeting.objects.all()) == [meeting]


def test_secretariat_creates_a_meeting(secretary, body, today):
    mark = _last_pk()
    meeting = services.create_meeting(
        body,
        by=secretary,
        number=8,
        held_on=today,
        place="سالن  كنفرانس",
        chair="استاندار",
        agenda="بررسي گزارش ها",
    )
    assert (meeting.place, meeting.agenda) == ("سالن  كنفرانس", "بررسي گزارش ها")  # as typed (issue 10)
    [entry] = _new_entries(mark)
    assert _entry(entry) == {
        "actor": secretary,
        "action": "meeting.create",
        "object": ("meetings.meeting", meeting.pk),
        "changes": {
            "number": 8,
            "held_on": today.isoformat(),
            "place": "سالن  كنفرانس",
            "chair": "استاندار",
            "attendees": "",
            "agenda": "بررسي گزارش ها",
            "minutes_file": "",
        },
        "resolution_id": None,
        "body_id": body.pk,
        "ip": None,
        "source": "system",
    }
    with pytest.raises(FollowUpError, match="already has a meeting number 8"):
        services.create_meeting(body, by=secretary, number=8, held_on=today)
    assert Meeting.objects.filter(body=body, number=8).count() == 1


# --- derived due dates and states -------------------------------------------------------------------


def _meeting_on(body, secretary, jalali: str, number: int) -> Meeting:
    return services.create_meeting(body, by=secretary, number=number, held_on=parse_jalali(jalali))


def _single(meeting, secretary, org, **timing) -> Assignment:
    spec = ResolutionSpec(number="1", text="متن", assignments=[AssignmentSpec(org, role="lead", **timing)])
    return services.create_resolution(meeting, by=secretary, spec=spec).assignments.get()


@pytest.mark.parametrize(
    ("held_on", "interval", "unit", "due"),
    [
        ("1403/01/10", 10, "day", "1403/01/20"),
        ("1403/01/25", 10, "day", "1403/02/04"),
        ("1403/01/15", 1, "month", "1403/02/15"),
        ("1403/06/31", 1, "month", "1403/07/30"),  # 31 Shahrivar + 1 month → 30 Mehr
        ("1403/11/30", 1, "month", "1403/12/30"),  # 1403 is a leap year: 30 Esfand exists
        ("1402/11/30", 1, "month", "1402/12/29"),  # 1402 is not
        ("1402/10/15", 3, "month", "1403/01/15"),  # across the new year
        ("1403/01/31", 12, "month", "1404/01/31"),
    ],
)
def test_periodic_due_date_counts_days_or_jalali_months(
    secretary, body, police, held_on, interval, unit, due
):
    meeting = _meeting_on(body, secretary, held_on, 50)
    assignment = _single(
        meeting, secretary, police, recurrence="periodic", interval=interval, interval_unit=unit
    )
    assert assignment.start_on == parse_jalali(held_on)
    assert assignment.due_on == parse_jalali(due)


def test_periodic_due_date_moves_on_from_each_report(secretary, officer, body, police, today):
    meeting = services.create_meeting(body, by=secretary, number=51, held_on=today - dt.timedelta(days=40))
    assignment = _single(meeting, secretary, police, recurrence="periodic", interval=30, interval_unit="day")
    assert assignment.due_on == today - dt.timedelta(days=10)
    assert assignment.follow_up_state(today) == "overdue"
    report = services.submit_progress(assignment, by=officer, percent=10, note="گزارش دوره")
    assignment = _reload(assignment)
    assert (assignment.last_report_on, assignment.due_on) == (today, None)  # under review: nothing owed
    services.accept_report(report, by=secretary)
    assert _reload(assignment).due_on == today + dt.timedelta(days=30)


def test_continuous_assignments_are_never_due(secretary, body, police, today):
    meeting = services.create_meeting(body, by=secretary, number=52, held_on=today - dt.timedelta(days=400))
    assignment = _single(meeting, secretary, police, recurrence="continuous")
    assert assignment.due_on is None
    assert assignment.follow_up_state(today) == "open"
    assert not Assignment.objects.overdue(today).filter(pk=assignment.pk).exists()
    assert not Assignment.objects.due_soon(today).filter(pk=assignment.pk).exists()


def test_changing_the_recurrence_derives_the_due_date(secretary, lead, meeting, today):
    services.update_assignment(lead, by=secretary, recurrence="periodic", interval=2, interval_unit="month")
    from hamafza.lib.jalali import add_months

    assert _reload(lead).due_on == add_months(meeting.held_on, 2)
    services.update_assignment(lead, by=secretary, recurrence="periodic", interval=45, interval_unit="day")
    assert _reload(lead).due_on == meeting.held_on + dt.timedelta(days=45)
    services.update_assignment(lead, by=secretary, recurrence="continuous")
    assert (_reload(lead).due_on, _reload(lead).deadline, _reload(lead).interval) == (None, None, None)


def test_overdue_and_due_soon_are_derived(
    settings, secretary, lead, supporting, resolution, report_on, today
):
    settings.DUE_SOON_DAYS = 7

    def ids(qs):
        return set(qs.values_list("pk", flat=True))

    services.update_assignment(lead, by=secretary, recurrence="once", deadline=today - dt.timedelta(days=1))
    services.update_assignment(
        supporting, by=secretary, recurrence="once", deadline=today + dt.timedelta(days=7)
    )
    assert ids(Assignment.objects.overdue(today)) == {lead.pk}
    assert ids(Assignment.objects.due_soon(today)) == {supporting.pk}
    assert (_reload(lead).follow_up_state(today), _reload(supporting).follow_up_state(today)) == (
        "overdue",
        "due_soon",
    )

    # One day further out is neither; today itself is due soon, not overdue.
    services.update_assignment(
        supporting, by=secretary, recurrence="once", deadline=today + dt.timedelta(days=8)
    )
    assert ids(Assignment.objects.due_soon(today)) == set()
    assert _reload(supporting).follow_up_state(today) == "open"
    services.update_assignment(lead, by=secretary, recurrence="once", deadline=today)
    assert ids(Assignment.objects.overdue(today)) == set()
    assert ids(Assignment.objects.due_soon(today)) == {lead.pk}

    # Under review and returned show as such once nothing is due.
    report = report_on(supporting, 10)
    assert _reload(supporting).follow_up_state(today) == "in_review"
    services.return_report(report, by=secretary, comment="ناقص")
    assert _reload(supporting).follow_up_state(today) == "returned"

    # A done assignment, or one of a cancelled resolution, is never overdue.
    services.update_assignment(lead, by=secretary, recurrence="once", deadline=today - dt.timedelta(days=3))
    services.cancel_resolution(resolution, by=secretary, reason="x")
    assert ids(Assignment.objects.overdue(today)) == set()
    services.reopen_resolution(resolution, by=secretary)
    assert ids(Assignment.objects.overdue(today)) == {lead.pk}
    services.accept_report(report_on(lead, 100), by=secretary)
    assert ids(Assignment.objects.overdue(today)) == set()
    lead = _reload(lead)
    assert (lead.follow_up_state(today), lead.on_time()) == ("done", False)


# --- through the web: the audit entry knows where the change came from ------------------------------


def test_report_and_review_through_the_pages_record_the_address(
    client_for, officer, secretary, lead, resolution
):
    response = client_for(officer).post(
        reverse("meetings:assignment", args=[lead.pk]),
        {"percent": "۴۵", "note": "گزارش از صفحه"},
        REMOTE_ADDR="10.20.30.40",
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.percent, report.narrative, report.submitted_by) == (45, "گزارش از صفحه", officer)
    entries = AuditEntry.objects.filter(
        resolution_id=resolution.pk, action__in=["report.submit", "assignment.status"]
    )
    assert {(e.action, e.actor_id, e.ip, e.source) for e in entries} == {
        ("report.submit", officer.pk, "10.20.30.40", "web"),
        ("assignment.status", officer.pk, "10.20.30.40", "web"),
    }

    response = client_for(secretary).post(
        reverse("meetings:report_review", args=[report.pk]),
        {"decision": "returned", "comment": ""},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302
    assert _reload(report).status == ProgressReport.Status.SUBMITTED  # a return needs a comment
    response = client_for(secretary).post(
        reverse("meetings:report_review", args=[report.pk]),
        {"decision": "accepted", "comment": "تایید"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302
    assert _reload(report).status == ProgressReport.Status.ACCEPTED
    accepted = AuditEntry.objects.get(action="report.accept")
    assert (accepted.actor, accepted.ip, accepted.source, accepted.resolution_id) == (
        secretary,
        "10.9.8.7",
        "web",
        resolution.pk,
    )


def test_an_officer_posting_on_another_organisations_assignment_is_refused(client_for, other_officer, lead):
    response = client_for(other_officer).post(
        reverse("meetings:assignment", args=[lead.pk]), {"percent": "10", "note": "x"}
    )
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_the_page_shows_why_a_report_is_refused(client_for, officer, secretary, lead, report_on):
    services.accept_report(report_on(lead, 60), by=secretary)
    response = client_for(officer).post(
        reverse("meetings:assignment", args=[lead.pk]), {"percent": "50", "note": "کمتر"}
    )
    assert response.status_code == 200
    from django.utils import translation

    with translation.override("fa"):
        expected = translation.gettext("Progress cannot go below the %(percent)s%% already accepted.") % {
            "percent": "۶۰"
        }
    assert expected in response.content.decode()
    assert ProgressReport.objects.count() == 1


def test_cancel_and_reopen_through_the_page(client_for, secretary, officer, resolution):
    url = reverse("meetings:resolution_cancel", args=[resolution.pk])
    assert client_for(officer).post(url, {"reason": "x"}).status_code == 403
    assert _reload(resolution).status == Resolution.Status.OPEN
    assert client_for(secretary).post(url, {"reason": ""}).status_code == 302
    assert _reload(resolution).status == Resolution.Status.OPEN
    assert client_for(secretary).post(url, {"reason": "منتفی"}, REMOTE_ADDR="10.0.0.5").status_code == 302
    assert _reload(resolution).status == Resolution.Status.CANCELLED
    entry = AuditEntry.objects.get(action="resolution.cancel")
    assert (entry.ip, entry.source, entry.actor) == ("10.0.0.5", "web", secretary)
    assert client_for(secretary).post(url, {"reopen": "1"}).status_code == 302
    assert _reload(resolution).status == Resolution.Status.OPEN


def test_a_report_under_review_is_not_overdue_and_returning_it_makes_it_due_again(
    secretary, officer, lead, today
):
    services.update_assignment(lead, by=secretary, recurrence="once", deadline=today - dt.timedelta(days=3))
    assert _reload(lead).follow_up_state(today) == "overdue"
    report = services.submit_progress(lead, by=officer, percent=100, note="انجام شد")
    assert _reload(lead).follow_up_state(today) == "in_review"
    assert not Assignment.objects.overdue(today).filter(pk=lead.pk).exists()
    services.return_report(report, by=secretary, comment="مستندات کامل نیست")
    assert _reload(lead).due_on == today - dt.timedelta(days=3)
    assert _reload(lead).follow_up_state(today) == "overdue"


def test_completion_counts_from_the_report_not_from_the_review(secretary, officer, lead, today):
    """The organisation finished when it reported it done; a slow review does not make it late."""
    from unittest import mock

    from django.utils import timezone

    deadline = today + dt.timedelta(days=2)
    services.update_assignment(lead, by=secretary, recurrence="once", deadline=deadline)
    report = services.submit_progress(lead, by=officer, percent=100, note="انجام شد")
    later = timezone.now() + dt.timedelta(days=10)
    with mock.patch("django.utils.timezone.now", return_value=later):
        services.accept_report(report, by=secretary)
    lead = _reload(lead)
    assert lead.completed_on == today and lead.on_time() is True
