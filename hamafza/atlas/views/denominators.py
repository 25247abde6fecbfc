"""Pages where the secretariat uploads the denominators of its neighbourhoods (residents, households,
pupils per Jalali year) from an Excel or CSV file: a template to fill in, a preview of what would
change, and a confirmation that applies the good rows (hamafza.atlas.services.denominators).

Users who may set no denominators get 403; the pages show nothing of neighbourhoods outside a user's
reach, so there is nothing to hide behind a 404.
"""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.atlas.models import RegionYear
from hamafza.atlas.services import denominators
from hamafza.atlas.services.values import DENOMINATOR_FIELDS
from hamafza.lib.jalali import to_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.lib.spreadsheets import save_workbook

SESSION_KEY = "atlas-denominators-upload"
TEMPLATE_HEADERS = ["کد محله", "محله", "سال", "جمعیت", "خانوار", "دانش‌آموز"]


def _require_reach(user) -> None:
    if not denominators.may_upload(user):
        raise PermissionDenied(
            _("Only the secretariat of a body may set the denominators of its neighbourhoods.")
        )


def _this_year() -> int:
    return to_jalali(timezone.localdate()).year


@login_required
def denominators_upload(request):
    _require_reach(request.user)
    context = {"year": _this_year(), "max_bytes": settings.UPLOAD_MAX_BYTES}
    if request.method == "POST":
        request.session.pop(SESSION_KEY, None)
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = _("Choose a file.")
        elif upload.size > settings.UPLOAD_MAX_BYTES:
            context["error"] = denominators.too_big()
        else:
            try:
                preview = denominators.check_file(request.user, upload.read(), upload.name)
            except denominators.NoValidRow as refused:
                return _render_preview(request, refused.preview, error=refused.message)
            except denominators.RefusedFile as refused:
                context["error"] = refused.message
            else:
                request.session[SESSION_KEY] = {
                    "digest": preview.digest,
                    "filename": preview.filename,
                    "rows": preview.pending(),
                }
                return _render_preview(request, preview)
    return render(request, "atlas/denominators/upload.html", context)


def _render_preview(request, preview, *, error: str = ""):
    return render(request, "atlas/denominators/preview.html", {"preview": preview, "error": error})


@login_required
@require_POST
def denominators_confirm(request):
    _require_reach(request.user)
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("digest") != request.POST.get("digest"):
        messages.error(request, _("The upload has expired; send the file again."))
        return redirect("atlas:denominators_upload")
    del request.session[SESSION_KEY]
    try:
        changed = denominators.apply(request.user, pending["rows"])
    except denominators.StalePending:
        messages.error(
            request,
            _("The file no longer matches what you may change; nothing was changed. Send it again."),
        )
        return redirect("atlas:denominators_upload")
    messages.success(
        request,
        _("Denominators saved from %(file)s; neighbourhood-years changed: %(count)s.")
        % {"count": to_persian_digits(changed), "file": pending["filename"]},
    )
    return redirect("atlas:denominators_upload")


@login_required
def denominators_template(request):
    """An Excel file to fill in: the user's neighbourhoods with their codes, this year and its numbers."""
    from openpyxl import Workbook

    _require_reach(request.user)
    year = _this_year()
    regions = denominators.neighbourhoods_for(request.user)
    saved = {
        item["region_id"]: item
        for item in RegionYear.objects.filter(year=year, region__in=[region.pk for region in regions]).values(
            "region_id", *DENOMINATOR_FIELDS
        )
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "جمعیت پایه"
    sheet.sheet_view.rightToLeft = True
    for column, width in zip("ABCDEF", (16, 30, 8, 12, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append(TEMPLATE_HEADERS)
    for region in regions:
        numbers = saved.get(region.pk, {})
        sheet.append([region.code, region.name, year, *(numbers.get(name) for name in DENOMINATOR_FIELDS)])
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="denominators-{year}.xlsx"'
    return response
