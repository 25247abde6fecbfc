"""Matching donors and pledges to needs: the reads and the reasoning, no state changes.

- `rank_donors(need)`: the body's active donors who may be contacted, scored by interest, past giving and
  reliability, each part explained.
- `allocation_problem(body)` and `solve(problem)`: the body's open general pledges and approved open
  needs as a class allocation problem (hamafza.lib.matching), solved by the linear program and by the
  greedy baseline, with every line explained. The services in services/matching.py save and confirm it.
"""

import bisect
import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, Sum
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hamafza.lib.matching import Allocation, allocate_by_class
from hamafza.meetings.models import Body
from hamafza.participation import access
from hamafza.participation.models import AllocationProposal, Donor, Need, NeedCategory, Pledge
from hamafza.places.models import Region
from hamafza.templatetags_builtins import amount

# Donor ranking: score = 100 × Σ weight × part, every part between 0 and 1.
RANK_WEIGHTS = {"interest": 0.4, "giving": 0.3, "reliability": 0.3}


def _persian() -> bool:
    return (get_language() or "fa").startswith("fa")


def number(value) -> str:
    """A count or an amount with thousands separators, in Persian digits on a Persian page."""
    return amount(value)


def _category_label(code: str) -> str:
    return str(NeedCategory(code).label) if code in NeedCategory.values else code


def region_lineage(region_ids) -> dict[int, list[int]]:
    """For each region: itself and every region above it (nearest first), with one query per level."""
    parent: dict[int, int | None] = {}
    frontier = set(region_ids)
    while frontier:
        rows = list(Region.objects.filter(pk__in=frontier).values_list("pk", "parent_id"))
        parent.update(rows)
        frontier = {up for _, up in rows if up is not None and up not in parent}
    lineage = {}
    for pk in region_ids:
        chain, node = [], pk
        while node is not None and node not in chain:
            chain.append(node)
            node = parent.get(node)
        lineage[pk] = chain
    return lineage


# Donor ranking


@dataclass
class DonorScore:
    donor: Donor
    score: float  # 0–100
    parts: dict[str, float]  # interest, giving, reliability: each 0–1
    facts: dict = field(default_factory=dict)

    def explanation(self) -> list[str]:
        """One sentence per part, in the active language."""
        f = self.facts
        if not f["categories_stated"]:
            category = _("The donor states no categories of interest: half marks.")
        elif f["category_match"]:
            category = _("The need's category (%(category)s) is among the donor's interests.") % {
                "category": _category_label(f["category"])
            }
        else:
            category = _("The need's category (%(category)s) is not among the donor's interests.") % {
                "category": _category_label(f["category"])
            }
        if not f["regions_stated"]:
            region = _("The donor states no regions of interest: half marks.")
        elif f["region_match"]:
            region = _("The need's place (%(region)s) is in %(interest)s, one of the donor's regions.") % {
                "region": f["region"],
                "interest": f["region_match"],
            }
        else:
            region = _("The need's place (%(region)s) is outside the donor's regions.") % {
                "region": f["region"]
            }
        return [
            _("Interest %(score)s of 1 (weight %(weight)s): %(category)s %(region)s")
            % {
                "score": number(round(self.parts["interest"], 2)),
                "weight": number(RANK_WEIGHTS["interest"]),
                "category": category,
                "region": region,
            },
            _(
                "Past giving %(score)s of 1 (weight %(weight)s): %(total)s rials (%(prior)s before Hamafza, "
                "%(verified)s verified here), on a log scale against the most generous donor's %(best)s rials."
            )
            % {
                "score": number(round(self.parts["giving"], 2)),
                "weight": number(RANK_WEIGHTS["giving"]),
                "total": number(f["giving"]),
                "prior": number(f["prior_giving"]),
                "verified": number(f["verified_value"]),
                "best": number(f["best_giving"]),
            },
            _(
                "Reliability %(score)s of 1 (weight %(weight)s): %(verified)s of %(pledges)s pledges to needs "
                "verified; (verified + 1) ÷ (pledges + 2), so that a newcomer starts at one half."
            )
            % {
                "score": number(round(self.parts["reliability"], 2)),
                "weight": number(RANK_WEIGHTS["reliability"]),
                "verified": number(f["verified_count"]),
                "pledges": number(f["pledges_count"]),
            },
        ]


