"""Who sees what, from the outside: every page and endpoint of the assemblies, as each role.

Outsiders (another body's secretariat, an officer of an NGO outside the assembly) get a 404 everywhere,
on the pages and in the API; insiders get a 404 on the pages that are not theirs (the voting page of
another's NGO, the secretariat's pages, the tellers' page, results before they may see them). Signed
out, the pages send to the sign-in page and the API refuses, as everywhere in Hamafza; only the letter
check is public.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hamafza.assembly.models import Election, IntroductionLetter
from hamafza.assembly.services import ballots, counting
from hamafza.assembly.services import elections as services
from tests.assembly.conftest import stand_all

OUTSIDERS = ["other_secretary", "stranger"]


@pytest.fixture
def world(
    voting,
    candidates,
    members,
    assembly,
    secretary,
    sup1,
    sup2,
    rep_a,
    rep_b,
    officer_a,
    teller1,
    viewer,
    meeting,
):
    """`voting`: open; `done`: another election of the assembly, published, with its letters."""
    ballots.cast_ballot(voting, members["a"], by=rep_a, choices=[candidates["a"].pk], channel="web")
    starts = timezone.now() - dt.timedelta(hours=1)
    done = services.create_election(
        assembly,
        by=secretary,
        data=services.ElectionData(
            title="انتخابات پیشین",
            seats=1,
            max_choices=1,
            voting_starts_at=starts,
            voting_ends_at=starts + dt.timedelta(hours=4),
        ),
    )
    services.add_official(done, by=secretary, user=sup1, role="supervisor")
    services.open_candidacy(done, by=secretary)
    done_candidates = stand_all(done, members, secretary, keys=("a", "b"))
    services.close_candidacy(done, by=secretary)
    services.open_voting(done, by=secretary)
    ballots.cast_ballot(done, members["b"], by=rep_b, choices=[done_candidates["b"].pk], channel="web")
    services.close_voting(done, by=secretary)
    counting.count_votes(done, by=secretary)
    counting.confirm_results(done, by=sup1)
    counting.publish_results(done, by=secretary)
    letter = IntroductionLetter.objects.get(election=done)
    return {
        "assembly": assembly,
        "voting": voting,
        "done": done,
        "candidate": candidates["a"],
        "member": members["a"],
        "letter": letter,
        "nomination_member": members["a"],
    }


def pages(w) -> dict[str, str]:
    a, v, d = w["assembly"], w["voting"], w["done"]
    return {
        "list": reverse("assembly:list"),
        "detail": reverse("assembly:detail", args=[a.pk]),
        "edit": reverse("assembly:edit", args=[a.pk]),
        "nominations": reverse("assembly:nominations", args=[a.pk]),
        "nomination_create": reverse("assembly:nomination_create", args=[a.pk]),
        "nomination_import": reverse("assembly:nomination_import", args=[a.pk]),
        "nomination_template": reverse("assembly:nomination_import_template", args=[a.pk]),
        "member": reverse("assembly:member", args=[w["member"].pk]),
        "election_create": reverse("assembly:election_create", args=[a.pk]),
        "election": reverse("assembly:election", args=[v.pk]),
        "officials": reverse("assembly:officials", args=[v.pk]),
        "candidate": reverse("assembly:candidate", args=[w["candidate"].pk]),
        "vote": reverse("assembly:vote", args=[v.pk]),
        "paper": reverse("assembly:paper", args=[v.pk]),
        "tracking": reverse("assembly:tracking", args=[v.pk]),
        "results": reverse("assembly:results", args=[d.pk]),
        "results_xlsx": reverse("assembly:results_xlsx", args=[d.pk]),
        "minutes_pdf": reverse("assembly:minutes_pdf", args=[d.pk]),
        "letter_pdf": reverse("assembly:letter_pdf", args=[w["letter"].pk]),
    }


# The pages each insider may open (200); every other page answers 404.
SEES = {
    "admin": "all",
    "secretary": "all",
    "rep_a": {
        "list",
        "detail",
        "member",
        "election",
        "candidate",
        "vote",
        "tracking",
        "results",
        "results_xlsx",
        "minutes_pdf",
    },
    "rep_b": {
        "list",
        "detail",
        "election",
        "candidate",
        "vote",
        "tracking",
        "results",
        "results_xlsx",
        "minutes_pdf",
        "letter_pdf",
        "member",
    },
    "officer_a": {
        "list",
        "detail",
        "member",
        "election",
        "candidate",
        "tracking",
        "results",
        "results_xlsx",
        "minutes_pdf",
    },
    "sup1": {
        "list",
        "detail",
        "member",
        "election",
        "candidate",
        "paper",
        "tracking",
        "results",
        "results_xlsx",
        "minutes_pdf",
        "letter_pdf",
    },
    "teller1": {
        "list",
        "detail",
        "member",
        "election",
        "candidate",
        "paper",
        "tracking",
        "results",
        "results_xlsx",
        "minutes_pdf",
    },
    "viewer": {
        "list",
        "detail",
        "member",
        "election",
        "candidate",
        "tracking",
        "results",
        "results_xlsx",
        "minutes_pdf",
    },
    "other_secretary": {"list"},
    "stranger": {"list"},
}


@pytest.mark.parametrize("role", list(SEES))
def test_every_page_as_every_role(request, client_for, world, role):
    client = client_for(request.getfixturevalue(role))
    allowed = SEES[role]
    for name, url in pages(world).items():
        expected = 200 if allowed == "all" or name in allowed else 404
        if role == "secretary" and name == "vote":
            expected = 404  # the secretariat speaks for no member NGO
        if role == "admin" and name == "vote":
            expected = 404
        response = client.get(url)
        assert response.status_code == expected, f"{role} {name} {url}: {response.status_code}"


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_see_no_assembly_in_the_list(request, client_for, world, role):
    html = client_for(request.getfixturevalue(role)).get(reverse("assembly:list")).content.decode()
    assert world["assembly"].name not in html


def test_signed_out_is_sent_to_sign_in_except_for_the_letter_check(client, world):
    for name, url in pages(world).items():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    assert client.get(reverse("assembly:verify")).status_code == 200


@pytest.mark.parametrize("role", ["viewer", "other_secretary", "stranger", "rep_a", "teller1"])
def test_actions_of_the_secretariat_and_supervisors_are_404_to_others(request, client_for, world, role):
    client = client_for(request.getfixturevalue(role))
    v, d = world["voting"], world["done"]
    for url in (
        reverse("assembly:election_step", args=[v.pk, "close-voting"]),
        reverse("assembly:confirm", args=[d.pk]),
        reverse("assembly:publish", args=[d.pk]),
        reverse("assembly:lots", args=[d.pk]),
        reverse("assembly:runoff", args=[d.pk]),
        reverse("assembly:nomination_accept_many", args=[world["assembly"].pk]),
    ):
        assert client.post(url, {}).status_code == 404, url
    v.refresh_from_db()
    assert v.state == Election.State.VOTING_OPEN


def test_a_representative_cannot_vote_for_another_ngo_through_the_pages(
    client_for, world, rep_b, members, candidates
):
    """The voting page casts the ballot of the user's own NGO only; a member id sent along is ignored."""
    client = client_for(rep_b)
    response = client.post(
        reverse("assembly:vote", args=[world["voting"].pk]),
        {"choices": [candidates["b"].pk], "member": members["c"].pk},
    )
    assert response.status_code == 200
    voted = set(world["voting"].voter_records.values_list("member_id", flat=True))
    assert voted == {members["a"].pk, members["b"].pk}


