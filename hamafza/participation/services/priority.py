"""A need's priority (0–100), computed from three parts and explained part by part.

- rank: where the need's place stands in the atlas. The latest saved priority assessment
  (hamafza.atlas.models.Assessment) that ranked the place gives it 1 − (rank − 1)/(n − 1) for rank `rank`
  among `n` ranked neighbourhoods (1 when n = 1). A need for a larger region (a city, a county) takes the
  best-ranked of its neighbourhoods in the latest assessment that ranked any of them: help there reaches
  that neighbourhood too. With no assessment, a target neighbourhood (or a region holding one) gets 1 and
  any other place 0.5, and the explanation says so.
- urgency: low, medium, high, critical → 0, ⅓, ⅔, 1.
- cost: cheaper needs first, on a log scale: 1,000,000 rials or less → 1, 10,000,000,000 or more → 0.

score = 100 × Σ weightᵢ × partᵢ / Σ weightᵢ, with the weights of settings.PARTICIPATION_PRIORITY_WEIGHTS.

The scoring functions are pure; `AtlasRanks` is the one reader of the database, loaded once for a batch.
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext as _

from hamafza.lib.persian import to_persian_digits

PARTS = ("rank", "urgency", "cost")
DEFAULT_WEIGHTS = {"rank": 0.5, "urgency": 0.3, "cost": 0.2}
COST_FULL = 1_000_000  # rials: this cheap or cheaper scores 1
COST_NONE = 10_000_000_000  # rials: this dear or dearer scores 0
NO_ASSESSMENT_TARGET = 1.0
NO_ASSESSMENT_OTHER = 0.5


def weights() -> dict[str, float]:
    """The configured weights, checked: one non-negative number per part, not all zero."""
    configured = getattr(settings, "PARTICIPATION_PRIORITY_WEIGHTS", DEFAULT_WEIGHTS)
    if set(configured) != set(PARTS):
        raise ImproperlyConfigured(f"PARTICIPATION_PRIORITY_WEIGHTS must give exactly {', '.join(PARTS)}")
    values = {key: float(configured[key]) for key in PARTS}
    if any(v < 0 or math.isnan(v) for v in values.values()) or sum(values.values()) <= 0:
        raise ImproperlyConfigured("PARTICIPATION_PRIORITY_WEIGHTS must be non-negative and not all zero")
    return values


@dataclass(frozen=True)
class AtlasPosition:
    """The best rank of the need's place in one assessment."""

    assessment_id: int
    assessment_name: str
    region_id: int
    region_name: str
    rank: int
    count: int  # neighbourhoods the assessment ranked


@dataclass(frozen=True)
class Part:
    key: str
    value: float  # 0..1
    facts: dict  # what the explanation is built from (stored, so it can be told in any language)


@dataclass
class Priority:
    score: float  # 0..100
    parts: list[Part] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The form stored in Need.priority_parts: each part's value, weight and Persian explanation."""
        total = sum(self.weights.values())
        with translation.override("fa"):
            return {
                part.key: {
                    "value": part.value,
                    "weight": self.weights[part.key] / total,
                    "points": 100 * part.value * self.weights[part.key] / total,
                    "facts": part.facts,
                    "explanation": explain(part.key, part.facts),
                }
                for part in self.parts
            }


# --- the parts (pure) ---------------------------------------------------------------------------------


def rank_part(position: AtlasPosition | None, *, is_target: bool) -> Part:
    if position is None:
        value = NO_ASSESSMENT_TARGET if is_target else NO_ASSESSMENT_OTHER
        return Part("rank", value, {"assessment": None, "is_target": is_target})
    if position.count <= 1:
        value = 1.0
    else:
        value = 1 - (position.rank - 1) / (position.count - 1)
    value = min(1.0, max(0.0, value))
    return Part(
        "rank",
        value,
        {
            "assessment": position.assessment_id,
            "assessment_name": position.assessment_name,
            "region": position.region_id,
            "region_name": position.region_name,
            "rank": position.rank,
            "count": position.count,
        },
    )


def urgency_part(urgency: int) -> Part:
    """Low (1) .. critical (4) → 0, ⅓, ⅔, 1."""
    level = min(4, max(1, int(urgency)))
    return Part("urgency", (level - 1) / 3, {"urgency": level})


def cost_part(cost: int) -> Part:
    """log10 of the cost between 10⁶ (→ 1) and 10¹⁰ (→ 0) rials, clamped."""
    low, high = math.log10(COST_FULL), math.log10(COST_NONE)
    position = (high - math.log10(max(1, cost))) / (high - low)
    return Part("cost", min(1.0, max(0.0, position)), {"cost": int(cost)})


