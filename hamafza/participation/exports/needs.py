"""The list of needs as an Excel file: the rows, filters and order of its page (`hamafza/lib/listing.py`)."""

from django.utils.translation import gettext as _

from hamafza.lib.listing import ExportColumn


def need_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("Priority"), lambda n: round(n.rank) if n.rank is not None else None, "number", 9),
        ExportColumn(_("Need"), lambda n: n.title, "text", 40),
        ExportColumn(_("Body"), lambda n: n.body.name, "text", 24),
        ExportColumn(
            _("For"), lambda n: n.organization.name if n.organization else _("Neighbourhood"), "text", 28
        ),
        ExportColumn(_("Region"), lambda n: n.region.name if n.region else "", "text", 18),
        ExportColumn(_("Kind"), lambda n: n.get_category_display(), "text", 16),
        ExportColumn(_("Quantity"), lambda n: float(n.quantity), "number", 9),
        ExportColumn(_("Estimated cost (rials)"), lambda n: n.estimated_cost, "number", 16, "#,##0"),
        ExportColumn(_("Met (rials)"), lambda n: n.value_met, "number", 16, "#,##0"),
        ExportColumn(_("Needed by"), lambda n: n.deadline, "date"),
        ExportColumn(_("Urgency"), lambda n: n.get_urgency_display(), "text", 10),
        ExportColumn(_("State"), lambda n: n.get_state_display(), "text", 14),
    ]
