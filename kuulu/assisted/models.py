"""Staff-assisted participation: a staff member at a service point acting for a resident."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.models import County, Person, Unit


class AssistedAction(models.Model):
    """One thing a staff member did on a resident's behalf, with the resident's consent: feedback
    recorded for them, a registration, a paper survey answer or a paper ballot in a conversation.

    The item itself lives in its own app; this row points at it by type and id (the owning
    apps know nothing of assistance). For an anonymous survey it points at the survey, never at
    the response, so the resident cannot be tied to what they answered.
    """

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("feedback")
        REGISTRATION = "registration", _("registration")
        SURVEY_RESPONSE = "survey_response", _("survey answer")
        VOTE = "vote", _("votes in a conversation")

    class ConsentMethod(models.TextChoices):
        SPOKEN = "spoken", _("spoken consent")
        WRITTEN = "written", _("written consent")
        GUARDIAN = "guardian", _("consent by a guardian")
        REPRESENTATIVE = "representative", _("consent by a representative")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("what was done"), max_length=20, choices=Kind.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("object id"))
    # Who was helped: a resident record, or nobody on record (contact details, if any, are kept
    # only in the item itself, e.g. the feedback's contact fields).
    resident_person = models.ForeignKey(
        Person,
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assisted_actions",
    )
    resident_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assisting staff member's account"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    staff_person = models.ForeignKey(
        Person,
        verbose_name=_("assisting staff member"),
        on_delete=models.PROTECT,
        related_name="assisted_for_others",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="+"
    )
    consent_method = models.CharField(
        _("how consent was given"), max_length=16, choices=ConsentMethod.choices
    )
    representative_name = models.CharField(
        _("guardian or representative"), max_length=160, blank=True
    )
    consent_note = models.CharField(_("note on consent"), max_length=500, blank=True)
    consented_at = models.DateTimeField(_("consent given"), default=timezone.now)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, db_index=True)
    # Set when the item was anonymised or removed by its own app's retention: the record then
    # no longer names the resident, the representative or the note (services.anonymise_...).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assisted action")
        verbose_name_plural = _("assisted actions")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="assisted_object_idx"),
            models.Index(fields=["unit", "created_at"], name="assisted_unit_created_idx"),
        ]
        constraints = [
            # A feedback case or a registration is recorded with assistance once: a double
            # click or a retried POST cannot make two records of one item.
            models.UniqueConstraint(
                fields=["object_type", "object_id"],
                condition=Q(kind__in=["feedback", "registration"]),
                name="assisted_one_per_item",
            ),
            models.CheckConstraint(
                condition=~Q(consent_method__in=["guardian", "representative"])
                | ~Q(representative_name="")
                | Q(anonymised_at__isnull=False),
                name="assisted_representative_named",
                violation_error_message=_("Name the guardian or representative who consented."),
            ),
        ]

    def __str__(self) -> str:
        return f"assisted:{self.kind}:{self.pk}"
