"""The counselling cast (tests/counseling/cast.py), for the tests here; the browser tests import it too."""

from tests.counseling.cast import *  # noqa: F403
