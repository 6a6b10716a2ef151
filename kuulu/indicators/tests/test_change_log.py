"""Fingerprints: every change to what a source reads changes its fingerprint (on PostgreSQL
through the change log of indicators migrations 0002 and 0003, elsewhere by checksums)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kuulu.feedback.models import Feedback
from kuulu.indicators import change_log, selectors
from kuulu.indicators.catalogue import SOURCES
from kuulu.indicators.selectors import last_quarters
from kuulu.indicators.tests.fixtures import at, feedback
from kuulu.indicators.types import Scope
from kuulu.organisation.models import County, Unit
from kuulu.workspace.demo import load_demo


def test_every_kind_of_write_to_a_column_read_changes_the_feedback_fingerprint(org):
    # given two items
    first = feedback(org.county, org.unit_a, "2026-02-01", due="2026-02-10", score=7)
    second = feedback(org.county, org.unit_b, "2026-02-02")

    def fingerprint() -> object:
        # the fingerprint the cache is keyed by: the change log on PostgreSQL, else checksums
        return selectors._fingerprint("feedback", org.county.pk, {})

    seen = [fingerprint()]

    def changed() -> bool:
        seen.append(fingerprint())
        return seen[-1] != seen[-2]

    # when / then: each write is seen, also conditional bulk UPDATEs leaving updated_at alone
    Feedback.objects.filter(unit=org.unit_b).update(unit=org.unit_a)
    assert changed()
    Feedback.objects.filter(score__gte=5).update(score=4)
    assert changed()
    Feedback.objects.filter(pk=first.pk).update(due_on=date(2026, 2, 11))
    assert changed()
    Feedback.objects.filter(pk=second.pk).update(received_at=at("2026-02-03"))
    assert changed()
    Feedback.objects.filter(pk=second.pk).update(answered_at=at("2026-02-05"))
    assert changed()
    feedback(org.county, org.unit_a, "2026-02-04")
    assert changed()
    Feedback.objects.filter(pk=second.pk).delete()
    assert changed()
    Feedback.objects.filter(pk=first.pk).update(text="Muokattu")
    assert not changed()  # a column the indicators do not read: the same fingerprint


# --- the change log of every source (indicators migration 0002) ------------------------------

_TABLE = re.compile(r'(?:FROM|JOIN)\s+"([a-z0-9_]+)"')


def _watched(source: str) -> set[str]:
    """The tables a source's fingerprint covers: its own and those of the sources it reads
    through."""
    module = selectors._source_module(source)
    tables = set(module.WATCHES)
    for dependency in getattr(module, "DEPENDS", ()):
        tables |= _watched(dependency)
    return tables


def _all_sources() -> tuple[str, ...]:
    return (*SOURCES, "manual")


@pytest.mark.django_db
def test_each_source_watches_every_table_its_computation_and_fingerprint_read():
    # given the demo county, which has data for every source
    load_demo()
    county = County.objects.get(slug="kainuu")
    area = Unit.objects.filter(county=county, parent=None).first()
    unit = Unit.objects.filter(county=county, parent=area).first()
    scopes = [
        Scope(county.pk),
        Scope(county.pk, unit_path=unit.path),
        Scope(county.pk, service_area_id=area.pk),
        Scope(county.pk, municipality_id=county.municipalities.first().pk),
    ]
    today = timezone.localdate()
    periods = last_quarters(today=today, count=4)
    existing = set(connection.introspection.table_names())
    missing = {}
    for name in _all_sources():
        module = selectors._source_module(name)
        # when the source computes every kind of scope and fingerprints (the aggregates)
        with CaptureQueriesContext(connection) as queries:
            for scope in scopes:
                module.compute(county_id=county.pk, scope=scope, periods=periods, today=today)
            if hasattr(module, "compute_by_area"):
                module.compute_by_area(
                    county_id=county.pk, area_ids=[area.pk], periods=periods[-1:], today=today
                )
            module.fingerprint(county_id=county.pk)
        read = {t for q in queries.captured_queries for t in _TABLE.findall(q["sql"])}
        # then every table read is watched, and every watched table exists
        missing[name] = (read - _watched(name), set(module.WATCHES) - existing)
    assert {k: v for k, v in missing.items() if v[0] or v[1]} == {}


@pytest.mark.django_db
def test_every_watched_table_has_the_change_log_trigger(postgres):
    watched = set().union(*(selectors._source_module(s).WATCHES for s in _all_sources()))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal"
        )
        triggers = set(cursor.fetchall())
    for table in watched:
        assert (table, "indicators_change") in triggers, table
        assert (table, "indicators_change_truncate") in triggers, table
    # and the feedback items' own log of feedback migration 0005 is gone
    assert not any(name.startswith("feedback_indicator") for _, name in triggers)
    assert "feedback_indicator_change" not in connection.introspection.table_names()


def test_a_write_to_a_watched_table_changes_its_sources_fingerprints_and_no_other(org, postgres):
    from kuulu.surveys.models import Survey

    def fingerprints() -> dict[str, object]:
        memo: dict[str, object] = {}
        return {s: selectors._fingerprint(s, org.county.pk, memo) for s in _all_sources()}

    before = fingerprints()
    # when: a statement that changes no row but runs on survey rows (a bulk UPDATE that leaves
    # updated_at alone is seen the same way)
    Survey.objects.filter(pk=-1).update(title_fi="x")
    after = fingerprints()
    # then the sources reading surveys see it (outcomes and data collections too), no other
    changed = {s for s in before if before[s] != after[s]}
    assert changed == {"surveys", "outcomes", "datacollection"}
    # when a unit is renamed in bulk: every scoped source
    Unit.objects.filter(pk=org.unit_a.pk).update(path=org.unit_a.path)
    again = fingerprints()
    assert {s for s in after if after[s] != again[s]} == {
        s for s in _all_sources() if "organisation_unit" in _watched(s)
    }


def test_every_fingerprint_of_a_call_is_one_query_on_postgresql(
    org, postgres, django_assert_num_queries
):
    memo: dict[str, object] = {}
    with django_assert_num_queries(1):
        selectors._prefetch_fingerprints(_all_sources(), memo)
        for source in _all_sources():
            selectors._fingerprint(source, org.county.pk, memo)


def test_a_call_reads_the_log_of_only_the_tables_its_sources_watch(org, postgres):
    # given changes logged for surveys and for feedback items
    from kuulu.surveys.models import Survey

    Survey.objects.filter(pk=-1).update(title_fi="x")
    feedback(org.county, org.unit_a, "2026-02-01")
    # when one feedback indicator is read
    with CaptureQueriesContext(connection) as queries:
        selectors.indicator_series(
            scope=Scope(org.county.pk),
            periods=last_quarters(today=date(2026, 3, 31), count=1),
            codes=["feedback_on_time"],
        )
    # then one read of the log, asking for exactly the feedback source's tables
    reads = [q["sql"] for q in queries.captured_queries if "indicators_change" in q["sql"]]
    assert len(reads) == 1
    asked = set(re.search(r"ANY\('\{([a-z0-9_,]+)\}'\)", reads[0]).group(1).split(","))
    assert asked == selectors._watched_tables("feedback")
    assert "surveys_survey" not in asked


def test_a_change_committed_late_with_a_lower_id_still_changes_the_stamp(
    postgres, transactional_db
):
    # given two other sessions: the first writes and waits, the second writes and commits
    settings = connection.settings_dict
    params = {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
    }
    with psycopg.connect(**params) as slow, psycopg.connect(**params, autocommit=True) as fast:
        slow.execute("UPDATE surveys_survey SET id = id WHERE false")  # its log row: lower id
        fast.execute("UPDATE surveys_survey SET id = id WHERE false")
        seen = change_log.stamp(["surveys_survey"])
        # when the first commits after the stamp was read
        slow.commit()
        # then the stamp differs although the max id is the same
        now = change_log.stamp(["surveys_survey"])
    assert now != seen
    assert now[1][1][1] == seen[1][1][1]


def test_pruning_keeps_each_tables_newest_row_and_changes_the_stamp(org, postgres):
    from kuulu.surveys.models import Survey

    for _ in range(3):
        Survey.objects.filter(pk=-1).update(title_fi="x")
        Unit.objects.filter(pk=-1).update(name_fi="x")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE indicators_change SET changed_at = now() - interval '2 days'")
    before = change_log.stamp(["surveys_survey", "organisation_unit"])
    change_log.prune(keep=timedelta(days=1))
    after = change_log.stamp(["surveys_survey", "organisation_unit"])
    # then one row of each table is left, with the same max id, so an old stamp never returns
    assert after != before
    assert [entry[1][0] for entry in after[1:]] == [1, 1]
    assert [entry[1][1] for entry in after[1:]] == [entry[1][1] for entry in before[1:]]


def test_reading_many_tables_at_once_gives_what_reading_each_gives(org, postgres):
    # given changes to two tables
    from kuulu.surveys.models import Survey

    Survey.objects.filter(pk=-1).update(title_fi="x")
    Survey.objects.filter(pk=-1).update(title_fi="y")
    feedback(org.county, org.unit_a, "2026-02-01")
    every = sorted(set().union(*(selectors._watched_tables(s) for s in _all_sources())))
    assert len(every) > change_log._FEW_TABLES  # so the whole log is read in one pass
    # when every watched table is read at once, and each on its own
    together = change_log.read_log([*every, "no_such_table"])
    alone = {table: change_log.read_log([table])[table] for table in [*every, "no_such_table"]}
    # then the same figures, for exactly the tables asked
    assert together == alone
    assert together["surveys_survey"][0] >= 2
    assert together["no_such_table"] == (0, None)
