"""What masking needs to know about a county: its own unit addresses, which stay visible.

Units have no address field; a unit's visiting address is written in its description (the
organisation import copies it there). Every street address found in an active unit's
description or name is on the allow-list.
"""

from __future__ import annotations

from kuulu.core.masking import address_spans
from kuulu.organisation.models import Unit


def unit_addresses(county_id: int) -> list[str]:
    """The street addresses written in the county's active units' names and descriptions."""
    found: list[str] = []
    for name, description in Unit.objects.filter(county_id=county_id, is_active=True).values_list(
        "name", "description"
    ):
        for text in (name, description):
            found.extend(address_spans(text or ""))
    return sorted(set(found))
