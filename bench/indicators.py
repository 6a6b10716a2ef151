"""Indicators, the workspace home and the yearly report PDF over a large county, on PostgreSQL.

Usage:
    .venv/bin/python bench/indicators.py                     # full size: fill once, then measure
    .venv/bin/python bench/indicators.py --skip-fill         # measure only (data already there)
    .venv/bin/python bench/indicators.py --feedback 20000 --responses 4000 \\
        --registrations 2000 --outcomes 200 --inputs 8000    # a small trial run

Uses the local PostgreSQL database `kuulu_bench` (`BENCH_DATABASE_URL` overrides it; created if
missing, migrated and the demo loaded as in `bench/front_page.py`) and fills the demo county
(`kainuu`) up to the target counts, each by one `INSERT ... SELECT generate_series` per table,
so a second run only tops up what is missing and is fast:

- feedback: `--feedback` rows over the last 24 months (the fill of `bench/feedback_dashboard.py`),
  every 20th answered bench item published with its response, and the dashboard roll-up
  (`FeedbackStat`) rebuilt when its total differs from the rows;
- surveys: `--responses` submitted responses spread over 8 invitation surveys of the inclusion
  instrument (`thl-inclusion-indicator`, 10 items), one survey per quarter of the last 8
  quarters, each response with its 10 answers and its invitation; about 62 % of the invitations
  are answered (the response rate);
- events: `--registrations` registrations, 200 per session, over one-session events held over the
  last 24 months (a few in the coming weeks); attendance recorded for past sessions;
- outcomes: `--outcomes` outcomes decided over the last 24 months (statuses, progress, follow-up
  dates, 60 % published, one unit each) linked to `--inputs` inputs: link rows pointing at
  existing feedback items of the county (about one item in five linked).

Bench rows are recognisable (feedback references `BENCH-`, titles starting with "Bench"), so
the top-up counts them. The fill never deletes: for a smaller trial after a full-size run use
another database, e.g. `BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kuulu_bench_small`. If a new app's migration was rewritten under the same name after the
database was made, drop it (`dropdb -h 127.0.0.1 -U postgres kuulu_bench`) and run again.

Then it measures in this one process (Django set up, `DEBUG` off; the Django cache is the
process's own local memory cache, so `cache.clear()` empties it; PostgreSQL's own buffers are
not emptied):

- baseline: one `SELECT 1` round trip, and `/robots.txt` (no database) through the test client
  as the signed-in manager, so the figures below can be read as ratios on a noisy machine;
- indicators: every built-in indicator of the county over the 8 quarters up to today, through
  the contract API (`indicator_trend` once per indicator code, as a page that draws each trend
  would). Cold: before each run every cache is emptied (`cache.clear()` and any `functools`
  cache of the indicators app); warm: the same calls again with the caches filled. Medians of
  `--runs` runs. Also, for diagnosis: each indicator source alone, cold; and the batch call
  `indicator_series` (all codes at once), cold and warm;
- the workspace home of the demo's unit manager (`esihenkilo@kuulu.example`, home care) through
  the test client (`force_login`, GET `/fi/workspace/`): median server time of `--runs`
  requests after a warm-up (warm), and with the caches emptied before each request (cold), with
  the number of queries;
- the yearly report for last year (created if missing, unpublished first if published, so every
  run does the same work): the draft's preview PDF (figures gathered live, then rendered),
  publishing (figures frozen into the snapshot), and the PDF of the published report with the
  cache emptied first (the first download after publishing): `kuulu.reports.selectors.report_pdf`
  in Finnish.

The machine's load average (`os.getloadavg()`) is printed at the start and the end. The last
line is one JSON object: indicators_ms (warm median), indicators_cold_ms, home_ms (warm median),
home_cold_ms, report_s (PDF of the published report), report_publish_s, report_preview_s,
baseline_ms (/robots.txt), select1_ms, rows (row counts of the county), load (start, end),
errors, and the details (every run, per source, query counts). A part whose code is missing or
fails is null in the JSON with its error under "errors"; the other parts still run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import feedback_dashboard  # noqa: E402  (bench/feedback_dashboard.py: the feedback fill)
import surveys as survey_bench  # noqa: E402  (bench/surveys.py: Django set-up in this process)
from front_page import DB_URL, ensure_database, prepare, server_env  # noqa: E402

COUNTY_SLUG = "kainuu"
MANAGER_EMAIL = "esihenkilo@kuulu.example"
INSTRUMENT_KEY = "thl-inclusion-indicator"
QUARTERS = 8
PER_SESSION = 200  # registrations per bench session
ANSWER_RATE = 0.62  # responses per invitation sent
SURVEY_TITLE = "Bench inclusion survey"
EVENT_TITLE = "Bench event"
OUTCOME_TITLE = "Bench outcome"

errors: dict[str, str] = {}


def log(message: str) -> None:
    print(message, flush=True)


def attempt(name: str, fn: Callable[[], Any]) -> Any:
    """Run one part; on failure keep going and report the error (the others' code may still be
    in progress when this runs)."""
    try:
        return fn()
    except Exception as exc:  # reported in the JSON, the run goes on
        errors[name] = f"{type(exc).__name__}: {exc}"
        log(f"!! {name} failed: {errors[name]}")
        traceback.print_exc()
        return None


# --- database set-up ------------------------------------------------------------------------


def prepare_database() -> None:
    """Migrate, load the demo and collect static files (bench/front_page.py's prepare). When a
    step fails (another app's demo loader in progress, say) the run goes on with what is there:
    static files are collected anyway (the pages need their manifest); the error is reported."""
    ensure_database()
    started = time.perf_counter()
    try:
        prepare()
    except subprocess.CalledProcessError as exc:
        step = " ".join(map(str, exc.cmd[2:]))
        errors["prepare"] = f"manage.py {step} exited with {exc.returncode}"
        log(f"!! prepare failed ({errors['prepare']}); going on with what is there")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input"],
            cwd=BENCH.parent,
            env=server_env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    log(f"prepared (migrate, demo, static files) in {time.perf_counter() - started:.1f} s")


def sql(statement: str, params: dict[str, Any] | None = None) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params or {})
        return cursor.fetchall() if cursor.description else []


def scalar(statement: str, params: dict[str, Any] | None = None) -> Any:
    return sql(statement, params)[0][0]


def insert_select(model: Any, values: dict[str, str], tail: str, params: dict[str, Any]) -> int:
    """`INSERT INTO <model's table> (...) SELECT <values> <tail>`: `values` maps field names to
    SQL expressions; every other column gets its model default (now() for auto_now(_add), NULL
    when nullable, '' for blank text), so a field added later does not break the fill."""
    from django.db import connection, models

    columns, exprs, params = [], [], dict(params)
    for field in model._meta.concrete_fields:
        name = field.name if field.name in values else field.attname
        if name in values:
            expr = values[name]
        elif field.primary_key:
            continue
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            expr = "now()"
        elif field.has_default():
            key = f"default_{field.column}"
            params[key] = field.get_db_prep_save(field.get_default(), connection)
            expr = f"%({key})s"
        elif field.null:
            expr = "NULL"
        elif field.blank and isinstance(field, models.CharField | models.TextField):
            expr = "''"
        else:
            raise RuntimeError(f"{model.__name__}.{field.name} needs a value in the bench fill")
        columns.append(connection.ops.quote_name(field.column))
        exprs.append(expr)
    statement = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(exprs)} {tail}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def vacuum(*tables: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def last_quarters(today: date, count: int = QUARTERS) -> list[Any]:
    from kuulu.indicators.types import Period

    year, quarter = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append(Period.quarter(year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return out[::-1]


def aware(day: date, hour: int = 0) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


# --- fills ----------------------------------------------------------------------------------


def fill_feedback(county_id: int, target: int) -> None:
    from kuulu.feedback.models import Feedback, PublishedFeedback

    before = Feedback.objects.filter(county_id=county_id).count()
    if before < target:
        started = time.perf_counter()
        feedback_dashboard.fill(target, county_id)  # its own connection; VACUUM ANALYZE after
        log(f"feedback: {before} -> {target} rows in {time.perf_counter() - started:.1f} s")
    added = insert_select(
        PublishedFeedback,
        {
            "feedback": "f.id",
            "masked_text": "'Benchmark feedback'",
            "masked_response": "'Thank you, we changed it.'",
            "published_at": "f.answered_at",
        },
        "FROM feedback_feedback f WHERE f.county_id = %(county)s AND f.reference LIKE 'BENCH-%%' "
        "AND f.answered_at IS NOT NULL AND f.id %% 20 = 0 "
        "AND NOT EXISTS (SELECT 1 FROM feedback_publishedfeedback p WHERE p.feedback_id = f.id)",
        {"county": county_id},
    )
    if added:
        log(f"feedback: {added} answers published")
        vacuum("feedback_publishedfeedback")
    # The dashboard roll-up, as the nightly job and the change tasks keep it in production
    # (whatever reads it, e.g. the leadership view, sees every row).
    from django.db.models import Sum

    from kuulu.feedback.models import FeedbackStat
    from kuulu.feedback.rollup import rebuild_rollup

    total = Feedback.objects.filter(county_id=county_id).count()
    rolled = FeedbackStat.objects.filter(
        county_id=county_id, grain=FeedbackStat.Grain.MONTH
    ).aggregate(n=Sum("received"))["n"]
    if rolled != total:
        started = time.perf_counter()
        rebuild_rollup(county_id, None)
        vacuum("feedback_feedbackstat")
        log(f"feedback: dashboard roll-up rebuilt in {time.perf_counter() - started:.1f} s")


def _bench_owner(county_id: int) -> Any:
    from kuulu.organisation.models import Person

    person = (
        Person.objects.filter(county_id=county_id, is_coordinator=True, user__isnull=False)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return person.user if person else None


def _bench_surveys(county: Any, today: date) -> list[Any]:
    """One invitation survey of the inclusion instrument per quarter (made once)."""
    from django.db import transaction
    from django.utils import timezone

    from kuulu.surveys.instruments import load_shipped
    from kuulu.surveys.models import Instrument, Page, Survey
    from kuulu.surveys.services import add_instrument, create_survey

    instrument = Instrument.objects.filter(county__isnull=True, key=INSTRUMENT_KEY).first()
    if instrument is None:
        load_shipped()
        instrument = Instrument.objects.get(county__isnull=True, key=INSTRUMENT_KEY)
    owner = _bench_owner(county.pk)
    out = []
    for period in last_quarters(today):
        title = f"{SURVEY_TITLE} {period.label}"
        survey = Survey.objects.filter(county=county, title_fi=title).first()
        if survey is None:
            with transaction.atomic():
                opens, closes = aware(period.start, 8), aware(period.end, 16)
                survey = create_survey(
                    county=county,
                    owner=owner,
                    title_fi=title,
                    title_en=title,
                    kind=Survey.Kind.INCLUSION,
                    audience=Survey.Audience.INVITATION,
                    anonymous=False,
                    opens_at=opens,
                    closes_at=closes,
                )
                add_instrument(survey=survey, instrument=instrument, actor=owner)
                Page.objects.filter(version=survey.current_version, questions__isnull=True).delete()
                version = survey.current_version
                version.frozen = True
                version.save(update_fields=["frozen"])
                survey.status = (
                    Survey.Status.OPEN if closes > timezone.now() else Survey.Status.CLOSED
                )
                survey.save(update_fields=["status"])
        out.append(survey)
    return out


def fill_surveys(county: Any, target: int, today: date) -> None:
    from kuulu.organisation.models import Municipality, Unit
    from kuulu.surveys.models import Answer, Invitation, Question, Response

    surveys = _bench_surveys(county, today)
    units = list(Unit.objects.filter(county=county).values_list("id", flat=True))
    municipalities = list(
        Municipality.objects.filter(county=county).values_list("id", flat=True)
    ) or [None]
    changed = False
    started = time.perf_counter()
    for i, survey in enumerate(surveys):
        wanted = target // len(surveys) + (1 if i < target % len(surveys) else 0)
        have = Response.objects.filter(survey=survey).count()
        missing = wanted - have
        if missing <= 0:
            continue
        changed = True
        sent = Invitation.objects.filter(survey=survey).count()
        new_invitations = math.ceil(missing / ANSWER_RATE)
        params = {
            "survey": survey.pk,
            "first": sent + 1,
            "last": sent + new_invitations,
            "opens": survey.opens_at,
            "closes": survey.closes_at,
        }
        insert_select(
            Invitation,
            {
                "survey": "%(survey)s",
                "email": "'bench-' || %(survey)s || '-' || g || '@example.test'",
                "created_at": "%(opens)s",
                "sent_at": "%(opens)s + interval '1 hour'",
            },
            "FROM generate_series(%(first)s::int, %(last)s::int) AS g",
            params,
        )
        # The first `missing` unanswered invitations answer, at a random moment of the quarter
        # (never in the future).
        insert_select(
            Response,
            {
                "survey": "%(survey)s",
                "version": "%(version)s",
                "invitation": "i.id",
                "status": "'submitted'",
                "language": "'fi'",
                "started_at": "i.at",
                "submitted_at": "i.at + interval '6 minutes'",
                "respondent_group": "CASE WHEN random() < 0.15 THEN 'manager' ELSE 'staff' END",
                "unit": "(%(units)s::bigint[])[1 + floor(random() * %(n_units)s)::int]",
                "municipality": "(%(municipalities)s::bigint[])"
                "[1 + floor(random() * %(n_municipalities)s)::int]",
            },
            "FROM (SELECT i.id, %(opens)s + random() * "
            "(LEAST(%(closes)s, now() - interval '10 minutes') - %(opens)s) AS at "
            "FROM surveys_invitation i WHERE i.survey_id = %(survey)s AND NOT EXISTS "
            "(SELECT 1 FROM surveys_response r WHERE r.invitation_id = i.id) "
            "ORDER BY i.id LIMIT %(missing)s) AS i",
            {
                **params,
                "version": survey.current_version_id,
                "units": units,
                "n_units": len(units),
                "municipalities": municipalities,
                "n_municipalities": len(municipalities),
                "missing": missing,
            },
        )
        sql(
            "UPDATE surveys_invitation i SET used_at = r.submitted_at FROM surveys_response r "
            "WHERE r.invitation_id = i.id AND i.survey_id = %(survey)s AND i.used_at IS NULL",
            {"survey": survey.pk},
        )
        # Every item answered, skewed towards agreement (1-5).
        for question in Question.objects.filter(version_id=survey.current_version_id):
            low, high = question.scale_min or 1, question.scale_max or 5
            insert_select(
                Answer,
                {
                    "response": "r.id",
                    "question": "%(question)s",
                    "number": f"{low} + floor(power(random(), 0.6) * {high - low + 1})",
                },
                "FROM surveys_response r WHERE r.survey_id = %(survey)s AND NOT EXISTS "
                "(SELECT 1 FROM surveys_answer a WHERE a.response_id = r.id "
                "AND a.question_id = %(question)s)",
                {"survey": survey.pk, "question": question.pk},
            )
    if changed:
        vacuum("surveys_invitation", "surveys_response", "surveys_answer")
        log(f"surveys: topped up to {target} responses in {time.perf_counter() - started:.1f} s")


def fill_registrations(county: Any, target: int) -> None:
    from django.utils import timezone

    from kuulu.events.models import Event, Registration, Session

    sessions_wanted = math.ceil(target / PER_SESSION)
    existing = Session.objects.filter(
        event__county=county, event__title_fi__startswith=EVENT_TITLE
    ).count()
    now = timezone.now()
    for n in range(existing, sessions_wanted):
        # Spread over the last 730 days and the next 20 days, one session every few days.
        starts = now + timedelta(days=20) - timedelta(days=750 * (n + 0.5) / sessions_wanted)
        starts = starts.replace(hour=9, minute=0, second=0, microsecond=0)
        event = Event.objects.create(
            county=county,
            title_fi=f"{EVENT_TITLE} {n + 1}",
            title_en=f"{EVENT_TITLE} {n + 1}",
            status=Event.Status.PUBLISHED,
            for_staff=True,
        )
        Session.objects.create(
            event=event, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=PER_SESSION
        )
    bench = Registration.objects.filter(
        session__event__county=county, session__event__title_fi__startswith=EVENT_TITLE
    )
    missing = target - bench.count()
    if missing <= 0:
        return
    started = time.perf_counter()
    params = {"county": county.pk, "per": PER_SESSION, "missing": missing, "title": EVENT_TITLE}
    insert_select(
        Registration,
        {
            "session": "x.id",
            "name": "'Bench participant ' || x.g",
            "email": "'bench-' || x.id || '-' || x.g || '@example.test'",
            "language": "'fi'",
            "status": "CASE WHEN x.r < 0.9 THEN 'attending' WHEN x.r < 0.95 THEN 'waitlisted' "
            "ELSE 'cancelled' END",
            "attended": "CASE WHEN x.r < 0.9 AND x.starts_at < now() THEN x.r < 0.75 END",
            "created_at": "x.starts_at - interval '14 days'",
            "updated_at": "x.starts_at",
        },
        "FROM (SELECT s.id, s.starts_at, g, random() AS r FROM events_session s "
        "JOIN events_event e ON e.id = s.event_id "
        "CROSS JOIN LATERAL generate_series((SELECT count(*) FROM events_registration x "
        "WHERE x.session_id = s.id)::int + 1, %(per)s) AS g "
        "WHERE e.county_id = %(county)s AND e.title_fi LIKE %(title)s || '%%' "
        "ORDER BY s.id, g LIMIT %(missing)s) AS x",
        params,
    )
    sql(
        "UPDATE events_session s SET attending_count = (SELECT count(*) FROM events_registration r "
        "WHERE r.session_id = s.id AND r.status = 'attending') FROM events_event e "
        "WHERE e.id = s.event_id AND e.county_id = %(county)s AND e.title_fi LIKE %(title)s || '%%'",
        params,
    )
    vacuum("events_registration", "events_session")
    log(f"events: topped up to {target} registrations in {time.perf_counter() - started:.1f} s")


def fill_outcomes(county: Any, outcomes: int, inputs: int, today: date) -> None:
    from kuulu.organisation.models import Unit
    from kuulu.outcomes.models import Outcome, OutcomeInput

    bench = Outcome.objects.filter(county=county, title_fi__startswith=OUTCOME_TITLE)
    have = bench.count()
    started = time.perf_counter()
    if have < outcomes:
        units = list(Unit.objects.filter(county=county, kind="unit").values_list("id", flat=True))
        statuses = ["done", "done", "in_progress", "in_progress", "planned", "not_done"]
        made = []
        for n in range(have, outcomes):
            status = statuses[n % len(statuses)]
            decided = today - timedelta(days=(n * 7919) % 730)
            published = n % 5 < 3
            made.append(
                Outcome(
                    county=county,
                    title_fi=f"{OUTCOME_TITLE} {n + 1}",
                    title_en=f"{OUTCOME_TITLE} {n + 1}",
                    description_fi="Benchmark outcome.",
                    decided_by="Bench board",
                    decided_on=decided,
                    status=status,
                    not_done_reason_fi="Budget." if status == "not_done" else "",
                    progress={"done": 100, "in_progress": 40 + n % 50}.get(status, 0),
                    follow_up_due=decided + timedelta(days=90 + n % 300)
                    if status in ("planned", "in_progress")
                    else None,
                    is_published=published,
                    published_at=aware(decided, 12) if published else None,
                )
            )
        created = Outcome.objects.bulk_create(made, batch_size=1000)
        if units:
            through = Outcome.units.through
            through.objects.bulk_create(
                [
                    through(outcome_id=o.pk, unit_id=units[o.pk % len(units)])
                    for o in created
                    if o.pk
                ],
                batch_size=2000,
            )
    linked = OutcomeInput.objects.filter(outcome__in=bench).count()
    if linked < inputs:
        # Input i goes to outcome i mod n, as its (i div n)-th link; the feedback item is picked
        # by a stride through the county's feedback in id order, so one outcome never links the
        # same item twice and about `inputs` different items are linked.
        n_outcomes = bench.count()
        per_outcome = math.ceil(inputs / max(n_outcomes, 1))
        insert_select(
            OutcomeInput,
            {
                "outcome": "o.id",
                "kind": "'feedback'",
                "object_id": "f.id::text",
                "label": "f.reference",
                "linked_at": "now()",
            },
            "FROM generate_series(%(first)s::int, %(last)s::int) AS g "
            "JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM outcomes_outcome "
            "WHERE county_id = %(county)s AND title_fi LIKE %(title)s || '%%') AS o "
            "ON o.rn = g %% %(n_outcomes)s "
            "JOIN (SELECT id, reference, row_number() OVER (ORDER BY id) - 1 AS rn "
            "FROM feedback_feedback WHERE county_id = %(county)s) AS f "
            "ON f.rn = (((g %% %(n_outcomes)s) * %(per)s + g / %(n_outcomes)s) * 37) %% "
            "(SELECT count(*) FROM feedback_feedback WHERE county_id = %(county)s) "
            "ON CONFLICT DO NOTHING",
            {
                "first": linked,
                "last": inputs - 1,
                "county": county.pk,
                "title": OUTCOME_TITLE,
                "n_outcomes": n_outcomes,
                "per": per_outcome,
            },
        )
    if have < outcomes or linked < inputs:
        vacuum("outcomes_outcome", "outcomes_outcome_units", "outcomes_outcomeinput")
        log(
            f"outcomes: {outcomes} outcomes, {inputs} inputs in "
            f"{time.perf_counter() - started:.1f} s"
        )


def row_counts(county: Any) -> dict[str, int]:
    def count(name: str, statement: str) -> int | None:
        try:
            return int(scalar(statement, {"county": county.pk}))
        except Exception as exc:  # a table not there yet
            errors[f"rows_{name}"] = str(exc)
            return None

    return {
        "feedback": count(
            "feedback", "SELECT count(*) FROM feedback_feedback WHERE county_id = %(county)s"
        ),
        "published_feedback": count(
            "published",
            "SELECT count(*) FROM feedback_publishedfeedback p JOIN feedback_feedback f "
            "ON f.id = p.feedback_id WHERE f.county_id = %(county)s",
        ),
        "survey_responses": count(
            "responses",
            "SELECT count(*) FROM surveys_response r JOIN surveys_survey s ON s.id = r.survey_id "
            "WHERE s.county_id = %(county)s",
        ),
        "survey_answers": count(
            "answers",
            "SELECT count(*) FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id "
            "JOIN surveys_survey s ON s.id = r.survey_id WHERE s.county_id = %(county)s",
        ),
        "survey_invitations": count(
            "invitations",
            "SELECT count(*) FROM surveys_invitation i JOIN surveys_survey s "
            "ON s.id = i.survey_id WHERE s.county_id = %(county)s",
        ),
        "registrations": count(
            "registrations",
            "SELECT count(*) FROM events_registration r JOIN events_session s "
            "ON s.id = r.session_id JOIN events_event e ON e.id = s.event_id "
            "WHERE e.county_id = %(county)s",
        ),
        "outcomes": count(
            "outcomes", "SELECT count(*) FROM outcomes_outcome WHERE county_id = %(county)s"
        ),
        "outcome_inputs": count(
            "inputs",
            "SELECT count(*) FROM outcomes_outcomeinput i JOIN outcomes_outcome o "
            "ON o.id = i.outcome_id WHERE o.county_id = %(county)s",
        ),
    }


# --- measurements ---------------------------------------------------------------------------


def median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 1)


def clear_caches() -> None:
    """Empty the Django cache and every functools cache in the indicators app's modules."""
    from django.core.cache import cache

    cache.clear()
    for name, module in list(sys.modules.items()):
        if not name.startswith("kuulu.indicators") or module is None:
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def measure_baseline(client: Any, runs: int) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        times = []
        for _ in range(max(runs * 20, 50)):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            times.append(time.perf_counter() - started)
    select1 = round(statistics.median(times) * 1000, 3)
    client.get("/robots.txt")
    times = []
    for _ in range(max(runs * 5, 20)):
        started = time.perf_counter()
        response = client.get("/robots.txt")
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"/robots.txt answered {response.status_code}")
    return {"select1_ms": select1, "baseline_ms": median_ms(times)}


def measure_indicators(county_id: int, today: date, runs: int) -> dict[str, Any]:
    from kuulu.indicators import selectors
    from kuulu.indicators.types import Scope

    scope = Scope(county_id=county_id)
    periods = last_quarters(today)
    defs = [d for d in selectors.indicator_catalogue(county_id=county_id) if not d.manual]
    codes = [d.code for d in defs]

    def all_indicators() -> dict[str, list[Any]]:
        return {
            code: selectors.indicator_trend(scope=scope, code=code, periods=periods)
            for code in codes
        }

    cold, warm = [], []
    result: dict[str, list[Any]] = {}
    for _ in range(runs):
        clear_caches()
        started = time.perf_counter()
        result = all_indicators()
        cold.append(time.perf_counter() - started)
    for _ in range(runs):
        started = time.perf_counter()
        all_indicators()
        warm.append(time.perf_counter() - started)
    # The first read after a change: one feedback item's score changed by a bulk UPDATE (as
    # happens all day in production); the caches must notice and recompute what depends on it.
    changed = sql(
        "UPDATE feedback_feedback SET score = CASE WHEN score IS NULL THEN 10 END, "
        "updated_at = now() WHERE id = (SELECT min(id) FROM feedback_feedback "
        "WHERE county_id = %(county)s AND reference LIKE 'BENCH-%%' "
        "AND received_at > now() - interval '300 days') RETURNING id",
        {"county": county_id},
    )
    started = time.perf_counter()
    after = all_indicators()
    after_change = time.perf_counter() - started
    # A score added or removed changes the count of scores behind the NPS of its quarter.
    nps_before, nps_after = result.get("feedback_nps"), after.get("feedback_nps")
    # Which source costs what (cold, each alone, one run) and the one-call batch variant.
    sources: dict[str, float] = {}
    for source in dict.fromkeys(getattr(d, "source", "") for d in defs):
        clear_caches()
        started = time.perf_counter()
        for d in defs:
            if getattr(d, "source", "") == source:
                selectors.indicator_trend(scope=scope, code=d.code, periods=periods)
        sources[source or "?"] = round((time.perf_counter() - started) * 1000, 1)
    series_cold = series_warm = None
    if hasattr(selectors, "indicator_series"):
        clear_caches()
        started = time.perf_counter()
        selectors.indicator_series(scope=scope, periods=periods, codes=codes)
        series_cold = round((time.perf_counter() - started) * 1000, 1)
        started = time.perf_counter()
        selectors.indicator_series(scope=scope, periods=periods, codes=codes)
        series_warm = round((time.perf_counter() - started) * 1000, 1)
    with_data = sum(1 for values in result.values() if any(v.value is not None for v in values))
    latest = {code: values[-2].value for code, values in result.items() if values}
    return {
        "indicators_ms": median_ms(warm),
        "indicators_cold_ms": median_ms(cold),
        "indicators_runs_ms": [round(t * 1000, 1) for t in warm],
        "indicators_cold_runs_ms": [round(t * 1000, 1) for t in cold],
        "indicators_series_ms": series_warm,
        "indicators_series_cold_ms": series_cold,
        "indicator_sources_cold_ms": sources,
        "indicators_after_change_ms": round(after_change * 1000, 1),
        "after_change_recomputed": bool(changed)
        and nps_after is not None
        and nps_before != nps_after,
        "indicators": len(codes),
        "indicators_with_data": with_data,
        "quarters": [p.label for p in periods],
        "previous_quarter_values": latest,
    }


def manager_client() -> Any:
    from django.test import Client

    from kuulu.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=MANAGER_EMAIL))
    return client


