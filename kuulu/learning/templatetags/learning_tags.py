"""Template helpers for e-learning pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def fallback_lang(obj: Any, field: str) -> str:
    """The language code to put on a long translated text (`lang="fi"`) when the page
    language has no translation and the Finnish text is shown; empty otherwise. For texts
    rendered with filters such as `linebreaks`, where `{% tr %}` cannot wrap the output."""
    language = get_language() or settings.LANGUAGE_CODE
    value = getattr(obj, field, "") or ""
    if value and language != settings.LANGUAGE_CODE and not getattr(obj, f"{field}_{language}", ""):
        return settings.LANGUAGE_CODE
    return ""
