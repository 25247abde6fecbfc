from django.core.management.base import BaseCommand

from hamafza.places.services import load_regions


class Command(BaseCommand):
    help = (
        "Load or refresh the provinces, counties, Tehran's District 21 and its neighbourhoods (idempotent)."
    )

    def handle(self, *args, **options):
        result = load_regions()
        self.stdout.write(
            f"Regions: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."
        )
