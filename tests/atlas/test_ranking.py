"""The priority ranking of neighbourhoods: numbers, AHP refusal, saving, marking targets, access, exports.

The area is a district of four neighbourhoods with summary rows inserted by hand over three Jalali
months (Farvardin–Khordad 1403):

              theft (count)   addiction (count → per 10,000)   services (reported, lower is worse)
    A (10,000)      15                 5 → 5                          4
    B (20,000)      30                10 → 5                          2
    C  (5,000)       0                10 → 20                         1
    D (10,000)       9                 0 → 0                          —
"""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from hamafza.atlas.models import Assessment, HarmCategory, IncidentSummary, Indicator, IndicatorValue
from hamafza.atlas.services import ranking
from hamafza.audit.models import AuditEntry
from hamafza.places.models import Region

START, END = 140301, 140303


@pytest.fixture
def district(city):
    return Region.objects.create(name="منطقه نمونه", kind="district", code="D-1", parent=city)


@pytest.fixture
def hoods(district, city):
    made = {}
    for code, population, target in [
        ("A", 10000, False),
        ("B", 20000, False),
        ("C", 5000, True),
        ("D", 10000, False),
    ]:
        made[code] = Region.objects.create(
            name=f"محله {code}",
            kind="neighbourhood",
            code=f"N-{code}",
            parent=district,
            population=population,
            is_target=target,
        )
    # A neighbourhood of the same city outside the district: never part of the ranking.
    made["X"] = Region.objects.create(
        name="محله بیرون", kind="neighbourhood", code="N-X", parent=city, population=1000
    )
    return made


@pytest.fixture
def indicators(db):
    theft = HarmCategory.objects.create(code="theft", name="سرقت", name_en="Theft", order=1)
    addiction = HarmCategory.objects.create(code="addiction", name="اعتیاد", name_en="Addiction", order=2)
    services = HarmCategory.objects.create(code="services", name="خدمات", name_en="Services", order=3)
    return {
        "theft": Indicator.objects.create(
            code="theft_count", name="تعداد سرقت", category=theft, source="incidents", kind="count"
        ),
        "addiction": Indicator.objects.create(
            code="addiction_rate",
            name="نرخ اعتیاد",
            category=addiction,
            source="incidents",
            kind="rate",
            denominator="population",
            per=10000,
        ),
        "services": Indicator.objects.create(
            code="services",
            name="مراکز خدمت",
            category=services,
            source="reported",
            kind="count",
            higher_is_worse=False,
        ),
    }


@pytest.fixture
def data(hoods, indicators):
    theft = indicators["theft"].category
    addiction = indicators["addiction"].category
    rows = [
        ("A", 140301, theft, 10),
        ("A", 140303, theft, 5),
        ("B", 140302, theft, 30),
        ("D", 140301, theft, 9),
        ("A", 140302, addiction, 5),
        ("B", 140301, addiction, 4),
        ("B", 140303, addiction, 6),
        ("C", 140302, addiction, 10),
        # Outside the period, and outside the area: both ignored.
        ("A", 140304, theft, 100),
        ("D", 140212, addiction, 50),
        ("X", 140302, theft, 500),
    ]
    IncidentSummary.objects.bulk_create(
        IncidentSummary(region=hoods[code], month=month, category=category, count=count)
        for code, month, category, count in rows
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicators["services"], region=hoods[code], month=month, value=value)
        for code, month, value in [("A", 140301, 3), ("A", 140302, 1), ("B", 140301, 2), ("C", 140303, 1)]
    )
    return hoods


def by_code(result):
    return {row.code: row for row in result.rows}


