"""The block cache of survey results (result_blocks): after new submissions only the blocks
that changed are read again, and the figures, suppression included, are exactly those computed
from scratch. Tiny blocks (2 ids) make a handful of responses span several blocks."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kuulu.surveys import result_blocks, results
from kuulu.surveys.models import Instrument, InstrumentItem, Question, Response
from kuulu.surveys.tests.results_factories import add_question, make_survey, respond, respond_many

pytestmark = pytest.mark.django_db

K = Question.Kind


@pytest.fixture(autouse=True)
def _english_and_tiny_blocks(monkeypatch):
    monkeypatch.setattr(result_blocks, "FINE", 2)
    monkeypatch.setattr(result_blocks, "MAX_BLOCKS", 4)
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def _figures(res: results.SurveyResults):  # type: ignore[no-untyped-def]
    """Everything shown, without the survey object itself."""
    return replace(res, survey=None)


def _full_survey(org):  # type: ignore[no-untyped-def]
    survey = make_survey(org.county)
    add_question(survey, "role", K.SINGLE, options=("nurse", "doctor", "other"))
    add_question(survey, "many", K.MULTIPLE, options=("a", "b"))
    add_question(survey, "agree", K.LIKERT)
    add_question(survey, "grid", K.MATRIX, rows=("r1", "r2"))
    add_question(survey, "rank", K.RANKING, options=("x", "y"))
    add_question(survey, "when", K.DATE)
    add_question(survey, "years", K.NUMBER)
    instrument = Instrument.objects.create(
        key="blocks-test",
        version="1",
        name="Scale",
        scoring={"method": "sum", "items": ["agree"], "scale": [1, 5], "rescale": True},
    )
    item = InstrumentItem.objects.create(instrument=instrument, key="agree", kind=K.LIKERT)
    Question.objects.filter(version__survey=survey, key="agree").update(instrument_item=item)
    return survey


def _answers(role: str, agree: int, **extra):  # type: ignore[no-untyped-def]
    from datetime import date

    return {
        "role": role,
        "many": ["a", "b"] if agree > 2 else ["a"],
        "agree": agree,
        "grid": {"r1": agree, "r2": 6 - agree},
        "rank": ["x", "y"] if agree > 3 else ["y", "x"],
        "when": date(2025, agree, 1),
        "years": agree * 3,
        **extra,
    }


def _populate(survey):  # type: ignore[no-untyped-def]
    respond_many(survey, 6, _answers("nurse", 5), respondent_group="staff")
    respond_many(survey, 5, _answers("doctor", 2), respondent_group="manager")
    respond_many(survey, 2, _answers("other", 1), respondent_group="manager")
    respond(survey, _answers("nurse", 4), status=Response.Status.IN_PROGRESS)


@pytest.mark.parametrize("group", ["", "respondent_group", "q:role"])
def test_figures_after_new_submissions_equal_those_computed_from_scratch(org, group):
    survey = _full_survey(org)
    _populate(survey)
    first = results.survey_results(survey, grouping_key=group)
    assert len(result_blocks.blocks_for([survey.pk]).stamps) > 1
    assert _figures(first) == _figures(
        results.survey_results(survey, grouping_key=group, use_cache=False)
    )

    respond(survey, _answers("other", 3), respondent_group="staff")
    respond(survey, _answers("doctor", 4), respondent_group="manager")

    warm = results.survey_results(survey, grouping_key=group)
    scratch = results.survey_results(survey, grouping_key=group, use_cache=False)
    assert _figures(warm) == _figures(scratch)
    assert warm.respondents == first.respondents + 2


def test_only_the_blocks_that_changed_are_read_again(org, monkeypatch):
    monkeypatch.setattr(result_blocks, "MAX_BLOCKS", 1000)  # the block size stays 2
    survey = _full_survey(org)
    _populate(survey)
    results.survey_results(survey)
    respond(survey, _answers("nurse", 3))

    with CaptureQueriesContext(connection) as ctx:
        results.survey_results(survey)

    tally = [q["sql"] for q in ctx.captured_queries if '"matrix_row_id"' in q["sql"]]
    assert len(tally) == 1
    # Restricted to the changed block's id range (both bounds), not the whole survey.
    assert tally[0].count('"response_id" >=') == 1
    assert tally[0].count('"response_id" <') == 1


def test_a_removed_response_changes_the_figures(org):
    survey = _full_survey(org)
    _populate(survey)
    before = results.survey_results(survey)
    Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).order_by("id")[
        0
    ].delete()

    after = results.survey_results(survey)

    assert after.respondents == before.respondents - 1
    assert _figures(after) == _figures(results.survey_results(survey, use_cache=False))


def test_a_group_growing_past_the_threshold_is_shown_on_the_warm_path(org):
    survey = make_survey(org.county)
    add_question(survey, "know", K.SINGLE, options=("little", "well"))
    respond_many(survey, 10, {"know": "little"}, respondent_group="manager")
    respond_many(survey, 4, {"know": "well"}, respondent_group="staff")
    res = results.survey_results(survey, grouping_key="respondent_group")
    # staff (4) is below the threshold; managers would then give it away: both hidden
    assert [(g.label, g.n, g.hidden) for g in res.group_sizes] == [
        ("managers", None, True),
        ("staff", None, True),
    ]
    assert all(row.hidden for row in res.comparisons["know"].rows)

    respond(survey, {"know": "well"}, respondent_group="staff")

    res = results.survey_results(survey, grouping_key="respondent_group")
    assert [(g.label, g.n, g.hidden) for g in res.group_sizes] == [
        ("managers", 10, False),
        ("staff", 5, False),
    ]
    assert [(r.label, r.cells) for r in res.comparisons["know"].rows] == [
        ("managers", ("100", "0")),
        ("staff", ("0", "100")),
    ]


def test_a_question_below_the_threshold_stays_hidden_when_its_answers_span_blocks(org):
    survey = make_survey(org.county)
    add_question(survey, "know", K.SINGLE, options=("a", "b"))
    add_question(survey, "extra", K.SINGLE, options=("a", "b"))
    respond_many(survey, 2, {"know": "a", "extra": "b"})
    respond_many(survey, 6, {"know": "a"})
    respond_many(survey, 2, {"know": "b", "extra": "a"})
    res = {q.meta.key: q for q in results.survey_results(survey).questions}
    assert res["extra"].suppressed  # 4 answers over several blocks, below 5
    assert res["extra"].base is None

    respond(survey, {"know": "b", "extra": "a"})

    res = {q.meta.key: q for q in results.survey_results(survey).questions}
    assert not res["extra"].suppressed
    assert res["extra"].base == 5


def test_blocks_are_coarsened_to_at_most_max_blocks_of_a_power_of_two_size():
    fine = [(fb, 1, fb * 2, f"2026-01-{fb % 28 + 1:02d}") for fb in range(0, 40, 3)]
    blocks = result_blocks.Blocks.build(fine)
    assert len(blocks.stamps) <= result_blocks.MAX_BLOCKS
    factor = blocks.size // result_blocks.FINE
    assert factor & (factor - 1) == 0
    assert sum(int(stamp.split(".")[0]) for _b, stamp in blocks.stamps) == len(fine)

    # A new response in the last fine block changes only the last block's fingerprint.
    grown = [*fine[:-1], (fine[-1][0], 2, fine[-1][2] + 77, "2026-02-01")]
    changed = dict(result_blocks.Blocks.build(grown).stamps)
    same = {b for b, stamp in blocks.stamps if changed[b] == stamp}
    assert same == {b for b, _s in blocks.stamps} - {blocks.stamps[-1][0]}


def test_blockwise_computes_only_stale_blocks_and_concatenates_rows():
    calls = []

    def compute(ranges):  # type: ignore[no-untyped-def]
        calls.append(ranges)
        return [(0, "a", 1), (1, "b", 2), (2, "c", 3)] if ranges is None else [(2, "c2", 4)]

    blocks = result_blocks.Blocks(size=10, stamps=((0, "x"), (1, "y"), (2, "z")))
    assert result_blocks.blockwise(blocks, "t", compute) == [("a", 1), ("b", 2), ("c", 3)]
    stale = result_blocks.Blocks(size=10, stamps=((0, "x"), (1, "y"), (2, "z2")))
    assert result_blocks.blockwise(stale, "t", compute) == [("a", 1), ("b", 2), ("c2", 4)]
    assert calls == [None, [(20, 30)]]
    # Nothing changed: nothing computed.
    assert result_blocks.blockwise(stale, "t", compute) == [("a", 1), ("b", 2), ("c2", 4)]
    assert len(calls) == 2
