"""The audit log cannot be edited from the site, not even by a superuser in the admin."""

import pytest
from django.contrib import admin as django_admin
from django.test import RequestFactory
from django.urls import reverse

from hamafza.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(resolution):
    return AuditEntry.objects.filter(action="resolution.create").get()


def test_superuser_can_read_the_log(client_for, admin, entry):
    client = client_for(admin)
    listing = client.get(reverse("admin:audit_auditentry_changelist"))
    assert listing.status_code == 200
    assert "resolution.create" in listing.content.decode()
    detail = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert 'name="_save"' not in html
    assert reverse("admin:audit_auditentry_delete", args=[entry.pk]) not in html


def test_superuser_cannot_add_change_or_delete(client_for, admin, entry):
    client = client_for(admin)
    before = list(AuditEntry.objects.order_by("pk").values())

    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:audit_auditentry_add"), {"action": "forged", "object_type": "x", "object_id": 1}
        ).status_code
        == 403
    )
    response = client.post(
        reverse("admin:audit_auditentry_change", args=[entry.pk]),
        {"action": "forged", "object_repr": "forged", "actor_name": "nobody"},
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    assert (
        client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    # The bulk «delete selected» action is not offered.
    response = client.post(
        reverse("admin:audit_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)

    assert list(AuditEntry.objects.order_by("pk").values()) == before


def test_the_model_admin_refuses_every_write(admin, entry):
    model_admin = django_admin.site._registry[AuditEntry]
    request = RequestFactory().get("/")
    request.user = admin
    assert model_admin.has_view_permission(request, entry)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_changes_to_domain_objects_in_the_admin_are_audited(client_for, admin, police):
    response = client_for(admin).post(
        reverse("admin:orgs_organization_change", args=[police.pk]),
        {**_organization_form(police), "short_name": "فراجا"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="organization.update")
    assert (entry.actor, entry.object_id, entry.changes, entry.source, entry.ip) == (
        admin,
        police.pk,
        {"short_name": ["", "فراجا"]},
        "web",
        "127.0.0.1",
    )


def _organization_form(organization) -> dict:
    from django.forms.models import model_to_dict

    data = {k: v for k, v in model_to_dict(organization).items() if v is not None}
    return {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
