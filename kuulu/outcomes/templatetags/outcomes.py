"""`{% load outcomes %}{% outcomes_for "feedback" feedback %}`: what came of an input, on the
input's own page. Everyone sees published outcomes; coordinators and managers also see the
unpublished ones they may edit."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("outcomes/includes/outcomes_for.html", takes_context=True)
def outcomes_for(context: template.Context, kind: str, obj: Any) -> dict[str, Any]:
    from kuulu.organisation.access import actor_for
    from kuulu.outcomes import access, selectors

    request = getattr(context, "request", None) or context.get("request")
    user = getattr(request, "user", None)
    actor = actor_for(user)
    outcomes = list(
        selectors.outcomes_for_input(kind=kind, obj=obj, published_only=False).prefetch_related(
            "units"
        )
    )
    staff = access.can_manage_outcomes(actor)
    shown = []
    for outcome in outcomes:
        editable = staff and access.can_edit_outcome(actor, outcome)
        if outcome.is_published or editable:
            shown.append({"outcome": outcome, "editable": editable})
    return {"items": shown, "can_create": staff and obj is not None}
