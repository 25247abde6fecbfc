"""The goals cast (tests/goals/cast.py), for the tests here; the browser tests import it too."""

from tests.goals.cast import *  # noqa: F403
