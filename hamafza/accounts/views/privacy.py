"""An administrator's pages for a person's data on request: find, export, erase (issue 12).
Anyone but an active superuser gets 404, as if the pages did not exist."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.accounts.services import privacy


def _administrator(request) -> None:
    if not request.user.is_system_admin:
        raise Http404


def _person(kind: str, pk: int) -> privacy.Person:
    try:
        return privacy.get_person(kind, pk)
    except privacy.PersonNotFound:
        raise Http404 from None


@login_required
def search(request):
    _administrator(request)
    query = request.GET.get("q", "")
    people = privacy.find_people(query) if query else []
    return render(request, "accounts/privacy/search.html", {"query": query, "people": people})


@login_required
def person(request, kind: str, pk: int):
    _administrator(request)
    found = _person(kind, pk)
    data = privacy.export_data(found)
    counts = sorted(
        (str(apps.get_model(label)._meta.verbose_name_plural), len(rows))
        for label, rows in data["records"].items()
    )
    return render(request, "accounts/privacy/person.html", {"person": found, "counts": counts})


@login_required
def export(request, kind: str, pk: int):
    _administrator(request)
    found = _person(kind, pk)
    response = HttpResponse(privacy.export_zip(found), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="person-{kind}-{pk}.zip"'
    return response


@login_required
@require_POST
def erase(request, kind: str, pk: int):
    _administrator(request)
    found = _person(kind, pk)
    if request.POST.get("confirm", "").strip() != found.name.strip():
        messages.error(request, _("The name typed does not match; nothing was erased."))
        return redirect("accounts:privacy_person", kind=kind, pk=pk)
    result = privacy.erase(found, by=request.user)
    if result.did_anything:
        messages.success(request, _("The person's data was erased; the records and the audit log stay."))
    else:
        messages.info(request, _("Nothing left to erase."))
    return redirect("accounts:privacy_person", kind=kind, pk=pk)
