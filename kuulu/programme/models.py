"""The participation programme (osallisuusohjelma): a county's programme for a period, its
perspectives, goals with indicator targets, measures with responsible units and people, and the
quarterly follow-up of each measure. Edits after approval leave a history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.indicators.types import Perspective as PerspectiveKind
from kuulu.organisation.models import County, Person, Unit


class ParticipationProgramme(TimeStampedModel):
    """A county's participation programme for a period of years (e.g. 2025-2028), drafted by the
    participation coordinators and approved by a body such as the county board. Named apart from
    `events.Programme`, which is a training programme."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="participation_programmes"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approval_body = models.CharField(
        _("approved by"), max_length=200, blank=True, help_text=_("E.g. the county board.")
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    minutes_url = models.URLField(_("link to the minutes"), blank=True)

    class Meta:
        ordering = ["-start_year", "-id"]
        verbose_name = _("participation programme")
        verbose_name_plural = _("participation programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="programme_years_ordered",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(approved_on__isnull=False) & ~Q(approval_body="")),
                name="programme_approval_recorded",
                violation_error_message=_(
                    "An approved programme needs the approving body and the date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.start_year}\u2013{self.end_year}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def period_label(self) -> str:
        return f"{self.start_year}\u2013{self.end_year}"


class ProgrammePerspective(TimeStampedModel):
    """One perspective of the programme. New programmes start with Keusote's four (information
    and transactions, the service situation, development, the strategy level); the coordinator
    may rename, reorder, add and remove them. `kind` links a perspective to the indicator
    perspectives; an added one has none."""

    programme = models.ForeignKey(
        ParticipationProgramme, on_delete=models.CASCADE, related_name="perspectives"
    )
    kind = models.CharField(
        _("indicator perspective"),
        max_length=20,
        blank=True,
        choices=[(p.value, p.value) for p in PerspectiveKind],
    )
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")

    def __str__(self) -> str:
        return self.title


class Goal(TimeStampedModel):
    """A goal of the programme under one perspective, measured by its indicators."""

    perspective = models.ForeignKey(
        ProgrammePerspective, on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class GoalIndicator(TimeStampedModel):
    """An indicator of a goal (a code of the indicator catalogue) with its baseline and the
    target to reach by the target year."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("indicator"), max_length=80)
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.FloatField(_("target"))
    target_year = models.PositiveSmallIntegerField(_("target year"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("goal indicator")
        verbose_name_plural = _("goal indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "code"],
                name="goal_indicator_unique",
                violation_error_code="duplicate",  # kuulu.core.errors.DUPLICATE
                violation_error_message=_("This goal already has this indicator."),
            ),
            models.CheckConstraint(
                condition=Q(baseline__isnull=True) | Q(baseline_year__isnull=False),
                name="goal_indicator_baseline_has_year",
                violation_error_message=_("A baseline needs its year."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DELAYED = "delayed", _("delayed")
    CANCELLED = "cancelled", _("cancelled")


class MeasureQuerySet(models.QuerySet["Measure"]):
    def open(self) -> MeasureQuerySet:
        """Measures still to be carried out (not done, not cancelled)."""
        return self.exclude(status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED])


class Measure(TimeStampedModel):
    """A measure (toimenpide) towards a goal: who is responsible (a unit and a member of its
    staff), when it runs, the working hours set aside for it and where it stands."""

    Status = MeasureStatus

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("working hours allocated"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(due_on__isnull=True)
                | Q(due_on__gte=F("starts_on")),
                name="measure_dates_ordered",
                violation_error_message=_("The due date cannot be before the start."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="measure_status_due_idx")]

    def __str__(self) -> str:
        return self.title


class FollowUp(TimeStampedModel):
    """The quarterly follow-up of a measure: where it stood at the end of the quarter, a note and
    links to the evidence. One per measure and quarter; who recorded it and when."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="follow_ups")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices)
    note = models.TextField(_("note"), blank=True)
    evidence_links = models.TextField(
        _("evidence links"), blank=True, help_text=_("One web address per line.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "quarter"],
                name="follow_up_one_per_quarter",
                violation_error_message=_("This measure already has a follow-up for the quarter."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                name="follow_up_quarter_valid",
                violation_error_message=_("The quarter must be between 1 and 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"


class ProgrammeChange(models.Model):
    """One change to an approved programme: who changed what field of which part, from what to
    what, and when. Written by the programme's services, never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("added")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("removed")

    programme = models.ForeignKey(
        ParticipationProgramme, on_delete=models.CASCADE, related_name="changes"
    )
    changed_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("part"), max_length=20)
    object_id = models.PositiveIntegerField(_("part id"))
    object_label = models.CharField(_("part title"), max_length=300, blank=True)
    field = models.CharField(_("field"), max_length=60, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("programme change")
        verbose_name_plural = _("programme changes")

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id} {self.field}"