def test_no_page_or_endpoint_shows_a_ballot(client_for, world, secretary, admin):
    """Reading another's ballot: there is nothing to read. Neither the secretariat nor an administrator
    finds a ballot's content on any page of the election or in the API."""
    ballot = world["voting"].ballots.get()
    for user in (secretary, admin):
        client = client_for(user)
        for url in list(pages(world).values()) + [
            reverse("api:assembly-election-detail", args=[world["voting"].pk]),
            reverse("api:assembly-election-list"),
        ]:
            text = client.get(url).content.decode(errors="ignore")
            assert str(ballot.pk) not in text and ballot.tracking_hash not in text, url
        assert client.get(f"/api/assembly/ballots/{ballot.pk}/").status_code == 404
    assert world["voting"].state == Election.State.VOTING_OPEN


# The API


def api_urls(w) -> dict[str, tuple[str, str]]:
    v, d = w["voting"], w["done"]
    return {
        "assembly": ("get", reverse("api:assembly-assembly-detail", args=[w["assembly"].pk])),
        "election": ("get", reverse("api:assembly-election-detail", args=[v.pk])),
        "results": ("get", reverse("api:assembly-election-results", args=[d.pk])),
        "ballot": ("post", reverse("api:assembly-election-ballot", args=[v.pk])),
        "paper": ("post", reverse("api:assembly-election-paper-entries", args=[v.pk])),
    }


