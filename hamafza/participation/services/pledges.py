"""Pledges (تعهد): a donor's money, goods or time, from the offer to the receiving agency's verification.

offered (public page) → pledged → delivered → verified; declined or cancelled on the way.

Rules decided here:
- a pledge for a need may not ask more than the need still lacks beyond the pledges already live on it
  (pledged or delivered, not yet verified): `need_room`. Verified value is already in `need.value_met`;
  the undelivered rest of a partly verified pledge is not waited for.
- a delivery may be less than the pledge (partial), never more. Only a pledge tied to a need is delivered:
  a general pledge (category and region) is first linked to a need.
- the receiving agency (the officers of the need's organisation; the secretariat for a neighbourhood's need
  that has no agency) verifies, with evidence: at least one current evidence file (uploaded with the
  delivery or the verification). When the agency records the delivery itself it is verified at once.
  A rejected delivery's files stay on record but no longer count as evidence.
- each verified pledge gets a certificate number «body-Jalali year-sequence», e.g. 3-1404-0007.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from hamafza.accounts.models import User
from hamafza.audit import services as audit
from hamafza.lib.jalali import to_jalali
from hamafza.meetings.models import Body
from hamafza.participation import access
from hamafza.participation.models import Donor, Need, NeedCategory, Pledge, PledgeEvidence
from hamafza.participation.services.common import (
    ParticipationError,
    UploadedFile,
    checked_files,
    required_reason,
    store_files,
)
from hamafza.participation.services.needs import refresh_need
from hamafza.templatetags_builtins import amount

AUDIT_ACTIONS = {
    "pledge.create": gettext_lazy("Pledge recorded"),
    "pledge.offer": gettext_lazy("Help offered on the public page"),
    "pledge.accept": gettext_lazy("Offer accepted"),
    "pledge.decline": gettext_lazy("Offer declined"),
    "pledge.link": gettext_lazy("Pledge linked to a need"),
    "pledge.cancel": gettext_lazy("Pledge cancelled"),
    "pledge.deliver": gettext_lazy("Delivery recorded"),
    "pledge.verify": gettext_lazy("Delivery verified"),
    "pledge.reject": gettext_lazy("Delivery sent back"),
}

FIELDS = ["state", "need", "value", "delivered_value", "state_note", "certificate_number"]


# Who may do what


def is_own_donor(user: User, donor: Donor) -> bool:
    """The donor's own user, or a user of the charity or industry the donor record is of."""
    if not user.is_authenticated:
        return False
    if donor.user_id is not None and donor.user_id == user.pk:
        return True
    return donor.organization_id is not None and donor.organization_id == user.organization_id


def can_manage(user: User, pledge: Pledge) -> bool:
    return access.can_manage_participation(user, pledge.body_id)


def is_verifier(user: User, pledge: Pledge) -> bool:
    """The receiving agency's officers; the secretariat for a need without an agency."""
    need = pledge.need
    if need is None:
        return False
    if need.organization_id is None:
        return can_manage(user, pledge)
    return access.is_receiving_agency(user, need)


def may_cancel(user: User, pledge: Pledge) -> bool:
    return pledge.state in (Pledge.State.OFFERED, Pledge.State.PLEDGED) and (
        can_manage(user, pledge) or is_own_donor(user, pledge.donor)
    )


def may_deliver(user: User, pledge: Pledge) -> bool:
    return (
        pledge.state == Pledge.State.PLEDGED
        and pledge.need_id is not None
        and (is_verifier(user, pledge) or can_manage(user, pledge) or is_own_donor(user, pledge.donor))
    )


def may_verify(user: User, pledge: Pledge) -> bool:
    return pledge.state == Pledge.State.DELIVERED and is_verifier(user, pledge)


