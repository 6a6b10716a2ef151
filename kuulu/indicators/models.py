"""Models of the indicators app: manual indicators and their values.

Built-in indicators are defined in code (`catalogue.py`) and computed live; manual indicators are
defined by the county's coordinator, and their values are entered per period (a quarter or a
year), county-wide or for one unit, or imported from CSV (e.g. national survey figures).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.core.numbers import DB_INTEGER_MAX
from kuulu.indicators.types import Direction, Perspective
from kuulu.organisation.models import County, Unit


class ManualIndicator(TimeStampedModel):
    class Unit(models.TextChoices):
        PERCENT = "%", _("per cent")
        DAYS = "days", _("days")
        SCORE = "score", _("score")
        COUNT = "count", _("count")
        HOURS = "hours", _("hours")

    class PerspectiveChoice(models.TextChoices):
        INFORMATION = Perspective.INFORMATION.value, _("Information and transactions")
        SERVICE = Perspective.SERVICE.value, _("The service situation")
        DEVELOPMENT = Perspective.DEVELOPMENT.value, _("Development")
        STRATEGY = Perspective.STRATEGY.value, _("The strategy level")

    class DirectionChoice(models.TextChoices):
        HIGHER = Direction.HIGHER.value, _("higher is better")
        LOWER = Direction.LOWER.value, _("lower is better")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="manual_indicators")
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("A stable identifier, e.g. national-survey-inclusion."),
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), max_length=2000)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    perspective = models.CharField(
        _("perspective"), max_length=12, choices=PerspectiveChoice.choices
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=DirectionChoice.choices, default="higher"
    )
    min_value = models.DecimalField(
        _("smallest allowed value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest allowed value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    counts_persons = models.BooleanField(
        _("counts persons"),
        default=False,
        help_text=_("Values over fewer than 5 persons are then hidden."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["perspective", "code"]
        verbose_name = _("manual indicator")
        verbose_name_plural = _("manual indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "code"], name="indicators_manual_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="indicators_manual_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return self.code


# The largest number of persons a value can be over: the most the column holds (a PostgreSQL
# integer; SQLite would take more, so the forms and the import check it).
PERSONS_MAX = DB_INTEGER_MAX  # what the integer column holds on PostgreSQL


class ManualValue(TimeStampedModel):
    """One value of a manual indicator for one period, county-wide (no unit) or for one unit."""

    indicator = models.ForeignKey(ManualIndicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    persons = models.PositiveIntegerField(
        _("number of persons"),
        null=True,
        blank=True,
        help_text=_("How many persons the value is over (respondents), if known."),
    )
    source_note = models.CharField(_("source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["indicator", "-period_start", "unit"]
        verbose_name = _("manual indicator value")
        verbose_name_plural = _("manual indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end", "unit"],
                name="indicators_value_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                condition=Q(unit__isnull=True),
                name="indicators_value_county_unique",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="indicators_value_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}:{self.period_start}"
