"""The registries' pages: the NGO directory (سمن‌ها) and donors (خیرین) and industries.

NGOs: every signed-in user reads the directory; an NGO's officers (or an administrator) edit its
profile and contact people; a body's secretariat or an administrator registers a new NGO.

Donors: the secretariat of a body manages those registered with it, its viewers read them, a donor's
own user sees its own record only; anyone else gets an empty list and 404 on a page. An anonymous donor
is named only to the secretariat, an administrator and the donor (access.may_see_donor_name); personal
data (IDs, mobile, address) only to the secretariat and the donor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.atlas.models import HarmCategory
from hamafza.lib.persian import search_terms
from hamafza.meetings.models import Body
from hamafza.meetings.services import today as local_today
from hamafza.orgs.models import Organization
from hamafza.participation import access
from hamafza.participation.forms.registry import (
    ContactForm,
    DonorForm,
    NgoCreateForm,
    NgoProfileForm,
    RecognitionForm,
)
from hamafza.participation.models import AchievementReport, Contact, Donor, NeedCategory, NgoProfile
from hamafza.participation.services import achievements, registry
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.views.common import form_error
from hamafza.places.models import Region


def region_and_descendants(region: Region) -> list[int]:
    """The region and every region under it (at most five levels: province to neighbourhood)."""
    ids, level = [region.pk], [region.pk]
    while level:
        level = list(Region.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids += level
    return ids


def _ngo(pk) -> Organization:
    return get_object_or_404(Organization.objects.select_related("region"), pk=pk, kind=Organization.Kind.NGO)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def ngo_list(request):
    """NGOs by name (any spelling), field of activity, region served, and with an expired licence."""
    today = local_today()
    query = request.GET.get("q", "").strip()
    field_id = _int(request.GET.get("field"))
    region_id = _int(request.GET.get("region"))
    expired = request.GET.get("expired") == "1"
    ngos = (
        Organization.objects.filter(kind=Organization.Kind.NGO, is_active=True)
        .select_related("region", "ngo_profile")
        .prefetch_related("ngo_profile__fields")
    )
    for term in search_terms(query):
        ngos = ngos.filter(search_text__contains=term)
    if field_id:
        ngos = ngos.filter(ngo_profile__fields=field_id)
    region = Region.objects.without_boundaries().filter(pk=region_id).first() if region_id else None
    if region is not None:
        within = region_and_descendants(region)
        ngos = ngos.filter(Q(region_id__in=within) | Q(ngo_profile__regions_served__in=within))
    if expired:
        ngos = ngos.filter(ngo_profile__licence_expires__lt=today)
    ngos = ngos.distinct().order_by("name")
    page = Paginator(ngos, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/registry/ngo_list.html",
        {
            "page": page,
            "query": query,
            "field_id": field_id,
            "region_id": region.pk if region else None,
            "expired": expired,
            "categories": HarmCategory.objects.filter(is_active=True),
            "regions": Region.objects.without_boundaries().exclude(kind=Region.Kind.NEIGHBOURHOOD),
            "today": today,
            "can_register": registry.can_register_ngo(request.user),
        },
    )


@login_required
def ngo_detail(request, pk):
    """An NGO's profile, licence, fields, regions, contacts and accepted achievements."""
    user = request.user
    ngo = _ngo(pk)
    profile = NgoProfile.objects.filter(organization=ngo).prefetch_related("fields", "regions_served").first()
    accepted = (
        AchievementReport.objects.filter(organization=ngo, state=AchievementReport.State.ACCEPTED)
        .select_related("body")
        .prefetch_related("regions")
    )
    totals = accepted.aggregate(beneficiaries=Sum("beneficiaries"), reports=Count("pk"), score=Avg("score"))
    mine = access.achievements_for_user(user).filter(organization=ngo)
    visible = set(mine.values_list("pk", flat=True))
    pending = mine.exclude(state=AchievementReport.State.ACCEPTED).select_related("body")
    return render(
        request,
        "participation/registry/ngo_detail.html",
        {
            "ngo": ngo,
            "profile": profile,
            "expired": profile is not None and profile.licence_expired(local_today()),
            "show_contacts": access.may_see_contacts(user, ngo),
            "contacts": ngo.contacts.all(),
            "accepted": accepted,
            "totals": totals,
            "visible": visible,
            "pending": pending,
            "can_edit": access.can_edit_organization_profile(user, ngo.pk),
            "can_submit": achievements.can_submit(user, ngo),
        },
    )