def test_weighted_sum_ranks_and_contributions(district, data, indicators):
    result = ranking.compute_ranking(
        district, START, END, [(indicators["theft"], 2), (indicators["addiction"], 1)], "weighted_sum"
    )
    assert [c.weight for c in result.criteria] == pytest.approx([2 / 3, 1 / 3])
    assert [(row.code, row.rank) for row in result.rows] == [("N-B", 1), ("N-A", 2), ("N-C", 3), ("N-D", 4)]
    rows = by_code(result)
    assert rows["N-A"].values == pytest.approx([15, 5])
    assert rows["N-C"].values == pytest.approx([0, 20])
    # min–max: theft 0…30, addiction rate 0…20
    assert rows["N-A"].contributions == pytest.approx([2 / 3 * 0.5, 1 / 3 * 0.25])
    assert rows["N-B"].contributions == pytest.approx([2 / 3, 1 / 3 * 0.25])
    assert rows["N-C"].contributions == pytest.approx([0, 1 / 3])
    assert rows["N-D"].contributions == pytest.approx([2 / 3 * 0.3, 0])
    assert [row.score for row in result.rows] == pytest.approx([0.75, 5 / 12, 1 / 3, 0.2])
    assert result.unranked == []


def test_topsis_against_a_hand_computed_case(district, data, indicators):
    result = ranking.compute_ranking(
        district, START, END, [(indicators["theft"], 2), (indicators["addiction"], 1)], "topsis"
    )
    assert [(row.code, row.rank) for row in result.rows] == [("N-B", 1), ("N-A", 2), ("N-C", 3), ("N-D", 4)]
    rows = by_code(result)
    expected = {
        "N-A": (0.445095, [0.0, -0.054905]),
        "N-B": (0.711485, [0.248481, -0.036996]),
        "N-C": (0.353040, [-0.209279, 0.062319]),
        "N-D": (0.252617, [-0.141812, -0.105571]),
    }
    for code, (score, contributions) in expected.items():
        assert rows[code].score == pytest.approx(score, abs=1e-6)
        assert rows[code].contributions == pytest.approx(contributions, abs=1e-6)
        assert rows[code].score == pytest.approx(0.5 + sum(rows[code].contributions))


def test_missing_reported_values_leave_a_neighbourhood_out(district, data, indicators):
    result = ranking.compute_ranking(
        district, START, END, [(indicators["theft"], 1), (indicators["services"], 1)], "weighted_sum"
    )
    assert [row.code for row in result.rows] == ["N-B", "N-C", "N-A"]
    # services: lower is worse, so C (1 centre) gets its full weight and A (4) none; B: 0.5 + 0.5 × 2/3
    assert by_code(result)["N-C"].contributions == pytest.approx([0, 0.5])
    assert by_code(result)["N-A"].contributions == pytest.approx([0.25, 0])
    assert [(u.name, [i.code for i in u.missing]) for u in result.unranked] == [("محله D", ["services"])]


def test_ranking_refuses_bad_input(district, city, data, indicators, neighbourhood):
    theft = indicators["theft"]
    with pytest.raises(ranking.RankingError):
        ranking.compute_ranking(neighbourhood, START, END, [(theft, 1)], "topsis")
    with pytest.raises(ranking.RankingError):
        ranking.compute_ranking(district, END, START, [(theft, 1)], "topsis")
    with pytest.raises(ranking.RankingError):
        ranking.compute_ranking(district, START, END, [(theft, 0)], "topsis")
    with pytest.raises(ranking.RankingError):
        ranking.compute_ranking(district, START, END, [], "topsis")


def test_ahp_weights_of_a_consistent_set(indicators):
    chosen = [indicators["theft"], indicators["addiction"], indicators["services"]]
    # theft = 2 × addiction = 4 × services: perfectly consistent
    weights, cr = ranking.ahp_from_pairs(chosen, {(0, 1): 2, (0, 2): 4, (1, 2): 2})
    assert weights == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert cr == pytest.approx(0, abs=1e-9)


