"""Who may see and do what in annual programmes. One helper per object type; outsiders get a 404.

- Owners: the officers of the programme's organisation. They draft the programme, adopt the programme of
  an organisation above theirs, report quarters, write the year-end reviews and carry goals over.
- Reviewers: the officers of the organisation's parent organisation (the national deputy reviews the
  provinces), and users given a reviewer role (GoalRole) on the organisation or any organisation above
  it; that role is how a programme with no parent organisation, such as the national one, gets its
  reviewer. They accept or return quarterly reports and year-end reviews. Nobody reviews the work of
  their own organisation.
- Readers: every user of the programme's organisation, of an organisation above it (the national
  deputy reads every province's programme) or below it (a province reads the national programme it
  adopts), and users with a role (GoalRole, viewer or reviewer) on the organisation or one above it.
  Whoever reads a programme reads its goals, measures, quarterly reports, evidence and reviews.
- A system administrator reads and reviews everything.
- Anyone else (another province, an unrelated agency) gets a 404, on pages, in the API and in exports.

The organisations' tree is read once per `Viewer` (one query), the user's roles once (one query).
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from hamafza.accounts.models import User
from hamafza.goals.models import Goal, GoalRole, Measure, Programme, QuarterReport, ReportFile, YearEndReview
from hamafza.orgs.models import Organization


@dataclass
class OrgTree:
    """Every organisation's parent, read in one query."""

    parent: dict[int, int | None] = field(default_factory=dict)
    _children: dict[int | None, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "OrgTree":
        tree = cls()
        for pk, parent in Organization.objects.order_by().values_list("pk", "parent_id"):
            tree.parent[pk] = parent
            tree._children.setdefault(parent, []).append(pk)
        return tree

    def ancestors(self, pk: int) -> list[int]:
        """The organisations above `pk`, nearest first (a cycle, which the admin could make, stops the walk)."""
        chain: list[int] = []
        node = self.parent.get(pk)
        while node is not None and node not in chain and node != pk:
            chain.append(node)
            node = self.parent.get(node)
        return chain

    def descendants(self, pk: int) -> set[int]:
        found: set[int] = set()
        stack = list(self._children.get(pk, ()))
        while stack:
            node = stack.pop()
            if node in found or node == pk:
                continue
            found.add(node)
            stack.extend(self._children.get(node, ()))
        return found

    def is_above(self, upper: int, lower: int) -> bool:
        return upper in self.ancestors(lower)


class Viewer:
    """One user's scope over the programmes, computed once per request."""

    def __init__(self, user: User, tree: OrgTree | None = None):
        self.user = user
        self._tree = tree
        self._roles: dict[int, str] | None = None
        self._read: set[int] | None = None

    @property
    def is_admin(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_system_admin)

    @property
    def tree(self) -> OrgTree:
        if self._tree is None:
            self._tree = OrgTree.load()
        return self._tree

    @property
    def roles(self) -> dict[int, str]:
        """{organisation id: role kind} of the user's GoalRoles."""
        if self._roles is None:
            self._roles = dict(
                GoalRole.objects.filter(user=self.user).values_list("organization_id", "kind")
                if self.user.is_authenticated
                else []
            )
        return self._roles

    def readable_org_ids(self) -> set[int] | None:
        """The organisations whose programmes the user reads; None for all of them."""
        if self.is_admin:
            return None
        if self._read is None:
            read: set[int] = set()
            own = self.user.organization_id if self.user.is_authenticated else None
            if own:
                read.add(own)
                read.update(self.tree.ancestors(own))
                read.update(self.tree.descendants(own))
            for organization_id in self.roles:
                read.add(organization_id)
                read.update(self.tree.descendants(organization_id))
            self._read = read
        return self._read

    def reads(self, organization_id: int) -> bool:
        ids = self.readable_org_ids()
        return ids is None or organization_id in ids

    def owns(self, programme: Programme) -> bool:
        """An officer of the programme's organisation."""
        user = self.user
        return bool(
            user.is_authenticated
            and user.is_active
            and user.is_officer
            and user.organization_id == programme.organization_id
        )

    def reviews(self, programme: Programme) -> bool:
        """The parent organisation's officers, a reviewer role on the organisation or one above it, or an
        administrator; never a user of the programme's own organisation."""
        user = self.user
        if not (user.is_authenticated and user.is_active):
            return False
        if self.is_admin:
            return True
        organization_id = programme.organization_id
        if user.organization_id == organization_id:
            return False
        parent = self.tree.parent.get(organization_id)
        if user.is_officer and parent is not None and user.organization_id == parent:
            return True
        above = [organization_id, *self.tree.ancestors(organization_id)]
        return any(self.roles.get(pk) == GoalRole.Kind.REVIEWER for pk in above)

    def may_adopt(self, programme: Programme) -> bool:
        """An officer of an organisation under the programme's organisation, the programme being active."""
        user = self.user
        return bool(
            programme.state == Programme.State.ACTIVE
            and user.is_authenticated
            and user.is_active
            and user.is_officer
            and user.organization_id
            and self.tree.is_above(programme.organization_id, user.organization_id)
        )

    # --- querysets and single objects ---------------------------------------------------------------

    def programmes(self) -> QuerySet[Programme]:
        ids = self.readable_org_ids()
        programmes = Programme.objects.all()
        return programmes if ids is None else programmes.filter(organization_id__in=ids)

    def programme(self, pk) -> Programme:
        programme = self.programmes().select_related("organization", "region", "adopts").filter(pk=pk).first()
        if programme is None:
            raise Http404
        return programme

    def goal(self, pk) -> Goal:
        goal = (
            Goal.objects.select_related("programme__organization", "programme__region", "owner")
            .filter(pk=pk)
            .first()
        )
        if goal is None or not self.reads(goal.programme.organization_id):
            raise Http404
        return goal

    def measure(self, pk) -> Measure:
        measure = (
            Measure.objects.select_related("goal__programme__organization", "indicator", "body")
            .filter(pk=pk)
            .first()
        )
        if measure is None or not self.reads(measure.goal.programme.organization_id):
            raise Http404
        return measure

    def reports(self) -> QuerySet[QuarterReport]:
        ids = self.readable_org_ids()
        reports = QuarterReport.objects.all()
        return reports if ids is None else reports.filter(measure__goal__programme__organization_id__in=ids)

    def report(self, pk) -> QuarterReport:
        report = (
            QuarterReport.objects.select_related(
                "measure__goal__programme__organization", "submitted_by", "reviewed_by"
            )
            .filter(pk=pk)
            .first()
        )
        if report is None or not self.reads(report.measure.goal.programme.organization_id):
            raise Http404
        return report

    def report_file(self, pk) -> ReportFile:
        evidence = ReportFile.objects.select_related("report__measure__goal__programme").filter(pk=pk).first()
        if evidence is None or not self.reads(evidence.report.measure.goal.programme.organization_id):
            raise Http404
        return evidence

    def reviews_qs(self) -> QuerySet[YearEndReview]:
        ids = self.readable_org_ids()
        reviews = YearEndReview.objects.all()
        return reviews if ids is None else reviews.filter(goal__programme__organization_id__in=ids)

    def review(self, pk) -> YearEndReview:
        review = (
            YearEndReview.objects.select_related("goal__programme__organization", "written_by", "reviewed_by")
            .filter(pk=pk)
            .first()
        )
        if review is None or not self.reads(review.goal.programme.organization_id):
            raise Http404
        return review


def programme_for_user(user: User, pk) -> Programme:
    return Viewer(user).programme(pk)


def programmes_for_user(user: User) -> QuerySet[Programme]:
    return Viewer(user).programmes()


def goal_for_user(user: User, pk) -> Goal:
    return Viewer(user).goal(pk)


def measure_for_user(user: User, pk) -> Measure:
    return Viewer(user).measure(pk)


def report_for_user(user: User, pk) -> QuarterReport:
    return Viewer(user).report(pk)


def review_for_user(user: User, pk) -> YearEndReview:
    return Viewer(user).review(pk)


def can_own(user: User, programme: Programme) -> bool:
    return Viewer(user).owns(programme)


def can_review(user: User, programme: Programme) -> bool:
    return Viewer(user).reviews(programme)
