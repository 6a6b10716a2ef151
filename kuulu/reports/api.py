"""The reports part of the JSON API (/api/v1/reports/)."""

from ninja import Router

router = Router(tags=["reports"])
