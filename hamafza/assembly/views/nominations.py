"""Nominations of NGOs to an assembly: the secretariat records them, by hand or from an Excel list, and
accepts them (one by one or several at once) or does not, with a reason. Only the secretariat of the
convening body sees these pages; anyone else gets 404.

The Excel file waits in the session between its preview and the confirmation, and is checked again
when confirmed, so what is saved is what the rules allow at that moment."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.assembly import access
from hamafza.assembly.forms.nominations import DecisionForm, ImportForm, NominationForm
from hamafza.assembly.imports import nominations as excel
from hamafza.assembly.models import Nomination
from hamafza.assembly.services import nominations as services
from hamafza.assembly.services.common import AssemblyError
from hamafza.assembly.views.common import refusal_on_form
from hamafza.lib.downloads import stored_file_response
from hamafza.lib.uploads import UploadRejected, sniff
from hamafza.participation.imports import common as base
from hamafza.participation.services.common import ParticipationError
from hamafza.templatetags_builtins import digits

SESSION_KEY = "assembly-nominations-import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LETTER_TYPES = {"pdf", "png", "jpg", "jpeg"}
LETTER_MAX_BYTES = 10 * 1024 * 1024


@login_required
def nomination_list(request, pk):
    assembly = access.assembly_for_manager(request.user, pk)
    state = request.GET.get("state", "")
    nominations = assembly.nominations.select_related("organization", "region", "organization__region")
    if state in Nomination.State.values:
        nominations = nominations.filter(state=state)
    waiting_first = Case(When(state=Nomination.State.NOMINATED, then=0), default=1)
    page = Paginator(nominations.order_by(waiting_first, "region__name", "organization__name"), 100).get_page(
        request.GET.get("page")
    )
    counts = {value: assembly.nominations.filter(state=value).count() for value in Nomination.State.values}
    return render(
        request,
        "assembly/nominations/list.html",
        {
            "assembly": assembly,
            "body": assembly.body,
            "page": page,
            "state": state,
            "counts": counts,
            "states": Nomination.State.choices,
        },
    )


def _letter(request, form) -> tuple[str, bytes] | None:
    upload = form.cleaned_data.get("letter_file")
    if not upload:
        return None
    data = upload.read()
    try:
        sniffed = sniff(upload.name, data, max_bytes=LETTER_MAX_BYTES)
    except UploadRejected:
        sniffed = None
    if sniffed is None or sniffed.extension not in LETTER_TYPES:
        form.add_error("letter_file", _("The letter must be a PDF or an image (PNG, JPEG) of at most 10 MB."))
        return None
    return upload.name, data


@login_required
def nomination_create(request, pk):
    assembly = access.assembly_for_manager(request.user, pk)
    form = NominationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        letter = _letter(request, form)
        if not form.errors:
            data = services.NominationData(
                **{
                    name: form.cleaned_data[name]
                    for name in (
                        "organization",
                        "region",
                        "nominated_on",
                        "nominated_by",
                        "letter_number",
                        "note",
                    )
                }
            )
            try:
                services.nominate(assembly, by=request.user, data=data, letter=letter)
            except AssemblyError as error:
                refusal_on_form(form, error)
            else:
                messages.success(request, _("The nomination was recorded; it awaits your decision."))
                return redirect("assembly:nominations", assembly.pk)
    return render(
        request, "assembly/nominations/form.html", {"assembly": assembly, "body": assembly.body, "form": form}
    )


@login_required
@require_POST
def nomination_decide(request, pk):
    nomination = access.nomination_for_manager(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept the nomination."))
        return redirect("assembly:nominations", nomination.assembly_id)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.accept_nomination(nomination, by=request.user)
            messages.success(
                request, _("%(ngo)s is now a member of the assembly.") % {"ngo": nomination.organization}
            )
        else:
            services.refuse_nomination(nomination, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The nomination was not accepted."))
    except AssemblyError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assembly:nominations", nomination.assembly_id)


@login_required
@require_POST
def nomination_accept_many(request, pk):
    assembly = access.assembly_for_manager(request.user, pk)
    ids = [int(value) for value in request.POST.getlist("nomination") if value.isdigit()]
    accepted = services.accept_all(assembly, by=request.user, ids=ids)
    messages.success(request, _("%(count)s nominations were accepted.") % {"count": digits(len(accepted))})
    return redirect("assembly:nominations", assembly.pk)


@login_required
def nomination_letter(request, pk):
    nomination = access.nomination_for_manager(request.user, pk)
    if not nomination.letter_file:
        raise Http404
    return stored_file_response(
        nomination.letter_file,
        filename=nomination.letter_file.name.rsplit("/", 1)[-1],
    )


# The Excel list


def _preview_page(request, assembly, result):
    return render(
        request,
        "assembly/nominations/import_preview.html",
        {"assembly": assembly, "body": assembly.body, "preview": result},
    )


@login_required
def nomination_import(request, pk):
    assembly = access.assembly_for_manager(request.user, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > base.MAX_BYTES:
            form.add_error("file", _("The file is larger than 2 MB."))
        else:
            data = upload.read()
            result = excel.preview(assembly, data, upload.name)
            if result.ok:
                request.session[SESSION_KEY] = {
                    "assembly": assembly.pk,
                    "filename": upload.name,
                    "data": base64.b64encode(data).decode(),
                }
            return _preview_page(request, assembly, result)
    return render(
        request,
        "assembly/nominations/import_upload.html",
        {"assembly": assembly, "body": assembly.body, "form": form, "columns": excel.COLUMNS},
    )


@login_required
def nomination_import_template(request, pk):
    access.assembly_for_manager(request.user, pk)
    response = HttpResponse(excel.template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="nominations.xlsx"'
    return response


@login_required
@require_POST
def nomination_import_confirm(request, pk):
    assembly = access.assembly_for_manager(request.user, pk)
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("assembly") != assembly.pk:
        messages.error(request, _("The upload has expired; send the file again."))
        return redirect("assembly:nomination_import", assembly.pk)
    result = excel.preview(assembly, base64.b64decode(pending["data"]), pending["filename"])
    try:
        created = excel.import_nominations(assembly, result, by=request.user)
    except (base.ImportRefused, ParticipationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return _preview_page(request, assembly, result)
    del request.session[SESSION_KEY]
    messages.success(
        request, _("%(count)s nominations were recorded from the file.") % {"count": digits(len(created))}
    )
    return redirect("assembly:nominations", assembly.pk)
