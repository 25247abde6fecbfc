from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from hamafza.accounts.models import User
from hamafza.atlas.imports import ImportRefused
from hamafza.atlas.services.incidents import submit_incident_file


class Command(BaseCommand):
    help = (
        "Import a CSV or Excel file of incidents into the atlas. Without --sync the import is handed to "
        "the task worker (hamafza.atlas.tasks.import_incidents_task); with it, it runs here."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--sync", action="store_true", help="import in this process")
        parser.add_argument(
            "--user", help="username of the uploader (default: the first system administrator)"
        )

    def handle(self, *args, file: Path, sync=False, user=None, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        if user:
            by = User.objects.filter(username=user).first()
        else:
            by = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if by is None:
            raise CommandError("No such user (create a superuser or pass --user).")
        with open(file, "rb") as handle:
            try:
                submission = submit_incident_file(File(handle, name=file.name), by=by, inline=sync)
            except ImportRefused as refusal:
                raise CommandError(refusal.message) from None
        batch = submission.batch
        if submission.already_imported:
            self.stdout.write(
                f"Already imported as batch {batch.pk} ({batch.get_status_display()}); nothing done."
            )
            return
        if not sync:
            self.stdout.write(f"Batch {batch.pk} enqueued ({batch.rows_total} rows).")
            return
        self.stdout.write(
            f"Batch {batch.pk}: {batch.get_status_display()} — {batch.rows_done} rows, "
            f"{batch.rows_imported} imported, {batch.rows_skipped} already there, "
            f"{batch.rows_done - batch.rows_imported - batch.rows_skipped} refused."
        )
        for error in batch.errors[:20]:
            self.stdout.write(f"  line {error['line']}: {error['reason']}")
