"""A programme's adoptions side by side, and the scorecard of the adopting organisations by goals met."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hamafza.goals.exports.excel import render_scorecard
from hamafza.goals.services import overview, progress
from hamafza.goals.views.common import viewer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _table(request, pk):
    v = viewer(request)
    programme = v.programme(pk)
    adoptions = programme.adoptions.all()
    readable = v.readable_org_ids()
    if readable is not None:
        adoptions = adoptions.filter(organization_id__in=readable)
    return programme, overview.side_by_side(programme, adoptions)


def attachment(filename: str, fallback: str) -> str:
    """attachment with an ASCII name for old clients and the UTF-8 one browsers prefer (RFC 6266)."""
    safe = "".join(ch for ch in filename if ch not in '\\/:*?"<>|\r\n\t').strip()
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


@login_required
def side_by_side(request, pk):
    programme, table = _table(request, pk)
    return render(
        request,
        "goals/cascade/side_by_side.html",
        {"programme": programme, "table": table, "states": progress.STATES, "order": progress.ORDER},
    )


@login_required
def scorecard(request, pk):
    programme, table = _table(request, pk)
    rows = overview.scorecard(table)
    if request.GET.get("format") == "xlsx":
        title = _("Scorecard of %(title)s") % {"title": programme.title}
        response = HttpResponse(render_scorecard(title, rows), content_type=XLSX)
        response["Content-Disposition"] = attachment(f"{title}.xlsx", f"scorecard-{programme.pk}.xlsx")
        return response
    return render(
        request,
        "goals/cascade/scorecard.html",
        {"programme": programme, "rows": rows, "states": progress.STATES, "order": progress.ORDER},
    )