def giving_score(total: int, best: int) -> float:
    """log(1 + total) / log(1 + best): the most generous donor 1, a donor who never gave 0."""
    return math.log1p(total) / math.log1p(best) if best > 0 else 0.0


def reliability_score(verified: int, pledges: int) -> float:
    """(verified + 1) / (pledges + 2): a newcomer is neither perfectly reliable nor unreliable."""
    return (verified + 1) / (pledges + 2)


def rank_donors(need: Need) -> list[DonorScore]:
    """The active donors of the need's body who may be contacted, best first.

    Interest: half for the category (among the donor's interest categories), half for the region (the
    need's place is one of the donor's regions or inside one); a donor who states none gets half marks
    for that half. Past giving: giving before Hamafza plus the verified value of pledges here. Reliability:
    the share of the donor's pledges to needs (pledged, delivered or verified; a general pledge counts
    through its parts) that were verified, with the prior above.
    """
    donors = list(
        Donor.objects.filter(body_id=need.body_id, is_active=True, may_contact=True)
        .prefetch_related(Prefetch("interest_regions", queryset=Region.objects.only("pk", "name")))
        .annotate(
            verified_value=Sum(
                "pledges__delivered_value", filter=Q(pledges__state=Pledge.State.VERIFIED), default=0
            )
        )
        .order_by("name", "pk")
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"pledges": 0, "verified": 0})
    for donor_id, state in Pledge.objects.filter(
        donor__in=donors, need__isnull=False, state__in=Pledge.LIVE_STATES
    ).values_list("donor_id", "state"):
        counts[donor_id]["pledges"] += 1
        counts[donor_id]["verified"] += state == Pledge.State.VERIFIED
    lineage = region_lineage([need.region_id])[need.region_id]
    names = dict(Region.objects.filter(pk__in=lineage).values_list("pk", "name"))
    best = max((d.prior_giving + d.verified_value for d in donors), default=0)
    ranked = []
    for donor in donors:
        regions = {r.pk: r.name for r in donor.interest_regions.all()}
        region_match = next((names[pk] for pk in lineage if pk in regions), "")
        category_half = (
            (1.0 if need.category in donor.interest_categories else 0.0) if donor.interest_categories else 0.5
        )
        region_half = (1.0 if region_match else 0.0) if regions else 0.5
        giving = donor.prior_giving + donor.verified_value
        tally = counts[donor.pk]
        parts = {
            "interest": (category_half + region_half) / 2,
            "giving": giving_score(giving, best),
            "reliability": reliability_score(tally["verified"], tally["pledges"]),
        }
        score = 100 * sum(RANK_WEIGHTS[k] * parts[k] for k in RANK_WEIGHTS) / sum(RANK_WEIGHTS.values())
        facts = {
            "category": need.category,
            "categories_stated": bool(donor.interest_categories),
            "category_match": need.category in donor.interest_categories,
            "region": names.get(need.region_id, ""),
            "regions_stated": bool(regions),
            "region_match": region_match,
            "giving": giving,
            "prior_giving": donor.prior_giving,
            "verified_value": donor.verified_value,
            "best_giving": best,
            "pledges_count": tally["pledges"],
            "verified_count": tally["verified"],
        }
        ranked.append(DonorScore(donor, score, parts, facts))
    ranked.sort(key=lambda s: -s.score)  # stable: ties stay in name order
    return ranked


# Allocation


def pledges_outstanding(need_ids) -> dict[int, int]:
    """Per need: the value of pledges to it that are pledged or delivered but not yet verified (what is
    verified is already in the need's value met)."""
    rows = (
        Pledge.objects.filter(need_id__in=need_ids, state__in=(Pledge.State.PLEDGED, Pledge.State.DELIVERED))
        .values("need_id")
        .annotate(total=Sum("value"))
    )
    return {row["need_id"]: row["total"] for row in rows}


