"""The counselling cast (tests/counseling/cast.py), for the tests here; the browser tests import it too."""

import pytest
from django.core.cache import cache

from tests.counseling.cast import *  # noqa: F403


@pytest.fixture(autouse=True)
def _empty_cache():
    """The figures are cached per generation of the tallies; a test's rolled-back rows must not be read
    by the next test from the cache."""
    cache.clear()
    yield
    cache.clear()
