"""The outcomes part of the JSON API (/api/v1/outcomes/)."""

from ninja import Router

router = Router(tags=["outcomes"])
