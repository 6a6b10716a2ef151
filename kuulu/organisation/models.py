"""The county's organisation: its municipalities, service areas and units, partner NGOs and people."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel


class County(TimeStampedModel):
    """A wellbeing services county: the organisation that runs Kuulu."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), unique=True)
    is_bilingual = models.BooleanField(_("bilingual (Finnish and Swedish)"), default=False)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Municipality(TimeStampedModel):
    """A municipality in the county's area; units are located in municipalities."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(
        _("municipality code"), max_length=3, help_text=_("Statistics Finland code")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="municipality_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet["Unit"]):
    def subtree_of(self, unit: Unit) -> UnitQuerySet:
        """The unit and every unit below it, at any depth."""
        return self.filter(path__startswith=unit.path)

    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)


class Unit(TimeStampedModel):
    """A part of the county's organisation: a service area at the top, units below it, any depth.

    `path` is the materialised chain of ids from the root ("12/40/41/"), kept by
    organisation.services so that subtree queries are one indexed prefix match.
    """

    class Kind(models.TextChoices):
        SERVICE_AREA = "service_area", _("service area")
        UNIT = "unit", _("unit")
        TEAM = "team", _("team")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UNIT)
    name = models.CharField(_("name"), max_length=160)
    code = models.SlugField(
        _("code"), max_length=60, help_text=_("A short identifier, unique in the county.")
    )
    description = models.TextField(_("description"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), blank=True, related_name="units"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("The unit's id in the HR system; set and matched by the HR sync."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="unit_code_unique"),
            models.UniqueConstraint(
                fields=["county", "external_id"],
                condition=~Q(external_id=""),
                name="unit_external_id_unique",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="unit_not_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Ngo(TimeStampedModel):
    """A partner NGO (association active in health and social matters)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="ngos")
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), blank=True, related_name="ngos"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("NGO")
        verbose_name_plural = _("NGOs")

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """Someone the county works with: staff member, elected official, resident or customer,
    experience expert or NGO contact. May have a sign-in account.

    Roles follow from the fields: staff with `is_manager` manage their unit's subtree;
    `is_coordinator` makes a staff member a participation coordinator for the whole county.
    """

    class Kind(models.TextChoices):
        STAFF = "staff", _("staff member")
        ELECTED_OFFICIAL = "elected_official", _("elected official")
        RESIDENT = "resident", _("resident or customer")
        EXPERIENCE_EXPERT = "experience_expert", _("experience expert")
        NGO_CONTACT = "ngo_contact", _("NGO contact")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    is_manager = models.BooleanField(_("manager"), default=False)
    is_coordinator = models.BooleanField(_("participation coordinator"), default=False)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("home municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ngo = models.ForeignKey(
        Ngo,
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    position = models.CharField(
        _("position"),
        max_length=120,
        blank=True,
        help_text=_("For elected officials: body and role."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("The person's id in the HR system; set and matched by the HR sync."),
    )

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "county",
                condition=~Q(email=""),
                name="person_email_unique_in_county",
            ),
            models.UniqueConstraint(
                fields=["county", "external_id"],
                condition=~Q(external_id=""),
                name="person_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind="staff", unit__isnull=False) | ~Q(kind="staff"),
                name="person_staff_has_unit",
                violation_error_message=_("A staff member must belong to a unit."),
            ),
            models.CheckConstraint(
                condition=Q(kind="staff") | Q(is_manager=False, is_coordinator=False),
                name="person_roles_only_for_staff",
                violation_error_message=_("Only staff members can be managers or coordinators."),
            ),
            models.CheckConstraint(
                condition=Q(kind="ngo_contact", ngo__isnull=False) | ~Q(kind="ngo_contact"),
                name="person_ngo_contact_has_ngo",
                violation_error_message=_("An NGO contact must name the NGO."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class HrSyncRun(TimeStampedModel):
    """One run of the HR and organisation sync: a preview waiting for confirmation, an applied
    sync with its counts, or a file refused for its errors.

    `document` holds the parsed file only while a preview waits for confirmation; it is emptied
    when the run is applied or refused, so no copy of the staff list stays here.
    """

    class Source(models.TextChoices):
        WEB = "web", _("upload in the workspace")
        API = "api", _("API")
        COMMAND = "command", _("management command")
        SCHEDULED = "scheduled", _("scheduled run")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("waiting for confirmation")
        APPLIED = "applied", _("applied")
        REJECTED = "rejected", _("refused for errors")
        EXPIRED = "expired", _("expired without confirmation")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="hr_sync_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    is_full = models.BooleanField(_("full file"), default=True)
    document = models.JSONField(null=True, blank=True, editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    problem_count = models.PositiveIntegerField(_("errors"), default=0)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("HR sync run")
        verbose_name_plural = _("HR sync runs")

    def __str__(self) -> str:
        return f"HR sync {self.pk} ({self.status})"
