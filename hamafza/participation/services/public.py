"""Offers made by visitors on the public page: the visitor becomes (or is found as) a donor of the need's
body, and the offer waits for that body's secretariat as a pledge in the «offered» state."""

from django.db import transaction
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.audit import services as audit
from hamafza.lib.identifiers import InvalidIdentifier, clean_mobile, clean_national_id
from hamafza.participation.models import Donor, Need, Pledge
from hamafza.participation.services import pledges
from hamafza.participation.services.common import ParticipationError

AUDIT_ACTIONS = {
    "donor.public_register": _("Donor registered through the public page"),
    "donor.public_anonymous": _("Donor asked on the public page to stay anonymous"),
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


def find_donor(body_id: int, *, mobile: str, national_id: str = "") -> Donor | None:
    """The body's donor with this national ID, else the one with this mobile number (and no other
    national ID: two people may share a phone). The identifiers must already be clean."""
    donors = Donor.objects.filter(body_id=body_id)
    if national_id:
        found = donors.filter(national_id=national_id).first()
        if found is not None:
            return found
        return donors.filter(mobile=mobile, national_id="").order_by("pk").first()
    return donors.filter(mobile=mobile).order_by("pk").first()


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

    The visitor is the donor of the need's body with the same national ID or mobile, or a new person
    donor who consented now to the keeping of their data. Asking to stay anonymous makes the donor
    anonymous (never the reverse: what a donor once hid stays hidden). The pledge is made through
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

    donor = find_donor(need.body_id, mobile=mobile, national_id=national_id)
    if donor is None:
        donor = Donor.objects.create(
            kind=Donor.Kind.PERSON,
            name=name,
            body=need.body,
            national_id=national_id,
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
    else:
        waiting = Pledge.objects.filter(donor=donor, state=Pledge.State.OFFERED).count()
        if waiting >= MAX_WAITING_PER_MOBILE:
            raise ParticipationError(
                _("You already have offers awaiting the secretariat; it will contact you about them first."),
                code="too_many",
            )
        if anonymous and not donor.is_anonymous:
            donor.is_anonymous = True
            donor.save(update_fields=["is_anonymous"])
            audit.record(
                actor=None,
                action="donor.public_anonymous",
                obj=donor,
                changes={"is_anonymous": [False, True]},
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
            "anonymous": [None, anonymous],
        },
        body_id=need.body_id,
    )
    return pledge
