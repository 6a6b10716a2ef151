"""10,000 participatory budgeting ballots by 200 concurrent clients, against a baseline, and
Equal Shares counting against pabutools.

Usage:  .venv/bin/python bench/pb_vote_rush.py [--ballots 10000] [--concurrency 200] [--workers 4]

Uses its own PostgreSQL database `kuulu_bench_pb` (BENCH_DATABASE_URL; created if missing),
creates a process open for voting with one-time voting codes and a 10-plan approval budget,
starts gunicorn (gthread, 8 threads per worker) and casts every ballot through the public API
(POST /api/v1/budgeting/budgets/<id>/ballots: code check, ballot rules, the one-per-person
constraint, the code's conditional UPDATE, audit row) as fast as the machine allows. Then 5 % of
the codes are sent again with other choices: each must be refused (a 201 there is a duplicate).

Baseline, on the same server in the same run (as bench/registration_rush.py): the same number of
trivial authenticated POSTs with the same client and concurrency (an organiser's API token;
POST /api/v1/events/<id>/sessions, which checks the token and inserts one row), once before and
once after the rush; `baseline_per_s` is the mean of the two. 200 requests of each kind warm
the server up first (the warm-up ballots go to another budget).

Afterwards the database is checked: ballot rows, distinct voter keys, codes used, and a count
of the budget (voting closed first) must see every ballot exactly once. Counting speed comes
from bench/pb_counting.py's `measure` on the largest Pabulib file found (Kuulu's Equal Shares
against pabutools'). The last line is one JSON object: ballots, counted, duplicates, errors,
ballots_per_s, baseline_per_s, mes_s, pabutools_s, same_winners (and more).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kuulu_bench_pb")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from front_page import ROOT, ensure_database, free_port, prepare, server_env
from pb_counting import largest_file, measure
from registration_rush import baseline, post, timed

PY = sys.executable

SETUP = """
from datetime import timedelta
from django.utils import timezone
from kuulu.accounts.models import User
from kuulu.budgeting import processes, voters
from kuulu.budgeting.models import Budget, Plan
from kuulu.events.models import Event
from kuulu.integrations.services import create_token
from kuulu.organisation.models import County
county = County.objects.order_by("id").first()
start = timezone.now() - timedelta(days=4, hours=1)
days = dict(information=1, proposals=1, review=1, codevelopment=1, voting=10, results=1, implementation=1)
process = processes.create_process(county=county, title="Rush", starts_at=start, days=days,
                                   is_published=True, voter_check="code", rule="equal-shares")
budget = Budget.objects.create(process=process, name="Rush", amount=100000, residents_only=False)
warm = Budget.objects.create(process=process, name="Warm-up", amount=100000, residents_only=False)
plans = [Plan.objects.create(budget=budget, title=f"P{{i}}", description="d", cost=5000 + 2500 * i)
         for i in range(10)]
warm_plan = Plan.objects.create(budget=warm, title="W", description="d", cost=1000)
codes = voters.issue_codes(process=process, count={count})
with open({codes_file!r}, "w") as out:
    out.write("\\n".join(codes))
organiser = User.objects.filter(is_active=True).order_by("id").first()
event = Event.objects.create(county=county, title_fi="Vertailu", status="draft")
event.organisers.add(organiser)
print(budget.pk, warm.pk, warm_plan.pk, ",".join(str(p.pk) for p in plans), event.pk,
      create_token(user=organiser, name="pb-bench").raw)
