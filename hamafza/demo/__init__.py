"""The demo: Tehran province, its social working group, District 21's social headquarters, and their work.

`load_demo()` loads it once (`manage.py load_demo`, run by `make run`); when the demo is there already it
changes nothing. Regions, organisations, bodies and users are created directly; every meeting, resolution,
report and review goes through `hamafza.meetings.services`, so the audit log and the derived follow-up
states are the real ones.

The story spans three years: the working group's 7th meeting of 1402/07/29 with the 14 resolutions of its
real minutes, later meetings over the last twelve months, and the headquarters' meeting of 1404/10/12
reported by the press (seed 000) and two after it. To give reports and reviews their dates in the past,
each service call runs with `django.utils.timezone.now` patched to the moment it happened (`_at`); that is
the only thing patched, and only here. Audit entries of the load carry the channel "demo".

The cast (organisations, bodies, users) is in `data`, the meetings and what each organisation did in
`story`, and the loading in `loader`.
"""

from hamafza.demo.data import (
    BODIES,
    HEADQUARTERS,
    HQ_SEED_DATE,
    MEETING_7_DATE,
    OFFICER_OF,
    ORGANIZATIONS,
    PASSWORD,
    USERS,
    WORKING_GROUP,
)
from hamafza.demo.loader import DemoResult, counts, is_loaded, load_demo, logins
from hamafza.demo.story import Duty, Event, Item, Sitting, story

__all__ = [
    "BODIES",
    "HEADQUARTERS",
    "HQ_SEED_DATE",
    "MEETING_7_DATE",
    "OFFICER_OF",
    "ORGANIZATIONS",
    "PASSWORD",
    "USERS",
    "WORKING_GROUP",
    "DemoResult",
    "Duty",
    "Event",
    "Item",
    "Sitting",
    "counts",
    "is_loaded",
    "load_demo",
    "logins",
    "story",
]