def test_ahp_refuses_a_consistency_ratio_above_a_tenth(indicators):
    chosen = [indicators["theft"], indicators["addiction"], indicators["services"]]
    pairs = {(0, 1): 9, (1, 2): 9, (0, 2): 1 / 9}
    with translation.override("fa"), pytest.raises(ranking.RankingError) as refused:
        ranking.ahp_from_pairs(chosen, pairs)
    message = refused.value.messages[0]
    assert message.startswith("نسبت سازگاری این مقایسه‌ها ")
    assert "از ۰٫۱ بیشتر است" in message
    assert refused.value.code == "inconsistent"


def ranking_query(district, chosen, **extra):
    query = {
        "area": district.pk,
        "period_start": "۱۴۰۳/۰۱",
        "period_end": "140303",
        "indicators": [chosen["theft"].pk, chosen["addiction"].pk],
        f"w_{chosen['theft'].pk}": "۲",
        f"w_{chosen['addiction'].pk}": "1٫0",
        "weighting": "direct",
        "method": "weighted_sum",
    }
    query.update(extra)
    return query


def test_anyone_logged_in_sees_a_ranking(client_for, outsider, district, data, indicators, client):
    url = reverse("atlas:ranking")
    response = client_for(outsider).get(url, ranking_query(district, indicators))
    assert response.status_code == 200
    result = response.context["result"]
    assert [(row.code, row.rank) for row in result.rows] == [("N-B", 1), ("N-A", 2), ("N-C", 3), ("N-D", 4)]
    html = response.content.decode()
    assert reverse("atlas:profile", args=[data["B"].pk]) in html
    assert "۰٫۷۵" in html  # B's score in Persian digits
    assert 'id="save-form"' not in html  # an outsider may look, not save
    assert client.get(url, ranking_query(district, indicators)).status_code == 302
    empty = client_for(outsider).get(url)
    assert empty.status_code == 200 and empty.context["result"] is None
    assert 'id="consistency"' not in empty.content.decode()


def test_the_page_shows_the_ahp_refusal_and_ratio(client_for, officer, district, data, indicators):
    t, a = indicators["theft"].pk, indicators["addiction"].pk
    s = indicators["services"].pk
    query = ranking_query(
        district,
        indicators,
        weighting="ahp",
        indicators=[t, a, s],
        **{f"ahp_{t}_{a}": "9", f"ahp_{a}_{s}": "9", f"ahp_{t}_{s}": "1/9"},
    )
    response = client_for(officer).get(reverse("atlas:ranking"), query)
    assert response.status_code == 400
    assert response.context["result"] is None
    html = response.content.decode()
    assert "از ۰٫۱ بیشتر است" in html
    assert response.context["form"].consistency_ratio > 0.1

    query.update({f"ahp_{t}_{a}": "3", f"ahp_{a}_{s}": "1", f"ahp_{t}_{s}": "3"})
    response = client_for(officer).get(reverse("atlas:ranking"), query)
    assert response.status_code == 200
    assert response.context["form"].consistency_ratio == pytest.approx(0, abs=1e-9)
    assert [c.weight for c in response.context["result"].criteria] == pytest.approx([0.6, 0.2, 0.2])


def test_the_pairs_triangle_follows_the_ticked_indicators(client_for, officer, indicators):
    t, a, s = (indicators[k].pk for k in ("theft", "addiction", "services"))
    client = client_for(officer)
    direct = client.get(reverse("atlas:ranking_pairs"), {"indicators": [t, a, s], "weighting": "direct"})
    assert "<select" not in direct.content.decode()
    response = client.get(reverse("atlas:ranking_pairs"), {"indicators": [t, a, s], "weighting": "ahp"})
    html = response.content.decode()
    assert [f"ahp_{t}_{a}", f"ahp_{t}_{s}", f"ahp_{a}_{s}"] == [
        name
        for name in (f"ahp_{t}_{a}", f"ahp_{t}_{s}", f"ahp_{a}_{s}", f"ahp_{a}_{t}")
        if f'name="{name}"' in html
    ]
    assert "اهمیت برابر" in html and "کاملاً مهم‌تر" in html


