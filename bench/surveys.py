"""Survey results page and raw export on PostgreSQL: 100,000 responses x 20 questions, and a
streamed export of 250,000 responses.

Usage:
    .venv/bin/python bench/surveys.py                 # build once, then measure
    .venv/bin/python bench/surveys.py --runs 7 --rebuild
    .venv/bin/python bench/surveys.py --responses 100000 --export-responses 250000
    .venv/bin/python bench/surveys.py --skip-export --skip-cold --runs 5

Builds (once, in a county of its own, `bench-surveys`, in the database `kuulu_bench`) two
surveys with the same 20 questions: 4 single choice (one of them a background question), 2
multiple choice, a 5-item agreement-scale instrument (sum, reverse item, rescaled 0-100), the
0-10 recommendation question, 2 numbers, a 4-statement matrix, a ranking, a date and 2 texts.
Responses and answers are inserted by `INSERT ... SELECT generate_series` with a seeded
random(), so a build takes seconds, not hours.

Then it measures, in this process, the server time of the results page (a signed-in
coordinator's GET through the whole Django stack, template included), the median of --runs
runs after a warm-up, plain and grouped by service area ("unit"), by a background question and
by respondent group, in three modes:

- warm: before each run a new response is submitted and another response in the middle of
  the survey is withdrawn, so the survey's cached figures are stale and two blocks
  change: the last one and a full one in the middle. The page recomputes those two blocks and
  takes the others from the block cache (kuulu/surveys/result_blocks.py). This is
  `results_ms` and `grouped_ms` (the slowest grouping);
- cold: every cache cleared before each run, everything from the database (`*_cold_ms`);
- cached: nothing changed since the last view (`results_cached_ms`).

In the same run it measures the server's floor: a `SELECT 1` round trip and a count(*) of the
survey's submitted responses (`baseline_count_ms`, the denominator of `ratio`), and records the
load average before and after. The added responses are removed at the end.

The raw CSV export of the second survey is streamed in a subprocess through the real view
(StreamingHttpResponse, content read chunk by chunk and dropped); the subprocess reports its
peak resident memory (ru_maxrss). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kuulu_bench")
SLUG = "bench-surveys"
PY = sys.executable


def configure(*, migrate: bool = True) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from front_page import ensure_database

    ensure_database()
    os.environ["DATABASE_URL"] = PG_URL
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    # Staff sign in with a password here; two-factor sign-in is not what is measured.
    os.environ.setdefault("KUULU_REQUIRE_2FA", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.pop("DEBUG", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kuulu.settings"
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def _questions(survey):  # type: ignore[no-untyped-def]
    """The 20 questions of a bench survey (version 1, two pages)."""
    from kuulu.surveys.models import (
        Choice,
        Instrument,
        InstrumentItem,
        MatrixRow,
        Page,
        Question,
        SurveyVersion,
    )

    K = Question.Kind
    version = SurveyVersion.objects.create(survey=survey, number=1, frozen=True)
    pages = [Page.objects.create(version=version, position=i) for i in range(2)]
    instrument, _ = Instrument.objects.get_or_create(
        county=None,
        key="bench-competence",
        version="1",
        defaults={
            "name": "Bench competence scale",
            "scoring": {
                "method": "sum",
                "items": [f"c{i}" for i in range(1, 6)],
                "reverse": ["c5"],
                "scale": [1, 5],
                "rescale": True,
            },
        },
    )
    items = {}
    for i in range(1, 6):
        items[f"c{i}"], _ = InstrumentItem.objects.get_or_create(
            instrument=instrument, key=f"c{i}", defaults={"kind": K.LIKERT, "text": f"Item {i}"}
        )
    spec = [
        ("area", K.SINGLE, 5),
        ("role", K.SINGLE, 2),
        ("know", K.SINGLE, 4),
        ("use", K.SINGLE, 4),
        ("methods", K.MULTIPLE, 6),
        ("channels", K.MULTIPLE, 6),
        *((f"c{i}", K.LIKERT, 0) for i in range(1, 6)),
        ("recommend", K.SCALE_0_10, 0),
        ("years", K.NUMBER, 0),
        ("team_size", K.NUMBER, 0),
        ("grid", K.MATRIX, 0),
        ("priorities", K.RANKING, 4),
        ("started", K.DATE, 0),
        ("idea", K.SHORT_TEXT, 0),
        ("comment", K.LONG_TEXT, 0),
    ]
    out = {}
    for position, (key, kind, n_options) in enumerate(spec):
        question = Question.objects.create(
            version=version,
            page=pages[position // 10],
            position=position,
            key=key,
            kind=kind,
            text=f"Question {key}",
            scale_min=1 if kind in (K.LIKERT, K.MATRIX) else None,
            scale_max=5 if kind in (K.LIKERT, K.MATRIX) else None,
            instrument_item=items.get(key),
            background=Question.Background.GROUP if key == "role" else "",
        )
        for i in range(n_options):
            Choice.objects.create(question=question, position=i, value=f"o{i}", label=f"Option {i}")
        if kind == K.MATRIX:
            for i in range(4):
                MatrixRow.objects.create(
                    question=question, position=i, key=f"r{i}", label=f"Row {i}"
                )
        out[key] = question
    survey.current_version = version
    survey.save(update_fields=["current_version"])
    return version, out


def _fill(survey, version, questions, n: int, seed: float) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    from kuulu.organisation.models import Municipality, Unit

    municipalities = list(
        Municipality.objects.filter(county_id=survey.county_id).values_list("id", flat=True)
    )
    areas = list(Unit.objects.filter(county_id=survey.county_id).values_list("id", flat=True))
    choice_ids = {
        key: [c.pk for c in q.choices.order_by("position")] for key, q in questions.items()
    }
    row_ids = [r.pk for r in questions["grid"].rows.order_by("position")]
    with connection.cursor() as cur:
        # The resume token column is "" or NULL when unused, depending on the schema's age.
        cur.execute(
            "SELECT is_nullable FROM information_schema.columns "
            "WHERE table_name = 'surveys_response' AND column_name = 'resume_token_hash'"
        )
        no_token_is_null = cur.fetchone()[0] == "YES"
        cur.execute("SELECT setseed(%s)", [seed])
        cur.execute(
            """
            INSERT INTO surveys_response (survey_id, version_id, status, language, plain_language,
                next_page, started_at, submitted_at, respondent_group, municipality_id,
                service_area_id, resume_token_hash)
            SELECT %s, %s, 'submitted', 'fi', false, 0, now() - (g || ' minutes')::interval,
                now() - (g || ' minutes')::interval,
                CASE WHEN random() < 0.15 THEN 'manager' ELSE 'staff' END,
                (%s::bigint[])[1 + floor(random() * %s)::int],
                (%s::bigint[])[1 + floor(random() * %s)::int],
                CASE WHEN %s THEN NULL ELSE '' END
            FROM generate_series(1, %s) AS g
            """,
            [
                survey.pk,
                version.pk,
                municipalities,
                len(municipalities),
                areas,
                len(areas),
                no_token_is_null,
                n,
            ],
        )
        base = "FROM surveys_response r WHERE r.survey_id = %s"

        cur.execute(
            "SELECT is_nullable FROM information_schema.columns "
            "WHERE table_name = 'surveys_answer' AND column_name = 'text'"
        )
        text_nullable = cur.fetchone()[0] == "YES"

        def insert(columns: str, select: str, params: list, where: str = "") -> None:
            if "text" not in columns and not text_nullable:
                columns, select = columns + ", text", select + ", ''"
            cur.execute(
                f"INSERT INTO surveys_answer (response_id, question_id, {columns}) "
                f"SELECT r.id, {select} {base} {where}",
                [*params, survey.pk],
            )

        for key in ("area", "role", "know", "use"):
            ids = choice_ids[key]
            # skewed: the first options are chosen more often
            insert(
                "choice_id",
                "%s, (%s::bigint[])[1 + floor(power(random(), 1.5) * %s)::int]",
                [questions[key].pk, ids, len(ids)],
            )
        for key in ("methods", "channels"):
            for i, choice in enumerate(choice_ids[key]):
                insert(
                    "choice_id",
                    "%s, %s",
                    [questions[key].pk, choice],
                    f"AND random() < {0.6 - i * 0.08:.2f}",
                )
        for i in range(1, 6):
            insert(
                "number",
                "%s, 1 + floor(power(random(), 0.7) * 5)",
                [questions[f"c{i}"].pk],
                "AND random() < 0.97",
            )
        insert("number", "%s, floor(power(random(), 0.5) * 11)", [questions["recommend"].pk])
        insert("number", "%s, floor(random() * 40)", [questions["years"].pk], "AND random() < 0.9")
        insert("number", "%s, 2 + floor(random() * 30)", [questions["team_size"].pk])
        for row in row_ids:
            insert(
                "matrix_row_id, number",
                "%s, %s, 1 + floor(random() * 5)",
                [questions["grid"].pk, row],
            )
        for rank in range(1, 5):
            # a rotation of the options by response id: every option gets every rank
            insert(
                "choice_id, number",
                "%s, (%s::bigint[])[1 + ((r.id + %s) %% 4)], %s",
                [questions["priorities"].pk, choice_ids["priorities"], rank, rank],
            )
        insert(
            "date",
            "%s, date '2015-01-01' + floor(random() * 3650)::int",
            [questions["started"].pk],
            "AND random() < 0.8",
        )
        insert(
            "text",
            "%s, (ARRAY['Enemmän koulutusta', 'Asiakasraati joka yksikköön', "
            "'Soita 040 123 4567', 'Palautteet näkyviin'])[1 + floor(random() * 4)::int]",
            [questions["idea"].pk],
            "AND random() < 0.3",
        )
        insert(
            "text",
            "%s, 'Pitkä vastaus, jossa kerrotaan kokemuksista osallisuudesta. ' || r.id",
            [questions["comment"].pk],
            "AND random() < 0.2",
        )
        cur.execute("ANALYZE surveys_response")
        cur.execute("ANALYZE surveys_answer")


def build(n_results: int, n_export: int, rebuild: bool):  # type: ignore[no-untyped-def]
    """The bench county with its two surveys, built once (again when sizes differ)."""
    from django.db import transaction

    from kuulu.accounts.models import User
    from kuulu.organisation.models import County, Municipality, Person, Unit
    from kuulu.surveys.models import Survey

    county, _ = County.objects.get_or_create(slug=SLUG, defaults={"name_fi": "Bench surveys"})
    wanted = {"bench-results": n_results, "bench-export": n_export}
    existing = {s.title: s.responses.count() for s in Survey.objects.filter(county=county)}
    if existing == wanted and not rebuild:
        return county
    with transaction.atomic():
        for survey in Survey.objects.filter(county=county):
            survey.responses.all().delete()  # answers by cascade
        Survey.objects.filter(county=county).update(current_version=None)
        Survey.objects.filter(county=county).delete()
        for i, code in enumerate(["205", "290", "765", "777", "620"]):
            Municipality.objects.get_or_create(
                county=county, code=code, defaults={"name_fi": f"Kunta {i}"}
            )
        from kuulu.organisation.services import create_unit

        for i in range(6):
            if not Unit.objects.filter(county=county, code=f"bench-area-{i}").exists():
                create_unit(
                    county=county,
                    parent=None,
                    code=f"bench-area-{i}",
                    name_fi=f"Palvelualue {i}",
                    kind=Unit.Kind.SERVICE_AREA,
                )
        user, created = User.objects.get_or_create(email="bench-coordinator@example.test")
        if created:
            user.set_unusable_password()
            user.save()
        area = Unit.objects.filter(county=county).first()
        Person.objects.get_or_create(
            user=user,
            defaults={
                "county": county,
                "kind": Person.Kind.STAFF,
                "unit": area,
                "is_coordinator": True,
                "first_name": "Bench",
                "last_name": "Coordinator",
                "email": user.email,
            },
        )
    for seed, (title, n) in zip((0.1, 0.2), wanted.items(), strict=True):
        with transaction.atomic():
            survey = Survey.objects.create(
                county=county, title=title, status=Survey.Status.CLOSED, anonymous=True
            )
            version, questions = _questions(survey)
            started = time.perf_counter()
            _fill(survey, version, questions, n, seed)
        print(f"built {title}: {n} responses in {time.perf_counter() - started:.1f} s", flush=True)
    return county


MARK = "en"  # responses the benchmark adds for the warm runs are marked by their language


def _vacuum() -> None:
    from django.db import connection

    # Index-only scans need a current visibility map; autovacuum keeps it in production.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE surveys_answer")
        cursor.execute("VACUUM ANALYZE surveys_response")


def add_response(survey_id: int) -> None:
    """A new submitted response, a copy of an existing one's answers (as a submission would
    write them), so that the survey's fingerprint changes."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO surveys_response (survey_id, version_id, status, language,
                plain_language, next_page, started_at, submitted_at, respondent_group,
                municipality_id, service_area_id, resume_token_hash)
            SELECT survey_id, version_id, 'submitted', %s, false, 0, now(), now(),
                respondent_group, municipality_id, service_area_id, resume_token_hash
            FROM surveys_response WHERE survey_id = %s AND language <> %s
            ORDER BY id LIMIT 1
            RETURNING id
            """,
            [MARK, survey_id, MARK],
        )
        new_id = cur.fetchone()[0]
        cur.execute(
            """
            INSERT INTO surveys_answer (response_id, question_id, matrix_row_id, choice_id,
                number, text, date)
            SELECT %s, question_id, matrix_row_id, choice_id, number, text, date
            FROM surveys_answer
            WHERE response_id = (SELECT min(id) FROM surveys_response
                                 WHERE survey_id = %s AND language <> %s)
            """,
            [new_id, survey_id, MARK],
        )


def withdraw_middle(survey_id: int) -> None:
    """Withdraws a submitted response from the middle of the survey (back to in progress), a
    different one each time, so that a full block in the middle changes too, not only the last
    one that new responses go to. `remove_added` restores them."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """
            UPDATE surveys_response SET status = 'in_progress'
            WHERE id = (SELECT id FROM surveys_response WHERE survey_id = %s
                        AND language <> %s AND status = 'submitted' ORDER BY id OFFSET
                        (SELECT count(*) / 2 FROM surveys_response WHERE survey_id = %s
                         AND language <> %s) LIMIT 1)
            """,
            [survey_id, MARK, survey_id, MARK],
        )


def remove_added(survey_id: int) -> int:
    from kuulu.surveys.models import Response

    Response.objects.filter(survey_id=survey_id).exclude(language=MARK).exclude(
        status=Response.Status.SUBMITTED
    ).update(status=Response.Status.SUBMITTED)  # a withdrawn middle response
    deleted, _ = Response.objects.filter(survey_id=survey_id, language=MARK).delete()
    return deleted


def measure_baseline(survey_id: int, runs: int) -> dict[str, float]:
    """The same server's floor in the same run: a `SELECT 1` round trip and a count(*) of the
    survey's submitted responses (the smallest honest aggregate over them)."""
    from django.db import connection

    out: dict[str, list[float]] = {"select1": [], "count": []}
    with connection.cursor() as cursor:
        for _ in range(runs + 1):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            out["select1"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            cursor.execute(
                "SELECT count(*) FROM surveys_response WHERE survey_id = %s "
                "AND status = 'submitted'",
                [survey_id],
            )
            cursor.fetchone()
            out["count"].append((time.perf_counter() - started) * 1000)
    return {k: statistics.median(v[1:]) for k, v in out.items()}


def measure_page(county, runs: int, group: str = "", mode: str = "cold") -> list[float]:  # type: ignore[no-untyped-def]
    """Server time of the results page through the whole Django stack (a signed-in
    coordinator's GET, template included). Modes: "cold", every cache cleared before each run
    (everything computed from the database); "warm", a new response submitted before each
    run (the survey's cached figures are stale, so the page recomputes; the blocks of
    responses that did not change come from the block cache); "cached", nothing changed."""
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from kuulu.accounts.models import User
    from kuulu.surveys.models import Survey

    survey = Survey.objects.get(county=county, title="bench-results")
    client = Client()
    client.force_login(User.objects.get(email="bench-coordinator@example.test"))
    with translation.override("fi"):
        url = reverse("surveys:results", args=[survey.pk])
    if group:
        url += f"?group={group}"
    times = []
    for i in range(runs + 1):
        if mode == "cold":
            cache.clear()
        elif mode == "warm" and i:
            add_response(survey.pk)
            withdraw_middle(survey.pk)
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"results page answered {response.status_code}")
        times.append(elapsed)
    return times[1:]  # the first run warms caches and connections


