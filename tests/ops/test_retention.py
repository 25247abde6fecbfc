"""The retention rule of the backups: the newest archive of each recent day and of each recent month."""

from hamafza.ops.services.backups import archives_to_delete


def test_keeps_the_newest_of_each_day_and_month_and_drops_the_rest():
    names = [
        "hamafza-20261205-023000.tar",
        "hamafza-20261205-120000.tar",  # the newest of 5 December
        "hamafza-20261204-023000.tar",
        "hamafza-20261203-023000.tar",  # a third day: beyond keep_daily=2
        "hamafza-20261130-023000.tar",  # the newest of November
        "hamafza-20261101-023000.tar",
        "hamafza-20261031-023000.tar",  # October: beyond keep_monthly=2
        "notes.txt",
    ]
    assert archives_to_delete(names, keep_daily=2, keep_monthly=2) == [
        "hamafza-20261031-023000.tar",
        "hamafza-20261101-023000.tar",
        "hamafza-20261203-023000.tar",
        "hamafza-20261205-023000.tar",
    ]
