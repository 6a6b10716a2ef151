"""Template filters for dates as people read them."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

register = template.Library()


@register.filter
def until(value: datetime | None) -> str:
    """The end of a period as "until ..." reads it. A period that ends at local midnight ends
    with the day before: voting that closes at 15.12. 00:00 is open "until 14.12.", and
    "until 15.12." would send people to vote on a day it is closed. Any other end shows its
    time of day."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if local.time() == time(0, 0):
        return date_filter(local.date() - timedelta(days=1), "j.n.Y")
    return date_filter(local, "j.n.Y H:i")
