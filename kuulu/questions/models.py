"""Ask the leadership (Kysy johdolta): residents' public questions, their support, routing to a
director or manager, and the published answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Person, Unit

ANSWERER_NAME_MAX = 161


class Question(TimeStampedModel):
    """One question. `text` is what the asker wrote (never shown publicly); `public_text` is
    the masked text that is published."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("waiting for email confirmation")
        HELD = "held", _("held for moderation")
        OPEN = "open", _("published, waiting for an answer")
        ROUTED = "routed", _("sent to be answered")
        ANSWERED = "answered", _("answered")
        REJECTED = "rejected", _("not published")
        CONVERTED = "converted", _("moved to feedback or complaints")

    class ConvertedTo(models.TextChoices):
        NONE = "", _("not moved")
        FEEDBACK = "feedback", _("feedback")
        COMPLAINT = "complaint", _("formal complaint")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="questions")
    text = models.TextField(_("question"))
    public_text = models.TextField(_("published question"), blank=True)
    masked_kinds = models.CharField(max_length=120, blank=True, default="")
    display_name = models.CharField(_("name shown"), max_length=80, blank=True)
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leadership_questions",
    )
    asker_email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="fi")
    theme = models.ForeignKey(
        "feedback.Theme",
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    service = models.ForeignKey(
        Unit,
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNVERIFIED
    )
    held_reason = models.CharField(_("why held"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    routed_to = models.ForeignKey(
        Person,
        verbose_name=_("to be answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_to_answer",
    )
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    support_count = models.PositiveIntegerField(default=0)
    converted_to = models.CharField(
        max_length=10, choices=ConvertedTo.choices, blank=True, default=""
    )
    converted_reason = models.TextField(_("why it was moved"), blank=True)
    feedback = models.ForeignKey(
        "feedback.Feedback", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        "feedback.Complaint", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("question to the leadership")
        verbose_name_plural = _("questions to the leadership")
        indexes = [models.Index(fields=["county", "status", "due_on"])]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.ROUTED, self.Status.ANSWERED)


class Support(models.Model):
    """One person's support of a question. `key` is "u<user id>" for a signed-in supporter or
    "h<keyed hash of the email>" for one who confirmed an email address
    (services.supporter_key); `email_key` is that keyed hash of the email in both cases (for a
    signed-in supporter, of the account's address when they supported). Both are unique per
    question, so a person supports a question once, also when they support signed in and
    again by email, or the other way round."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="supports")
    key = models.CharField(max_length=260)
    email_key = models.CharField(max_length=80, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="question_support_once"),
            models.UniqueConstraint(
                fields=["question", "email_key"],
                condition=~Q(email_key=""),
                name="question_support_once_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: support"


class Answer(TimeStampedModel):
    """The published answer: text, optionally a video or audio recording with its transcript."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="answer")
    text = models.TextField(_("answer"))
    answered_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A person's first and last name (80 characters each) and the space between them.
    answerer_name = models.CharField(_("answered by"), max_length=ANSWERER_NAME_MAX)
    answerer_title = models.CharField(_("title"), max_length=160, blank=True)
    media = models.FileField(_("video or audio"), upload_to="questions/answers/", blank=True)
    media_type = models.CharField(max_length=40, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    published_at = models.DateTimeField(_("published"))
    outcomes = models.ManyToManyField(
        "outcomes.Outcome", verbose_name=_("outcomes"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(media="") | ~Q(transcript=""),
                name="question_answer_media_has_transcript",
                violation_error_message=_("A recording needs a transcript."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.answerer_name}"
