import time

from django.core.management.base import BaseCommand

from hamafza.atlas.services.summary import rebuild_summary


class Command(BaseCommand):
    help = "Recompute the atlas summary table (neighbourhood × month × category) from every incident."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = rebuild_summary()
        self.stdout.write(f"{rows} summary rows in {time.perf_counter() - started:.1f} s")
