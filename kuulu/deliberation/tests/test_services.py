import uuid

import pytest
from django.core.exceptions import ValidationError

from kuulu.deliberation import services
from kuulu.deliberation.models import (
    Conversation,
    Snapshot,
    Statement,
    Vote,
    VoteEvent,
    person_key,
)
from kuulu.deliberation.tests.factories import closed, make_conversation
from kuulu.organisation.tests.factories import make_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation():
    return make_conversation(make_county())


def browser():
    return uuid.uuid4()


def test_seed_statements_are_accepted_and_numbered(conversation):
    assert list(conversation.statements.values_list("number", "status", "is_seed")) == [
        (1, "accepted", True),
        (2, "accepted", True),
        (3, "accepted", True),
    ]


def test_same_browser_is_one_participant(conversation):
    key = browser()
    a = services.participant_for(conversation=conversation, browser_key=key)
    b = services.participant_for(conversation=conversation, browser_key=key)
    c = services.participant_for(conversation=conversation, browser_key=browser())
    assert a == b
    assert (a.number, c.number) == (1, 2)


def test_last_vote_wins_with_one_row_and_full_history(
    conversation, django_capture_on_commit_callbacks
):
    participant = services.participant_for(conversation=conversation, browser_key=browser())
    statement = conversation.statements.first()
    with django_capture_on_commit_callbacks(execute=True):
        services.cast_vote(participant=participant, statement=statement, value=1)
        services.cast_vote(participant=participant, statement=statement, value=-1)
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]
    assert list(VoteEvent.objects.values_list("value", flat=True)) == [1, -1]
    assert Snapshot.objects.filter(conversation=conversation).exists()
    assert not Conversation.objects.get(pk=conversation.pk).recompute_pending


def test_vote_value_must_be_agree_disagree_or_pass(conversation):
    participant = services.participant_for(conversation=conversation, browser_key=browser())
    with pytest.raises(ValidationError):
        services.cast_vote(
            participant=participant, statement=conversation.statements.first(), value=2
        )
    assert Vote.objects.count() == 0


def test_voting_on_a_closed_conversation_is_refused():
    conversation = closed(make_county())
    participant = services.participant_for(conversation=conversation, browser_key=browser())
    with pytest.raises(services.ConversationClosed):
        services.cast_vote(
            participant=participant, statement=conversation.statements.first(), value=1
        )
    assert Vote.objects.count() == 0


def test_pending_statement_cannot_be_voted_under_pre_moderation(conversation):
    author = services.participant_for(conversation=conversation, browser_key=browser())
    pending = services.submit_statement(
        conversation=conversation, participant=author, text="Uusi väite"
    )
    assert pending.status == Statement.Status.PENDING
    voter = services.participant_for(conversation=conversation, browser_key=browser())
    with pytest.raises(ValidationError):
        services.cast_vote(participant=voter, statement=pending, value=1)
    services.moderate_statement(statement=pending, status="accepted")
    services.cast_vote(participant=voter, statement=pending, value=1)
    assert Vote.objects.filter(statement=pending).count() == 1


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("", False),
        ("   ", False),
        ("x" * 141, False),
        ("x" * 140, True),
        ("  Väli   lyönnit  ", True),
    ],
)
def test_statement_length_and_whitespace(conversation, text, ok):
    author = services.participant_for(conversation=conversation, browser_key=browser())
    if ok:
        statement = services.submit_statement(
            conversation=conversation, participant=author, text=text
        )
        assert statement.text == " ".join(text.split())
    else:
        with pytest.raises(ValidationError) as excinfo:
            services.submit_statement(conversation=conversation, participant=author, text=text)
        assert "text" in excinfo.value.message_dict
        assert conversation.statements.count() == 3


def test_post_moderation_shows_statement_at_once():
    conversation = make_conversation(make_county(), moderation=Conversation.Moderation.POST)
    author = services.participant_for(conversation=conversation, browser_key=browser())
    statement = services.submit_statement(
        conversation=conversation, participant=author, text="Heti näkyviin"
    )
    assert statement.status == Statement.Status.ACCEPTED


def test_closing_before_opening_is_refused():
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    with pytest.raises(ValidationError):
        make_conversation(make_county(), opens_at=now, closes_at=now - timedelta(hours=1))
    assert Conversation.objects.count() == 0


def test_recompute_is_debounced(conversation, django_capture_on_commit_callbacks, monkeypatch):
    """Votes flip the pending flag after they commit; only the first flip queues a run."""
    from types import SimpleNamespace

    from kuulu.deliberation import tasks

    queued = []
    monkeypatch.setattr(
        tasks, "recompute_conversation", SimpleNamespace(enqueue=lambda **kw: queued.append(kw))
    )
    participant = services.participant_for(conversation=conversation, browser_key=browser())
    with django_capture_on_commit_callbacks(execute=True):
        for statement in conversation.statements.all():
            services.cast_vote(participant=participant, statement=statement, value=1)
    assert queued == [{"conversation_id": conversation.pk}]
    assert Conversation.objects.get(pk=conversation.pk).recompute_pending


