"""Weekly follow digests for 100,000 followers on the task worker, on PostgreSQL, against a floor.

Usage:
    .venv/bin/python bench/digests.py                          # 100,000 followers, 3 workers
    .venv/bin/python bench/digests.py --followers 5000 --workers 2   # a small trial

Uses its own PostgreSQL database `kuulu_bench_digests` (`BENCH_DATABASE_URL` overrides; created
if missing and migrated). Every run first empties the accounts, follows and task tables of that
database (`TRUNCATE ... CASCADE`: it is the benchmark's own database), then builds:

- `--followers` accounts (languages: 75 % fi, 15 % sv, 10 % en), each with one to three weekly
  digest follows of a realistic mix of targets (the whole county, one of 200 units, 40 services,
  12 themes, 20 participation channels, 6 processes); 10 % also follow something by email at
  once (the digest leaves those alone). A third of the units and a quarter of the services,
  themes, channels and processes have nothing new, so some followers have an empty week;
- 60 announcements in this and last week (translated titles in fi/sv/en), and 200 older ones
  that fall outside the period.

The run is the real one: `follows.tasks.send_digests` is queued `--workers` times (cron firing
on several hosts) and `--workers` processes of the project's task worker (`manage.py worker
--batch`, the Makefile's TASK_WORKER) run them at once. Email goes through the real rendering
(`services.send_digests` builds each message; the backend renders the MIME message as Django's
locmem backend does) into a counting backend that appends each recipient to a file per process,
so that duplicates are counted from what was actually sent, across processes. Afterwards the
task is queued once more and run by one worker (must send nothing: the period is done).

`seconds` is from the first task's start to the last one's end (the task rows' own times);
`wall_seconds` adds the workers' start-up. `duplicates` is the number of people who received
more than one message in the run, `sent` the number of messages, `mail_connections` the
connections opened (one per batch of 2,000 claimed people, not one per message). The checks:
every follower with something new got exactly one digest, nobody else got one, and the `Digest`
rows agree.

Baseline in the same run (`baseline_seconds`): the floor of any digest, one process reading the
same followers' addresses in one query and sending each a fixed plain message through the same
backend (no per-person rendering, no claims). The load average is printed at the start and end.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kuulu_bench_digests"
)
OUTBOX_ENV = "BENCH_DIGESTS_OUTBOX"
LANGUAGES = ["fi"] * 75 + ["sv"] * 15 + ["en"] * 10


class CountingBackend(BaseEmailBackend):
    """Renders each message as the locmem backend does and appends its recipient and subject
    to a file of this process under $BENCH_DIGESTS_OUTBOX (line-buffered: forked workers may
    end with os._exit). Like the SMTP backend, a send with no open connection opens one for
    that send alone; each connection opened is written as a `#connection` line."""

    _files: dict[int, Any] = {}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.is_open = False

    def _out(self) -> Any:
        pid = os.getpid()
        out = self._files.get(pid)
        if out is None:
            path = Path(os.environ[OUTBOX_ENV]) / f"sent-{pid}.tsv"
            out = self._files[pid] = path.open("a", encoding="utf-8", buffering=1)
        return out

    def open(self) -> bool:
        if self.is_open:
            return False
        self.is_open = True
        self._out().write("#connection\n")
        return True

    def close(self) -> None:
        self.is_open = False

    def send_messages(self, email_messages: Any) -> int:
        new = self.open()
        out = self._out()
        for message in email_messages:
            message.message()  # the MIME rendering the real backends do
            out.write(f"{message.to[0]}\t{message.subject}\n")
        if new:
            self.close()
        return len(email_messages)


def log(message: str) -> None:
    print(message, flush=True)


def env() -> dict[str, str]:
    out = dict(os.environ)
    out.update(
        DATABASE_URL=DB_URL,
        SECRET_KEY="bench-only-secret-key-not-for-production",  # noqa: S106 - local bench only
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="kuulu.settings",
        LOG_LEVEL="WARNING",
        KUULU_BASE_URL="https://kuulu.example.test",
    )
    out.pop("DEBUG", None)
    out.pop("EMAIL_ENABLED", None)
    return out


def setup_django() -> None:
    os.environ.update(env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "digests.CountingBackend"


def prepare_database() -> None:
    from front_page import ensure_database  # bench/front_page.py, same folder

    ensure_database(DB_URL)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    setup_django()


# --- the data ----------------------------------------------------------------------------------

TARGETS = (
    [("unit", f"unit:{n}", f"Yksikkö {n}") for n in range(1, 201)]
    + [("service", f"service:{n}", f"Palvelu {n}") for n in range(1, 41)]
    + [("theme", f"theme:t{n}", f"Teema {n}") for n in range(1, 13)]
    + [("channel", f"channel:{n}", f"Kanava {n}") for n in range(1, 21)]
    + [("process", f"process:budgeting:{n}", f"Osallistuva budjetointi {n}") for n in range(1, 7)]
)


def build(n_followers: int, rng: random.Random) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from kuulu.accounts.models import User
    from kuulu.follows.models import Announcement, Follow
    from kuulu.organisation.models import County

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE accounts_user, follows_follow, follows_announcement, follows_digest, "
            "follows_delivery, django_tasks_database_dbtaskresult CASCADE"
        )
    county, _created = County.objects.get_or_create(
        slug="bench-digests", defaults={"name_fi": "Vertailumaakunta"}
    )
    county_key = f"county:{county.pk}"
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        users = [
            User(
                email=f"f{i:06d}@digests.example.test",
                language=rng.choice(LANGUAGES),
                password="!bench",  # noqa: S106 - an unusable password
            )
            for i in range(n_followers)
        ]
        User.objects.bulk_create(users, batch_size=5000)

        def follow(user: Any, kind: str, key: str, label: str, delivery: str) -> Follow:
            return Follow(
                user=user,
                county=county,
                target_kind=kind,
                target_key=key,
                target_label=label,
                delivery=delivery,
            )

        follows = []
        for user in users:
            keys: dict[str, tuple[str, str]] = {}
            if rng.random() < 0.15:
                keys[county_key] = ("county", "Vertailumaakunta")
            for _ in range(rng.choice([1, 1, 2, 3])):
                kind, key, label = rng.choice(TARGETS)
                keys[key] = (kind, label)
            for key, (kind, label) in keys.items():
                follows.append(follow(user, kind, key, label, "digest"))
            if rng.random() < 0.10:
                kind, key, label = rng.choice(TARGETS)
                follows.append(follow(user, kind, key, label, "email"))
        Follow.objects.bulk_create(follows, batch_size=5000)
    build_users_s = time.perf_counter() - started

    # What happened: 60 announcements in the digest's window (this and last week), each about
    # the county and three targets of the first 120 units, 30 services, 10 themes,
    # 15 channels and 4 processes; the other targets have nothing new. 200 older ones.
    lively = [t for t in TARGETS if _lively(t[1])]
    kinds = [k for k, _label in Announcement.Kind.choices]
    announcements = []
    for n in range(260):
        old = n >= 60
        at = now - timedelta(days=rng.uniform(15, 60) if old else rng.uniform(0, 6.9))
        # In turn, so that every lively target has something in the window.
        targets = [county_key] + [lively[(3 * n + j) % len(lively)][1] for j in range(3)]
        announcements.append(
            Announcement(
                county=county,
                kind=rng.choice(kinds),
                object_key=f"bench.thing:{n}",
                title=f"Asia {n}",
                titles={"fi": f"Asia {n}", "sv": f"Sak {n}", "en": f"Thing {n}"},
                path=f"/things/{n}/",
                targets=targets,
                created_at=at,
                fanned_out_at=at,
            )
        )
    Announcement.objects.bulk_create(announcements)
    with connection.cursor() as cursor:
        # What autovacuum does soon after a load this size in production; without it the planner
        # takes the freshly filled tables for nearly empty and each batch's query of followers
        # scans every follow after the batch's start (0.3 s a batch instead of 0.03 s).
        cursor.execute("ANALYZE")
    return {
        "county_key": county_key,
        "follows": len(follows),
        "digest_follows": sum(1 for f in follows if f.delivery == "digest"),
        "build_s": round(build_users_s, 1),
    }


def _lively(key: str) -> bool:
    kind, _, rest = key.partition(":")
    number = int(rest.rsplit(":", 1)[-1].lstrip("t"))
    limit = {"unit": 120, "service": 30, "theme": 10, "channel": 15, "process": 4}[kind]
    return number <= limit


def expected_recipients() -> set[str]:
    """Who should get a digest: a digest follow of a target that has something in the window."""
    from django.utils import timezone

    from kuulu.follows import services
    from kuulu.follows.models import Announcement, Follow

    now = timezone.now()
    start = services._period_start(services.period_of(now)) - timedelta(days=7)
    keys: set[str] = set()
    for targets in Announcement.objects.filter(created_at__gte=start).values_list(
        "targets", flat=True
    ):
        keys.update(targets)
    return set(
        Follow.objects.filter(delivery="digest", target_key__in=keys).values_list(
            "user__email", flat=True
        )
    )


# --- running -----------------------------------------------------------------------------------


def read_outbox(directory: Path) -> tuple[collections.Counter[str], int]:
    """Messages per recipient, and the number of connections opened."""
    counts: collections.Counter[str] = collections.Counter()
    connections = 0
    for path in directory.glob("sent-*.tsv"):
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.startswith("#connection"):
                    connections += 1
                else:
                    counts[line.split("\t", 1)[0]] += 1
    return counts, connections


def run_workers(n_tasks: int, n_workers: int, outbox: Path) -> dict[str, Any]:
    from kuulu.follows import tasks

    results = [tasks.send_digests.enqueue() for _ in range(n_tasks)]
    worker_env = env()
    worker_env[OUTBOX_ENV] = str(outbox)
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker-process"],
            cwd=ROOT,
            env=worker_env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(n_workers)
    ]
    codes = [p.wait() for p in processes]
    wall = time.perf_counter() - started
    if any(codes):
        raise RuntimeError(f"a worker failed: {codes}")
    for result in results:
        result.refresh()
    statuses = [str(r.status) for r in results]
    if any("SUCCESSFUL" not in s for s in statuses):
        raise RuntimeError(f"a task did not succeed: {statuses}")
    return {
        "wall_seconds": round(wall, 1),
        "seconds": round(
            (
                max(r.finished_at for r in results) - min(r.started_at for r in results)
            ).total_seconds(),
            1,
        ),
        "task_returns": [r.return_value for r in results],
        "task_seconds": [round((r.finished_at - r.started_at).total_seconds(), 1) for r in results],
    }


def worker_process() -> None:
    """One task worker: the project's worker command, with the counting email backend."""
    setup_django()
    from django.core.management import call_command

    call_command("worker", "--batch", "--no-reload", "--interval", "0.2")


