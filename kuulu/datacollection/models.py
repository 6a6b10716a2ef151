"""The data-collection calendar: the regular collections of wellbeing and experience data the
county runs or takes part in, where their results are, and how residents took part in
processing them."""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.datacollection.schedule import Occurrence, Rule, next_occurrence
from kuulu.organisation.models import County, Person


class CollectionQuerySet(models.QuerySet["Collection"]):
    def active(self) -> CollectionQuerySet:
        return self.filter(is_active=True)

    def public(self) -> CollectionQuerySet:
        return self.filter(is_active=True, is_public=True)


class Collection(TimeStampedModel):
    """A regular collection of wellbeing or experience data: one of the county's own surveys
    or an external one (THL's Terve Suomi, the School Health Promotion study, THL's national
    customer feedback), with who is responsible, when it recurs, whom it asks and where the
    results are."""

    class Source(models.TextChoices):
        OWN = "own", _("the county's own")
        EXTERNAL = "external", _("external (national)")

    class Schedule(models.TextChoices):
        EVERY_YEAR = Rule.EVERY_YEAR.value, _("every year")
        EVEN_YEARS = Rule.EVEN_YEARS.value, _("in even years")
        ODD_YEARS = Rule.ODD_YEARS.value, _("in odd years")
        ONCE = Rule.ONCE.value, _("once")

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="collections")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    organiser = models.CharField(
        _("organiser"), max_length=200, help_text=_("Who runs it, e.g. THL or a service area.")
    )
    responsible = models.ForeignKey(
        Person,
        verbose_name=_("responsible in the county"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    survey = models.ForeignKey(
        "surveys.Survey",
        verbose_name=_("Kuulu survey"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collections",
    )
    schedule = models.CharField(
        _("recurs"), max_length=12, choices=Schedule.choices, default=Schedule.EVERY_YEAR
    )
    month = models.PositiveSmallIntegerField(
        _("month"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("The month the collection starts in."),
    )
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    target_group = models.CharField(_("target group"), max_length=300)
    results_url = models.URLField(_("where the results are"), blank=True)
    results_note = models.CharField(_("about the results"), max_length=300, blank=True)
    residents_involved = models.BooleanField(
        _("residents took part in processing the results"), default=False
    )
    residents_involvement = models.TextField(_("how residents took part"), blank=True)
    residents_involved_on = models.DateField(_("when residents took part"), null=True, blank=True)
    is_public = models.BooleanField(_("shown in the public calendar"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["month", "name", "id"]
        verbose_name = _("data collection")
        verbose_name_plural = _("data collections")
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12),
                name="collection_month_valid",
                violation_error_message=_("The month must be between 1 and 12."),
            ),
            models.CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(last_year__gte=models.F("first_year")),
                name="collection_years_ordered",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            models.CheckConstraint(
                condition=~Q(schedule="once") | Q(first_year__isnull=False),
                name="collection_once_has_year",
                violation_error_message=_("A one-off collection needs its year."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def next_occurrence(self, today: date) -> Occurrence | None:
        return next_occurrence(
            rule=self.schedule,
            month=self.month,
            today=today,
            first_year=self.first_year,
            last_year=self.last_year,
        )
