from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hamafza.ops.services.backups import BackupError, apply_retention, create_backup


class Command(BaseCommand):
    help = (
        "Write a dated archive of the database (a consistent pg_dump) and the uploaded files into "
        "BACKUP_DIR, then drop the archives the retention rule no longer keeps."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=getattr(settings, "BACKUP_DIR", None))
        parser.add_argument("--keep-daily", type=int, default=14, help="newest archive of each of N days")
        parser.add_argument("--keep-monthly", type=int, default=12, help="newest archive of each of N months")

    def handle(self, *args, output_dir=None, keep_daily=14, keep_monthly=12, **options):
        if not output_dir:
            raise CommandError("give --output-dir or set BACKUP_DIR")
        directory = Path(output_dir)
        try:
            archive = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{archive} ({archive.stat().st_size} bytes)")
        for name in apply_retention(directory, keep_daily=keep_daily, keep_monthly=keep_monthly):
            self.stdout.write(f"dropped {name}")