def test_only_the_last_snapshots_are_kept(conversation):
    for _ in range(7):
        services.compute_snapshot(conversation.pk)
    assert Snapshot.objects.filter(conversation=conversation).count() == services.KEEP_SNAPSHOTS


def test_a_person_who_erased_their_data_comes_back_as_the_same_participant(
    conversation, django_capture_on_commit_callbacks
):
    """Found in review: after erasure the user link was gone, so the person got a new
    participant and a second vote on every statement."""
    from kuulu.assisted.mydata import erase_my_data
    from kuulu.organisation.tests.factories import make_user

    person = make_user()
    first = services.participant_for(conversation=conversation, user=person)
    statement = conversation.statements.first()
    with django_capture_on_commit_callbacks(execute=True):
        services.cast_vote(participant=first, statement=statement, value=Vote.Value.AGREE)
    assert first.person_key == person_key(conversation.pk, person.pk)
    erase_my_data(user=person)
    first.refresh_from_db()
    assert first.user is None
    assert first.person_key  # the keyed hash stays
    again = services.participant_for(conversation=conversation, user=person)
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.user is None  # the link to the account does not come back
    with django_capture_on_commit_callbacks(execute=True):
        services.cast_vote(participant=again, statement=statement, value=Vote.Value.DISAGREE)
    assert list(Vote.objects.filter(statement=statement).values_list("value", flat=True)) == [
        Vote.Value.DISAGREE
    ]
    # another conversation is another key: the person is a new participant there
    other = make_conversation(conversation.county, topic_fi="Toinen keskustelu")
    assert services.participant_for(conversation=other, user=person).pk != first.pk


def test_opening_and_closing_years_must_be_2000_to_2100(conversation):
    from datetime import UTC, datetime

    far = datetime(1, 1, 1, 12, tzinfo=UTC)
    with pytest.raises(ValidationError) as created:
        make_conversation(conversation.county, topic_fi="Kaukainen", opens_at=far)
    with pytest.raises(ValidationError) as updated:
        services.update_conversation(conversation=conversation, data={"closes_at": far})
    assert list(created.value.message_dict) == ["opens_at"]
    assert list(updated.value.message_dict) == ["closes_at"]
    assert Conversation.objects.count() == 1
    conversation.refresh_from_db()
    assert conversation.closes_at is None


def test_a_failed_recomputation_does_not_stop_later_ones(
    conversation, monkeypatch, django_capture_on_commit_callbacks
):
    """Found in review: a run that failed (or whose worker stopped) rolled the pending flag
    back to set, so no vote ever queued another run and the report never changed again."""
    from kuulu.deliberation import snapshots

    participant = services.participant_for(conversation=conversation, browser_key=browser())
    first, second = list(conversation.statements.all())[:2]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.cast_vote(participant=participant, statement=first, value=1)
    assert len(queued) == 1

    def worker_lost(*args, **kwargs):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(snapshots, "build_snapshot", worker_lost)
    with pytest.raises(RuntimeError):
        services.compute_snapshot(conversation.pk)
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True) as queued_again:
        services.cast_vote(participant=participant, statement=second, value=-1)
    assert len(queued_again) == 1
    assert Snapshot.objects.get(conversation=conversation).vote_count == 2


def test_the_same_statement_is_taken_once(conversation):
    """Found in review: a form sent twice, or the same thought written by two people, made two
    statements whose votes were split between them."""
    author = services.participant_for(conversation=conversation, browser_key=browser())
    other = services.participant_for(conversation=conversation, browser_key=browser())
    first = services.submit_statement(
        conversation=conversation, participant=author, text="Lisää kotikäyntejä"
    )
    for participant, text in ((author, "Lisää kotikäyntejä"), (other, "  lisää  kotikäyntejä ")):
        with pytest.raises(ValidationError) as excinfo:
            services.submit_statement(conversation=conversation, participant=participant, text=text)
        assert excinfo.value.message_dict == {"text": ["Tämä väite on jo keskustelussa."]}
    with pytest.raises(ValidationError):  # a seed statement counts too
        services.submit_statement(
            conversation=conversation, participant=other, text="Jonot ovat liian pitkiä"
        )
    assert conversation.statements.filter(number__gt=3).get() == first
    # A rejected statement does not block the text (it goes to moderation again).
    services.moderate_statement(statement=first, status=Statement.Status.REJECTED)
    again = services.submit_statement(
        conversation=conversation, participant=other, text="Lisää kotikäyntejä"
    )
    assert again.status == Statement.Status.PENDING
