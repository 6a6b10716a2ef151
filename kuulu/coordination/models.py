"""The coordination model: areas of participation work, their tasks, and who is responsible."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Person, Unit


class CoordinationArea(TimeStampedModel):
    """One area of coordination (e.g. "channels, networks and groups")."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="coordination_areas")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("coordination area")
        verbose_name_plural = _("coordination areas")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "number"], name="coordination_area_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class CoordinationTask(TimeStampedModel):
    """A coordination task and who answers for it: a unit, a named person, or nobody yet."""

    class Status(models.TextChoices):
        NOT_AGREED = "not_agreed", _("responsibility not agreed")
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("in operation")
        PAUSED = "paused", _("paused")

    area = models.ForeignKey(CoordinationArea, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=240)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_AGREED
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordination_tasks",
    )
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordination_tasks",
    )

    class Meta:
        ordering = ["area__number", "order", "id"]
        verbose_name = _("coordination task")
        verbose_name_plural = _("coordination tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="not_agreed")
                | Q(responsible_unit__isnull=False)
                | Q(responsible_person__isnull=False),
                name="coordination_task_agreed_has_responsible",
                violation_error_message=_(
                    "Name a responsible unit or person before marking the task agreed."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title
