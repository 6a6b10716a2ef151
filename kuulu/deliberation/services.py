"""Writes for deliberation: conversations, statements, participants, votes, recomputation,
and importing a Polis export."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.core.errors import duplicate_error
from kuulu.deliberation.models import (
    Conversation,
    Participant,
    Snapshot,
    Statement,
    Vote,
    VoteEvent,
    person_key,
)
from kuulu.deliberation.polis_format import PolisExport
from kuulu.organisation.models import County

MAX_STATEMENT = 140


class ConversationClosed(Exception):
    """Voting or writing is not possible now: the conversation is closed, not yet open,
    unpublished or read-only."""


CONVERSATION_FIELDS = {
    *(f"{f}_{lang}" for f in ("topic", "description", "decision") for lang in ("fi", "sv", "en")),
    "unit",
    "opens_at",
    "closes_at",
    "moderation",
    "require_sign_in",
    "allow_statements",
    "is_published",
}


def _check_years(data: dict[str, Any]) -> None:
    """Opening and closing times in 2000-2100: a year-1 time on the Helsinki clock falls before
    year 1 in UTC, which SQLite refused with a server error and PostgreSQL stored, breaking the
    front page and every list that shows the conversation."""
    errors = {
        name: year_out_of_range_message()
        for name in ("opens_at", "closes_at")
        if not year_in_range(data.get(name))
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_conversation(
    *,
    county: County,
    data: dict[str, Any],
    seed_statements: list[str] = (),
    actor: Any = None,
    request: Any = None,
) -> Conversation:
    unknown = set(data) - CONVERSATION_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    if not (data.get("topic_fi") or "").strip():
        raise ValidationError({"topic_fi": _("Give the conversation a topic in Finnish.")})
    _check_years(data)
    conversation = Conversation(county=county, created_by=actor, **data)
    conversation.full_clean(exclude=["county", "created_by"])
    conversation.save()
    for text in seed_statements:
        if text.strip():
            _add_statement(
                conversation, text=text, author=None, is_seed=True, status=Statement.Status.ACCEPTED
            )
    record_event(action="create", obj=conversation, actor=actor, request=request)
    return conversation


@transaction.atomic
def update_conversation(
    *, conversation: Conversation, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Conversation:
    unknown = set(data) - CONVERSATION_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    _check_years(data)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    changed = [k for k, v in data.items() if getattr(conversation, k) != v]
    for key in changed:
        setattr(conversation, key, data[key])
    if changed:
        conversation.full_clean(exclude=["county", "created_by"])
        conversation.save(update_fields=[*changed, "updated_at"])
        record_event(
            action="update", obj=conversation, actor=actor, request=request, changed_fields=changed
        )
    return conversation


def _next_number(conversation: Conversation, counter: str) -> int:
    """Allocate the next per-conversation number with one conditional UPDATE (no check-then-act)."""
    Conversation.objects.filter(pk=conversation.pk).update(**{counter: F(counter) + 1})
    return Conversation.objects.values_list(counter, flat=True).get(pk=conversation.pk)


def _add_statement(
    conversation: Conversation,
    *,
    text: str,
    author: Participant | None,
    is_seed: bool,
    status: str,
    is_meta: bool = False,
) -> Statement:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Write a statement.")})
    if len(text) > MAX_STATEMENT:
        raise ValidationError(
            {
                "text": _("A statement can be at most %(max)d characters; this one has %(n)d.")
                % {"max": MAX_STATEMENT, "n": len(text)}
            }
        )
    number = _next_number(conversation, "statement_counter")
    return Statement.objects.create(
        conversation=conversation,
        number=number,
        text=text,
        author=author,
        is_seed=is_seed,
        status=status,
        is_meta=is_meta,
    )


def existing_participant(
    conversation: Conversation, *, user: Any = None, browser_key: uuid.UUID | None = None
) -> Participant | None:
    """The participant of this user or browser, if there is one. A signed-in person who erased
    their data and comes back is found by the keyed hash the participant kept, and takes part as
    the participant they were (votes replaced, not doubled), without the account link returning."""
    if user is not None and getattr(user, "is_authenticated", False):
        return Participant.objects.filter(
            Q(user=user) | Q(person_key=person_key(conversation.pk, user.pk)),
            conversation=conversation,
        ).first()
    if browser_key is not None:
        return Participant.objects.filter(
            conversation=conversation, browser_key=browser_key
        ).first()
    return None


@transaction.atomic
def participant_for(
    *, conversation: Conversation, user: Any = None, browser_key: uuid.UUID | None = None
) -> Participant:
    """The conversation's participant for this user or browser, created on first use."""
    if user is not None and getattr(user, "is_authenticated", False):
        lookup: dict[str, Any] = {"user": user}
    elif browser_key is not None:
        lookup = {"browser_key": browser_key}
    else:
        raise ValidationError(_("Taking part needs a browser key or a signed-in user."))
    existing = existing_participant(conversation, user=user, browser_key=browser_key)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Participant.objects.create(
                conversation=conversation,
                number=_next_number(conversation, "participant_counter"),
                **lookup,
            )
    except IntegrityError:
        # A parallel request from the same browser created it first.
        return Participant.objects.get(conversation=conversation, **lookup)


