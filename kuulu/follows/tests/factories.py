"""Test data of Follow and be told, made with the product's own services."""

from __future__ import annotations

from typing import Any

from kuulu.follows import services
from kuulu.follows.models import Follow
from kuulu.organisation.models import County


def make_follow(
    user: Any, county: County, *, key: str | None = None, delivery: str = "email", **data: Any
) -> Follow:
    key = key or f"county:{county.pk}"
    return services.follow(
        user=user,
        county_id=county.pk,
        target_kind=data.pop("kind", key.split(":")[0]),
        target_key=key,
        target_label=data.pop("label", "Kainuu"),
        delivery=delivery,
        **data,
    )
