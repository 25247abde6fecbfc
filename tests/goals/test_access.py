"""Every page, export and endpoint of annual programmes, as every role, from the outside: another
province, a clerk who is not an officer, a viewer, a reviewer, an outsider, and nobody signed in.

The roles (hamafza/goals/access.py): the programme's organisation's officers own it; the officers of the
organisation above and a reviewer by role review it; the users of the organisation and of those above or
below it, and viewers by role, read it; everyone else gets a 404."""

import pytest
from django.test import Client
from django.urls import reverse

from hamafza.goals.services import programmes as services
from hamafza.goals.services.programmes import MeasureSpec

pytestmark = pytest.mark.django_db

ROLES = [
    "national_owner",
    "tehran_officer",
    "tehran_clerk",
    "fars_officer",
    "reviewer",
    "goals_viewer",
    "outsider",
]


@pytest.fixture
def draft(tehran, tehran_officer, year):
    """A draft of Tehran's own for the year after, with a goal and a measure."""
    programme = services.create_programme(tehran, by=tehran_officer, year=year + 1, title="پیش‌نویس تهران")
    goal = services.add_goal(programme, by=tehran_officer, title="هدف پیش‌نویس")
    measure = services.add_measure(
        goal, by=tehran_officer, spec=MeasureSpec(name="سنجه", source="manual", baseline=1, target=2)
    )
    return {"programme": programme, "goal": goal, "measure": measure}


@pytest.fixture
def urls(world, draft, national_programme, tehran_programme, year, province):
    report = world["report"]
    return {
        "programmes": reverse("goals:programmes"),
        "programme_create": reverse("goals:programme_create"),
        "programme": reverse("goals:programme", args=[tehran_programme.pk]),
        "programme_national": reverse("goals:programme", args=[national_programme.pk]),
        "programme_edit": reverse("goals:programme_edit", args=[draft["programme"].pk]),
        "goal_create": reverse("goals:goal_create", args=[draft["programme"].pk]),
        "goal_edit": reverse("goals:goal_edit", args=[draft["goal"].pk]),
        "measure_create": reverse("goals:measure_create", args=[draft["goal"].pk]),
        "measure_edit": reverse("goals:measure_edit", args=[draft["measure"].pk]),
        "side_by_side": reverse("goals:side_by_side", args=[national_programme.pk]),
        "scorecard": reverse("goals:scorecard", args=[national_programme.pk]),
        "scorecard_xlsx": reverse("goals:scorecard", args=[national_programme.pk]) + "?format=xlsx",
        "carry_over": reverse("goals:carry_over", args=[tehran_programme.pk]),
        "programme_package": reverse("goals:programme_package", args=[tehran_programme.pk, "pdf"]),
        "programme_package_xlsx": reverse("goals:programme_package", args=[tehran_programme.pk, "xlsx"]),
        "province_package": reverse("goals:province_package", args=[year, province.pk, "xlsx"]),
        "review": reverse("goals:review", args=[world["goal"].pk]),
        "report_create": reverse("goals:report_create", args=[world["measure"].pk]),
        "report": reverse("goals:report", args=[report.pk]),
        "report_file": reverse("goals:report_file", args=[report.files.get().pk]),
    }


OK, FORBIDDEN, MISSING = 200, 403, 404
READERS_OF_TEHRAN = {"national_owner": OK, "tehran_officer": OK, "tehran_clerk": OK, "fars_officer": MISSING,
                     "reviewer": OK, "goals_viewer": OK, "outsider": MISSING}  # fmt: skip
READERS_OF_NATIONAL = {**READERS_OF_TEHRAN, "fars_officer": OK, "goals_viewer": MISSING}
TEHRANS_OWN = {"national_owner": FORBIDDEN, "tehran_officer": OK, "tehran_clerk": FORBIDDEN, "fars_officer": MISSING,
               "reviewer": FORBIDDEN, "goals_viewer": FORBIDDEN, "outsider": MISSING}  # fmt: skip
EVERYONE = dict.fromkeys(ROLES, OK)
OFFICERS = {**EVERYONE, "tehran_clerk": MISSING, "goals_viewer": MISSING}

