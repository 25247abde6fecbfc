"""Donors (خیرین) and industries: the secretariat of a body manages those registered with it, its viewers
read them, a donor's own user sees its own record only; anyone else gets an empty list and 404 on a page.

An anonymous donor is named only to the secretariat, an administrator and the donor
(access.may_see_donor_name); personal data (IDs, mobile, address) only to the secretariat and the donor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.lib.persian import search_terms
from hamafza.meetings.models import Body
from hamafza.participation import access
from hamafza.participation.forms_registry import DonorForm, RecognitionForm
from hamafza.participation.models import Donor, NeedCategory
from hamafza.participation.services import registry
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.views_common import form_error


def _privileged_q(user) -> Q:
    """Donors whose personal data the user may see: those of bodies it runs, and its own."""
    q = Q(body_id__in=access.secretariat_body_ids(user)) | Q(user=user)
    if user.organization_id:
        q |= Q(organization_id=user.organization_id)
    return q


def sees_personal_data(user, donor: Donor) -> bool:
    if access.can_manage_participation(user, donor.body_id):
        return True
    return donor.user_id == user.pk or (
        donor.organization_id is not None and donor.organization_id == user.organization_id
    )


def managed_bodies(user):
    if user.is_system_admin:
        return Body.objects.all()
    return Body.objects.filter(pk__in=access.secretariat_body_ids(user))


def _category_labels(codes: list[str]) -> list[str]:
    labels = dict(NeedCategory.choices)
    return [labels[code] for code in codes if code in labels]


@login_required
def donor_list(request):
    user = request.user
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    donors = access.donors_for_user(user).select_related("body", "region")
    privileged = Q() if user.is_system_admin else _privileged_q(user)
    for term in search_terms(query):
        if user.is_system_admin:
            donors = donors.filter(search_text__contains=term)
        else:
            # Others find a donor by its name only, and never an anonymous donor by its name.
            donors = donors.filter(
                (privileged & Q(search_text__contains=term))
                | Q(is_anonymous=False, search_name__contains=term)
            )
    if kind in Donor.Kind.values:
        donors = donors.filter(kind=kind)
    page = Paginator(donors.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    giving = registry.verified_giving(donor.pk for donor in page)
    rows = [
        {
            "donor": donor,
            "name": registry.donor_display_name(user, donor),
            "given": donor.prior_giving + giving.get(donor.pk, 0),
        }
        for donor in page
    ]
    return render(
        request,
        "participation/registry/donor_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "kind": kind,
            "kinds": Donor.Kind.choices,
            "can_register": managed_bodies(user).exists(),
        },
    )


def _render_detail(request, donor, recognition_form=None):
    user = request.user
    can_manage = access.can_manage_participation(user, donor.body_id)
    return render(
        request,
        "participation/registry/donor_detail.html",
        {
            "donor": donor,
            "name": registry.donor_display_name(user, donor),
            "personal": sees_personal_data(user, donor),
            "can_manage": can_manage,
            "categories": _category_labels(donor.interest_categories),
            "interest_regions": donor.interest_regions.all(),
            "contributions": registry.past_contributions(donor),
            "recognitions": donor.recognitions.all(),
            "recognition_form": recognition_form or (RecognitionForm() if can_manage else None),
        },
    )


@login_required
def donor_detail(request, pk):
    return _render_detail(request, access.donor_for_user(request.user, pk))


@login_required
def donor_create(request):
    user = request.user
    bodies = managed_bodies(user)
    if not bodies.exists():
        if access.reviewing_body_ids(user):
            raise PermissionDenied
        raise Http404
    form = DonorForm(request.POST or None, bodies=bodies, initial={"may_contact": True})
    if request.method == "POST" and form.is_valid():
        try:
            donor = registry.register_donor(form.cleaned_data["body"], by=user, data=form.donor_data())
        except ParticipationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The donor was registered."))
            return redirect("participation:donor_detail", pk=donor.pk)
    return render(request, "participation/registry/donor_form.html", {"form": form, "donor": None})


@login_required
def donor_edit(request, pk):
    donor = access.donor_for_user(request.user, pk)
    if not access.can_manage_participation(request.user, donor.body_id):
        raise PermissionDenied
    form = DonorForm(request.POST or None, initial=DonorForm.initial_for(donor))
    if request.method == "POST" and form.is_valid():
        try:
            registry.update_donor(donor, by=request.user, data=form.donor_data())
        except ParticipationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The donor's record was saved."))
            return redirect("participation:donor_detail", pk=donor.pk)
    return render(request, "participation/registry/donor_form.html", {"form": form, "donor": donor})


@login_required
@require_POST
def donor_recognition_add(request, pk):
    donor = access.donor_for_user(request.user, pk)
    if not access.can_manage_participation(request.user, donor.body_id):
        raise PermissionDenied
    form = RecognitionForm(request.POST)
    if form.is_valid():
        try:
            registry.add_recognition(donor, by=request.user, **form.cleaned_data)
        except ParticipationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The recognition was recorded."))
            return redirect("participation:donor_detail", pk=donor.pk)
    return _render_detail(request, donor, recognition_form=form)
