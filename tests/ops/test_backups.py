"""A backup of a database with data and uploaded files, restored into a fresh database and an empty
folder, gives back every table's rows and every file, byte for byte (PostgreSQL; SQLite skips)."""

import io
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from hamafza.meetings import services
from hamafza.ops.services.backups import read_manifest, sha256_of

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="backups are tested on PostgreSQL")


def table_checksums(conninfo: dict) -> dict[str, tuple[int, str]]:
    """Every public table's row count and an MD5 of its rows in a fixed order."""
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        tables = [
            row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        found = {}
        for table in tables:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
            found[table] = (count, digest)
    return found


@pytest.fixture
def fresh_database():
    settings_dict = connection.settings_dict
    conninfo = {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"],
        "dbname": "postgres",
    }
    name = f"{settings_dict['NAME']}_restored"
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield {**conninfo, "dbname": name}
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_gives_back_every_row_and_file(
    settings, tmp_path, officer, lead, fresh_database
):
    files = []
    for number in range(3):
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), (number * 80, 10, 10)).save(buffer, "PNG")
        files.append(services.UploadedFile(f"عکس {number}.png", buffer.getvalue()))
    services.submit_progress(lead, by=officer, percent=10, note="گزارش با سه پیوست", files=files)
    source = dict(connection.settings_dict)
    before = table_checksums(
        {
            "host": source["HOST"] or "127.0.0.1",
            "port": source["PORT"] or 5432,
            "user": source["USER"],
            "dbname": source["NAME"],
        }
    )
    media = Path(settings.MEDIA_ROOT)
    files_before = {path.relative_to(media): sha256_of(path) for path in media.rglob("*") if path.is_file()}
    assert len(files_before) == 3

    call_command("backup", output_dir=str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("hamafza-*.tar")
    assert read_manifest(archive)["tables"]["meetings_evidence"] == 3

    restored_media = tmp_path / "restored-media"
    url = "postgres://{user}@{host}:{port}/{dbname}".format(**fresh_database)
    call_command("restore", str(archive), database_url=url, media_root=str(restored_media))

    assert table_checksums(fresh_database) == before
    files_after = {
        path.relative_to(restored_media): sha256_of(path)
        for path in restored_media.rglob("*")
        if path.is_file()
    }
    assert files_after == files_before

    # Restoring again over what is now there is refused: only into a blank database.
    with pytest.raises(CommandError, match="blank database"):
        call_command("restore", str(archive), database_url=url, media_root=str(tmp_path / "other"))
