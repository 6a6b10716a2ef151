"""Customer feedback, formal complaints (muistutus) and initiatives (county act 30 §).

The three are separate case types with separate tables: a formal complaint is an administrative
case that never appears in feedback analytics, and an initiative is not feedback either.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Municipality, Unit

# Letters and digits that cannot be mistaken for each other when read aloud or written down.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TEXT_MAX_LENGTH = 4000  # Open311's limit for a description, used for every free text


def new_reference(prefix: str, length: int = 5) -> str:
    """A short random code the customer can quote, e.g. "PA-7K3Q9"."""
    return f"{prefix}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files that are never served by the web server: outside MEDIA_ROOT and without a URL.
    They are streamed only by permission-checked views. The location is read from the settings
    on each use so that tests can point it at a temporary directory."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def base_location(self):  # type: ignore[no-untyped-def,override]
        return settings.FEEDBACK_PRIVATE_ROOT

    @property
    def location(self):  # type: ignore[no-untyped-def,override]
        return str(settings.FEEDBACK_PRIVATE_ROOT)

    def url(self, name):  # type: ignore[no-untyped-def]
        raise ValueError("Private files have no public URL.")


class Language(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class Secrecy(models.TextChoices):
    """Feedback is a public document, but health and client details in it are secret."""

    PUBLIC = "public", _("public")
    CONTAINS_SECRET_DETAILS = "contains_secret_details", _("contains secret details")
    SECRET = "secret", _("secret")


class Theme(TimeStampedModel):
    """A theme feedback is about, e.g. waiting times or being met. Names are translated."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="feedback_themes")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("feedback theme")
        verbose_name_plural = _("feedback themes")
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="feedback_theme_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def open(self) -> FeedbackQuerySet:
        return self.exclude(status=Feedback.Status.CLOSED)

    def overdue(self, today=None) -> FeedbackQuerySet:  # type: ignore[no-untyped-def]
        today = today or timezone.localdate()
        return self.filter(
            status__in=[Feedback.Status.RECEIVED, Feedback.Status.IN_PROGRESS], due_on__lt=today
        )


