"""Mandatory training: a course or an event assigned to an audience of staff with a due date,
and teams that completed it together."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.events.models import Event
from kuulu.learning.models import Course
from kuulu.organisation.models import County, Person, Unit


class Assignment(TimeStampedModel):
    """ "Every team completes this by the due date." The audience is resolved when it is read
    (staff of the chosen units' subtrees, or of the whole county, optionally managers only), so
    people who join a unit later are assigned too."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        WITHDRAWN = "withdrawn", _("withdrawn")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="assignments")
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    units = models.ManyToManyField(
        Unit,
        verbose_name=_("units"),
        blank=True,
        related_name="+",
        help_text=_("Each unit includes the units and teams below it. None: the whole county."),
    )
    managers_only = models.BooleanField(_("managers only"), default=False)
    due_on = models.DateField(_("due date"))
    remind_days_before = models.PositiveSmallIntegerField(
        _("reminder (days before the due date)"), default=7
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    note = models.TextField(_("note to the learners"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False, event__isnull=True)
                | Q(course__isnull=True, event__isnull=False),
                name="assignment_course_xor_event",
                violation_error_message=_("Assign either a course or an event."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.course or self.event)

    @property
    def title(self) -> str:
        return str(self.course or self.event)


class TeamCompletion(TimeStampedModel):
    """A manager's record that a team completed the assignment together (for example watched the
    recorded lecture in a team meeting). Counts as done for every participant named."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="team_completions"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("team"), on_delete=models.PROTECT)
    completed_on = models.DateField(_("completed on"))
    participants = models.ManyToManyField(Person, verbose_name=_("participants"), related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("team completion")
        verbose_name_plural = _("team completions")
