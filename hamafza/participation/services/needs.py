"""Needs: proposed by agencies (or by the secretariat for a neighbourhood), approved by the body's
secretariat, prioritised, met by verified pledges (or marked met by the secretariat when met otherwise).

proposed → approved → partly met → met; proposed → not approved; proposed/approved/partly met → withdrawn.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.audit import services as audit
from hamafza.meetings.models import Body
from hamafza.participation import access
from hamafza.participation.models import Need, NeedCategory, Pledge
from hamafza.participation.services import priority as need_priority
from hamafza.participation.services.common import ParticipationError, required_reason
from hamafza.places.models import Region

AUDIT_ACTIONS = {
    "need.propose": gettext_lazy("Need proposed"),
    "need.update": gettext_lazy("Need edited"),
    "need.approve": gettext_lazy("Need approved"),
    "need.reject": gettext_lazy("Need not approved"),
    "need.withdraw": gettext_lazy("Need withdrawn"),
    "need.priority.set": gettext_lazy("Need's priority set by the secretariat"),
    "need.priority.clear": gettext_lazy("Need's priority returned to the computed one"),
    "need.priority.recompute": gettext_lazy("Needs' priorities recomputed"),
    "need.mark_met": gettext_lazy("Need marked met by the secretariat"),
    "need.refresh": gettext_lazy("Need's value met updated from verified pledges"),
}

# The fields a proposal sets and an edit may change.
FIELDS = [
    "organization",
    "region",
    "category",
    "title",
    "description",
    "justification",
    "quantity",
    "unit",
    "estimated_cost",
    "deadline",
    "urgency",
]
EDITABLE = [name for name in FIELDS if name != "organization"]
CLOSED_STATES = (Need.State.MET, Need.State.REJECTED, Need.State.WITHDRAWN)


def today() -> dt.date:
    return timezone.localdate()


# --- checks ---------------------------------------------------------------------------------------------


def _is_manager(user, body_id: int) -> bool:
    return user is not None and user.is_authenticated and access.can_manage_participation(user, body_id)


def _is_own_officer(user, organization_id: int | None) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.is_officer
        and organization_id is not None
        and user.organization_id == organization_id
    )


def _require_manager(user, need_or_body_id) -> None:
    body_id = need_or_body_id if isinstance(need_or_body_id, int) else need_or_body_id.body_id
    if not _is_manager(user, body_id):
        raise ParticipationError(_("Only the body's secretariat may do this."), code="not_secretariat")


def _within(region: Region, area_id: int) -> bool:
    return region.pk == area_id or any(node.pk == area_id for node in region.ancestors())


def _check_fields(body: Body, data: dict, *, check_deadline: bool = True) -> dict:
    """The rules a need's fields obey, at proposal and at every edit; returns them cleaned. An edit checks
    the deadline only when it changes it (a need may outlive the date it was needed by)."""
    data = dict(data)
    data["title"] = (data.get("title") or "").strip()
    data["justification"] = (data.get("justification") or "").strip()
    data["description"] = (data.get("description") or "").strip()
    data["unit"] = (data.get("unit") or "").strip()
    if not data["title"]:
        raise ParticipationError(_("Give the need a title."), code="title")
    if not data["justification"]:
        raise ParticipationError(_("Say why this is needed."), code="justification")
    if data.get("category") not in NeedCategory.values:
        raise ParticipationError(_("Choose the kind of need."), code="category")
    if data.get("urgency") not in Need.Urgency.values:
        raise ParticipationError(_("Choose how urgent the need is."), code="urgency")
    cost = data.get("estimated_cost")
    if cost is None or int(cost) <= 0:
        raise ParticipationError(
            _("The estimated cost or value must be more than zero rials."), code="estimated_cost"
        )
    quantity = Decimal(str(data.get("quantity") if data.get("quantity") is not None else 0))
    if quantity <= 0:
        raise ParticipationError(_("The quantity must be more than zero."), code="quantity")
    data["quantity"] = quantity
    deadline = data.get("deadline")
    if check_deadline and deadline is not None and deadline < today():
        raise ParticipationError(_("The date it is needed by has already passed."), code="deadline")
    region = data.get("region")
    if region is None or not _within(region, body.region_id):
        raise ParticipationError(
            _("The need's region must lie within the body's region (%(region)s).") % {"region": body.region},
            code="region",
        )
    organization = data.get("organization")
    if organization is None:
        if region.kind != Region.Kind.NEIGHBOURHOOD:
            raise ParticipationError(
                _("A need without an agency is a neighbourhood's need: choose a neighbourhood."),
                code="region",
            )
    elif not body.members.filter(pk=organization.pk).exists():
        raise ParticipationError(
            _("%(org)s is not a member of %(body)s.") % {"org": organization, "body": body},
            code="organization",
        )
    return data


def _apply_priority(need: Need, atlas: need_priority.AtlasRanks | None = None) -> bool:
    """Set the computed priority and its parts; True if they changed."""
    result = need_priority.priority_of(need, atlas)
    parts = result.as_json()
    changed = need.priority_computed != result.score or need.priority_parts != parts
    need.priority_computed, need.priority_parts = result.score, parts
    return changed


def _audited(need: Need) -> dict:
    """The fields an edit records, with the computed priority as a person reads it."""
    return {**audit.snapshot(need, FIELDS), "priority_computed": round(need.priority_computed, 1)}


def _lock(need: Need) -> Need:
    return Need.objects.select_for_update().select_related("body").get(pk=need.pk)


# --- proposing and editing ------------------------------------------------------------------------------


@transaction.atomic
def propose_need(
    *,
    by,
    body: Body,
    organization,
    region: Region,
    category: str,
    title: str,
    justification: str,
    estimated_cost: int,
    quantity=1,
    unit: str = "",
    description: str = "",
    deadline: dt.date | None = None,
    urgency: int = Need.Urgency.MEDIUM,
) -> Need:
    """An agency's officer proposes a need of their own organisation (a member of the body); the
    secretariat proposes one for any member, or for a neighbourhood with no agency."""
    manager = _is_manager(by, body.pk)
    if organization is None:
        if not manager:
            raise ParticipationError(
                _("Only the body's secretariat may register a neighbourhood's need."), code="not_secretariat"
            )
    elif not manager and not _is_own_officer(by, organization.pk):
        raise ParticipationError(
            _("An agency's officers propose its needs; you may not propose one for %(org)s.")
            % {"org": organization},
            code="not_own_agency",
        )
    data = _check_fields(
        body,
        {
            "organization": organization,
            "region": region,
            "category": category,
            "title": title,
            "justification": justification,
            "estimated_cost": estimated_cost,
            "quantity": quantity,
            "unit": unit,
            "description": description,
            "deadline": deadline,
            "urgency": urgency,
        },
    )
    need = Need(body=body, created_by=by, state=Need.State.PROPOSED, **data)
    _apply_priority(need)
    need.save()
    audit.record(
        actor=by,
        action="need.propose",
        obj=need,
        changes=_audited(need),
        body_id=body.pk,
    )
    need_id, by_id = need.pk, by.pk
    transaction.on_commit(lambda: notify_proposed(need_id, by_id))
    return need


@transaction.atomic
def update_need(need: Need, *, by, **fields) -> Need:
    """The requesting agency edits its need while proposed; the secretariat at any time before it is met
    (not once it is closed). The priority is computed again; a cost at or below what pledges have met
    moves an approved need to met."""
    need = _lock(need)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"update_need() got unexpected fields: {', '.join(sorted(unknown))}")
    if need.state in CLOSED_STATES:
        raise ParticipationError(
            _("A need that is %(state)s can no longer be edited.") % {"state": need.get_state_display()},
            code="closed",
        )
    if not _is_manager(by, need.body_id):
        if not _is_own_officer(by, need.organization_id):
            raise ParticipationError(_("You may not edit this need."), code="not_allowed")
        if need.state != Need.State.PROPOSED:
            raise ParticipationError(
                _("Once approved, only the secretariat may edit the need."), code="approved"
            )
    before = _audited(need)
    current = {name: getattr(need, name) for name in FIELDS}
    changes_deadline = "deadline" in fields and fields["deadline"] != need.deadline
    cleaned = _check_fields(need.body, {**current, **fields}, check_deadline=changes_deadline)
    for name in EDITABLE:
        setattr(need, name, cleaned[name])
    _apply_priority(need)
    need.save()
    changes = audit.diff(before, _audited(need))
    if changes:
        audit.record(actor=by, action="need.update", obj=need, changes=changes, body_id=need.body_id)
    if need.state in (Need.State.APPROVED, Need.State.PARTLY_MET, Need.State.MET):
        need = refresh_need(need, by=by)
    return need


# --- the secretariat's decisions ------------------------------------------------------------------------


@transaction.atomic
def approve_need(need: Need, *, by, note: str = "") -> Need:
    need = _lock(need)
    _require_manager(by, need)
    if need.state != Need.State.PROPOSED:
        raise ParticipationError(_("Only a proposed need can be approved."), code="state")
    need.state = Need.State.APPROVED
    need.state_note = (note or "").strip()
    need.approved_by, need.approved_at = by, timezone.now()
    _apply_priority(need)
    need.save()
    audit.record(
        actor=by,
        action="need.approve",
        obj=need,
        changes={
            "state": need.state,
            "priority_computed": round(need.priority_computed, 1),
            **({"note": need.state_note} if need.state_note else {}),
        },
        body_id=need.body_id,
    )
    need_id = need.pk
    transaction.on_commit(lambda: notify_decided(need_id))
    # Pledges may have been verified against it before approval: count them now.
    return refresh_need(need, by=by)


@transaction.atomic
def reject_need(need: Need, *, by, reason: str) -> Need:
    need = _lock(need)
    _require_manager(by, need)
    if need.state != Need.State.PROPOSED:
        raise ParticipationError(_("Only a proposed need can be turned down."), code="state")
    reason = required_reason(reason, _("Say why the need is not approved."))
    need.state, need.state_note = Need.State.REJECTED, reason
    need.save(update_fields=["state", "state_note"])
    audit.record(
        actor=by,
        action="need.reject",
        obj=need,
        changes={"state": need.state, "reason": reason},
        body_id=need.body_id,
    )
    need_id = need.pk
    transaction.on_commit(lambda: notify_decided(need_id))
    return need


@transaction.atomic
def withdraw_need(need: Need, *, by, reason: str) -> Need:
    """The requesting agency or the secretariat withdraws a need that is not met; pledges still waiting to
    be delivered or verified must be settled first, so that no donor is left pledged to nothing."""
    need = _lock(need)
    if not _is_manager(by, need.body_id) and not _is_own_officer(by, need.organization_id):
        raise ParticipationError(_("You may not withdraw this need."), code="not_allowed")
    if need.state == Need.State.MET:
        raise ParticipationError(_("A need that has been met cannot be withdrawn."), code="met")
    if need.state in (Need.State.REJECTED, Need.State.WITHDRAWN):
        raise ParticipationError(
            _("A need that is %(state)s cannot be withdrawn.") % {"state": need.get_state_display()},
            code="state",
        )
    reason = required_reason(reason, _("Say why the need is withdrawn."))
    if need.pledges.filter(
        state__in=(Pledge.State.OFFERED, Pledge.State.PLEDGED, Pledge.State.DELIVERED)
    ).exists():
        raise ParticipationError(
            _("Pledges to this need are still under way: decline, cancel or verify them first."),
            code="pledges",
        )
    need.state, need.state_note = Need.State.WITHDRAWN, reason
    need.save(update_fields=["state", "state_note"])
    audit.record(
        actor=by,
        action="need.withdraw",
        obj=need,
        changes={"state": need.state, "reason": reason},
        body_id=need.body_id,
    )
    return need


@transaction.atomic
def mark_met(need: Need, *, by, note: str) -> Need:
    """The secretariat records that an approved need was met otherwise than in rials (work done, goods given
    outside pledges). Verified pledges no longer move it back (see refresh_need)."""
    need = _lock(need)
    _require_manager(by, need)
    if need.state not in Need.OPEN_STATES:
        raise ParticipationError(_("Only an approved or partly met need can be marked met."), code="state")
    note = required_reason(note, _("Say how the need was met."))
    need.state, need.state_note, need.met_by_hand = Need.State.MET, note, True
    need.save(update_fields=["state", "state_note", "met_by_hand"])
    audit.record(
        actor=by,
        action="need.mark_met",
        obj=need,
        changes={"state": need.state, "state_note": note},
        body_id=need.body_id,
    )
    return need


# --- priority -------------------------------------------------------------------------------------------


@transaction.atomic
def set_priority(need: Need, *, by, priority: float, reason: str) -> Need:
    """The secretariat sets the priority (0–100) by hand, with its reason; the computed one stays shown."""
    need = _lock(need)
    _require_manager(by, need)
    if need.state in CLOSED_STATES:
        raise ParticipationError(_("A closed need has no priority to set."), code="closed")
    try:
        value = float(priority)
    except (TypeError, ValueError):
        value = -1.0
    if not 0 <= value <= 100:
        raise ParticipationError(_("The priority must be between 0 and 100."), code="priority")
    reason = required_reason(reason, _("Say why the priority is set by hand."))
    need.priority_override, need.priority_reason = value, reason
    need.save(update_fields=["priority_override", "priority_reason"])
    audit.record(
        actor=by,
        action="need.priority.set",
        obj=need,
        changes={"priority_override": value, "priority_reason": reason},
        body_id=need.body_id,
    )
    return need


@transaction.atomic
def clear_priority(need: Need, *, by, reason: str = "") -> Need:
    """Return to the computed priority."""
    need = _lock(need)
    _require_manager(by, need)
    if need.priority_override is None:
        raise ParticipationError(_("The priority was not set by hand."), code="no_override")
    changes: dict[str, object] = {
        "priority_override": None,
        "priority_computed": round(need.priority_computed, 1),
    }
    need.priority_override, need.priority_reason = None, ""
    need.save(update_fields=["priority_override", "priority_reason"])
    if (reason or "").strip():
        changes["reason"] = reason.strip()
    audit.record(actor=by, action="need.priority.clear", obj=need, changes=changes, body_id=need.body_id)
    return need


@transaction.atomic
def recompute_priorities(body: Body, *, by=None) -> int:
    """Compute again the priority of the body's needs that are not closed (after a new atlas assessment,
    or a change of target neighbourhoods). Returns how many changed; one audit entry for the batch."""
    if by is not None:
        _require_manager(by, body.pk)
    atlas = need_priority.AtlasRanks.load()
    needs = list(Need.objects.select_for_update().filter(body=body).exclude(state__in=CLOSED_STATES))
    changed = [need for need in needs if _apply_priority(need, atlas)]
    Need.objects.bulk_update(changed, ["priority_computed", "priority_parts"])
    if changed:
        audit.record(
            actor=by,
            action="need.priority.recompute",
            obj=body,
            changes={"needs": [need.pk for need in changed]},
            body_id=body.pk,
        )
    return len(changed)


# --- pledges meet needs ----------------------------------------------------------------------------------


@transaction.atomic
def refresh_need(need: Need, *, by=None) -> Need:
    """Recompute what verified pledges have met of the need and move it between approved, partly met and
    met accordingly. Called by the pledge services after every verification or cancellation.

    A need the secretariat marked met by hand stays met whatever the pledges add up to."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    met = (
        Pledge.objects.filter(need=need, state=Pledge.State.VERIFIED).aggregate(total=Sum("delivered_value"))[
            "total"
        ]
        or 0
    )
    state = need.state
    if need.met_by_hand:
        state = Need.State.MET
    elif need.state in (Need.State.APPROVED, Need.State.PARTLY_MET, Need.State.MET):
        if met >= need.estimated_cost:
            state = Need.State.MET
        elif met > 0:
            state = Need.State.PARTLY_MET
        else:
            state = Need.State.APPROVED
    if met != need.value_met or state != need.state:
        before = {"value_met": need.value_met, "state": need.state}
        need.value_met, need.state = met, state
        need.save(update_fields=["value_met", "state"])
        audit.record(
            actor=by,
            action="need.refresh",
            obj=need,
            changes=audit.diff(before, {"value_met": met, "state": state}),
            body_id=need.body_id,
        )
    return need


