"""The impact trail: outcomes (what was decided or changed), the inputs they drew on, their
progress history, and who was told when an outcome was published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Unit


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_DONE = "not_done", _("not done")


OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)


class Outcome(TimeStampedModel):
    """What was decided or changed because of what residents, customers, panels or councils
    said: by whom, when, where it is documented, how far it has got, and what it drew on."""

    Status = Status

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="outcomes")
    title = models.CharField(_("what was decided or changed"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    decided_by = models.CharField(
        _("decided by"),
        max_length=200,
        blank=True,
        help_text=_("A body or a manager, for example: the regional board."),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_url = models.URLField(_("link to the decision document"), blank=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("units concerned"), blank=True, related_name="outcomes"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    not_done_reason = models.TextField(_("why it was not done"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="outcome_progress_at_most_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
        ]
        indexes = [
            models.Index(fields=["county", "is_published", "decided_on"], name="outcome_pub_idx"),
            models.Index(fields=["county", "status", "follow_up_due"], name="outcome_follow_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_late(self, today) -> bool:  # type: ignore[no-untyped-def]
        return bool(
            self.status in OPEN_STATUSES and self.follow_up_due and self.follow_up_due < today
        )


class ProgressUpdate(models.Model):
    """One entry of an outcome's progress history: status and percentage at a date, with a note."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.outcome_id}: {self.progress} %"


class OutcomeInput(models.Model):
    """A link from an outcome to one input it drew on, in any module: the input's kind (an
    adapter key in outcomes/inputs.py), its key and a label copied when it was linked, for
    staff only (no personal data: a reference, a type, a title). When the input is deleted the
    link stays and the input is shown as removed."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="inputs")
    kind = models.CharField(_("kind of input"), max_length=40)
    object_id = models.CharField(_("input"), max_length=64)
    label = models.CharField(_("label when linked"), max_length=300)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("linked input")
        verbose_name_plural = _("linked inputs")
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "kind", "object_id"],
                name="outcome_input_unique",
                violation_error_message=_("This input is already linked to the outcome."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="outcome_input_key_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class Notification(models.Model):
    """One message about a published outcome to one contributor. The row is claimed (inserted)
    before the email is sent, so a recipient hears of an outcome once, however often it is
    published or the task runs. Only a keyed hash of the address is kept."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="notifications")
    recipient_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=2, default="fi")
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "recipient_hash"], name="outcome_notification_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome_id}:{self.recipient_hash[:8]}"


class OptOut(models.Model):
    """An address that asked to hear no more about outcomes, kept only as a keyed hash."""

    recipient_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self) -> str:
        return self.recipient_hash[:8]
