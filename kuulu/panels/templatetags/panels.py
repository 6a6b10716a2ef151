"""Template filters for panels."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> float | None:
    """A probability (0..1) as a percentage, to be formatted with floatformat."""
    return None if value is None else value * 100
