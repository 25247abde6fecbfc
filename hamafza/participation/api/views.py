"""The participation API under /api/participation/: needs, pledges, donors, the NGO registry, capacities
and the public list of approved open needs.

The same rules as the pages: every queryset starts from an access helper, so an object outside the
user's scope is a 404 and absent from lists; every change is a call to a service function. Only the
public needs answer without signing in.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hamafza.lib import api_filters
from hamafza.lib.api_filters import IntegerFilter
from hamafza.lib.persian import search_terms
from hamafza.meetings import services as meetings_services
from hamafza.meetings.access import body_for_user
from hamafza.meetings.api.base import ServiceErrorsMixin
from hamafza.orgs.api import filter_search_text
from hamafza.orgs.models import Organization
from hamafza.participation import access
from hamafza.participation.api import serializers as s
from hamafza.participation.models import Capacity, Donor, Need, NeedCategory, NgoProfile, Pledge
from hamafza.participation.services import needs as need_services
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.services.public import public_needs
from hamafza.places.models import Region

REFUSED = OpenApiResponse(
    description=gettext_lazy("The rules do not allow this change now; `detail` says why.")
)
FORBIDDEN = OpenApiResponse(description=gettext_lazy("You see this object but may not make this change."))
NOT_FOUND = OpenApiResponse(description=gettext_lazy("No such object within your scope."))

# Service refusals that are about who asks, not about the object's state: 403, not 400.
FORBIDDEN_CODES = {"not_secretariat", "not_own_agency", "not_allowed"}


def regions_inside(area_id: int) -> set[int]:
    """The region and every region below it, one level per query (the tree is four levels deep)."""
    found, level = {area_id}, {area_id}
    while level:
        level = set(Region.objects.filter(parent_id__in=level).values_list("pk", flat=True)) - found
        found |= level
    return found


class ParticipationErrorsMixin(ServiceErrorsMixin):
    """A refused change answers 400 with the service's message, or 403 when the user may not make it."""

    def handle_exception(self, exc):
        if isinstance(exc, ParticipationError):
            code = exc.code or "invalid"
            return Response(
                {"detail": " ".join(exc.messages), "code": code},
                status=403 if code in FORBIDDEN_CODES else 400,
            )
        return super().handle_exception(exc)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = getattr(self.request, "user", None) if getattr(self, "request", None) else None
        if user is not None and user.is_authenticated:
            context["donor_privacy"] = s.DonorPrivacy(
                user,
                None if user.is_system_admin else access.secretariat_body_ids(user),
                set(Donor.objects.filter(access._own_donor_q(user)).values_list("pk", flat=True)),
            )
        return context


# --- Needs ------------------------------------------------------------------------------------------


class NeedFilter(api_filters.FilterSet):
    body = IntegerFilter(field_name="body_id")
    organization = IntegerFilter(field_name="organization_id")
    region = IntegerFilter(method="in_region", label=gettext_lazy("In this region or below it"))
    state = django_filters.MultipleChoiceFilter(choices=Need.State.choices)
    category = django_filters.MultipleChoiceFilter(choices=NeedCategory.choices)
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Words of the title or description"))

    class Meta:
        model = Need
        fields = ["body", "organization", "region", "state", "category", "urgency"]

    def in_region(self, queryset, name, value):
        return queryset.filter(region_id__in=regions_inside(int(value)))

    def search(self, queryset, name, value):
        return filter_search_text(queryset, value)


