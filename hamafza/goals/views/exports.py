"""The year-end review package as PDF or Excel: of one organisation's programme, or of every programme of
a year in a province (the province's own and its counties') that the user reads."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _

from hamafza.goals.exports import excel, pdf
from hamafza.goals.exports.package import gather
from hamafza.goals.views.cascade import XLSX, attachment
from hamafza.goals.views.common import viewer
from hamafza.lib.persian import to_persian_digits
from hamafza.places.models import Region

FORMATS = {"pdf": ("application/pdf", pdf.render_pdf), "xlsx": (XLSX, excel.render_package)}


def _respond(package, fmt: str, name: str, fallback: str) -> HttpResponse:
    content_type, render = FORMATS[fmt]
    response = HttpResponse(render(package), content_type=content_type)
    response["Content-Disposition"] = attachment(f"{name}.{fmt}", f"{fallback}.{fmt}")
    return response


@login_required
def programme_package(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    programme = viewer(request).programme(pk)
    title = _("Year-end review of %(title)s") % {"title": programme.title}
    return _respond(gather(title, [programme]), fmt, title, f"year-end-review-{programme.pk}")


def _inside(region: Region) -> set[int]:
    """The region and every region below it (one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Region.objects.order_by().values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = set(), [region.pk]
    while stack:
        node = stack.pop()
        found.add(node)
        stack.extend(children.get(node, ()))
    return found


@login_required
def province_package(request, year, region_pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    region = get_object_or_404(Region.objects.without_boundaries(), pk=region_pk, kind=Region.Kind.PROVINCE)
    programmes = list(
        viewer(request)
        .programmes()
        .filter(year=year, region_id__in=_inside(region))
        .select_related("organization", "region")
        .order_by("organization__name")
    )
    if not programmes:
        raise Http404
    year_text = to_persian_digits(str(year)) if translation.get_language_bidi() else str(year)
    title = _("Year-end review of %(year)s, province of %(province)s") % {
        "year": year_text,
        "province": region.name,
    }
    return _respond(gather(title, programmes), fmt, title, f"year-end-review-{year}-{region.code}")
