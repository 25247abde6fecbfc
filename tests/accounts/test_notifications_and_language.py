"""The notification inbox, and the switch between Persian (right to left) and English."""

import re

import pytest
from django.urls import reverse

from hamafza.accounts.models import Notification

pytestmark = pytest.mark.django_db


def _html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.fixture
def inbox(officer, other_officer):
    mine = [
        Notification.objects.create(
            user=officer, title=f"یادآوری مصوبه {n}", body=f"متن {n}", url=f"/assignments/{n}/"
        )
        for n in range(1, 4)
    ]
    theirs = Notification.objects.create(user=other_officer, title="پیام دیگران", body="", url="")
    return mine, theirs


def test_the_inbox_lists_my_notifications_only(client_for, officer, inbox):
    mine, theirs = inbox
    response = client_for(officer).get(reverse("accounts:notifications"))
    assert response.status_code == 200
    html = response.content.decode()
    for n in mine:
        assert f'<a href="{reverse("accounts:notification_open", args=[n.pk])}">{n.title}</a>' in html
        assert n.body in html
    assert theirs.title not in html
    assert html.count('class="unread"') == 3
    assert html.count('<span class="state new">تازه</span>') == 3  # unread told in words, not by colour alone
    # The navigation shows the number of unread ones, in Persian digits.
    assert re.search(r'<span class="badge">۳</span>', html)


def test_mark_all_as_read(client_for, officer, other_officer, inbox):
    client = client_for(officer)
    response = client.post(reverse("accounts:notifications_read"))
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("accounts:notifications")
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()
    # Somebody else's stay unread.
    assert Notification.objects.get(user=other_officer).read_at is None
    html = client.get(reverse("accounts:notifications")).content.decode()
    assert 'class="unread"' not in html
    assert 'class="badge"' not in html


def test_marking_read_needs_a_post(client_for, officer, inbox):
    assert client_for(officer).get(reverse("accounts:notifications_read")).status_code == 405
    assert Notification.objects.filter(user=officer, read_at__isnull=True).count() == 3


def test_the_inbox_needs_a_login(client, inbox):
    response = client.get(reverse("accounts:notifications"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))
    assert client.post(reverse("accounts:notifications_read")).status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 4


def test_pages_are_persian_right_to_left_with_persian_digits(client_for, secretary, body, resolution):
    response = client_for(secretary).get(reverse("meetings:body", args=[body.pk]))
    assert _html_tag(response) == '<html lang="fa" dir="rtl">'
    html = response.content.decode()
    assert '<span class="n">۱</span>' in html  # one resolution, in Persian digits
    assert not re.search(r'<span class="n">[0-9]+</span>', html)


def test_language_switch_to_english_and_back(client_for, secretary, body, resolution):
    client = client_for(secretary)
    page = reverse("meetings:body", args=[body.pk])
    response = client.post(reverse("set_language"), {"language": "en", "next": page})
    assert response.status_code == 302
    assert response.headers["Location"] == page

    response = client.get(page)
    assert _html_tag(response) == '<html lang="en" dir="ltr">'
    html = response.content.decode()
    assert '<span class="n">1</span>' in html  # ASCII digits in English
    assert "All resolutions" in html
    assert '<button name="language" value="fa" lang="fa">فارسی</button>' in html

    client.post(reverse("set_language"), {"language": "fa", "next": page})
    assert _html_tag(client.get(page)) == '<html lang="fa" dir="rtl">'


def test_the_login_page_switches_language_too(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    assert _html_tag(client.get(reverse("accounts:login"))) == '<html lang="en" dir="ltr">'


def test_opening_a_notification_marks_it_read_and_goes_where_it_points(client_for, officer, inbox):
    mine, _theirs = inbox
    client = client_for(officer)
    response = client.get(reverse("accounts:notification_open", args=[mine[0].pk]))
    assert response.status_code == 302
    assert response.headers["Location"] == mine[0].url
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None
    assert Notification.objects.filter(user=officer, read_at__isnull=True).count() == 2
    html = client.get(reverse("accounts:notifications")).content.decode()
    assert html.count('class="unread"') == 2
    assert re.search(r'<span class="badge">۲</span>', html)


def test_another_users_notification_is_a_404_and_stays_unread(client_for, officer, inbox):
    _mine, theirs = inbox
    assert client_for(officer).get(reverse("accounts:notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notification_never_sends_the_reader_off_the_site(client_for, officer):
    note = Notification.objects.create(
        user=officer, title="پیوند بیرونی", body="", url="https://evil.example/"
    )
    response = client_for(officer).get(reverse("accounts:notification_open", args=[note.pk]))
    assert response.headers["Location"] == reverse("accounts:notifications")
