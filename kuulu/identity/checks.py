"""Deploy checks (manage.py check --deploy): the secrets strong identification depends on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def identity_secrets(app_configs: Any, **kwargs: Any) -> list[Warning]:
    problems = []
    if settings.KUULU_STRONG_ID_ISSUER and settings.KUULU_PERSON_KEY_SECRET.startswith("derived:"):
        problems.append(
            Warning(
                "KUULU_PERSON_KEY_SECRET is not set: the identity codes' keyed hash is derived "
                "from SECRET_KEY, and changing SECRET_KEY would make every person new.",
                id="identity.W001",
            )
        )
    if (
        settings.KUULU_STRONG_ID_ISSUER or settings.KUULU_SSO_AUTH_METHOD == "private_key_jwt"
    ) and (not settings.KUULU_OIDC_CLIENT_JWKS):
        problems.append(
            Warning(
                "KUULU_OIDC_CLIENT_JWKS is not set: the client's keys are made into var/ on this "
                "server only; several app servers need the same keys.",
                id="identity.W002",
            )
        )
    return problems
