"""The default kinds of service agencies offer in neighbourhoods (seed 001 resolution 4), with their units
and a norm per 1,000 residents where one makes sense.

The norms are working figures for colouring the coverage matrix, not national standards: a body's
secretariat or an administrator may change them in the admin, and `load_services()` never overwrites a
service that already exists.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from hamafza.participation.models import ServiceKind

Unit = ServiceKind.Unit


@dataclass(frozen=True)
class DefaultService:
    code: str
    name: str
    name_en: str
    unit: str
    norm_per_1000: Decimal | None


# fmt: off
DEFAULT_SERVICES: list[DefaultService] = [
    # A counsellor's 40 hours a week for some 20,000 residents.
    DefaultService("counselling", "مشاوره", "Counselling", Unit.HOURS, Decimal("2")),
    # Reading-room seats.
    DefaultService("library_fixed", "کتابخانه ثابت", "Fixed library", Unit.PLACES, Decimal("3")),
    # Hours a week a mobile library stops in the area.
    DefaultService("library_mobile", "کتابخانه سیار", "Mobile library", Unit.HOURS, Decimal("0.5")),
    # Half a square metre of sports space for each resident.
    DefaultService("sports_space", "فضای ورزشی", "Sports space", Unit.SQUARE_METRES, Decimal("500")),
    # Teachers and instructors sent to the neighbourhood's schools and centres: no agreed norm.
    DefaultService("teachers_sent", "اعزام معلم و مربی", "Teachers sent", Unit.STAFF, None),
    # Beds and places for treating and rehabilitating people with addiction.
    DefaultService("treatment", "مراکز درمان و بازتوانی", "Treatment and rehabilitation places", Unit.PLACES, Decimal("1")),
    # One cultural centre for every 10,000 residents.
    DefaultService("cultural_centre", "فرهنگسرا و مرکز فرهنگی", "Cultural centre", Unit.SITES, Decimal("0.1")),
    # Trainee places a term in vocational and life-skills courses.
    DefaultService("skills_training", "آموزش مهارت و حرفه‌آموزی", "Skills training", Unit.PLACES, Decimal("5")),
    # Hours a week of free legal advice.
    DefaultService("legal_aid", "مشاوره و معاضدت حقوقی", "Legal aid", Unit.HOURS, Decimal("1")),
    # Social emergency (123) workers: one for every 10,000 residents.
    DefaultService("social_emergency", "اورژانس اجتماعی", "Social emergency", Unit.STAFF, Decimal("0.1")),
    # Neighbourhood health houses: one for every 10,000 residents.
    DefaultService("health_house", "خانه سلامت", "Health house", Unit.SITES, Decimal("0.1")),
]
# fmt: on


@transaction.atomic
def load_services() -> int:
    """Create the default services that are missing; return how many were created.

    Running it again changes nothing, and a service already present (perhaps with a norm an
    administrator adjusted) is left as it is.
    """
    existing = set(ServiceKind.objects.values_list("code", flat=True))
    created = [
        ServiceKind(
            code=spec.code,
            name=spec.name,
            name_en=spec.name_en,
            unit=spec.unit,
            norm_per_1000=spec.norm_per_1000,
            order=(index + 1) * 10,
        )
        for index, spec in enumerate(DEFAULT_SERVICES)
        if spec.code not in existing
    ]
    ServiceKind.objects.bulk_create(created)
    return len(created)
