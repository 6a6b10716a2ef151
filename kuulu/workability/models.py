"""Work-ability figures per unit: monthly figures imported from the HR system, the goals set for
them, and who may see them as HR.

The figures are unit-level aggregates made by the HR system; no row names or links a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Person, Unit


class Figure(models.TextChoices):
    """The figures shown per unit. Rates are weighted by person-years when units are combined;
    counts are summed."""

    SICKNESS_ABSENCE = "sickness_absence", _("sickness-absence days per person-year")
    SHORT_ABSENCES = "short_absences", _("short sickness absences (1 to 3 days)")
    WORK_ACCIDENTS = "work_accidents", _("work accidents")
    EARLY_SUPPORT = "early_support", _("early-support discussions")
    DISABILITY_PENSIONS = "disability_pensions", _("disability-pension decisions")
    TURNOVER = "turnover", _("staff turnover, % of headcount")
    HEADCOUNT = "headcount", _("headcount")


class FigureImport(TimeStampedModel):
    """One accepted HR file: who imported it, how many months of which units it held."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new unit-months"), default=0)
    replaced = models.PositiveIntegerField(_("replaced unit-months"), default=0)
    first_month = models.DateField(_("first month"), null=True, blank=True)
    last_month = models.DateField(_("last month"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("HR figure import")
        verbose_name_plural = _("HR figure imports")

    def __str__(self) -> str:
        return f"import {self.pk}"


# The stored sums of a row's 12-month window (all that a page sums; see MonthlyFigures).
WINDOW_FIELDS = [
    "window_smallest",
    "window_headcount_months",
    "window_person_years",
    "window_absence_weighted",
    "window_short_absences",
    "window_work_accidents",
    "window_early_support",
    "window_disability_pensions",
    "window_leavers",
]


class MonthlyFigures(models.Model):
    """One unit's work-ability figures for one month, as the HR system reported them.

    `month` is the first day of the month. `person_years` is the month's staff in annual
    full-time equivalents (the weight of the absence rate when units are combined).
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    headcount = models.PositiveIntegerField(_("headcount"))
    person_years = models.DecimalField(_("person-years"), max_digits=9, decimal_places=2)
    sickness_absence_days_per_person_year = models.DecimalField(
        _("sickness-absence days per person-year"), max_digits=6, decimal_places=2
    )
    short_absences = models.PositiveIntegerField(_("short sickness absences (1 to 3 days)"))
    work_accidents = models.PositiveIntegerField(_("work accidents"))
    early_support_discussions = models.PositiveIntegerField(_("early-support discussions"))
    disability_pension_decisions = models.PositiveIntegerField(_("disability-pension decisions"))
    leavers = models.PositiveIntegerField(_("leavers"))
    source = models.ForeignKey(
        FigureImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The unit's 12 months ending here, stored by the import (services.store_windows) when the
    # unit reported every one of them; all None otherwise, and the unit is then not counted in
    # this month's figures (figures.unit_windows says why).
    window_smallest = models.PositiveIntegerField(null=True, blank=True, editable=False)
    window_headcount_months = models.PositiveIntegerField(null=True, blank=True, editable=False)
    window_person_years = models.DecimalField(
        max_digits=11, decimal_places=2, null=True, blank=True, editable=False
    )
    window_absence_weighted = models.DecimalField(
        max_digits=18, decimal_places=4, null=True, blank=True, editable=False
    )
    window_short_absences = models.PositiveIntegerField(null=True, blank=True, editable=False)
    window_work_accidents = models.PositiveIntegerField(null=True, blank=True, editable=False)
    window_early_support = models.PositiveIntegerField(null=True, blank=True, editable=False)
    window_disability_pensions = models.PositiveIntegerField(null=True, blank=True, editable=False)
    window_leavers = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["unit_id", "month"]
        verbose_name = _("monthly work-ability figures")
        verbose_name_plural = _("monthly work-ability figures")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="workability_one_row_per_month"),
            models.CheckConstraint(
                condition=Q(sickness_absence_days_per_person_year__gte=0)
                & Q(sickness_absence_days_per_person_year__lte=365),
                name="workability_absence_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(person_years__gte=0), name="workability_person_years_not_negative"
            ),
        ]
        indexes = [
            models.Index(
                fields=["month", "unit"],
                include=["headcount", *WINDOW_FIELDS],
                name="workability_month_unit_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class UnitGoal(TimeStampedModel):
    """A unit's goal for one figure in one year (e.g. at most 14 sickness-absence days per
    person-year in 2026), set by its manager, HR or the coordinator."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    figure = models.CharField(_("figure"), max_length=24, choices=Figure.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("goal"), max_digits=9, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["unit_id", "year", "figure"]
        verbose_name = _("unit goal")
        verbose_name_plural = _("unit goals")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "figure", "year"], name="workability_one_goal_per_year"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="workability_goal_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.figure} {self.year}"


class HrPartner(TimeStampedModel):
    """A staff member who works in HR and sees every unit's work-ability figures of the county
    (granted by the coordinator). Kept here, not as a flag on Person, so the organisation's
    tables stay as they are."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("HR partner")
        verbose_name_plural = _("HR partners")

    def __str__(self) -> str:
        return f"HR partner {self.person_id}"
