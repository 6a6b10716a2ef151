"""Stored emerging topics: one snapshot per computation, its topics with member feedback ids.

Imported by kuulu/feedback/models.py, so the models belong to the feedback app. A topic's `key`
stays the same across snapshots while the topic goes on (most of its members are the same), so
an outcome linked to a topic follows it from one computation to the next.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.models import County


class TopicSnapshot(models.Model):
    """One computation of emerging topics for a county."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)
    window_start = models.DateField(_("from"))
    window_end = models.DateField(_("to"))
    period_days = models.PositiveSmallIntegerField(_("period in days"))
    feedback_count = models.PositiveIntegerField(_("feedback grouped"))

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name = _("emerging topics snapshot")
        verbose_name_plural = _("emerging topics snapshots")
        indexes = [
            models.Index(fields=["county", "-computed_at"], name="topic_snapshot_county_idx")
        ]

    def __str__(self) -> str:
        return f"topics:{self.county_id}:{self.computed_at:%Y-%m-%d %H:%M}"


class Topic(models.Model):
    """A group of similar recent feedback (near-duplicates and their cluster)."""

    snapshot = models.ForeignKey(TopicSnapshot, on_delete=models.CASCADE, related_name="topics")
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=16, db_index=True)
    rank = models.PositiveSmallIntegerField(default=0)
    terms = models.JSONField(default=list, blank=True)
    concepts = models.JSONField(default=list, blank=True)
    size = models.PositiveIntegerField(_("feedback"))
    size_now = models.PositiveIntegerField(_("this period"))
    size_previous = models.PositiveIntegerField(_("previous period"))
    is_new = models.BooleanField(_("new"), default=False)
    is_growing = models.BooleanField(_("growing"), default=False)
    is_duplicates = models.BooleanField(_("near-duplicates"), default=False)
    languages = models.JSONField(default=dict, blank=True)
    member_ids = models.JSONField(default=list, blank=True)  # Feedback ids, most central first
    duplicate_groups = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["snapshot", "rank"]
        verbose_name = _("emerging topic")
        verbose_name_plural = _("emerging topics")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "key"], name="topic_key_once_per_snapshot")
        ]

    def __str__(self) -> str:
        return f"topic:{self.key}"

    @property
    def growth(self) -> int:
        return self.size_now - self.size_previous

    @property
    def label(self) -> str:
        from kuulu.feedback.topics.labels import topic_label

        return topic_label(self.concepts, self.terms)