# --- notifications (after commit) -----------------------------------------------------------------------


def notify_proposed(need_id: int, by_id: int | None = None) -> None:
    """The body's secretariat learns of a new proposal (not the one who made it)."""
    from django.urls import reverse
    from django.utils.translation import override

    from hamafza.meetings.services import notify

    need = Need.objects.select_related("organization", "region").get(pk=need_id)
    with override("fa"):
        title = _("New need proposed: %(title)s (%(who)s)") % {
            "title": need.title,
            "who": need.organization or need.region,
        }
    recipients = [pk for pk in notify.secretariat_of(need.body_id) if pk != by_id]
    notify.send(recipients, title, need.justification, reverse("participation:need_detail", args=[need.pk]))


def notify_decided(need_id: int) -> None:
    """The requesting agency's officers learn whether their need was approved."""
    from django.urls import reverse
    from django.utils.translation import override

    from hamafza.meetings.services import notify

    need = Need.objects.get(pk=need_id)
    if need.organization_id is None:
        return
    with override("fa"):
        if need.state == Need.State.REJECTED:
            title = _("Your need was not approved: %(title)s") % {"title": need.title}
        else:
            title = _("Your need was approved: %(title)s") % {"title": need.title}
    notify.send(
        notify.officers_of(need.organization_id),
        title,
        need.state_note,
        reverse("participation:need_detail", args=[need.pk]),
    )
