"""Lists: payloads, filters, search whatever the spelling, states, pagination, ordering, and pinned query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from hamafza.meetings import services
from hamafza.meetings.models import Assignment
from hamafza.orgs.models import Organization
from tests.api.conftest import ids, results, tiny_pdf


@pytest.fixture
def states(resolution, meeting, secretary, officer, other_officer, police, welfare, education, today):
    """One resolution of the meeting in each state the dashboards count."""

    def make(number, text, lead_org, deadline, supporting=None):
        specs = [services.AssignmentSpec(lead_org, deadline=deadline)]
        if supporting is not None:
            specs.append(services.AssignmentSpec(supporting, role="supporting", deadline=deadline))
        spec = services.ResolutionSpec(number=number, text=text, assignments=specs, topics=["توانمندسازی"])
        return services.create_resolution(meeting, by=secretary, spec=spec)

    in_progress = make(
        "2", "برگزاری ۱۲ کارگاه آموزشی برای کودکان", welfare, today + dt.timedelta(days=3), education
    )
    services.submit_progress(
        in_progress.assignments.get(role="lead"), by=other_officer, percent=30, note="آغاز شد"
    )
    overdue = make("3", "تجهیز مدارس محلات هدف", education, today - dt.timedelta(days=5))
    done = make("4", "گشت مشترک در پارک‌ها", police, today + dt.timedelta(days=10))
    report = services.submit_progress(done.assignments.get(), by=officer, percent=100, note="انجام شد")
    services.accept_report(report, by=secretary)
    cancelled = make("5", "ساخت سرای محله", welfare, today + dt.timedelta(days=90))
    services.cancel_resolution(cancelled, by=secretary, reason="تأمین اعتبار نشد")
    return {
        "not_started": resolution,
        "in_progress": in_progress,
        "overdue": overdue,
        "done": done,
        "cancelled": cancelled,
    }


@pytest.mark.parametrize("state", ["not_started", "in_progress", "overdue", "done", "cancelled"])
def test_state_filter_matches_the_dashboard(client_for, secretary, states, state):
    response = client_for(secretary).get(reverse("api:resolution-list"), {"state": state})
    rows = results(response)
    assert [row["id"] for row in rows] == [states[state].pk]
    assert rows[0]["state"] == state


def test_status_body_meeting_and_organization_filters(
    client_for, secretary, states, meeting, body, education
):
    client = client_for(secretary)
    url = reverse("api:resolution-list")
    everything = {r.pk for r in states.values()}
    assert ids(client.get(url, {"body": body.pk})) == everything
    assert ids(client.get(url, {"meeting": meeting.pk})) == everything
    assert ids(client.get(url, {"meeting": meeting.pk + 1000})) == set()
    assert ids(client.get(url, {"status": "open"})) == {
        states[s].pk for s in ["not_started", "in_progress", "overdue"]
    }
    assert ids(client.get(url, {"organization": education.pk})) == {
        states["in_progress"].pk,
        states["overdue"].pk,
    }
    assert ids(client.get(url, {"topic": "توانمندسازي"})) == everything - {states["not_started"].pk}
    assert client.get(url, {"state": "lost"}).status_code == 400


@pytest.mark.parametrize(
    "query, expected",
    [
        ("آسیب‌های اجتماعی", "not_started"),
        ("آسيب هاي اجتماعي", "not_started"),
        ("آسیبهای", "not_started"),
        ("آسیب های", "not_started"),
        ("۱۲ کارگاه", "in_progress"),
        ("١٢", "in_progress"),
        ("12", "in_progress"),
        ("كودكان", "in_progress"),
        ("پارکها", "done"),
    ],
)
def test_search_is_insensitive_to_spelling_and_digits(client_for, officer, states, query, expected):
    response = client_for(officer).get(reverse("api:resolution-list"), {"q": query})
    assert ids(response) == {states[expected].pk}


def test_search_finds_only_what_the_user_sees(client_for, outsider, states, far):
    response = client_for(outsider).get(reverse("api:resolution-list"), {"q": "کودکان"})
    assert ids(response) == {far.resolution.pk}


def test_meeting_search_and_date_filters(client_for, secretary, meeting, today):
    client = client_for(secretary)
    url = reverse("api:meeting-list")
    assert ids(client.get(url, {"q": "شهداي گمنام"})) == {meeting.pk}
    assert ids(client.get(url, {"q": "۷"})) == {meeting.pk}
    assert ids(client.get(url, {"held_after": meeting.held_on.isoformat()})) == {meeting.pk}
    assert ids(client.get(url, {"held_after": (meeting.held_on + dt.timedelta(days=1)).isoformat()})) == set()


def test_assignment_filters(client_for, secretary, states, welfare, education):
    client = client_for(secretary)
    url = reverse("api:assignment-list")
    in_progress_lead = states["in_progress"].assignments.get(role="lead")
    overdue_lead = states["overdue"].assignments.get()
    assert ids(client.get(url, {"overdue": "true"})) == {overdue_lead.pk}
    assert overdue_lead.pk not in ids(client.get(url, {"overdue": "false"}))
    # Due soon: the in-progress resolution's supporting assignment, due in three days; its lead has
    # reported and awaits review, so it owes nothing now.
    assert ids(client.get(url, {"due_soon": "true"})) == {
        states["in_progress"].assignments.get(role="supporting").pk
    }
    assert ids(client.get(url, {"status": "submitted"})) == {in_progress_lead.pk}
    assert ids(client.get(url, {"organization": education.pk})) == set(
        Assignment.objects.filter(organization=education).values_list("pk", flat=True)
    )
    assert len(ids(client.get(url, {"organization": welfare.pk}))) == 3
    rows = results(client.get(url, {"overdue": "true"}))
    assert rows[0]["follow_up_state"] == "overdue"
    assert rows[0]["resolution"]["id"] == states["overdue"].pk


def test_report_filters(client_for, secretary, world):
    client = client_for(secretary)
    url = reverse("api:report-list")
    assert ids(client.get(url, {"organization": world.lead.organization_id})) == {world.police_report.pk}
    assert ids(client.get(url, {"status": "accepted"})) == {world.welfare_report.pk}
    assert ids(client.get(url, {"assignment": world.supporting.pk})) == {world.welfare_report.pk}
    assert ids(client.get(url, {"resolution": world.resolution.pk})) == {
        world.police_report.pk,
        world.welfare_report.pk,
    }


def test_ordering(client_for, secretary, states):
    client = client_for(secretary)
    url = reverse("api:resolution-list")
    by_position = [row["number"] for row in results(client.get(url, {"ordering": "position"}))]
    assert by_position == ["1", "2", "3", "4", "5"]
    assert [row["number"] for row in results(client.get(url, {"ordering": "-position"}))] == by_position[::-1]


def test_pagination_50_a_page(client_for, viewer, province):
    Organization.objects.bulk_create(
        Organization(name=f"سمن شماره {n}", region=province, kind="ngo", search_text=f"سمن شماره {n}")
        for n in range(60)
    )
    client = client_for(viewer)
    total = Organization.objects.count()
    first = client.get(reverse("api:organization-list")).json()
    assert (first["count"], len(first["results"]), first["previous"]) == (total, 50, None)
    assert first["next"] == "http://testserver/api/organizations/?page=2"
    second = client.get(first["next"]).json()
    assert len(second["results"]) == total - 50
    assert {row["id"] for row in first["results"]}.isdisjoint(row["id"] for row in second["results"])
    assert client.get(reverse("api:organization-list"), {"page": 9}).status_code == 404


def test_organization_search_by_name(client_for, officer, welfare, police):
    response = client_for(officer).get(reverse("api:organization-list"), {"q": "بهزيستي"})
    assert ids(response) == {welfare.pk}


def test_resolution_detail_payload(
    client_for, officer, resolution, lead, supporting, meeting, body, today, neighbourhood, secretary
):
    services.update_resolution(resolution, by=secretary, target_regions=[neighbourhood])
    response = client_for(officer).get(reverse("api:resolution-detail", args=[resolution.pk]))
    payload = response.json()
    due = (today + dt.timedelta(days=20)).isoformat()

    def assignment(a, name):
        return {
            "id": a.pk,
            "organization": {"id": a.organization_id, "name": name, "short_name": ""},
            "role": a.role,
            "recurrence": "once",
            "deadline": due,
            "deadline_jalali": payload["assignments"][0]["deadline_jalali"],
            "interval": None,
            "interval_unit": "month",
            "start_on": meeting.held_on.isoformat(),
            "due_on": due,
            "due_on_jalali": payload["assignments"][0]["due_on_jalali"],
            "status": "open",
            "progress": 0,
            "follow_up_state": "open",
            "last_report_on": None,
            "completed_on": None,
            "on_time": None,
        }

    assert payload == {
        "id": resolution.pk,
        "body": {"id": body.pk, "name": "کارگروه اجتماعی استان", "kind": "working_group"},
        "meeting": {"id": meeting.pk, "number": 7, "held_on": meeting.held_on.isoformat()},
        "number": "1",
        "text": "پیشگیری از آسیب‌های اجتماعی در محلات هدف",
        "status": "open",
        "state": "not_started",
        "topics": ["اعتیاد"],
        "target_regions": [{"id": neighbourhood.pk, "name": "محله نمونه", "kind": "neighbourhood"}],
        "assignments": [
            assignment(lead, "فرماندهی انتظامی استان"),
            assignment(supporting, "اداره کل بهزیستی"),
        ],
        "done_at": None,
        "cancel_reason": "",
        "created_at": payload["created_at"],
    }
    assert "/" in payload["assignments"][0]["deadline_jalali"]


def test_body_payload_lists_members(
    client_for, viewer, body, governorate, police, welfare, education, province
):
    payload = client_for(viewer).get(reverse("api:body-detail", args=[body.pk])).json()
    assert payload == {
        "id": body.pk,
        "name": "کارگروه اجتماعی استان",
        "kind": "working_group",
        "region": {"id": province.pk, "name": "تهران", "kind": "province"},
        "secretariat": {"id": governorate.pk, "name": "استانداری تهران", "short_name": ""},
        "members": [
            {"id": org.pk, "name": org.name, "short_name": ""}
            for org in sorted([governorate, police, welfare, education], key=lambda o: o.name)
        ],
        "description": "",
        "is_active": True,
    }


def test_regions_leave_boundaries_out_unless_asked(client_for, viewer, province, neighbourhood):
    square = {"type": "Polygon", "coordinates": [[[51.0, 35.0], [51.1, 35.0], [51.1, 35.1], [51.0, 35.0]]]}
    type(neighbourhood).objects.filter(pk=neighbourhood.pk).update(boundary=square)
    client = client_for(viewer)
    listed = results(client.get(reverse("api:region-list"), {"kind": "neighbourhood"}))
    assert listed == [
        {
            "id": neighbourhood.pk,
            "name": "محله نمونه",
            "name_en": "",
            "kind": "neighbourhood",
            "parent": neighbourhood.parent_id,
            "code": "N-1",
            "population": 12000,
            "households": None,
            "is_target": True,
        }
    ]
    with_boundary = results(
        client.get(reverse("api:region-list"), {"kind": "neighbourhood", "with_boundary": "1"})
    )
    assert with_boundary == [{**listed[0], "boundary": square}]
    assert "boundary" not in client.get(reverse("api:region-detail", args=[neighbourhood.pk])).json()
    feature = client.get(reverse("api:region-geojson", args=[neighbourhood.pk])).json()
    assert feature == {
        "type": "Feature",
        "id": neighbourhood.pk,
        "geometry": square,
        "properties": {key: value for key, value in listed[0].items() if key != "id"},
    }
    assert ids(client.get(reverse("api:region-list"), {"is_root": "true"})) == {province.pk}
    assert ids(client.get(reverse("api:region-list"), {"is_target": "true"})) == {neighbourhood.pk}


# --- Query counts -----------------------------------------------------------------------------------


@pytest.fixture
def crowd(states, world, officer, other_officer, secretary):
    """More rows, so that a query per row would show: reports with evidence on several assignments."""
    welfare_lead = states["in_progress"].assignments.get(role="lead")
    services.accept_report(welfare_lead.reports.get(), by=secretary)
    services.submit_progress(
        welfare_lead,
        by=other_officer,
        percent=60,
        note="ادامه",
        files=[services.UploadedFile("a.pdf", tiny_pdf())],
    )
    return states


# Each list answers in a fixed number of queries, however many rows; with a session:
#   1. the session   2. the user
# then the list's own queries, counted for each endpoint below.
LIST_QUERIES = {
    # 3. count  4. bodies with region and secretariat  5. their members
    "body": 5,
    # 3. count  4. meetings with body and resolution count
    "meeting": 4,
    # 3. count  4. resolutions with body and meeting  5. assignments with organisation  6. topics  7. target regions
    "resolution": 7,
    # 3. count  4. assignments with organisation and resolution
    "assignment": 4,
    # 3. count  4. reports with organisation, submitter, reviewer  5. evidence
    "report": 5,
    # 3. count  4. regions
    "region": 4,
    # 3. count  4. organisations with region
    "organization": 4,
}


@pytest.mark.parametrize("basename", list(LIST_QUERIES))
@pytest.mark.parametrize("role", ["admin", "secretary", "officer"])
def test_list_query_counts_are_pinned(client_for, crowd, basename, role, request, django_assert_num_queries):
    client = client_for(request.getfixturevalue(role))
    url = reverse(f"api:{basename}-list")
    with django_assert_num_queries(LIST_QUERIES[basename]):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) >= 1
