"""How needs, pledges, donors, NGOs and capacities look in the API, and what a write carries.

A donor's name and contact data depend on who asks: an anonymous donor is named only to the body's
secretariat, an administrator and the donor itself (access.may_see_donor_name); contact data (national
ID, mobile, e-mail, address) only to those same people, whether the donor is anonymous or not. The
viewset puts what it needs to decide that into the serializer context once per request.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hamafza.lib import limits
from hamafza.lib.masking import mask_address, mask_email, mask_mobile, mask_national_id
from hamafza.lib.openapi import EMAIL_OR_BLANK
from hamafza.meetings.api.base import DateField, jalali
from hamafza.meetings.api.serializers import BodyRefSerializer
from hamafza.orgs.api import OrganizationRefSerializer
from hamafza.participation.models import Capacity, Donor, Need, NgoProfile, Pledge, ServiceKind
from hamafza.places.api import RegionRefSerializer

# --- Who may know a donor ---------------------------------------------------------------------------


class DonorPrivacy:
    """access.may_see_donor_name, answered from two sets read once per request instead of per donor."""

    def __init__(self, user, managed_body_ids: set[int] | None, own_donor_ids: set[int]):
        self.user = user
        self.managed = managed_body_ids  # None: every body (a system administrator)
        self.own = own_donor_ids

    def knows(self, donor: Donor) -> bool:
        """May see the donor's identity and contact data."""
        return self.managed is None or donor.body_id in self.managed or donor.pk in self.own

    def name(self, donor: Donor) -> str:
        if not donor.is_anonymous or self.knows(donor):
            return donor.name
        return gettext("Anonymous donor")


def _privacy(serializer) -> DonorPrivacy:
    return serializer.context["donor_privacy"]


class DonorRefSerializer(serializers.ModelSerializer):
    """A donor named inside a pledge: «Anonymous donor» to whoever may not know an anonymous donor."""

    name = serializers.SerializerMethodField()

    class Meta:
        model = Donor
        fields = ["id", "name", "kind"]

    def get_name(self, donor) -> str:
        return _privacy(self).name(donor)


# --- Needs ------------------------------------------------------------------------------------------


class NeedRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = ["id", "title", "state"]


class NeedSerializer(serializers.ModelSerializer):
    body = BodyRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(read_only=True)
    priority = serializers.FloatField(read_only=True)
    value_lacking = serializers.IntegerField(read_only=True)
    deadline_jalali = serializers.SerializerMethodField()

    class Meta:
        model = Need
        fields = [
            "id",
            "body",
            "organization",
            "region",
            "category",
            "title",
            "description",
            "justification",
            "quantity",
            "unit",
            "estimated_cost",
            "value_met",
            "value_lacking",
            "deadline",
            "deadline_jalali",
            "urgency",
            "priority",
            "priority_computed",
            "priority_override",
            "priority_reason",
            "state",
            "state_note",
            "created_at",
            "approved_at",
        ]

    def get_deadline_jalali(self, need) -> str | None:
        return jalali(need.deadline)


class NeedCreateSerializer(serializers.Serializer):
    body = serializers.IntegerField(help_text=_("The body whose secretariat will decide on the need."))
    organization = serializers.IntegerField(
        allow_null=True,
        required=False,
        default=None,
        help_text=_("The agency that needs it (your own); empty for a neighbourhood's need."),
    )
    region = serializers.IntegerField()
    category = serializers.ChoiceField(choices=Need._meta.get_field("category").choices)
    title = serializers.CharField(max_length=250)
    description = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, default="")
    justification = serializers.CharField(max_length=limits.LONG_TEXT)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, default=1)
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    estimated_cost = serializers.IntegerField(min_value=1)
    deadline = DateField(required=False, allow_null=True, default=None)
    urgency = serializers.ChoiceField(
        choices=Need.Urgency.choices, required=False, default=Need.Urgency.MEDIUM
    )


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.NOTE)


