from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from kuulu.surveys import results
from kuulu.surveys.models import Instrument, InstrumentItem, Question, Response, Survey
from kuulu.surveys.tests.results_factories import (
    add_question,
    make_survey,
    new_version,
    respond,
    respond_many,
)

pytestmark = pytest.mark.django_db

K = Question.Kind


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _by_key(res):
    return {q.meta.key: q for q in res.questions}


def test_multiple_choice_shares_are_of_respondents_not_answers(org):
    survey = make_survey(org.county)
    add_question(survey, "methods", K.MULTIPLE, options=("a", "b", "c"))
    respond_many(survey, 6, {"methods": ["a", "b"]})
    respond_many(survey, 4, {"methods": ["a"]})

    q = _by_key(results.survey_results(survey))["methods"]

    assert q.base == 10
    assert [(o.key, o.count, o.percent) for o in q.distribution.options] == [
        ("a", 10, 100),
        ("b", 6, 60),
        ("c", 0, 0),
    ]


def test_single_choice_and_in_progress_responses_do_not_count(org):
    survey = make_survey(org.county)
    add_question(survey, "know", K.SINGLE, options=("little", "some", "well"))
    respond_many(survey, 24, {"know": "little"})
    respond_many(survey, 11, {"know": "some"})
    respond_many(survey, 5, {"know": "well"})
    respond(survey, {"know": "well"}, status=Response.Status.IN_PROGRESS)

    res = results.survey_results(survey)
    q = _by_key(res)["know"]

    assert res.respondents == 40
    assert [o.percent for o in q.distribution.options] == [60, 28, 13]


def test_likert_with_top_two_box_and_mean_ci(org):
    survey = make_survey(org.county)
    add_question(survey, "agree", K.LIKERT, scale=(1, 5))
    for value, count in {1: 2, 2: 3, 3: 5, 4: 6, 5: 4}.items():
        respond_many(survey, count, {"agree": value})

    q = _by_key(results.survey_results(survey))["agree"]

    assert [o.count for o in q.distribution.options] == [2, 3, 5, 6, 4]
    assert q.scale.top_two.percent == 50
    assert q.scale.mean.mean == 3.35
    assert q.scale.mean.low < 3.35 < q.scale.mean.high
    assert q.scale.nps is None


def test_recommendation_question_gives_the_nps(org):
    survey = make_survey(org.county)
    add_question(survey, "recommend", K.SCALE_0_10)
    for value, count in {3: 2, 6: 1, 7: 2, 9: 3, 10: 2}.items():
        respond_many(survey, count, {"recommend": value})

    q = _by_key(results.survey_results(survey))["recommend"]

    assert q.scale.nps.score == 20  # 50 % promoters - 30 % detractors
    assert len(q.distribution.options) == 11


def test_number_matrix_ranking_and_date(org):
    survey = make_survey(org.county)
    add_question(survey, "age", K.NUMBER)
    add_question(survey, "grid", K.MATRIX, rows=("r1", "r2"))
    add_question(survey, "order", K.RANKING, options=("x", "y"))
    add_question(survey, "when", K.DATE)
    for i in range(6):
        respond(
            survey,
            {
                "age": 30 + i,
                "grid": {"r1": 5, "r2": 1 + (i % 2)},
                "order": ["x", "y"] if i < 4 else ["y", "x"],
                "when": date(2024, 1 + (i % 2), 10),
            },
        )

    q = _by_key(results.survey_results(survey))

    assert (q["age"].scale.mean.mean, q["age"].scale.median) == (32.5, 32.5)
    r1, r2 = q["grid"].rows
    assert (r1.scale.top_two.percent, r1.scale.mean.mean) == (100, 5.0)
    assert (r2.scale.top_two.percent, r2.scale.mean.mean) == (0, 1.5)
    assert [(r.key, r.mean_rank, r.first) for r in q["order"].ranking] == [
        ("x", 1.33, 4),
        ("y", 1.67, 2),
    ]
    assert [(o.key, o.count) for o in q["when"].distribution.options] == [
        ("2024-01", 3),
        ("2024-02", 3),
    ]


def test_a_survey_below_the_threshold_shows_nothing(org):
    survey = make_survey(org.county)
    add_question(survey, "know", K.SINGLE, options=("a",))
    respond_many(survey, 4, {"know": "a"})

    res = results.survey_results(survey)

    assert res.suppressed
    assert res.questions == ()


