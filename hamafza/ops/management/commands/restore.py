from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from hamafza.ops.services.backups import BackupError, Database, restore_backup


class Command(BaseCommand):
    help = (
        "Bring a backup archive back into a blank database and an empty media folder (those of the "
        "settings, or --database-url / --media-root), checking every file's checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database-url", help="restore into this database instead of the settings' one")
        parser.add_argument("--media-root", help="restore the files here instead of MEDIA_ROOT")

    def handle(self, *args, archive, database_url=None, media_root=None, **options):
        if database_url:
            database = Database.from_url(database_url)
        else:
            database = Database.from_settings(connections["default"].settings_dict)
            connections["default"].close()
        try:
            manifest = restore_backup(
                Path(archive), database=database, media_root=Path(media_root or settings.MEDIA_ROOT)
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {len(manifest['tables'])} tables and {len(manifest['files'])} files "
            f"from the backup of {manifest['created']}"
        )