class Feedback(TimeStampedModel):
    """One piece of customer feedback in the feedback register: praise, an idea, a question or
    dissatisfaction. Not a patient or client record; the free text may contain health details,
    so it is shown in public only after masking."""

    class Kind(models.TextChoices):
        PRAISE = "praise", _("praise")
        IDEA = "idea", _("development idea")
        QUESTION = "question", _("question")
        DISSATISFACTION = "dissatisfaction", _("dissatisfaction")

    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        UNIT_LINK = "unit_link", _("unit link or QR code")
        STAFF_ENTRY = "staff_entry", _("entered by staff")
        PHONE = "phone", _("phone")
        PAPER = "paper", _("paper form or letter")
        IN_PERSON = "in_person", _("in person")
        OPEN311 = "open311", _("Open311 API")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="feedback")
    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
    )
    text = models.TextField(_("feedback"), max_length=TEXT_MAX_LENGTH)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FI
    )
    score = models.PositiveSmallIntegerField(_("recommendation score"), null=True, blank=True)
    wants_reply = models.BooleanField(_("wants a reply"), default=False)
    # Contact details: for handlers only, cleared by the retention job.
    contact_name = models.CharField(_("name"), max_length=160, blank=True)
    contact_email = models.EmailField(_("email address"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Optional place (Open311 requests may carry one).
    location_text = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    secrecy = models.CharField(
        _("secrecy"),
        max_length=24,
        choices=Secrecy.choices,
        default=Secrecy.CONTAINS_SECRET_DETAILS,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who sent it through the API (a partner application's name), for Open311 requests.
    source_client = models.CharField(_("sent by application"), max_length=100, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    # The first answer, which due dates and response times are about; a follow-up reply or a
    # second answer by phone moves only `last_answered_at`, which the keeping time counts from.
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    last_answered_at = models.DateTimeField(_("last answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Triage: suggestions made when the feedback arrives, confirmed or corrected by a handler.
    suggested_kind = models.CharField(
        _("suggested type"), max_length=16, choices=Kind.choices, blank=True
    )
    suggested_theme = models.ForeignKey(
        Theme,
        verbose_name=_("suggested theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the suggested theme is not sure: the model's runner-up, shown beside it.
    suggested_theme_alternative = models.ForeignKey(
        Theme,
        verbose_name=_("other possible theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    suggested_unit = models.ForeignKey(
        Unit,
        verbose_name=_("suggested unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    triage_confirmed = models.BooleanField(_("triage confirmed"), default=False)
    triage_model_version = models.CharField(_("triage model"), max_length=40, blank=True)
    # The model's calibrated confidence was below its threshold: the handler is asked to check.
    triage_unsure = models.BooleanField(_("triage unsure"), default=False)
    # A hash of the submission, so that the same submission sent twice makes one case.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=10), name="feedback_score_0_10"
            ),
            # The same submission sent twice (a double click, a retried POST) makes one case.
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~Q(fingerprint=""),
                name="feedback_fingerprint_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["county", "status", "due_on"], name="feedback_queue_idx"),
            models.Index(fields=["unit", "received_at"], name="feedback_unit_received_idx"),
            # The dashboard's open backlog reads only open items: a few per cent of the table.
            models.Index(
                fields=["county", "status", "received_at"],
                include=["id", "unit", "kind", "channel", "due_on"],
                condition=Q(status__in=["received", "in_progress"]),
                name="feedback_open_idx",
            ),
            # The workspace home's "due" counts for a handler's units (workspace attention).
            models.Index(
                fields=["unit", "due_on"],
                condition=Q(status__in=["received", "in_progress"]),
                name="feedback_open_unit_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.IN_PROGRESS)

    def is_overdue(self, today=None) -> bool:  # type: ignore[no-untyped-def]
        today = today or timezone.localdate()
        return bool(self.is_open and self.due_on and self.due_on < today)

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_email or self.contact_phone)


# Days from receiving to answering (local days), as (first, last) with None for "and more".
# Every day up to two weeks has its own bucket, so the usual median is exact; beyond that the
# median is interpolated within the bucket.
ANSWER_DAY_BUCKETS: tuple[tuple[int, int | None], ...] = (
    *((day, day) for day in range(15)),
    (15, 21),
    (22, 28),
    (29, 42),
    (43, 60),
    (61, 90),
    (91, None),
)


def answer_bucket_field(first: int, last: int | None) -> str:
    if last is None:
        return f"answered_in_{first}_plus"
    return f"answered_in_{first}" if first == last else f"answered_in_{first}_{last}"


ANSWER_BUCKET_FIELDS = tuple(answer_bucket_field(a, b) for a, b in ANSWER_DAY_BUCKETS)


class FeedbackStat(models.Model):
    """The dashboard's roll-up of feedback: counts per received day (grain "day") and per
    received month (grain "month", summed from the day rows) for each unit, type, theme and
    channel. Derived data only: `kuulu.feedback.rollup.rebuild_rollup` rewrites the rows of the
    days a change touched, and the nightly `rebuild_feedback_rollup --all` rewrites everything.
    A period reads month rows for the whole months in it and day rows for the rest."""

    class Grain(models.TextChoices):
        DAY = "d", _("day")
        MONTH = "m", _("month")

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()  # the received day, or the first day of the received month
    month = models.DateField()  # the first day of the received month
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=16)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=16)
    received = models.PositiveIntegerField(default=0)
    scored = models.PositiveIntegerField(default=0)
    promoters = models.PositiveIntegerField(default=0)  # scores 9-10
    passives = models.PositiveIntegerField(default=0)  # scores 7-8
    detractors = models.PositiveIntegerField(default=0)  # scores 0-6
    wants_reply = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    answered_on_time = models.PositiveIntegerField(default=0)  # answered day <= due date
    answered_in_0 = models.PositiveIntegerField(default=0)
    answered_in_1 = models.PositiveIntegerField(default=0)
    answered_in_2 = models.PositiveIntegerField(default=0)
    answered_in_3 = models.PositiveIntegerField(default=0)
    answered_in_4 = models.PositiveIntegerField(default=0)
    answered_in_5 = models.PositiveIntegerField(default=0)
    answered_in_6 = models.PositiveIntegerField(default=0)
    answered_in_7 = models.PositiveIntegerField(default=0)
    answered_in_8 = models.PositiveIntegerField(default=0)
    answered_in_9 = models.PositiveIntegerField(default=0)
    answered_in_10 = models.PositiveIntegerField(default=0)
    answered_in_11 = models.PositiveIntegerField(default=0)
    answered_in_12 = models.PositiveIntegerField(default=0)
    answered_in_13 = models.PositiveIntegerField(default=0)
    answered_in_14 = models.PositiveIntegerField(default=0)
    answered_in_15_21 = models.PositiveIntegerField(default=0)
    answered_in_22_28 = models.PositiveIntegerField(default=0)
    answered_in_29_42 = models.PositiveIntegerField(default=0)
    answered_in_43_60 = models.PositiveIntegerField(default=0)
    answered_in_61_90 = models.PositiveIntegerField(default=0)
    answered_in_91_plus = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("feedback figures")
        verbose_name_plural = _("feedback figures")
        indexes = [
            models.Index(fields=["county", "grain", "day"], name="feedback_stat_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.grain} {self.day}"


class FeedbackEvent(models.Model):
    """One entry in a feedback item's history: a status change, assignment, forwarding with its
    reason, an internal note, a triage decision or a reply sent to the customer."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("received")
        STATUS = "status", _("status changed")
        ASSIGNED = "assigned", _("assigned")
        FORWARDED = "forwarded", _("forwarded")
        NOTE = "note", _("internal note")
        REPLY = "reply", _("reply to the customer")
        TRIAGE = "triage", _("type, theme and unit checked")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("removed from the public list")
        ANONYMISED = "anonymised", _("anonymised")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    from_value = models.CharField(_("from"), max_length=100, blank=True)
    to_value = models.CharField(_("to"), max_length=100, blank=True)
    from_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    # For replies: when the email left (set by the task).
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("feedback history entry")
        verbose_name_plural = _("feedback history")

    def __str__(self) -> str:
        return f"{self.feedback_id}:{self.kind}"

    @property
    def from_label(self) -> str:
        return self._label(self.from_value)

    @property
    def to_label(self) -> str:
        return self._label(self.to_value)

    def _label(self, value: str) -> str:
        """A status, secrecy label or triage change's value in the page's language (stored as
        codes; a triage value is "type/theme code", "-" for no theme)."""
        if self.kind == self.Kind.STATUS:
            for choices in (Feedback.Status, Secrecy):
                if value in choices.values:
                    return str(choices(value).label)
        if self.kind == self.Kind.TRIAGE and "/" in value:
            kind, code = value.split("/", 1)
            kind_label = str(Feedback.Kind(kind).label) if kind in Feedback.Kind.values else kind
            if code == "-":
                return f"{kind_label}, {_('No theme')}"
            return f"{kind_label}, {self._theme_names().get(code, code)}"
        return value

    def _theme_names(self) -> dict[str, str]:
        """The county's theme names by code, read once per case page: the events of
        `feedback.events` share one Feedback instance, which keeps them."""
        feedback = self.feedback
        names = getattr(feedback, "_theme_names_cache", None)
        if names is None:
            names = {t.code: t.name for t in Theme.objects.filter(county_id=feedback.county_id)}
            feedback._theme_names_cache = names
        return names


class FeedbackAttachment(models.Model):
    """An image or PDF sent with feedback, stored privately and served only to handlers."""

    class ContentType(models.TextChoices):
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"
        WEBP = "image/webp", "WebP"
        PDF = "application/pdf", "PDF"

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="feedback/%Y/%m/", storage=PrivateStorage())
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"attachment:{self.pk}"


class FeedbackHandler(models.Model):
    """A staff member named to handle the feedback of a unit (and its subtree)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="feedback_handlers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_handled_units"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback handler")
        verbose_name_plural = _("feedback handlers")
        constraints = [
            models.UniqueConstraint(fields=["unit", "user"], name="feedback_handler_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.user_id}"


class ReplyTemplate(TimeStampedModel):
    """A model reply following the professional-response guidance: thank, acknowledge, explain,
    say what happens next and how to get in touch. Title and body are translated."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="feedback_reply_templates"
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    kind = models.CharField(
        _("for feedback of type"), max_length=16, choices=Feedback.Kind.choices, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self) -> str:
        return self.title


class PublishedFeedback(models.Model):
    """A feedback item and its response shown in public ("you said, we did"), masked first and
    checked by a coordinator."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="published")
    masked_text = models.TextField(_("what was said"), max_length=TEXT_MAX_LENGTH)
    masked_response = models.TextField(_("what we did"), max_length=TEXT_MAX_LENGTH)
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("published feedback")
        verbose_name_plural = _("published feedback")

    def __str__(self) -> str:
        return f"published:{self.feedback_id}"


# --- Formal complaints ------------------------------------------------------------------------


class ComplaintRouting(models.Model):
    """The responsible director of a unit and its subtree, to whom formal complaints go."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="complaint_routing")
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible director"),
        on_delete=models.PROTECT,
        related_name="complaint_routings",
    )

    class Meta:
        verbose_name = _("complaint routing")
        verbose_name_plural = _("complaint routings")

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.director_id}"


class Complaint(TimeStampedModel):
    """A formal complaint (muistutus) under the patient act 10 § or the social-care client act
    23 §. An administrative case: kept apart from feedback and its analytics, seen only by its
    handlers, and every view of it is audit-logged."""

    class Act(models.TextChoices):
        PATIENT = "patient", _("Act on the Status and Rights of Patients (patient act)")
        SOCIAL_CARE = (
            "social_care",
            _("Act on the Status and Rights of Social Welfare Clients (social-care client act)"),
        )

    class Relationship(models.TextChoices):
        SELF = "self", _("about my own care")
        GUARDIAN = "guardian", _("as a guardian or legal representative")
        RELATIVE = "relative", _("as a relative or close person")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="complaints")
    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    act = models.CharField(_("law"), max_length=12, choices=Act.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    complainant_name = models.CharField(_("name"), max_length=160)
    complainant_email = models.EmailField(_("email address"), blank=True)
    complainant_phone = models.CharField(_("phone"), max_length=40, blank=True)
    complainant_address = models.CharField(_("postal address"), max_length=300, blank=True)
    relationship = models.CharField(
        _("making the complaint"),
        max_length=10,
        choices=Relationship.choices,
        default=Relationship.SELF,
    )
    subject_name = models.CharField(
        _("name of the person the complaint is about"), max_length=160, blank=True
    )
    description = models.TextField(_("what happened"), max_length=TEXT_MAX_LENGTH)
    desired_outcome = models.TextField(
        _("what you would like to happen"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FI
    )
    channel = models.CharField(
        _("channel"), max_length=12, choices=Feedback.Channel.choices, default=Feedback.Channel.WEB
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    due_on = models.DateField(_("due"))
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible director"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directed_complaints",
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handlers"),
        blank=True,
        related_name="handled_complaints",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    # Set when a customer chose the formal complaint after starting with feedback.
    from_feedback_choice = models.BooleanField(default=False, editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("formal complaint")
        verbose_name_plural = _("formal complaints")
        constraints = [
            # The same complaint sent twice (a double click, a retried POST) makes one case.
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~Q(fingerprint=""),
                name="complaint_fingerprint_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.IN_PROGRESS)

    def is_overdue(self, today=None) -> bool:  # type: ignore[no-untyped-def]
        today = today or timezone.localdate()
        return bool(self.is_open and self.due_on < today)


class ComplaintEvent(models.Model):
    """One entry in a formal complaint's history (no personal data in `text` beyond the case)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("received")
        STATUS = "status", _("status changed")
        HANDLER_ADDED = "handler", _("handler added")
        NOTE = "note", _("internal note")
        ANSWERED = "answered", _("answer sent")
        ANONYMISED = "anonymised", _("anonymised")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    from_value = models.CharField(_("from"), max_length=100, blank=True)
    to_value = models.CharField(_("to"), max_length=100, blank=True)
    text = models.TextField(_("text"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("complaint history entry")
        verbose_name_plural = _("complaint history")

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.kind}"

    @property
    def from_label(self) -> str:
        return self._label(self.from_value)

    @property
    def to_label(self) -> str:
        return self._label(self.to_value)

    def _label(self, value: str) -> str:
        """A status change's value in the page's language (stored as a code)."""
        if self.kind == self.Kind.STATUS and value in Complaint.Status.values:
            return str(Complaint.Status(value).label)
        return value


class ComplaintAnswer(TimeStampedModel):
    """The written, reasoned answer to a formal complaint, with a named signer and a sent date.
    There is no appeal against it; the answer tells what other remedies remain."""

    class Delivery(models.TextChoices):
        LETTER = "letter", _("letter")
        EMAIL = "email", _("secure email")
        HANDED = "handed", _("handed over in person")
        E_SERVICE = "e_service", _("e-service")

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="answer")
    text = models.TextField(_("answer"), max_length=TEXT_MAX_LENGTH * 2)
    reasons = models.TextField(_("reasons"), max_length=TEXT_MAX_LENGTH * 2)
    signer_name = models.CharField(_("signed by (name)"), max_length=160)
    signer_title = models.CharField(_("signer's title"), max_length=160)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_on = models.DateField(_("sent"))
    delivery = models.CharField(_("delivered by"), max_length=12, choices=Delivery.choices)

    class Meta:
        verbose_name = _("answer to a formal complaint")
        verbose_name_plural = _("answers to formal complaints")

    def __str__(self) -> str:
        return f"answer:{self.complaint_id}"


# --- Initiatives ------------------------------------------------------------------------------


class Initiative(TimeStampedModel):
    """An initiative under the county act 30 §: the initiators are told within a month who
    handles it, later what was done; the board reports initiatives to the council yearly."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        IN_HANDLING = "in_handling", _("in handling")
        DECIDED = "decided", _("outcome sent")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="initiatives")
    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("initiative"), max_length=TEXT_MAX_LENGTH)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("service or unit concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FI
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    handler_notice_due = models.DateField(_("notice of handling due"))
    handler_notice_sent_on = models.DateField(_("notice of handling sent"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handler_description = models.CharField(
        _("who handles it (as told to the initiators)"), max_length=300, blank=True
    )
    expected_decision = models.CharField(_("when it will be decided"), max_length=200, blank=True)
    outcome = models.TextField(_("what was done"), max_length=TEXT_MAX_LENGTH, blank=True)
    outcome_sent_on = models.DateField(_("outcome sent"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            # The same initiative sent twice (a double click, a retried POST) makes one case.
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~Q(fingerprint=""),
                name="initiative_fingerprint_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def notice_overdue(self, today=None) -> bool:  # type: ignore[no-untyped-def]
        today = today or timezone.localdate()
        return self.handler_notice_sent_on is None and self.handler_notice_due < today


class InitiativeSigner(models.Model):
    """One initiator and the basis on which they may make an initiative."""

    class Basis(models.TextChoices):
        RESIDENT = "resident", _("resident of the county")
        CUSTOMER = "customer", _("user of the service concerned")
        NGO = "ngo", _("organisation (NGO) active in the county")
        MUNICIPALITY = "municipality", _("municipality of the county")
        OTHER = "other", _("other")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="signers")
    name = models.CharField(_("name"), max_length=160)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_contact = models.BooleanField(_("contact person"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("initiator")
        verbose_name_plural = _("initiators")

    def __str__(self) -> str:
        return f"signer:{self.pk}"


# Emerging topics (kuulu/feedback/topics/models.py) belong to this app.
from kuulu.feedback.topics.models import Topic, TopicSnapshot  # noqa: E402, F401
