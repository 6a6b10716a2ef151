"""Scale-out under failure: two app servers and two task workers on one PostgreSQL.

Usage:  .venv/bin/python bench/scale_out.py [--round-seconds 30] [--chaos-seconds 90]
                                            [--clients 8] [--server-workers 1] [--keep]

What it does (docs/PERFORMANCE.md, "Scale-out"):

1. Creates the PostgreSQL database `kuulu_bench_scale` on 127.0.0.1:5432 (dropped first, and
   dropped again at the end unless --keep), migrates, loads the demo county, collects static
   files, and adds a public event session with CAPACITY places and an open public survey.
2. Starts two gunicorn app servers (kuulu/core/gunicorn_conf.py, --server-workers processes
   each) and two task workers (`manage.py db_worker`), all with Redis as the shared cache.
3. Throughput: a closed-loop load of --clients threads, mixed like a public day (portal pages,
   feedback posts over Open311, registrations for the capped session, survey answers over the
   API), first against one app server and then against both, alternated twice so that the
   machine's drift hits both alike. scale_ratio = requests/s with two / with one.
4. Failure: the same load against both servers for --chaos-seconds; at 40 % of it one app server
   (its master and workers) and one task worker are killed with SIGKILL, the worker while it is
   running a task if one can be caught. The client plays the load balancer: a refused connection
   is retried on the live server (nothing was sent); a request cut off in flight is not retried
   (its outcome is unknown, as for nginx with a non-idempotent request) and is counted apart.
5. Waits for the surviving worker to drain the queue, then checks in the database that every
   write acknowledged with 2xx is there, that the session is not oversold, and what became of
   every task: finished, still waiting, or stuck as "running" by the killed worker (lost), and
   whether any task was claimed twice or sent its email twice (duplicated).

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
DB = "kuulu_bench_scale"
PG = "postgres://postgres@127.0.0.1:5432"
CAPACITY = 150
TASKS_TABLE = "django_tasks_database_dbtaskresult"

SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from kuulu.events.models import Event, Session
from kuulu.organisation.models import County
from kuulu.surveys import services
from kuulu.surveys.services import QuestionSpec
county = County.objects.order_by("id").first()
event = Event.objects.create(county=county, title_fi="Skaalaustesti", status="published", for_public=True)
start = timezone.now() + timedelta(days=30)
session = Session.objects.create(event=event, starts_at=start, ends_at=start + timedelta(hours=2), capacity={capacity})
survey = services.create_survey(county=county, owner=None, title_fi="Skaalauskysely", title_en="Scale survey", anonymous=False)
page = survey.current_version.pages.order_by("position").first()
services.add_question(survey=survey, page=page, spec=QuestionSpec(kind="short_text", key="first", text={{"fi": "Mitä mieltä?", "en": "Your view?"}}), actor=None)
services.open_survey(survey=survey, actor=None)
print(json.dumps({{"session": session.pk, "survey": survey.pk}}))
"""

VERIFY = """
import json
from kuulu.events.models import Registration, Session
from kuulu.feedback.models import Feedback
from kuulu.surveys.models import Response
from django_tasks_db.models import DBTaskResult
acked = json.load(open({path!r}))
found_feedback = set(Feedback.objects.filter(reference__in=acked["feedback"]).values_list("reference", flat=True))
found_reg = set(Registration.objects.filter(pk__in=acked["registration"]).values_list("pk", flat=True))
found_survey = set(Response.objects.filter(pk__in=acked["survey"], submitted_at__isnull=False).values_list("pk", flat=True))
session = Session.objects.get(pk=acked["session"])
attending = Registration.objects.filter(session=session, status="attending").count()
statuses = {{}}
twice = 0
stuck_by = {{}}
for status, worker_ids in DBTaskResult.objects.values_list("status", "worker_ids"):
    statuses[status] = statuses.get(status, 0) + 1
    if len(worker_ids) > 1:
        twice += 1
    if status == "RUNNING":
        for w in worker_ids:
            stuck_by[w] = stuck_by.get(w, 0) + 1
print(json.dumps({{
    "feedback_lost": len(set(acked["feedback"]) - found_feedback),
    "registration_lost": len(set(acked["registration"]) - found_reg),
    "survey_lost": len(set(acked["survey"]) - found_survey),
    "attending": attending,
    "capacity": session.capacity,
    "tasks_by_status": statuses,
    "tasks_claimed_twice": twice,
    "running_by_worker": stuck_by,
}}))
"""