def _check_open(conversation: Conversation) -> None:
    if not conversation.is_open():
        raise ConversationClosed(_("This conversation is not open for taking part."))


@transaction.atomic
def submit_statement(
    *, conversation: Conversation, participant: Participant, text: str
) -> Statement:
    _check_open(conversation)
    if not conversation.allow_statements:
        raise ConversationClosed(_("This conversation does not take new statements."))
    status = (
        Statement.Status.PENDING
        if conversation.moderation == Conversation.Moderation.PRE
        else Statement.Status.ACCEPTED
    )
    # One statement per text: a form sent twice (a double tap, two requests at once) or the same
    # thought written again would split its votes between two copies. The lock on the
    # conversation row makes the check and the insert one step for concurrent submissions.
    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
    normalised = " ".join(text.split())
    if (
        normalised
        and conversation.statements.exclude(status=Statement.Status.REJECTED)
        .filter(text__iexact=normalised)
        .exists()
    ):
        raise duplicate_error("text", _("This statement is already in the conversation."))
    return _add_statement(conversation, text=text, author=participant, is_seed=False, status=status)


def visible_statement_filter(conversation: Conversation) -> dict[str, Any]:
    if conversation.moderation == Conversation.Moderation.PRE:
        return {"status": Statement.Status.ACCEPTED}
    return {"status__in": [Statement.Status.ACCEPTED, Statement.Status.PENDING]}


