from django.core.management.base import BaseCommand

from hamafza.participation.models import ServiceKind
from hamafza.participation.services.taxonomy import load_services


class Command(BaseCommand):
    help = "Create the default kinds of service of the capacity inventory that are missing (idempotent)."

    def handle(self, *args, **options):
        created = load_services()
        self.stdout.write(f"Services: {created} created, {ServiceKind.objects.count()} in all.")
