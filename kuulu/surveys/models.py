"""Surveys: competence and customer-experience surveys, their versions, responses and the
instrument library.

Model API for analytics and exports (read this first)
-----------------------------------------------------
* ``Survey`` is one round of a survey. Rounds of the same survey share ``series`` (a slug) and
  differ in ``round_label`` ("2022", "2023"); compare them by ``Question.key``, which is stable
  across versions and rounds. ``Survey.min_group_size`` (default 5) is the smallest group any
  figure may be shown for.
* ``SurveyVersion`` freezes the questionnaire once it has responses; every ``Response`` points
  to the version it answered. A question of a later version that keeps its ``key`` is the same
  question for trends.
* ``Response.status`` is ``submitted`` for counted responses (``Response.objects.submitted()``).
  Background for group comparison sits on the response: ``respondent_group`` ("manager",
  "staff" or a background question's choice value), ``unit``, ``municipality``,
  ``service_area``. Anonymous surveys never keep ``user`` or ``invitation`` on a submitted
  response.
* ``Answer`` is one row per value, never a JSON blob:

  ========================  ===================================================================
  question kind             rows
  ========================  ===================================================================
  single                    one row, ``choice`` set
  multiple                  one row per chosen option, ``choice`` set
  likert, scale_0_10        one row, ``number`` (integer value on the scale)
  number                    one row, ``number``
  short_text, long_text     one row, ``text`` (other kinds keep ``text`` empty)
  date                      one row, ``date``
  matrix                    one row per statement: ``matrix_row`` and ``number`` (scale value)
  ranking                   one row per option: ``choice`` and ``number`` = rank (1 = first)
  ========================  ===================================================================

  Indexes: (question, choice), (question, matrix_row, number), (response). Distributions are
  ``Answer.objects.filter(question__key=..., response__survey=..., response__status="submitted")
  .values("choice__value").annotate(n=Count("response", distinct=True))``.
* ``Choice.value`` and ``MatrixRow.key`` are slugs stable across versions.
* Instruments: ``Question.instrument_item`` → ``InstrumentItem`` → ``Instrument.scoring``
  ({"method": "sum"|"mean"|"nps", "items": [item keys], "reverse": [item keys],
  "rescale": [min, max]}); compute with the pure functions in ``kuulu.surveys.scoring``.
* ``Question.scale_labels`` is {"fi": [...], "sv": [...], "en": [...], "fi_plain": [...]}, one
  label (possibly "") per scale point from ``scale_min`` to ``scale_max``; use
  ``Question.labels_for(lang)``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kuulu.core import pseudonyms
from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Municipality, Person, Unit

DEFAULT_LONG_TEXT_MAX = 4000
DEFAULT_SHORT_TEXT_MAX = 300


def hash_token(raw: str) -> str:
    """SHA-256 of a random token; only the hash is stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


