"""Pledge pages: the list, one pledge with its timeline and actions, a new pledge, the donor's papers
(receipt and certificate as PDF) and the totals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.audit.labels import describe_changes
from hamafza.audit.models import AuditEntry
from hamafza.lib.downloads import attachment, stored_file_response
from hamafza.lib.listing import Column, Listing, Sort, apply_filters, filter_form, xlsx_response
from hamafza.orgs.models import Organization
from hamafza.participation import access
from hamafza.participation.exports import pledge_list as pledge_export
from hamafza.participation.exports import pledges as certificates
from hamafza.participation.forms.pledges import DeliveryForm, LinkForm, PledgeForm, ReasonForm, VerifyForm
from hamafza.participation.models import Donor, Need, NeedCategory, Pledge, PledgeEvidence
from hamafza.participation.services import pledges as services
from hamafza.participation.services import public, totals
from hamafza.participation.services.common import ParticipationError, UploadedFile
from hamafza.participation.views.common import act


def _files(request) -> list[UploadedFile]:
    return [UploadedFile.from_upload(f) for f in request.FILES.getlist("files")]


def _open_needs(body_ids):
    return Need.objects.filter(body_id__in=body_ids, state__in=Need.OPEN_STATES).order_by("title")


def _donor_label(pledge: Pledge, named: set[int]) -> str:
    return pledge.donor.name if pledge.donor_id in named else _("Anonymous donor")


PLEDGE_COLUMNS = [
    Column("number", gettext_lazy("No."), ("pk",)),
    Column(
        "donor", gettext_lazy("Donor")
    ),  # not sortable: it would reveal where an anonymous donor's name falls
    Column("kind", gettext_lazy("Kind"), ("kind",)),
    Column("for", gettext_lazy("For"), ("need__title",)),
    Column("value", gettext_lazy("Value (rials)"), ("value",)),
    Column("delivered", gettext_lazy("Delivered (rials)"), ("delivered_value",)),
    Column("state", gettext_lazy("State"), ("state",)),
]


@login_required
def pledge_list(request):
    user = request.user
    scope = access.pledges_for_user(user)
    pledges = scope.select_related("donor", "body", "need", "need__organization", "region").defer(
        "region__boundary"
    )
    filters = {
        "state": request.GET.get("state", ""),
        "kind": request.GET.get("kind", ""),
        "body": request.GET.get("body", ""),
        "need": request.GET.get("need", ""),
    }
    if filters["state"] in Pledge.State.values:
        pledges = pledges.filter(state=filters["state"])
    if filters["kind"] in Pledge.Kind.values:
        pledges = pledges.filter(kind=filters["kind"])
    if filters["body"].isdigit():
        pledges = pledges.filter(body_id=int(filters["body"]))
    if filters["need"].isdigit():
        pledges = pledges.filter(need_id=int(filters["need"]))
    # the organisation receiving, and the date pledged (Jalali), through the shared list filters
    form = filter_form(
        request.GET,
        organizations=Organization.objects.filter(pk__in=scope.values("need__organization_id")).order_by(
            "name"
        ),
        due_labels=(gettext_lazy("Pledged from"), gettext_lazy("Pledged to")),
    )
    pledges = apply_filters(
        pledges, form, paths={"organization": "need__organization", "due": "created_at__date"}
    )
    listing = Listing(request.GET, Sort(request.GET, PLEDGE_COLUMNS), form)
    pledges = listing.sort.apply(pledges.order_by("-pk"))
    if listing.wants_xlsx:
        rows = list(pledges)
        named = totals.named_donor_ids(user, {p.donor_id for p in rows})
        today = timezone.localdate()
        return xlsx_response(
            _("Pledges"),
            pledge_export.pledge_columns(lambda p: _donor_label(p, named)),
            rows,
            today=today,
            slug="pledges",
        )
    page = listing.paginate(pledges)
    named = totals.named_donor_ids(user, {p.donor_id for p in page.object_list})
    rows = [(p, _donor_label(p, named)) for p in page.object_list]
    return render(
        request,
        "participation/pledges/list.html",
        {
            "page": page,
            "listing": listing,
            "rows": rows,
            "filters": filters,
            "states": Pledge.State.choices,
            "kinds": Pledge.Kind.choices,
            "bodies": access.participation_bodies(user).order_by("name"),
            "may_pledge": services.may_pledge(user),
        },
    )


# What a visitor typed on the public page: for the secretariat only, whether the donor is anonymous or not.
TYPED_FIELDS = {"typed_name", "typed_email", "typed_mobile", "typed_national_id"}


def _timeline(pledge: Pledge, user, donor_named: bool, manages: bool) -> list[tuple[AuditEntry, str, list]]:
    """The pledge's audit entries, oldest first, with the changes the user may read; an anonymous
    donor's own actions show as «the donor», and what a visitor typed is shown to the secretariat only."""
    entries = AuditEntry.objects.filter(object_type="participation.pledge", object_id=pledge.pk).order_by(
        "at", "id"
    )
    donor = pledge.donor
    rows = []
    for entry in entries.select_related("actor"):
        actor = entry.actor
        by_donor = actor is not None and (
            actor.pk == donor.user_id
            or (donor.organization_id is not None and actor.organization_id == donor.organization_id)
        )
        if by_donor and not donor_named:
            who = _("the donor")
        elif actor is not None:
            who = actor.get_full_name() or actor.get_username()
        elif entry.action == "pledge.offer":
            who = _("the donor, on the public page")
        else:
            who = entry.actor_name or _("system")
        if not manages:
            entry.changes = {k: v for k, v in (entry.changes or {}).items() if k not in TYPED_FIELDS}
        persian = (get_language() or "fa").startswith("fa")
        # The secretariat reads what a visitor typed whole, to call them and match the offer (issue 12:
        # a record's own page); anyone else reads personal values masked.
        changes = describe_changes(
            entry, persian=persian, reveal_donors=donor_named, mask_personal=not manages
        )
        rows.append((entry, who, changes))
    return rows