class PublicNeedSerializer(serializers.ModelSerializer):
    """An approved open need as anyone may see it: nothing of the agency but its name, no donors."""

    region = serializers.CharField(source="region.name", read_only=True)
    organization = serializers.SerializerMethodField()
    value_lacking = serializers.IntegerField(read_only=True)
    open_to_offers = serializers.SerializerMethodField(
        help_text="What the need lacks beyond the pledges already made to it: the most an offer may ask."
    )
    deadline_jalali = serializers.SerializerMethodField()

    class Meta:
        model = Need
        fields = [
            "id",
            "title",
            "description",
            "category",
            "region",
            "organization",
            "value_lacking",
            "open_to_offers",
            "deadline",
            "deadline_jalali",
        ]

    def get_organization(self, need) -> str | None:
        return need.organization.name if need.organization_id else None

    def get_open_to_offers(self, need) -> int:
        return max(0, need.room)

    def get_deadline_jalali(self, need) -> str | None:
        return jalali(need.deadline)


# --- Pledges ----------------------------------------------------------------------------------------


class PledgeSerializer(serializers.ModelSerializer):
    donor = DonorRefSerializer(read_only=True)
    body = BodyRefSerializer(read_only=True)
    need = NeedRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Pledge
        fields = [
            "id",
            "donor",
            "body",
            "need",
            "parent",
            "category",
            "region",
            "kind",
            "description",
            "value",
            "quantity",
            "hours",
            "state",
            "source",
            "delivered_value",
            "delivered_at",
            "verified_at",
            "created_at",
        ]


# --- Donors -----------------------------------------------------------------------------------------


class DonorSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    body = BodyRefSerializer(read_only=True)
    interest_regions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    contact = serializers.SerializerMethodField(
        help_text=_(
            "Identifiers and contact data: only for the body's secretariat and the donor itself; masked in lists."
        )
    )

    class Meta:
        model = Donor
        fields = [
            "id",
            "kind",
            "name",
            "organization",
            "body",
            "region",
            "interest_categories",
            "interest_regions",
            "is_anonymous",
            "may_contact",
            "is_active",
            "created_at",
            "contact",
        ]

    def get_name(self, donor) -> str:
        return _privacy(self).name(donor)

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                name: EMAIL_OR_BLANK if name == "email" else {"type": "string"}
                for name in ("national_id", "legal_id", "mobile", "email", "postal_code", "address")
            },
        }
    )
    def get_contact(self, donor):
        if not _privacy(self).knows(donor):
            return None
        if self.context.get("mask_contact"):
            return {
                "national_id": mask_national_id(donor.national_id),
                "legal_id": donor.legal_id,  # an institution's public registration number
                "mobile": mask_mobile(donor.mobile),
                "email": mask_email(donor.email),
                "postal_code": mask_national_id(donor.postal_code),
                "address": mask_address(donor.address),
            }
        return {
            "national_id": donor.national_id,
            "legal_id": donor.legal_id,
            "mobile": donor.mobile,
            "email": donor.email,
            "postal_code": donor.postal_code,
            "address": donor.address,
        }


# --- NGO registry and capacities --------------------------------------------------------------------


class NgoSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    licence_expired = serializers.SerializerMethodField()
    fields_of_activity = serializers.SlugRelatedField(
        source="fields", slug_field="code", many=True, read_only=True, help_text=_("Harm category codes.")
    )
    regions_served = RegionRefSerializer(many=True, read_only=True)

    class Meta:
        model = NgoProfile
        fields = [
            "id",
            "organization",
            "registration_number",
            "licence_authority",
            "licence_expires",
            "licence_expired",
            "legal_id",
            "fields_of_activity",
            "regions_served",
            "members_count",
            "founded_on",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_licence_expired(self, profile) -> bool:
        return profile.licence_expired(self.context.get("today"))


class ServiceKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceKind
        fields = ["code", "name", "name_en", "unit", "norm_per_1000"]


class CapacitySerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    service = ServiceKindSerializer(read_only=True)
    region = RegionRefSerializer(read_only=True)

    class Meta:
        model = Capacity
        fields = [
            "id",
            "organization",
            "service",
            "region",
            "amount",
            "staff",
            "hours_per_week",
            "place",
            "note",
            "updated_at",
        ]
