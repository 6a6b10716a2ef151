"""The backup scripts and the restore drill (docs/DEPLOY.md, "Backups").

The PostgreSQL drill dumps a database with data (scripts/backup.sh, pg_dump -Fc), restores it
into a new database (scripts/restore.sh) and checks the rows and the uploaded files.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from kuulu.organisation.models import Person, Unit
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

ROOT = Path(__file__).resolve().parents[3]
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"


def database_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] or "postgres"
    if s["PASSWORD"]:
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def script(path: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(path), *args],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def files(tmp_path: Path) -> tuple[Path, Path]:
    media, private = tmp_path / "media", tmp_path / "private"
    (media / "learning" / "2026").mkdir(parents=True)
    (media / "learning" / "2026" / "slides.pdf").write_bytes(b"%PDF-1.4 slides")
    (private / "feedback" / "2026" / "12").mkdir(parents=True)
    (private / "feedback" / "2026" / "12" / "photo.jpg").write_bytes(b"\xff\xd8 attachment")
    return media, private


def admin_connection() -> psycopg.Connection:
    return psycopg.connect(database_url("postgres"), autocommit=True)


@pytest.mark.postgres
def test_restore_drill_postgres(postgres, tmp_path):
    county = make_county()
    area = make_unit(county, code="drill-area", name_fi="Ikäihmisten palvelut")
    make_unit(county, parent=area, code="drill-unit", name_fi="Kotihoito")
    make_person(county, kind="staff", unit=area, email="drill@example.test")
    units = sorted(Unit.objects.values_list("code", flat=True))
    people = Person.objects.count()
    media, private = files(tmp_path)
    source = connection.settings_dict["NAME"]
    backups = tmp_path / "backups"

    made = script(
        BACKUP,
        str(backups),
        env={
            "DATABASE_URL": database_url(source),
            "MEDIA_ROOT": str(media),
            "KUULU_PRIVATE_ROOT": str(private),
        },
    )
    assert made.returncode == 0, made.stderr
    stamp = made.stdout.strip().splitlines()[-1]
    assert (backups / f"kuulu-{stamp}.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump -Fc

    target = f"{source}_restore_{uuid.uuid4().hex[:8]}"
    with admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        restored_media, restored_private = tmp_path / "r-media", tmp_path / "r-private"
        restore_env = {
            "DATABASE_URL": database_url(target),
            "MEDIA_ROOT": str(restored_media),
            "KUULU_PRIVATE_ROOT": str(restored_private),
        }
        restored = script(RESTORE, str(backups), stamp, env=restore_env)
        assert restored.returncode == 0, restored.stderr

        with psycopg.connect(database_url(target)) as check:
            codes = [
                row[0]
                for row in check.execute(
                    f"SELECT code FROM {Unit._meta.db_table} ORDER BY code"  # noqa: S608
                )
            ]
            (person_count,) = check.execute(
                f"SELECT count(*) FROM {Person._meta.db_table}"  # noqa: S608
            ).fetchone()
            (names,) = check.execute(
                f"SELECT array_agg(name_fi ORDER BY code) FROM {Unit._meta.db_table}"  # noqa: S608
            ).fetchone()
        assert codes == units
        assert "drill-unit" in codes
        assert "Ikäihmisten palvelut" in names
        assert person_count == people
        assert (restored_media / "learning" / "2026" / "slides.pdf").read_bytes() == (
            b"%PDF-1.4 slides"
        )
        assert (restored_private / "feedback" / "2026" / "12" / "photo.jpg").exists()

        # A second restore over the now non-empty database is refused, and changes nothing.
        again = script(RESTORE, str(backups), stamp, env=restore_env)
        assert again.returncode == 1
        assert "already has" in again.stderr
    finally:
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


@pytest.mark.postgres
def test_restore_refuses_a_damaged_backup(postgres, tmp_path):
    media, private = files(tmp_path)
    backups = tmp_path / "backups"
    env = {
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(media),
        "KUULU_PRIVATE_ROOT": str(private),
    }
    made = script(BACKUP, str(backups), env=env)
    assert made.returncode == 0, made.stderr
    stamp = made.stdout.strip().splitlines()[-1]
    dump = backups / f"kuulu-{stamp}.dump"
    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    restored = script(RESTORE, str(backups), stamp, env={**env, "MEDIA_ROOT": str(tmp_path / "x")})
    assert restored.returncode != 0
    assert "FAILED" in restored.stdout + restored.stderr  # sha256sum's report
    assert not (tmp_path / "x").exists()


def test_backup_of_the_sqlite_demo_database(tmp_path):
    """The demo's SQLite database is copied with SQLite's online backup, consistent while the
    site writes; uploaded files go into their own archives."""
    database = tmp_path / "demo.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
        db.executemany("INSERT INTO note (text) VALUES (?)", [("yksi",), ("kaksi",)])
    media, private = files(tmp_path)
    made = script(
        BACKUP,
        str(tmp_path / "backups"),
        env={
            "DATABASE_URL": f"sqlite://{database}",
            "MEDIA_ROOT": str(media),
            "KUULU_PRIVATE_ROOT": str(private),
            "PYTHON": os.environ.get("PYTHON", str(ROOT / ".venv" / "bin" / "python")),
        },
    )
    assert made.returncode == 0, made.stderr
    stamp = made.stdout.strip().splitlines()[-1]
    copy = tmp_path / "backups" / f"kuulu-{stamp}.sqlite3"
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT text FROM note ORDER BY id").fetchall() == [
            ("yksi",),
            ("kaksi",),
        ]
    listing = subprocess.run(
        ["tar", "-tzf", str(tmp_path / "backups" / f"kuulu-{stamp}-private.tar.gz")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "./feedback/2026/12/photo.jpg" in listing
    assert oct(copy.stat().st_mode)[-3:] == "600"  # backups hold personal data
