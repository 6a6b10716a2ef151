"""E-learning: courses made of modules (text, video, audio, podcast episode, attachment, quiz),
each learner's progress, course completion, and the media library for podcasts and recordings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County


class MediaItem(TimeStampedModel):
    """A podcast episode, video or audio recording in the county's media library.

    `internal_only` items are listed and playable for signed-in staff only."""

    class Kind(models.TextChoices):
        PODCAST = "podcast", _("podcast episode")
        VIDEO = "video", _("video")
        AUDIO = "audio", _("audio recording")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="media_items")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PODCAST)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    series = models.CharField(_("series"), max_length=120, blank=True)
    episode_number = models.PositiveSmallIntegerField(_("episode"), null=True, blank=True)
    url = models.URLField(_("link to the recording"), max_length=500)
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_("A text version for people who cannot listen or watch."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), null=True, blank=True
    )
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="fi"
    )
    published_on = models.DateField(_("published"), null=True, blank=True)
    internal_only = models.BooleanField(
        _("internal only"), default=True, help_text=_("Only signed-in staff can see it.")
    )

    class Meta:
        ordering = ["series", "-published_on", "-id"]
        verbose_name = _("media item")
        verbose_name_plural = _("media library")

    def __str__(self) -> str:
        return self.title


class Course(TimeStampedModel):
    """A self-paced course, e.g. the five-part orientation package or a recorded lecture."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="fi"
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"), null=True, blank=True
    )
    internal_only = models.BooleanField(
        _("internal only"), default=True, help_text=_("Only signed-in staff can take it.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class Module(models.Model):
    """One part of a course. A quiz module has questions and a pass mark."""

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        VIDEO = "video", _("video")
        AUDIO = "audio", _("audio")
        PODCAST = "podcast", _("podcast episode")
        ATTACHMENT = "attachment", _("attachment")
        QUIZ = "quiz", _("quiz")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TEXT)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    media = models.ForeignKey(
        MediaItem,
        verbose_name=_("from the media library"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="modules",
    )
    attachment = models.FileField(_("attachment"), upload_to="learning/%Y/", blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, help_text=_("For quizzes: the share of right answers.")
    )

    class Meta:
        ordering = ["course", "position", "id"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0, pass_mark__lte=100),
                name="module_pass_mark_percent",
                violation_error_message=_("The pass mark is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QuizQuestion(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("question"), max_length=500)
    multiple = models.BooleanField(
        _("several right answers"), default=False, help_text=_("Learners tick every right one.")
    )
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown after answering.")
    )

    class Meta:
        ordering = ["module", "position", "id"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.text


class QuizChoice(models.Model):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("answer"), max_length=300)
    is_correct = models.BooleanField(_("right answer"), default=False)

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self) -> str:
        return self.text


class ModuleProgress(models.Model):
    """A learner has done a module: read or watched it, or passed its quiz."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # best quiz score, %

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="module_progress_once"),
        ]

    def __str__(self) -> str:
        return f"module-progress:{self.pk}"


class QuizAttempt(models.Model):
    """Every quiz answer sheet, passed or not, so learners can try again and coordinators can
    see which questions trip people up.

    The sheet keeps what was true when it was scored: which questions were right by the answer
    key of that moment (`results`) and the pass mark of that moment. Editing the quiz later
    never changes an earlier sheet, as it never changes its score or the learner's pass.
    `results` and `pass_mark` are empty only on sheets scored before they were kept, when the
    key of today no longer gives the sheet's score (so what was right is not known)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="attempts")
    answers = models.JSONField(default=dict)  # {question id: [choice ids]}
    results = models.JSONField(null=True, blank=True)  # {question id: right?}
    score = models.PositiveSmallIntegerField()  # %
    pass_mark = models.PositiveSmallIntegerField(null=True, blank=True)  # %, when scored
    passed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"quiz-attempt:{self.pk}"


class CourseCompletion(models.Model):
    """Written once, when the learner's last module of the course is done."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="course_completed_once"),
        ]

    def __str__(self) -> str:
        return f"course-completion:{self.pk}"
