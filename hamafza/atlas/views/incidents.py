"""Uploading a file of incidents, and following its import: small files at once, big ones in the
background with a progress bar that polls the batch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hamafza.atlas import imports
from hamafza.atlas.forms.incidents import IncidentFileForm
from hamafza.atlas.models import DataBatch
from hamafza.atlas.services import incidents


def _batches_for(user):
    batches = DataBatch.objects.filter(kind=DataBatch.Kind.INCIDENTS).select_related("uploaded_by")
    if user.is_system_admin:
        return batches
    return batches.filter(uploaded_by=user)


@login_required
def incidents_upload(request):
    if not imports.can_import_incidents(request.user):
        raise PermissionDenied
    form = IncidentFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = incidents.submit_incident_file(form.cleaned_data["file"], by=request.user)
        except imports.ImportRefused as error:
            form.add_error("file", error.message)
        else:
            if submission.already_imported:
                messages.info(request, _("This file was imported before; nothing was added again."))
            if submission.ignored_columns:
                messages.info(
                    request,
                    _("These columns are not used by the import and were ignored: %(columns)s")
                    % {"columns": "، ".join(f"«{name}»" for name in submission.ignored_columns)},
                )
            return redirect("atlas:incidents_batch", pk=submission.batch.pk)
    batches = _batches_for(request.user)[:20]
    return render(request, "atlas/incidents/upload.html", {"form": form, "batches": batches})


@login_required
def incidents_batch(request, pk):
    if not imports.can_import_incidents(request.user):
        raise Http404
    batch = _batches_for(request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    failed = max(0, batch.rows_done - batch.rows_imported - batch.rows_skipped)
    percent = round(100 * batch.rows_done / batch.rows_total) if batch.rows_total else None
    running = batch.status in (DataBatch.Status.PENDING, DataBatch.Status.RUNNING)
    template = (
        "atlas/incidents/_progress.html"
        if request.headers.get("HX-Request")
        else "atlas/incidents/batch.html"
    )
    return render(
        request,
        template,
        {
            "batch": batch,
            "failed": failed,
            "percent": percent,
            "running": running,
            "errors": [{**entry, "reason": imports.error_text(entry)} for entry in batch.errors[:200]],
        },
    )
