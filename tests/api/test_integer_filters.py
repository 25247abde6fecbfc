"""Whole-number query parameters (ids, a meeting's number, months, years): a number no column holds is a
400, never a 500 (found by schemathesis: `?body=-1.0159e+254` on /api/meetings/ and
`?organization=-6.4e+271` on /api/assignments/ raised OverflowError in the database driver)."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

TOO_BIG = ["99999999999999999999999", "-1.015900471436223e+254", "1e300"]
PARAMETERS = [
    ("/api/meetings/", "body"),
    ("/api/meetings/", "number"),
    ("/api/assignments/", "organization"),
    ("/api/resolutions/", "meeting"),
    ("/api/reports/", "body"),
    ("/api/regions/", "parent"),
    ("/api/organizations/", "region"),
    ("/api/atlas/categories/", "parent"),
    ("/api/atlas/indicators/", "owner"),
    ("/api/atlas/summaries/", "month"),
    ("/api/goals/programmes/", "year"),
    ("/api/goals/reports/", "measure"),
    ("/api/goals/reports/", "quarter"),
    ("/api/goals/reviews/", "goal"),
    ("/api/participation/pledges/", "donor"),
    ("/api/counseling/cases/", "station"),
]


@pytest.mark.parametrize(("path", "name"), PARAMETERS)
def test_a_number_no_column_holds_is_refused_with_400(secretary, admin, path, name):
    client = Client()
    client.force_login(admin)
    for value in TOO_BIG:
        response = client.get(path, {name: value})
        assert response.status_code == 400, (value, response.status_code)
        assert name in response.json()


def test_a_whole_number_still_filters(secretary, meeting, resolution):
    client = Client()
    client.force_login(secretary)
    for value in (str(meeting.body_id), f"{meeting.body_id}.0"):
        listed = client.get("/api/meetings/", {"body": value})
        assert listed.status_code == 200
        assert [row["id"] for row in listed.json()["results"]] == [meeting.pk]
    assert client.get("/api/meetings/", {"body": meeting.body_id + 1000}).json()["results"] == []
    assert client.get("/api/meetings/", {"number": meeting.number}).json()["count"] == 1


def test_the_schema_declares_them_integers(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, name in PARAMETERS:
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert parameters[name]["schema"]["type"] == "integer", (path, name)
