from django.core.management.base import BaseCommand, CommandError

from hamafza.goals.services.readings import refresh_all
from hamafza.lib.jalali import JalaliDateError, parse_jalali


class Command(BaseCommand):
    help = (
        "Recompute the computed measures of annual programmes (atlas indicators, resolutions done, …) from "
        "Hamafza's data: by default the programmes of this Jalali year and the last. Run daily by cron: "
        "`15 6 * * * cd /srv/hamafza && .venv/bin/python manage.py refresh_goal_measures`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="A Jalali year (may be repeated).")
        parser.add_argument("--on", help="Compute as of this Jalali date (default: today), e.g. 1403/12/29.")

    def handle(self, *args, **options):
        on = None
        if options["on"]:
            try:
                on = parse_jalali(options["on"])
            except JalaliDateError:
                raise CommandError(
                    f"--on must be a Jalali date such as 1403/12/29, not {options['on']!r}"
                ) from None
        totals = refresh_all(on=on, years=options["year"])
        self.stdout.write(
            f"{totals['measures']} computed measures of {totals['programmes']} programmes refreshed."
        )
