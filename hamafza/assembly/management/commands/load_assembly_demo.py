from django.core.management.base import BaseCommand

from hamafza.assembly.demo import load_assembly_demo
from hamafza.assembly.demo_data import USERS


class Command(BaseCommand):
    help = (
        "Load the NGO assembly demo of seed 002 (the judiciary's assembly: 100 nominated NGOs, a finished "
        "election with its letters, an election in its voting window) once; a second run changes nothing."
    )

    def handle(self, *args, **options):
        result = load_assembly_demo()
        if result.loaded:
            self.stdout.write(self.style.SUCCESS("The assembly demo was loaded."))
            self.stdout.write("Demo logins (password as the other demo users): " + ", ".join(USERS))
        else:
            self.stdout.write("The assembly demo is already loaded; nothing was changed.")
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in result.counts.items()))