def test_save_and_mark_the_top_neighbourhoods(client_for, secretary, district, data, indicators):
    client = client_for(secretary)
    query = ranking_query(district, indicators)
    page = client.get(reverse("atlas:ranking"), query)
    assert 'id="save-form"' in page.content.decode()
    response = client.post(
        reverse("atlas:ranking_save") + "?" + page.context["query"], {"name": "اولویت‌بندی محلات ۱۴۰۳"}
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "atlas:assessment", args=[assessment.pk]
    )
    assert assessment.created_by == secretary
    assert assessment.criteria == [
        {"indicator": "theft_count", "weight": pytest.approx(2 / 3)},
        {"indicator": "addiction_rate", "weight": pytest.approx(1 / 3)},
    ]
    assert [(r["code"], r["rank"]) for r in assessment.results] == [
        ("N-B", 1),
        ("N-A", 2),
        ("N-C", 3),
        ("N-D", 4),
    ]
    assert assessment.results[1]["contributions"] == {
        "theft_count": pytest.approx(1 / 3),
        "addiction_rate": pytest.approx(1 / 12),
    }
    assert AuditEntry.objects.filter(
        action="assessment.create", object_id=assessment.pk, actor=secretary
    ).exists()

    url = reverse("atlas:assessment_targets", args=[assessment.pk])
    confirm = client.post(url, {"top_n": "۲", "unmark_others": "on"})
    assert confirm.status_code == 200
    plan = confirm.context["plan"]
    assert [r.code for r in plan.mark] == ["N-B", "N-A"] and [r.code for r in plan.unmark] == ["N-C"]
    assert not Region.objects.get(code="N-B").is_target  # nothing changes before the confirmation

    done = client.post(url, {"top_n": "2", "unmark_others": "on", "confirm": "yes"})
    assert done.status_code == 302
    targets = dict(Region.objects.filter(parent=district).values_list("code", "is_target"))
    assert targets == {"N-A": True, "N-B": True, "N-C": False, "N-D": False}
    assessment.refresh_from_db()
    assert (assessment.targets_marked, assessment.targets_marked_by) == (2, secretary)
    assert assessment.targets_marked_at is not None
    entries = AuditEntry.objects.filter(actor=secretary, action="region.target")
    assert sorted((e.object_repr, e.changes["is_target"]) for e in entries) == [
        ("محله A", [False, True]),
        ("محله B", [False, True]),
        ("محله C", [True, False]),
    ]
    mark = AuditEntry.objects.get(action="assessment.mark_targets", object_id=assessment.pk)
    assert mark.changes == {
        "targets_marked": [0, 2],
        "marked": [data["B"].pk, data["A"].pk],
        "already": [],
        "unmarked": [data["C"].pk],
    }
    detail = client.get(reverse("atlas:assessment", args=[assessment.pk])).content.decode()
    assert "Secretary" in detail and "۲" in detail


def test_marking_keeps_other_targets_unless_asked(secretary, district, data, indicators):
    result = ranking.compute_ranking(district, START, END, [(indicators["theft"], 1)], "topsis")
    assessment = ranking.save_assessment(result, by=secretary, name="سرقت")
    plan = ranking.mark_targets(assessment, by=secretary, top_n=1)
    assert [r.code for r in plan.mark] == ["N-B"] and plan.unmark == []
    assert set(Region.objects.filter(is_target=True).values_list("code", flat=True)) == {"N-B", "N-C"}


