"""The list of pledges as an Excel file: the rows, filters and order of its page
(`hamafza/lib/listing.py`); an anonymous donor is named only to whom the page names it."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from hamafza.lib.listing import ExportColumn
from hamafza.participation.models import Pledge


def _for(pledge: Pledge) -> str:
    if pledge.need_id:
        return pledge.need.title
    text = pledge.get_category_display() or _("Any category")
    return f"{text} · {pledge.region.name}" if pledge.region_id else text


def pledge_columns(donor: Callable[[Pledge], str]) -> list[ExportColumn]:
    return [
        ExportColumn(_("No."), lambda p: p.pk, "number", 8),
        ExportColumn(_("Pledged on"), lambda p: p.created_at, "date"),
        ExportColumn(_("Donor"), donor, "text", 24),
        ExportColumn(_("Body"), lambda p: p.body.name, "text", 24),
        ExportColumn(_("Kind"), lambda p: p.get_kind_display(), "text", 10),
        ExportColumn(_("For"), _for, "text", 36),
        ExportColumn(
            _("Organisation"),
            lambda p: p.need.organization.name if p.need_id and p.need.organization_id else "",
            "text",
            24,
        ),
        ExportColumn(_("Value (rials)"), lambda p: p.value, "number", 16, "#,##0"),
        ExportColumn(_("Delivered (rials)"), lambda p: p.delivered_value, "number", 16, "#,##0"),
        ExportColumn(_("Delivered on"), lambda p: p.delivered_at, "date"),
        ExportColumn(_("State"), lambda p: p.get_state_display(), "text", 14),
    ]
