import pytest

from kuulu.learning.scoring import Question, score_quiz

QUESTIONS = [
    Question(id=1, right_choices=frozenset({11})),
    Question(id=2, right_choices=frozenset({21, 22})),
    Question(id=3, right_choices=frozenset({31})),
]


def test_all_right_scores_100_and_passes():
    result = score_quiz(QUESTIONS, {1: [11], 2: [22, 21], 3: [31]}, pass_mark=80)
    assert (result.score, result.passed, result.right, result.total) == (100, True, 3, 3)
    assert result.wrong_question_ids == frozenset()


def test_multiple_choice_needs_exactly_the_right_set():
    too_few = score_quiz(QUESTIONS, {1: [11], 2: [21], 3: [31]}, pass_mark=0)
    too_many = score_quiz(QUESTIONS, {1: [11], 2: [21, 22, 23], 3: [31]}, pass_mark=0)
    assert too_few.wrong_question_ids == frozenset({2})
    assert too_many.wrong_question_ids == frozenset({2})


def test_score_is_rounded_down_and_compared_with_pass_mark():
    result = score_quiz(QUESTIONS, {1: [11], 2: [21, 22]}, pass_mark=67)
    assert result.score == 66  # 2/3 = 66.67 %, rounded down
    assert result.passed is False
    assert score_quiz(QUESTIONS, {1: [11], 2: [21, 22]}, pass_mark=66).passed is True


def test_unanswered_questions_are_wrong_and_unknown_ones_ignored():
    result = score_quiz(QUESTIONS, {3: [31], 99: [1]}, pass_mark=50)
    assert result.score == 33
    assert result.wrong_question_ids == frozenset({1, 2})


def test_empty_answer_to_a_question_without_right_choices_is_not_right():
    result = score_quiz([Question(id=1, right_choices=frozenset())], {1: []}, pass_mark=0)
    assert result.score == 0


def test_pass_mark_zero_passes_everything_and_invalid_input_is_refused():
    assert score_quiz(QUESTIONS, {}, pass_mark=0).passed is True
    with pytest.raises(ValueError, match="without questions"):
        score_quiz([], {}, pass_mark=50)
    with pytest.raises(ValueError, match="percentage"):
        score_quiz(QUESTIONS, {}, pass_mark=101)
