"""scripts/backup.sh → scripts/restore.sh gives back the same database and the same files.

PostgreSQL only: skipped on SQLite. On PostgreSQL in CI a missing pg_dump is a failure, not a
skip, so that the round trip cannot silently stop being tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unittest
import uuid
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase

from mulighetsrom.insight.models import Activity, Attachment, Observation
from mulighetsrom.needs.models import Need

REPO = Path(__file__).resolve().parent.parent
TOOLS = ("pg_dump", "pg_restore", "psql")
# Tables compared row by row (every column), beyond the row counts of every table.
COMPARED_ROWS = (Observation, Need, Attachment)


def database_url(name: str) -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{quote(name, safe='')}"


def connect(name: str, **kwargs: Any) -> psycopg.Connection[Any]:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=name, user=s["USER"], password=s["PASSWORD"] or None, host=s["HOST"] or None,
        port=s["PORT"] or None, **kwargs,
    )  # fmt: skip


def tables() -> list[str]:
    """Every table the installed apps own, many-to-many tables included."""
    names = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(names)


def snapshot(db: psycopg.Connection[Any]) -> dict[str, Any]:
    """Row counts of every table, full rows of a few, and the next id of each compared table."""
    out: dict[str, Any] = {}
    with db.cursor() as cur:
        for table in tables():
            cur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from the model registry)
            out[f"count {table}"] = cur.fetchone()[0]  # type: ignore[index]
        for model in COMPARED_ROWS:
            table, pk = model._meta.db_table, model._meta.pk.column  # type: ignore[union-attr]
            cur.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')  # noqa: S608
            out[f"rows {table}"] = cur.fetchall()
            # The sequence must come back too, or the next insert would collide with a restored id.
            cur.execute("SELECT last_value FROM pg_sequences WHERE sequencename = %s", [f"{table}_{pk}_seq"])
            out[f"sequence {table}"] = cur.fetchall()
    return out


def run(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Our own scripts with paths we made: no untrusted input.
    return subprocess.run([str(a) for a in args], env=env, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603


@unittest.skipUnless(connection.vendor == "postgresql", "pg_dump and pg_restore need PostgreSQL")
class BackupRoundTripTestCase(TransactionTestCase):
    def setUp(self) -> None:
        missing = [tool for tool in TOOLS if shutil.which(tool) is None]
        if missing and os.environ.get("CI"):
            self.fail(f"CI runs on PostgreSQL but {', '.join(missing)} is not installed")
        if missing:
            self.skipTest(f"{', '.join(missing)} not installed")
        work = Path(tempfile.mkdtemp(prefix="mulighetsrom-test-backup-"))
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        self.media, self.backups, self.restored_media = work / "media", work / "backups", work / "restored-media"
        media_settings = self.settings(MEDIA_ROOT=str(self.media))
        media_settings.enable()
        self.addCleanup(media_settings.disable)
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL_FILE", "MEDIA_ROOT_FILE")}
        self.env |= {"DATABASE_URL": database_url(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(self.media)}

    def create_database(self) -> str:
        name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
        with connect("postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self.addCleanup(self.drop_database, name)
        return name

    def drop_database(self, name: str) -> None:
        with connect("postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def test_a_backup_restores_the_same_rows_and_files(self) -> None:
        call_command("load_demo", stdout=StringIO())
        content = b"%PDF-1.7\n" + os.urandom(4096)
        attachment = Attachment(
            activity=Activity.objects.order_by("pk").first(),
            original_name="Referat fra workshop.pdf",
            content_type="application/pdf",
            size=len(content),
        )
        attachment.file.save("Referat fra workshop.pdf", ContentFile(content))
        self.assertGreater(Observation.objects.count(), 5)
        self.assertGreater(Need.objects.count(), 0)
        with connect(connection.settings_dict["NAME"]) as source:
            before = snapshot(source)

        backup = run(REPO / "scripts" / "backup.sh", self.backups, env=self.env)
        self.assertEqual(backup.returncode, 0, backup.stderr)
        folder = Path(backup.stdout.strip().splitlines()[-1])
        self.assertEqual(
            sorted(p.name for p in folder.iterdir()), ["SHA256SUMS", "database.dump", "manifest.txt", "media.tar.gz"]
        )
        self.assertEqual(folder.stat().st_mode & 0o077, 0)  # personal data: owner only

        restored = self.create_database()
        restore = run(
            REPO / "scripts" / "restore.sh", folder, database_url(restored), self.restored_media, env=self.env
        )
        self.assertEqual(restore.returncode, 0, restore.stdout + restore.stderr)
        self.assertIn("OK: the files match the database.", restore.stdout)

        with connect(restored) as target:
            after = snapshot(target)
        self.assertEqual(after.keys(), before.keys())
        for key in before:
            self.assertEqual(after[key], before[key], key)
        self.assertGreater(before["count insight_observation"], 5)
        for model in COMPARED_ROWS:  # the comparison above was not of empty lists
            self.assertTrue(before[f"sequence {model._meta.db_table}"], model)
            self.assertTrue(before[f"rows {model._meta.db_table}"], model)
        self.assertEqual((self.restored_media / attachment.file.name).read_bytes(), content)

    def test_restore_refuses_a_database_that_is_not_empty(self) -> None:
        backup = run(REPO / "scripts" / "backup.sh", self.backups, env=self.env)
        self.assertEqual(backup.returncode, 0, backup.stderr)
        folder = backup.stdout.strip().splitlines()[-1]
        restore = run(
            REPO / "scripts" / "restore.sh", folder, self.env["DATABASE_URL"], self.restored_media, env=self.env
        )
        self.assertEqual(restore.returncode, 1)
        self.assertIn("the target database is not empty", restore.stderr)

    def test_restore_refuses_a_damaged_backup(self) -> None:
        backup = run(REPO / "scripts" / "backup.sh", self.backups, env=self.env)
        folder = Path(backup.stdout.strip().splitlines()[-1])
        with (folder / "database.dump").open("ab") as dump:
            dump.write(b"x")
        restore = run(REPO / "scripts" / "restore.sh", folder, database_url(self.create_database()),
                      self.restored_media, env=self.env)  # fmt: skip
        self.assertEqual(restore.returncode, 1)
        self.assertIn("checksums do not match", restore.stderr)
