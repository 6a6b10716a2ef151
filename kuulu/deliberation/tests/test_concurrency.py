"""Votes racing on PostgreSQL: one row per participant and statement, always."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from kuulu.deliberation import services
from kuulu.deliberation.models import Conversation, Participant, Vote, VoteEvent
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

    # The moderator no longer waits for the conversation row (the recomputation is queued
    # after commit), so the rejection may come first; the vote is then refused with the form's
    # message, never a deadlock's server error.
    (vote_kind, vote), (reject_kind, _) = outcomes
    assert reject_kind == "ok", outcomes
    assert vote_kind == "ok" or isinstance(vote, ValidationError), outcomes
    assert Vote.objects.filter(statement=statement).count() == (1 if vote_kind == "ok" else 0)
    assert Statement.objects.get(pk=statement.pk).status == Statement.Status.REJECTED


def _hold_first_engine_run(monkeypatch):
    """The first engine run (after it has read the votes) waits until `release` is set; later
    runs go straight through. Returns (reached, release)."""
    import threading

    from kuulu.deliberation import snapshots

    real = snapshots.analyse
    reached, release = threading.Event(), threading.Event()
    runs = []

    def held(*args, **kwargs):
        runs.append(1)
        if len(runs) == 1:
            reached.set()
            assert release.wait(120), "the test never released the engine"
        return real(*args, **kwargs)

    monkeypatch.setattr(snapshots, "analyse", held)
    return reached, release


def _in_thread(fn):
    """Start fn in a thread with its own connection; returns (thread, done event, outcome)."""
    import threading

    from django.db import connection

    done = threading.Event()
    outcome = {}

    def run():
        try:
            outcome["value"] = fn()
        except Exception as exc:
            outcome["error"] = exc
        finally:
            done.set()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, done, outcome


def test_voting_writing_and_joining_go_on_while_the_groups_are_recomputed(postgres, monkeypatch):
    """Found in review: the recomputation held the conversation row while the engine ran, so
    every vote, statement and newcomer of the conversation waited for the whole run."""
    conversation = make_conversation(make_county())
    first, second = list(conversation.statements.all())[:2]
    voter = services.participant_for(conversation=conversation, browser_key=uuid.uuid4())
    services.cast_vote(participant=voter, statement=first, value=1)  # runs at once (1 vote)
    reached, release = _hold_first_engine_run(monkeypatch)
    computing, computed, _ = _in_thread(lambda: services.compute_snapshot(conversation.pk))
    try:
        assert reached.wait(120)

        def take_part():
            newcomer = services.participant_for(conversation=conversation, browser_key=uuid.uuid4())
            services.submit_statement(
                conversation=conversation, participant=newcomer, text="Lisää kotikäyntejä"
            )
            services.cast_vote(participant=newcomer, statement=first, value=-1)
            services.cast_vote(participant=voter, statement=second, value=1)

        taking_part, took_part, outcome = _in_thread(take_part)
        # A safety net, not a measure of speed: on the old code this waited for the release.
        assert took_part.wait(120), "taking part waited for the recomputation"
        assert "error" not in outcome, outcome
        assert not computed.is_set()  # the first run is still held
    finally:
        release.set()
        computing.join(120)
    taking_part.join(120)
    assert not computing.is_alive()
    assert not taking_part.is_alive()
    assert Vote.objects.filter(participant__conversation=conversation).count() == 3
    assert conversation.statements.filter(text="Lisää kotikäyntejä").exists()


def test_a_vote_committed_after_a_run_read_the_votes_queues_another_run(postgres, monkeypatch):
    """Found in review: a vote that saw a run queued but committed after that run had read
    the votes was left out of its snapshot, and nothing queued another run."""
    from types import SimpleNamespace

    from kuulu.deliberation import tasks
    from kuulu.deliberation.models import Snapshot

    conversation = make_conversation(make_county())
    first, second = list(conversation.statements.all())[:2]
    voter = services.participant_for(conversation=conversation, browser_key=uuid.uuid4())
    queued = []
    monkeypatch.setattr(
        tasks, "recompute_conversation", SimpleNamespace(enqueue=lambda **kw: queued.append(kw))
    )
    services.cast_vote(participant=voter, statement=first, value=1)
    assert queued == [{"conversation_id": conversation.pk}]  # a run is queued, not started
    reached, release = _hold_first_engine_run(monkeypatch)
    computing, _, result = _in_thread(lambda: services.compute_snapshot(conversation.pk))
    try:
        assert reached.wait(120)  # the run has read one vote
        voting, voted, outcome = _in_thread(
            lambda: services.cast_vote(participant=voter, statement=second, value=-1)
        )
        assert voted.wait(120), "the vote waited for the recomputation"
        assert "error" not in outcome, outcome
    finally:
        release.set()
        computing.join(120)
    voting.join(120)
    assert result["value"].vote_count == 1  # the held run did not see the second vote
    assert queued == [{"conversation_id": conversation.pk}] * 2  # ... so another run is queued
    services.compute_snapshot(conversation.pk)
    latest = Snapshot.objects.filter(conversation=conversation).order_by("-computed_at").first()
    assert latest.vote_count == 2


def test_an_older_run_does_not_replace_the_snapshot_of_a_newer_one(postgres, monkeypatch):
    """Two runs overlap when votes come in during the first; the first to start, finishing
    last, must not store its older view over the newer snapshot."""
    from kuulu.deliberation.models import Snapshot

    conversation = make_conversation(make_county())
    first, second = list(conversation.statements.all())[:2]
    voter = services.participant_for(conversation=conversation, browser_key=uuid.uuid4())
    services.cast_vote(participant=voter, statement=first, value=1)
    reached, release = _hold_first_engine_run(monkeypatch)
    older, _, older_result = _in_thread(lambda: services.compute_snapshot(conversation.pk))
    try:
        assert reached.wait(120)
        # this vote queues a run, which the immediate task backend runs and stores at once
        voting, voted, outcome = _in_thread(
            lambda: services.cast_vote(participant=voter, statement=second, value=-1)
        )
        assert voted.wait(120), "the vote waited for the recomputation"
        assert "error" not in outcome, outcome
    finally:
        release.set()
        older.join(120)
    voting.join(120)
    assert older_result["value"] is None  # the older run stored nothing
    latest = Snapshot.objects.filter(conversation=conversation).order_by("-computed_at").first()
    assert latest.vote_count == 2
    assert latest.generation == Conversation.objects.get(pk=conversation.pk).compute_generation
