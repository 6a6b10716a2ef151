"""The experience-expert bank: experts' profiles, professionals' requests, offers to experts,
and the engagements (assignments) with their debrief, fees and travel claims.

No diagnosis or health data is stored anywhere here: experience areas are service fields
("mental health recovery"), not conditions of the person."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Municipality, Ngo, Person, Unit

# The shortest assignment a request can ask for; the web form and the API share it (the
# service checks it).
MIN_DURATION_HOURS = Decimal("0.5")
MONEY = {"max_digits": 9, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    SAMI = "se", _("Sámi")
    OTHER = "other", _("another language")


class AssignmentType(models.TextChoices):
    LECTURE = "lecture", _("lecture")
    DEVELOPMENT_GROUP = "development_group", _("development group")
    PAIR_WORK = "pair_work", _("pair work with a professional")
    TRAINING = "training", _("training")


class FeeBasis(models.TextChoices):
    HOURLY = "hourly", _("hourly fee")
    PER_ASSIGNMENT = "per_assignment", _("fee per assignment")
    VOLUNTEER = "volunteer", _("volunteer (no fee)")


class ExperienceArea(TimeStampedModel):
    """A field of lived experience an expert can speak from, e.g. substance use services or
    being a carer. A service field, never a diagnosis."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="experience_areas")
    slug = models.SlugField(_("short name"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("experience area")
        verbose_name_plural = _("experience areas")
        constraints = [
            models.UniqueConstraint(fields=["county", "slug"], name="experience_area_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ExpertProfileQuerySet(models.QuerySet["ExpertProfile"]):
    def in_bank(self) -> ExpertProfileQuerySet:
        """Profiles professionals may see and matching may suggest: consent in force."""
        return self.filter(consent_withdrawn_at__isnull=True, anonymised_at__isnull=True)


class ExpertProfile(TimeStampedModel):
    """An experience expert's entry in the bank: what they can speak about, where and how they
    work, their training, their written agreement and fee basis.

    Fee basis, agreement, payee number and availability notes are for coordinators and the
    expert only. Consent to keep the profile can be withdrawn; the profile then leaves the
    bank at once and is deleted by retention (or reduced to its bookkeeping minimum when
    engagements must stay)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="expert_profiles")
    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="expert_profile"
    )
    areas = models.ManyToManyField(
        ExperienceArea, verbose_name=_("experience areas"), blank=True, related_name="experts"
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="experience_experts",
    )
    remote_ok = models.BooleanField(_("takes remote assignments"), default=False)
    preferred_types = models.JSONField(_("preferred assignment types"), default=list, blank=True)
    available = models.BooleanField(_("available for assignments"), default=True)
    unavailable_until = models.DateField(_("unavailable until"), null=True, blank=True)
    availability_note = models.TextField(
        _("availability notes"),
        blank=True,
        help_text=_("Days and times that suit. Do not write health details here."),
    )
    fee_basis = models.CharField(
        _("fee basis"), max_length=20, choices=FeeBasis.choices, default=FeeBasis.HOURLY
    )
    fee_amount = models.DecimalField(_("fee (euros)"), default=Decimal(0), **MONEY)
    payee_number = models.CharField(
        _("payee number"),
        max_length=40,
        blank=True,
        help_text=_(
            "The payroll system's employee or payee number. Never a personal identity code."
        ),
    )
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_valid_until = models.DateField(_("agreement valid until"), null=True, blank=True)
    agreement_reference = models.CharField(
        _("agreement document reference"), max_length=120, blank=True
    )
    consent_given_on = models.DateField(_("consent to keep the profile given on"))
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = ExpertProfileQuerySet.as_manager()

    class Meta:
        ordering = ["person__last_name", "person__first_name", "id"]
        verbose_name = _("experience expert's profile")
        verbose_name_plural = _("experience experts' profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement_valid_until__isnull=True)
                | Q(agreement_signed_on__isnull=True)
                | Q(agreement_valid_until__gte=models.F("agreement_signed_on")),
                name="expert_agreement_dates_in_order",
                violation_error_message=_("The agreement cannot end before it was signed."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def in_bank(self) -> bool:
        return self.consent_withdrawn_at is None and self.anonymised_at is None

    def agreement_valid_on(self, day: date) -> bool:
        if self.agreement_signed_on is None or self.agreement_signed_on > day:
            return False
        return self.agreement_valid_until is None or self.agreement_valid_until >= day

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]

    def type_labels(self) -> list[str]:
        labels = dict(AssignmentType.choices)
        return [str(labels.get(code, code)) for code in self.preferred_types]


class TrainingRecord(TimeStampedModel):
    """An experience-expert training the person has completed, usually run by an NGO."""

    profile = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="trainings")
    course_name = models.CharField(_("course"), max_length=200)
    ngo = models.ForeignKey(
        Ngo,
        verbose_name=_("trained by (NGO)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    trainer = models.CharField(
        _("trained by (other)"),
        max_length=200,
        blank=True,
        help_text=_("When the trainer is not one of the county's partner NGOs."),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["-completed_on", "id"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self) -> str:
        return self.course_name

    @property
    def trained_by(self) -> str:
        return str(self.ngo) if self.ngo_id else self.trainer


class ExpertRequest(TimeStampedModel):
    """A professional's request for an experience expert: what for, when, where and how."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        FILLED = "filled", _("expert found")
        CANCELLED = "cancelled", _("cancelled")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="expert_requests")
    requested_by = models.ForeignKey(
        Person, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    need = models.TextField(
        _("what is the expert needed for"),
        help_text=_("Describe the situation and the audience. Write no customer's details."),
    )
    areas = models.ManyToManyField(
        ExperienceArea, verbose_name=_("experience areas"), related_name="requests"
    )
    date_from = models.DateField(_("date"))
    date_to = models.DateField(
        _("last date"), null=True, blank=True, help_text=_("For a period; leave empty for one day.")
    )
    time_note = models.CharField(_("time"), max_length=60, blank=True)
    type = models.CharField(_("assignment type"), max_length=20, choices=AssignmentType.choices)
    remote = models.BooleanField(_("remote"), default=False)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.FINNISH
    )
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(MIN_DURATION_HOURS)],
    )
    cost_centre = models.CharField(
        _("cost centre"),
        max_length=40,
        blank=True,
        help_text=_("Where the fee is booked; the unit is used when empty."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["date_from", "id"]
        verbose_name = _("expert request")
        verbose_name_plural = _("expert requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_to__gte=models.F("date_from")),
                name="expert_request_period_in_order",
                violation_error_message=_("The last date cannot be before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date_from.isoformat()}"


class Offer(TimeStampedModel):
    """The coordinator's offer of a request to one expert, who accepts or declines it.
    At most one offer per request is accepted (a partial unique index)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CLOSED = "closed", _("closed")

    request = models.ForeignKey(ExpertRequest, on_delete=models.CASCADE, related_name="offers")
    profile = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="offers")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message to the expert"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "profile"], name="offer_once_per_expert_and_request"
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="accepted"),
                name="offer_one_accepted_per_request",
                violation_error_message=_("Another expert has already accepted this request."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.profile_id}"


class Engagement(TimeStampedModel):
    """The assignment itself, created when an expert accepts an offer: what was done, the
    debrief afterwards, hours, fee and travel claim. Fees and travel costs are taxable income
    for the expert and may affect their benefits."""

    class Status(models.TextChoices):
        AGREED = "agreed", _("agreed")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    request = models.OneToOneField(
        ExpertRequest, on_delete=models.PROTECT, related_name="engagement"
    )
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="engagement")
    profile = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, related_name="engagements")
    date = models.DateField(_("date"))
    type = models.CharField(_("assignment type"), max_length=20, choices=AssignmentType.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AGREED
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    fee_basis = models.CharField(_("fee basis"), max_length=20, choices=FeeBasis.choices)
    fee_amount = models.DecimalField(_("fee (euros)"), default=Decimal(0), **MONEY)
    travel_km = models.DecimalField(
        _("kilometres driven"),
        max_digits=7,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    km_allowance = models.DecimalField(
        _("kilometre allowance (euros)"), default=Decimal(0), **MONEY
    )
    tickets_amount = models.DecimalField(_("tickets (euros)"), default=Decimal(0), **MONEY)
    per_diem_amount = models.DecimalField(_("per diem (euros)"), default=Decimal(0), **MONEY)
    debrief_note = models.TextField(
        _("debrief note"),
        blank=True,
        help_text=_("How it went and what was agreed in the debriefing. No customer details."),
    )
    debriefed_at = models.DateTimeField(_("debriefed"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        indexes = [models.Index(fields=["profile", "date"], name="engagement_profile_date")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date.isoformat()}"

    @property
    def travel_amount(self) -> Decimal:
        return self.km_allowance + self.tickets_amount + self.per_diem_amount

    @property
    def total_amount(self) -> Decimal:
        return self.fee_amount + self.travel_amount