def need_lacking(need: Need, outstanding: int) -> int:
    """What a need still lacks once pledges under way arrive."""
    return max(0, need.estimated_cost - need.value_met - outstanding)


def open_general_pledges(body: Body) -> list[Pledge]:
    """The body's pledges for a category and region, not tied to a need, with value not yet allocated."""
    pledges = (
        Pledge.objects.filter(body=body, state=Pledge.State.PLEDGED, need__isnull=True)
        .select_related("donor", "region")
        .prefetch_related("parts")
        .order_by("pk")
    )
    return [p for p in pledges if p.value_unallocated > 0]


@dataclass
class Problem:
    pledges: list[Pledge]
    remaining: list[int]  # per pledge: value not yet allocated
    needs: list[Need]  # by priority, highest first
    lacking: list[int]  # per need
    lineage: dict[int, list[int]]  # need region → itself and the regions above it

    def fits(self, pledge_class: tuple[str, int | None], need_class: tuple[str, int]) -> bool:
        """A pledge fits a need when its category is empty or the need's, and its region is empty or the
        need's place or a region holding it."""
        category, region = pledge_class
        return (not category or category == need_class[0]) and (
            region is None or region in self.lineage[need_class[1]]
        )

    def pledge_class(self, pledge: Pledge) -> tuple[str, int | None]:
        return (pledge.category, pledge.region_id)

    def need_class(self, need: Need) -> tuple[str, int]:
        return (need.category, need.region_id)


def allocation_problem(body: Body) -> Problem:
    pledges = open_general_pledges(body)
    needs = sorted(
        Need.objects.filter(body=body, state__in=Need.OPEN_STATES).select_related("region", "organization"),
        key=lambda n: (-n.priority, n.pk),
    )
    outstanding = pledges_outstanding([n.pk for n in needs])
    return Problem(
        pledges=pledges,
        remaining=[p.value_unallocated for p in pledges],
        needs=needs,
        lacking=[need_lacking(n, outstanding.get(n.pk, 0)) for n in needs],
        lineage=region_lineage({n.region_id for n in needs}),
    )


@dataclass
class Line:
    pledge: Pledge
    need: Need
    amount: int
    explanation: dict


@dataclass
class Solution:
    lines: list[Line]
    value: float
    greedy_value: float
    amount: int
    greedy_amount: int
    unmet: list[dict]


class _Classes:
    """The problem's pledges and needs grouped by class, and which class fits which, found through the
    needs' lineages (one dictionary look-up per pledge class) rather than by asking `Problem.fits` of
    every pledge and need: with thousands of classes the pairs run to tens of millions."""

    def __init__(self, problem: Problem):
        self.pledge_classes = [problem.pledge_class(p) for p in problem.pledges]
        self.need_classes = [problem.need_class(n) for n in problem.needs]
        self.members: dict[tuple, list[int]] = defaultdict(list)  # pledge class → its pledges
        for p, key in enumerate(self.pledge_classes):
            self.members[key].append(p)
        # (category or "", region or None) → the needs that a pledge of that class fits, in order.
        self.fitting: dict[tuple, list[int]] = defaultdict(list)
        self.need_kinds: dict[tuple, list[tuple]] = {}  # need class → the pledge classes that fit it
        for n, (category, region) in enumerate(self.need_classes):
            keys = list(
                dict.fromkeys((c, r) for c in (category, "") for r in [*problem.lineage[region], None])
            )
            for key in keys:
                self.fitting[key].append(n)
            if (category, region) not in self.need_kinds:
                self.need_kinds[(category, region)] = [k for k in keys if k in self.members]

    def fits_of(self, key: tuple) -> list[int]:
        return self.fitting.get(key, [])

    def fitted_by(self, n: int) -> int:
        """How many pledges fit need n."""
        return sum(len(self.members[k]) for k in self.need_kinds[self.need_classes[n]])

    def program_classes(self) -> list[frozenset]:
        """Pledge classes for allocate_by_class, one to one with (category, region), each holding the
        need classes it fits: the program's `fitting` lists them (and skips the tag that keeps classes apart)."""
        held = {}
        for key in self.members:
            fits = {self.need_classes[n] for n in self.fits_of(key)}
            held[key] = frozenset({("pledge", *key), *fits})
        return [held[key] for key in self.pledge_classes]