def server_env() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PROMETHEUS_", "TASKS_"))
    }
    env.update(
        {
            "DATABASE_URL": f"{PG}/{DB}",
            "DEBUG": "0",
            "SECRET_KEY": "bench-scale-out-secret-key-not-for-production-use-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "0",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "CACHE_KEY_PREFIX": f"bench-scale-{os.getpid()}",
            # One address (this client) sends everything: lift the per-address form limits.
            "PUBLIC_FORM_LIMIT": "1000000/m",
            "GUNICORN_ACCESS_LOG": "",
            "LOG_LEVEL": "WARNING",
            "KUULU_REQUIRE_2FA": "0",
            "PYTHONUNBUFFERED": "1",  # a killed worker's printed emails are in its log
        }
    )
    return env


def manage(*args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=server_env(),
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return (done.stdout or "").strip()


def recreate_database() -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DB}"')


def drop_database() -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"app server on {port} did not start")


@dataclass
class Fleet:
    logs: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start_server(self, name: str, port: int, workers: int) -> None:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            [
                GUNICORN,
                "kuulu.wsgi",
                "--config",
                "python:kuulu.core.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env={**server_env(), "PROMETHEUS_MULTIPROC_DIR": str(self.logs / f"{name}-metrics")},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as a whole
        )

    def start_worker(self, name: str) -> None:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115
        self.processes[name] = subprocess.Popen(
            [PY, "manage.py", "db_worker", "--no-reload", "--worker-id", name, "--interval", "0.2"],
            cwd=ROOT,
            env=server_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str) -> None:
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


PAGES = [
    "/fi/",
    "/sv/",
    "/fi/events/",
    "/fi/feedback/you-said-we-did/",
    "/fi/channels/",
    "/en/",
]