@override_settings(KUULU_MIN_GROUP_SIZE=10)
def test_the_threshold_is_configurable(org):
    survey = make_survey(org.county)
    add_question(survey, "know", K.SINGLE, options=("a",))
    respond_many(survey, 8, {"know": "a"})

    assert results.survey_results(survey).suppressed


def test_a_question_answered_by_few_is_hidden(org):
    survey = make_survey(org.county)
    add_question(survey, "know", K.SINGLE, options=("a",))
    add_question(survey, "extra", K.SCALE_0_10)
    respond_many(survey, 6, {"know": "a"})
    respond_many(survey, 3, {"know": "a", "extra": 10})

    q = _by_key(results.survey_results(survey))

    assert not q["know"].suppressed
    assert q["extra"].suppressed
    assert (q["extra"].base, q["extra"].scale) == (None, None)


def test_versions_are_merged_by_key_and_value(org):
    survey = make_survey(org.county)
    add_question(survey, "know", K.SINGLE, options=("a", "b"))
    respond_many(survey, 3, {"know": "a"})
    version = new_version(survey)
    add_question(survey, "know", K.SINGLE, options=("a", "b"), version=version)
    respond_many(survey, 3, {"know": "a"}, version=version)

    q = _by_key(results.survey_results(survey))["know"]

    assert q.base == 6
    assert [(o.key, o.count) for o in q.distribution.options] == [("a", 6), ("b", 0)]


def test_group_comparison_with_primary_and_secondary_suppression(org):
    survey = make_survey(org.county)
    add_question(survey, "know", K.SINGLE, options=("little", "well"))
    respond_many(survey, 10, {"know": "little"}, respondent_group="manager")
    respond_many(survey, 6, {"know": "well"}, respondent_group="staff")
    respond_many(survey, 2, {"know": "well"}, respondent_group="")

    res = results.survey_results(survey, grouping_key="respondent_group")

    # "not recorded" (2) is hidden, and so is staff (6), the smallest shown group, else
    # 2 = 18 - 10 - 6 could be derived.
    assert [(g.label, g.n, g.hidden) for g in res.group_sizes] == [
        ("managers", 10, False),
        ("staff", None, True),
        ("Not recorded", None, True),
    ]
    rows = res.comparisons["know"].rows
    assert [(r.label, r.n, r.cells) for r in rows] == [
        ("managers", 10, ("100", "0")),
        ("staff", None, ("", "")),
        ("Not recorded", None, ("", "")),
    ]


def test_comparison_by_a_background_question(org):
    survey = make_survey(org.county)
    add_question(survey, "role", K.SINGLE, options=("nurse", "doctor"))
    add_question(survey, "agree", K.LIKERT)
    respond_many(survey, 5, {"role": "nurse", "agree": 5})
    respond_many(survey, 5, {"role": "doctor", "agree": 1})

    res = results.survey_results(survey, grouping_key="q:role")

    rows = res.comparisons["agree"].rows
    assert [(r.label, r.n, r.cells[-2:]) for r in rows] == [
        ("DOCTOR", 5, ("0", "1")),
        ("NURSE", 5, ("100", "5")),
    ]
    assert "role" not in res.comparisons


def test_trends_across_rounds_of_a_series(org):
    first = make_survey(org.county, series="mapping", round_label="2022")
    add_question(first, "know", K.SINGLE, options=("little", "well"))
    respond_many(first, 6, {"know": "little"})
    respond_many(first, 4, {"know": "well"})
    second = make_survey(org.county, series="mapping", round_label="2023")
    add_question(second, "know", K.SINGLE, options=("little", "well"))
    respond_many(second, 3, {"know": "little"})
    respond_many(second, 7, {"know": "well"})

    res = results.survey_results(second)

    [trend] = res.trends
    assert [(r.label, r.n, r.cells) for r in trend.comparison.rows] == [
        ("2022", 10, ("60", "40")),
        ("2023", 10, ("30", "70")),
    ]


def test_instrument_score_with_reverse_item_and_ci(org):
    instrument = Instrument.objects.create(
        key="test-scale",
        name="Test scale",
        scoring={
            "method": "mean",
            "items": ["i1", "i2"],
            "reverse": ["i2"],
            "scale": [1, 5],
            "rescale": True,
        },
    )
    item1 = InstrumentItem.objects.create(instrument=instrument, key="i1", kind=K.LIKERT, text="1")
    item2 = InstrumentItem.objects.create(instrument=instrument, key="i2", kind=K.LIKERT, text="2")
    survey = make_survey(org.county)
    add_question(survey, "q1", K.LIKERT, instrument_item=item1)
    add_question(survey, "q2", K.LIKERT, instrument_item=item2)
    respond_many(survey, 5, {"q1": 5, "q2": 1})  # (5 + 5) / 2 = 5 → 100
    respond_many(survey, 5, {"q1": 3, "q2": 3})  # 3 → 50

    [score] = results.survey_results(survey).scores

    assert (score.name, score.n, score.mean) == ("Test scale", 10, 75.0)
    assert score.low < 75 < score.high


