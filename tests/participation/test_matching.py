"""Matching: donors ranked for a need (by hand), allocation proposals, and confirming them line by line."""

import pytest
from django.urls import reverse
from django.utils import translation

from hamafza.accounts.models import Notification
from hamafza.audit.models import AuditEntry
from hamafza.meetings.models import Body
from hamafza.participation.models import AllocationLine, AllocationProposal, Donor, Need, Pledge
from hamafza.participation.services import allocation
from hamafza.participation.services import matching as services
from hamafza.participation.services.common import ParticipationError

pytestmark = pytest.mark.django_db

M = 1_000_000


def _donor(body, name, **fields):
    return Donor.objects.create(kind=Donor.Kind.PERSON, name=name, body=body, **fields)


def _pledge(donor, need=None, value=M, state=Pledge.State.PLEDGED, **fields):
    return Pledge.objects.create(donor=donor, body=donor.body, need=need, value=value, state=state, **fields)


# Donor ranking


@pytest.fixture
def ranking(body, province, city, approved_need, donor, other_donor):
    """approved_need: a vehicle for the police in `neighbourhood` (inside `city`).

    - other_donor (anonymous, no stated interests): 999,000 rials before Hamafza and two verified pledges
      to the need of 500 rials each (giving 1,000,000, the best); a cancelled pledge and a general pledge
      that do not count for reliability: (2 + 1) / (2 + 2) = 0.75. Interest ½ + ½ halves = 0.5.
      Score 100 × (0.4 × 0.5 + 0.3 × 1 + 0.3 × 0.75) = 72.5.
    - donor (vehicle among its categories, the neighbourhood among its regions): interest 1, giving 0,
      reliability ½ (no pledge yet). Score 100 × (0.4 + 0 + 0.15) = 55.
    - city_donor (cash only; the city, which holds the neighbourhood): interest ½; 999 rials before:
      giving log(1,000) / log(1,000,001) ≈ 0.5; reliability ½. Score ≈ 50.
    - not listed: a donor who may not be contacted, an inactive one, one of another body.
    """
    other_donor.prior_giving = 999_000
    other_donor.save()
    for _ in range(2):
        _pledge(other_donor, approved_need, value=500, state=Pledge.State.VERIFIED, delivered_value=500)
    _pledge(other_donor, approved_need, value=500, state=Pledge.State.CANCELLED)
    _pledge(other_donor, None, value=500, state=Pledge.State.PLEDGED)
    city_donor = _donor(body, "خیر شهری", interest_categories=["cash"], prior_giving=999)
    city_donor.interest_regions.add(city)
    _donor(body, "خیر بی‌تماس", may_contact=False, prior_giving=10**9)
    _donor(body, "خیر غیرفعال", is_active=False, prior_giving=10**9)
    elsewhere = Body.objects.create(
        name="کارگروه دیگر", kind="working_group", region=province, secretariat=body.secretariat
    )
    _donor(elsewhere, "خیر جای دیگر", prior_giving=10**9)
    return {"city_donor": city_donor}


def test_donors_are_ranked_by_interest_giving_and_reliability(ranking, approved_need, donor, other_donor):
    ranked = allocation.rank_donors(approved_need)
    assert [s.donor for s in ranked] == [other_donor, donor, ranking["city_donor"]]
    top, second, third = ranked
    assert top.parts == pytest.approx({"interest": 0.5, "giving": 1.0, "reliability": 0.75})
    assert top.score == pytest.approx(72.5)
    assert second.parts == pytest.approx({"interest": 1.0, "giving": 0.0, "reliability": 0.5})
    assert second.score == pytest.approx(55)
    assert third.parts["interest"] == pytest.approx(0.5)
    assert third.parts["giving"] == pytest.approx(0.5, abs=1e-6)
    assert third.score == pytest.approx(50, abs=1e-3)


def test_each_part_of_the_score_is_explained(ranking, approved_need, neighbourhood, city):
    ranked = allocation.rank_donors(approved_need)
    with translation.override("en"):
        top, second, third = (s.explanation() for s in ranked)
    assert "states no categories of interest" in top[0] and "states no regions of interest" in top[0]
    assert "1,000,000 rials (999,000 before Hamafza, 1,000 verified here)" in top[1]
    assert "2 of 2 pledges to needs verified" in top[2]
    assert "The need's category (Vehicle) is among the donor's interests." in second[0]
    assert f"({neighbourhood.name}) is in {neighbourhood.name}, one of the donor's regions" in second[0]
    assert "0 rials" in second[1]
    assert "0 of 0 pledges" in second[2]
    assert "(Vehicle) is not among the donor's interests" in third[0]
    assert f"is in {city.name}, one of the donor's regions" in third[0]


