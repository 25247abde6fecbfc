"""Computed measures fill themselves in from Hamafza's data: atlas indicators over the programme's area,
resolutions done in the year; a refresh stores the value, the page reads it."""

import datetime as dt

import pytest

from hamafza.atlas.models import HarmCategory, IncidentSummary, Indicator, IndicatorValue
from hamafza.goals.models import MeasureReading
from hamafza.goals.services import programmes as services
from hamafza.goals.services import sources
from hamafza.goals.services.programmes import MeasureSpec
from hamafza.goals.services.progress import LEVEL, TOTAL
from hamafza.goals.services.readings import refresh_all, refresh_programme
from hamafza.lib.jalali import jalali_year_bounds, parse_jalali
from hamafza.places.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def assault():
    category = HarmCategory.objects.create(code="assault", name="نزاع و درگیری", name_en="Assault")
    count = Indicator.objects.create(
        code="assault_count", name="تعداد موارد نزاع", category=category, source="incidents"
    )
    rate = Indicator.objects.create(
        code="assault_rate",
        name="نزاع در هر ۱۰٬۰۰۰ نفر",
        category=category,
        source="incidents",
        kind="rate",
        denominator="population",
        per=10000,
    )
    return count, rate


@pytest.fixture
def fars_neighbourhood(other_province):
    county = Region.objects.create(name="شیراز", kind="county", code="IR-07-shiraz", parent=other_province)
    return Region.objects.create(
        name="محله شیراز", kind="neighbourhood", code="N-S", parent=county, population=8000
    )


@pytest.fixture
def incidents(assault, neighbourhood, fars_neighbourhood, year):
    """Tehran's neighbourhood (12,000 residents): 30 assaults in Farvardin and 20 in Mehr of the year, 99 in
    the year before; Fars's: 16 in Tir."""
    category = assault[0].category
    rows = [
        (neighbourhood, year * 100 + 1, 30),
        (neighbourhood, year * 100 + 7, 20),
        (neighbourhood, (year - 1) * 100 + 6, 99),
        (fars_neighbourhood, year * 100 + 4, 16),
    ]
    for region, month, count in rows:
        IncidentSummary.objects.create(region=region, month=month, category=category, count=count)


def _programme_with(organization, by, year, spec, *, region=...):
    kwargs = {} if region is ... else {"region": region}
    programme = services.create_programme(organization, by=by, year=year, title="برنامه", **kwargs)
    goal = services.add_goal(programme, by=by, title="کاهش نزاع")
    return programme, services.add_measure(goal, by=by, spec=spec)


def _end_of(year):
    return jalali_year_bounds(year)[1] - dt.timedelta(days=1)


def test_an_atlas_count_over_the_province_for_the_year(tehran, tehran_officer, year, assault, incidents):
    spec = MeasureSpec(name="نزاع", source="atlas", indicator=assault[0], direction="decrease", target=40)
    programme, measure = _programme_with(tehran, tehran_officer, year, spec)
    assert measure.baseline == 99.0  # last year's count over the province, as the baseline
    assert measure.aggregation == TOTAL
    assert refresh_programme(programme, on=_end_of(year)) == 1
    measure.refresh_from_db()
    assert measure.value == 50.0  # Fars's 16 are not Tehran's
    assert measure.value_as_of == _end_of(year)
    assert measure.value_detail["months"] == 3  # months of the year the atlas holds data for, anywhere
    # Part of the year: up to Khordad only Farvardin's 30.
    refresh_programme(programme, on=parse_jalali(f"{year}/03/31"))
    reading = MeasureReading.objects.get(measure=measure, month=year * 100 + 3)
    assert reading.value == 30.0
    measure.refresh_from_db()
    assert measure.value == 50.0  # the latest reading is still the year's end


def test_an_atlas_rate_adds_numerators_and_denominators(tehran, tehran_officer, year, assault, incidents):
    spec = MeasureSpec(
        name="نرخ نزاع", source="atlas", indicator=assault[1], direction="decrease", baseline=90, target=30
    )
    programme, measure = _programme_with(tehran, tehran_officer, year, spec)
    refresh_programme(programme, on=_end_of(year))
    measure.refresh_from_db()
    assert measure.value == pytest.approx(50 * 10000 / 12000)
    assert measure.value_detail["denominator"] == 12000


