"""The coverage page and its exports over the shared cast: a city of two neighbourhoods, one a target.

- neighbourhood (target, 12,000 residents), other_neighbourhood (8,000)
- police: 30 hours of counselling on the city → 18 and 12 by population
- welfare: 6 hours of counselling on the target neighbourhood
So the target has 24 hours, 2 per 1,000 residents: it meets the norm of 2. Every other service is a gap.
The targets hold 60% of the residents; police puts 60% of its hours there (ratio 1), welfare 100% (1.67).
"""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from hamafza.participation.models import ServiceKind
from hamafza.participation.services.capacity import save_capacity
from hamafza.participation.services.coverage import GAP, MEETS
from hamafza.participation.services.taxonomy import DEFAULT_SERVICES, load_services
from hamafza.places.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(police, welfare, officer, other_officer, city, neighbourhood, other_neighbourhood):
    load_services()
    counselling = ServiceKind.objects.get(code="counselling")
    save_capacity(police, by=officer, service=counselling, region=city, amount=30)
    save_capacity(welfare, by=other_officer, service=counselling, region=neighbourhood, amount=6)
    return counselling


def fa(msgid):
    with translation.override("fa"):
        return translation.gettext(msgid)


def test_matrix_of_the_default_area(world, client_for, viewer, city, neighbourhood, police, welfare):
    response = client_for(viewer).get(reverse("participation:coverage"))
    assert response.status_code == 200
    context = response.context
    assert context["area"] == {"id": city.pk, "name": city.name}  # the area that holds the targets
    result = context["result"]
    assert [row.neighbourhood.id for row in result.rows] == [neighbourhood.pk]
    cells = {cell.service.id: cell for cell in result.rows[0].cells}
    counselling = cells[world.pk]
    assert (counselling.total, counselling.per_1000, counselling.status) == (24, 2, MEETS)
    assert counselling.agencies == [(police.name, 18), (welfare.name, 6)]
    assert sum(cell.status == GAP for cell in cells.values()) == len(DEFAULT_SERVICES) - 1
    assert len(context["gaps"]) == len(DEFAULT_SERVICES) - 1

    ratios = {a["name"]: (a["share"], a["ratio"], a["reached"], a["trend"]) for a in context["agencies"]}
    assert ratios == {police.name: ("۶۰٪", "۱", 1, ""), welfare.name: ("۱۰۰٪", "۱٫۶۷", 1, "favours")}
    assert context["population_share"] == "۶۰٪"

    html = response.content.decode()
    assert 'data-status="meets"' in html
    assert html.count('data-status="gap"') >= len(DEFAULT_SERVICES) - 1
    assert 'id="coverage-rule"' in html and 'id="ratio-explained"' in html


def test_all_neighbourhoods_and_another_area(world, client_for, viewer, city, other_neighbourhood):
    client = client_for(viewer)
    response = client.get(reverse("participation:coverage"), {"area": city.pk, "rows": "all"})
    rows = response.context["result"].rows
    assert [row.neighbourhood.name for row in rows] == ["محله دیگر", "محله نمونه"]  # by name
    other = next(r for r in rows if r.neighbourhood.id == other_neighbourhood.pk)
    cell = next(c for c in other.cells if c.service.id == world.pk)
    assert (cell.total, cell.per_1000, cell.status) == (12, 1.5, "below")

    empty = Region.objects.create(name="منطقه خالی", kind="district", code="D-0", parent=city)
    response = client.get(reverse("participation:coverage"), {"area": empty.pk})
    assert response.context["area"]["id"] == empty.pk
    assert response.context["result"].rows == []
    # an unknown area falls back to the default
    assert client.get(reverse("participation:coverage"), {"area": "x"}).context["area"]["id"] == city.pk


def test_excel_export(world, client_for, viewer, neighbourhood, police, welfare):
    response = client_for(viewer).get(reverse("participation:coverage_export"), {"format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [fa("Coverage"), fa("Service ratio"), fa("Gaps")]
    matrix = workbook[fa("Coverage")]
    assert matrix.sheet_view.rightToLeft is True
    header = [c.value for c in matrix[1]]
    assert header[:3] == [fa("Neighbourhood"), fa("Target neighbourhood"), fa("Population")]
    assert len(header) == 3 + 2 * len(DEFAULT_SERVICES)
    row = [c.value for c in matrix[2]]
    assert row[:5] == [neighbourhood.name, fa("Yes"), 12000, 24, 2]
    assert row[5:7] == [0, 0]  # the fixed library: nothing
    assert matrix.cell(row=2, column=4).fill.fgColor.rgb.endswith("D4EDDA")
    assert matrix.cell(row=2, column=6).fill.fgColor.rgb.endswith("F8D7D3")

    ratio = {r[0]: r[1:] for r in workbook[fa("Service ratio")].iter_rows(min_row=2, values_only=True)}
    assert ratio == {police.name: (0.6, 0.6, 1.0, 1, 1), welfare.name: (1.0, 0.6, 1.67, 1, 1)}
    gaps = list(workbook[fa("Gaps")].iter_rows(min_row=2, values_only=True))
    assert len(gaps) == len(DEFAULT_SERVICES) - 1
    library = next(g for g in gaps if g[2] == "کتابخانه ثابت")
    assert library == (neighbourhood.name, fa("Yes"), "کتابخانه ثابت", fa("Gap: no capacity"), 0, 3, 36)


def test_csv_export(world, client_for, viewer, neighbourhood, police, welfare):
    response = client_for(viewer).get(
        reverse("participation:coverage_export"), {"format": "csv", "rows": "all"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][0] == fa("Neighbourhood")
    assert len(lines) == 1 + 2 * len(DEFAULT_SERVICES)
    counselling = [line for line in lines[1:] if line[3] == "مشاوره"]
    assert counselling == [
        ["محله دیگر", fa("No"), "8000", "مشاوره", fa("hours a week"), "12", "1.5", "2", fa("Below the norm"),
         police.name],
        [neighbourhood.name, fa("Yes"), "12000", "مشاوره", fa("hours a week"), "24", "2", "2", fa("Meets the norm"),
         f"{police.name}؛ {welfare.name}"],
    ]  # fmt: skip


def _grow(city, police, officer, counselling, size):
    """`size` more target neighbourhoods in a new district, each with its own capacity."""
    district = Region.objects.create(name=f"ناحیه {size}", kind="district", code=f"D-{size}", parent=city)
    for index in range(size):
        hood = Region.objects.create(
            name=f"محله {size}-{index}",
            kind="neighbourhood",
            code=f"N-{size}-{index}",
            parent=district,
            population=1000 + index,
            is_target=True,
        )
        save_capacity(police, by=officer, service=counselling, region=hood, amount=index + 1)
    return district


@pytest.mark.parametrize("rows", ["targets", "all"])
def test_query_count_does_not_grow_with_neighbourhoods(
    world, client_for, viewer, city, police, officer, rows, django_assert_num_queries
):
    client = client_for(viewer)
    client.get(reverse("participation:coverage"))
    for size in (2, 25):
        district = _grow(city, police, officer, world, size)
        for query in ({"rows": rows}, {"rows": rows, "area": district.pk}):
            # * session, user
            # * the region tree, the areas to choose from, the target neighbourhoods (default area only),
            #   the area's neighbourhoods, the active services, the capacities that reach the area
            # * the top bar: unread notifications, the user's organisation
            expected = 10 if "area" not in query else 9
            with django_assert_num_queries(expected, info=f"{size} neighbourhoods, {query}"):
                response = client.get(reverse("participation:coverage"), query)
            assert response.status_code == 200
        assert len(response.context["result"].rows) == size
