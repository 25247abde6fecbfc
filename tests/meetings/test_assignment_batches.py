"""Several assignments of a meeting changed at once: a deadline or an organisation, all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hamafza.accounts.models import Notification
from hamafza.audit.models import AuditEntry
from hamafza.lib.jalali import format_jalali
from hamafza.meetings import services
from hamafza.meetings.models import Assignment
from hamafza.meetings.services.assignment_batches import change_assignments

pytestmark = pytest.mark.django_db


@pytest.fixture
def more(make_resolutions):
    return make_resolutions(2)


def test_a_new_deadline_for_several_assignments_is_audited_like_a_single_edit(
    secretary, lead, supporting, more
):
    chosen = [lead, supporting, more[0].assignments.get(role="lead")]
    deadline = dt.date(2027, 1, 10)
    change_assignments(chosen, by=secretary, deadline=deadline)
    for assignment in chosen:
        assignment.refresh_from_db()
        assert (assignment.recurrence, assignment.deadline, assignment.due_on) == ("once", deadline, deadline)
    entries = AuditEntry.objects.filter(action="assignment.update").order_by("object_id")
    assert [e.object_id for e in entries] == sorted(a.pk for a in chosen)
    assert all(e.changes["deadline"][1] == "2027-01-10" for e in entries)
    untouched = more[1].assignments.get(role="lead")
    assert untouched.deadline != deadline


def test_another_organisation_takes_the_duties_and_is_told(
    django_capture_on_commit_callbacks, secretary, education, lead, more, member_officer
):
    chosen = [lead, more[0].assignments.get(role="lead")]
    with django_capture_on_commit_callbacks(execute=True):
        change_assignments(chosen, by=secretary, organization=education)
    assert set(
        Assignment.objects.filter(pk__in=[a.pk for a in chosen]).values_list("organization", flat=True)
    ) == {education.pk}
    entry = AuditEntry.objects.filter(action="assignment.reassign", object_id=lead.pk).get()
    assert entry.changes["organization"] == [
        {"id": lead.organization_id, "repr": lead.organization.name},
        {"id": education.pk, "repr": education.name},
    ]
    assert Notification.objects.filter(user=member_officer).count() == 2


def test_one_refused_assignment_changes_none(secretary, officer, education, lead, supporting, more):
    services.submit_progress(lead, by=officer, percent=20, note="گزارش")
    other = more[0].assignments.get(role="lead")
    before = other.organization_id
    with pytest.raises(services.FollowUpError) as caught:
        change_assignments([other, lead], by=secretary, organization=education, deadline=dt.date(2027, 2, 1))
    assert "۱" in caught.value.messages[0]  # names the resolution refused
    other.refresh_from_db()
    assert (other.organization_id, other.deadline) != (education.pk, dt.date(2027, 2, 1))
    assert other.organization_id == before
    assert not AuditEntry.objects.filter(action__in=["assignment.update", "assignment.reassign"]).exists()


def test_an_organisation_already_on_the_resolution_is_refused(secretary, welfare, lead):
    with pytest.raises(services.FollowUpError):
        change_assignments([lead], by=secretary, organization=welfare)


def test_only_the_secretariat_changes_assignments(officer, lead):
    with pytest.raises(PermissionDenied):
        change_assignments([lead], by=officer, deadline=dt.date(2027, 1, 1))


def test_nothing_to_change_is_refused(secretary, lead):
    with pytest.raises(services.FollowUpError):
        change_assignments([lead], by=secretary)
    with pytest.raises(services.FollowUpError):
        change_assignments([], by=secretary, deadline=dt.date(2027, 1, 1))


def test_the_page_changes_the_ticked_assignments(client_for, secretary, meeting, lead, supporting, more):
    url = reverse("meetings:meeting_assignments", args=[meeting.pk])
    client = client_for(secretary)
    page = client.get(url).content.decode()
    assert f'value="{lead.pk}"' in page and f'value="{supporting.pk}"' in page
    response = client.post(url, {"assignment": [lead.pk, supporting.pk], "deadline": "۱۰ دی ۱۴۰۵"})
    assert response.status_code == 302
    lead.refresh_from_db()
    supporting.refresh_from_db()
    assert format_jalali(lead.deadline) == format_jalali(supporting.deadline) == "۱۴۰۵/۱۰/۱۰"


def test_the_page_refuses_nothing_ticked_and_keeps_the_choice(client_for, secretary, meeting, lead):
    url = reverse("meetings:meeting_assignments", args=[meeting.pk])
    client = client_for(secretary)
    response = client.post(url, {"deadline": "۱۴۰۵/۱۰/۱۰"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = client.post(url, {"assignment": [lead.pk]})
    assert response.status_code == 200
    assert f'value="{lead.pk}" id="assignment-{lead.pk}" checked' in response.content.decode()


def test_another_meetings_assignment_cannot_be_slipped_in(client_for, secretary, body, meeting, lead, today):
    other_meeting = services.create_meeting(body, by=secretary, number=8, held_on=today)
    url = reverse("meetings:meeting_assignments", args=[other_meeting.pk])
    response = client_for(secretary).post(url, {"assignment": [lead.pk], "deadline": "۱۴۰۵/۱۰/۱۰"})
    assert response.status_code == 200  # nothing of this meeting was ticked
    before = lead.deadline
    lead.refresh_from_db()
    assert lead.deadline == before


@pytest.mark.parametrize(
    "role, status", [("outsider", 404), ("officer", 403), ("member_officer", 403), ("viewer", 403)]
)
def test_only_the_secretariat_opens_the_page(request, client_for, meeting, lead, role, status):
    url = reverse("meetings:meeting_assignments", args=[meeting.pk])
    client = client_for(request.getfixturevalue(role))
    assert client.get(url).status_code == status
    assert client.post(url, {"assignment": [lead.pk], "deadline": "۱۴۰۵/۱۰/۱۰"}).status_code == status
    before = lead.deadline
    lead.refresh_from_db()
    assert lead.deadline == before


def test_the_resolutions_history_tells_of_the_new_organisation(client_for, secretary, education, lead):
    from django.utils import translation

    from hamafza.audit.labels import action_label

    change_assignments([lead], by=secretary, organization=education)
    page = client_for(secretary).get(reverse("meetings:resolution_history", args=[lead.resolution_id]))
    with translation.override("fa"):
        assert action_label("assignment.reassign") in page.content.decode()
    assert education.name in page.content.decode()
