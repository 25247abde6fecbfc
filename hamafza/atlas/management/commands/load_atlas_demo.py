import time

from django.core.management.base import BaseCommand

from hamafza.atlas.demo import INCIDENTS, SEED, load_atlas_demo


class Command(BaseCommand):
    help = (
        "Load the atlas demo: the taxonomy, District 21's denominators, a year of synthetic incidents and "
        "of reported values. A second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=INCIDENTS, help="how many incidents to draw")
        parser.add_argument("--seed", type=int, default=SEED)

    def handle(self, *args, incidents, seed, **options):
        started = time.perf_counter()
        result = load_atlas_demo(incidents=incidents, seed=seed)
        seconds = time.perf_counter() - started
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"The atlas demo was loaded in {seconds:.1f} s: {result.incidents_created:,} incidents, "
                    f"{result.denominators_written} denominator rows, {result.values_saved} reported values."
                )
            )
            for step, taken in result.seconds.items():
                self.stdout.write(f"  {step}: {taken:.1f} s")
        else:
            self.stdout.write(f"The atlas demo is already loaded; nothing was changed ({seconds:.1f} s).")