"""

CHECK = """
import time
from django.db.models import Count
from kuulu.budgeting import results
from kuulu.budgeting.models import Ballot, Budget, Phase, VotingCode
from django.utils import timezone
budget = Budget.objects.get(pk={budget})
rows = Ballot.objects.filter(budget=budget)
total = rows.count()
distinct = rows.values("voter_key").distinct().count()
used = VotingCode.objects.filter(process=budget.process, used_at__isnull=False).count()
now = timezone.now()
Phase.objects.filter(process=budget.process, kind="voting").update(ends_at=now)
Phase.objects.filter(process=budget.process, kind="results").update(starts_at=now)
started = time.perf_counter()
run_id = results.run_count(budget_id=budget.pk)
count_s = time.perf_counter() - started
from kuulu.budgeting.models import CountRun
run = CountRun.objects.get(pk=run_id)
print(total, distinct, used, run.ballots_counted, round(count_s, 3))
"""


def shell(code: str) -> str:
    completed = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=server_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout.strip().splitlines()[-1]


async def cast(
    port: int, budget: int, votes: list[tuple[str, list[int]]], concurrency: int
) -> list[int]:
    gate = asyncio.Semaphore(concurrency)
    path = f"/api/v1/budgeting/budgets/{budget}/ballots"

    async def one(code: str, chosen: list[int]) -> int:
        body = json.dumps({"code": code, "choices": {str(p): 1 for p in chosen}}).encode()
        async with gate:
            try:
                return await post(port, path, body)
            except OSError:
                return 0

    return await asyncio.gather(*(one(code, chosen) for code, chosen in votes))


def choices(rng: random.Random, plans: list[int], costs: dict[int, int], limit: int) -> list[int]:
    chosen, spent = [], 0
    for plan in rng.sample(plans, k=rng.randint(1, 4)):
        if spent + costs[plan] <= limit:
            chosen.append(plan)
            spent += costs[plan]
    return chosen or [plans[0]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--pabulib", type=Path, default=None, help="file for the counting timing")
    args = parser.parse_args()

    ensure_database()
    prepare()
    warmup = 200
    with tempfile.NamedTemporaryFile("r", suffix=".codes", delete=False) as handle:
        codes_file = handle.name
    try:
        line = shell(SETUP.format(count=args.ballots + warmup, codes_file=codes_file))
        codes = Path(codes_file).read_text().split()
    finally:
        Path(codes_file).unlink(missing_ok=True)
    budget_id, warm_id, warm_plan, plan_ids, event_id, token = line.split()
    plans = [int(p) for p in plan_ids.split(",")]
    costs = {p: 5000 + 2500 * i for i, p in enumerate(plans)}
    rng = random.Random(16)
    warm_votes = [(code, [int(warm_plan)]) for code in codes[:warmup]]
    votes = [(code, choices(rng, plans, costs, 100_000)) for code in codes[warmup:]]
    again = [(code, choices(rng, plans, costs, 100_000)) for code, _ in votes[::20]]

    port = free_port()
    env = server_env()
    env["VOTE_IP_LIMIT"] = "100000000/m"  # one client machine sends every ballot here
    env["PUBLIC_FORM_LIMIT"] = "100000000/h"
    gunicorn = str(Path(PY).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            gunicorn,
            "kuulu.wsgi",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--backlog",
            "2048",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        import socket

        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        n, c = args.ballots, args.concurrency
        timed(baseline(port, int(event_id), token, warmup, c))
        timed(cast(port, int(warm_id), warm_votes, c))
        before, before_s = timed(baseline(port, int(event_id), token, n, c))
        statuses, seconds = timed(cast(port, int(budget_id), votes, c))
        after, after_s = timed(baseline(port, int(event_id), token, n, c))
        repeated, _ = timed(cast(port, int(budget_id), again, c))
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows, distinct, used, counted, count_s = shell(CHECK.format(budget=budget_id)).split()
    rows, distinct, used, counted = int(rows), int(distinct), int(used), int(counted)
    errors = sum(1 for s in statuses if s != 201)
    server_errors = sum(1 for s in statuses + repeated if s >= 500 or s == 0)
    accepted_again = sum(1 for s in repeated if s == 201)
    refused_again = sum(1 for s in repeated if s == 422)
    duplicates = (rows - distinct) + accepted_again
    baseline_errors = sum(1 for s in before + after if s != 201)
    per_s = n / seconds
    baseline_per_s = (n / before_s + n / after_s) / 2
    load = os.getloadavg()
    path = args.pabulib or largest_file()
    counting = measure(path)
    print(
        f"ballots {n} by {c} clients: 201 {n - errors}, other {errors}, {seconds:.2f} s, "
        f"{per_s:.0f}/s; baseline {baseline_per_s:.0f}/s (before {n / before_s:.0f}/s, after "
        f"{n / after_s:.0f}/s, non-201 {baseline_errors}); rows {rows}, distinct voters "
        f"{distinct}, codes used {used}, counted {counted} in {count_s} s; resent codes "
        f"{len(again)}: refused {refused_again}, accepted {accepted_again}; "
        f"Equal Shares on {counting['file']} ({counting['voters']} voters): Kuulu "
        f"{counting['mes_s']} s, pabutools {counting['pabutools_s']} s, same winners "
        f"{counting['same_winners']}; load {load[0]:.2f}"
    )
    print(
        json.dumps(
            {
                "ballots": rows,
                "counted": counted,
                "duplicates": duplicates,
                "errors": errors,
                "server_errors": server_errors,
                "ballots_per_s": round(per_s, 1),
                "baseline_per_s": round(baseline_per_s, 1),
                "ratio": round(per_s / baseline_per_s, 2),
                "baseline_errors": baseline_errors,
                "codes_used": used,
                "resent": len(again),
                "resent_refused": refused_again,
                "count_s": float(count_s),
                "mes_file": counting["file"],
                "mes_voters": counting["voters"],
                "mes_s": counting["mes_s"],
                "pabutools_s": counting["pabutools_s"],
                "speedup": counting["speedup"],
                "same_winners": counting["same_winners"],
                "concurrency": c,
                "workers": args.workers,
                "load_1min": round(load[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
