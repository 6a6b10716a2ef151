"""Identity: links from sign-in accounts to the organisation's and Suomi.fi's identity providers,
the admin-edited rules that turn claims into Kuulu roles, and per-process identification rules.

No personal identity code (hetu) is stored anywhere: only its keyed hash (`person_key`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.identity.requirements import identification_field
from kuulu.organisation.models import County, Unit


class RoleRule(TimeStampedModel):
    """When a staff member's sign-in carries `claim` with `value` (e.g. groups contains
    "kuulu-coordinators"), they get the staff role in `unit`, and manager or coordinator rights.

    Every matching rule adds its rights; the unit comes from the matching rule with the lowest
    priority number that names one. A sign-in that matches no rule has no staff rights.
    """

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="role_rules")
    claim = models.CharField(
        _("claim"),
        max_length=100,
        default="groups",
        help_text=_(
            'The claim to look at, e.g. "groups" or "roles"; a dotted path reaches inside.'
        ),
    )
    value = models.CharField(
        _("value"), max_length=200, help_text=_("Matches when the claim equals or contains this.")
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The unit the person works in; empty: the rule only adds rights."),
    )
    is_manager = models.BooleanField(_("manager"), default=False)
    is_coordinator = models.BooleanField(_("participation coordinator"), default=False)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=100, help_text=_("Lower numbers win when rules name units.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("sign-in role rule")
        verbose_name_plural = _("sign-in role rules")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "claim", "value", "unit"], name="identity_role_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim}={self.value}"

    def clean(self) -> None:
        super().clean()
        if (
            self.unit_id is not None
            and self.county_id is not None
            and self.unit.county_id != self.county_id
        ):
            raise ValidationError({"unit": _("The unit belongs to another county.")})


class ExternalAccount(models.Model):
    """A sign-in account's identity at the organisation's identity provider (issuer + subject)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_accounts"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)
    matched_rules = models.JSONField(default=list, blank=True)
    # Deactivated because the provider said the person left (so the provider may reopen it);
    # an account closed by the HR sync or an administrator stays closed.
    deactivated_by_provider = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("single sign-on account")
        verbose_name_plural = _("single sign-on accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="identity_external_account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"external:{self.pk}"


class StrongIdentity(models.Model):
    """A strongly identified resident (Suomi.fi e-Identification): one per person.

    `person_key` is HMAC-SHA256 of the personal identity code with KUULU_PERSON_KEY_SECRET; the
    code itself is never stored. Birth date and home municipality are kept for rules that need
    them (age limits, residents of the county).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="strong_identity"
    )
    person_key = models.CharField(max_length=64, unique=True, editable=False)
    level = identification_field(_("level of assurance"))
    acr = models.CharField(_("authentication context"), max_length=200, blank=True)
    amr = models.JSONField(_("authentication methods"), default=list, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    home_municipality_code = models.CharField(_("home municipality code"), max_length=3, blank=True)
    identified_at = models.DateTimeField(_("identified"), default=timezone.now)

    class Meta:
        verbose_name = _("strong identity")
        verbose_name_plural = _("strong identities")

    def __str__(self) -> str:
        return f"identity:{self.pk}"


class UsedNonce(models.Model):
    """A nonce of an accepted ID token: a second token with it is a replay."""

    nonce = models.CharField(max_length=128, unique=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("used nonce")
        verbose_name_plural = _("used nonces")

    def __str__(self) -> str:
        return f"nonce:{self.pk}"


class IdentificationPolicy(TimeStampedModel):
    """Which identification a process without a model of its own requires (e.g. initiatives).

    Processes that have a model (a survey, a vote) carry an `identification_field` instead.
    """

    key = models.CharField(_("process"), max_length=60, unique=True)
    level = identification_field(_("identification required"))
    residents_only = models.BooleanField(
        _("residents of the county only"),
        default=False,
        help_text=_("Only people whose home municipality is in the county."),
    )

    class Meta:
        verbose_name = _("identification rule")
        verbose_name_plural = _("identification rules")

    def __str__(self) -> str:
        return self.key


class CaseLink(models.Model):
    """A case (feedback, an initiative) made by a strongly identified person, so that they can
    see it later. Holds the keyed hash and the case's type and id, nothing else."""

    person_key = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("own case link")
        verbose_name_plural = _("own case links")
        constraints = [
            models.UniqueConstraint(
                fields=["person_key", "object_type", "object_id"], name="identity_case_link_unique"
            ),
            models.CheckConstraint(condition=~Q(person_key=""), name="identity_case_link_has_key"),
        ]

    def __str__(self) -> str:
        return f"case-link:{self.pk}"
