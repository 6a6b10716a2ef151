"""Shared infrastructure models. Knows no domain."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for domain models: when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One entry of the append-only audit log: who did or saw what, when and from where.

    Holds identifiers, never copies of personal data: `object_repr` is a type and id, not a name.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        LOGOUT = "logout", _("signed out")
        REVOKE = "revoke", _("revoked")
        # Sign-in protection (kuulu.accounts) and identity (kuulu.identity).
        TWO_FACTOR_VERIFIED = "2fa_verified", _("second factor verified")
        TWO_FACTOR_FAILED = "2fa_failed", _("wrong second-factor code")
        TWO_FACTOR_ENROLLED = "2fa_enrolled", _("second factor enrolled")
        TWO_FACTOR_ENROL_FAILED = "2fa_enrol_failed", _("second-factor enrolment failed")
        TWO_FACTOR_RECOVERY_USED = "2fa_recovery_used", _("recovery code used")
        TWO_FACTOR_CODES_RENEWED = "2fa_codes_renewed", _("recovery codes renewed")
        TWO_FACTOR_RESET = "2fa_reset", _("second factor reset")
        TWO_FACTOR_REMOVED = "2fa_removed", _("second factor removed")
        SSO_ACCOUNT_CREATED = "sso_account_created", _("account created by single sign-on")
        SSO_ACCOUNT_UPDATED = "sso_account_updated", _("account updated by single sign-on")
        SSO_DEACTIVATED = "sso_deactivated", _("account deactivated by single sign-on")
        SSO_REFUSED = "sso_refused", _("single sign-on refused")
        STRONG_IDENTIFIED = "strong_identified", _("strongly identified")
        STRONG_ID_REFUSED = "strong_id_refused", _("strong identification refused")
        PASSWORD_RESET_REFUSED = "password_reset_refused", _("password reset refused")

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("actor label"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=64, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    via = models.CharField(_("channel"), max_length=16, default="web")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
        )

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("Audit events are removed only by the retention job.")