class Survey(TimeStampedModel):
    """A survey round: its texts, audience, time window and the version respondents answer now."""

    class Kind(models.TextChoices):
        COMPETENCE = "competence", _("competence mapping")
        CUSTOMER_EXPERIENCE = "customer_experience", _("customer experience")
        INCLUSION = "inclusion", _("inclusion")
        EVENT_FEEDBACK = "event_feedback", _("event feedback")
        OTHER = "other", _("other")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("anyone with the link")
        STAFF = "staff", _("staff of chosen units")
        INVITATION = "invitation", _("named people by invitation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="surveys")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    title_fi_plain = models.CharField(_("title in plain Finnish"), max_length=200, blank=True)
    description_fi_plain = models.TextField(_("description in plain Finnish"), blank=True)
    thanks = models.TextField(_("thank-you message"), blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.OTHER)
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.PUBLIC
    )
    units = models.ManyToManyField(
        Unit,
        verbose_name=_("units"),
        blank=True,
        related_name="+",
        help_text=_("Staff of these units and every unit below them may answer."),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Responses are not linked to a person or an invitation once submitted."),
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    series = models.SlugField(
        _("series"),
        max_length=80,
        blank=True,
        help_text=_("The same short name for every round of a recurring survey."),
    )
    round_label = models.CharField(_("round"), max_length=40, blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_surveys",
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown in results"), default=5
    )
    current_version = models.ForeignKey(
        "SurveyVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [models.Index(fields=["county", "series"], name="survey_series_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
                violation_error_message=_("A survey must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_plain_finnish(self) -> bool:
        return bool(self.title_fi_plain)

    def is_accepting(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        """Open for answers now: status open and inside the time window."""
        now = now or timezone.now()
        if self.status != self.Status.OPEN:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class SurveyVersion(models.Model):
    """One version of a survey's questionnaire. Frozen once it has responses: editing a frozen
    version copies it to a new one, so every response keeps the questions it answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    frozen = models.BooleanField(_("frozen"), default=False)

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} v{self.number}"


class Page(models.Model):
    """A page of a survey version: respondents see and submit one page at a time."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="pages")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_fi_plain = models.CharField(_("title in plain Finnish"), max_length=200, blank=True)

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title or f"page:{self.pk}"


class Question(models.Model):
    """A question on a page. `key` identifies the same question across versions and rounds."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        LIKERT = "likert", _("agreement scale (Likert)")
        SCALE_0_10 = "scale_0_10", _("scale from 0 to 10")
        NUMBER = "number", _("number")
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        MATRIX = "matrix", _("matrix (statements on one scale)")
        RANKING = "ranking", _("ranking")
        DATE = "date", _("date")

    class Background(models.TextChoices):
        NONE = "", _("not a background question")
        GROUP = "respondent_group", _("respondent group")
        MUNICIPALITY = "municipality", _("municipality (option values are municipality codes)")
        SERVICE_AREA = "service_area", _("service area (option values are unit codes)")

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING})
    SCALE_KINDS = frozenset({Kind.LIKERT, Kind.SCALE_0_10, Kind.MATRIX})

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("A short identifier kept across versions and rounds, for trends."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help text"), blank=True)
    text_fi_plain = models.CharField(_("question in plain Finnish"), max_length=500, blank=True)
    help_fi_plain = models.TextField(_("help text in plain Finnish"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    scale_min = models.SmallIntegerField(_("scale from"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("scale to"), null=True, blank=True)
    scale_labels = models.JSONField(_("scale labels"), default=dict, blank=True)
    number_min = models.DecimalField(
        _("smallest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("largest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_length = models.PositiveIntegerField(
        _("longest answer (characters)"), null=True, blank=True
    )
    background = models.CharField(
        _("background for group comparison"),
        max_length=20,
        choices=Background.choices,
        default=Background.NONE,
        blank=True,
    )
    instrument_item = models.ForeignKey(
        "InstrumentItem",
        verbose_name=_("instrument item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )

    class Meta:
        ordering = ["version", "page__position", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_unique"),
            models.CheckConstraint(
                condition=Q(scale_min__isnull=True)
                | Q(scale_max__isnull=True)
                | Q(scale_max__gt=models.F("scale_min")),
                name="question_scale_ordered",
                violation_error_message=_("The scale must end above where it starts."),
            ),
        ]
        indexes = [models.Index(fields=["key"], name="question_key_idx")]

    def __str__(self) -> str:
        return self.key

    @property
    def locked(self) -> bool:
        """True when the wording comes from an instrument whose wording may not change."""
        item = self.instrument_item
        return bool(item is not None and item.instrument.locked_wording)

    @property
    def text_max_length(self) -> int | None:
        if self.kind == self.Kind.LONG_TEXT:
            return self.max_length or DEFAULT_LONG_TEXT_MAX
        if self.kind == self.Kind.SHORT_TEXT:
            return self.max_length or DEFAULT_SHORT_TEXT_MAX
        return None

    @property
    def scale_range(self) -> range:
        if self.kind == self.Kind.SCALE_0_10:
            return range(0, 11)
        low = 1 if self.scale_min is None else self.scale_min
        high = 5 if self.scale_max is None else self.scale_max
        return range(low, high + 1)

    def labels_for(self, lang: str | None = None) -> list[tuple[int, str]]:
        """(value, label) for every scale point; the label falls back to Finnish, then ""."""
        lang = lang or get_language() or "fi"
        points = list(self.scale_range)
        labels = self.scale_labels or {}
        chosen = labels.get(lang) or labels.get("fi") or []
        out = []
        for i, value in enumerate(points):
            label = chosen[i] if i < len(chosen) else ""
            out.append((value, label or ""))
        return out


class Choice(models.Model):
    """An option of a single-choice, multiple-choice or ranking question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    value = models.SlugField(_("value"), max_length=60)
    label = models.CharField(_("label"), max_length=300)
    label_fi_plain = models.CharField(_("label in plain Finnish"), max_length=300, blank=True)

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="choice_value_unique"),
        ]

    def __str__(self) -> str:
        return self.value


class MatrixRow(models.Model):
    """A statement of a matrix question; every row is answered on the question's scale."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    label = models.CharField(_("statement"), max_length=300)
    label_fi_plain = models.CharField(_("statement in plain Finnish"), max_length=300, blank=True)

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="matrix_row_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key


class Condition(models.Model):
    """Show a question or a page only when an earlier question's answer matches.

    Several conditions on the same target must all hold. Values are choice values for choice
    questions and numbers for scale and number questions.
    """

    class Operator(models.TextChoices):
        EQUALS = "equals", _("is")
        IN = "in", _("is one of")
        GTE = "gte", _("is at least")
        LTE = "lte", _("is at most")
        ANSWERED = "answered", _("is answered")

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="conditions")
    target_question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="conditions"
    )
    target_page = models.ForeignKey(
        Page, on_delete=models.CASCADE, null=True, blank=True, related_name="conditions"
    )
    source = models.ForeignKey(
        Question,
        verbose_name=_("when the answer to"),
        on_delete=models.CASCADE,
        related_name="dependent_conditions",
    )
    operator = models.CharField(_("operator"), max_length=10, choices=Operator.choices)
    values = models.JSONField(_("values"), default=list, blank=True)

    class Meta:
        ordering = ["version", "id"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_question__isnull=False) & Q(target_page__isnull=True))
                | (Q(target_question__isnull=True) & Q(target_page__isnull=False)),
                name="condition_one_target",
                violation_error_message=_("A condition shows either a question or a page."),
            ),
        ]

    def __str__(self) -> str:
        return f"condition:{self.pk}"


class Invitation(models.Model):
    """A personal link to a survey. Only a SHA-256 of the token is stored; the raw token exists
    only in the email that was sent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    # Empty until the invitation is sent: the sending task makes the token, emails the link and
    # keeps only its hash, so no raw token ever sits in the database or the task queue.
    token_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    email = models.EmailField(_("email address"), blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=2, default="fi")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="invitation_token_unique",
            ),
            models.UniqueConstraint(
                Lower("email"),
                "survey",
                condition=~Q(email=""),
                name="invitation_email_unique",
                violation_error_message=_("This address has already been invited."),
            ),
        ]

    def __str__(self) -> str:
        return f"invitation:{self.pk}"