EXPORT_CHILD = """
import os, resource, sys, time
sys.path.insert(0, {root!r})
sys.argv = ["bench"]
import surveys as bench
bench.configure(migrate=False)
from django.test import Client
from django.urls import reverse
from django.utils import translation
from kuulu.accounts.models import User
from kuulu.surveys.models import Survey
survey = Survey.objects.get(county__slug={slug!r}, title="bench-export")
client = Client()
client.force_login(User.objects.get(email="bench-coordinator@example.test"))
with translation.override("fi"):
    url = reverse("surveys:responses_export_csv", args=[survey.pk])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
response = client.get(url)
lines = 0
size = 0
for chunk in response.streaming_content:
    lines += chunk.count(b"\\n")
    size += len(chunk)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print({{"rows": lines - 1, "seconds": round(elapsed, 1), "peak_mb": round(peak, 1),
       "before_mb": round(before, 1), "bytes": size}})
"""


def measure_export() -> dict:
    code = EXPORT_CHILD.format(root=str(ROOT / "bench"), slug=SLUG)
    env = dict(os.environ)
    result = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    import ast

    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--export-responses", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-cold", action="store_true", help="only the warm and cached runs")
    args = parser.parse_args()

    configure()
    from kuulu.surveys.models import Response, Survey

    # Responses added by an interrupted run would change the sizes and force a rebuild.
    Response.objects.filter(survey__county__slug=SLUG, language=MARK).delete()
    Response.objects.filter(survey__county__slug=SLUG).exclude(
        status=Response.Status.SUBMITTED
    ).update(status=Response.Status.SUBMITTED)
    county = build(args.responses, args.export_responses, args.rebuild)
    survey_id = Survey.objects.get(county=county, title="bench-results").pk
    _vacuum()
    load_before = os.getloadavg()
    baseline = measure_baseline(survey_id, max(args.runs, 5))
    med = {}
    runs: dict[str, list[float]] = {}
    groups = {"": "", "unit": "service_area", "question": "q:role", "staff": "respondent_group"}
    modes = ("warm", "cached") if args.skip_cold else ("cold", "warm", "cached")
    for mode in modes:
        for name, group in groups.items():
            if mode == "cached" and name:
                continue
            if mode == "cold" and name == "staff":
                continue
            label = f"{mode}:{name or 'plain'}"
            runs[label] = measure_page(county, args.runs, group=group, mode=mode)
            med[label] = statistics.median(runs[label])
            print(
                f"results page {label}: median {med[label]:.0f} ms, "
                f"runs {[round(t) for t in runs[label]]}",
                flush=True,
            )
    added = remove_added(survey_id)
    load_after = os.getloadavg()
    print(
        f"baseline: SELECT 1 {baseline['select1']:.2f} ms, count(*) of the responses "
        f"{baseline['count']:.1f} ms; {added} added responses removed"
    )
    export = {"rows": 0, "seconds": 0, "peak_mb": 0, "before_mb": 0}
    if not args.skip_export:
        export = measure_export()
        print(f"raw CSV export: {export}")
    grouped = max(med["warm:unit"], med["warm:question"], med["warm:staff"])
    figures = {
        "responses": args.responses,
        "questions": 20,
        "results_ms": round(med["warm:plain"]),
        "grouped_ms": round(grouped),
        "grouped_unit_ms": round(med["warm:unit"]),
        "grouped_question_ms": round(med["warm:question"]),
        "grouped_staff_ms": round(med["warm:staff"]),
        "results_cached_ms": round(med["cached:plain"]),
        "baseline_select1_ms": round(baseline["select1"], 2),
        "baseline_count_ms": round(baseline["count"], 1),
        "ratio": round(med["warm:plain"] / baseline["count"], 1),
        "grouped_ratio": round(grouped / baseline["count"], 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
    }
    if not args.skip_cold:
        figures.update(
            results_cold_ms=round(med["cold:plain"]),
            grouped_unit_cold_ms=round(med["cold:unit"]),
            grouped_question_cold_ms=round(med["cold:question"]),
        )
    figures.update(
        export_rows=export["rows"],
        export_seconds=export["seconds"],
        export_peak_mb=export["peak_mb"],
        export_rss_before_mb=export["before_mb"],
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