def _profile_initial(ngo: Organization, profile: NgoProfile | None) -> dict:
    initial = {"email": ngo.email, "phone": ngo.phone}
    if profile is not None:
        initial.update(
            registration_number=profile.registration_number,
            licence_authority=profile.licence_authority,
            licence_expires=profile.licence_expires,
            legal_id=profile.legal_id,
            activity_fields=list(profile.fields.values_list("pk", flat=True)),
            regions_served=list(profile.regions_served.values_list("pk", flat=True)),
            members_count=profile.members_count,
            founded_on=profile.founded_on,
        )
    return initial


def _editable_ngo(request, pk) -> Organization:
    ngo = _ngo(pk)
    if not access.can_edit_organization_profile(request.user, ngo.pk):
        raise PermissionDenied
    return ngo


def _render_edit(request, ngo, form, contact_form):
    return render(
        request,
        "participation/registry/ngo_edit.html",
        {"ngo": ngo, "form": form, "contact_form": contact_form, "contacts": ngo.contacts.all()},
    )


@login_required
def ngo_edit(request, pk):
    ngo = _editable_ngo(request, pk)
    profile = NgoProfile.objects.filter(organization=ngo).first()
    form = NgoProfileForm(request.POST or None, initial=_profile_initial(ngo, profile))
    if request.method == "POST" and form.is_valid():
        try:
            registry.save_ngo_profile(
                ngo,
                by=request.user,
                profile=form.profile_data(),
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
            )
        except ParticipationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The NGO's profile was saved."))
            return redirect("participation:ngo_detail", pk=ngo.pk)
    return _render_edit(request, ngo, form, ContactForm())


@login_required
@require_POST
def ngo_contact_add(request, pk):
    ngo = _editable_ngo(request, pk)
    contact_form = ContactForm(request.POST)
    if contact_form.is_valid():
        try:
            registry.add_contact(ngo, by=request.user, **contact_form.cleaned_data)
        except ParticipationError as error:
            form_error(contact_form, error)
        else:
            messages.success(request, _("The contact person was added."))
            return redirect("participation:ngo_edit", pk=ngo.pk)
    profile = NgoProfile.objects.filter(organization=ngo).first()
    return _render_edit(request, ngo, NgoProfileForm(initial=_profile_initial(ngo, profile)), contact_form)


@login_required
@require_POST
def ngo_contact_remove(request, pk):
    contact = get_object_or_404(Contact, pk=pk, organization__kind=Organization.Kind.NGO)
    if not access.can_edit_organization_profile(request.user, contact.organization_id):
        raise PermissionDenied
    registry.remove_contact(contact, by=request.user)
    messages.success(request, _("The contact person was removed."))
    return redirect("participation:ngo_edit", pk=contact.organization_id)


@login_required
def ngo_create(request):
    if not registry.can_register_ngo(request.user):
        raise PermissionDenied
    form = NgoCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ngo = registry.register_ngo(
                by=request.user,
                name=data["name"],
                short_name=data["short_name"],
                region=data["region"],
                profile=form.profile_data(),
                email=data["email"],
                phone=data["phone"],
                contact=(data["contact_name"], data["contact_mobile"]),
            )
        except ParticipationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The NGO was registered."))
            return redirect("participation:ngo_detail", pk=ngo.pk)
    return render(request, "participation/registry/ngo_create.html", {"form": form})


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
