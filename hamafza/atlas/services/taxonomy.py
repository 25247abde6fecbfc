"""The default taxonomy of the atlas: harm categories and the indicators measured for each.

Stored values are always counts (incidents counted per neighbourhood and month, or what an agency
reports); a rate indicator divides that count by the neighbourhood's denominator of the year
(residents, households or pupils) times `per` when it is read (`hamafza.atlas.services.values.rate`).

Indicators with the source «incidents» are counted from the category's incidents (the summary
table); indicators with the source «reported» are entered or uploaded monthly by their owner
organisation. The default owner of a reported indicator is named by a sector of
`Organization.Sector`; `ensure_taxonomy(owners=...)` maps those to real organisations.

After the first load, categories and indicators belong to the administrators (the admin site):
`ensure_taxonomy` only adds what is missing and never overwrites their edits.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from hamafza.atlas.models import HarmCategory, Indicator
from hamafza.orgs.models import Organization

Sector = Organization.Sector

# fmt: off
# (code, Persian name, English name, recorded crime?)
DEFAULT_CATEGORIES: list[tuple[str, str, str, bool]] = [
    ("addiction", "اعتیاد", "Addiction", False),
    ("drug_dealing", "خرید و فروش مواد مخدر", "Drug dealing", True),
    ("divorce", "طلاق", "Divorce", False),
    ("domestic_violence", "همسرآزاری و خشونت خانگی", "Domestic violence", True),
    ("child_abuse", "کودک‌آزاری", "Child abuse", True),
    ("theft", "سرقت", "Theft", True),
    ("assault", "نزاع و درگیری", "Assault and brawls", True),
    ("vandalism", "تخریب اموال عمومی", "Vandalism of public property", True),
    ("illegal_construction", "ساخت‌وساز غیرمجاز", "Illegal construction", False),
    ("sidewalk_obstruction", "سد معبر", "Sidewalk obstruction", False),
    ("seal_breaking", "فک پلمب", "Seal breaking", True),
    ("school_dropout", "ترک تحصیل", "School drop-out", False),
    ("child_labour", "کودکان کار", "Child labour", False),
    ("street_begging", "تکدی‌گری", "Street begging", False),
    ("runaway", "فرار از منزل", "Running away from home", False),
    ("suicide", "خودکشی", "Suicide", False),
]
# fmt: on


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    name_en: str
    category: str
    kind: str = Indicator.Kind.COUNT
    denominator: str = ""
    per: int = 10_000
    source: str = Indicator.Source.INCIDENTS
    owner: str = ""  # a sector of Organization.Sector, for reported indicators
    higher_is_worse: bool = True


def _incident_indicators() -> list[IndicatorSpec]:
    """Each category's incident count; crimes also per 10,000 residents, divorce per 1,000 households and
    school drop-out per 1,000 pupils."""
    specs = []
    for code, name, name_en, is_crime in DEFAULT_CATEGORIES:
        specs.append(IndicatorSpec(f"{code}_count", f"تعداد موارد {name}", f"{name_en}: cases", code))
        if is_crime:
            specs.append(
                IndicatorSpec(
                    f"{code}_rate",
                    f"{name} در هر ۱۰٬۰۰۰ نفر جمعیت",
                    f"{name_en} per 10,000 residents",
                    code,
                    kind=Indicator.Kind.RATE,
                    denominator=Indicator.Denominator.POPULATION,
                    per=10_000,
                )
            )
    specs.append(
        IndicatorSpec(
            "divorce_rate",
            "طلاق در هر ۱٬۰۰۰ خانوار",
            "Divorces per 1,000 households",
            "divorce",
            kind=Indicator.Kind.RATE,
            denominator=Indicator.Denominator.HOUSEHOLDS,
            per=1_000,
        )
    )
    specs.append(
        IndicatorSpec(
            "school_dropout_rate",
            "ترک تحصیل در هر ۱٬۰۰۰ دانش‌آموز",
            "School drop-outs per 1,000 pupils",
            "school_dropout",
            kind=Indicator.Kind.RATE,
            denominator=Indicator.Denominator.PUPILS,
            per=1_000,
        )
    )
    return specs


_REPORTED = Indicator.Source.REPORTED
_RATE = Indicator.Kind.RATE

DEFAULT_INDICATORS: list[IndicatorSpec] = [
    *_incident_indicators(),
    # What agencies report each month for the neighbourhoods they serve.
    IndicatorSpec(
        "addiction_treatment_visits",
        "تعداد مراجعه به مراکز ترک اعتیاد",
        "Visits to addiction treatment centres",
        "addiction",
        source=_REPORTED,
        owner=Sector.WELFARE,
    ),
    IndicatorSpec(
        "social_emergency_calls",
        "تماس‌های اورژانس اجتماعی (۱۲۳) درباره خشونت خانگی",
        "Social emergency (123) calls about domestic violence",
        "domestic_violence",
        source=_REPORTED,
        owner=Sector.WELFARE,
    ),
    IndicatorSpec(
        "child_labour_identified",
        "کودکان کار شناسایی‌شده",
        "Working children identified",
        "child_labour",
        source=_REPORTED,
        owner=Sector.WELFARE,
    ),
    IndicatorSpec(
        "school_dropout_reported",
        "موارد ترک تحصیل",
        "School drop-outs reported",
        "school_dropout",
        source=_REPORTED,
        owner=Sector.EDUCATION,
    ),
    IndicatorSpec(
        "school_dropout_reported_rate",
        "موارد ترک تحصیل در هر ۱٬۰۰۰ دانش‌آموز (گزارش آموزش و پرورش)",
        "School drop-outs reported per 1,000 pupils",
        "school_dropout",
        kind=_RATE,
        denominator=Indicator.Denominator.PUPILS,
        per=1_000,
        source=_REPORTED,
        owner=Sector.EDUCATION,
    ),
    IndicatorSpec(
        "beggars_collected",
        "متکدیان جمع‌آوری‌شده",
        "Beggars collected",
        "street_begging",
        source=_REPORTED,
        owner=Sector.MUNICIPALITY,
    ),
    IndicatorSpec(
        "sidewalk_cleared",
        "موارد رفع سد معبر",
        "Sidewalk obstructions cleared",
        "sidewalk_obstruction",
        source=_REPORTED,
        owner=Sector.MUNICIPALITY,
    ),
    IndicatorSpec(
        "article100_cases",
        "پرونده‌های ساخت‌وساز غیرمجاز (کمیسیون ماده ۱۰۰)",
        "Illegal construction cases (Article 100 commission)",
        "illegal_construction",
        source=_REPORTED,
        owner=Sector.MUNICIPALITY,
    ),
    IndicatorSpec(
        "suicide_attempts",
        "موارد اقدام به خودکشی",
        "Suicide attempts",
        "suicide",
        source=_REPORTED,
        owner=Sector.HEALTH,
    ),
]


@dataclass
class TaxonomyLoad:
    categories_created: int = 0
    indicators_created: int = 0
    owners_set: int = 0


@transaction.atomic
def ensure_taxonomy(*, owners: Mapping[str, Organization] | None = None) -> TaxonomyLoad:
    """Add the default categories and indicators that are missing; idempotent.

    `owners` maps a sector (e.g. "welfare") to the organisation that reports the indicators of that
    sector; a reported indicator with no owner yet gets one, an owner an administrator chose stays.
    """
    owners = owners or {}
    result = TaxonomyLoad()
    categories = {category.code: category for category in HarmCategory.objects.all()}
    new_categories = [
        HarmCategory(code=code, name=name, name_en=name_en, is_crime=is_crime, order=order)
        for order, (code, name, name_en, is_crime) in enumerate(DEFAULT_CATEGORIES, start=1)
        if code not in categories
    ]
    if new_categories:
        HarmCategory.objects.bulk_create(new_categories)
        result.categories_created = len(new_categories)
        categories = {category.code: category for category in HarmCategory.objects.all()}

    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    new_indicators = []
    for spec in DEFAULT_INDICATORS:
        owner = owners.get(spec.owner) if spec.owner else None
        existing = indicators.get(spec.code)
        if existing is None:
            new_indicators.append(
                Indicator(
                    code=spec.code,
                    name=spec.name,
                    name_en=spec.name_en,
                    category=categories[spec.category],
                    kind=spec.kind,
                    denominator=spec.denominator,
                    per=spec.per,
                    source=spec.source,
                    owner=owner,
                    higher_is_worse=spec.higher_is_worse,
                )
            )
        elif owner is not None and existing.owner_id is None and existing.source == _REPORTED:
            existing.owner = owner
            existing.save(update_fields=["owner"])
            result.owners_set += 1
    if new_indicators:
        Indicator.objects.bulk_create(new_indicators)
        result.indicators_created = len(new_indicators)
    return result