def baseline(outbox: Path) -> float:
    """The floor: every digest follower's address in one query, a fixed plain message each."""
    from django.core.mail import EmailMessage, get_connection

    from kuulu.follows.models import Follow

    os.environ[OUTBOX_ENV] = str(outbox)
    started = time.perf_counter()
    mail = get_connection()
    mail.open()
    emails = (
        Follow.objects.filter(delivery="digest")
        .order_by("user_id")
        .values_list("user__email", flat=True)
        .distinct()
    )
    for email in emails.iterator(chunk_size=5000):
        EmailMessage(
            "Kuulu", "Uutta seuraamissasi asioissa.", None, [email], connection=mail
        ).send()
    return time.perf_counter() - started


def check(condition: bool, what: Any) -> None:
    if not condition:
        raise RuntimeError(f"unexpected result: {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--worker-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker_process:
        worker_process()
        return

    load_start = os.getloadavg()
    log(f"load average at start: {load_start}")
    prepare_database()
    rng = random.Random(args.seed)
    built = build(args.followers, rng)
    log(f"built: {built}")
    expected = expected_recipients()
    log(f"followers with something new: {len(expected)}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-digests-"))
    try:
        (tmp / "base").mkdir()
        (tmp / "run").mkdir()
        (tmp / "again").mkdir()
        base_s = baseline(tmp / "base")
        base_sent = sum(read_outbox(tmp / "base")[0].values())
        log(f"baseline: {base_s:.1f} s for {base_sent} plain messages")

        run = run_workers(args.workers, args.workers, tmp / "run")
        log(json.dumps(run))
        outbox, connections = read_outbox(tmp / "run")
        again = run_workers(1, 1, tmp / "again")
        log(f"queued once more: {json.dumps(again)}")
        again_sent = sum(read_outbox(tmp / "again")[0].values())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    from django.db.models import Count

    from kuulu.follows.models import Digest

    sent = sum(outbox.values())
    duplicates = sum(1 for n in outbox.values() if n > 1)
    by_status = dict(Digest.objects.values_list("status").annotate(n=Count("id")))
    check(set(outbox) == expected, "recipients differ from the followers with something new")
    check(duplicates == 0, f"{duplicates} people got more than one digest")
    check(by_status.get("sent", 0) == sent, by_status)
    check(again_sent == 0, f"{again_sent} sent when queued again")
    load_end = os.getloadavg()
    log(f"load average at end: {load_end}")
    summary = {
        "followers": args.followers,
        "seconds": run["seconds"],
        "sent": sent,
        "duplicates": duplicates,
        "wall_seconds": run["wall_seconds"],
        "workers": args.workers,
        "mail_connections": connections,
        "task_seconds": run["task_seconds"],
        "task_returns": run["task_returns"],
        "digest_rows": by_status,
        "sent_when_queued_again": again_sent,
        "expected_recipients": len(expected),
        "baseline_seconds": round(base_s, 1),
        "ratio": round(run["seconds"] / base_s, 2),
        "digest_follows": built["digest_follows"],
        "build_s": built["build_s"],
        "load": [load_start, load_end],
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
