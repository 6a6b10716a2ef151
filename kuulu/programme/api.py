"""The programme part of the JSON API (/api/v1/programme/)."""

from ninja import Router

router = Router(tags=["programme"])
