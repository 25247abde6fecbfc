"""Pages where an agency reports its indicators: pick an indicator and a month, type the values of the
area's neighbourhoods in a table or upload an Excel/CSV file, see what is refused and what to check,
and confirm. Only officers of the indicator's owner organisation and system administrators reach an
indicator's pages; anyone else gets 404 (values.can_enter_values).
"""

import base64
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.atlas.models import Indicator, IndicatorValue
from hamafza.atlas.services import denominators, values
from hamafza.lib.persian import to_persian_digits
from hamafza.lib.spreadsheets import save_workbook

SESSION_KEY = "atlas-values-upload"
MONTHS_SHOWN = 24


def indicator_for_entry(user, pk) -> Indicator:
    """The reported indicator this user may enter values for; 404 for everyone else."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("category", "owner", "owner__region"),
        pk=pk,
        source=Indicator.Source.REPORTED,
    )
    if not values.can_enter_values(user, indicator):
        raise Http404
    return indicator


def _persian() -> bool:
    return (get_language() or "fa").startswith("fa")


def _month_choices() -> list[tuple[int, str]]:
    return [
        (month, values.month_label(month, persian=_persian())) for month in values.recent_months(MONTHS_SHOWN)
    ]


def _chosen_month(raw) -> int:
    month = values.parse_month(raw) if raw else None
    choices = dict(_month_choices())
    if month not in choices:
        # Values are reported after the month ends: the default is last month.
        month = values.recent_months(2)[1]
    return month


@login_required
def values_index(request):
    indicators = list(values.indicators_for(request.user))
    last = {}
    if indicators:
        for indicator_id, month in (
            IndicatorValue.objects.filter(indicator__in=indicators)
            .order_by()
            .values_list("indicator_id")
            .annotate(month=Max("month"))
        ):
            last[indicator_id] = values.month_label(month, persian=_persian())
    rows = [(indicator, last.get(indicator.pk, "")) for indicator in indicators]
    return render(
        request,
        "atlas/values/index.html",
        {"rows": rows, "may_upload_denominators": denominators.may_upload(request.user)},
    )


@login_required
def values_entry(request, pk):
    indicator = indicator_for_entry(request.user, pk)
    month = _chosen_month(request.POST.get("month") or request.GET.get("month"))
    neighbourhoods = values.area_neighbourhoods(values.area_of(indicator))
    preview = None
    typed: dict[int, str] = {}
    if request.method == "POST":
        typed = {region.pk: request.POST.get(f"v-{region.pk}", "").strip() for region in neighbourhoods}
        preview = values.check_entries(indicator, by=request.user, month=month, values=typed)
        if not preview.rows:
            messages.error(request, _("No value was entered."))
        elif preview.ok and (not preview.warnings or request.POST.get("confirm")):
            values.save_values(preview, by=request.user, months=[month])
            messages.success(
                request,
                _("The values of %(month)s were saved.")
                % {"month": values.month_label(month, persian=_persian())},
            )
            return redirect(f"{reverse('atlas:values_entry', args=[indicator.pk])}?month={month}")
    else:
        typed = {
            region_id: _plain(value)
            for region_id, value in IndicatorValue.objects.filter(
                indicator=indicator, month=month, region__in=neighbourhoods
            ).values_list("region_id", "value")
        }
    problems = _row_problems(preview)
    table = [
        {
            "region": region,
            "value": typed.get(region.pk, ""),
            "errors": problems.get(region.pk, ([], []))[0],
            "warnings": problems.get(region.pk, ([], []))[1],
        }
        for region in neighbourhoods
    ]
    return render(
        request,
        "atlas/values/entry.html",
        {
            "indicator": indicator,
            "month": month,
            "month_label": values.month_label(month, persian=_persian()),
            "months": _month_choices(),
            "table": table,
            "preview": preview,
            "ask_confirm": bool(preview and preview.rows and preview.ok and preview.warnings),
            "area": values.area_of(indicator),
        },
    )


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _row_problems(preview) -> dict[int, tuple[list[str], list[str]]]:
    if preview is None:
        return {}
    return {row.region_id: (row.errors, row.warnings) for row in preview.rows if row.region_id}


@login_required
def values_upload(request, pk):
    indicator = indicator_for_entry(request.user, pk)
    context = {"indicator": indicator, "months": _month_choices(), "month": _chosen_month(None)}
    if request.method == "POST":
        upload = request.FILES.get("file")
        month = values.parse_month(request.POST.get("month")) if request.POST.get("month") else None
        if upload is None:
            context["error"] = _("Choose a file.")
        elif upload.size > values.MAX_UPLOAD_BYTES:
            context["error"] = _("The file is larger than 2 MB.")
        else:
            data = upload.read()
            preview = values.upload_values(
                indicator, by=request.user, data=data, filename=upload.name, month=month
            )
            request.session[SESSION_KEY] = {
                "indicator": indicator.pk,
                "filename": upload.name,
                "data": base64.b64encode(data).decode(),
                "month": month,
            }
            return _render_preview(request, indicator, preview)
    return render(request, "atlas/values/upload.html", context)


def _render_preview(request, indicator, preview):
    return render(
        request,
        "atlas/values/preview.html",
        {"indicator": indicator, "preview": preview, "persian": _persian()},
    )


@login_required
@require_POST
def values_upload_confirm(request, pk):
    indicator = indicator_for_entry(request.user, pk)
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("indicator") != indicator.pk:
        messages.error(request, _("The upload has expired; send the file again."))
        return redirect("atlas:values_upload", pk=indicator.pk)
    preview = values.upload_values(
        indicator,
        by=request.user,
        data=base64.b64decode(pending["data"]),
        filename=pending["filename"],
        month=pending.get("month"),
    )
    try:
        values.save_values(preview, by=request.user)
    except ValidationError:
        return _render_preview(request, indicator, preview)
    del request.session[SESSION_KEY]
    months = preview.months
    messages.success(
        request,
        _("%(count)s values of %(months)s were saved from %(file)s.")
        % {
            "count": to_persian_digits(len(preview.rows)) if _persian() else len(preview.rows),
            "months": "، ".join(values.month_label(month, persian=_persian()) for month in months),
            "file": pending["filename"],
        },
    )
    return redirect(f"{reverse('atlas:values_entry', args=[indicator.pk])}?month={months[-1]}")


@login_required
def values_template(request, pk):
    """An Excel file to fill in: the area's neighbourhoods with their code, the month and a value column."""
    from openpyxl import Workbook

    indicator = indicator_for_entry(request.user, pk)
    month = _chosen_month(request.GET.get("month"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "مقادیر"
    sheet.sheet_view.rightToLeft = True
    sheet.append(["کد محله", "محله", "ماه", "مقدار"])
    label = f"{month // 100}/{month % 100:02d}"
    for region in values.area_neighbourhoods(values.area_of(indicator)):
        sheet.append([region.code, region.name, label, None])
    for column, width in zip("ABCD", (14, 30, 10, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}-{month}.xlsx"'
    return response
