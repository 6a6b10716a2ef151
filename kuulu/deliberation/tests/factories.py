from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from kuulu.deliberation import services
from kuulu.deliberation.models import Conversation
from kuulu.organisation.models import County


def make_conversation(
    county: County,
    *,
    seeds: tuple[str, ...] = (
        "Lisää iltavastaanottoja",
        "Chat-palvelu on hyvä",
        "Jonot ovat liian pitkiä",
    ),
    **data: Any,
) -> Conversation:
    data.setdefault("topic_fi", "Sote-keskuksen aukioloajat")
    data.setdefault("topic_en", "Opening hours of the health centre")
    data.setdefault("is_published", True)
    data.setdefault("moderation", Conversation.Moderation.PRE)
    return services.create_conversation(county=county, data=data, seed_statements=list(seeds))


def closed(county: County) -> Conversation:
    now = timezone.now()
    return make_conversation(
        county, opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1)
    )