@transaction.atomic
def cast_vote(*, participant: Participant, statement: Statement, value: int) -> Vote:
    """Record a vote; a second vote on the same statement replaces the first (one row per pair,
    guaranteed by a unique constraint and an atomic upsert)."""
    conversation = participant.conversation
    _check_open(conversation)
    # One participant's votes are serialised, so the time stamps of the history and of the
    # current vote follow the order in which the votes were written.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if value not in (Vote.Value.AGREE, Vote.Value.DISAGREE, Vote.Value.PASS):
        raise ValidationError({"vote": _("A vote is agree, disagree or pass.")})
    visible = Statement.objects.filter(
        pk=statement.pk, conversation=conversation, **visible_statement_filter(conversation)
    ).exists()
    if not visible:
        raise ValidationError({"statement": _("This statement cannot be voted on.")})
    now = timezone.now()
    Vote.objects.bulk_create(
        [
            Vote(
                participant=participant,
                statement=statement,
                value=value,
                created_at=now,
                updated_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["participant", "statement"],
        update_fields=["value", "updated_at"],
    )
    VoteEvent.objects.create(
        conversation=conversation,
        participant=participant,
        statement=statement,
        value=value,
        cast_at=now,
    )
    request_recompute(conversation)
    return Vote.objects.get(participant=participant, statement=statement)


def _queue_recompute(conversation_id: int) -> None:
    """Mark the conversation for recomputation and queue a run, unless it is marked already (a
    queued run that has not started yet will read the change)."""
    flipped = Conversation.objects.filter(pk=conversation_id, recompute_pending=False).update(
        recompute_pending=True
    )
    if flipped:
        from kuulu.deliberation.tasks import recompute_conversation

        recompute_conversation.enqueue(conversation_id=conversation_id)


def request_recompute(conversation: Conversation) -> None:
    """Debounce: only the change that flips the pending flag enqueues; changes arriving while a
    run is queued ride along with it.

    The flag is flipped after the change commits, never inside its transaction: a run clears
    the flag before it reads the votes, so a change is either visible to a run that starts
    later, or finds the flag cleared and queues a new run. (Flipped inside the transaction, a
    change that saw the flag still set but committed after a starting run had read the votes
    was left out, and nothing queued another run.) The flip is one conditional UPDATE, which
    takes no lock when the flag is set already, and the vote's transaction does not write the
    conversation row, so a vote never waits for a recomputation."""
    transaction.on_commit(partial(_queue_recompute, conversation.pk))


@transaction.atomic
def moderate_statement(
    *, statement: Statement, status: str, actor: Any = None, request: Any = None
) -> Statement:
    if status not in (Statement.Status.ACCEPTED, Statement.Status.REJECTED):
        raise ValidationError({"status": _("Choose accept or reject.")})
    # FOR NO KEY UPDATE: a vote's foreign-key check (a key-share lock) on this statement is not
    # held up. A newcomer's first vote holds the conversation row (its participant number)
    # before that check, and this transaction then waits for the same row to queue the
    # recomputation: with FOR UPDATE the two waited for each other (a deadlock, one failed).
    statement = Statement.objects.select_for_update(no_key=True).get(pk=statement.pk)
    if statement.status != status:
        statement.status = status
        statement.save(update_fields=["status", "updated_at"])
        record_event(
            action="update", obj=statement, actor=actor, request=request, changed_fields=["status"]
        )
        request_recompute(statement.conversation)
    return statement


KEEP_SNAPSHOTS = 5


def compute_snapshot(conversation_id: int, *, seed: int = 0) -> Snapshot | None:
    """Run the engine on the current votes and store a snapshot (called by the task).

    Three steps, and only the first and the last touch the conversation row, briefly:
    1. Clear the pending flag and take the next run number (`compute_generation`), committed
       on their own. A change committed after this queues a new run (`request_recompute`); a
       run that fails or whose worker is stopped half-way leaves the flag cleared, so the next
       vote queues a new run.
    2. Read the votes and run the engine without any lock: votes, statements and newcomers go
       on while it runs.
    3. Store the snapshot under a short lock on the conversation row, unless a run that
       started later has stored one already (two runs may overlap when votes came in during
       the first): an older run never replaces a newer snapshot. Older snapshots beyond the
       last few are deleted (they hold group memberships).
    """
    from kuulu.deliberation import snapshots

    with transaction.atomic():
        started = Conversation.objects.filter(pk=conversation_id).update(
            recompute_pending=False, compute_generation=F("compute_generation") + 1
        )
        if not started:
            return None
        generation = Conversation.objects.values_list("compute_generation", flat=True).get(
            pk=conversation_id
        )
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return None
    snapshot = snapshots.build_snapshot(conversation, seed=seed)
    with transaction.atomic():
        # FOR NO KEY UPDATE: a vote's foreign-key check on the conversation is not held up.
        conversation = (
            Conversation.objects.select_for_update(no_key=True).filter(pk=conversation_id).first()
        )
        if conversation is None:
            return None
        if conversation.snapshots.filter(generation__gt=generation).exists():
            return None
        snapshot.conversation = conversation
        snapshot.generation = generation
        snapshot.computed_at = timezone.now()
        snapshot.save()
        old = conversation.snapshots.order_by("-computed_at", "-id").values_list("pk", flat=True)[
            KEEP_SNAPSHOTS:
        ]
        Snapshot.objects.filter(pk__in=list(old)).delete()
    return snapshot


def _timestamp_to_datetime(timestamp: int) -> datetime:
    seconds = timestamp / 1000 if timestamp > 10**11 else timestamp
    return datetime.fromtimestamp(seconds, tz=UTC)


@transaction.atomic
def import_polis_export(
    *, county: County, export: PolisExport, topic: str, actor: Any = None, request: Any = None
) -> Conversation:
    """A read-only conversation from a Polis export; all or nothing."""
    topic = (topic or export.topic or "")[:200]
    too_long = [c.comment_id for c in export.comments if len(c.body) > 2000]
    if too_long:
        raise ValidationError(
            _("comments.csv: comment %(id)s is longer than 2,000 characters.") % {"id": too_long[0]}
        )
    conversation = Conversation.objects.create(
        county=county,
        topic_fi=topic or export.topic or _("Imported conversation"),
        description_fi=export.description,
        is_read_only=True,
        is_published=False,
        created_by=actor,
        moderation=Conversation.Moderation.PRE,
        allow_statements=False,
    )
    participants: dict[int, Participant] = {}

    def participant(external: int) -> Participant:
        if external not in participants:
            participants[external] = Participant(conversation=conversation, number=external)
        return participants[external]

    for vote in export.votes:
        participant(vote.voter_id)
    for comment in export.comments:
        participant(comment.author_id)
    Participant.objects.bulk_create(participants.values(), batch_size=2000)
    saved = {p.number: p for p in Participant.objects.filter(conversation=conversation)}
    status_of = {
        1: Statement.Status.ACCEPTED,
        0: Statement.Status.PENDING,
        -1: Statement.Status.REJECTED,
    }
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                number=c.comment_id,
                text=c.body,
                author=saved.get(c.author_id),
                status=status_of[c.moderated],
                is_meta=c.is_meta,
                is_seed=c.is_seed,
                imported_timestamp=c.timestamp,
                imported_datetime=c.datetime,
            )
            for c in export.comments
        ],
        batch_size=2000,
    )
    statements = {s.number: s for s in Statement.objects.filter(conversation=conversation)}
    VoteEvent.objects.bulk_create(
        [
            VoteEvent(
                conversation=conversation,
                participant=saved[v.voter_id],
                statement=statements[v.comment_id],
                value=v.vote,
                cast_at=_timestamp_to_datetime(v.timestamp),
                imported_timestamp=v.timestamp,
                imported_datetime=v.datetime,
            )
            for v in export.votes
        ],
        batch_size=5000,
    )
    Vote.objects.bulk_create(
        [
            Vote(participant=saved[voter], statement=statements[comment], value=value)
            for (voter, comment), value in export.latest_votes().items()
        ],
        batch_size=5000,
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        statement_counter=max(statements, default=0), participant_counter=max(saved, default=0)
    )
    record_event(
        action="create",
        obj=conversation,
        actor=actor,
        request=request,
        summary="imported from Polis export",
    )
    request_recompute(conversation)
    return conversation
