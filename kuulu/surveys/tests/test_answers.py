"""Validation of every question type and the conditional logic."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from kuulu.organisation.tests.factories import make_county
from kuulu.surveys import services
from kuulu.surveys.answers import AnswerError, clean_question, load_questionnaire
from kuulu.surveys.models import Condition
from kuulu.surveys.tests.factories import add_question, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def survey():  # type: ignore[no-untyped-def]
    return make_survey(make_county())


def _error(question, raw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(AnswerError) as exc:
        clean_question(question, raw)
    return str(exc.value)


def test_required_question_needs_an_answer(survey):
    question = add_question(survey, kind="short_text", key="name", required=True)
    assert _error(question, "  ") == "This question needs an answer."
    assert _error(question, None) == "This question needs an answer."


def test_optional_question_left_empty_is_no_answer(survey):
    question = add_question(survey, kind="single", key="pick")
    assert clean_question(question, "") is None
    assert clean_question(question, []) is None


def test_single_choice_must_be_an_option_of_the_question(survey):
    question = add_question(survey, kind="single", key="pick")
    assert clean_question(question, "b") == "b"
    assert _error(question, "z") == "Choose one of the options given."
    assert _error(question, ["a"]) == "Choose one of the options given."


def test_multiple_choice_keeps_option_order_and_refuses_unknown_and_repeats(survey):
    question = add_question(survey, kind="multiple", key="many")
    assert clean_question(question, ["c", "a"]) == ["a", "c"]
    assert clean_question(question, "b") == ["b"]
    message = "Choose only among the options given, each at most once."
    assert _error(question, ["a", "x"]) == message
    assert _error(question, ["a", "a"]) == message


def test_likert_value_must_be_on_the_scale(survey):
    question = add_question(survey, kind="likert", key="agree", scale_min=1, scale_max=5)
    assert clean_question(question, "4") == 4
    assert clean_question(question, 5) == 5
    assert _error(question, "6") == "Choose a value from 1 to 5."
    assert _error(question, "0") == "Choose a value from 1 to 5."
    assert _error(question, "2.5") == "Choose a value from 1 to 5."
    assert _error(question, True) == "Choose a value from 1 to 5."


def test_scale_0_10_takes_whole_numbers_from_0_to_10(survey):
    question = add_question(survey, kind="scale_0_10", key="nps")
    assert clean_question(question, "0") == 0
    assert clean_question(question, 10) == 10
    assert _error(question, "11") == "Choose a whole number from 0 to 10."
    assert _error(question, "7.5") == "Choose a whole number from 0 to 10."
    assert _error(question, "-1") == "Choose a whole number from 0 to 10."


def test_number_within_limits_accepts_decimal_comma(survey):
    question = add_question(
        survey, kind="number", key="age", number_min=Decimal("18"), number_max=Decimal("99")
    )
    assert clean_question(question, "42") == "42"
    assert clean_question(question, "42,5") == "42.5"
    assert _error(question, "17") == "Enter a number of at least 18."
    assert _error(question, "100") == "Enter a number of at most 99."
    assert _error(question, "forty") == "Enter a number, with at most two decimals."
    assert _error(question, "1e3") == "Enter a number, with at most two decimals."


def test_long_text_defaults_to_4000_characters(survey):
    question = add_question(survey, kind="long_text", key="story")
    assert clean_question(question, "x" * 4000) == "x" * 4000
    assert _error(question, "x" * 4001) == (
        "Keep the answer within 4000 characters; it now has 4001."
    )


def test_short_text_uses_its_max_length(survey):
    question = add_question(survey, kind="short_text", key="word", max_length=5)
    assert clean_question(question, " abcde ") == "abcde"
    assert _error(question, "abcdef") == "Keep the answer within 5 characters; it now has 6."
    assert _error(question, "a\x00b") == "Enter text."


def test_date_must_be_a_real_date(survey):
    question = add_question(survey, kind="date", key="when")
    assert clean_question(question, "2024-05-31") == "2024-05-31"
    assert clean_question(question, "31.5.2024") == "2024-05-31"
    message = "Enter a real date, for example 31.5.2024 or 2024-05-31."
    assert _error(question, "2024-02-30") == message
    assert _error(question, "tomorrow") == message


def test_a_date_answer_is_refused_outside_the_years_a_person_lives_in(survey):
    # A slip on a phone (31.5.0024, 31.5.2204) is a wrong answer, not a date to tally.
    question = add_question(survey, kind="date", key="born")
    assert clean_question(question, "1.1.1900") == "1900-01-01"
    assert clean_question(question, "2100-12-31") == "2100-12-31"
    message = "Give a date between the years 1900 and 2100."
    assert _error(question, "31.5.0024") == message
    assert _error(question, "1899-12-31") == message
    assert _error(question, "31.5.2204") == message
    assert _error(question, "9999-12-31") == message


def test_required_matrix_needs_every_statement(survey):
    question = add_question(survey, kind="matrix", key="grid", required=True)
    assert clean_question(question, {"r1": "1", "r2": "5"}) == {"r1": 1, "r2": 5}
    assert _error(question, {"r1": "1", "r2": ""}) == "Answer every statement."
    assert _error(question, {"r1": "1", "r2": "9"}) == "Choose a value from 1 to 5."
    assert _error(question, {"r1": "1", "zz": "2"}) == "Answer only the statements given."


def test_optional_matrix_may_be_partly_answered(survey):
    question = add_question(survey, kind="matrix", key="grid")
    assert clean_question(question, {"r1": "", "r2": "3"}) == {"r2": 3}


def test_ranking_must_be_a_permutation(survey):
    question = add_question(survey, kind="ranking", key="order")
    assert clean_question(question, ["c", "a", "b"]) == ["c", "a", "b"]
    assert clean_question(question, {"a": "2", "b": "3", "c": "1"}) == ["c", "a", "b"]
    message = "Give each option a different rank from 1 to 3."
    assert _error(question, {"a": "1", "b": "1", "c": "2"}) == message
    assert _error(question, ["a", "b"]) == message
    assert _error(question, ["a", "b", "b"]) == message
    assert _error(question, {"a": "1", "b": "2", "c": "4"}) == message


def test_conditions_hide_questions_and_pages(survey):
    role = add_question(survey, kind="single", key="role")
    page2 = services.add_page(survey=survey, actor=None, title_fi="Toinen")
    why = add_question(survey, kind="long_text", key="why", page=page2, required=True)
    page3 = services.add_page(survey=survey, actor=None, title_fi="Kolmas")
    add_question(survey, kind="short_text", key="last", page=page3)
    services.add_condition(
        survey=survey,
        source=role,
        operator="in",
        values=["a", "b"],
        target_question=why,
        actor=None,
    )
    score = add_question(survey, kind="scale_0_10", key="score")
    services.add_condition(
        survey=survey, source=score, operator="gte", values=["7"], target_page=page3, actor=None
    )
    survey.refresh_from_db()
    q = load_questionnaire(survey.current_version)
    pages = q.pages
    assert q.visible_questions(pages[1], {"role": "a"})[0].key == "why"
    assert q.visible_questions(pages[1], {"role": "c"}) == []
    assert q.page_visible(pages[2], {"score": 7})
    assert not q.page_visible(pages[2], {"score": 6})
    assert not q.page_visible(pages[2], {})
    kept, visible = q.prune({"role": "c", "why": "x", "score": 3, "last": "y"})
    assert kept == {"role": "c", "score": 3}
    assert [p.pk for p in visible] == [pages[0].pk, pages[1].pk]
    assert q.required_missing({"role": "a", "score": 3}) == {"why": pages[1]}


def test_condition_source_must_be_on_an_earlier_page(survey):
    first = add_question(survey, kind="single", key="role")
    second = add_question(survey, kind="short_text", key="other")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.add_condition(
            survey=survey,
            source=first,
            operator="equals",
            values=["a"],
            target_question=second,
            actor=None,
        )
    assert exc.value.message_dict == {"source": ["Choose a question on an earlier page."]}
    assert Condition.objects.count() == 0


def test_condition_values_must_be_options_of_a_choice_source(survey):
    from django.core.exceptions import ValidationError

    role = add_question(survey, kind="single", key="role")
    page2 = services.add_page(survey=survey, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.add_condition(
            survey=survey,
            source=role,
            operator="equals",
            values=["zz"],
            target_page=page2,
            actor=None,
        )
    assert exc.value.message_dict == {"values": ["Use the option values of the question: a, b, c."]}


def test_a_date_condition_compares_dates_written_as_the_form_shows_them(survey):
    # The respondent's form takes 31.5.2024 as well as 2024-05-31, and the answer is stored as
    # 2024-05-31; a condition written "1.6.2024" compared texts, so "2024-05-31" >= "1.6.2024"
    # held (and an equals never did).
    from django.core.exceptions import ValidationError

    visit = add_question(survey, kind="date", key="visit")
    page2 = services.add_page(survey=survey, actor=None, title_fi="Kesän jälkeen")
    services.add_condition(
        survey=survey,
        source=visit,
        operator="gte",
        values=["1.6.2024"],
        target_page=page2,
        actor=None,
    )
    survey.refresh_from_db()
    condition = Condition.objects.get(version=survey.current_version)
    assert condition.values == ["2024-06-01"]
    q = load_questionnaire(survey.current_version)
    assert not q.page_visible(q.pages[1], {"visit": clean_question(visit, "31.5.2024")})
    assert q.page_visible(q.pages[1], {"visit": clean_question(visit, "2024-06-15")})

    with pytest.raises(ValidationError) as exc:
        services.add_condition(
            survey=survey,
            source=visit,
            operator="lte",
            values=["kesäkuu"],
            target_page=page2,
            actor=None,
        )
    assert exc.value.message_dict == {
        "values": ["Enter a real date, for example 31.5.2024 or 2024-05-31."]
    }


def test_a_date_condition_saved_in_the_finnish_form_still_compares_as_a_date(survey):
    from kuulu.surveys.answers import condition_holds

    visit = add_question(survey, kind="date", key="visit")
    saved = Condition(operator="gte", values=["1.6.2024"])  # as conditions were stored before

    assert not condition_holds(saved, visit, "2024-05-31")
    assert condition_holds(saved, visit, "2024-06-01")
    assert condition_holds(Condition(operator="equals", values=["1.6.2024"]), visit, "2024-06-01")
