"""Resident and customer panels chosen by two-stage sortition.

A random sample of residents (from a population-register extract) is invited by letter; those
who volunteer answer the stratum questions; a stratified random draw among them fills the seats
to quotas. The sample's names and addresses are deleted after the draw, and the contact details
of volunteers who were not selected some days later.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County


class Panel(TimeStampedModel):
    """A resident or customer panel: its purpose, seats, stage, statement and the response."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("planning")
        INVITING = "inviting", _("inviting")
        VOLUNTEERING = "volunteering", _("volunteer registration open")
        DRAWN = "drawn", _("members drawn")
        WORKING = "working", _("working")
        STATEMENT = "statement", _("statement given")
        RESPONDED = "responded", _("response given")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="panels")
    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("participation channel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panels",
        limit_choices_to={"kind__in": ["resident_panel", "customer_panel"]},
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("purpose"), blank=True)
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=24, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNING
    )
    volunteer_deadline = models.DateField(
        _("volunteer registration deadline"), null=True, blank=True
    )
    volunteer_retention_days = models.PositiveSmallIntegerField(
        _("days to keep the contact details of volunteers not selected"),
        default=30,
        help_text=_("Counted from the draw."),
    )
    # Kept when the sample's personal data is deleted, so the page can still say how many
    # residents were invited.
    invited_count = models.PositiveIntegerField(_("residents invited"), default=0)
    sample_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    statement = models.TextField(_("the panel's statement"), blank=True)
    statement_date = models.DateField(_("date of the statement"), null=True, blank=True)
    response = models.TextField(_("the decision-makers' response"), blank=True)
    response_by = models.CharField(_("who responded"), max_length=200, blank=True)
    response_date = models.DateField(_("date of the response"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="panel_has_seats",
                violation_error_message=_("A panel needs at least one seat."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.PLANNING

    def volunteering_open(self, today=None) -> bool:  # type: ignore[no-untyped-def]
        today = today or timezone.localdate()
        if self.status != self.Status.VOLUNTEERING:
            return False
        return self.volunteer_deadline is None or today <= self.volunteer_deadline


class Stratum(models.Model):
    """A question every volunteer answers, used for the quotas: e.g. age band or municipality."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="strata")
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("question"), max_length=200)
    choices = models.JSONField(_("answer options"), default=list)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("stratum")
        verbose_name_plural = _("strata")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "key"],
                name="panel_stratum_key_unique",
                violation_error_message=_("The panel already has a stratum with this key."),
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Quota(models.Model):
    """The least and the most seats one answer of a stratum may have on the panel."""

    stratum = models.ForeignKey(Stratum, on_delete=models.CASCADE, related_name="quotas")
    value = models.CharField(_("answer"), max_length=100)
    min = models.PositiveSmallIntegerField(_("at least"), default=0)
    max = models.PositiveSmallIntegerField(_("at most"))

    class Meta:
        ordering = ["stratum", "id"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["stratum", "value"], name="panel_quota_value_unique"),
            models.CheckConstraint(
                condition=Q(min__lte=F("max")),
                name="panel_quota_min_not_above_max",
                violation_error_message=_("The least number of seats is above the most."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stratum.key}={self.value}"


class Invitee(models.Model):
    """A resident in the invitation sample. Deleted after the draw (only counts are kept).
    Only a keyed hash of the invitation code is stored; the code itself is in the letter."""

    class Language(models.TextChoices):
        FI = "fi", _("Finnish")
        SV = "sv", _("Swedish")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="invitees")
    sample_id = models.CharField(_("sample id"), max_length=40)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=5)
    post_office = models.CharField(_("post office"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    code_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    code_issued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "sample_id"], name="panel_invitee_sample_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"invitee:{self.pk}"


class Volunteer(models.Model):
    """An invitee who registered to take part, with their stratum answers. One per invitation
    code (a unique constraint, so two parallel registrations with one code cannot both win).
    A selected volunteer is a member; `user` is the account that opens the panel's workspace."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="volunteers")
    invitee = models.OneToOneField(
        Invitee, on_delete=models.SET_NULL, null=True, blank=True, related_name="volunteer"
    )
    code_hash = models.CharField(max_length=64, editable=False)
    answers = models.JSONField(_("answers"), default=dict)
    email = models.EmailField(_("email address"), blank=True)
    # Set when the volunteer opens the link mailed to the address (or registers signed in with
    # their account's own address). Only a confirmed address links a member to an account.
    email_confirmed_at = models.DateTimeField(
        _("email address confirmed"), null=True, blank=True, editable=False
    )
    # When a confirmation link was last queued for mailing to the address: at registration,
    # or when the coordinator sends the links to volunteers who registered before there were
    # any (so that sending them again mails no one twice).
    confirmation_sent_at = models.DateTimeField(
        _("confirmation link sent"), null=True, blank=True, editable=False
    )
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=2, default="fi")
    consent_at = models.DateTimeField(_("consent given"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panel_volunteers",
    )
    selected = models.BooleanField(_("selected"), default=False)
    contact_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "code_hash"],
                name="panel_volunteer_one_per_code",
                violation_error_message=_("This invitation code has already been used."),
            ),
        ]

    def __str__(self) -> str:
        return f"volunteer:{self.pk}"


