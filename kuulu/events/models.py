"""The competence programme: programmes with parts, events with sessions, registrations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Municipality

ONLINE_URL_MAX_LENGTH = 2000


class Programme(TimeStampedModel):
    """A training programme made of parts, e.g. the six-part leadership academy."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class Event(TimeStampedModel):
    """A training or learning event with one or more sessions."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        WEBINAR = "webinar", _("webinar")
        RECORDING = "recording", _("recording")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="events")
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    part_number = models.PositiveSmallIntegerField(
        _("part of the programme"), null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(
        _("format"), max_length=12, choices=Format.choices, default=Format.IN_PERSON
    )
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="fi"
    )
    for_managers = models.BooleanField(_("for managers"), default=False)
    for_staff = models.BooleanField(_("for staff"), default=False)
    for_elected = models.BooleanField(_("for elected officials"), default=False)
    for_ngos = models.BooleanField(_("for NGOs"), default=False)
    for_public = models.BooleanField(_("open to the public"), default=False)
    facilitators = models.TextField(_("facilitators and speakers"), blank=True)
    agenda = models.JSONField(
        _("agenda"),
        default=list,
        blank=True,
        help_text=_('Timed items: [{"time": "13:00", "item": "..."}]'),
    )
    ask_dietary = models.BooleanField(_("ask about dietary needs"), default=False)
    ask_accessibility = models.BooleanField(_("ask about accessibility needs"), default=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_days = models.PositiveSmallIntegerField(
        _("registration closes (days before the start)"), default=14
    )
    waitlist = models.BooleanField(_("waitlist when full"), default=True)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organisers"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One occurrence of an event: a time, a place or an online link, and a capacity."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Meeting links of Teams and the like run to several hundred characters.
    online_url = models.URLField(_("online link"), max_length=ONLINE_URL_MAX_LENGTH, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    # Kept by events.services only: a registration's seat decision is one UPDATE of this row
    # (attending or waitlisted, see services.register), so capacity holds under concurrent
    # requests and the row is locked only for that decision. Cancellations recount both.
    attending_count = models.PositiveIntegerField(default=0, editable=False)
    waitlisted_count = models.PositiveIntegerField(default=0, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The revision of the session's calendar entry (iCalendar SEQUENCE), raised by
    # events.services when its time, place, title or description changes or the event is
    # cancelled: calendar programs take a file with the same UID for an update only when
    # its SEQUENCE is higher than the one they hold.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(attending_count__lte=models.F("capacity")),
                name="session_not_over_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.starts_at:%Y-%m-%d %H:%M}"

    COUNTERS = ("attending_count", "waitlisted_count", "sequence")

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saving a loaded session (a form, the admin) never writes its counters back: they may
        have changed since it was read, and only the services' UPDATEs keep them."""
        if not self._state.adding and kwargs.get("update_fields") is None and self.pk:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.COUNTERS
            ]
        super().save(*args, **kwargs)

    @property
    def registration_closes_at(self):  # type: ignore[no-untyped-def]
        """N days before the start on the Helsinki wall clock, so that a daylight-saving change
        in between does not move the closing time by an hour."""
        local = timezone.localtime(self.starts_at)
        wall = local.replace(tzinfo=None) - timedelta(days=self.event.registration_closes_days)
        return timezone.make_aware(wall, timezone.get_current_timezone())

    def has_started(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        return self.starts_at <= (now or timezone.now())

    def registration_open(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        now = now or timezone.now()
        event = self.event
        if event.status != Event.Status.PUBLISHED:
            return False
        if event.registration_opens_at and now < event.registration_opens_at:
            return False
        return now < self.registration_closes_at


class Registration(models.Model):
    """A person's place (or waitlist place) in a session. Personal data is anonymised by the
    retention job a configurable number of days after the session."""

    class Status(models.TextChoices):
        ATTENDING = "attending", _("attending")
        WAITLISTED = "waitlisted", _("on the waitlist")
        CANCELLED = "cancelled", _("cancelled")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=160)
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=2, default="fi")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    dietary = models.CharField(_("dietary needs"), max_length=500, blank=True)
    accessibility = models.CharField(_("accessibility needs"), max_length=500, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "session",
                condition=~Q(status="cancelled") & Q(anonymised_at__isnull=True),
                name="registration_one_active_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"registration:{self.pk}"


class EventQuestion(models.Model):
    """An extra question the organiser asks everyone who registers for the event."""

    class Kind(models.TextChoices):
        TEXT = "text", _("short text")
        YES_NO = "yes_no", _("yes or no")
        CHOICE = "choice", _("one of given options")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("an answer is required"), default=False)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    choices = models.JSONField(_("options"), default=list, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self) -> str:
        return self.text