class ResponseQuerySet(models.QuerySet["Response"]):
    def submitted(self) -> ResponseQuerySet:
        return self.filter(status=Response.Status.SUBMITTED)


class Response(models.Model):
    """One respondent's answers to one version of a survey, saved page by page."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        SUBMITTED = "submitted", _("submitted")

    class Group(models.TextChoices):
        MANAGER = "manager", _("managers")
        STAFF = "staff", _("staff")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    resume_token_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    language = models.CharField(_("language"), max_length=2, default="fi")
    plain_language = models.BooleanField(_("plain Finnish"), default=False)
    next_page = models.PositiveSmallIntegerField(default=0, editable=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    respondent_group = models.CharField(_("respondent group"), max_length=60, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    service_area = models.ForeignKey(
        Unit,
        verbose_name=_("service area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            # Responses of a survey by status, and the results' block fingerprints (count, sum
            # of ids, latest submission per block of ids) index-only.
            models.Index(
                fields=["survey", "status", "id"],
                include=["submitted_at"],
                name="response_results_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(invitation__isnull=False),
                name="response_one_per_invitation",
                violation_error_message=_("This invitation has already been used."),
            ),
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="response_one_per_user",
                violation_error_message=_("You have already answered this survey."),
            ),
            models.UniqueConstraint(
                fields=["resume_token_hash"],
                condition=~Q(resume_token_hash=""),
                name="response_resume_token_unique",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="response_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"response:{self.pk}"


def participation_key(survey_id: int, user_id: int) -> str:
    """A keyed hash of survey and person. It outlives the person's erasure of their data (the
    link to the account goes), so that erasing does not let anyone answer an open survey twice,
    while nobody without the site's secret can tell from it who answered."""
    return pseudonyms.keyed_hash("kuulu.surveys.participation", f"{survey_id}:{user_id}")


