"""Query parameters of the API that hold a whole number: an object's id, a meeting's number, a month.

django-filter's NumberFilter reads a decimal, so `?body=1e300` or `?body=99999999999999999999999`
reached the database as a number no integer column holds: SQLite raised OverflowError (PostgreSQL
«out of range») and the API answered 500, which schemathesis found. IntegerFilter takes a whole number
in the 64-bit range of the columns (`3` or `3.0`) and answers anything else with 400; the schema
declares it an integer, not a number.
"""

import django_filters
from django import forms
from django.db import models
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

BIGGEST = 2**63 - 1


class WholeNumberField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -BIGGEST - 1)
        kwargs.setdefault("max_value", BIGGEST)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    field_class = WholeNumberField


def _defaults() -> dict:
    defaults = dict(FILTER_FOR_DBFIELD_DEFAULTS)
    for field in (
        models.AutoField,
        models.BigAutoField,
        models.SmallAutoField,
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveBigIntegerField,
        models.PositiveSmallIntegerField,
    ):
        defaults[field] = {"filter_class": IntegerFilter}
    return defaults


class FilterSet(django_filters.FilterSet):
    """The API's filter sets: an integer column listed in Meta.fields gets an IntegerFilter.

    (A foreign key keeps django-filter's ModelChoiceFilter: Django 5 answers an id out of range as
    «no such object», which the filter refuses with 400.)"""

    FILTER_DEFAULTS = _defaults()
