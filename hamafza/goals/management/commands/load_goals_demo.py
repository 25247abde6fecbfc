from django.core.management.base import BaseCommand

from hamafza.goals.demo import USERS, load_goals_demo


class Command(BaseCommand):
    help = (
        "Load the annual goals demo (the police social deputy's programmes for 1402 and 1403, two provinces' "
        "adoptions, quarterly reports, year-end reviews, goals carried over) once; a second run changes nothing."
    )

    def handle(self, *args, **options):
        result = load_goals_demo()
        if result.loaded:
            self.stdout.write(self.style.SUCCESS("The annual goals demo was loaded."))
            self.stdout.write(
                "Sign in as " + ", ".join(f"«{name}»" for name in USERS) + " with the demo password."
            )
        else:
            self.stdout.write("The annual goals demo is already loaded; nothing was changed.")
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in result.counts.items()))