def may_pledge(user: User) -> bool:
    """Someone who may open the form of a new pledge: a secretariat, an administrator, a donor's user."""
    return (
        user.is_system_admin
        or bool(access.secretariat_body_ids(user))
        or Donor.objects.filter(access._own_donor_q(user), is_active=True).exists()
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this with this pledge."))


# Checks shared by the ways a pledge comes in


def need_room(need: Need, *, exclude: Pledge | None = None) -> int:
    """What a need still lacks beyond its live pledges (pledged or delivered, awaiting verification)."""
    waiting = Pledge.objects.filter(need=need, state__in=(Pledge.State.PLEDGED, Pledge.State.DELIVERED))
    if exclude is not None and exclude.pk:
        waiting = waiting.exclude(pk=exclude.pk)
    promised = waiting.aggregate(total=Sum("value"))["total"] or 0
    return max(0, need.estimated_cost - need.value_met - promised)


def _check_need(need: Need, body: Body | int, value: int, *, exclude: Pledge | None = None) -> Need:
    need = Need.objects.select_for_update().get(pk=need.pk)
    body_id = body if isinstance(body, int) else body.pk
    if need.body_id != body_id:
        raise ParticipationError(_("The need belongs to another body."), code="need_body")
    if need.state not in Need.OPEN_STATES:
        raise ParticipationError(
            _("The need is not open: it must be approved and not yet met."), code="closed"
        )
    room = need_room(need, exclude=exclude)
    if value > room:
        raise ParticipationError(
            _("This need lacks only %(room)s rials beyond the pledges already made to it.")
            % {"room": amount(room)},
            code="too_much",
        )
    return need


def _check_terms(*, donor, body, value, kind, category, hours) -> None:
    if donor.body_id != body.pk:
        raise ParticipationError(_("The donor is registered with another body."), code="donor_body")
    if not donor.is_active:
        raise ParticipationError(_("The donor is not active."), code="donor_inactive")
    if kind not in Pledge.Kind.values:
        raise ParticipationError(_("Choose money, goods or time."), code="kind")
    if value is None or value <= 0:
        raise ParticipationError(_("The value of a pledge must be more than zero rials."), code="value")
    if category and category not in NeedCategory.values:
        raise ParticipationError(_("Unknown category of need."), code="category")
    if kind == Pledge.Kind.TIME and not (hours and hours > 0):
        raise ParticipationError(_("A pledge of time needs the number of hours."), code="hours")


def _create(
    *, by, donor, body, value, kind, need, category, region, description, quantity, hours, source, state
):
    _check_terms(donor=donor, body=body, value=value, kind=kind, category=category, hours=hours)
    if need is not None:
        need = _check_need(need, body, value)
        category, region = need.category, need.region
    pledge = Pledge.objects.create(
        donor=donor,
        body=body,
        need=need,
        category=category or "",
        region=region,
        kind=kind,
        description=description or "",
        value=value,
        quantity=quantity,
        hours=hours if kind == Pledge.Kind.TIME else None,
        state=state,
        source=source,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    changes = {
        "donor_id": donor.pk,
        "kind": kind,
        "value": value,
        "state": state,
        "source": source,
        "need": need,
        "category": pledge.category,
        "region": region,
        "hours": pledge.hours,
    }
    audit.record(
        actor=by,
        action="pledge.offer" if state == Pledge.State.OFFERED else "pledge.create",
        obj=pledge,
        changes={k: v for k, v in changes.items() if v not in (None, "")},
        body_id=body.pk,
    )
    return pledge


@transaction.atomic
def record_pledge(
    *,
    by: User,
    donor: Donor,
    body: Body,
    value: int,
    kind: str,
    need: Need | None = None,
    category: str = "",
    region=None,
    description: str = "",
    quantity=None,
    hours: int | None = None,
    source: str = Pledge.Source.SECRETARIAT,
    state: str = Pledge.State.PLEDGED,
) -> Pledge:
    """A pledge recorded by the body's secretariat for one of its donors, or by a donor's user for itself.
    For a need (open, of the same body) or for a category and region."""
    if access.can_manage_participation(by, body):
        pass
    elif is_own_donor(by, donor):
        source = Pledge.Source.DONOR
    else:
        raise PermissionDenied(_("Only the secretariat or the donor may record a pledge."))
    if state not in (Pledge.State.OFFERED, Pledge.State.PLEDGED):
        raise ParticipationError(_("A new pledge is offered or pledged."), code="state")
    pledge = _create(
        by=by,
        donor=donor,
        body=body,
        value=value,
        kind=kind,
        need=need,
        category=category,
        region=region,
        description=description,
        quantity=quantity,
        hours=hours,
        source=source,
        state=state,
    )
    if source != Pledge.Source.SECRETARIAT:
        transaction.on_commit(lambda: notify_secretariat(pledge.pk))
    if pledge.need_id and state == Pledge.State.PLEDGED:
        transaction.on_commit(lambda: notify_agency_linked(pledge.pk))
    return pledge


@transaction.atomic
def make_offer(
    *,
    donor: Donor,
    body: Body,
    value: int,
    kind: str,
    need: Need | None = None,
    category: str = "",
    region=None,
    description: str = "",
    quantity=None,
    hours: int | None = None,
) -> Pledge:
    """An offer made on the public page, by nobody signed in: it waits for the secretariat."""
    pledge = _create(
        by=None,
        donor=donor,
        body=body,
        value=value,
        kind=kind,
        need=need,
        category=category,
        region=region,
        description=description,
        quantity=quantity,
        hours=hours,
        source=Pledge.Source.PUBLIC,
        state=Pledge.State.OFFERED,
    )
    transaction.on_commit(lambda: notify_secretariat(pledge.pk))
    return pledge


def _need(pledge: Pledge) -> Need:
    """The need of a pledge the caller knows is tied to one (delivered, verified, linked)."""
    assert pledge.need is not None, "a pledge tied to a need was expected"
    return pledge.need


def _locked(pledge: Pledge) -> Pledge:
    return (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("donor", "body", "need")
        .get(pk=pledge.pk)
    )


def _save(pledge: Pledge, before: dict, *, by, action: str, extra: dict | None = None) -> Pledge:
    pledge.save()
    changes = audit.diff(before, audit.snapshot(pledge, FIELDS))
    changes.pop("state_note", None)
    audit.record(
        actor=by, action=action, obj=pledge, changes={**changes, **(extra or {})}, body_id=pledge.body_id
    )
    return pledge


def _link(pledge: Pledge, need: Need) -> None:
    if pledge.parts.exists():
        raise ParticipationError(
            _("This pledge was split onto needs by matching; it cannot be linked as a whole."), code="split"
        )
    if pledge.category and need.category != pledge.category:
        raise ParticipationError(_("The need is not of the category the donor pledged for."), code="category")
    if pledge.region_id and pledge.region_id != need.region_id:
        if pledge.region_id not in {r.pk for r in need.region.ancestors()}:
            raise ParticipationError(
                _("The need is outside the region the donor pledged for."), code="region"
            )
    pledge.need = _check_need(need, pledge.body_id, pledge.value, exclude=pledge)


@transaction.atomic
def accept_offer(pledge: Pledge, *, by: User, need: Need | None = None) -> Pledge:
    """The secretariat takes up an offer; it becomes a pledge, linked to `need` if one is given."""
    pledge = _locked(pledge)
    _require(can_manage(by, pledge))
    if pledge.state != Pledge.State.OFFERED:
        raise ParticipationError(_("Only an offer awaiting the secretariat can be accepted."), code="state")
    before = audit.snapshot(pledge, FIELDS)
    if need is not None and need.pk != pledge.need_id:
        if pledge.need_id is not None:
            raise ParticipationError(_("The offer was made for another need."), code="other_need")
        _link(pledge, need)
    elif pledge.need is not None:
        pledge.need = _check_need(pledge.need, pledge.body_id, pledge.value, exclude=pledge)
    pledge.state = Pledge.State.PLEDGED
    _save(pledge, before, by=by, action="pledge.accept")
    transaction.on_commit(lambda: notify_donor(pledge.pk, "accepted"))
    if pledge.need_id:
        transaction.on_commit(lambda: notify_agency_linked(pledge.pk))
    return pledge


@transaction.atomic
def decline_offer(pledge: Pledge, *, by: User, reason: str) -> Pledge:
    pledge = _locked(pledge)
    _require(can_manage(by, pledge))
    if pledge.state != Pledge.State.OFFERED:
        raise ParticipationError(_("Only an offer awaiting the secretariat can be declined."), code="state")
    reason = required_reason(reason, _("Write why the offer is declined."))
    before = audit.snapshot(pledge, FIELDS)
    pledge.state, pledge.state_note = Pledge.State.DECLINED, reason
    _save(pledge, before, by=by, action="pledge.decline", extra={"reason": reason})
    transaction.on_commit(lambda: notify_donor(pledge.pk, "declined"))
    return pledge


@transaction.atomic
def link_pledge(pledge: Pledge, *, by: User, need: Need) -> Pledge:
    """The secretariat gives a general pledge (category and region) to one need."""
    pledge = _locked(pledge)
    _require(can_manage(by, pledge))
    if pledge.state != Pledge.State.PLEDGED:
        raise ParticipationError(_("Only a pledge not yet delivered can be linked to a need."), code="state")
    if pledge.need_id is not None:
        raise ParticipationError(_("This pledge is already for a need."), code="linked")
    before = audit.snapshot(pledge, FIELDS)
    _link(pledge, need)
    _save(pledge, before, by=by, action="pledge.link")
    transaction.on_commit(lambda: notify_agency_linked(pledge.pk))
    return pledge


@transaction.atomic
def cancel_pledge(pledge: Pledge, *, by: User, reason: str) -> Pledge:
    """The secretariat or the donor withdraws an offer or a pledge before anything is delivered."""
    pledge = _locked(pledge)
    _require(can_manage(by, pledge) or is_own_donor(by, pledge.donor))
    if pledge.state not in (Pledge.State.OFFERED, Pledge.State.PLEDGED):
        raise ParticipationError(_("A pledge can be cancelled only before it is delivered."), code="state")
    reason = required_reason(reason, _("Write why the pledge is cancelled."))
    before = audit.snapshot(pledge, FIELDS)
    pledge.state, pledge.state_note = Pledge.State.CANCELLED, reason
    _save(pledge, before, by=by, action="pledge.cancel", extra={"reason": reason})
    if pledge.need is not None:
        refresh_need(pledge.need, by=by)
    return pledge


def _check_value(pledge: Pledge, value) -> int:
    if value is None or value <= 0:
        raise ParticipationError(_("The value delivered must be more than zero rials."), code="value")
    if value > pledge.value:
        raise ParticipationError(
            _("The value delivered cannot be more than the %(value)s rials pledged.")
            % {"value": amount(pledge.value)},
            code="too_much",
        )
    return value


def _certificate_number(pledge: Pledge) -> str:
    Body.objects.select_for_update().filter(pk=pledge.body_id).first()  # one number at a time per body
    prefix = f"{pledge.body_id}-{to_jalali(timezone.localdate()).year}-"
    taken = Pledge.objects.filter(certificate_number__startswith=prefix).values_list(
        "certificate_number", flat=True
    )
    last = max((int(number.rsplit("-", 1)[1]) for number in taken), default=0)
    return f"{prefix}{last + 1:04d}"


def _verify(pledge: Pledge, *, by, note: str, checked) -> None:
    if checked:
        store_files(PledgeEvidence, "pledge", pledge, checked, uploaded_by=by)
    if not pledge.evidence.filter(is_current=True).exists():
        raise ParticipationError(
            _("Attach at least one evidence file (a photo, a receipt or a report) to verify the delivery."),
            code="evidence",
        )
    pledge.state = Pledge.State.VERIFIED
    pledge.verified_at, pledge.verified_by = timezone.now(), by
    pledge.certificate_number = pledge.certificate_number or _certificate_number(pledge)
    pledge.state_note = note


@transaction.atomic
def record_delivery(
    pledge: Pledge, *, by: User, value: int, note: str = "", files: list[UploadedFile] | tuple = ()
) -> Pledge:
    """What was handed over, in full or in part. Recorded by the receiving agency it is verified at once
    (with evidence); recorded by the donor or the secretariat it waits for the agency."""
    pledge = _locked(pledge)
    _require(is_verifier(by, pledge) or can_manage(by, pledge) or is_own_donor(by, pledge.donor))
    if pledge.state != Pledge.State.PLEDGED:
        raise ParticipationError(_("Only a pledge awaiting delivery can be delivered."), code="state")
    if pledge.need_id is None:
        raise ParticipationError(
            _("Link the pledge to a need first: the need's agency receives and verifies it."), code="no_need"
        )
    value = _check_value(pledge, value)
    checked = checked_files(list(files))
    before = audit.snapshot(pledge, FIELDS)
    pledge.delivered_value = value
    pledge.delivered_at, pledge.delivered_by = timezone.now(), by
    note = (note or "").strip()
    extra = {"note": note} if note else {}
    if is_verifier(by, pledge):
        _verify(pledge, by=by, note=note, checked=checked)
        _save(pledge, before, by=by, action="pledge.verify", extra=extra)
        refresh_need(_need(pledge), by=by)
        transaction.on_commit(lambda: notify_donor(pledge.pk, "verified"))
    else:
        store_files(PledgeEvidence, "pledge", pledge, checked, uploaded_by=by)
        pledge.state, pledge.state_note = Pledge.State.DELIVERED, note
        _save(pledge, before, by=by, action="pledge.deliver", extra=extra)
        transaction.on_commit(lambda: notify_agency_delivered(pledge.pk))
    return pledge


@transaction.atomic
def verify_delivery(
    pledge: Pledge,
    *,
    by: User,
    value: int | None = None,
    note: str = "",
    files: list[UploadedFile] | tuple = (),
) -> Pledge:
    """The receiving agency confirms what it received (correcting the value if less came), with evidence."""
    pledge = _locked(pledge)
    _require(is_verifier(by, pledge))
    if pledge.state != Pledge.State.DELIVERED:
        raise ParticipationError(_("Only a delivered pledge can be verified."), code="state")
    checked = checked_files(list(files))
    before = audit.snapshot(pledge, FIELDS)
    if value is not None:
        pledge.delivered_value = _check_value(pledge, value)
    note = (note or "").strip()
    _verify(pledge, by=by, note=note, checked=checked)
    _save(pledge, before, by=by, action="pledge.verify", extra={"note": note} if note else {})
    refresh_need(_need(pledge), by=by)
    transaction.on_commit(lambda: notify_donor(pledge.pk, "verified"))
    return pledge


@transaction.atomic
def reject_delivery(pledge: Pledge, *, by: User, reason: str) -> Pledge:
    """The receiving agency did not receive what was recorded: back to pledged, its files no longer count."""
    pledge = _locked(pledge)
    _require(is_verifier(by, pledge))
    if pledge.state != Pledge.State.DELIVERED:
        raise ParticipationError(_("Only a delivered pledge can be sent back."), code="state")
    reason = required_reason(reason, _("Write what was not received."))
    before = audit.snapshot(pledge, FIELDS)
    pledge.state, pledge.state_note = Pledge.State.PLEDGED, reason
    pledge.delivered_value, pledge.delivered_at, pledge.delivered_by = 0, None, None
    pledge.evidence.update(is_current=False)
    _save(pledge, before, by=by, action="pledge.reject", extra={"reason": reason})
    transaction.on_commit(lambda: notify_delivery_rejected(pledge.pk))
    return pledge


# Notifications, after commit


def _send(user_ids, title, body, pledge_id) -> None:
    from hamafza.meetings.services import notify

    notify.send(sorted(set(user_ids)), title, body, reverse("participation:pledge_detail", args=[pledge_id]))


def _pledge(pledge_id: int) -> Pledge:
    return Pledge.objects.select_related("donor", "body", "need").get(pk=pledge_id)


def _donor_label(pledge: Pledge) -> str:
    return _("an anonymous donor") if pledge.donor.is_anonymous else pledge.donor.name


def notify_secretariat(pledge_id: int) -> None:
    from hamafza.meetings.services import notify

    pledge = _pledge(pledge_id)
    with override("fa"):
        if pledge.state == Pledge.State.OFFERED:
            title = _("New offer of help from %(donor)s: %(value)s rials") % {
                "donor": pledge.donor.name,
                "value": amount(pledge.value),
            }
        else:
            title = _("New pledge from %(donor)s: %(value)s rials") % {
                "donor": pledge.donor.name,
                "value": amount(pledge.value),
            }
    _send(notify.secretariat_of(pledge.body_id), title, pledge.description, pledge_id)


def _agency_ids(pledge: Pledge) -> list[int]:
    from hamafza.meetings.services import notify

    if pledge.need is None:
        return []
    if pledge.need.organization_id is None:
        return notify.secretariat_of(pledge.body_id)
    return notify.officers_of(pledge.need.organization_id)


def notify_agency_linked(pledge_id: int) -> None:
    pledge = _pledge(pledge_id)
    with override("fa"):
        title = _("A pledge of %(value)s rials for your need «%(need)s» from %(donor)s") % {
            "value": amount(pledge.value),
            "need": _need(pledge).title,
            "donor": _donor_label(pledge),
        }
    _send(_agency_ids(pledge), title, pledge.description, pledge_id)


def notify_agency_delivered(pledge_id: int) -> None:
    pledge = _pledge(pledge_id)
    with override("fa"):
        title = _("Delivery of %(value)s rials for «%(need)s» awaits your verification") % {
            "value": amount(pledge.delivered_value),
            "need": _need(pledge).title,
        }
    _send(_agency_ids(pledge), title, pledge.state_note, pledge_id)


def notify_delivery_rejected(pledge_id: int) -> None:
    from hamafza.meetings.services import notify

    pledge = _pledge(pledge_id)
    with override("fa"):
        title = _("The delivery for «%(need)s» was not confirmed by the agency") % {
            "need": _need(pledge).title
        }
    users = notify.secretariat_of(pledge.body_id)
    if pledge.donor.user_id:
        users.append(pledge.donor.user_id)
    _send(users, title, pledge.state_note, pledge_id)


def notify_donor(pledge_id: int, event: str) -> None:
    pledge = _pledge(pledge_id)
    if not pledge.donor.user_id:
        return
    with override("fa"):
        titles = {
            "accepted": _("Your offer of help was accepted; thank you"),
            "declined": _("Your offer of help was not taken up"),
            "verified": _("Your help was received and verified; your certificate is ready"),
        }
        title = str(titles[event])
    _send([pledge.donor.user_id], title, pledge.state_note, pledge_id)