def test_an_officer_without_a_role_cannot_save_or_mark(
    client_for, officer, secretary, district, data, indicators
):
    client = client_for(officer)
    query = "&".join(
        f"{k}={v}"
        for k, values in ranking_query(district, indicators).items()
        for v in (values if isinstance(values, list) else [values])
    )
    assert client.post(reverse("atlas:ranking_save") + "?" + query, {"name": "x"}).status_code == 403
    result = ranking.compute_ranking(district, START, END, [(indicators["theft"], 1)], "topsis")
    with pytest.raises(PermissionDenied):
        ranking.save_assessment(result, by=officer, name="x")
    assessment = ranking.save_assessment(result, by=secretary, name="x")
    url = reverse("atlas:assessment_targets", args=[assessment.pk])
    assert client.post(url, {"top_n": "1", "confirm": "yes"}).status_code == 403
    with pytest.raises(PermissionDenied):
        ranking.mark_targets(assessment, by=officer, top_n=1)
    assert Assessment.objects.count() == 1
    assert not Region.objects.get(code="N-B").is_target
    # They may read the assessment, without the marking form.
    page = client.get(reverse("atlas:assessment", args=[assessment.pk]))
    assert page.status_code == 200 and 'id="mark-form"' not in page.content.decode()
    assert client.get(reverse("atlas:assessments")).status_code == 200


def test_exports_reopen(client_for, viewer, secretary, district, data, indicators):
    client = client_for(viewer)
    query = ranking_query(district, indicators)
    response = client.get(reverse("atlas:ranking_export"), {**query, "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="ranking-D-1-140301-140303.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "رتبه",
        "محله",
        "کد",
        "امتیاز",
        "تعداد سرقت",
        "تعداد سرقت — سهم",
        "نرخ اعتیاد",
        "نرخ اعتیاد — سهم",
    )
    assert rows[1][:5] == (1, "محله B", "N-B", pytest.approx(0.75), 30)
    assert [row[0] for row in rows[1:]] == [1, 2, 3, 4]
    criteria = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert criteria[1][:2] == ("تعداد سرقت", pytest.approx(2 / 3))

    response = client.get(reverse("atlas:ranking_export"), {**query, "format": "csv"})
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:4] == ["رتبه", "محله", "کد", "امتیاز"]
    assert lines[2] == ["2", "محله A", "N-A", "0.416667", "15", "0.333333", "5", "0.0833333"]
    assert len(lines) == 5

    result = ranking.compute_ranking(district, START, END, [(indicators["theft"], 1)], "topsis")
    assessment = ranking.save_assessment(result, by=secretary, name="x")
    response = client.get(reverse("atlas:assessment_export", args=[assessment.pk]), {"format": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [line[1] for line in lines[1:]] == ["محله B", "محله A", "محله D", "محله C"]


def test_the_assessment_list_reads_a_fixed_number_of_queries(
    client_for, viewer, secretary, district, data, indicators, django_assert_num_queries
):
    result = ranking.compute_ranking(district, START, END, [(indicators["theft"], 1)], "topsis")
    for n in range(3):
        ranking.save_assessment(result, by=secretary, name=f"ارزیابی {n}")
    client = client_for(viewer)
    # * session, user, unread notifications and the user's organisation (base page)
    # * the number of assessments (paginator), the page of assessments with their area and authors
    with django_assert_num_queries(6):
        response = client.get(reverse("atlas:assessments"))
    assert [a.name for a in response.context["page"].object_list] == ["ارزیابی 2", "ارزیابی 1", "ارزیابی 0"]


def test_the_api_gives_the_same_ranking_as_the_page(client_for, outsider, district, data, indicators):
    response = client_for(outsider).get(reverse("api-atlas-ranking"), ranking_query(district, indicators))
    assert response.status_code == 200
    payload = response.json()
    assert [(row["code"], row["rank"]) for row in payload["rows"]] == [
        ("N-B", 1),
        ("N-A", 2),
        ("N-C", 3),
        ("N-D", 4),
    ]
    assert abs(sum(c["weight"] for c in payload["criteria"]) - 1) < 1e-9
    # Weighted-sum contributions add up to each score.
    for row in payload["rows"]:
        assert abs(sum(row["contributions"]) - row["score"]) < 1e-9
    assert client_for(outsider).get(reverse("api-atlas-ranking"), {"area": "x"}).status_code == 400
