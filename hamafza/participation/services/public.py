"""Offers made by visitors on the public page: the visitor becomes (or is found as) a donor of the need's
body, and the offer waits for that body's secretariat as a pledge in the «offered» state."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.audit import services as audit
from hamafza.audit.models import AuditEntry
from hamafza.lib.identifiers import InvalidIdentifier, clean_mobile, clean_national_id
from hamafza.participation.models import Donor, Need, Pledge
from hamafza.participation.services import pledges
from hamafza.participation.services.common import ParticipationError

AUDIT_ACTIONS = {
    "donor.public_register": _("Donor registered through the public page"),
    "donor.public_anonymous": _("Donor asked on the public page to stay anonymous"),
    "pledge.match": _("Offer matched to a registered donor"),
    "pledge.public_offer": _("Offer made on the public page"),
}

# Offers still awaiting the secretariat that one mobile number may have at a time: a person with more
# waiting is better called by the secretariat than allowed to pile up more (and a script is stopped).
MAX_WAITING_PER_MOBILE = 5

MOBILE_MESSAGE = _("Enter a valid mobile number, such as 09121234567.")
NATIONAL_ID_MESSAGES = {
    "format": _("A national ID has ten digits."),
    "checksum": _("This national ID is not valid: its check digit does not match."),
}


def public_needs():
    """Needs anyone may see on the public page: approved and not yet met, of every body; each annotated
    with `room`, what it still lacks beyond the pledges already made to it (the most an offer may ask)."""
    live = Q(pledges__state__in=(Pledge.State.PLEDGED, Pledge.State.DELIVERED))
    return (
        Need.objects.filter(state__in=Need.OPEN_STATES)
        .annotate(promised=Coalesce(Sum("pledges__value", filter=live), Value(0)))
        .annotate(room=F("estimated_cost") - F("value_met") - F("promised"))
    )


def _clean_mobile(value: str) -> str:
    try:
        return clean_mobile(value)
    except InvalidIdentifier:
        raise ParticipationError(MOBILE_MESSAGE, code="mobile") from None


def _clean_national_id(value: str) -> str:
    if not (value or "").strip():
        return ""
    try:
        return clean_national_id(value)
    except InvalidIdentifier as error:
        raise ParticipationError(NATIONAL_ID_MESSAGES[error.code], code="national_id") from None


def _waiting_offers(body_id: int, mobile: str) -> int:
    """Offers from the public page still awaiting the secretariat from this mobile number, whatever
    record each was made under."""
    return Pledge.objects.filter(
        body_id=body_id, state=Pledge.State.OFFERED, source=Pledge.Source.PUBLIC, donor__mobile=mobile
    ).count()


@transaction.atomic
def make_public_offer(
    need: Need,
    *,
    name: str,
    mobile: str,
    national_id: str = "",
    email: str = "",
    anonymous: bool = False,
    kind: str,
    value: int,
    hours: int | None = None,
    description: str = "",
) -> Pledge:
    """Record a visitor's offer of help for an approved open need.

    A visitor proves nothing about who they are, so an offer never changes or claims a registered
    donor: each offer is made under a new, provisional person donor (who consented now to the keeping of
    their data), and the secretariat matches it to the registered donor with the same mobile or national
    ID (`match_offer`). A national ID already registered with the body stays with its donor; what the
    visitor typed is kept in the audit log for the secretariat. The pledge is made through
    `pledges.make_offer` and waits, offered, for the secretariat.
    """
    need = Need.objects.select_for_update().select_related("body").get(pk=need.pk)
    if need.state not in Need.OPEN_STATES:
        raise ParticipationError(_("This need is no longer open to offers."), code="closed")
    name = " ".join((name or "").split())
    if not name:
        raise ParticipationError(_("Enter your name; it is shown only to the secretariat if you wish."))
    mobile = _clean_mobile(mobile)
    national_id = _clean_national_id(national_id)
    if kind not in Pledge.Kind.values:
        raise ParticipationError(_("Choose money, goods or time."), code="kind")
    if kind == Pledge.Kind.TIME and not hours:
        raise ParticipationError(_("Say how many hours you offer."), code="hours")
    # Time is valued too (by the visitor's estimate): needs and totals are counted in rials.
    if not value or value <= 0:
        raise ParticipationError(_("Enter the value of your offer in rials."), code="value")
    if _waiting_offers(need.body_id, mobile) >= MAX_WAITING_PER_MOBILE:
        raise ParticipationError(
            _("You already have offers awaiting the secretariat; it will contact you about them first."),
            code="too_many",
        )

    taken = bool(national_id) and Donor.objects.filter(body_id=need.body_id, national_id=national_id).exists()
    donor = Donor.objects.create(
        kind=Donor.Kind.PERSON,
        name=name,
        body=need.body,
        national_id="" if taken else national_id,
        mobile=mobile,
        email=email or "",
        region=need.region,
        interest_categories=[need.category],
        is_anonymous=anonymous,
        consent_at=timezone.now(),
    )
    donor.interest_regions.add(need.region)
    audit.record(
        actor=None,
        action="donor.public_register",
        obj=donor,
        changes={"name": [None, name], "mobile": [None, mobile], "anonymous": [None, anonymous]},
        body_id=need.body_id,
    )

    pledge = pledges.make_offer(
        donor=donor,
        body=need.body,
        value=value,
        kind=kind,
        need=need,
        category=need.category,
        region=need.region,
        description=(description or "").strip(),
        hours=hours if kind == Pledge.Kind.TIME else None,
    )
    # What the visitor typed, for the secretariat only (the agency may read the pledge's description,
    # so the name is never put there): a donor found by mobile may have typed another name or e-mail.
    audit.record(
        actor=None,
        action="pledge.public_offer",
        obj=pledge,
        changes={
            "typed_name": [None, name],
            "typed_email": [None, email or ""],
            "typed_mobile": [None, mobile],
            "typed_national_id": [None, national_id],
            "anonymous": [None, anonymous],
        },
        body_id=need.body_id,
    )
    return pledge


def _provisional(donor: Donor) -> bool:
    """A donor record made by the public page and not yet taken up by anyone."""
    return (
        donor.user_id is None
        and AuditEntry.objects.filter(
            action="donor.public_register", object_type="participation.donor", object_id=donor.pk
        ).exists()
    )


def _typed_national_id(pledge: Pledge) -> str:
    entry = AuditEntry.objects.filter(
        action="pledge.public_offer", object_type="participation.pledge", object_id=pledge.pk
    ).first()
    change = (entry.changes or {}).get("typed_national_id") if entry else None
    return change[1] if isinstance(change, list) and len(change) == 2 and change[1] else ""


def match_candidates(pledge: Pledge):
    """Registered donors of the pledge's body an offer from the public page may be matched to: those
    with the mobile or the national ID the visitor typed. Empty for any other pledge."""
    donor = pledge.donor
    if (
        pledge.source != Pledge.Source.PUBLIC
        or pledge.state != Pledge.State.OFFERED
        or not _provisional(donor)
    ):
        return Donor.objects.none()
    same = Q(mobile=donor.mobile) if donor.mobile else Q(pk__in=[])
    national_id = donor.national_id or _typed_national_id(pledge)
    if national_id:
        same |= Q(national_id=national_id)
    return Donor.objects.filter(same, body_id=pledge.body_id).exclude(pk=donor.pk).order_by("pk")


@transaction.atomic
def match_offer(pledge: Pledge, *, by, donor: Donor) -> Pledge:
    """The secretariat's decision that a public offer comes from a registered donor: the pledge moves to
    that donor, whose record is not changed; the provisional record goes if nothing else uses it."""
    if not pledges.can_manage(by, pledge):
        raise PermissionDenied
    pledge = Pledge.objects.select_for_update().select_related("donor").get(pk=pledge.pk)
    if not match_candidates(pledge).filter(pk=donor.pk).exists():
        raise ParticipationError(
            _("Only a registered donor with the mobile or national ID the visitor typed may be chosen."),
            code="match",
        )
    provisional = pledge.donor
    pledge.donor = donor
    pledge.save(update_fields=["donor"])
    audit.record(
        actor=by,
        action="pledge.match",
        obj=pledge,
        changes={"donor_id": [provisional.pk, donor.pk]},
        body_id=pledge.body_id,
    )
    if not provisional.pledges.exists():
        provisional.delete()
    return pledge
