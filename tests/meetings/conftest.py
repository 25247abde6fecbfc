"""Helpers for the follow-up tests, on top of the shared cast in tests/conftest.py."""

import datetime as dt

import pytest

from hamafza.audit.models import AuditEntry
from hamafza.meetings import services
from hamafza.meetings.models import Assignment


@pytest.fixture
def audit():
    """The audit entries written since the test started, filtered by action, oldest first."""

    def entries(action: str | None = None, **filters):
        qs = AuditEntry.objects.order_by("pk")
        if action:
            qs = qs.filter(action=action)
        return list(qs.filter(**filters))

    return entries


@pytest.fixture
def report_on(officer, other_officer):
    """Submit a progress report as the officer of the assignment's organisation."""

    def submit(assignment, percent=50, note="گزارش پیشرفت", files=None):
        by = officer if assignment.organization_id == officer.organization_id else other_officer
        return services.submit_progress(assignment, by=by, percent=percent, note=note, files=files)

    return submit


@pytest.fixture
def make_resolutions(meeting, secretary, police, welfare, today):
    """Create `count` more resolutions on the meeting, each with a lead and a supporting organisation."""

    def make(count: int, *, start: int = 100, lead_due_in: int = 10) -> list:
        created = []
        for index in range(start, start + count):
            spec = services.ResolutionSpec(
                number=str(index),
                text=f"مصوبه آزمایشی شماره {index} درباره آسیب‌های اجتماعی",
                assignments=[
                    services.AssignmentSpec(
                        police,
                        role=Assignment.Role.LEAD,
                        deadline=today + dt.timedelta(days=lead_due_in - index % 20),
                    ),
                    services.AssignmentSpec(
                        welfare, role=Assignment.Role.SUPPORTING, deadline=today + dt.timedelta(days=30)
                    ),
                ],
                topics=[f"موضوع {index % 3}"],
            )
            created.append(services.create_resolution(meeting, by=secretary, spec=spec))
        return created

    return make


@pytest.fixture
def member_officer(education):
    """An officer of a member organisation of the body that is not assigned to the cast's resolution."""
    from hamafza.accounts.models import User

    return User.objects.create_user("member_officer", organization=education, is_officer=True)
