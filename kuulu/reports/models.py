"""Models of the reports app: the yearly participation report of a county."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County

# The sections of a report, in the order they are shown; each has a narrative field
# `<section>_text` (fi/sv/en through modeltranslation) and a block of figures.
SECTIONS = ("summary", "programme", "indicators", "outcomes", "initiatives", "councils")


class ReportQuerySet(models.QuerySet["Report"]):
    def published(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.PUBLISHED)


class Report(TimeStampedModel):
    """The county's yearly participation report (osallisuuskertomus) for a period, usually a
    calendar year: the figures of programme progress, indicators, outcomes, initiatives and
    councils heard, with the coordinator's narrative. Publishing freezes the figures into
    `snapshot`; a draft always shows the figures as they are now."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveIntegerField(_("year"))
    start = models.DateField(_("period starts"))
    end = models.DateField(_("period ends"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    summary_text = models.TextField(_("summary"), blank=True, max_length=20_000)
    programme_text = models.TextField(_("programme progress"), blank=True, max_length=20_000)
    indicators_text = models.TextField(_("indicators"), blank=True, max_length=20_000)
    outcomes_text = models.TextField(_("what came of participation"), blank=True, max_length=20_000)
    initiatives_text = models.TextField(_("initiatives"), blank=True, max_length=20_000)
    councils_text = models.TextField(_("councils heard"), blank=True, max_length=20_000)
    snapshot = models.JSONField(_("figures at publication"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year"],
                name="report_one_per_county_and_year",
                violation_error_message=_("The county already has a report for this year."),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="report_end_not_before_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(snapshot__isnull=False) & Q(published_at__isnull=False)),
                name="report_published_has_snapshot",
                violation_error_message=_("A published report keeps its figures."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county_id}/{self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