def compute(
    *, position: AtlasPosition | None, is_target: bool, urgency: int, cost: int, weights_: dict | None = None
) -> Priority:
    chosen = weights_ if weights_ is not None else weights()
    parts = [rank_part(position, is_target=is_target), urgency_part(urgency), cost_part(cost)]
    total = sum(chosen.values())
    score = 100 * sum(part.value * chosen[part.key] for part in parts) / total
    return Priority(score=round(score, 4), parts=parts, weights=dict(chosen))


# --- explanations ---------------------------------------------------------------------------------------


def _n(value) -> str:
    text = str(value)
    return to_persian_digits(text) if translation.get_language() == "fa" else text


def _money(value: int) -> str:
    return _n(f"{value:,}".replace(",", "٬" if translation.get_language() == "fa" else ","))


def explain(key: str, facts: dict) -> str:
    """One sentence on a part, in the active language."""
    from hamafza.participation.models import Need

    if key == "rank":
        if facts.get("assessment") is None:
            if facts.get("is_target"):
                return _(
                    "No saved atlas assessment ranks this place; it is (or holds) a target neighbourhood."
                )
            return _("No saved atlas assessment ranks this place and it holds no target neighbourhood.")
        return _(
            "Rank %(rank)s of %(count)s neighbourhoods (%(region)s) in the assessment «%(assessment)s»."
        ) % {
            "rank": _n(facts["rank"]),
            "count": _n(facts["count"]),
            "region": facts.get("region_name", ""),
            "assessment": facts.get("assessment_name", ""),
        }
    if key == "urgency":
        return _("Urgency: %(urgency)s.") % {"urgency": Need.Urgency(facts["urgency"]).label}
    if key == "cost":
        return _(
            "Estimated cost %(cost)s rials; on a log scale 1,000,000 rials or less counts fully, "
            "10,000,000,000 or more not at all."
        ) % {"cost": _money(facts["cost"])}
    return ""


def describe(parts: dict) -> list[dict]:
    """The stored parts, ready for a page: label, value, weight, points and explanation in the active
    language (rebuilt from the stored facts)."""
    labels = {"rank": _("Rank of the place in the atlas"), "urgency": _("Urgency"), "cost": _("Cost")}
    rows = []
    for key in PARTS:
        part = parts.get(key)
        if not part:
            continue
        rows.append(
            {
                "key": key,
                "label": labels[key],
                "value": part["value"],
                "weight": part["weight"],
                "points": part.get("points", 100 * part["value"] * part["weight"]),
                "explanation": explain(key, part.get("facts", {})) or part.get("explanation", ""),
            }
        )
    return rows


# --- the atlas (reads the database) -------------------------------------------------------------------


class AtlasRanks:
    """The saved assessments, newest first, and the regions' neighbourhoods: loaded once for many needs."""

    def __init__(self, assessments: list, tree) -> None:
        self.assessments = assessments  # [(pk, name, {region_id: rank}, count, {region_id: name})]
        self.tree = tree

    @classmethod
    def load(cls) -> "AtlasRanks":
        from hamafza.atlas.models import Assessment
        from hamafza.atlas.services.queries import RegionTree

        rows = []
        for pk, name, results in Assessment.objects.order_by("-created_at", "-pk").values_list(
            "pk", "name", "results"
        ):
            ranks = {row["region"]: int(row["rank"]) for row in results or [] if "region" in row}
            names = {row["region"]: row.get("name", "") for row in results or [] if "region" in row}
            if ranks:
                rows.append((pk, name, ranks, len(ranks), names))
        return cls(rows, RegionTree.load())

    def neighbourhoods(self, region_id: int) -> list[int]:
        return self.tree.neighbourhoods(region_id)

    def position(self, region_id: int) -> AtlasPosition | None:
        """The best rank of the region's neighbourhoods in the latest assessment that ranked any of them."""
        inside = self.neighbourhoods(region_id)
        for pk, name, ranks, count, names in self.assessments:
            ranked = [(ranks[n], n) for n in inside if n in ranks]
            if ranked:
                rank, region = min(ranked)
                return AtlasPosition(pk, name, region, names.get(region, ""), rank, count)
        return None

    def holds_target(self, region_id: int) -> bool:
        from hamafza.places.models import Region

        return Region.objects.filter(pk__in=self.neighbourhoods(region_id), is_target=True).exists()


def priority_of(need, atlas: AtlasRanks | None = None) -> Priority:
    """The need's priority from the atlas as it stands."""
    atlas = atlas or AtlasRanks.load()
    position = atlas.position(need.region_id)
    is_target = atlas.holds_target(need.region_id) if position is None else False
    return compute(position=position, is_target=is_target, urgency=need.urgency, cost=need.estimated_cost)