class Participation(models.Model):
    """That a signed-in person has submitted a survey, kept apart from what they answered, so
    an anonymous staff survey can still take one response per person. `person_key` is what
    enforces it; `user` is the link the person's own data pages use, dropped on erasure."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    person_key = models.CharField(max_length=64, default="", editable=False)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                name="participation_one_per_user",
                violation_error_message=_("You have already answered this survey."),
            ),
            models.UniqueConstraint(
                fields=["survey", "person_key"],
                condition=~Q(person_key=""),
                name="participation_one_per_person_key",
                violation_error_message=_("You have already answered this survey."),
            ),
        ]

    def __str__(self) -> str:
        return f"participation:{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.person_key and self.user_id is not None:
            self.person_key = participation_key(self.survey_id, self.user_id)
        super().save(*args, **kwargs)


class Answer(models.Model):
    """One value of a response: see the module docstring for the rows each question kind has."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    matrix_row = models.ForeignKey(
        MatrixRow, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    choice = models.ForeignKey(
        Choice, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True, default="")
    date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["response", "question", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "choice"], name="answer_question_choice_idx"),
            # Covers every aggregate of the results (tallies, respondents per question, months,
            # per-respondent instrument sums), for the whole survey or a range of response ids
            # (the block cache of `result_blocks`): index-only scans on PostgreSQL.
            models.Index(
                fields=["question", "response"],
                include=["matrix_row", "choice", "number", "date"],
                name="answer_results_idx",
            ),
            models.Index(fields=["response"], name="answer_response_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(matrix_row__isnull=True) & Q(choice__isnull=True),
                name="answer_one_value_per_question",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "choice"],
                condition=Q(choice__isnull=False),
                name="answer_one_row_per_choice",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "matrix_row"],
                condition=Q(matrix_row__isnull=False),
                name="answer_one_value_per_matrix_row",
            ),
        ]

    def __str__(self) -> str:
        return f"answer:{self.pk}"

    @property
    def value(self) -> object:
        if self.choice_id is not None and self.number is None:
            return self.choice_id
        if self.number is not None:
            return int(self.number) if self.number == self.number.to_integral() else self.number
        if self.date is not None:
            return self.date
        return self.text or None


class Instrument(models.Model):
    """A reusable, scored question set. `county` empty means shipped with Kuulu.

    Licensed instruments (e.g. THL's inclusion indicator) have `locked_wording`: their question
    texts cannot be edited in a survey.
    """

    county = models.ForeignKey(
        County, on_delete=models.CASCADE, null=True, blank=True, related_name="instruments"
    )
    key = models.SlugField(_("key"), max_length=60)
    version = models.CharField(_("version"), max_length=20, default="1")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    locked_wording = models.BooleanField(_("wording may not be changed"), default=False)
    licence_note = models.TextField(_("licence and source"), blank=True)
    scoring = models.JSONField(_("scoring rule"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key", "version"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"],
                condition=Q(county__isnull=True),
                name="instrument_shipped_unique",
            ),
            models.UniqueConstraint(
                fields=["county", "key", "version"],
                condition=Q(county__isnull=False),
                name="instrument_county_unique",
                violation_error_message=_("The county already has this instrument version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class InstrumentItem(models.Model):
    """One question of an instrument, copied into a survey as a question when added."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Question.Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    text_fi_plain = models.CharField(_("question in plain Finnish"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    scale_min = models.SmallIntegerField(null=True, blank=True)
    scale_max = models.SmallIntegerField(null=True, blank=True)
    scale_labels = models.JSONField(default=dict, blank=True)
    # [{"value": "slug", "label": {"fi": ..., "sv": ..., "en": ...}}]
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["instrument", "position", "id"]
        verbose_name = _("instrument item")
        verbose_name_plural = _("instrument items")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="instrument_item_unique"),
        ]

    def __str__(self) -> str:
        return self.key
