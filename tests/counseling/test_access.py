"""Who reads what, from the outside: case details only to the station's counsellors and the province's
reviewers, numbers only above; another station or province gets a 404 on pages and API alike."""

import pytest

from hamafza.lib.persian import to_persian_digits

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(case, counsellor, today):
    from hamafza.counseling.services import cases

    cases.close_case(case, by=counsellor, outcome="reconciled", closed_on=today)
    return case


def _pages(case):
    return [
        f"/counseling/cases/{case.pk}/",
        f"/counseling/cases/{case.pk}/edit/",
        f"/counseling/cases/{case.pk}/personal/",
        f"/api/counseling/cases/{case.pk}/",
    ]


def test_the_counsellor_and_the_provincial_reviewer_read_the_case(client_for, case, counsellor, reviewer):
    assert client_for(counsellor).get(f"/counseling/cases/{case.pk}/").status_code == 200
    assert client_for(counsellor).get(f"/api/counseling/cases/{case.pk}/").status_code == 200
    assert client_for(reviewer).get(f"/counseling/cases/{case.pk}/").status_code == 200
    assert client_for(reviewer).get(f"/api/counseling/cases/{case.pk}/").status_code == 200
    # The reviewer reads, but does not record.
    assert client_for(reviewer).get(f"/counseling/cases/{case.pk}/edit/").status_code == 404
    response = client_for(reviewer).post(
        f"/counseling/cases/{case.pk}/sessions/", {"held_on": "", "duration_minutes": "30"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["counsellor_b", "clerk", "deputy", "fars_counsellor", "admin", "outsider"])
def test_everyone_else_gets_404_on_the_case(request, client_for, case, who):
    client = client_for(request.getfixturevalue(who))
    for url in _pages(case):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/counseling/cases/{case.pk}/close/", {"outcome": "reconciled"}).status_code == 404
    listed = client.get("/api/counseling/cases/").json()
    assert listed["count"] == 0


def test_the_case_list_holds_only_the_stations_the_user_reads(client_for, case, counsellor_b, reviewer):
    number = to_persian_digits(case.number)
    assert number not in client_for(counsellor_b).get("/counseling/").content.decode()
    assert number in client_for(reviewer).get("/counseling/").content.decode()


def test_figures_above_the_station_are_numbers_only(
    client_for,
    closed,
    station_a,
    deputy,
    clerk,
    reviewer,
    fars_counsellor,
    counsellor_b,
    admin,
    province,
    other_province,
    county,
):
    station = f"/counseling/figures/stations/{station_a.pk}/"
    tehran = f"/counseling/figures/provinces/{province.pk}/"
    tehran_county = f"/counseling/figures/counties/{county.pk}/"
    national = "/counseling/figures/"
    api = f"/api/counseling/figures/?level=province&unit={province.pk}"
    for user in (deputy, admin):
        for url in (station, tehran, tehran_county, national, api):
            assert client_for(user).get(url).status_code == 200, (user, url)
    for url in (station, tehran, tehran_county, api):
        assert client_for(reviewer).get(url).status_code == 200, url
    assert client_for(reviewer).get(national).status_code == 404
    # A station's clerk reads the station's figures, not the province's.
    assert client_for(clerk).get(station).status_code == 200
    for url in (tehran, tehran_county, national, api):
        assert client_for(clerk).get(url).status_code == 404, url
    # Another station of the county, and another province: 404.
    assert client_for(counsellor_b).get(station).status_code == 404
    for url in (station, tehran, tehran_county, national, api):
        assert client_for(fars_counsellor).get(url).status_code == 404, url
