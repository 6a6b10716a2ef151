"""Scoring a quiz answer sheet. Pure Python, no Django: the service feeds it plain data.

A question counts as right only when the set of chosen answers equals the set of right ones
(for a several-right-answers question, ticking one right answer too few or one wrong answer
too many makes it wrong). The score is the share of right questions in whole per cent,
rounded down, and the quiz is passed when the score reaches the pass mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    id: int
    right_choices: frozenset[int]


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    correct: bool


@dataclass(frozen=True)
class QuizScore:
    score: int  # per cent, rounded down
    passed: bool
    right: int
    total: int
    results: tuple[QuestionResult, ...]

    @property
    def wrong_question_ids(self) -> frozenset[int]:
        return frozenset(r.question_id for r in self.results if not r.correct)


def score_quiz(
    questions: Sequence[Question], answers: Mapping[int, Iterable[int]], pass_mark: int
) -> QuizScore:
    """Score `answers` ({question id: chosen choice ids}) against `questions`.

    Unanswered questions are wrong; answers to questions not in `questions` are ignored.
    """
    if not questions:
        raise ValueError("A quiz without questions cannot be scored.")
    if not 0 <= pass_mark <= 100:
        raise ValueError("The pass mark is a percentage from 0 to 100.")
    results = tuple(
        QuestionResult(
            question_id=q.id,
            correct=bool(q.right_choices) and frozenset(answers.get(q.id, ())) == q.right_choices,
        )
        for q in questions
    )
    right = sum(r.correct for r in results)
    score = right * 100 // len(questions)
    return QuizScore(
        score=score, passed=score >= pass_mark, right=right, total=len(questions), results=results
    )
