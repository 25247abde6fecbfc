"""Counselling centres and roles: a station's centre placed in its county and province, and who works
in it or reviews it."""

from django.db import transaction
from django.utils.translation import gettext as _

from hamafza.audit.services import record
from hamafza.counseling.models import Centre, CounselingRole
from hamafza.counseling.services.common import CounselingError
from hamafza.orgs.models import Organization
from hamafza.places.models import Region


def place(centre: Centre) -> Centre:
    """Fill the centre's county, province and atlas neighbourhood from its station's region.

    The neighbourhood is the station's region when it is one; a station placed on a city or county carries
    its figures on the first neighbourhood of that area (by id), so that they count in its county and
    province on the atlas's map."""
    region = Region.objects.only("pk", "kind", "parent_id").get(pk=centre.station.region_id)
    centre.county = centre.province = centre.neighbourhood = None
    node = region
    while node is not None:
        if node.kind == Region.Kind.COUNTY and centre.county is None:
            centre.county = node
        if node.kind == Region.Kind.PROVINCE:
            centre.province = node
            break
        node = Region.objects.only("pk", "kind", "parent_id").filter(pk=node.parent_id).first()
    if region.kind == Region.Kind.NEIGHBOURHOOD:
        centre.neighbourhood = region
    else:
        frontier, found = [region.pk], None
        while frontier and found is None:
            children = list(
                Region.objects.filter(parent_id__in=frontier).order_by("pk").values_list("pk", "kind")
            )
            found = next((pk for pk, kind in children if kind == Region.Kind.NEIGHBOURHOOD), None)
            frontier = [pk for pk, _kind in children]
        centre.neighbourhood_id = found
    return centre


@transaction.atomic
def open_centre(station: Organization, *, keeps_cases_elsewhere: bool = False) -> Centre:
    """The station's counselling centre, created and placed if it has none."""
    centre = Centre.objects.filter(station=station).first()
    if centre is None:
        centre = Centre(station=station, keeps_cases_elsewhere=keeps_cases_elsewhere)
    place(centre)
    centre.save()
    return centre


def grant(user, organization: Organization, kind: str, *, by=None) -> CounselingRole:
    """Give a counselling role. A counsellor works at the station: a user of another organisation is
    refused, and so is a station without a centre."""
    if kind == CounselingRole.Kind.COUNSELLOR:
        if user.organization_id != organization.pk:
            raise CounselingError(_("A counsellor must be a user of the station."), code="not_of_station")
        if not Centre.objects.filter(station=organization).exists():
            raise CounselingError(_("This organisation has no counselling centre."), code="no_centre")
    role, created = CounselingRole.objects.get_or_create(user=user, organization=organization, kind=kind)
    if created and by is not None:
        record(actor=by, action="counseling_role.grant", obj=role, changes={"kind": kind})
    return role
