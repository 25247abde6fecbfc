"""The achievements portfolio: an NGO's officer submits, the body's secretariat accepts or returns, the NGO
corrects and resubmits; every state change audited, every refusal leaves things as they were."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from PIL import Image

from hamafza.audit.models import AuditEntry
from hamafza.orgs.models import Organization
from hamafza.participation.models import AchievementFile, AchievementReport
from hamafza.participation.services import achievements
from hamafza.participation.services.common import ParticipationError, UploadedFile

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<p>گزارش</p>").write_pdf()


def _submit(ngo, user, body, today, **overrides):
    values = {
        "body": body,
        "period_start": today - dt.timedelta(days=90),
        "period_end": today - dt.timedelta(days=1),
        "activities": "۱۲ کارگاه پیشگیری از اعتیاد در مدارس",
        "beneficiaries": 340,
    }
    values.update(overrides)
    return achievements.submit_achievement(ngo, by=user, **values)


@pytest.fixture
def report(ngo, ngo_officer, body, today, neighbourhood):
    return _submit(
        ngo, ngo_officer, body, today, regions=[neighbourhood], files=[UploadedFile("photo.png", _png())]
    )


def _messages(error) -> dict:
    with translation.override("en"):
        return {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}


def test_submit_stores_report_regions_files_and_audit(report, ngo_officer, neighbourhood, body):
    assert report.state == AchievementReport.State.SUBMITTED and report.submitted_by == ngo_officer
    assert list(report.regions.all()) == [neighbourhood]
    evidence = report.files.get()
    assert (evidence.original_name, evidence.content_type) == ("photo.png", "image/png")
    entry = AuditEntry.objects.get(action="achievement.submit")
    assert entry.body_id == body.pk and entry.changes["files"] == ["photo.png"]
    assert entry.changes["beneficiaries"] == 340


def test_submit_refusals_save_nothing(ngo, ngo_officer, officer, body, today):
    with pytest.raises(ParticipationError) as caught:
        _submit(ngo, ngo_officer, body, today, period_end=today - dt.timedelta(days=200))
    assert _messages(caught.value) == {"period_end": ["The period cannot end before it starts."]}
    with pytest.raises(ParticipationError) as caught:
        _submit(
            ngo,
            ngo_officer,
            body,
            today,
            activities="  ",
            period_start=today + dt.timedelta(days=3),
            period_end=today + dt.timedelta(days=30),
        )
    assert _messages(caught.value) == {
        "period_start": ["A report covers a period that has already begun."],
        "activities": ["Describe the activities of the period."],
    }
    with pytest.raises(ParticipationError) as caught:
        _submit(
            ngo,
            ngo_officer,
            body,
            today,
            files=[UploadedFile("ok.pdf", _pdf()), UploadedFile("x.pdf", b"MZ\x90\x00")],
        )
    assert "x.pdf" in caught.value.messages[0]
    with pytest.raises(PermissionDenied):
        _submit(ngo, officer, body, today)
    assert not AchievementReport.objects.exists() and not AchievementFile.objects.exists()
    assert not AuditEntry.objects.exists()


def test_only_an_ngo_reports_achievements(police, officer, body, today):
    assert police.kind == Organization.Kind.AGENCY
    with pytest.raises(PermissionDenied):
        _submit(police, officer, body, today)


def test_secretariat_accepts_with_a_score(report, secretary):
    achievements.accept_achievement(report, by=secretary, score=4, note="اثربخش")
    report.refresh_from_db()
    assert (report.state, report.score, report.reviewed_by) == ("accepted", 4, secretary)
    changes = AuditEntry.objects.get(action="achievement.accept").changes
    assert changes["state"] == ["submitted", "accepted"] and changes["score"] == [None, 4]


def test_review_refusals(report, secretary, viewer, ngo_officer):
    with pytest.raises(ParticipationError) as caught:
        achievements.accept_achievement(report, by=secretary, score=None)
    assert _messages(caught.value) == {"score": ["Give an effectiveness score from 1 to 5."]}
    with pytest.raises(ParticipationError):
        achievements.accept_achievement(report, by=secretary, score=6)
    with pytest.raises(ParticipationError) as caught:
        achievements.return_achievement(report, by=secretary, note=" ")
    assert _messages(caught.value) == {"note": ["Say what the NGO should correct."]}
    for user in (viewer, ngo_officer):
        with pytest.raises(PermissionDenied):
            achievements.accept_achievement(report, by=user, score=3)
    report.refresh_from_db()
    assert report.state == "submitted"
    achievements.accept_achievement(report, by=secretary, score=5)
    with pytest.raises(ParticipationError) as caught:
        achievements.accept_achievement(report, by=secretary, score=5)
    with translation.override("en"):
        assert caught.value.messages == ["This report has already been reviewed."]
    with pytest.raises(ParticipationError):
        achievements.return_achievement(report, by=secretary, note="دوباره")
    assert AuditEntry.objects.filter(action__in=["achievement.accept", "achievement.return"]).count() == 1


def test_returned_report_is_corrected_and_resubmitted(report, secretary, ngo_officer, today):
    achievements.return_achievement(
        report, by=secretary, note="شمار بهره‌مندان را با مستندات بفرستید", score=2
    )
    report.refresh_from_db()
    assert report.state == "returned" and report.score == 2
    achievements.resubmit_achievement(
        report,
        by=ngo_officer,
        period_start=report.period_start,
        period_end=report.period_end,
        activities=report.activities,
        beneficiaries=310,
        files=[UploadedFile("list.pdf", _pdf())],
    )
    report.refresh_from_db()
    assert (report.state, report.beneficiaries, report.score) == ("submitted", 310, None)
    assert sorted(report.files.values_list("original_name", flat=True)) == ["list.pdf", "photo.png"]
    changes = AuditEntry.objects.get(action="achievement.resubmit").changes
    assert changes["beneficiaries"] == [340, 310] and changes["state"] == ["returned", "submitted"]
    assert changes["files"] == ["list.pdf"]
    with pytest.raises(ParticipationError):  # not returned any more
        achievements.resubmit_achievement(
            report,
            by=ngo_officer,
            period_start=report.period_start,
            period_end=report.period_end,
            activities="x",
            beneficiaries=1,
        )
    achievements.accept_achievement(report, by=secretary, score=3)


def test_notifications_go_to_the_secretariat_then_to_the_ngo(
    report, secretary, ngo_officer, django_capture_on_commit_callbacks
):
    from hamafza.accounts.models import Notification

    achievements.notify_submitted(report.pk)
    assert Notification.objects.filter(user=secretary).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        achievements.accept_achievement(report, by=secretary, score=4)
    notice = Notification.objects.get(user=ngo_officer)
    assert notice.url == reverse("participation:achievement_detail", args=[report.pk])


# Pages


def test_submit_page_with_files_and_refused_file(client_for, ngo_officer, body):
    client = client_for(ngo_officer)
    url = reverse("participation:achievement_submit")
    data = {
        "body": body.pk,
        "period_start": "۱۴۰۳/۰۱/۰۱",
        "period_end": "۱۴۰۳/۰۶/۳۱",
        "activities": "جلسات مشاوره",
        "beneficiaries": "۴۵",
    }
    bad = io.BytesIO(b"just text, not a picture")
    bad.name = "photo.png"
    response = client.post(url, {**data, "files": [bad]})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not AchievementReport.objects.exists()
    response = client.post(url, {**data, "period_end": "۱۴۰۲/۱۲/۰۱"})
    assert "period_end" in response.context["form"].errors
    good = io.BytesIO(_png())
    good.name = "photo.png"
    response = client.post(url, {**data, "files": [good]})
    report = AchievementReport.objects.get()
    assert response["Location"] == reverse("participation:achievement_detail", args=[report.pk])
    assert report.beneficiaries == 45 and report.period_start == dt.date(2024, 3, 20)
    assert report.files.count() == 1


def test_review_page_accepts_and_returns(client_for, secretary, report):
    client = client_for(secretary)
    url = reverse("participation:achievement_review", args=[report.pk])
    client.post(url, {"decision": "accepted"})  # no score: refused
    report.refresh_from_db()
    assert report.state == "submitted"
    client.post(url, {"decision": "returned", "note": "مستندات ناقص است"})
    report.refresh_from_db()
    assert report.state == "returned" and report.review_note == "مستندات ناقص است"


def test_resubmit_page(client_for, ngo_officer, secretary, report):
    url = reverse("participation:achievement_edit", args=[report.pk])
    assert client_for(ngo_officer).get(url).status_code == 302  # not returned: back to the report
    achievements.return_achievement(report, by=secretary, note="اصلاح کنید")
    response = client_for(ngo_officer).post(
        url,
        {
            "period_start": "۱۴۰۳/۰۱/۰۱",
            "period_end": "۱۴۰۳/۰۳/۳۱",
            "activities": "اصلاح‌شده",
            "beneficiaries": "۵۰",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted" and report.activities == "اصلاح‌شده"


def test_evidence_download_is_access_checked(
    client_for, report, ngo_officer, secretary, viewer, other_officer, outsider
):
    evidence = report.files.get()
    url = reverse("participation:achievement_file", args=[evidence.pk])
    for user in (ngo_officer, secretary, viewer):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == _png()
    for user in (other_officer, outsider):
        assert client_for(user).get(url).status_code == 404


def test_another_ngos_report_is_404(client_for, report, province, body, today):
    from hamafza.accounts.models import User

    other = Organization.objects.create(name="سمن دیگر", region=province, kind="ngo")
    other_user = User.objects.create_user(
        username="other_ngo", password="x", organization=other, is_officer=True
    )
    client = client_for(other_user)
    assert client.get(reverse("participation:achievement_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("participation:achievement_edit", args=[report.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        achievements.resubmit_achievement(
            report, by=other_user, period_start=today, period_end=today, activities="x", beneficiaries=1
        )
