"""The public portal's own records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County


class AccessibilityFeedback(TimeStampedModel):
    """Feedback on the service's accessibility (act 306/2019): must be answered within 14 days.

    It belongs to the county whose public side received it (the installation's, as for all
    public intake), and that county's coordinators answer it; empty only when the installation
    had no county yet, and then only system admins see it."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        ANSWERED = "answered", _("answered")

    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accessibility_feedback",
        verbose_name=_("county"),
    )
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=4000)
    contact_email = models.EmailField(_("email for the reply"), blank=True)
    language = models.CharField(_("language"), max_length=2, default="fi")
    due_date = models.DateField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["status", "due_date", "id"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self) -> str:
        return f"accessibility-feedback:{self.pk}"
