"""Backups: one dated archive holding the database and the uploaded files, and its restore.

The archive (`hamafza-YYYYmmdd-HHMMSS.tar`) holds
- `database.dump`: PostgreSQL's `pg_dump --format=custom`, which reads the whole database in one
  repeatable-read transaction, so the dump is consistent while the site keeps working; on SQLite a copy
  made with SQLite's online backup;
- `media/…`: every uploaded file under MEDIA_ROOT, copied after the dump (a file uploaded in between is
  kept, unreferenced; none that the dump references is missing, since uploads are never rewritten);
- `manifest.json`: when, from which engine, each file's SHA-256 and size, each table's row count.

It is written under a temporary name and renamed when whole: a crash leaves no archive that looks good.
Retention keeps the newest archive of each of the last `keep_daily` days and of each of the last
`keep_monthly` months. Restore refuses a database that has tables, and checks every file's checksum.
"""

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

ARCHIVE_RE = re.compile(r"^hamafza-(\d{8})-(\d{6})\.tar$")


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Database:
    """Where a database is: its engine and the settings needed to reach it."""

    engine: str  # "postgresql" or "sqlite"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict) -> "Database":
        engine = settings_dict["ENGINE"]
        if "postgresql" in engine:
            kind = "postgresql"
        elif "sqlite3" in engine:
            kind = "sqlite"
        else:
            raise BackupError(f"unsupported database engine {engine}")
        return cls(
            engine=kind,
            name=str(settings_dict["NAME"]),
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> "Database":
        import dj_database_url

        return cls.from_settings(dict(dj_database_url.parse(url)))

    def pg_args(self) -> list[str]:
        args = ["--dbname", self.name]
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def table_row_counts(alias: str = "default") -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _dump_database(database: Database, target: Path) -> None:
    if database.engine == "postgresql":
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
        result = subprocess.run(
            command + database.pg_args(), env=database.pg_env(), capture_output=True, text=True
        )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    else:
        source = sqlite3.connect(database.name)
        try:
            copy = sqlite3.connect(target)
            with copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()


def create_backup(output_dir: Path, *, media_root: Path | None = None, now=None) -> Path:
    """Writes a dated archive of the default database and the uploaded files into `output_dir`; returns
    its path."""
    database = Database.from_settings(connections["default"].settings_dict)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    now = now or timezone.localtime()
    output_dir.mkdir(parents=True, exist_ok=True)
    final = output_dir / f"hamafza-{now:%Y%m%d-%H%M%S}.tar"
    if final.exists():
        raise BackupError(f"{final} exists already")
    counts = table_row_counts()
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        dump = Path(work) / "database.dump"
        _dump_database(database, dump)
        files = {}
        partial = output_dir / f".{final.name}.partial"
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname="database.dump")
            for path in media_files(media_root):
                relative = path.relative_to(media_root).as_posix()
                files[relative] = {"sha256": sha256_of(path), "size": path.stat().st_size}
                archive.add(path, arcname=f"media/{relative}")
            manifest = {
                "format": 1,
                "created": now.isoformat(),
                "engine": database.engine,
                "database_sha256": sha256_of(dump),
                "tables": counts,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(now.timestamp())
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, final)
    return final


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path) as archive:
        member = archive.extractfile("manifest.json")
        if member is None:
            raise BackupError("the archive has no manifest")
        return json.load(member)


def _database_is_blank(database: Database) -> bool:
    if database.engine == "sqlite":
        path = Path(database.name)
        if not path.exists() or path.stat().st_size == 0:
            return True
        with sqlite3.connect(path) as conn:
            return not conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' LIMIT 1").fetchone()
    result = subprocess.run(
        [
            "psql",
            "-XAtq",
            "-c",
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            *database.pg_args(),
        ],
        env=database.pg_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"cannot reach the database to restore into: {result.stderr.strip()}")
    return result.stdout.strip() == "0"


def _safe_members(archive: tarfile.TarFile):
    for member in archive.getmembers():
        if not member.name.startswith("media/") or not member.isfile():
            continue
        parts = Path(member.name).parts
        if ".." in parts or Path(member.name).is_absolute():
            raise BackupError(f"unsafe path in the archive: {member.name}")
        yield member


def restore_backup(archive_path: Path, *, database: Database, media_root: Path) -> dict:
    """Brings the archive back into a blank database and an empty MEDIA_ROOT; returns the manifest."""
    manifest = read_manifest(archive_path)
    if manifest.get("engine") != database.engine:
        raise BackupError(f"the archive is of {manifest.get('engine')}, the target is {database.engine}")
    if not _database_is_blank(database):
        raise BackupError("the database to restore into has tables: restore only into a blank database")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore only into an empty media folder")
    with (
        tempfile.TemporaryDirectory(prefix="hamafza-restore-") as work,
        tarfile.open(archive_path) as archive,
    ):
        archive.extract("database.dump", work, filter="data")
        dump = Path(work) / "database.dump"
        if sha256_of(dump) != manifest["database_sha256"]:
            raise BackupError("the database dump does not match its checksum")
        if database.engine == "postgresql":
            result = subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    *database.pg_args(),
                    str(dump),
                ],
                env=database.pg_env(),
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        else:
            Path(database.name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(dump, database.name)
        media_root.mkdir(parents=True, exist_ok=True)
        for member in _safe_members(archive):
            member.name = member.name.removeprefix("media/")
            archive.extract(member, media_root, filter="data")
    for relative, expected in manifest["files"].items():
        path = media_root / relative
        if not path.is_file() or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"{relative} did not come back whole")
    return manifest


def archives_to_delete(names: list[str], *, keep_daily: int, keep_monthly: int) -> list[str]:
    """Which of the archives named `names` the retention rule drops: kept are the newest archive of each
    of the `keep_daily` most recent days that have one, and of each of the `keep_monthly` most recent
    months; names that are not archives are left alone."""
    dated = []
    for name in names:
        match = ARCHIVE_RE.match(name)
        if match:
            dated.append((dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S"), name))
    dated.sort(reverse=True)
    keep = set()
    days: list = []
    months: list = []
    for when, name in dated:
        if when.date() not in days and len(days) < keep_daily:
            days.append(when.date())
            keep.add(name)
        month = (when.year, when.month)
        if month not in months and len(months) < keep_monthly:
            months.append(month)
            keep.add(name)
    return sorted(name for _when, name in dated if name not in keep)


def apply_retention(output_dir: Path, *, keep_daily: int, keep_monthly: int) -> list[str]:
    names = [path.name for path in output_dir.iterdir() if path.is_file()]
    dropped = archives_to_delete(names, keep_daily=keep_daily, keep_monthly=keep_monthly)
    for name in dropped:
        (output_dir / name).unlink()
    return dropped
