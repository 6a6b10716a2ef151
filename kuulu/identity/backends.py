"""Authentication backends: password sign-in that a setting can turn off, and the backend name
under which single sign-on and strong identification sign people in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def password_login_mode() -> str:
    """ "on", "off" or "admins" (only system administrators, a break-glass way in)."""
    value = str(settings.KUULU_PASSWORD_LOGIN).strip().lower()
    if value in {"0", "false", "no", "off"}:
        return "off"
    if value == "admins":
        return "admins"
    return "on"


class PasswordBackend(ModelBackend):
    """Django's email and password check, unless KUULU_PASSWORD_LOGIN turns it off."""

    def authenticate(self, request: Any, username: Any = None, password: Any = None, **kwargs: Any):  # type: ignore[no-untyped-def]
        mode = password_login_mode()
        if mode == "off":
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and mode == "admins" and not user.is_superuser:
            return None
        return user


class OidcBackend(ModelBackend):
    """Users signed in by kuulu.identity after the identity provider's answer was verified.
    `authenticate` accepts nothing: the views call django.contrib.auth.login with this backend."""

    def authenticate(self, request: Any, **kwargs: Any) -> None:  # type: ignore[override]
        return None