@login_required
def pledge_detail(request, pk):
    user = request.user
    pledge = access.pledge_for_user(user, pk)
    donor_named = access.may_see_donor_name(user, pledge.donor)
    manages = services.can_manage(user, pledge)
    needs = _open_needs([pledge.body_id])
    context = {
        "pledge": pledge,
        "body": pledge.body,
        "donor_label": pledge.donor.name if donor_named else _("Anonymous donor"),
        "donor_named": donor_named,
        # The donor's page for those who may open it; the mobile for the secretariat, who calls the donor.
        "donor_link": access.donors_for_user(user).filter(pk=pledge.donor_id).exists(),
        "donor_mobile": pledge.donor.mobile if manages else "",
        "timeline": _timeline(pledge, user, donor_named, manages),
        "match_candidates": list(public.match_candidates(pledge)) if manages else [],
        "evidence": pledge.evidence.select_related("uploaded_by").order_by("pk"),
        "can_accept": manages and pledge.state == Pledge.State.OFFERED,
        "can_link": manages and pledge.state == Pledge.State.PLEDGED and pledge.need_id is None,
        "can_cancel": services.may_cancel(user, pledge),
        "can_deliver": services.may_deliver(user, pledge),
        "can_verify": services.may_verify(user, pledge),
        "delivery_verifies": services.is_verifier(user, pledge),
        "accept_form": LinkForm(needs=needs, required=False, initial={"need": pledge.need_id}),
        "link_form": LinkForm(needs=needs),
        "reason_form": ReasonForm(),
        "delivery_form": DeliveryForm(initial={"value": pledge.value}),
        "verify_form": VerifyForm(),
        "may_receipt": donor_named and pledge.state in certificates.RECEIPT_STATES,
        "may_certificate": donor_named and pledge.state in certificates.CERTIFICATE_STATES,
    }
    return render(request, "participation/pledges/detail.html", context)


