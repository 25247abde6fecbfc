"""Lists people work from, as Word and Excel users expect them (issue 10): sorted by a click on a
column's header, filtered by a GET form, and exported to Excel with exactly the rows on screen.

One small mechanism for every list page:

- `Sort`: a whitelist of sortable columns read from `?sort=col` or `?sort=-col`; anything else falls
  back to the list's own order. Its headers link to the other direction and keep the other parameters.
- `filter_form`: a GET form with only the fields a list has (body, organisation, state, due from/to as
  Jalali dates, topic); a bad value is reported in Persian beside its field and that field ignored.
- `workbook` / `xlsx_response`: the rows as a right-to-left sheet: header row bold, frozen and repeated
  on every printed page, landscape and fitted to the width; a date as Jalali text beside a real Excel
  date, numbers as numbers, every text cell neutralised against formulas (`spreadsheets.save_workbook`).
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hamafza.lib.downloads import attachment
from hamafza.lib.forms import JalaliDateField
from hamafza.lib.jalali import format_jalali
from hamafza.lib.spreadsheets import save_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def query_with(params: QueryDict | Mapping[str, Any], **changes: Any) -> str:
    """The query string of `params` with `changes` applied (None removes a key), starting with «?»."""
    items: dict[str, list[str]] = {}
    for key in params:
        values: list[Any] = params.getlist(key) if isinstance(params, QueryDict) else [params[key]]
        items[key] = [str(value) for value in values]
    for key, value in changes.items():
        if value is None or value == "":
            items.pop(key, None)
        else:
            items[key] = [str(value)]
    pairs = [(key, value) for key, values in items.items() for value in values if value != ""]
    return "?" + urlencode(pairs)


# ---------------------------------------------------------------------------------------------- sorting


@dataclass(frozen=True)
class Column:
    """A column of a list: its key in `?sort=`, its header, and the ORM order for ascending (none: the
    column cannot be sorted)."""

    key: str
    label: Any
    order: tuple[Any, ...] = ()


@dataclass
class Header:
    label: Any
    url: str = ""
    active: bool = False
    descending: bool = False

    @property
    def aria_sort(self) -> str:
        if not self.active:
            return ""
        return "descending" if self.descending else "ascending"


class Sort:
    """The order a list was asked for. An unknown column falls back to `default` (a key, «-key», or
    None: the queryset's own order)."""

    def __init__(self, params: QueryDict, columns: Sequence[Column], default: str | None = None):
        self.params = params
        self.columns = list(columns)
        self._sortable = {column.key: column for column in self.columns if column.order}
        asked = str(params.get("sort", "")).strip()
        key = asked.lstrip("-")
        if key not in self._sortable:
            asked = default or ""
            key = asked.lstrip("-")
        self.key = key if key in self._sortable else ""
        self.descending = bool(self.key) and asked.startswith("-")

    @property
    def value(self) -> str:
        return ("-" if self.descending else "") + self.key if self.key else ""

    def apply(self, queryset: QuerySet, *tiebreak: str) -> QuerySet:
        """The queryset in the asked order (empty values last either way), ties broken by `tiebreak`
        (the primary key by default) so that pages never overlap."""
        if not self.key:
            return queryset
        expressions = []
        for item in self._sortable[self.key].order:
            expression = F(item) if isinstance(item, str) else item
            if self.descending:
                expressions.append(expression.desc(nulls_last=True))
            else:
                expressions.append(expression.asc(nulls_last=True))
        tiebreak = tiebreak or ("-pk" if self.descending else "pk",)
        return queryset.order_by(*expressions, *tiebreak)

    def headers(self) -> list[Header]:
        """The column headers: a sortable one links to its ascending order, or to the descending one
        when it is the ascending order already; the other parameters are kept, the page is not."""
        headers = []
        for column in self.columns:
            if not column.order:
                headers.append(Header(column.label))
                continue
            active = column.key == self.key
            target = f"-{column.key}" if active and not self.descending else column.key
            url = query_with(self.params, sort=target, page=None, format=None)
            headers.append(Header(column.label, url, active, active and self.descending))
        return headers


# ---------------------------------------------------------------------------------------------- filters


class ListFilterForm(forms.Form):
    """The fields are added by `filter_form`; `clean` checks the range reads forward."""

    def clean(self):
        data = super().clean()
        start, end = data.get("due_from"), data.get("due_to")
        if start and end and start > end:
            self.add_error("due_to", _("The end of the range is before its start."))
        return data

    def value(self, name: str) -> Any:
        """A cleaned value, or None when the field is missing or was refused."""
        if not hasattr(self, "cleaned_data"):
            return None
        return self.cleaned_data.get(name) or None

    @property
    def active(self) -> bool:
        return any(self.value(name) for name in self.fields)


def filter_form(
    params: QueryDict,
    *,
    bodies: QuerySet | None = None,
    organizations: QuerySet | None = None,
    states: Sequence[tuple[str, Any]] | None = None,
    due: bool = True,
    due_labels: tuple[Any, Any] | None = None,
    topics: QuerySet | None = None,
) -> ListFilterForm:
    """A bound GET form with the fields given. Read it with `form.value(name)`; call `is_valid()`
    first (the views do, through `apply_filters`)."""
    fields: dict[str, forms.Field] = {}
    if bodies is not None:
        fields["body"] = forms.ModelChoiceField(
            bodies, required=False, label=gettext_lazy("Body"), empty_label=gettext_lazy("All bodies")
        )
    if organizations is not None:
        fields["organization"] = forms.ModelChoiceField(
            organizations,
            required=False,
            label=gettext_lazy("Organisation"),
            empty_label=gettext_lazy("All organisations"),
        )
    if states is not None:
        fields["state"] = forms.ChoiceField(
            choices=[("", gettext_lazy("Any state")), *states], required=False, label=gettext_lazy("State")
        )
    if due:
        start, end = due_labels or (gettext_lazy("Due from"), gettext_lazy("Due to"))
        fields["due_from"] = JalaliDateField(required=False, label=start)
        fields["due_to"] = JalaliDateField(required=False, label=end)
    if topics is not None:
        fields["topic"] = forms.ModelChoiceField(
            topics, required=False, label=gettext_lazy("Topic"), empty_label=gettext_lazy("All topics")
        )
    form_class = type("Filters", (ListFilterForm,), dict(fields))
    form = form_class(params)
    form.is_valid()
    return form


def apply_filters(
    queryset: QuerySet,
    form: ListFilterForm,
    *,
    paths: Mapping[str, Any],
    states: Mapping[str, Q] | None = None,
) -> QuerySet:
    """The queryset narrowed by the form's valid values. `paths` names the field each filter reads
    (`{"organization": "assignments__organization", "due": "due_on", "topic": "topics"}`; «due» may
    name several date fields, the first one set being read); a filter through a to-many relation is
    asked in a subquery, so that no row comes twice."""
    conditions = Q()
    for name in ("body", "organization", "topic"):
        value = form.value(name)
        if value is not None and name in paths:
            conditions &= Q(**{paths[name]: value})
    if "due" in paths:
        conditions &= _due_range(paths["due"], form.value("due_from"), form.value("due_to"))
    state = form.value("state")
    if state and states and state in states:
        conditions &= states[state]
    if not conditions:
        return queryset
    return queryset.filter(pk__in=queryset.model.objects.filter(conditions).values("pk"))


def _due_range(fields: str | Sequence[str], start: dt.date | None, end: dt.date | None) -> Q:
    """The first of `fields` that is set lies between start and end (either may be open)."""
    if not start and not end:
        return Q()
    names = [fields] if isinstance(fields, str) else list(fields)
    result = Q()
    unset = Q()
    for name in names:
        inside = Q(**{f"{name}__isnull": False})
        if start:
            inside &= Q(**{f"{name}__gte": start})
        if end:
            inside &= Q(**{f"{name}__lte": end})
        result |= unset & inside if unset else inside
        unset &= Q(**{f"{name}__isnull": True})
    return result


# ---------------------------------------------------------------------------------------------- the page


@dataclass
class Listing:
    """What a list's template reads: headers, the filter form, the page, and the export's address."""

    params: QueryDict
    sort: Sort
    form: ListFilterForm | None = None
    page: Page | None = None
    headers: list[Header] = field(default_factory=list)

    def __post_init__(self):
        self.headers = self.sort.headers()

    @property
    def wants_xlsx(self) -> bool:
        return self.params.get("format") == "xlsx"

    @property
    def export_url(self) -> str:
        return query_with(self.params, format="xlsx", page=None)

    @property
    def sort_value(self) -> str:
        return self.sort.value

    def paginate(self, rows, per_page: int = PAGE_SIZE) -> Page:
        self.page = Paginator(rows, per_page).get_page(self.params.get("page"))
        return self.page

    def page_url(self, number: int) -> str:
        return query_with(self.params, page=number, format=None)

    @property
    def previous_url(self) -> str:
        return (
            self.page_url(self.page.previous_page_number()) if self.page and self.page.has_previous() else ""
        )

    @property
    def next_url(self) -> str:
        return self.page_url(self.page.next_page_number()) if self.page and self.page.has_next() else ""


# ---------------------------------------------------------------------------------------------- Excel

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5D7C")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0%"


@dataclass(frozen=True)
class ExportColumn:
    """A column of the export. `kind`: «text», «number» (an int or float, or a text of digits such as a
    resolution's number, written as a number when it is one), «percent» (0–100, written as a fraction
    with a percent format), or «date» (two columns: the Jalali text, then a real Excel date)."""

    header: Any
    value: Callable[[Any], Any]
    kind: str = "text"
    width: float = 16
    number_format: str = ""  # a number's format in Excel, «#,##0» for an amount of rials


def _jalali_text(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_jalali(value, persian_digits=bool(get_language_bidi()))


def _real_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


_DIGITS = re.compile(r"^\d{1,15}$")


def _number(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return value
    text = str(value).strip()
    return int(text) if _DIGITS.match(text) else text


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip() or "Sheet"
    return cleaned[:31]


def workbook(title: Any, columns: Sequence[ExportColumn], rows: Iterable[Any]) -> Workbook:
    """One sheet of the rows: right to left on a Persian page, header bold and frozen and printed on
    every page, landscape, fitted to the page's width, an auto-filter on the header."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(str(title))
    sheet.sheet_view.rightToLeft = bool(get_language_bidi())
    headers: list[tuple[str, float]] = []
    for column in columns:
        if column.kind == "date":
            headers.append((str(column.header), max(column.width, 13)))
            headers.append((_("%(column)s (Excel date)") % {"column": column.header}, 13))
        else:
            headers.append((str(column.header), column.width))
    for index, (header, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[1].height = 30
    line = 1
    for row in rows:
        line += 1
        index = 0
        for column in columns:
            index += 1
            value = column.value(row)
            cell = sheet.cell(row=line, column=index)
            if column.kind == "date":
                cell.value = _jalali_text(value)
                index += 1
                real = sheet.cell(row=line, column=index, value=_real_date(value))
                real.number_format = DATE_FORMAT
            elif column.kind == "number":
                cell.value = _number(value)
                if column.number_format:
                    cell.number_format = column.number_format
            elif column.kind == "percent":
                cell.value = None if value is None else value / 100
                cell.number_format = PERCENT_FORMAT
            else:
                cell.value = "" if value is None else str(value)
                if column.width >= 40:
                    cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(line, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "&P / &N"
    book.properties.title = str(title)
    return book


def xlsx_response(
    title: Any,
    columns: Sequence[ExportColumn],
    rows: Iterable[Any],
    *,
    today: dt.date,
    slug: str,
    subject: str = "",
    key: Any = None,
) -> HttpResponse:
    """The rows as an .xlsx download named «<title> [<subject>] <Jalali date>.xlsx» (its digits Persian on
    a Persian page), and for old clients «<slug>[-<key>]-<ISO date>.xlsx»."""
    filename = " ".join(part for part in (str(title), subject, today_stamp(today)) if part) + ".xlsx"
    fallback = "-".join(str(part) for part in (slug, key, today.isoformat()) if part is not None) + ".xlsx"
    buffer = BytesIO()
    save_workbook(workbook(title, columns, rows), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = attachment(filename, fallback)
    return response


def today_stamp(today: dt.date) -> str:
    """A Jalali date for a file's name (1405-09-15; `attachment` gives it Persian digits on a Persian
    page)."""
    return format_jalali(today, persian_digits=False).replace("/", "-")
