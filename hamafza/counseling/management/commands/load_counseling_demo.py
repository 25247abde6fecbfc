from django.core.management.base import BaseCommand

from hamafza.counseling.demo import USERS, load_counseling_demo


class Command(BaseCommand):
    help = (
        "Load the counselling demo (Tehran province's police stations, their centres and three years of cases, "
        "about 70% reconciled) once; a second run changes nothing."
    )

    def handle(self, *args, **options):
        result = load_counseling_demo()
        if result.loaded:
            self.stdout.write(self.style.SUCCESS("The counselling demo was loaded."))
            self.stdout.write(
                "Sign in as " + ", ".join(f"«{name}»" for name in USERS) + " with the demo password."
            )
        else:
            self.stdout.write("The counselling demo is already loaded; nothing was changed.")
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in result.counts.items()))
