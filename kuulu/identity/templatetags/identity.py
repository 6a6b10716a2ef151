"""{% sign_in_options as options %}: which ways of signing in this installation offers."""

from __future__ import annotations

from django import template
from django.conf import settings

from kuulu.identity.backends import password_login_mode

register = template.Library()


@register.simple_tag
def sign_in_options() -> dict[str, bool]:
    return {
        "password": password_login_mode() != "off",
        "password_admins_only": password_login_mode() == "admins",
        "staff_sso": bool(settings.KUULU_SSO_ISSUER),
        "strong_id": bool(settings.KUULU_STRONG_ID_ISSUER),
    }
