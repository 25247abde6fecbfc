"""The NGO directory (سمن‌ها): every signed-in user reads it; an NGO's officers (or an administrator) edit
its profile and contact people; a body's secretariat or an administrator registers a new NGO."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.atlas.models import HarmCategory
from hamafza.lib.persian import search_terms
from hamafza.meetings.services import today as local_today
from hamafza.orgs.models import Organization
from hamafza.participation import access
from hamafza.participation.forms_registry import ContactForm, NgoCreateForm, NgoProfileForm
from hamafza.participation.models import AchievementReport, Contact, NgoProfile
from hamafza.participation.services import achievements, registry
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.views_common import form_error
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
