from django.core.management.base import BaseCommand

from hamafza.participation.demo import DONOR_USERNAME, load_participation_demo


class Command(BaseCommand):
    help = (
        "Load the participation demo over District 21 (NGOs, donors, capacities, needs, pledges, offers, a "
        "matching proposal) once; a second run changes nothing."
    )

    def handle(self, *args, **options):
        result = load_participation_demo()
        if result.loaded:
            self.stdout.write(self.style.SUCCESS("The participation demo was loaded."))
            self.stdout.write(f"A donor signs in as «{DONOR_USERNAME}» with the demo password.")
        else:
            self.stdout.write("The participation demo is already loaded; nothing was changed.")
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in result.counts.items()))