def test_the_whole_country_and_no_data(
    national, national_owner, year, assault, incidents, tehran, tehran_officer
):
    spec = MeasureSpec(name="نزاع", source="atlas", indicator=assault[0], baseline=0, target=80)
    programme, measure = _programme_with(national, national_owner, year, spec, region=None)
    refresh_programme(programme, on=_end_of(year))
    measure.refresh_from_db()
    assert measure.value == 66.0  # Tehran's 50 and Fars's 16
    # A year the atlas holds nothing for has no value, not zero.
    later, later_measure = _programme_with(tehran, tehran_officer, year + 1, spec)
    refresh_programme(later, on=_end_of(year + 1))
    later_measure.refresh_from_db()
    assert later_measure.value is None and later_measure.readings.get().value is None


def test_a_reported_indicator_counts_too(tehran, tehran_officer, year, assault, neighbourhood):
    category = assault[0].category
    reported = Indicator.objects.create(code="calls", name="تماس‌ها", category=category, source="reported")
    IndicatorValue.objects.create(indicator=reported, region=neighbourhood, month=year * 100 + 5, value=7)
    spec = MeasureSpec(name="تماس", source="atlas", indicator=reported, baseline=0, target=10)
    programme, measure = _programme_with(tehran, tehran_officer, year, spec)
    refresh_programme(programme, on=_end_of(year))
    measure.refresh_from_db()
    assert measure.value == 7.0


def test_resolutions_done_by_the_organisation_or_of_a_body(
    tehran, tehran_officer, fars, year, body, make_done_resolutions
):
    make_done_resolutions(tehran, year, 3)
    make_done_resolutions(tehran, year - 1, 2)
    make_done_resolutions(fars, year, 4)
    own = MeasureSpec(name="مصوبات انجام‌شده", source="resolutions", baseline=0, target=10)
    programme, measure = _programme_with(tehran, tehran_officer, year, own)
    goal = measure.goal
    of_body = services.add_measure(
        goal,
        by=tehran_officer,
        spec=MeasureSpec(name="مصوبات کارگروه", source="resolutions", body=body, baseline=0, target=10),
    )
    refresh_programme(programme, on=_end_of(year))
    measure.refresh_from_db()
    of_body.refresh_from_db()
    assert measure.value == 3.0  # Tehran's, this year
    assert of_body.value == 7.0  # every resolution of the body done this year, Tehran's and Fars's


def test_a_resolution_still_open_does_not_count(tehran, tehran_officer, year, make_done_resolutions):
    from hamafza.meetings.models import Resolution

    made = make_done_resolutions(tehran, year, 2)
    Resolution.objects.filter(pk=made[0].pk).update(status=Resolution.Status.OPEN, done_at=None)
    programme, measure = _programme_with(
        tehran, tehran_officer, year, MeasureSpec(name="مصوبات", source="resolutions", baseline=0, target=5)
    )
    refresh_programme(programme, on=_end_of(year))
    measure.refresh_from_db()
    assert measure.value == 1.0


def test_refresh_all_covers_this_year_and_the_last(
    tehran, tehran_officer, year, make_done_resolutions, today
):
    make_done_resolutions(tehran, year, 1)
    spec = MeasureSpec(name="مصوبات", source="resolutions", baseline=0, target=5)
    _programme_with(tehran, tehran_officer, year, spec)
    old, old_measure = _programme_with(tehran, tehran_officer, year - 2, spec)
    totals = refresh_all(on=today)
    assert totals == {"programmes": 1, "measures": 1}
    assert not old_measure.readings.exists()


def test_a_hand_reported_measure_is_not_computed(tehran, tehran_officer, year):
    programme, measure = _programme_with(
        tehran,
        tehran_officer,
        year,
        MeasureSpec(name="جلسات", source="manual", baseline=0, target=5, aggregation=LEVEL),
    )
    assert refresh_programme(programme, on=_end_of(year)) == 0
    assert not sources.SOURCES["manual"].computed


def test_the_registry_takes_one_function_per_kind(tehran, tehran_officer, year):
    """Another kind of measure is one registered function; it is computed like the others."""

    @sources.register("fixed", "A fixed number")
    def fixed(measure, scope, context):
        return sources.Figure(42.0, {"from": scope.start.isoformat()})

    try:
        programme, measure = _programme_with(
            tehran, tehran_officer, year, MeasureSpec(name="ثابت", source="fixed", baseline=0, target=50)
        )
        refresh_programme(programme, on=_end_of(year))
        measure.refresh_from_db()
        assert (measure.value, measure.value_detail) == (
            42.0,
            {"from": jalali_year_bounds(year)[0].isoformat()},
        )
    finally:
        del sources.SOURCES["fixed"]