class DrawMethod(models.TextChoices):
    MAXIMIN = "maximin", _("maximally fair (maximin)")
    STRATIFIED = "stratified", _("stratified random draw")


class DrawRecord(models.Model):
    """The record of a panel's draw: everything needed to re-run it and check the result.
    One per panel (a one-to-one link, so two coordinators cannot both draw)."""

    panel = models.OneToOneField(Panel, on_delete=models.CASCADE, related_name="draw")
    method = models.CharField(
        _("method"), max_length=16, choices=DrawMethod.choices, default=DrawMethod.STRATIFIED
    )
    seed = models.BigIntegerField(_("seed"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    algorithm = models.CharField(_("algorithm version"), max_length=40)
    input_hash = models.CharField(_("hash of the inputs (SHA-256)"), max_length=64)
    quotas = models.JSONField(_("quotas"), default=list)
    # Volunteer ids with their stratum answers (no names or contact details).
    inputs = models.JSONField(_("inputs"), default=list)
    selected_ids = models.JSONField(_("selected volunteers"), default=list)
    counts = models.JSONField(_("achieved counts"), default=dict)
    # Maximin: each volunteer's selection probability ({volunteer id: probability}), the
    # smallest of them, and the distribution over panels the lottery drew from (see
    # kuulu.panels.fairness), so the lottery re-runs from the record and the seed alone.
    probabilities = models.JSONField(_("selection probabilities"), default=dict, blank=True)
    min_probability = models.FloatField(_("smallest selection probability"), null=True)
    distribution = models.JSONField(_("distribution over panels"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn"), default=timezone.now)

    class Meta:
        verbose_name = _("draw record")
        verbose_name_plural = _("draw records")

    def __str__(self) -> str:
        return f"draw:{self.panel_id}"


class DrawJob(models.Model):
    """A maximally fair draw being computed on the task worker, with its progress. At most one
    queued or running job per panel (a partial unique constraint). A failed job keeps what was
    wrong (problems, shortages, suggested quota relaxations) for the page."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the task worker")
        RUNNING = "running", _("computing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="draw_jobs")
    method = models.CharField(
        _("method"), max_length=16, choices=DrawMethod.choices, default=DrawMethod.MAXIMIN
    )
    seed = models.BigIntegerField(_("seed"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(_("phase"), max_length=16, blank=True)
    panels_found = models.PositiveIntegerField(_("panels found"), default=0)
    lower = models.FloatField(_("smallest probability so far"), default=0.0)
    upper = models.FloatField(_("bound on the smallest probability"), default=1.0)
    # Structured, translated when shown: [{kind, stratum, value, needed, available}], etc.
    problems = models.JSONField(default=list, blank=True)
    shortages = models.JSONField(default=list, blank=True)
    relaxations = models.JSONField(default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("draw job")
        verbose_name_plural = _("draw jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["panel"],
                condition=Q(status__in=["queued", "running"]),
                name="panel_one_active_draw_job",
                violation_error_message=_("The draw of this panel is already being computed."),
            ),
        ]

    def __str__(self) -> str:
        return f"drawjob:{self.pk}"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        """How close the smallest probability is to its bound (a rough progress figure)."""
        if self.status == self.Status.DONE:
            return 100
        if self.phase != "improve" or self.upper <= 0:
            return 0
        return max(0, min(99, int(100 * self.lower / self.upper)))


class Meeting(models.Model):
    """A working session of the panel."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("panel session")
        verbose_name_plural = _("panel sessions")

    def __str__(self) -> str:
        return f"{self.panel} {self.starts_at:%Y-%m-%d}"


class Material(models.Model):
    """Background material for the panel: a link or a short text."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(text=""),
                name="panel_material_has_content",
                violation_error_message=_("Give a link or a text."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ExpertHearing(models.Model):
    """An expert the panel hears."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="hearings")
    expert_name = models.CharField(_("expert"), max_length=200)
    topic = models.CharField(_("topic"), max_length=300)
    held_on = models.DateField(_("date"))

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("expert hearing")
        verbose_name_plural = _("expert hearings")

    def __str__(self) -> str:
        return f"{self.expert_name}: {self.topic}"
