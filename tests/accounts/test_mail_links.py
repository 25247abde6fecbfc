"""Issue 10, defect 15: an e-mail's link leads to the site (its configured address), not to a bare path."""

import pytest
from django.core import mail
from django.urls import reverse

from hamafza.accounts.models import Notification
from hamafza.meetings.services import notify

pytestmark = pytest.mark.django_db


def test_the_mail_of_a_new_assignment_links_to_the_site_address(settings, officer, lead):
    settings.SITE_URL = "https://hamafza.example.ir/"
    path = reverse("meetings:assignment", args=[lead.pk])
    mail.outbox.clear()
    notify.assignment_created(lead.pk)
    [message] = [m for m in mail.outbox if m.to == [officer.email]]
    assert f"https://hamafza.example.ir{path}" in message.body
    # On the site, the inbox keeps the path (the link works whatever address the site is reached by).
    assert Notification.objects.filter(user=officer, url=path).exists()
