"""Totals of pledges per donor, need, region and category: pledged, delivered and verified value (rials).

Over the pledges the user sees (access.pledges_for_user): a body's secretariat, viewers and administrators
see their bodies'; an agency the pledges to its needs; a donor its own. Anonymous donors are gathered in
one row, «anonymous donors», for whoever may not see their names.

- pledged: the value of live pledges (pledged, delivered, verified). A general pledge split by matching
  counts only its part not given to needs; each part counts under its need. So nothing is counted twice.
- delivered: the value handed over (delivered or verified).
- verified: the value the receiving agency verified.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hamafza.accounts.models import User
from hamafza.participation import access
from hamafza.participation.models import Donor, Need, NeedCategory, Pledge
from hamafza.places.models import Region

ANONYMOUS = "anonymous"


@dataclass
class Row:
    key: object
    label: str
    pledged: int = 0
    delivered: int = 0
    verified: int = 0
    count: int = 0
    url: str = ""

    def add(self, pledged: int, delivered: int, verified: int) -> None:
        self.pledged += pledged
        self.delivered += delivered
        self.verified += verified
        self.count += 1


@dataclass
class Totals:
    overall: Row
    donors: list[Row] = field(default_factory=list)
    needs: list[Row] = field(default_factory=list)
    regions: list[Row] = field(default_factory=list)
    categories: list[Row] = field(default_factory=list)


def named_donor_ids(user: User, donor_ids: set[int]) -> set[int]:
    """Of these donors, those whose name the user may see (access.may_see_donor_name, in two queries)."""
    if user.is_system_admin:
        return set(donor_ids)
    q = Q(is_anonymous=False) | Q(body_id__in=access.secretariat_body_ids(user)) | Q(user=user)
    if user.organization_id:
        q |= Q(organization_id=user.organization_id)
    return set(Donor.objects.filter(q, pk__in=donor_ids).values_list("pk", flat=True))


def _sorted(rows: dict) -> list[Row]:
    return sorted(rows.values(), key=lambda r: (-r.pledged, -r.verified, r.label))


def compute(user: User, pledges: QuerySet[Pledge] | None = None) -> Totals:
    """Totals over `pledges` (by default every pledge the user sees)."""
    if pledges is None:
        pledges = access.pledges_for_user(user)
    rows = list(
        pledges.filter(state__in=Pledge.LIVE_STATES).values(
            "pk",
            "parent_id",
            "donor_id",
            "need_id",
            "category",
            "region_id",
            "need__category",
            "need__region_id",
            "state",
            "value",
            "delivered_value",
        )
    )
    parts = defaultdict(int)
    for row in rows:
        if row["parent_id"]:
            parts[row["parent_id"]] += row["value"]

    donor_ids = {row["donor_id"] for row in rows}
    named = named_donor_ids(user, donor_ids)
    donor_names = dict(Donor.objects.filter(pk__in=named).values_list("pk", "name"))
    need_ids = {row["need_id"] for row in rows if row["need_id"]}
    need_titles = dict(Need.objects.filter(pk__in=need_ids).values_list("pk", "title"))
    region_ids = {row["need__region_id"] or row["region_id"] for row in rows} - {None}
    region_names = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "name"))
    categories = dict(NeedCategory.choices)

    overall = Row(None, _("All pledges"))
    donors: dict = {}
    needs: dict = {}
    regions: dict = {}
    cats: dict = {}
    for row in rows:
        pledged = max(0, row["value"] - parts.get(row["pk"], 0))
        delivered = row["delivered_value"] if row["state"] != Pledge.State.PLEDGED else 0
        verified = row["delivered_value"] if row["state"] == Pledge.State.VERIFIED else 0
        amounts = (pledged, delivered, verified)
        overall.add(*amounts)

        donor_key = row["donor_id"] if row["donor_id"] in named else ANONYMOUS
        if donor_key not in donors:
            label = donor_names[donor_key] if donor_key != ANONYMOUS else _("Anonymous donors")
            donors[donor_key] = Row(donor_key, label)
        donors[donor_key].add(*amounts)

        need_key = row["need_id"]
        if need_key not in needs:
            needs[need_key] = Row(need_key, need_titles.get(need_key) or _("Not yet for a need"))
        needs[need_key].add(*amounts)

        region_key = row["need__region_id"] or row["region_id"]
        if region_key not in regions:
            regions[region_key] = Row(region_key, region_names.get(region_key) or _("Any region"))
        regions[region_key].add(*amounts)

        category_key = row["need__category"] or row["category"] or ""
        if category_key not in cats:
            cats[category_key] = Row(category_key, str(categories.get(category_key, _("Any category"))))
        cats[category_key].add(*amounts)

    return Totals(
        overall=overall,
        donors=_sorted(donors),
        needs=_sorted(needs),
        regions=_sorted(regions),
        categories=_sorted(cats),
    )