class NeedViewSet(
    ParticipationErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Needs the user sees: the body's secretariat and viewers see its needs, an agency its own.
    An agency's officer proposes its needs; the secretariat approves or turns them down."""

    queryset = Need.objects.none()  # the model, for the schema; get_queryset scopes every request
    serializer_class = s.NeedSerializer
    filterset_class = NeedFilter
    ordering_fields = ["created_at", "deadline", "priority_computed", "estimated_cost", "id"]
    ordering = ["-pk"]
    input_serializers = {
        "list": s.NeedCreateSerializer,
        "create": s.NeedCreateSerializer,
        "approve": s.NoteSerializer,
        "reject": s.ReasonSerializer,
    }

    def get_queryset(self):
        return (
            access.needs_for_user(self.request.user)
            .select_related("body", "organization", "region")
            .defer("region__boundary")
        )

    @extend_schema(
        request=s.NeedCreateSerializer,
        responses={201: s.NeedSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request):
        """Propose a need: an agency's officer for its own organisation, the secretariat for any member or
        for a neighbourhood (no organisation)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        body = body_for_user(request.user, data.pop("body"))
        organization = None
        if data["organization"] is not None:
            organization = Organization.objects.filter(pk=data["organization"]).first()
            if organization is None:
                raise ParticipationError(_("No such organisation."), code="organization")
        region = Region.objects.filter(pk=data["region"]).first()
        if region is None:
            raise ParticipationError(_("No such region."), code="region")
        data.update(organization=organization, region=region)
        need = need_services.propose_need(by=request.user, body=body, **data)
        return Response(self.output(self.get_queryset().get(pk=need.pk)), status=status.HTTP_201_CREATED)

    def _decide(self, request, decide, **fields):
        need = self.get_object()
        if not access.can_manage_participation(request.user, need.body_id):
            raise PermissionDenied(_("Only the body's secretariat may do this."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decide(need, by=request.user, **serializer.validated_data)
        return Response(self.output(self.get_queryset().get(pk=need.pk)))

    @extend_schema(
        request=s.NoteSerializer,
        responses={200: s.NeedSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, pk=None):
        """Approve a proposed need, with an optional note (the body's secretariat only)."""
        return self._decide(request, need_services.approve_need)

    @extend_schema(
        request=s.ReasonSerializer,
        responses={200: s.NeedSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, pk=None):
        """Turn down a proposed need, saying why (the body's secretariat only)."""
        return self._decide(request, need_services.reject_need)


# --- Pledges ----------------------------------------------------------------------------------------


class PledgeFilter(api_filters.FilterSet):
    body = IntegerFilter(field_name="body_id")
    need = IntegerFilter(field_name="need_id")
    donor = IntegerFilter(field_name="donor_id")
    state = django_filters.MultipleChoiceFilter(choices=Pledge.State.choices)

    class Meta:
        model = Pledge
        fields = ["body", "need", "donor", "state", "kind", "source", "category"]


class PledgeViewSet(ParticipationErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Pledges the user sees: the body's secretariat and viewers, the donor its own, an agency those made
    to its needs once pledged. An anonymous donor is named only to the secretariat and to itself."""

    queryset = Pledge.objects.none()  # the model, for the schema; get_queryset scopes every request
    serializer_class = s.PledgeSerializer
    filterset_class = PledgeFilter
    ordering_fields = ["created_at", "value", "id"]
    ordering = ["-pk"]

    def get_queryset(self):
        return (
            access.pledges_for_user(self.request.user)
            .select_related("donor", "body", "need", "region")
            .defer("region__boundary")
        )


# --- Donors -----------------------------------------------------------------------------------------


class DonorFilter(api_filters.FilterSet):
    body = IntegerFilter(field_name="body_id")
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Name (or, for the secretariat, ID)"))

    class Meta:
        model = Donor
        fields = ["body", "kind", "is_active", "is_anonymous"]

    def search(self, queryset, name, value):
        """Whoever may not know a donor finds it only by the name it shows: never an anonymous donor, never
        by a mobile or ID (the only digits in the search text)."""
        user = self.request.user
        if user.is_system_admin:
            return filter_search_text(queryset, value)
        known = Q(body_id__in=access.secretariat_body_ids(user)) | access._own_donor_q(user)
        for term in search_terms(value):
            if any(ch.isdigit() for ch in term):
                queryset = queryset.filter(known, search_text__contains=term)
            else:
                queryset = queryset.filter(known | Q(is_anonymous=False), search_text__contains=term)
        return queryset


class DonorViewSet(ParticipationErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Donors, charities and industries the user sees: the body's secretariat and viewers its donors, a
    donor's user and a charity's or an industry's people their own records."""

    queryset = Donor.objects.none()  # the model, for the schema; get_queryset scopes every request
    serializer_class = s.DonorSerializer
    filterset_class = DonorFilter
    ordering_fields = ["name", "created_at", "id"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        return (
            access.donors_for_user(self.request.user)
            .select_related("body", "organization")
            .prefetch_related("interest_regions")
        )

    def get_serializer_context(self):
        # A list shows identifiers and contact data masked; the one donor's record shows them whole.
        context = super().get_serializer_context()
        context["mask_contact"] = getattr(self, "action", None) == "list"
        return context


# --- NGO registry and capacities: every signed-in user reads them -----------------------------------


class NgoFilter(api_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search by name"))
    region = IntegerFilter(field_name="regions_served", label=gettext_lazy("Serves this region"))
    field = django_filters.CharFilter(
        field_name="fields__code", label=gettext_lazy("Field (harm category code)")
    )
    licence_expired = django_filters.BooleanFilter(
        method="expired", label=gettext_lazy("Licence has expired")
    )

    class Meta:
        model = NgoProfile
        fields = ["q", "region", "field", "licence_expired"]

    def search(self, queryset, name, value):
        return filter_search_text(queryset, value, "organization__search_text")

    def expired(self, queryset, name, value):
        lapsed = Q(licence_expires__lt=meetings_services.today())
        return queryset.filter(lapsed) if value else queryset.exclude(lapsed)


class NgoViewSet(ParticipationErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """The NGO registry (سمن): licence, its authority and expiry (flagged once expired), fields of
    activity, regions served and members."""

    queryset = NgoProfile.objects.none()  # the model, for the schema; get_queryset builds every request's
    serializer_class = s.NgoSerializer
    filterset_class = NgoFilter
    ordering_fields = ["licence_expires", "members_count", "id"]
    ordering = ["organization__name", "pk"]

    def get_queryset(self):
        return (
            NgoProfile.objects.select_related("organization")
            .prefetch_related("fields", "regions_served")
            .distinct()
        )


class CapacityFilter(api_filters.FilterSet):
    organization = IntegerFilter(field_name="organization_id")
    service = django_filters.CharFilter(field_name="service__code", label=gettext_lazy("Service (code)"))
    region = IntegerFilter(field_name="region_id")
    area = IntegerFilter(method="in_area", label=gettext_lazy("In this region or below it"))

    class Meta:
        model = Capacity
        fields = ["organization", "service", "region", "area"]

    def in_area(self, queryset, name, value):
        return queryset.filter(region_id__in=regions_inside(int(value)))


class CapacityViewSet(ParticipationErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """What each agency offers, where and how much: the inventory behind the coverage matrix."""

    queryset = Capacity.objects.none()  # the model, for the schema; get_queryset builds every request's
    serializer_class = s.CapacitySerializer
    filterset_class = CapacityFilter
    ordering_fields = ["amount", "updated_at", "id"]
    ordering = ["organization__name", "service__order", "pk"]

    def get_queryset(self):
        return Capacity.objects.select_related("organization", "service", "region").defer("region__boundary")


# --- The public list: no sign-in -------------------------------------------------------------------


class PublicNeedFilter(api_filters.FilterSet):
    region = IntegerFilter(method="in_region", label=gettext_lazy("In this region or below it"))
    category = django_filters.MultipleChoiceFilter(choices=NeedCategory.choices)
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Words of the title or description"))

    class Meta:
        model = Need
        fields = ["region", "category", "q"]

    def in_region(self, queryset, name, value):
        return queryset.filter(region_id__in=regions_inside(int(value)))

    def search(self, queryset, name, value):
        return filter_search_text(queryset, value)


class PublicNeedViewSet(viewsets.ReadOnlyModelViewSet):
    """Approved needs not yet met, of every body, as the public page shows them; no sign-in needed."""

    queryset = Need.objects.none()  # the model, for the schema; get_queryset builds every request's
    serializer_class = s.PublicNeedSerializer
    filterset_class = PublicNeedFilter
    permission_classes = [permissions.AllowAny]
    ordering_fields = ["deadline", "id"]
    ordering = ["-pk"]

    def get_queryset(self):
        return public_needs().select_related("region", "organization").defer("region__boundary")