def test_free_text_is_masked(org):
    survey = make_survey(org.county)
    add_question(survey, "comment", K.LONG_TEXT)
    respond_many(survey, 5, {"comment": "Soita minulle 040 123 4567, terveisin Matti Virtanen"})

    q = _by_key(results.survey_results(survey))["comment"]

    assert len(q.texts) == 5
    assert "040 123 4567" not in q.texts[0]
    assert "Virtanen" not in q.texts[0]


def test_results_page_queries_do_not_grow_with_responses(
    org, client, django_assert_max_num_queries
):
    survey = make_survey(org.county, owner=org.coordinator)
    add_question(survey, "know", K.SINGLE, options=("a", "b"))
    add_question(survey, "many", K.MULTIPLE, options=("a", "b"))
    add_question(survey, "grid", K.MATRIX, rows=("r1",))
    add_question(survey, "comment", K.SHORT_TEXT)
    respond_many(survey, 30, {"know": "a", "many": ["a"], "grid": {"r1": 4}, "comment": "ok"})
    client.force_login(org.coordinator)
    url = reverse("surveys:results", args=[survey.pk])

    # 20, plus on PostgreSQL the savepoint and SET LOCAL of result_blocks.roomy_sorts (3).
    with django_assert_max_num_queries(23):
        response = client.get(url + "?group=respondent_group")

    assert response.status_code == 200


def test_cached_results_change_when_a_response_is_submitted(org):
    survey = make_survey(org.county)
    add_question(survey, "know", K.SINGLE, options=("a", "b"))
    respond_many(survey, 5, {"know": "a"})
    assert results.survey_results(survey).respondents == 5

    respond(survey, {"know": "b"})

    res = results.survey_results(survey)
    assert res.respondents == 6
    assert [o.count for o in _by_key(res)["know"].distribution.options] == [5, 1]


def test_trends_leave_out_rounds_the_viewer_may_not_see(org, clients):
    # The county-wide round is the coordinator's; the manager sees only the round of their
    # own unit, so its page must not carry the county-wide round's figures either.
    county_wide = make_survey(
        org.county, series="wellbeing", round_label="2024", owner=org.coordinator
    )
    add_question(county_wide, "know", K.SINGLE, options=("little", "well"))
    respond_many(county_wide, 6, {"know": "little"})
    own = make_survey(
        org.county,
        series="wellbeing",
        round_label="2025",
        audience=Survey.Audience.STAFF,
        units=[org.unit_a],
    )
    add_question(own, "know", K.SINGLE, options=("little", "well"))
    respond_many(own, 5, {"know": "well"})
    url = reverse("surveys:results", args=[own.pk])

    manager_page = clients["manager"].get(url)
    coordinator_page = clients["coordinator"].get(url)

    assert (
        clients["manager"].get(reverse("surveys:results", args=[county_wide.pk])).status_code == 403
    )
    assert manager_page.status_code == 200
    assert manager_page.context["results"].trends == ()
    assert [r.round_label for r in manager_page.context["results"].rounds] == ["2025"]
    [trend] = coordinator_page.context["results"].trends
    assert [(r.label, r.n) for r in trend.comparison.rows] == [("2024", 6), ("2025", 5)]


def test_trends_hide_a_round_below_its_own_threshold(org):
    # The first round promised its respondents groups of at least 8.
    first = make_survey(org.county, series="mapping", round_label="2022", min_group_size=8)
    add_question(first, "know", K.SINGLE, options=("little", "well"))
    respond_many(first, 7, {"know": "little"})
    second = make_survey(org.county, series="mapping", round_label="2023")
    add_question(second, "know", K.SINGLE, options=("little", "well"))
    respond_many(second, 6, {"know": "little"})

    res = results.survey_results(second)

    [trend] = res.trends
    assert [(r.label, r.n, r.hidden) for r in trend.comparison.rows] == [
        ("2022", None, True),
        ("2023", 6, False),
    ]
