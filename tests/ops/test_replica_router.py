"""The dashboards, the atlas and the exports read from the replica when one is configured; everything else,
and every write, uses the primary. The replica here is a second alias on the same database server."""

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamafza.ops.routers import REPLICA, ReplicaRouter, replica_reads


@pytest.fixture
def replica(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "hamafza.ops.middleware.ReplicaReadsMiddleware"]
    replica_settings = {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
    settings.DATABASES = {**settings.DATABASES, REPLICA: replica_settings}
    wrapper = load_backend(replica_settings["ENGINE"]).DatabaseWrapper(replica_settings, REPLICA)
    connections[REPLICA] = wrapper
    yield wrapper
    wrapper.close()
    del connections[REPLICA]


@pytest.mark.django_db(transaction=True)
def test_a_dashboard_reads_from_the_replica_and_a_detail_page_does_not(replica, client_for, secretary, body):
    client = client_for(secretary)
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("meetings:body", args=[body.pk]))
    assert response.status_code == 200
    assert body.name in response.content.decode()  # the replica holds the same rows
    assert len(on_replica) > 0
    assert not any("meetings_body" in query["sql"] for query in on_primary)

    with CaptureQueriesContext(replica) as on_replica:
        response = client.get(reverse("meetings:bodies"))
    assert response.status_code == 200
    assert len(on_replica) == 0


@pytest.mark.django_db(transaction=True)
def test_an_atlas_page_reads_from_the_replica(replica, client_for, secretary):
    with CaptureQueriesContext(replica) as on_replica:
        response = client_for(secretary).get(reverse("atlas:map"))
    assert response.status_code == 200
    assert len(on_replica) > 0


def test_writes_stay_on_the_primary(replica):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(None) == REPLICA
        assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) == "default"
    assert router.allow_migrate(REPLICA, "meetings") is False


def test_without_a_replica_everything_reads_from_the_primary():
    with replica_reads():
        assert ReplicaRouter().db_for_read(None) == "default"
