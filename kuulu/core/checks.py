"""Deploy checks (manage.py check --deploy) of the core: the key of the stored keyed hashes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def pseudonym_key(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.KUULU_PSEUDONYM_KEY:
        return []
    return [
        Warning(
            "KUULU_PSEUDONYM_KEY is not set: the stored keyed hashes (one answer per person, "
            "participants kept after erasure, voters, invitation codes) are keyed by SECRET_KEY, "
            "and rotating SECRET_KEY would make them all new.",
            hint="Set it once to the current SECRET_KEY value and never change it "
            "(docs/DEPLOY.md).",
            id="core.W001",
        )
    ]