@login_required
def pledge_create(request):
    user = request.user
    if not services.may_pledge(user):
        if access.reviewing_body_ids(user):
            raise PermissionDenied
        raise Http404
    managed = (
        access.participation_bodies(user)
        if user.is_system_admin
        else access.participation_bodies(user).filter(pk__in=access.secretariat_body_ids(user))
    )
    own = Donor.objects.filter(access._own_donor_q(user), is_active=True)
    donors = Donor.objects.filter(Q(body__in=managed) | Q(pk__in=own), is_active=True).order_by("name")
    body_ids = set(donors.values_list("body_id", flat=True))
    initial = {"donor": own.first()} if own.count() == 1 else {}
    if request.GET.get("need", "").isdigit():
        initial["need"] = int(request.GET["need"])
    form = PledgeForm(request.POST or None, donors=donors, needs=_open_needs(body_ids), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        donor = data["donor"]
        try:
            pledge = services.record_pledge(
                by=user,
                donor=donor,
                body=donor.body,
                value=data["value"],
                kind=data["kind"],
                need=data["need"],
                category=data["category"] or "",
                region=data["region"],
                description=data["description"],
                quantity=data["quantity"],
                hours=data["hours"],
            )
        except ParticipationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The pledge was recorded."))
            return redirect("participation:pledge_detail", pk=pledge.pk)
    return render(request, "participation/pledges/form.html", {"form": form})


def _action(request, pk, check):
    """The pledge the user sees (404 otherwise) if `check(user, pledge)` allows the action (403 otherwise)."""
    pledge = access.pledge_for_user(request.user, pk)
    if not check(request.user, pledge):
        raise PermissionDenied
    return pledge


def _back(pledge):
    return redirect("participation:pledge_detail", pk=pledge.pk)


def _attempt(request, pledge, change, message):
    """Run a service's `change()` and come back to the pledge (views.common.act)."""
    return act(request, change, message, reverse("participation:pledge_detail", args=[pledge.pk]))


@login_required
@require_POST
def pledge_accept(request, pk):
    pledge = _action(request, pk, services.can_manage)
    form = LinkForm(request.POST, needs=_open_needs([pledge.body_id]), required=False)
    if not form.is_valid():
        messages.error(request, _("Choose an open need of this body, or none."))
        return _back(pledge)
    return _attempt(
        request,
        pledge,
        lambda: services.accept_offer(pledge, by=request.user, need=form.cleaned_data["need"]),
        _("The offer was accepted."),
    )


@login_required
@require_POST
def pledge_match(request, pk):
    """The secretariat matches a public offer to the registered donor it comes from."""
    pledge = _action(request, pk, services.can_manage)
    donor_id = request.POST.get("donor", "")
    donor = (
        Donor.objects.filter(pk=int(donor_id), body_id=pledge.body_id).first() if donor_id.isdigit() else None
    )
    if donor is None:
        messages.error(request, _("Choose a registered donor."))
        return _back(pledge)
    return _attempt(
        request,
        pledge,
        lambda: public.match_offer(pledge, by=request.user, donor=donor),
        _("The offer was matched to the registered donor."),
    )


@login_required
@require_POST
def pledge_decline(request, pk):
    pledge = _action(request, pk, services.can_manage)
    return _attempt(
        request,
        pledge,
        lambda: services.decline_offer(pledge, by=request.user, reason=request.POST.get("reason", "")),
        _("The offer was declined."),
    )


@login_required
@require_POST
def pledge_link(request, pk):
    pledge = _action(request, pk, services.can_manage)
    form = LinkForm(request.POST, needs=_open_needs([pledge.body_id]))
    if not form.is_valid():
        messages.error(request, _("Choose an open need of this body."))
        return _back(pledge)
    return _attempt(
        request,
        pledge,
        lambda: services.link_pledge(pledge, by=request.user, need=form.cleaned_data["need"]),
        _("The pledge was linked to the need."),
    )


@login_required
@require_POST
def pledge_cancel(request, pk):
    pledge = _action(
        request, pk, lambda user, p: services.can_manage(user, p) or services.is_own_donor(user, p.donor)
    )
    return _attempt(
        request,
        pledge,
        lambda: services.cancel_pledge(pledge, by=request.user, reason=request.POST.get("reason", "")),
        _("The pledge was cancelled."),
    )


def _may_record_delivery(user, pledge) -> bool:
    return (
        services.is_verifier(user, pledge)
        or services.can_manage(user, pledge)
        or services.is_own_donor(user, pledge.donor)
    )


@login_required
@require_POST
def pledge_deliver(request, pk):
    pledge = _action(request, pk, _may_record_delivery)
    form = DeliveryForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Enter the value delivered in rials."))
        return _back(pledge)
    return _attempt(
        request,
        pledge,
        lambda: services.record_delivery(
            pledge,
            by=request.user,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
            files=_files(request),
        ),
        lambda changed: _("The delivery was recorded and verified.")
        if changed.state == Pledge.State.VERIFIED
        else _("The delivery was recorded; the receiving agency will verify it."),
    )


@login_required
@require_POST
def pledge_verify(request, pk):
    pledge = _action(request, pk, services.is_verifier)
    form = VerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Enter the value received in rials, or leave it empty."))
        return _back(pledge)
    return _attempt(
        request,
        pledge,
        lambda: services.verify_delivery(
            pledge,
            by=request.user,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
            files=_files(request),
        ),
        _("The delivery was verified."),
    )


@login_required
@require_POST
def pledge_reject(request, pk):
    pledge = _action(request, pk, services.is_verifier)
    return _attempt(
        request,
        pledge,
        lambda: services.reject_delivery(pledge, by=request.user, reason=request.POST.get("reason", "")),
        _("The delivery was sent back as not received."),
    )


@login_required
def pledge_evidence(request, pk):
    evidence = PledgeEvidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    access.pledge_for_user(request.user, evidence.pledge_id)
    return stored_file_response(
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


def _papers(request, pk, states, make, stem, title):
    """A donor's paper as PDF: 404 to whoever may not see the pledge or the donor's name."""
    pledge = access.pledge_for_user(request.user, pk)
    if not access.may_see_donor_name(request.user, pledge.donor):
        raise Http404
    if pledge.state not in states:
        messages.error(request, _("This pledge has no such paper yet."))
        return _back(pledge)
    response = HttpResponse(make(pledge), content_type="application/pdf")
    response["Content-Disposition"] = attachment(f"{title}-{pledge.pk}.pdf", f"{stem}-{pledge.pk}.pdf")
    return response


@login_required
def pledge_receipt(request, pk):
    return _papers(
        request, pk, certificates.RECEIPT_STATES, certificates.receipt_pdf, "receipt", _("Receipt")
    )


@login_required
def pledge_certificate(request, pk):
    return _papers(
        request,
        pk,
        certificates.CERTIFICATE_STATES,
        certificates.certificate_pdf,
        "certificate",
        _("Certificate"),
    )


@login_required
def pledge_totals(request):
    user = request.user
    bodies = access.participation_bodies(user).order_by("name")
    pledges = access.pledges_for_user(user)
    body = request.GET.get("body", "")
    if body.isdigit():
        pledges = pledges.filter(body_id=int(body))
    return render(
        request,
        "participation/pledges/totals.html",
        {
            "totals": totals.compute(user, pledges),
            "bodies": bodies,
            "body_filter": body,
            "categories": dict(NeedCategory.choices),
        },
    )
