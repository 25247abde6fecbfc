"""Monthly statistics from Excel: the template, the upload and its preview, then the confirmation that
writes the file's rows in one transaction. The file waits between the two steps under MEDIA_ROOT."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hamafza.counseling.services import imports
from hamafza.counseling.views.common import viewer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "counseling-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stations(request) -> set[int]:
    stations = viewer(request).detail_stations()
    if not stations:
        raise Http404
    return stations


@login_required
def template(request):
    _stations(request)
    response = HttpResponse(imports.template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="counseling-monthly-statistics.xlsx"'
    return response


@login_required
def upload(request):
    stations = _stations(request)
    preview = None
    if request.method == "POST" and request.FILES.get("file"):
        upload = request.FILES["file"]
        data = upload.read()
        preview = imports.preview(data, upload.name, stations=stations)
        if not preview.error:
            token = uuid.uuid4().hex
            (_folder() / f"{token}.xlsx").write_bytes(data)
            request.session["counseling_import"] = {"token": token, "name": upload.name}
    return render(
        request,
        "counseling/statistics/upload.html",
        {"preview": preview, "shown": preview.rows[:200] if preview else [], "columns": imports.COLUMNS},
    )


@login_required
def confirm(request):
    stations = _stations(request)
    if request.method != "POST":
        return redirect("counseling:statistics")
    pending = request.session.pop("counseling_import", None)
    path = _folder() / f"{pending['token']}.xlsx" if pending else None
    if path is None or not path.exists():
        messages.error(request, _("Send the file again: its preview has expired."))
        return redirect("counseling:statistics")
    try:
        applied = imports.apply(path.read_bytes(), pending["name"], by=request.user, stations=stations)
    except imports.ImportRefused as error:
        messages.error(request, str(error))
    else:
        if applied.written:
            messages.success(
                request,
                _("%(written)s rows were saved; %(unchanged)s were already there.")
                % {"written": applied.written, "unchanged": applied.unchanged},
            )
        else:
            messages.info(request, _("Nothing new: every row of the file is already there."))
    finally:
        path.unlink(missing_ok=True)
    return redirect("counseling:statistics")