EXPECTED_GET = {
    "programmes": EVERYONE,
    "programme_create": OFFICERS,  # any officer may draw up the programme of its own organisation
    "programme": READERS_OF_TEHRAN,
    "programme_national": READERS_OF_NATIONAL,
    "programme_edit": TEHRANS_OWN,
    "goal_create": TEHRANS_OWN,
    "goal_edit": TEHRANS_OWN,
    "measure_create": TEHRANS_OWN,
    "measure_edit": TEHRANS_OWN,
    "side_by_side": READERS_OF_NATIONAL,
    "scorecard": READERS_OF_NATIONAL,
    "scorecard_xlsx": READERS_OF_NATIONAL,
    "carry_over": TEHRANS_OWN,
    "programme_package": READERS_OF_TEHRAN,
    "programme_package_xlsx": READERS_OF_TEHRAN,
    "province_package": READERS_OF_TEHRAN,
    "review": READERS_OF_TEHRAN,
    "report_create": TEHRANS_OWN,
    "report": READERS_OF_TEHRAN,
    "report_file": READERS_OF_TEHRAN,
}


@pytest.mark.parametrize("page", sorted(EXPECTED_GET))
def test_every_page_as_every_role(request, urls, page):
    for role in ROLES:
        client = Client()
        client.force_login(request.getfixturevalue(role))
        response = client.get(urls[page])
        assert response.status_code == EXPECTED_GET[page][role], (page, role)
    assert Client().get(urls[page]).status_code == 302  # to the login page


def test_an_outsider_never_sees_the_data(urls, client_for, outsider, tehran_programme):
    client = client_for(outsider)
    listing = client.get(urls["programmes"]).content.decode()
    assert tehran_programme.title not in listing
    for page in ("programme", "review", "report", "programme_package"):
        assert tehran_programme.title.encode() not in client.get(urls[page]).content


def test_the_side_by_side_shows_a_province_only_its_own_row(
    client_for, urls, tehran_officer, national_owner, tehran_programme, fars_programme
):
    own = client_for(tehran_officer).get(urls["side_by_side"]).content.decode()
    assert f'data-organization="{tehran_programme.organization_id}"' in own
    assert f'data-organization="{fars_programme.organization_id}"' not in own
    both = client_for(national_owner).get(urls["side_by_side"]).content.decode()
    assert f'data-organization="{fars_programme.organization_id}"' in both


def test_the_province_package_holds_only_what_the_user_reads(
    client_for, fars_officer, year, other_province, urls
):
    # Fars reads its own province's package; Tehran's is not Fars's to read.
    own = reverse("goals:province_package", args=[year, other_province.pk, "pdf"])
    assert client_for(fars_officer).get(own).status_code == 200
    assert client_for(fars_officer).get(urls["province_package"]).status_code == 404


def test_an_unknown_format_is_404(client_for, tehran_officer, tehran_programme):
    url = reverse("goals:programme_package", args=[tehran_programme.pk, "docx"])
    assert client_for(tehran_officer).get(url).status_code == 404


# --- changes ---------------------------------------------------------------------------------------------

OWNER_ONLY = {"national_owner": FORBIDDEN, "tehran_officer": 302, "tehran_clerk": FORBIDDEN, "fars_officer": MISSING,
              "reviewer": FORBIDDEN, "goals_viewer": FORBIDDEN, "outsider": MISSING}  # fmt: skip
REVIEWERS = {"national_owner": 302, "tehran_officer": FORBIDDEN, "tehran_clerk": FORBIDDEN, "fars_officer": MISSING,
             "reviewer": 302, "goals_viewer": FORBIDDEN, "outsider": MISSING}  # fmt: skip
OWNERS_AND_REVIEWERS = {**REVIEWERS, "tehran_officer": 302}


def _post_urls(world, draft, national_programme, tehran_programme):
    return {
        "programme_activate": (
            reverse("goals:programme_activate", args=[draft["programme"].pk]),
            {},
            OWNER_ONLY,
        ),
        "programme_recompute": (
            reverse("goals:programme_recompute", args=[tehran_programme.pk]),
            {},
            OWNERS_AND_REVIEWERS,
        ),
        "goal_delete": (reverse("goals:goal_delete", args=[draft["goal"].pk]), {}, OWNER_ONLY),
        "measure_delete": (reverse("goals:measure_delete", args=[draft["measure"].pk]), {}, OWNER_ONLY),
        "report_decide": (
            reverse("goals:report_decide", args=[world["pending"].pk]),
            {"decision": "accept"},
            REVIEWERS,
        ),
        "review_decide": (
            reverse("goals:review_decide", args=[world["goal"].pk]),
            {"decision": "accept"},
            REVIEWERS,
        ),
        "programme_adopt": (
            reverse("goals:programme_adopt", args=[national_programme.pk]),
            {},
            # Tehran and Fars have adopted it already (the service says so after the redirect); the
            # reviewer's office is not under the national deputy; the viewer does not read it.
            {
                "national_owner": FORBIDDEN,
                "tehran_officer": 302,
                "tehran_clerk": FORBIDDEN,
                "fars_officer": 302,
                "reviewer": FORBIDDEN,
                "goals_viewer": MISSING,
                "outsider": MISSING,
            },  # fmt: skip
        ),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["programme_activate", "programme_recompute", "goal_delete", "measure_delete",
                                    "report_decide", "review_decide", "programme_adopt"])  # fmt: skip