def _greedy(problem: Problem, classes: _Classes, weights: list[float]) -> tuple[float, int]:
    """hamafza.lib.matching.greedy on the problem's compatible pairs, taken class by class: needs by
    weight (highest first), each filled from its fitting pledges, the one with most left first (a heap per
    pledge class). The same lines in the same order, so the same value and rials; returns both."""
    left = [float(r) for r in problem.remaining]
    heaps = {key: [(-left[p], p) for p in members if left[p] > 0] for key, members in classes.members.items()}
    for heap in heaps.values():
        heapq.heapify(heap)
    value, given = 0.0, 0.0
    order = sorted(
        (n for n in range(len(problem.needs)) if classes.need_kinds[classes.need_classes[n]]),
        key=lambda n: (-weights[n], n),
    )
    for n in order:
        wanted = float(problem.lacking[n])
        sources = [heaps[k] for k in classes.need_kinds[classes.need_classes[n]]]
        while wanted > 0:
            best = min((h for h in sources if h), key=lambda h: h[0], default=None)
            if best is None:
                break
            _, p = heapq.heappop(best)
            amount = min(wanted, left[p])
            left[p] -= amount
            wanted -= amount
            value += weights[n] * amount
            given += amount
            if left[p] > 0:
                heapq.heappush(best, (-left[p], p))
    return value, round(given)


def solve(problem: Problem) -> Solution:
    """The linear program on classes and, for comparison, the greedy baseline; every line explained."""
    classes = _Classes(problem)
    weights = [max(0.0, n.priority) for n in problem.needs]
    # A pledge whose class fits no need is left out of the program: its row would be empty (the program
    # asks fits of every pair of classes, so each class left out saves thousands of questions).
    usable = [p for p, key in enumerate(classes.pledge_classes) if classes.fits_of(key)]
    program_classes = classes.program_classes()
    best = allocate_by_class(
        [problem.remaining[p] for p in usable],
        [program_classes[p] for p in usable],
        problem.lacking,
        weights,
        classes.need_classes,
        fitting=lambda fitted: fitted,  # a program class is the set of need classes it fits
    )
    if best.status != "optimal":
        raise RuntimeError(f"the allocation program failed: {best.status}")
    best.allocations = [Allocation(usable[a.pledge], a.need, a.amount) for a in best.allocations]
    greedy_value, greedy_amount = _greedy(problem, classes, weights)
    given: dict[int, int] = defaultdict(int)
    received: dict[int, int] = defaultdict(int)
    for a in best.allocations:
        given[a.pledge] += round(a.amount)
        received[a.need] += round(a.amount)
    # Per pledge class: the weights of the needs it fits (highest first) and the highest weight of those
    # it fits that stay short. At the optimum every need of strictly higher weight that a line's pledge
    # fits is fully covered (otherwise moving some of the line to it would add value).
    ranked: dict[tuple, list[float]] = {}
    short: dict[tuple, float] = {}
    for key in {classes.pledge_classes[a.pledge] for a in best.allocations}:
        fits = classes.fits_of(key)
        ranked[key] = sorted(-weights[n] for n in fits)
        short[key] = max((weights[n] for n in fits if received[n] < problem.lacking[n]), default=-math.inf)
    fitted_by = {}
    lines = []
    for a in sorted(best.allocations, key=lambda a: (a.need, a.pledge)):
        pledge, need = problem.pledges[a.pledge], problem.needs[a.need]
        key = classes.pledge_classes[a.pledge]
        if a.need not in fitted_by:
            fitted_by[a.need] = classes.fitted_by(a.need)
        lines.append(
            Line(
                pledge,
                need,
                round(a.amount),
                {
                    "category_match": "same" if pledge.category else "any",
                    "category": need.category,
                    "region_match": (
                        "anywhere"
                        if pledge.region_id is None
                        else ("same" if pledge.region_id == need.region_id else "within")
                    ),
                    "pledge_region": pledge.region.name if pledge.region_id else "",
                    "need_region": need.region.name,
                    "priority": round(need.priority, 2),
                    "rank": a.need + 1,
                    "needs_count": len(problem.needs),
                    "pledge_remaining": problem.remaining[a.pledge],
                    "pledge_left": problem.remaining[a.pledge] - given[a.pledge],
                    "need_lacking": problem.lacking[a.need],
                    "need_receives": received[a.need],
                    "pledge_fits": len(classes.fits_of(key)),
                    "other_pledges_fit": fitted_by[a.need] - 1,
                    "higher_fitting": bisect.bisect_left(ranked[key], -weights[a.need]),
                    "higher_covered": not short[key] > weights[a.need],
                },
            )
        )
    unmet = [
        {
            "need": need.pk,
            "title": need.title,
            "lacking": problem.lacking[j],
            "receives": received[j],
            "pledges_fit": classes.fitted_by(j),
        }
        for j, need in enumerate(problem.needs)
        if received[j] < problem.lacking[j]
    ]
    return Solution(
        lines=lines,
        value=best.value,
        greedy_value=greedy_value,
        amount=sum(given.values()),
        greedy_amount=greedy_amount,
        unmet=unmet,
    )