class Router:
    """The load balancer: round robin over live servers; a refused connection takes a server
    out (as nginx's max_fails does) and the request goes to the next one."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = list(ports)
        self.lock = threading.Lock()
        self.turn = 0

    def pick(self) -> int:
        with self.lock:
            if not self.ports:
                raise RuntimeError("no live app server")
            self.turn += 1
            return self.ports[self.turn % len(self.ports)]

    def down(self, port: int) -> None:
        with self.lock:
            if port in self.ports and len(self.ports) > 1:
                self.ports.remove(port)


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    in_flight_failed: int = 0
    retried_refused: int = 0
    acked: dict[str, list] = field(
        default_factory=lambda: {"feedback": [], "registration": [], "survey": []}
    )
    not_acked_writes: Counter = field(default_factory=Counter)

    def count(self) -> int:
        return sum(self.statuses.values())


def request(
    router: Router, tally: Tally, method: str, path: str, body: bytes | None, ctype: str
) -> tuple[int, bytes] | None:
    for _attempt in range(3):
        port = router.pick()
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.connect()
        except ConnectionRefusedError:
            router.down(port)  # nothing was sent: safe to send again elsewhere
            with tally.lock:
                tally.retried_refused += 1
            continue
        try:
            headers = {"Host": "127.0.0.1", "Content-Type": ctype} if body is not None else {}
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            router.down(port)
            with tally.lock:
                tally.in_flight_failed += 1
            return None
        finally:
            conn.close()
        elapsed = (time.perf_counter() - started) * 1000
        with tally.lock:
            tally.latencies_ms.append(elapsed)
            tally.statuses[response.status] += 1
        return response.status, data
    return None


def one_operation(router: Router, tally: Tally, setup: dict, rng: random.Random) -> None:
    roll = rng.random()
    marker = uuid.uuid4().hex[:12]
    if roll < 0.55:
        request(router, tally, "GET", rng.choice(PAGES), None, "")
        return
    if roll < 0.70:
        body = (
            "service_code=unit.older-homecare&attribute%5Bkind%5D=idea&description="
            + f"Kuormitustesti+{marker}:+kotihoidon+aikataulu+toimii+hyvin."
        ).encode()
        result = request(
            router,
            tally,
            "POST",
            "/open311/v2/requests.json",
            body,
            "application/x-www-form-urlencoded",
        )
        kind = "feedback"
        if result and 200 <= result[0] < 300:
            reference = json.loads(result[1])[0]["service_request_id"]
            with tally.lock:
                tally.acked[kind].append(reference)
            return
    elif roll < 0.85:
        body = json.dumps({"name": f"Osallistuja {marker}", "email": f"s-{marker}@example.test"})
        result = request(
            router,
            tally,
            "POST",
            f"/api/v1/events/sessions/{setup['session']}/registrations",
            body.encode(),
            "application/json",
        )
        kind = "registration"
        if result and result[0] == 201:
            with tally.lock:
                tally.acked[kind].append(json.loads(result[1])["id"])
            return
    else:
        body = json.dumps({"answers": {"first": f"Vastaus {marker}"}, "language": "fi"})
        result = request(
            router,
            tally,
            "POST",
            f"/api/v1/surveys/{setup['survey']}/responses",
            body.encode(),
            "application/json",
        )
        kind = "survey"
        if result and result[0] == 201:
            with tally.lock:
                tally.acked[kind].append(json.loads(result[1])["id"])
            return
    with tally.lock:
        tally.not_acked_writes[f"{kind}:{result[0] if result else 'cut'}"] += 1


def run_load(router: Router, tally: Tally, setup: dict, seconds: float, clients: int) -> float:
    """Closed loop: each client sends its next request when the last one is answered."""
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(n * 7919 + int(time.time()))
        while time.monotonic() < stop:
            one_operation(router, tally, setup, rng)

    before = tally.count()
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (tally.count() - before) / (time.monotonic() - started)


def group_cpu_seconds(pgids: list[int]) -> float:
    """CPU time of these process groups (Linux /proc): user + system time of every live process,
    plus that of reaped children (a gunicorn master's replaced workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) in pgids:  # pgrp
                total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / ticks


def running_task_of(worker_id: str) -> bool:
    with psycopg.connect(f"{PG}/{DB}") as conn:
        row = conn.execute(
            f"SELECT count(*) FROM {TASKS_TABLE} WHERE status = 'RUNNING' "  # noqa: S608
            "AND worker_ids @> %s::jsonb",
            [json.dumps([worker_id])],
        ).fetchone()
    return bool(row and row[0])


def ready_tasks() -> int:
    with psycopg.connect(f"{PG}/{DB}") as conn:
        row = conn.execute(
            f"SELECT count(*) FROM {TASKS_TABLE} WHERE status = 'READY'"  # noqa: S608
        ).fetchone()
    return int(row[0]) if row else 0


def duplicate_emails(logs: Path, workers: list[str]) -> tuple[int, int]:
    """(emails sent, emails sent twice to the same address with the same subject), read from the
    console email backend's output in the workers' logs."""
    seen: Counter = Counter()
    for name in workers:
        text = (logs / f"{name}.log").read_text(errors="replace")
        for message in text.split("\nContent-Type: ")[1:]:
            to = re.search(r"^To: (.+)$", message, re.MULTILINE)
            subject = re.search(r"^Subject: (.+)$", message, re.MULTILINE)
            # Only the benchmark's own registrants (the demo data sends emails too).
            if (
                to
                and subject
                and re.fullmatch(r"s-[0-9a-f]{12}@example\.test", to.group(1).strip())
            ):
                seen[(to.group(1).strip(), subject.group(1).strip())] += 1
    return sum(seen.values()), sum(count - 1 for count in seen.values() if count > 1)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round-seconds", type=float, default=30)
    parser.add_argument("--chaos-seconds", type=float, default=90)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--server-workers", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    loadavg_start = [round(x, 2) for x in os.getloadavg()]
    logs = Path(tempfile.mkdtemp(prefix="kuulu-scale-out-"))
    print(f"logs in {logs}", flush=True)
    recreate_database()
    manage("migrate", "--no-input")
    manage("load_demo")
    manage("collectstatic", "--no-input")
    setup = json.loads(
        manage("shell", "-c", SETUP.format(capacity=CAPACITY), capture=True).splitlines()[-1]
    )
    fleet = Fleet(logs)
    ports = [free_port(), free_port()]
    try:
        for name, port in zip(["app1", "app2"], ports, strict=True):
            fleet.start_server(name, port, args.server_workers)
        for name in ["worker1", "worker2"]:
            fleet.start_worker(name)
        for port in ports:
            wait_until_up(port)
        tally = Tally()
        # Warm-up: every worker process has imported everything and filled its caches.
        run_load(Router(ports), Tally(), setup, 5, args.clients)

        one, two = [], []
        cpu_ms = {"one": [0.0, 0], "two": [0.0, 0]}  # app servers' CPU seconds, requests
        servers = [fleet.processes["app1"].pid, fleet.processes["app2"].pid]
        for _round in range(2):
            for label, live, rates in (("one", ports[:1], one), ("two", ports, two)):
                cpu_before, count_before = group_cpu_seconds(servers), tally.count()
                rates.append(run_load(Router(live), tally, setup, args.round_seconds, args.clients))
                cpu_ms[label][0] += group_cpu_seconds(servers) - cpu_before
                cpu_ms[label][1] += tally.count() - count_before
                print(f"{label} app server(s): {rates[-1]:.1f} req/s", flush=True)

        router = Router(ports)
        killed: dict[str, object] = {}

        def chaos() -> None:
            time.sleep(args.chaos_seconds * 0.4)
            fleet.kill("app2")
            killed["app_server_at_s"] = round(args.chaos_seconds * 0.4, 1)
            deadline = time.monotonic() + 10
            caught = False
            while time.monotonic() < deadline and not caught:
                caught = running_task_of("worker2")
            fleet.kill("worker2")
            killed["worker_mid_task"] = caught
            print(f"killed app2 and worker2 (worker was running a task: {caught})", flush=True)

        chaos_thread = threading.Thread(target=chaos)
        chaos_thread.start()
        chaos_rps = run_load(router, tally, setup, args.chaos_seconds, args.clients)
        chaos_thread.join()
        print(f"mixed load with failures: {chaos_rps:.1f} req/s", flush=True)

        deadline = time.monotonic() + 180
        while ready_tasks() and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(3)  # the surviving worker finishes the task it holds
        fleet.stop_all()

        acked_path = logs / "acked.json"
        acked_path.write_text(json.dumps({**tally.acked, "session": setup["session"]}))
        found = json.loads(
            manage("shell", "-c", VERIFY.format(path=str(acked_path)), capture=True).splitlines()[
                -1
            ]
        )
        emails, emails_twice = duplicate_emails(logs, ["worker1", "worker2"])
        statuses = found["tasks_by_status"]
        stuck = statuses.get("RUNNING", 0)
        load = os.getloadavg()
        result = {
            "requests": tally.count(),
            "errors_5xx": sum(n for status, n in tally.statuses.items() if status >= 500),
            "p95_ms": round(percentile(tally.latencies_ms, 0.95), 1),
            "acknowledged_lost": found["feedback_lost"]
            + found["registration_lost"]
            + found["survey_lost"],
            "tasks_lost": stuck + statuses.get("READY", 0),
            "tasks_duplicated": found["tasks_claimed_twice"] + emails_twice,
            "oversold": max(0, found["attending"] - found["capacity"]),
            "scale_ratio": round(sum(two) / sum(one), 2),
            "rps_one_server": round(sum(one) / len(one), 1),
            "rps_two_servers": round(sum(two) / len(two), 1),
            "rps_during_failures": round(chaos_rps, 1),
            "app_cpu_ms_per_request": {
                label: round(1000 * spent / max(1, count), 1)
                for label, (spent, count) in cpu_ms.items()
            },
            "loadavg_start": loadavg_start,
            "acknowledged_writes": {kind: len(ids) for kind, ids in tally.acked.items()},
            "unacknowledged_writes": dict(tally.not_acked_writes),
            "in_flight_cut": tally.in_flight_failed,
            "refused_and_resent": tally.retried_refused,
            "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
            "tasks_by_status": statuses,
            "tasks_stuck_running_by_worker": found["running_by_worker"],
            "emails": emails,
            "worker_killed_mid_task": killed.get("worker_mid_task"),
            "attending": found["attending"],
            "capacity": found["capacity"],
            "server_workers": args.server_workers,
            "clients": args.clients,
            "cpus": os.cpu_count(),
            "loadavg_end": [round(x, 2) for x in load],
        }
    finally:
        fleet.stop_all()
        if not args.keep:
            drop_database()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
