"""The participation demo over District 21, as hamafza/demo/ is the follow-up's: the tables in `data`,
the loading (through the services, as a person would do it) in `loader`."""

from hamafza.participation.demo.loader import (
    DONOR_USERNAME,
    ParticipationDemo,
    counts,
    load_participation_demo,
)

__all__ = ["DONOR_USERNAME", "ParticipationDemo", "counts", "load_participation_demo"]
