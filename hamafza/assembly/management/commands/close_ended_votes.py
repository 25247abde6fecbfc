from django.core.management.base import BaseCommand

from hamafza.assembly.services.elections import close_ended_votes


class Command(BaseCommand):
    help = (
        "Close every vote whose window has ended. Opening a vote schedules this for the window's end; "
        "run it from a timer as a backstop (deploy/)."
    )

    def handle(self, *args, **options):
        closed = close_ended_votes()
        self.stdout.write(f"closed: {len(closed)}")
