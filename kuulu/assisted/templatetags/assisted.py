"""`{% load assisted %}{% assisted_note obj %}`: on an item's own page (e.g. the feedback case),
that it was recorded with a staff member's assistance, by whom, where, when and with what
consent. Shown to whoever may see the item's page; the owning apps need no field of their own."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("assisted/includes/note.html")
def assisted_note(obj: Any) -> dict[str, Any]:
    from kuulu.assisted.services import action_for

    return {"action": action_for(obj) if obj is not None and obj.pk else None}
