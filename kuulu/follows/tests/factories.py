"""Test data of Follow and be told, made with the product's own services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kuulu.follows import services
from kuulu.follows.models import Follow
from kuulu.organisation.models import County


def make_follow(
    user: Any,
    county: County,
    *,
    key: str | None = None,
    delivery: str = "email",
    number_confirmed: bool = True,
    **data: Any,
) -> Follow:
    """A follow; an SMS follow's number counts as confirmed unless `number_confirmed=False`
    (the code round trip itself is tested in test_phone_codes.py)."""
    key = key or f"county:{county.pk}"
    item = services.follow(
        user=user,
        county_id=county.pk,
        target_kind=data.pop("kind", key.split(":")[0]),
        target_key=key,
        target_label=data.pop("label", "Kainuu"),
        delivery=delivery,
        **data,
    )
    if number_confirmed and item.waits_for_phone_code:
        Follow.objects.filter(pk=item.pk).update(phone_confirmed_at=timezone.now())
        item.refresh_from_db()
    return item
