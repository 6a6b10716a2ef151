"""Sign-in accounts. Who a person is in the county lives in organisation.Person."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


# Accounts made without an address (strong identification; staff sign-in without an email
# claim) get a stand-in under the reserved .invalid domain (RFC 2606): nothing is delivered there.
STAND_IN_EMAIL_SUFFIX = ".invalid"


class User(AbstractBaseUser, PermissionsMixin):
    """A person's sign-in account: an email address, a password and a preferred language.

    `is_staff` here means Django admin access, which only system administrators get.
    """

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("administration site access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")
        ]

    def __str__(self) -> str:
        return f"user:{self.pk}"

    @property
    def has_email_address(self) -> bool:
        """Whether email reaches the person: False for a stand-in address."""
        return bool(self.email) and not self.email.lower().endswith(STAND_IN_EMAIL_SUFFIX)

    def get_full_name(self) -> str:
        person = getattr(self, "person", None)
        return person.full_name if person is not None else self.email

    def get_short_name(self) -> str:
        person = getattr(self, "person", None)
        return person.first_name if person is not None else self.email