def explain_line(explanation: dict) -> list[str]:
    """The reasons of one proposed line, as sentences in the active language."""
    e = explanation
    category = _category_label(e["category"])
    sentences = [
        (
            _("Category: the pledge is for %(category)s, the need's category.")
            if e["category_match"] == "same"
            else _("Category: the pledge is for any category, %(category)s included.")
        )
        % {"category": category},
        {
            "same": _("Region: the pledge is for %(pledge)s, where the need is."),
            "within": _("Region: the need's place, %(need)s, is within %(pledge)s, the pledge's region."),
            "anywhere": _("Region: the pledge may be used anywhere, %(need)s included."),
        }[e["region_match"]]
        % {"pledge": e["pledge_region"], "need": e["need_region"]},
        _("Priority %(priority)s: rank %(rank)s of the %(count)s open needs.")
        % {"priority": number(e["priority"]), "rank": number(e["rank"]), "count": number(e["needs_count"])},
        _(
            "The pledge had %(remaining)s rials unallocated and keeps %(left)s; the need lacks %(lacking)s "
            "rials and receives %(receives)s in this proposal."
        )
        % {
            "remaining": number(e["pledge_remaining"]),
            "left": number(e["pledge_left"]),
            "lacking": number(e["need_lacking"]),
            "receives": number(e["need_receives"]),
        },
    ]
    if e["higher_fitting"] and e["higher_covered"]:
        sentences.append(
            _("Every one of the %(count)s needs of higher priority that this pledge fits is fully covered.")
            % {"count": number(e["higher_fitting"])}
        )
    elif not e["higher_fitting"]:
        sentences.append(_("No need of higher priority fits this pledge."))
    if e["pledge_fits"] > 1:
        sentences.append(
            _(
                "The pledge fits %(fits)s open needs and %(others)s other pledges fit this one; the program "
                "sends each pledge where it adds most priority-weighted value in all."
            )
            % {"fits": number(e["pledge_fits"]), "others": number(e["other_pledges_fit"])}
        )
    return sentences


def explain_unmet(row: dict) -> str:
    if row["pledges_fit"] == 0:
        return _("No open pledge fits this need (category and region).")
    return _("The pledges that fit it went to needs of higher priority or are used up.")


def proposal_for_user(user, pk) -> AllocationProposal:
    """A proposal is the secretariat's working draft: nobody else learns it exists (404)."""
    proposal = AllocationProposal.objects.select_related("body").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    if not access.can_manage_participation(user, proposal.body_id):
        raise Http404
    return proposal