@pytest.mark.parametrize("role", OUTSIDERS)
def test_the_api_answers_404_to_outsiders(request, client_for, world, role):
    client = client_for(request.getfixturevalue(role))
    for name, (method, url) in api_urls(world).items():
        response = getattr(client, method)(
            url, {"choices": [1], "paper_number": 1}, content_type="application/json"
        )
        assert response.status_code == 404, name
    assert client.get(reverse("api:assembly-election-list")).json()["count"] == 0
    assert client.get(reverse("api:assembly-assembly-list")).json()["count"] == 0


def test_the_api_refuses_the_signed_out(world):
    client = Client()
    for name, (method, url) in api_urls(world).items():
        assert getattr(client, method)(url, {}, content_type="application/json").status_code in (401, 403), (
            name
        )


@pytest.mark.parametrize("role", ["viewer", "officer_a", "sup1", "teller1", "secretary"])
def test_only_a_representative_or_substitute_casts_through_the_api(
    request, client_for, world, role, candidates
):
    client = client_for(request.getfixturevalue(role))
    url = reverse("api:assembly-election-ballot", args=[world["voting"].pk])
    assert (
        client.post(url, {"choices": [candidates["a"].pk]}, content_type="application/json").status_code
        == 404
    )
    assert world["voting"].voter_records.count() == 1


def test_the_api_casts_once_and_refuses_the_second(client_for, world, rep_b, candidates):
    client = client_for(rep_b)
    url = reverse("api:assembly-election-ballot", args=[world["voting"].pk])
    first = client.post(
        url, {"choices": [candidates["a"].pk, candidates["b"].pk]}, content_type="application/json"
    )
    assert first.status_code == 201
    body = first.json()
    assert body["valid"] is True and len(body["tracking_code"]) == 14 and body["invalid_reason"] == ""
    second = client.post(url, {"choices": [candidates["c"].pk]}, content_type="application/json")
    assert second.status_code == 400 and second.json()["code"] == "already_voted"
    too_many = client_for(
        world["voting"].assembly.members.get(organization__name=candidates["c"].name).representative
    ).post(url, {"choices": [c.pk for c in candidates.values()]}, content_type="application/json")
    assert too_many.status_code == 201 and too_many.json() == {
        **too_many.json(),
        "valid": False,
        "invalid_reason": "too_many",
    }


def test_results_through_the_api_only_when_the_user_may_see_them(client_for, world, rep_a, viewer, sup1):
    url = reverse("api:assembly-election-results", args=[world["done"].pk])
    body = client_for(rep_a).get(url).json()
    assert body["voters_count"] == 1 and body["lines"][0]["outcome"] == "elected"
    voting_results = reverse("api:assembly-election-results", args=[world["voting"].pk])
    for user in (rep_a, viewer, sup1):
        assert client_for(user).get(voting_results).status_code == 404  # not counted yet


def test_tellers_enter_paper_ballots_through_the_api(client_for, world, teller1, teller2, candidates, rep_a):
    url = reverse("api:assembly-election-paper-entries", args=[world["voting"].pk])
    data = {"paper_number": 5, "choices": [candidates["c"].pk]}
    assert client_for(teller1).post(url, data, content_type="application/json").json()["state"] == "waiting"
    assert client_for(teller2).post(url, data, content_type="application/json").json()["state"] == "counted"
    assert client_for(rep_a).post(url, data, content_type="application/json").status_code == 404
