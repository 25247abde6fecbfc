"""Quarterly reports of hand-reported measures: who sends and who reviews, when a quarter opens, the
evidence rules, and an accepted value becoming the measure's value at the quarter's end."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from hamafza.audit.models import AuditEntry
from hamafza.goals.models import QuarterReport, ReportFile
from hamafza.goals.services import programmes as programme_services
from hamafza.goals.services import reports
from hamafza.goals.services.common import GoalsError, UploadedFile
from hamafza.goals.services.progress import ON_TRACK, assess_measure
from hamafza.lib.jalali import jalali_quarter_bounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(tehran_programme, tehran_officer):
    return programme_services.activate_programme(tehran_programme, by=tehran_officer)


@pytest.fixture
def measure(active):
    return active.goals.get(number=1).measures.get()


def _send(measure, by, quarter=1, value=50.0, **extra):
    return reports.submit_report(
        measure, by=by, quarter=quarter, value=value, narrative="۵۰ جلسه برگزار شد", **extra
    )


def test_the_organisation_reports_and_the_reviewer_accepts(measure, tehran_officer, reviewer, year):
    report = _send(measure, tehran_officer, files=[UploadedFile("صورتجلسه.pdf", b"%PDF-1.4\n%x\n")])
    assert report.state == QuarterReport.State.SUBMITTED
    assert [f.original_name for f in report.files.all()] == ["صورتجلسه.pdf"]
    reports.accept_report(report, by=reviewer, comment="مستندات کامل است")
    measure.refresh_from_db()
    quarter_end = jalali_quarter_bounds(year, 1)[1] - dt.timedelta(days=1)
    assert (measure.value, measure.value_as_of) == (50.0, quarter_end)
    # 50 of a 200 total by the end of the first quarter (a quarter of the year): on the path.
    assert assess_measure(measure, year).state == ON_TRACK
    assert AuditEntry.objects.filter(action="quarter_report.accept", object_id=report.pk).exists()


def test_the_parent_organisations_officer_reviews_too(measure, tehran_officer, national_owner):
    report = _send(measure, tehran_officer)
    assert reports.return_report(report, by=national_owner, comment="مستندات پیوست نشده").state == "returned"


@pytest.mark.parametrize("who", ["tehran_officer", "tehran_clerk", "goals_viewer", "fars_officer"])
def test_nobody_else_reviews(request, measure, tehran_officer, who):
    report = _send(measure, tehran_officer)
    with pytest.raises(PermissionDenied):
        reports.accept_report(report, by=request.getfixturevalue(who))


@pytest.mark.parametrize("who", ["tehran_clerk", "national_owner", "fars_officer", "reviewer"])
def test_only_the_organisations_officers_report(request, measure, who):
    with pytest.raises(PermissionDenied):
        _send(measure, request.getfixturevalue(who))


def test_a_returned_report_is_sent_again(measure, tehran_officer, reviewer):
    report = _send(measure, tehran_officer)
    with pytest.raises(GoalsError):
        _send(measure, tehran_officer)  # one awaiting review at a time
    with pytest.raises(GoalsError):
        reports.return_report(report, by=reviewer, comment="  ")  # say what is missing
    reports.return_report(report, by=reviewer, comment="عدد با صورتجلسه‌ها نمی‌خواند")
    measure.refresh_from_db()
    assert measure.value is None  # a returned report gives no value
    again = _send(measure, tehran_officer, value=45.0)
    reports.accept_report(again, by=reviewer)
    with pytest.raises(GoalsError):
        _send(measure, tehran_officer)  # the quarter is accepted
    with pytest.raises(GoalsError):
        reports.accept_report(again, by=reviewer)  # reviewed already


def test_a_later_quarter_accepted_first_stays_the_latest(measure, tehran_officer, reviewer, year):
    reports.accept_report(_send(measure, tehran_officer, quarter=2, value=110), by=reviewer)
    reports.accept_report(_send(measure, tehran_officer, quarter=1, value=60), by=reviewer)
    measure.refresh_from_db()
    assert measure.value == 110
    assert measure.readings.count() == 2


def test_a_wrong_file_refuses_the_whole_report(measure, tehran_officer):
    with pytest.raises(GoalsError) as caught:
        _send(measure, tehran_officer, files=[UploadedFile("گزارش.pdf", b"not a pdf at all")])
    assert "گزارش.pdf" in caught.value.messages[0]
    assert not QuarterReport.objects.exists() and not ReportFile.objects.exists()


def test_value_and_narrative_are_needed(measure, tehran_officer):
    with pytest.raises(GoalsError) as caught:
        reports.submit_report(measure, by=tehran_officer, quarter=1, value=None, narrative=" ")
    assert set(caught.value.error_dict) == {"value", "narrative"}


def test_a_computed_measure_is_not_reported(active, tehran_officer):
    computed = active.goals.get(number=2).measures.get()
    with pytest.raises(GoalsError):
        _send(computed, tehran_officer)


def test_a_draft_is_not_reported_on(tehran_programme, tehran_officer):
    with pytest.raises(GoalsError):
        _send(tehran_programme.goals.get(number=1).measures.get(), tehran_officer)


def test_a_quarter_opens_with_its_last_month(tehran, tehran_officer, year):
    from hamafza.goals.services.programmes import MeasureSpec

    following = programme_services.create_programme(tehran, by=tehran_officer, year=year + 2, title="آینده")
    goal = programme_services.add_goal(following, by=tehran_officer, title="هدف")
    measure = programme_services.add_measure(
        goal, by=tehran_officer, spec=MeasureSpec(name="جلسات", source="manual", baseline=0, target=4)
    )
    programme_services.activate_programme(following, by=tehran_officer)
    assert reports.reportable_quarters(following) == []
    with pytest.raises(GoalsError) as caught:
        _send(measure, tehran_officer)
    assert "quarter" in caught.value.error_dict
    opens = reports.quarter_opens(year + 2, 1)
    assert reports.reportable_quarters(following, on=opens) == [1]
    assert reports.reportable_quarters(following, on=opens - dt.timedelta(days=1)) == []


def test_the_reviewers_and_then_the_organisation_are_told(
    measure, tehran_officer, reviewer, national_owner, django_capture_on_commit_callbacks
):
    from hamafza.accounts.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        report = _send(measure, tehran_officer)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {
        reviewer.username,
        national_owner.username,
    }  # the role's reviewer and the parent's officer
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        reports.return_report(report, by=reviewer, comment="مستندات پیوست نشده")
    notification = Notification.objects.get()
    assert notification.user == tehran_officer and "برگشت" in notification.title
