import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from hamafza.audit.labels import action_label
from hamafza.lib.jalali import format_jalali
from hamafza.meetings import services

pytestmark = pytest.mark.django_db


def test_history_reads_in_the_pages_language(client_for, secretary, officer, lead, today):
    services.update_assignment(lead, by=secretary, recurrence="once", deadline=today + dt.timedelta(days=40))
    services.submit_progress(lead, by=officer, percent=40, note="گزارش آزمایشی")
    page = (
        client_for(secretary)
        .get(reverse("meetings:resolution_history", args=[lead.resolution_id]))
        .content.decode()
    )
    with translation.override("fa"):
        for action in ["resolution.create", "assignment.update", "report.submit", "assignment.status"]:
            assert action_label(action) in page
        assert str(translation.gettext("Report under review")) in page  # the status's choice label
    assert format_jalali(today + dt.timedelta(days=40)) in page  # dates in Jalali with Persian digits
    assert "report.submit" not in page and "submitted" not in page


def test_large_numbers_are_grouped_in_the_pages_digits():
    from hamafza.audit.labels import value_label

    assert value_label(300_000_000) == "۳۰۰٬۰۰۰٬۰۰۰"
    assert value_label(300_000_000, persian=False) == "300,000,000"
    assert value_label(1404) == "۱۴۰۴"  # a year or a small count stays as it is
