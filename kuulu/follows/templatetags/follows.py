"""`{% load follows %}{% follow_button obj %}`: a small Follow control on the public page of
something one can follow (a unit or service, a theme, a channel, a budgeting process or a
conversation). Signed in: a form (with CSRF) that follows it with the weekly digest, or a note
that you already follow it. Not signed in: a link to the follow page with it preselected
(signing in comes first). The owning apps need nothing but this one line."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from kuulu.follows import keys

register = template.Library()


def target_key(obj: Any) -> str | None:
    """The follow target key of a module object, or None when it cannot be followed."""
    if obj is None or not getattr(obj, "pk", None):
        return None
    label = obj._meta.label_lower
    if label == "budgeting.process":
        return keys.budgeting(obj.pk)
    if label == "deliberation.conversation":
        return keys.deliberation(obj.pk) if obj.is_published else None
    if label == "channels.channel":
        return keys.channel(obj.pk)
    if label == "feedback.theme":
        return keys.theme(obj.code)
    if label == "organisation.unit":
        return keys.unit(obj.pk)
    return None


@register.inclusion_tag("follows/includes/button.html", takes_context=True)
def follow_button(context: template.Context, obj: Any) -> dict[str, Any]:
    from kuulu.follows import access
    from kuulu.follows.models import Follow

    request = context.get("request")
    user = getattr(request, "user", None)
    key = target_key(obj)
    if key is None:
        return {"key": None}
    signed_in = user is not None and access.can_follow(user)
    return {
        "key": key,
        "signed_in": signed_in,
        "following": signed_in and Follow.objects.filter(user=user, target_key=key).exists(),
        "follow_url": f"{reverse('follows:mine')}?{urlencode({'target': key})}",
        "action": reverse("follows:mine"),
        "csrf_token": context.get("csrf_token"),
        "name": str(obj),
        # Back to the page the button was on once followed (checked by the view).
        "back": request.get_full_path() if request is not None else "",
    }
