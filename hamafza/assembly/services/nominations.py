"""Nominations: a province's or county's office proposes an NGO for the assembly (who, when, with which
letter); the secretariat records it (by hand or from an Excel list) and accepts it, which makes the NGO
a member, or does not, with a reason."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.assembly.models import Assembly, Member, Nomination
from hamafza.assembly.services.common import AssemblyError, require, require_manager
from hamafza.audit import services as audit
from hamafza.orgs.models import Organization
from hamafza.places.models import Region

FIELDS = ["organization", "region", "nominated_by", "nominated_on", "letter_number", "note", "state"]


@dataclass
class NominationData:
    organization: Organization | None
    region: Region | None
    nominated_on: dt.date | None
    nominated_by: str = ""
    letter_number: str = ""
    note: str = ""


def check_nomination(assembly: Assembly, data: NominationData) -> NominationData:
    """The rules every nomination obeys, with a message per field; nothing is saved."""
    errors: dict[str, list] = {}
    if data.organization is None:
        errors.setdefault("organization", []).append(_("Choose the NGO."))
    elif data.organization.kind != Organization.Kind.NGO:
        errors.setdefault("organization", []).append(_("Only NGOs are nominated to the assembly."))
    elif Nomination.objects.filter(assembly=assembly, organization=data.organization).exists():
        errors.setdefault("organization", []).append(
            _("This NGO has already been nominated to the assembly.")
        )
    if data.region is None:
        errors.setdefault("region", []).append(_("Choose the province or county that nominated it."))
    elif data.region.kind not in ("province", "county"):
        errors.setdefault("region", []).append(_("NGOs are nominated by a province or a county."))
    if data.nominated_on is None:
        errors.setdefault("nominated_on", []).append(_("Enter the date of the nomination."))
    elif data.nominated_on > timezone.localdate():
        errors.setdefault("nominated_on", []).append(_("The nomination cannot be dated in the future."))
    if errors:
        raise AssemblyError(errors)
    return NominationData(
        organization=data.organization,
        region=data.region,
        nominated_on=data.nominated_on,
        nominated_by=(data.nominated_by or "").strip(),
        letter_number=(data.letter_number or "").strip(),
        note=(data.note or "").strip(),
    )


@transaction.atomic
def nominate(assembly: Assembly, *, by: User, data: NominationData, letter=None) -> Nomination:
    """Record a nomination, awaiting the secretariat's decision. `letter`: (name, bytes) of the letter."""
    require_manager(by, assembly)
    cleaned = check_nomination(assembly, data)
    nomination = Nomination(assembly=assembly, created_by=by, **cleaned.__dict__)
    if letter is not None:
        from django.core.files.base import ContentFile

        nomination.letter_file.save(letter[0], ContentFile(letter[1]), save=False)
    nomination.save()
    audit.record(
        actor=by,
        action="nomination.create",
        obj=nomination,
        changes=audit.snapshot(nomination, FIELDS),
        body_id=assembly.body_id,
    )
    return nomination


def _lock(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update()
        .select_related("assembly", "organization")
        .get(pk=nomination.pk)
    )


@transaction.atomic
def accept_nomination(nomination: Nomination, *, by: User, note: str = "") -> Member:
    """The NGO becomes a member of the assembly."""
    nomination = _lock(nomination)
    require_manager(by, nomination.assembly)
    require(
        nomination.state == Nomination.State.NOMINATED,
        _("This nomination has already been decided."),
        "state",
    )
    nomination.state = Nomination.State.ACCEPTED
    nomination.decided_by, nomination.decided_at = by, timezone.now()
    nomination.decision_note = (note or "").strip()
    nomination.save()
    member, _created = Member.objects.get_or_create(
        assembly=nomination.assembly,
        organization=nomination.organization,
        defaults={"nomination": nomination, "joined_on": timezone.localdate()},
    )
    if not member.is_active or member.nomination_id is None:
        member.is_active, member.nomination = True, nomination
        member.save(update_fields=["is_active", "nomination"])
    audit.record(
        actor=by,
        action="nomination.accept",
        obj=nomination,
        changes={"state": [Nomination.State.NOMINATED, nomination.state]},
        body_id=nomination.assembly.body_id,
    )
    return member


@transaction.atomic
def refuse_nomination(nomination: Nomination, *, by: User, reason: str) -> Nomination:
    nomination = _lock(nomination)
    require_manager(by, nomination.assembly)
    require(
        nomination.state == Nomination.State.NOMINATED,
        _("This nomination has already been decided."),
        "state",
    )
    reason = (reason or "").strip()
    require(bool(reason), _("Give the reason the nomination is not accepted."), "reason")
    nomination.state = Nomination.State.REFUSED
    nomination.decided_by, nomination.decided_at = by, timezone.now()
    nomination.decision_note = reason
    nomination.save()
    audit.record(
        actor=by,
        action="nomination.refuse",
        obj=nomination,
        changes={"state": [Nomination.State.NOMINATED, nomination.state], "reason": reason},
        body_id=nomination.assembly.body_id,
    )
    return nomination


def accept_all(assembly: Assembly, *, by: User, ids: list[int]) -> list[Member]:
    """Accept the chosen nominations that still await a decision, each in its own transaction."""
    require_manager(by, assembly)
    waiting = Nomination.objects.filter(assembly=assembly, pk__in=ids, state=Nomination.State.NOMINATED)
    return [accept_nomination(nomination, by=by) for nomination in waiting]
