"""Polis-style conversations: statements, participants, votes and computed snapshots."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.core import pseudonyms
from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Unit


class Conversation(TimeStampedModel):
    """A conversation: people write short statements and vote on each other's; the math finds
    opinion groups, what each group stands for and what everyone agrees on."""

    class Moderation(models.TextChoices):
        PRE = "pre", _("statements are shown after a moderator accepts them")
        POST = "post", _("statements are shown at once; moderators can reject them")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="conversations")
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit it informs"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
    )
    decision = models.CharField(_("decision it informs"), max_length=300, blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.PRE
    )
    require_sign_in = models.BooleanField(_("participants must sign in"), default=False)
    allow_statements = models.BooleanField(_("participants may write statements"), default=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_read_only = models.BooleanField(_("read-only (imported)"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recompute_pending = models.BooleanField(default=False, editable=False)
    # The number of the last recomputation started; each snapshot keeps the number of its run.
    compute_generation = models.PositiveBigIntegerField(default=0, editable=False)
    statement_counter = models.PositiveIntegerField(default=0, editable=False)
    participant_counter = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="conversation_closes_after_opening",
                violation_error_message=_("The closing time must be after the opening time."),
            )
        ]

    def __str__(self) -> str:
        return self.topic

    def is_open(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        now = now or timezone.now()
        if self.is_read_only or not self.is_published:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def opens_later(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        """Its opening time is still ahead."""
        now = now or timezone.now()
        return bool(self.opens_at and now < self.opens_at)


PERSON_KEY_SALT = "kuulu.deliberation.participant"


def person_key(conversation_id: int, user_id: int) -> str:
    """A keyed hash of conversation and person: nobody without the site's secret can tell from
    it who took part (pseudonymisation, as `surveys.models.participation_key`)."""
    return pseudonyms.keyed_hash(PERSON_KEY_SALT, f"{conversation_id}:{user_id}")


class Participant(models.Model):
    """Someone taking part: a signed-in user, or an anonymous browser (a random key in a cookie)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    number = models.PositiveIntegerField(_("participant number"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    browser_key = models.UUIDField(null=True, blank=True)
    # A keyed hash of conversation and person (`person_key`): it stays when the person erases
    # their data (the user link goes), so that coming back does not give them a second vote.
    person_key = models.CharField(max_length=64, default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "person_key"],
                condition=~Q(person_key=""),
                name="participant_person_key_unique",
            ),
            models.UniqueConstraint(
                fields=["conversation", "number"], name="participant_number_unique"
            ),
            models.UniqueConstraint(
                fields=["conversation", "user"],
                condition=Q(user__isnull=False),
                name="participant_user_unique",
            ),
            models.UniqueConstraint(
                fields=["conversation", "browser_key"],
                condition=Q(browser_key__isnull=False),
                name="participant_browser_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"participant:{self.conversation_id}:{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.person_key and self.user_id is not None:
            self.person_key = person_key(self.conversation_id, self.user_id)
        super().save(*args, **kwargs)


class Statement(TimeStampedModel):
    """A short statement (at most 140 characters) that participants vote on."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    number = models.PositiveIntegerField(_("statement number"))
    # New statements are at most 140 characters (services enforce it); imported Polis comments
    # may be longer, so the column allows more.
    text = models.CharField(_("statement"), max_length=2000)
    author = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    is_seed = models.BooleanField(_("seed statement"), default=False)
    is_meta = models.BooleanField(_("about the conversation itself"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    imported_timestamp = models.BigIntegerField(null=True, blank=True, editable=False)
    imported_datetime = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="statement_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    """A participant's current vote on a statement: one per pair, the last vote wins."""

    class Value(models.IntegerChoices):
        AGREE = 1, _("agree")
        DISAGREE = -1, _("disagree")
        PASS = 0, _("pass / unsure")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=Value.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "statement"], name="vote_one_per_participant_statement"
            ),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="vote_value_valid"),
        ]

    def __str__(self) -> str:
        return f"vote:{self.participant_id}:{self.statement_id}"


class VoteEvent(models.Model):
    """Every vote as cast, in order (the Polis votes.csv history); Vote holds the latest."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="vote_events"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()
    cast_at = models.DateTimeField(default=timezone.now, db_index=True)
    imported_timestamp = models.BigIntegerField(null=True, blank=True)
    imported_datetime = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"vote-event:{self.pk}"


class Snapshot(models.Model):
    """The latest computed analysis of a conversation. Pages read this, never compute."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="snapshots"
    )
    computed_at = models.DateTimeField(default=timezone.now)
    vote_count = models.PositiveIntegerField(default=0)
    # `Conversation.compute_generation` when its run started: a run never stores its snapshot
    # after one of a later run.
    generation = models.PositiveBigIntegerField(default=0, editable=False)
    data = models.JSONField(default=dict)
    state = models.JSONField(default=dict)

    class Meta:
        ordering = ["-computed_at", "-id"]
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"snapshot:{self.conversation_id}:{self.computed_at:%Y-%m-%d %H:%M}"
