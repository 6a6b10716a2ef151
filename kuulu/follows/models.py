"""Follow and be told: who follows what, what was announced, and what was delivered to whom.

Exactly once is kept by the database, not by `if`s: an announcement is unique per (kind,
object), a delivery per (user, announcement, channel) and a digest per (user, period).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.models import County


class Follow(models.Model):
    """A signed-in resident follows a unit, a service, a theme, a channel or a process (or the
    whole county) and chose how to be told: email at once, SMS at once or a weekly digest."""

    class Target(models.TextChoices):
        COUNTY = "county", _("everything in the county")
        UNIT = "unit", _("a unit")
        SERVICE = "service", _("a service")
        THEME = "theme", _("a theme")
        CHANNEL = "channel", _("a participation channel")
        PROCESS = "process", _("a process")

    class Delivery(models.TextChoices):
        EMAIL = "email", _("email at once")
        SMS = "sms", _("text message (SMS) at once")
        DIGEST = "digest", _("weekly digest by email")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    target_kind = models.CharField(_("what you follow"), max_length=10, choices=Target.choices)
    # "unit:12", "theme:waiting", "channel:4", "process:budgeting:3", "county:1" (built by keys.py)
    target_key = models.CharField(max_length=80)
    target_label = models.CharField(_("name"), max_length=200)
    delivery = models.CharField(
        _("how you are told"), max_length=6, choices=Delivery.choices, default=Delivery.DIGEST
    )
    # E.164, validated by follows.phones; only for SMS follows.
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    # No text message about what is followed goes to a number before its owner has typed in
    # the code sent to it (services.confirm_phone): anyone can type anyone's number.
    phone_confirmed_at = models.DateTimeField(null=True, blank=True)
    phone_code_hash = models.CharField(max_length=64, blank=True)  # keyed hash, never the code
    phone_code_sent_at = models.DateTimeField(null=True, blank=True)
    phone_code_tries = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target_label", "id"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_key", "delivery"], name="follows_follow_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(delivery="sms") | ~models.Q(phone=""),
                name="follows_sms_needs_phone",
            ),
        ]
        indexes = [models.Index(fields=["target_key", "delivery"], name="follows_target_idx")]

    def __str__(self) -> str:
        return f"{self.target_label} ({self.get_delivery_display()})"

    @property
    def waits_for_phone_code(self) -> bool:
        return self.delivery == self.Delivery.SMS and self.phone_confirmed_at is None


class Announcement(models.Model):
    """Something followers are told about: a survey, an event, a panel call, a vote or a
    Q&A answer opened, or an outcome published. Recorded once per (kind, object)."""

    class Kind(models.TextChoices):
        SURVEY = "survey", _("A survey opened")
        EVENT = "event", _("Registration for an event opened")
        PANEL = "panel", _("A panel call opened")
        VOTE = "vote", _("Voting opened")
        CONVERSATION = "conversation", _("A conversation opened")
        ANSWER = "answer", _("A question was answered")
        OUTCOME = "outcome", _("An outcome was published")

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    object_key = models.CharField(max_length=80)  # "surveys.survey:12"
    title = models.CharField(max_length=300)
    titles = models.JSONField(default=dict)  # translated titles by language, when there are
    path = models.CharField(max_length=300)  # site path without the language prefix
    targets = models.JSONField(default=list)  # target keys it concerns
    created_at = models.DateTimeField(db_index=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_key"], name="follows_announcement_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Delivery(models.Model):
    """One message (email or SMS) to one follower about one announcement, with its attempts.
    A failed send is retried with a growing pause and then kept as failed, never dropped."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    follow = models.ForeignKey(Follow, on_delete=models.SET_NULL, null=True, related_name="+")
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=6)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.CharField(max_length=200, blank=True)  # an error class, no addresses
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "announcement", "channel"], name="follows_delivery_once"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="follows_due_idx")]

    def __str__(self) -> str:
        return f"{self.channel} {self.status}"


class Digest(models.Model):
    """The weekly digest of one follower for one period (ISO week "2026-W49"): at most one."""

    class Status(models.TextChoices):
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        EMPTY = "empty", _("nothing to tell")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.SENDING)
    items = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="follows_digest_once")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.status}"


class SweepMark(models.Model):
    """How far the sweep of one module has got (the newest moment it has looked at)."""

    source = models.CharField(max_length=40, unique=True)
    swept_until = models.DateTimeField()

    def __str__(self) -> str:
        return self.source


class UsedUnsubscribe(models.Model):
    """An unsubscribe link that was used: links work once."""

    token_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.token_hash[:8]


class PhoneCodeSent(models.Model):
    """A confirmation code sent to a number, kept for a day whatever becomes of the follow, so
    that the hourly number limit and the pause between codes hold when a person unfollows and
    follows again. The number is kept only as a keyed hash."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phone_key = models.CharField(max_length=64)
    sent_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user", "sent_at"], name="follows_code_sent_idx")]

    def __str__(self) -> str:
        return f"{self.phone_key[:8]} {self.sent_at:%Y-%m-%d %H:%M}"
