"""Production configuration: `check --deploy` with production-like environment, the session and
cookie settings read from the environment, and SQLite shared by several processes."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "osallistu.example.fi",
    "CSRF_TRUSTED_ORIGINS": "https://osallistu.example.fi",
    "KUULU_BASE_URL": "https://osallistu.example.fi",
    "BEHIND_TLS_PROXY": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "METRICS_TOKEN": secrets.token_urlsafe(32),
    "KUULU_PSEUDONYM_KEY": secrets.token_urlsafe(50),
}


def base_env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kuulu.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False
    )


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = deploy_check({**base_env(tmp_path), **PRODUCTION_ENV})
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_without_the_https_settings(tmp_path):
    """The test above can fail: leaving out HSTS and the redirect is reported."""
    env = {**base_env(tmp_path), **PRODUCTION_ENV}
    for name in ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"]:
        env.pop(name)
    result = deploy_check(env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # HSTS
    assert "security.W008" in result.stderr + result.stdout  # SSL redirect


def test_deploy_check_warns_while_the_pseudonym_key_is_unset(tmp_path):
    env = {**base_env(tmp_path), **PRODUCTION_ENV}
    env.pop("KUULU_PSEUDONYM_KEY")
    result = deploy_check(env)
    assert result.returncode != 0
    assert "core.W001" in result.stderr + result.stdout


def read_settings(env: dict[str, str], *names: str) -> dict:
    code = textwrap.dedent(
        f"""
        import json
        from kuulu import settings as s
        print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))
        """
    )
    result = run([sys.executable, "-c", code], env)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_session_and_cookie_settings(tmp_path):
    values = read_settings(
        {**base_env(tmp_path), **PRODUCTION_ENV},
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SESSION_COOKIE_AGE",
        "SESSION_ENGINE",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "CACHES",
        "DEBUG",
    )
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    # Stateless app servers: sessions in the database, the cache in Redis.
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/0"


def test_session_settings_follow_the_environment(tmp_path):
    values = read_settings(
        {
            **base_env(tmp_path),
            "SESSION_COOKIE_AGE": "1800",
            "SESSION_EXPIRE_AT_BROWSER_CLOSE": "0",
            "SESSION_COOKIE_SAMESITE": "Strict",
            "SESSION_ENGINE": "django.contrib.sessions.backends.cache_db",
        },
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_ENGINE",
        "SECURE_PROXY_SSL_HEADER",
        "CACHES",
    )
    assert values["SESSION_COOKIE_AGE"] == 1800
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is False
    assert values["SESSION_COOKIE_SAMESITE"] == "Strict"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cache_db"
    # X-Forwarded-Proto is trusted only behind a proxy that sets it.
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


WRITER = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from django.db import connection, transaction

    errors = 0
    for n in range(int(sys.argv[1])):
        try:
            # Read, then write, in one transaction: the pattern that fails at once with
            # "database is locked" when two processes both hold a read lock (deferred mode).
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM counter WHERE id = 1")
                    (value,) = cursor.fetchone()
                    cursor.execute("INSERT INTO item (writer) VALUES (%s)", [sys.argv[2]])
                    cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except Exception as error:
            errors += 1
            print("error:", error, file=sys.stderr)
    print("errors", errors)
    """
)


def _counter_database(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A SQLite file with a counter and an item table, and the environment that points at it."""
    import sqlite3

    database = tmp_path / "shared.sqlite3"
    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        setup.execute("INSERT INTO counter VALUES (1, 0)")
        setup.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, writer TEXT NOT NULL)")
    return database, {**base_env(tmp_path), "DATABASE_URL": f"sqlite:///{database}"}


def _run_script(env: dict[str, str], script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_sqlite_takes_concurrent_writes_from_several_processes(tmp_path):
    """`make run` serves from several gunicorn workers and a task worker on one SQLite file: with
    the settings' WAL, busy timeout and IMMEDIATE transactions, concurrent read-then-write
    transactions wait for each other instead of failing, and none is lost."""
    import sqlite3

    database, env = _counter_database(tmp_path)
    # `make run` migrates in one process before the workers start, and that first connection turns
    # the file to WAL (which then persists in the file). Do the same: several processes switching a
    # fresh rollback-journal file to WAL at once can deadlock on the switch itself, and SQLite then
    # answers "database is locked" at once without waiting; that is not the case this test is about.
    first = _run_script(env, WRITER, "1", "first")
    assert first.returncode == 0, first.stderr[-3000:]
    assert "errors 0" in first.stdout, first.stderr[-3000:]
    with sqlite3.connect(database) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    processes, per_process = 4, 150
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(per_process), f"w{n}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    outputs = [writer.communicate(timeout=300) for writer in writers]
    for (stdout, stderr), writer in zip(outputs, writers, strict=True):
        assert writer.returncode == 0, stderr[-3000:]
        assert "errors 0" in stdout, stderr[-3000:]
    with sqlite3.connect(database) as check:
        total = 1 + processes * per_process
        assert check.execute("SELECT value FROM counter").fetchone() == (total,)
        assert check.execute("SELECT COUNT(*) FROM item").fetchone() == (total,)


HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    import django
    django.setup()
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM counter WHERE id = 1")
            cursor.fetchone()
        # A second writer that will not wait: can it start a write while this transaction has only read?
        other = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            print("other writer refused:", error)
        else:
            other.execute("ROLLBACK")
            print("other writer started")
    """
)


def test_sqlite_transactions_take_the_write_lock_when_they_begin(tmp_path):
    """The deterministic half of the test above: a transaction that has only read already holds the
    write lock, so a second read-then-write transaction waits at its start instead of failing later
    on a stale snapshot. With deferred transactions the other writer would start."""

    database, env = _counter_database(tmp_path)
    result = _run_script(env, HOLDER, str(database))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "other writer refused: database is locked" in result.stdout, result.stdout


def test_text_message_settings_come_from_the_environment(tmp_path):
    env = {
        **base_env(tmp_path),
        "FOLLOWS_SMS_BACKEND": "http",
        "FOLLOWS_SMS_URL": "https://sms.example.fi/api/send",
        "FOLLOWS_SMS_TOKEN": "secret-token",
        "FOLLOWS_SMS_FIELDS": '{"to": "recipient"}',
    }
    values = read_settings(env, "FOLLOWS_SMS_BACKEND", "FOLLOWS_SMS_URL", "FOLLOWS_SMS_FIELDS")
    assert values == {
        "FOLLOWS_SMS_BACKEND": "http",
        "FOLLOWS_SMS_URL": "https://sms.example.fi/api/send",
        "FOLLOWS_SMS_FIELDS": {"to": "recipient"},
    }
    assert read_settings(base_env(tmp_path), "FOLLOWS_SMS_BACKEND") == {
        "FOLLOWS_SMS_BACKEND": "console"
    }


def test_an_incomplete_or_unknown_text_message_backend_stops_the_start(tmp_path):
    code = "import kuulu.settings"
    for extra in ({"FOLLOWS_SMS_BACKEND": "http"}, {"FOLLOWS_SMS_BACKEND": "pigeon"}):
        result = run([sys.executable, "-c", code], {**base_env(tmp_path), **extra})
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "FOLLOWS_SMS_BACKEND" in result.stderr
