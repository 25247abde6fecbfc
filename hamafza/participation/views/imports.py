"""Excel imports of NGO lists and donor lists: download a template, upload, see each row's answer,
confirm. The uploaded file waits in the session between the preview and the confirmation and is checked
again when confirmed, so what is saved is what the rules allow at that moment.

NGO lists: a body's secretariat or an administrator. Donor lists: the secretariat of the body the donors
are registered with. A viewer of a body gets 403; anyone else 404."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.lib.downloads import attachment
from hamafza.lib.persian import to_persian_digits
from hamafza.participation import access, imports
from hamafza.participation.forms.imports import DonorImportForm, ImportForm
from hamafza.participation.services import registry
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.views.registry import managed_bodies

SESSION_KEY = "participation-import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refuse(user) -> None:
    if access.reviewing_body_ids(user):
        raise PermissionDenied
    raise Http404


def _require_ngo_importer(user) -> None:
    if not registry.can_register_ngo(user):
        _refuse(user)


def _donor_bodies(user):
    bodies = managed_bodies(user)
    if not bodies.exists():
        _refuse(user)
    return bodies


def _xlsx(data: bytes, filename: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = attachment(name, filename)
    return response


def _read_upload(request, form) -> tuple[bytes, str] | None:
    upload = form.cleaned_data["file"]
    if upload.size > imports.MAX_BYTES:
        form.add_error("file", _("The file is larger than 2 MB."))
        return None
    return upload.read(), upload.name


def _keep(request, kind: str, data: bytes, filename: str, body_id: int | None = None) -> None:
    request.session[SESSION_KEY] = {
        "kind": kind,
        "body": body_id,
        "filename": filename,
        "data": base64.b64encode(data).decode(),
    }


def _pending(request, kind: str) -> dict | None:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("kind") != kind:
        return None
    return pending


def _preview_page(request, preview, *, body=None):
    return render(
        request,
        "participation/imports/preview.html",
        {"preview": preview, "body": None, "import_body": body, "kind": preview.kind},
    )


def _count(number: int) -> str:
    return to_persian_digits(number)


# NGOs


@login_required
def ngo_import(request):
    _require_ngo_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        read = _read_upload(request, form)
        if read is not None:
            data, filename = read
            preview = imports.preview_ngos(data, filename)
            if preview.ok:
                _keep(request, "ngo", data, filename)
            return _preview_page(request, preview)
    return render(
        request,
        "participation/imports/upload.html",
        {"form": form, "kind": "ngo", "columns": imports.NGO_COLUMNS},
    )


@login_required
def ngo_import_template(request):
    _require_ngo_importer(request.user)
    return _xlsx(imports.ngo_template(), "ngos.xlsx", _("NGOs template") + ".xlsx")


@login_required
@require_POST
def ngo_import_confirm(request):
    _require_ngo_importer(request.user)
    pending = _pending(request, "ngo")
    if pending is None:
        messages.error(request, _("The upload has expired; send the file again."))
        return redirect("participation:ngo_import")
    preview = imports.preview_ngos(base64.b64decode(pending["data"]), pending["filename"])
    try:
        created = imports.import_ngos(preview, by=request.user)
    except (imports.ImportRefused, ParticipationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return _preview_page(request, preview)
    del request.session[SESSION_KEY]
    messages.success(
        request, _("%(count)s NGOs were registered from the file.") % {"count": _count(len(created))}
    )
    return redirect("participation:ngo_list")


# Donors


@login_required
def donor_import(request):
    bodies = _donor_bodies(request.user)
    form = DonorImportForm(request.POST or None, request.FILES or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        read = _read_upload(request, form)
        if read is not None:
            data, filename = read
            body = form.cleaned_data["body"]
            preview = imports.preview_donors(data, filename, body=body)
            if preview.ok:
                _keep(request, "donor", data, filename, body.pk)
            return _preview_page(request, preview, body=body)
    return render(
        request,
        "participation/imports/upload.html",
        {"form": form, "kind": "donor", "columns": imports.DONOR_COLUMNS},
    )


@login_required
def donor_import_template(request):
    _donor_bodies(request.user)
    return _xlsx(imports.donor_template(), "donors.xlsx", _("Donors template") + ".xlsx")


@login_required
@require_POST
def donor_import_confirm(request):
    bodies = _donor_bodies(request.user)
    pending = _pending(request, "donor")
    body = bodies.filter(pk=pending["body"]).first() if pending else None
    if body is None:
        messages.error(request, _("The upload has expired; send the file again."))
        return redirect("participation:donor_import")
    preview = imports.preview_donors(base64.b64decode(pending["data"]), pending["filename"], body=body)
    try:
        created = imports.import_donors(preview, by=request.user, body=body)
    except (imports.ImportRefused, ParticipationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return _preview_page(request, preview, body=body)
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("%(count)s donors were registered with %(body)s from the file.")
        % {"count": _count(len(created)), "body": body.name},
    )
    return redirect("participation:donor_list")
