"""Matching donors and pledges to needs: the reads and the reasoning, no state changes.

- `rank_donors(need)`: the body's active donors who may be contacted, scored by interest, past giving and
  reliability, each part explained.
- `allocation_problem(body)` and `solve(problem)`: the body's open general pledges and approved open
  needs as a class allocation problem (hamafza.lib.matching), solved by the linear program and by the
  greedy baseline, with every line explained. The services in services/matching.py save and confirm it.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, Sum
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hamafza.lib.matching import allocate_by_class, class_pairs, greedy
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


def solve(problem: Problem) -> Solution:
    """The linear program on classes and, for comparison, the greedy baseline; every line explained."""
    pledge_classes = [problem.pledge_class(p) for p in problem.pledges]
    need_classes = [problem.need_class(n) for n in problem.needs]
    weights = [max(0.0, n.priority) for n in problem.needs]
    best = allocate_by_class(
        problem.remaining, pledge_classes, problem.lacking, weights, need_classes, problem.fits
    )
    if best.status != "optimal":
        raise RuntimeError(f"the allocation program failed: {best.status}")
    pairs = class_pairs(pledge_classes, need_classes, problem.fits)
    base = greedy(problem.remaining, problem.lacking, weights, pairs)
    fitting: dict[int, list[int]] = defaultdict(list)  # pledge → needs it fits, by priority
    fitted_by: dict[int, int] = defaultdict(int)  # need → how many pledges fit it
    for p, n in pairs:
        fitting[p].append(n)
        fitted_by[n] += 1
    given: dict[int, int] = defaultdict(int)
    received: dict[int, int] = defaultdict(int)
    for a in best.allocations:
        given[a.pledge] += round(a.amount)
        received[a.need] += round(a.amount)
    lines = []
    for a in sorted(best.allocations, key=lambda a: (a.need, a.pledge)):
        pledge, need = problem.pledges[a.pledge], problem.needs[a.need]
        # At the optimum every need of strictly higher weight that the pledge fits is fully covered
        # (otherwise moving some of this line to it would add value).
        higher = [n for n in fitting[a.pledge] if weights[n] > weights[a.need]]
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
                    "pledge_fits": len(fitting[a.pledge]),
                    "other_pledges_fit": fitted_by[a.need] - 1,
                    "higher_fitting": len(higher),
                    "higher_covered": all(received[n] >= problem.lacking[n] for n in higher),
                },
            )
        )
    unmet = [
        {
            "need": need.pk,
            "title": need.title,
            "lacking": problem.lacking[j],
            "receives": received[j],
            "pledges_fit": fitted_by[j],
        }
        for j, need in enumerate(problem.needs)
        if received[j] < problem.lacking[j]
    ]
    return Solution(
        lines=lines,
        value=best.value,
        greedy_value=base.value,
        amount=sum(given.values()),
        greedy_amount=round(sum(a.amount for a in base.allocations)),
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