def test_the_ranking_page_names_anonymous_donors_to_the_secretariat(
    ranking, approved_need, other_donor, client_for, secretary
):
    response = client_for(secretary).get(reverse("participation:need_donors", args=[approved_need.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert other_donor.name in html
    assert html.index(other_donor.name) < html.index(ranking["city_donor"].name)
    with translation.override("fa"):
        assert translation.gettext("Anonymous donor") not in html


# Allocation


@pytest.fixture
def market(body, police, approved_need, neighbourhood, other_neighbourhood, donor, other_donor, secretary):
    """Two needs and two general pledges where the simple rule loses.

    - need_a = approved_need: a vehicle in `neighbourhood`, priority 80, costs 500M; 400M already pledged
      to it (the fixture-style pledge of `donor`), so it lacks 100M.
    - need_b: equipment in `other_neighbourhood`, priority 50, lacks 100M.
    - wide: other_donor's 100M for anything anywhere (fits both); narrow: donor's 100M for vehicles in
      `neighbourhood` (fits need_a only).
    The simple rule fills need_a first from `wide` (the first of two with as much left) and has nothing
    for need_b: 80 × 100M. The program gives narrow to need_a and wide to need_b: (80 + 50) × 100M.
    Not taken: an offer awaiting the secretariat, a general pledge used up by its parts, a proposed need.
    """
    approved_need.priority_override = 80
    approved_need.save()
    _pledge(donor, approved_need, value=400 * M)
    need_b = Need.objects.create(
        body=body,
        organization=police,
        region=other_neighbourhood,
        category="equipment",
        title="دوربین برای پاسگاه",
        justification="نظارت",
        estimated_cost=100 * M,
        state=Need.State.APPROVED,
        priority_override=50,
    )
    Need.objects.create(
        body=body,
        region=neighbourhood,
        category="vehicle",
        title="نیاز هنوز تأییدنشده",
        justification="-",
        estimated_cost=100 * M,
        priority_override=99,
    )
    wide = _pledge(other_donor, None, value=100 * M)
    narrow = _pledge(donor, None, value=100 * M, category="vehicle", region=neighbourhood)
    _pledge(other_donor, None, value=100 * M, state=Pledge.State.OFFERED)
    used = _pledge(other_donor, None, value=100 * M)
    _pledge(other_donor, approved_need, value=100 * M, parent=used, state=Pledge.State.CANCELLED)
    _pledge(other_donor, need_b, value=100 * M, parent=used)
    need_b.estimated_cost = 200 * M  # the part above is pledged to need_b: it still lacks 100M
    need_b.save()
    return {"need_a": approved_need, "need_b": need_b, "wide": wide, "narrow": narrow}


def test_the_proposal_meets_more_value_than_the_simple_rule(market, body, secretary):
    proposal = services.propose_allocation(body, by=secretary)
    lines = {(line.pledge_id, line.need_id): line for line in proposal.lines.all()}
    assert {key: line.amount for key, line in lines.items()} == {
        (market["narrow"].pk, market["need_a"].pk): 100 * M,
        (market["wide"].pk, market["need_b"].pk): 100 * M,
    }
    assert proposal.value == pytest.approx(130 * 100 * M)
    assert proposal.greedy_value == pytest.approx(80 * 100 * M)
    assert proposal.amount == 200 * M
    assert proposal.summary["greedy_amount"] == 100 * M
    assert proposal.summary["unmet"] == []
    assert (proposal.pledges_count, proposal.needs_count) == (2, 2)
    assert proposal.state == AllocationProposal.State.PROPOSED
    assert AuditEntry.objects.filter(action="matching.propose", object_id=str(proposal.pk)).exists()


def test_each_line_is_explained(market, body, secretary, neighbourhood, other_neighbourhood):
    proposal = services.propose_allocation(body, by=secretary)
    wide = proposal.lines.get(pledge=market["wide"])
    assert wide.explanation == {
        "category_match": "any",
        "category": "equipment",
        "region_match": "anywhere",
        "pledge_region": "",
        "need_region": other_neighbourhood.name,
        "priority": 50,
        "rank": 2,
        "needs_count": 2,
        "pledge_remaining": 100 * M,
        "pledge_left": 0,
        "need_lacking": 100 * M,
        "need_receives": 100 * M,
        "pledge_fits": 2,
        "other_pledges_fit": 0,
        "higher_fitting": 1,
        "higher_covered": True,
    }
    narrow = proposal.lines.get(pledge=market["narrow"])
    assert narrow.explanation["region_match"] == "same"
    assert narrow.explanation["category_match"] == "same"
    assert narrow.explanation["rank"] == 1
    with translation.override("en"):
        reasons = allocation.explain_line(wide.explanation)
    assert reasons[0] == "Category: the pledge is for any category, Equipment included."
    assert reasons[1] == f"Region: the pledge may be used anywhere, {other_neighbourhood.name} included."
    assert reasons[2] == "Priority 50: rank 2 of the 2 open needs."
    assert "Every one of the 1 needs of higher priority that this pledge fits is fully covered." in reasons


def test_unmet_needs_are_listed_with_the_reason(market, body, secretary):
    market["narrow"].value = 40 * M
    market["narrow"].save()
    proposal = services.propose_allocation(body, by=secretary)
    # The 100M of `wide` go to need_a (the higher priority); need_b gets nothing and need_a 40M + 60M.
    received = {}
    for line in proposal.lines.all():
        received[line.need_id] = received.get(line.need_id, 0) + line.amount
    assert received == {market["need_a"].pk: 100 * M, market["need_b"].pk: 40 * M}
    assert proposal.summary["unmet"] == [
        {
            "need": market["need_b"].pk,
            "title": market["need_b"].title,
            "lacking": 100 * M,
            "receives": 40 * M,
            "pledges_fit": 1,
        }
    ]


def test_nothing_to_allocate_is_refused(body, secretary, approved_need):
    with pytest.raises(ParticipationError) as error:
        services.propose_allocation(body, by=secretary)
    assert error.value.code == "no_pledges"


def test_only_the_secretariat_proposes(market, body, viewer, officer):
    for user in (viewer, officer):
        with pytest.raises(ParticipationError):
            services.propose_allocation(body, by=user)
    assert not AllocationProposal.objects.exists()


def test_a_new_proposal_closes_the_open_one(market, body, secretary):
    first = services.propose_allocation(body, by=secretary)
    second = services.propose_allocation(body, by=secretary)
    first.refresh_from_db()
    assert first.state == AllocationProposal.State.CLOSED
    assert second.state == AllocationProposal.State.PROPOSED
    with pytest.raises(ParticipationError) as error:
        services.confirm_line(first.lines.first(), by=secretary)
    assert error.value.code == "closed"


def test_confirming_a_line_creates_a_part_of_the_pledge_and_tells_only_then(
    market, body, secretary, officer, donor_user, other_donor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        proposal = services.propose_allocation(body, by=secretary)
    assert callbacks == []
    assert not Notification.objects.exists()
    line = proposal.lines.get(pledge=market["wide"])
    with django_capture_on_commit_callbacks(execute=True):
        part = services.confirm_line(line, by=secretary)
    assert (part.parent, part.need, part.value, part.state, part.source) == (
        market["wide"],
        market["need_b"],
        100 * M,
        Pledge.State.PLEDGED,
        Pledge.Source.MATCHING,
    )
    assert (part.donor, part.body, part.kind) == (market["wide"].donor, body, market["wide"].kind)
    line.refresh_from_db()
    assert (line.state, line.result, line.decided_by) == (AllocationLine.State.CONFIRMED, part, secretary)
    market["wide"].refresh_from_db()
    assert market["wide"].value_unallocated == 0
    assert market["wide"].state == Pledge.State.PLEDGED
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert told == {other_donor_user.pk, officer.pk}  # the donor of `wide` and the agency of need_b
    assert donor_user.pk not in told
    note = Notification.objects.get(user=other_donor_user)
    assert note.url == reverse("participation:pledge_detail", args=[part.pk])
    assert AuditEntry.objects.filter(action="matching.confirm", object_id=str(line.pk)).exists()


def test_confirming_twice_is_refused(market, body, secretary):
    proposal = services.propose_allocation(body, by=secretary)
    line = proposal.lines.first()
    services.confirm_line(line, by=secretary)
    with pytest.raises(ParticipationError) as error:
        services.confirm_line(line, by=secretary)
    assert error.value.code == "decided"
    assert Pledge.objects.filter(source=Pledge.Source.MATCHING).count() == 1


def test_a_stale_line_is_refused_after_the_pledge_was_cancelled(market, body, secretary, other_donor):
    from hamafza.participation.services.pledges import cancel_pledge

    proposal = services.propose_allocation(body, by=secretary)
    cancel_pledge(market["wide"], by=secretary, reason="خیر انصراف داد")
    line = proposal.lines.get(pledge=market["wide"])
    with pytest.raises(ParticipationError) as error:
        services.confirm_line(line, by=secretary)
    assert error.value.code == "pledge_closed"
    line.refresh_from_db()
    assert line.state == AllocationLine.State.PROPOSED
    assert not Pledge.objects.filter(source=Pledge.Source.MATCHING).exists()


def test_a_line_is_refused_when_the_pledge_or_the_need_has_less_room_now(
    market, body, secretary, other_donor
):
    proposal = services.propose_allocation(body, by=secretary)
    # Meanwhile part of `wide` went elsewhere, and need_a got another pledge.
    _pledge(other_donor, market["need_a"], value=30 * M, parent=market["wide"])
    _pledge(other_donor, market["need_a"], value=10 * M)
    with pytest.raises(ParticipationError) as error:
        services.confirm_line(proposal.lines.get(pledge=market["wide"]), by=secretary)
    assert error.value.code == "pledge_short"
    with translation.override("en"), pytest.raises(ParticipationError) as error:
        services.confirm_line(proposal.lines.get(pledge=market["narrow"]), by=secretary)
    assert error.value.code == "need_short"
    assert "lacks only 60,000,000 rials now" in error.value.messages[0]


def test_confirm_all_confirms_what_still_holds_and_reports_the_rest(market, body, secretary, other_donor):
    proposal = services.propose_allocation(body, by=secretary)
    _pledge(other_donor, market["need_b"], value=1 * M)  # need_b now lacks 99M: the `wide` line fails
    confirmed, refused = services.confirm_all(proposal, by=secretary)
    assert [p.parent_id for p in confirmed] == [market["narrow"].pk]
    assert [(line.pledge_id, reason) for line, reason in refused] == [(market["wide"].pk, refused[0][1])]
    assert proposal.lines.filter(state=AllocationLine.State.PROPOSED).count() == 1


def test_rejecting_and_closing(market, body, secretary, viewer):
    proposal = services.propose_allocation(body, by=secretary)
    line = proposal.lines.first()
    with pytest.raises(ParticipationError):
        services.reject_line(line, by=viewer)
    services.reject_line(line, by=secretary)
    line.refresh_from_db()
    assert line.state == AllocationLine.State.REJECTED
    with pytest.raises(ParticipationError):
        services.confirm_line(line, by=secretary)
    services.close_proposal(proposal, by=secretary)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.closed_by) == (AllocationProposal.State.CLOSED, secretary)
    with pytest.raises(ParticipationError):
        services.close_proposal(proposal, by=secretary)
    with pytest.raises(ParticipationError):
        services.confirm_all(proposal, by=secretary)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"matching.propose", "matching.reject", "matching.close"} <= actions
    assert not Notification.objects.exists()


def test_the_pages_propose_show_and_confirm(market, body, client_for, secretary):
    client = client_for(secretary)
    response = client.post(reverse("participation:matching"), {"body": body.pk})
    proposal = AllocationProposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("participation:proposal", args=[proposal.pk])
    html = client.get(response.url).content.decode()
    with translation.override("fa"):
        assert translation.gettext("Confirm all") in html
    assert market["need_a"].title in html and market["need_b"].title in html
    assert "۱۳٬۰۰۰٬۰۰۰٬۰۰۰" in html  # value met by the program, 130 × 100M
    line = proposal.lines.get(pledge=market["narrow"])
    assert client.post(reverse("participation:line_confirm", args=[line.pk])).status_code == 302
    line.refresh_from_db()
    assert line.state == AllocationLine.State.CONFIRMED
    assert client.post(reverse("participation:proposal_confirm_all", args=[proposal.pk])).status_code == 302
    assert not proposal.lines.filter(state=AllocationLine.State.PROPOSED).exists()
    listing = client.get(reverse("participation:matching")).content.decode()
    assert reverse("participation:proposal", args=[proposal.pk]) in listing


def test_a_long_proposal_is_shown_a_page_at_a_time(market, body, client_for, secretary, monkeypatch):
    from hamafza.participation.views import matching as views_matching

    monkeypatch.setattr(views_matching, "LINES_PER_PAGE", 1)
    proposal = services.propose_allocation(body, by=secretary)
    first, second = proposal.lines.order_by("need_id", "pk")
    client = client_for(secretary)
    url = reverse("participation:proposal", args=[proposal.pk])
    html = client.get(url).content.decode()
    assert f'id="line-{first.pk}"' in html and f'id="line-{second.pk}"' not in html
    assert "?page=2&unmet_page=1#lines" in html
    with translation.override("fa"):
        assert translation.gettext("Confirm all") in html
    html = client.get(url, {"page": 2}).content.decode()
    assert f'id="line-{second.pk}"' in html and f'id="line-{first.pk}"' not in html
    assert "?page=1&unmet_page=1#lines" in html


def test_the_class_by_class_work_agrees_with_the_pairs():
    """On a random problem: the greedy baseline taken class by class equals the library's greedy on every
    compatible pair, and each line's counts (pledges fitting, needs of higher priority) equal those
    counted pair by pair."""
    import random

    from hamafza.lib.matching import allocate, class_pairs, greedy
    from hamafza.places.models import Region

    rng = random.Random(5)
    regions = {pk: Region(pk=pk, name=f"r{pk}") for pk in range(1, 14)}
    parent = {1: None, 2: 1, 3: 1, 4: 1, **{hood: 2 + (hood - 5) % 3 for hood in range(5, 14)}}

    def lineage(pk):
        chain = []
        while pk is not None:
            chain.append(pk)
            pk = parent[pk]
        return chain

    cats = ["cash", "vehicle", "equipment"]
    needs = [
        Need(pk=k + 1, category=rng.choice(cats), region=regions[rng.randint(5, 13)], title=f"n{k}")
        for k in range(60)
    ]
    for need in needs:
        need.priority_computed = rng.choice([10, 20, 20, 35, 50, 50, 80])
    needs.sort(key=lambda n: (-n.priority, n.pk))
    pledges = [
        Pledge(pk=k + 1, category=rng.choice(["", *cats]), region=rng.choice([None, *regions.values()]))
        for k in range(25)
    ]
    problem = allocation.Problem(
        pledges=pledges,
        remaining=[rng.randint(1, 40) for _ in pledges],
        needs=needs,
        lacking=[rng.randint(0, 30) for _ in needs],
        lineage={pk: lineage(pk) for pk in range(5, 14)},
    )
    weights = [n.priority for n in needs]
    pairs = class_pairs(
        [problem.pledge_class(p) for p in pledges], [problem.need_class(n) for n in needs], problem.fits
    )
    base = greedy(problem.remaining, problem.lacking, weights, pairs)
    solution = allocation.solve(problem)
    assert solution.greedy_value == base.value
    assert solution.greedy_amount == round(sum(a.amount for a in base.allocations))
    assert solution.value == pytest.approx(allocate(problem.remaining, problem.lacking, weights, pairs).value)
    received = [0] * len(needs)
    for line in solution.lines:
        received[needs.index(line.need)] += line.amount
    assert solution.lines
    for line in solution.lines:
        p, n = pledges.index(line.pledge), needs.index(line.need)
        fits = [j for i, j in pairs if i == p]
        higher = [j for j in fits if weights[j] > weights[n]]
        e = line.explanation
        assert e["pledge_fits"] == len(fits)
        assert e["other_pledges_fit"] == sum(1 for _, j in pairs if j == n) - 1
        assert e["higher_fitting"] == len(higher)
        assert e["higher_covered"] == all(received[j] >= problem.lacking[j] for j in higher)
    assert [row["pledges_fit"] for row in solution.unmet] == [
        sum(1 for _, j in pairs if j == needs.index(n))
        for n in needs
        if n.pk in {r["need"] for r in solution.unmet}
    ]


def test_confirming_many_lines_goes_to_the_worker_and_tells_who_asked(
    market, body, client_for, secretary, monkeypatch, settings
):
    from hamafza.participation.views import matching as views_matching

    monkeypatch.setattr(views_matching, "CONFIRM_IN_BACKGROUND", 1)
    proposal = services.propose_allocation(body, by=secretary)
    assert proposal.lines.count() == 2
    client = client_for(secretary)
    # The tests' task backend runs the task at once; the worker would run it a moment later.
    response = client.post(reverse("participation:proposal_confirm_all", args=[proposal.pk]), follow=True)
    with translation.override("fa"):
        flash = translation.gettext(
            "%(count)s lines are being confirmed in the background; you will be notified when it is done."
        ) % {"count": "۲"}
    assert flash in response.content.decode()
    assert not proposal.lines.filter(state=AllocationLine.State.PROPOSED).exists()
    note = Notification.objects.get(user=secretary)
    assert note.url == reverse("participation:proposal", args=[proposal.pk])
    assert "۲" in note.title
