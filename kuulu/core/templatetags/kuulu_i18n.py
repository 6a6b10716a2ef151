"""Template helpers for translated content fields."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def tr(obj: Any, field: str) -> SafeString | str:
    """A translated field in the page language. When it falls back to Finnish, the text is
    marked lang="fi" so that screen readers pronounce it as Finnish."""
    if obj is None:
        return ""
    value = getattr(obj, field, "") or ""
    language = get_language() or settings.LANGUAGE_CODE
    if (
        value
        and language != settings.LANGUAGE_CODE
        and not getattr(obj, f"{field}_{language}", None)
    ):
        return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, value)
    return value
