"""Issue 10, defect 8: an expired form (CSRF) gets a Persian page too."""

import pytest


@pytest.mark.django_db
def test_an_expired_form_is_explained_in_persian(settings, officer):
    from django.test import Client
    from django.urls import reverse

    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(reverse("accounts:notifications_read"))
    page = response.content.decode()
    assert response.status_code == 403
    assert 'id="csrf-failure"' in page and "فرم منقضی شده است" in page and "CSRF" not in page
