"""Who reads what in counselling. Outsiders get a 404, on pages, in the API and in exports.

- Case details (the case, its parties, sessions and notes): the station's counsellors (a counsellor role
  on the station, held by a user of the station) and the reviewers of the provincial social deputy (a
  reviewer role on the provincial command, or on any organisation above the station). Nobody else, not
  even a system administrator: above the province, numbers only.
- Figures (numbers only): whoever reads the details, the users of the station and of every organisation
  above it (county command, provincial command, the national social deputy), users with a viewer role on
  the station or an organisation above it, and system administrators. A county's or province's figures
  are read by whoever reads every centre in it; the national figures by whoever reads every centre.

The organisations' tree is read once per `Viewer` (one query), the user's roles once (one query).
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from hamafza.counseling.models import Case, Centre, CounselingRole
from hamafza.orgs.models import Organization

Kind = CounselingRole.Kind


@dataclass
class OrgTree:
    """Every organisation's parent, read in one query."""

    parent: dict[int, int | None] = field(default_factory=dict)
    children: dict[int | None, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "OrgTree":
        tree = cls()
        for pk, parent in Organization.objects.order_by().values_list("pk", "parent_id"):
            tree.parent[pk] = parent
            tree.children.setdefault(parent, []).append(pk)
        return tree

    def subtree(self, pk: int) -> set[int]:
        """The organisation and every organisation under it (a cycle stops the walk)."""
        found: set[int] = set()
        stack = [pk]
        while stack:
            node = stack.pop()
            if node in found:
                continue
            found.add(node)
            stack.extend(self.children.get(node, ()))
        return found


class Viewer:
    """One user's reach over the centres, computed once per request."""

    def __init__(self, user):
        self.user = user
        self._tree: OrgTree | None = None
        self._roles: list[tuple[int, str]] | None = None
        self._centres: dict[int, tuple[int | None, int | None]] | None = None
        self._details: set[int] | None = None
        self._figures: set[int] | None = None

    @property
    def active(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active)

    @property
    def is_admin(self) -> bool:
        return bool(self.active and self.user.is_superuser)

    @property
    def tree(self) -> OrgTree:
        if self._tree is None:
            self._tree = OrgTree.load()
        return self._tree

    @property
    def roles(self) -> list[tuple[int, str]]:
        if self._roles is None:
            self._roles = (
                list(CounselingRole.objects.filter(user=self.user).values_list("organization_id", "kind"))
                if self.active
                else []
            )
        return self._roles

    @property
    def centres(self) -> dict[int, tuple[int | None, int | None]]:
        """{station: (county, province)} of every centre (one query)."""
        if self._centres is None:
            self._centres = {
                station: (county, province)
                for station, county, province in Centre.objects.values_list(
                    "station_id", "county_id", "province_id"
                )
            }
        return self._centres

    # --- the stations the user reads ------------------------------------------------------------------

    def detail_stations(self) -> set[int]:
        """The stations whose cases the user reads."""
        if self._details is None:
            found: set[int] = set()
            if self.active:
                for organization_id, kind in self.roles:
                    if kind == Kind.COUNSELLOR and organization_id == self.user.organization_id:
                        found.add(organization_id)
                    elif kind == Kind.REVIEWER:
                        found.update(self.tree.subtree(organization_id))
            self._details = found & set(self.centres)
        return self._details

    def figure_stations(self) -> set[int]:
        """The stations whose figures the user reads."""
        if self._figures is None:
            if self.is_admin:
                self._figures = set(self.centres)
            else:
                found = set(self.detail_stations())
                if self.active:
                    if self.user.organization_id:
                        found.update(self.tree.subtree(self.user.organization_id))
                    for organization_id, kind in self.roles:
                        if kind in (Kind.VIEWER, Kind.REVIEWER):
                            found.update(self.tree.subtree(organization_id))
                self._figures = found & set(self.centres)
        return self._figures

    def reads_details(self, station_id: int) -> bool:
        return station_id in self.detail_stations()

    def reads_figures(self, station_id: int) -> bool:
        return station_id in self.figure_stations()

    def records(self, case: Case) -> bool:
        """Opens, edits and closes cases, and records sessions: the station's counsellors."""
        return bool(
            self.active
            and self.user.organization_id == case.station_id
            and (case.station_id, Kind.COUNSELLOR) in self.roles
        )

    def counsels_at(self) -> Organization | None:
        """The station where the user is a counsellor, if any."""
        station = self.user.organization_id if self.active else None
        if station and (station, Kind.COUNSELLOR) in self.roles and station in self.centres:
            return self.user.organization
        return None

    def reads_area(self, level: str, unit_id: int | None) -> bool:
        """Reads every centre of the county or province (`level`), or of the country (unit None)."""
        if self.is_admin:
            return True
        index = {"county": 0, "province": 1}.get(level)
        inside = [
            station
            for station, places in self.centres.items()
            if unit_id is None or (index is not None and places[index] == unit_id)
        ]
        return bool(inside) and set(inside) <= self.figure_stations()

    # --- querysets and single objects -----------------------------------------------------------------

    def cases(self) -> QuerySet[Case]:
        return Case.objects.filter(station_id__in=self.detail_stations())

    def case(self, pk) -> Case:
        case = Case.objects.select_related("station", "kind", "harm_category").filter(pk=pk).first()
        if case is None or not self.reads_details(case.station_id):
            raise Http404
        return case

    def station(self, pk) -> Organization:
        """A station whose figures the user reads."""
        if not self.reads_figures(int(pk)):
            raise Http404
        return Organization.objects.select_related("region").get(pk=pk)
