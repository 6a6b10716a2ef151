"""Votes racing on PostgreSQL: one row per participant and statement, always."""

import uuid

import pytest

from kuulu.deliberation import services
from kuulu.deliberation.models import Participant, Vote, VoteEvent
from kuulu.deliberation.tests.factories import make_conversation
from kuulu.organisation.tests.factories import make_county
from kuulu.organisation.tests.test_concurrency import _race

pytestmark = pytest.mark.postgres


def test_concurrent_votes_by_one_participant_leave_one_row(postgres):
    conversation = make_conversation(make_county())
    participant = services.participant_for(conversation=conversation, browser_key=uuid.uuid4())
    statement = conversation.statements.first()
    outcomes = _race(
        *[
            (lambda v=v: services.cast_vote(participant=participant, statement=statement, value=v))
            for v in (1, -1, 0, 1, -1, 0)
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 6
    assert Vote.objects.filter(participant=participant, statement=statement).count() == 1
    assert VoteEvent.objects.filter(participant=participant).count() == 6
    last = VoteEvent.objects.filter(participant=participant).order_by("-cast_at", "-id").first()
    assert Vote.objects.get().value in (-1, 0, 1)
    assert last is not None


def test_concurrent_first_visits_from_one_browser_make_one_participant(postgres):
    conversation = make_conversation(make_county())
    key = uuid.uuid4()
    outcomes = _race(
        *[
            (lambda: services.participant_for(conversation=conversation, browser_key=key))
            for _ in range(5)
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 5
    assert Participant.objects.filter(conversation=conversation).count() == 1
    assert len({value.pk for _, value in outcomes}) == 1


def test_concurrent_new_participants_get_distinct_numbers(postgres):
    conversation = make_conversation(make_county())
    outcomes = _race(
        *[
            (lambda: services.participant_for(conversation=conversation, browser_key=uuid.uuid4()))
            for _ in range(6)
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 6
    assert sorted(Participant.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_a_statement_sent_twice_at_once_is_saved_once(postgres):
    conversation = make_conversation(make_county())
    participant = services.participant_for(conversation=conversation, browser_key=uuid.uuid4())
    outcomes = _race(
        *[
            (
                lambda: services.submit_statement(
                    conversation=conversation, participant=participant, text="Lisää kotikäyntejä"
                )
            )
            for _ in range(4)
        ]
    )
    assert sorted(kind for kind, _ in outcomes) == ["error", "error", "error", "ok"]
    assert conversation.statements.filter(text="Lisää kotikäyntejä").count() == 1


def test_a_first_vote_and_a_moderation_of_the_same_statement_at_once_both_succeed(postgres):
    """Found in review: a newcomer's first vote holds the conversation row (its participant
    number) and then needs a key-share lock on the statement for the vote's foreign key; a
    moderator who took the statement FOR UPDATE then waited for the conversation row (to queue
    the recomputation). PostgreSQL broke the deadlock by failing one of them: a server error for
    the voter or the moderator. The moderator's lock no longer blocks foreign-key checks."""
    import threading
    import time

    from django.db import transaction

    from kuulu.deliberation.models import Statement

    conversation = make_conversation(make_county())
    statement = conversation.statements.first()
    numbered = threading.Event()

    def first_vote():
        with transaction.atomic():
            participant = services.participant_for(
                conversation=conversation, browser_key=uuid.uuid4()
            )
            numbered.set()
            time.sleep(1)  # the moderator takes the statement and waits for the conversation
            return services.cast_vote(participant=participant, statement=statement, value=1)

    def reject():
        numbered.wait(10)
        return services.moderate_statement(statement=statement, status="rejected")

    outcomes = _race(first_vote, reject)

    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    assert Vote.objects.filter(statement=statement).count() == 1
    assert Statement.objects.get(pk=statement.pk).status == Statement.Status.REJECTED
