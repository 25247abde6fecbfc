"""Opening, recording and closing cases: the rules a counsellor meets, through the services and the pages."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from hamafza.audit.models import AuditEntry
from hamafza.counseling.models import Case, Outcome
from hamafza.counseling.services import cases as services
from hamafza.counseling.services.common import CounselingError
from hamafza.lib.jalali import format_jalali, to_jalali
from tests.counseling.cast import days_ago

pytestmark = pytest.mark.django_db


def test_a_case_is_numbered_by_its_jalali_year(case, station_a, counsellor, kinds, today):
    year = to_jalali(case.opened_on).year
    assert case.number == f"{year}-0001"
    second = services.open_case(
        station_a, by=counsellor, opened_on=case.opened_on, channel="walk_in", kind=kinds["family"]
    )
    assert second.number == f"{year}-0002"
    assert case.opened_month == year * 100 + to_jalali(case.opened_on).month


def test_a_number_already_used_at_the_station_is_refused(case, station_a, counsellor, kinds):
    with pytest.raises(CounselingError, match=case.number):
        services.open_case(
            station_a,
            by=counsellor,
            opened_on=case.opened_on,
            channel="walk_in",
            kind=kinds["family"],
            number=case.number,
        )


def test_a_case_cannot_close_without_an_outcome_or_a_date(case, counsellor, today):
    for outcome, closed_on in [("", today), (Outcome.OPEN, today), ("reconciled", None)]:
        with pytest.raises(CounselingError):
            services.close_case(case, by=counsellor, outcome=outcome, closed_on=closed_on)
    case.refresh_from_db()
    assert case.is_open and case.closed_on is None


def test_the_database_refuses_a_closed_case_without_a_date_or_an_open_one_with_a_date(case, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(outcome="reconciled")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(closed_on=today)


def test_closing_dates_are_checked_against_the_case(case, counsellor, today):
    with pytest.raises(CounselingError):
        services.close_case(case, by=counsellor, outcome="reconciled", closed_on=days_ago(today, 30))
    with pytest.raises(CounselingError):
        services.close_case(case, by=counsellor, outcome="reconciled", closed_on=today + dt.timedelta(days=1))
    services.close_case(case, by=counsellor, outcome="reconciled", closed_on=today)
    case.refresh_from_db()
    assert (case.outcome, case.days_to_close) == ("reconciled", 5)
    with pytest.raises(CounselingError):
        services.close_case(case, by=counsellor, outcome="withdrawn", closed_on=today)


def test_sessions_are_held_while_the_case_is_open_and_after_it_was_opened(case, counsellor, today):
    with pytest.raises(CounselingError):
        services.record_session(case, by=counsellor, held_on=days_ago(today, 6), duration_minutes=30)
    with pytest.raises(CounselingError):
        services.record_session(case, by=counsellor, held_on=today, duration_minutes=0)
    services.record_session(case, by=counsellor, held_on=today, duration_minutes=45, notes="جلسه اول")
    services.close_case(case, by=counsellor, outcome="reconciled", closed_on=today)
    with pytest.raises(CounselingError):
        services.record_session(case, by=counsellor, held_on=today, duration_minutes=30)
    assert case.sessions.count() == 1


def test_a_wrong_national_id_is_refused_with_nothing_saved(station_a, counsellor, kinds, today):
    with pytest.raises(CounselingError, match="1234567890"):
        services.open_case(
            station_a,
            by=counsellor,
            opened_on=today,
            channel="complaint",
            kind=kinds["family"],
            parties=[services.PartyData(role="complainant", national_id="1234567890")],
        )
    assert not Case.objects.exists()


def test_a_counsellor_opens_records_and_closes_a_case_on_the_pages(client_for, counsellor, kinds, today):
    client = client_for(counsellor)
    opened = format_jalali(days_ago(today, 3))
    response = client.post(
        "/counseling/cases/new/",
        {
            "number": "",
            "opened_on": opened,
            "channel": "council",
            "kind": kinds["landlord_tenant"].pk,
            "summary": "اجاره‌بها",
            "party-TOTAL_FORMS": "2",
            "party-INITIAL_FORMS": "0",
            "party-0-role": "complainant",
            "party-0-sex": "male",
            "party-0-age_band": "60+",
            "party-0-name": "",
            "party-0-national_id": "",
            "party-1-role": "",
            "party-1-sex": "unknown",
            "party-1-age_band": "unknown",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/counseling/cases/{case.pk}/"
    assert case.parties.count() == 1 and case.channel == "council"
    for day in (2, 1):
        client.post(
            f"/counseling/cases/{case.pk}/sessions/",
            {"held_on": format_jalali(days_ago(today, day)), "duration_minutes": "۴۵", "notes": "گفتگو"},
        )
    assert case.sessions.count() == 2
    # Without a date the case stays open, and the page says why.
    response = client.post(
        f"/counseling/cases/{case.pk}/close/", {"outcome": "reconciled", "closed_on": ""}, follow=True
    )
    case.refresh_from_db()
    assert case.is_open
    assert "flash error" in response.content.decode()
    client.post(
        f"/counseling/cases/{case.pk}/close/", {"outcome": "reconciled", "closed_on": format_jalali(today)}
    )
    case.refresh_from_db()
    assert case.outcome == "reconciled" and case.closed_on == today
    page = client.get(f"/counseling/cases/{case.pk}/").content.decode()
    assert "صلح و سازش" in page and "close-form" not in page
    actions = set(AuditEntry.objects.filter(object_id=case.pk).values_list("action", flat=True))
    assert {"counseling_case.open", "counseling_session.add", "counseling_case.close"} <= actions
