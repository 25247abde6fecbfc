"""The coverage matrix of seed 001 resolution 4: which agency serves which neighbourhood with which
service, how much of it per 1,000 residents, where the gaps are, and each agency's service ratio to the
target neighbourhoods. Pure computation on plain values; the page reads them in a fixed number of queries.

Rules (the coverage page states them to its readers):

- A capacity recorded on a neighbourhood counts there in full.
- A capacity recorded on a larger region (a district, a city, a county, a province) is spread over the
  neighbourhoods under that region in proportion to their population. A neighbourhood with no recorded
  population receives no share; only when none of the region's neighbourhoods has a population is the
  capacity spread equally among them. A capacity on a region with no neighbourhoods under it is left out
  and counted as unplaced.
- Capacity per 1,000 residents = capacity × 1,000 ÷ population; it is not computed without a population.
- A cell is a gap when no capacity reaches it, below the norm when its rate is under the service's norm per
  1,000 residents, meets the norm when it reaches it, and "served" when it has capacity but no norm or no
  population to compare with.
- An agency's target share, per service, is the part of its capacity in the area that lies in the target
  neighbourhoods; since services are counted in different units, its overall share is the mean of its
  services' shares. Its service ratio is that share divided by the targets' share of the area's
  population: above 1 it favours the targets, below 1 it serves them less than their population asks,
  and a capacity spread evenly by population over the whole area gives exactly 1.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

NEIGHBOURHOOD = "neighbourhood"
AREA_KINDS = ("district", "city")

GAP = "gap"
BELOW = "below"
MEETS = "meets"
SERVED = "served"
# Spreading by population leaves rounding errors; a rate this close to the norm meets it.
TOLERANCE = 1e-9


class Tree(Protocol):
    """The region tree: hamafza.atlas.services.queries.RegionTree answers it from one query."""

    parent: Mapping[int, int | None]
    kind: Mapping[int, str]
    population: Mapping[int, int | None]


@dataclass(frozen=True)
class Service:
    id: int
    name: str
    unit: str
    norm: float | None


@dataclass(frozen=True)
class Holding:
    """One capacity: an organisation's amount of a service on a region."""

    organization_id: int
    organization: str
    service_id: int
    region_id: int
    amount: float


@dataclass(frozen=True)
class Neighbourhood:
    id: int
    name: str
    population: int | None
    is_target: bool


@dataclass
class Cell:
    service: Service
    total: float
    per_1000: float | None
    status: str
    agencies: list[tuple[str, float]]  # (organisation, its amount here), the largest first


@dataclass
class Row:
    neighbourhood: Neighbourhood
    cells: list[Cell]


@dataclass
class Column:
    service: Service
    total: float
    per_1000: float | None
    status: str
    gaps: int
    below: int


@dataclass
class Gap:
    neighbourhood: Neighbourhood
    service: Service
    status: str
    total: float
    per_1000: float | None
    needed: float | None  # capacity still missing to reach the norm


@dataclass
class ServiceShare:
    service: Service
    in_area: float
    in_targets: float

    @property
    def share(self) -> float | None:
        return self.in_targets / self.in_area if self.in_area > 0 else None


@dataclass
class AgencyRatio:
    organization_id: int
    organization: str
    services: list[ServiceShare]
    share: float | None
    ratio: float | None
    targets_reached: int


@dataclass
class Coverage:
    rows: list[Row]
    columns: list[Column]
    gaps: list[Gap]
    agencies: list[AgencyRatio]
    area_population: int
    target_population: int
    targets: int
    population_share: float | None
    unplaced: list[Holding] = field(default_factory=list)


class Spreader:
    """Shares of a capacity recorded on a region among the neighbourhoods under it."""

    def __init__(self, tree: Tree):
        self.tree = tree
        self._children: dict[int | None, list[int]] = defaultdict(list)
        for pk, parent in tree.parent.items():
            self._children[parent].append(pk)
        self._shares: dict[int, dict[int, float]] = {}

    def subtree(self, region_id: int) -> list[int]:
        """The region and every region under it."""
        found, stack = [], [region_id]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(self._children.get(node, ()))
        return found

    def neighbourhoods(self, region_id: int) -> list[int]:
        """The neighbourhoods under the region (the region itself if it is one)."""
        return sorted(pk for pk in self.subtree(region_id) if self.tree.kind.get(pk) == NEIGHBOURHOOD)

    def ancestors(self, region_id: int) -> list[int]:
        chain, node = [], self.tree.parent.get(region_id)
        while node is not None:
            chain.append(node)
            node = self.tree.parent.get(node)
        return chain

    def shares(self, region_id: int) -> dict[int, float]:
        if region_id not in self._shares:
            hoods = self.neighbourhoods(region_id)
            weights = {pk: self.tree.population.get(pk) or 0 for pk in hoods}
            total = sum(weights.values())
            if total > 0:
                result = {pk: weight / total for pk, weight in weights.items() if weight > 0}
            else:
                result = {pk: 1 / len(hoods) for pk in hoods}
            self._shares[region_id] = result
        return self._shares[region_id]