def test_every_change_as_every_role(
    request, world, draft, national_programme, tehran_programme, action, role
):
    url, data, expected = _post_urls(world, draft, national_programme, tehran_programme)[action]
    client = Client()
    client.force_login(request.getfixturevalue(role))
    assert client.post(url, data).status_code == expected[role]


def test_a_change_by_a_refused_user_changes_nothing(client_for, world, fars_officer, tehran_clerk):
    pending = world["pending"]
    for user in (fars_officer, tehran_clerk):
        client_for(user).post(reverse("goals:report_decide", args=[pending.pk]), {"decision": "accept"})
    pending.refresh_from_db()
    assert pending.state == "submitted"


# --- the API ---------------------------------------------------------------------------------------------


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_the_api_lists_only_what_the_user_reads(
    client_for,
    world,
    national_programme,
    tehran_programme,
    fars_programme,
    fars_officer,
    outsider,
    goals_viewer,
    national_owner,
):
    assert _ids(client_for(fars_officer).get("/api/goals/programmes/")) == {
        national_programme.pk,
        fars_programme.pk,
    }
    assert _ids(client_for(goals_viewer).get("/api/goals/programmes/")) == {tehran_programme.pk}
    assert _ids(client_for(outsider).get("/api/goals/programmes/")) == set()
    assert _ids(client_for(national_owner).get("/api/goals/programmes/")) == {
        national_programme.pk,
        tehran_programme.pk,
        fars_programme.pk,
    }
    assert _ids(client_for(fars_officer).get("/api/goals/reports/")) == set()
    assert _ids(client_for(fars_officer).get("/api/goals/reviews/")) == set()
    assert len(_ids(client_for(goals_viewer).get("/api/goals/reports/"))) == 2


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_404_to_outsiders(request, world, tehran_programme, national_programme, role):
    client = Client()
    client.force_login(request.getfixturevalue(role))
    expected = READERS_OF_TEHRAN[role]
    for url in (
        f"/api/goals/programmes/{tehran_programme.pk}/",
        f"/api/goals/reports/{world['report'].pk}/",
        f"/api/goals/reviews/{world['review'].pk}/",
    ):
        assert client.get(url).status_code == expected, (url, role)
    assert (
        client.get(f"/api/goals/programmes/{national_programme.pk}/adoptions/").status_code
        == READERS_OF_NATIONAL[role]
    )


def test_the_api_adoptions_are_scoped(client_for, world, national_programme, tehran_officer, national_owner):
    url = f"/api/goals/programmes/{national_programme.pk}/adoptions/"
    assert len(client_for(tehran_officer).get(url).json()) == 1
    assert len(client_for(national_owner).get(url).json()) == 2


def test_reporting_through_the_api_obeys_the_same_rules(
    client_for, world, tehran_officer, tehran_clerk, fars_officer
):
    measure = world["measure"]
    payload = {"measure": measure.pk, "quarter": 3, "value": 150, "narrative": "۶۰ جلسه"}
    assert client_for(fars_officer).post("/api/goals/reports/", payload).status_code == 404
    assert client_for(tehran_clerk).post("/api/goals/reports/", payload).status_code == 403
    response = client_for(tehran_officer).post("/api/goals/reports/", payload)
    assert response.status_code == 201
    assert (response.json()["quarter"], response.json()["state"]) == (3, "submitted")
    again = client_for(tehran_officer).post("/api/goals/reports/", payload)
    assert again.status_code == 400 and again.json()["detail"]


CHANGES = ["programme_activate", "programme_recompute", "goal_delete", "measure_delete", "report_decide",
           "review_decide", "programme_adopt"]  # fmt: skip


def test_every_goals_page_is_in_this_file():
    from django.urls import URLPattern, get_resolver

    resolver = get_resolver().namespace_dict["goals"][1]
    names = {p.name for p in resolver.url_patterns if isinstance(p, URLPattern)}
    assert names - set(EXPECTED_GET) - set(CHANGES) == set()
