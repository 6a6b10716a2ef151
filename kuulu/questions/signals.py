"""Signals of Ask the leadership.

`question_answered` is sent once, after the transaction that publishes an answer commits, with
keyword arguments `question` (a `Question`) and `answer` (its `Answer`); `sender` is the
`Question` class. The follows app connects to it to tell the people who follow the question's
theme or service. Receivers must not raise: the answer is already published."""

from django.dispatch import Signal

question_answered = Signal()