def classify(total: float, per_1000: float | None, norm: float | None) -> str:
    if total <= 0:
        return GAP
    if norm is None or per_1000 is None:
        return SERVED
    return MEETS if per_1000 >= norm * (1 - TOLERANCE) else BELOW


def per_1000(total: float, population: int | None) -> float | None:
    return total * 1000 / population if population else None


def default_area(tree: Tree, target_ids: Sequence[int]) -> int | None:
    """The district or city that holds the most target neighbourhoods (the first by id on a tie)."""
    counts: dict[int, int] = defaultdict(int)
    for pk in target_ids:
        node = tree.parent.get(pk)
        while node is not None and tree.kind.get(node) not in AREA_KINDS:
            node = tree.parent.get(node)
        if node is not None:
            counts[node] += 1
    if not counts:
        return None
    return min(counts, key=lambda pk: (-counts[pk], pk))


def compute(
    *,
    neighbourhoods: Sequence[Neighbourhood],
    services: Sequence[Service],
    holdings: Sequence[Holding],
    tree: Tree,
    all_rows: bool = False,
) -> Coverage:
    """The matrix over the area's neighbourhoods (rows: the targets, or all of them with `all_rows`)."""
    area = {hood.id: hood for hood in neighbourhoods}
    spreader = Spreader(tree)
    # (neighbourhood, service) -> organisation -> amount that reaches it
    reach: dict[tuple[int, int], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    names: dict[int, str] = {}
    unplaced = []
    for holding in holdings:
        shares = spreader.shares(holding.region_id)
        if not shares:
            unplaced.append(holding)
            continue
        if holding.amount <= 0:
            continue
        names[holding.organization_id] = holding.organization
        for pk, share in shares.items():
            if pk in area:
                reach[(pk, holding.service_id)][holding.organization_id] += holding.amount * share

    shown = [hood for hood in neighbourhoods if all_rows or hood.is_target]
    rows, gaps = [], []
    for hood in shown:
        cells = []
        for service in services:
            by_org = reach.get((hood.id, service.id), {})
            total = sum(by_org.values())
            rate = per_1000(total, hood.population)
            status = classify(total, rate, service.norm)
            agencies = sorted(((names[o], v) for o, v in by_org.items()), key=lambda a: (-a[1], a[0]))
            cells.append(Cell(service, total, rate, status, agencies))
            if status in (GAP, BELOW):
                needed = None
                if service.norm is not None and hood.population:
                    needed = max(0.0, service.norm * hood.population / 1000 - total)
                gaps.append(Gap(hood, service, status, total, rate, needed))
        rows.append(Row(hood, cells))
    gaps.sort(
        key=lambda g: (g.status != GAP, not g.neighbourhood.is_target, -(g.neighbourhood.population or 0))
    )

    columns = []
    shown_population = sum(hood.population or 0 for hood in shown)
    for index, service in enumerate(services):
        cells = [row.cells[index] for row in rows]
        total = sum(cell.total for cell in cells)
        with_population = sum(
            cell.total for row, cell in zip(rows, cells, strict=True) if row.neighbourhood.population
        )
        rate = per_1000(with_population, shown_population)
        columns.append(
            Column(
                service,
                total,
                rate,
                classify(total, rate, service.norm),
                gaps=sum(cell.status == GAP for cell in cells),
                below=sum(cell.status == BELOW for cell in cells),
            )
        )

    area_population = sum(hood.population or 0 for hood in neighbourhoods)
    targets = [hood for hood in neighbourhoods if hood.is_target]
    target_population = sum(hood.population or 0 for hood in targets)
    population_share = target_population / area_population if area_population else None
    return Coverage(
        rows=rows,
        columns=columns,
        gaps=gaps,
        agencies=_agencies(reach, names, area, services, population_share),
        area_population=area_population,
        target_population=target_population,
        targets=len(targets),
        population_share=population_share,
        unplaced=unplaced,
    )


def _agencies(
    reach: Mapping[tuple[int, int], Mapping[int, float]],
    names: Mapping[int, str],
    area: Mapping[int, Neighbourhood],
    services: Sequence[Service],
    population_share: float | None,
) -> list[AgencyRatio]:
    by_id = {service.id: service for service in services}
    order = {service.id: index for index, service in enumerate(services)}
    amounts: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    reached: dict[int, set[int]] = defaultdict(set)
    for (hood_id, service_id), by_org in reach.items():
        if service_id not in by_id:
            continue
        target = area[hood_id].is_target
        for org, value in by_org.items():
            pair = amounts[org][service_id]
            pair[0] += value
            if target:
                pair[1] += value
                reached[org].add(hood_id)
    result = []
    for org, by_service in amounts.items():
        shares = [
            ServiceShare(by_id[service_id], in_area, in_targets)
            for service_id, (in_area, in_targets) in by_service.items()
        ]
        shares.sort(key=lambda s: order[s.service.id])
        known = [s.share for s in shares if s.share is not None]
        share = sum(known) / len(known) if known else None
        ratio = share / population_share if share is not None and population_share else None
        result.append(AgencyRatio(org, names[org], shares, share, ratio, len(reached[org])))
    result.sort(key=lambda a: (a.ratio is None, -(a.ratio or 0), a.organization))
    return result