def measure_home(client: Any, runs: int) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    with translation.override("fi"):
        url = reverse("workspace:home")

    def get() -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return elapsed

    cold = []
    for _ in range(runs):
        clear_caches()
        cold.append(get())
    get()  # warm-up
    warm = [get() for _ in range(runs)]
    with CaptureQueriesContext(connection) as queries:
        get()
    cache.clear()
    with CaptureQueriesContext(connection) as cold_queries:
        get()
    return {
        "home_ms": median_ms(warm),
        "home_cold_ms": median_ms(cold),
        "home_runs_ms": [round(t * 1000, 1) for t in warm],
        "home_cold_runs_ms": [round(t * 1000, 1) for t in cold],
        "home_queries": len(queries),
        "home_cold_queries": len(cold_queries),
        "home_url": url,
    }


def measure_report(county: Any, today: date) -> dict[str, Any]:
    """Last year's report: its draft preview PDF (figures gathered live, then rendered), then
    publishing it (the figures frozen into the snapshot), then the published report's PDF made
    from the snapshot with the cache emptied first (as the first download after publishing).
    A report already there is unpublished first, so every run measures the same work."""
    from django.core.cache import cache

    from kuulu.reports import selectors, services
    from kuulu.reports.models import Report

    user = _bench_owner(county.pk)
    year = today.year - 1
    report = Report.objects.filter(county=county, year=year).first()
    if report is None:
        report = services.create_report(county=county, year=year, user=user)
    elif report.is_published:
        report = services.unpublish_report(report=report, user=user)
    cache.clear()
    started = time.perf_counter()
    draft = selectors.report_pdf(report, language="fi", today=today)
    preview = time.perf_counter() - started
    started = time.perf_counter()
    report = services.publish_report(report=report, user=user, today=today)
    publish = time.perf_counter() - started
    cache.clear()
    started = time.perf_counter()
    data = selectors.report_pdf(report, language="fi", today=today)
    seconds = time.perf_counter() - started
    if not data.startswith(b"%PDF"):
        raise RuntimeError("the report PDF does not start with %PDF")
    return {
        "report_s": round(seconds, 2),
        "report_publish_s": round(publish, 2),
        "report_preview_s": round(preview, 2),
        "report_pdf_bytes": len(data),
        "report_preview_bytes": len(draft),
        "report_year": year,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feedback", type=int, default=1_000_000)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--registrations", type=int, default=50_000)
    parser.add_argument("--outcomes", type=int, default=5_000)
    parser.add_argument("--inputs", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure (median)")
    parser.add_argument(
        "--skip-fill",
        action="store_true",
        help="measure only: no migrate, demo load or top-up (the data must be there)",
    )
    args = parser.parse_args()

    load_start = [round(x, 2) for x in os.getloadavg()]
    log(f"load average at start: {load_start}; database {DB_URL.rsplit('/', 1)[1]}")
    if args.skip_fill:
        ensure_database()
    else:
        prepare_database()
    survey_bench.configure(migrate=False)

    from django.conf import settings
    from django.utils import timezone

    from kuulu.organisation.models import County

    settings.ALLOWED_HOSTS = ["*"]
    from django.db import ProgrammingError

    try:
        county = County.objects.filter(slug=COUNTY_SLUG).first()
    except ProgrammingError:  # not migrated yet
        county = None
    if county is None:
        raise SystemExit(
            f"No county {COUNTY_SLUG!r} in the database: run once without --skip-fill."
        )
    today = timezone.localdate()

    if not args.skip_fill:
        started = time.perf_counter()
        attempt("fill_feedback", lambda: fill_feedback(county.pk, args.feedback))
        attempt("fill_surveys", lambda: fill_surveys(county, args.responses, today))
        attempt("fill_registrations", lambda: fill_registrations(county, args.registrations))
        attempt("fill_outcomes", lambda: fill_outcomes(county, args.outcomes, args.inputs, today))
        log(f"fill checked in {time.perf_counter() - started:.1f} s")
    rows = row_counts(county)
    log(f"rows: {rows}")

    result: dict[str, Any] = {
        "indicators_ms": None,
        "indicators_cold_ms": None,
        "home_ms": None,
        "home_cold_ms": None,
        "report_s": None,
        "report_publish_s": None,
        "report_preview_s": None,
    }
    client = manager_client()
    result.update(measure_baseline(client, args.runs))
    log(f"baseline: SELECT 1 {result['select1_ms']} ms, /robots.txt {result['baseline_ms']} ms")
    indicators = attempt("indicators", lambda: measure_indicators(county.pk, today, args.runs))
    if indicators:
        result.update(indicators)
        log(
            f"indicators ({indicators['indicators']}, {QUARTERS} quarters): warm "
            f"{indicators['indicators_ms']} ms, cold {indicators['indicators_cold_ms']} ms; "
            f"cold by source {indicators['indicator_sources_cold_ms']}"
        )
    home = attempt("home", lambda: measure_home(client, args.runs))
    if home:
        result.update(home)
        log(
            f"workspace home ({MANAGER_EMAIL}): warm {home['home_ms']} ms "
            f"({home['home_queries']} queries), cold {home['home_cold_ms']} ms"
        )
    report = attempt("report", lambda: measure_report(county, today))
    if report:
        result.update(report)
        log(
            f"yearly report {report['report_year']}: draft preview PDF "
            f"{report['report_preview_s']} s, publish {report['report_publish_s']} s, "
            f"PDF of the published report ({report['report_pdf_bytes']} bytes) "
            f"{report['report_s']} s"
        )
    load_end = [round(x, 2) for x in os.getloadavg()]
    log(f"load average at end: {load_end}")
    result.update(
        {
            "rows": rows,
            "load": {"start": load_start, "end": load_end},
            "cpu_count": os.cpu_count(),
            "runs": args.runs,
            "errors": errors,
        }
    )
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
