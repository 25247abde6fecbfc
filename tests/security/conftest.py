from tests.participation.conftest import *  # noqa: F401,F403  (the participation cast: donors, needs, pledges)
