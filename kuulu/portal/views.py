"""Public portal: "Osallistu ja vaikuta" (Participate and influence)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from kuulu.core.ratelimits import public_form_rate
from kuulu.organisation.selectors import default_county
from kuulu.portal import selectors, services
from kuulu.portal.forms import AccessibilityFeedbackForm


def front(request: HttpRequest) -> HttpResponse:
    """The public front page. Anonymous visitors without pending messages share one cached
    rendering per language (see services.FRONT_PAGE_TTL); signed-in users get a fresh page."""
    if not services.FRONT_PAGE_TTL or request.user.is_authenticated or len(get_messages(request)):
        return render(request, "portal/front.html", {"page": selectors.front_page()})
    key = services.front_page_cache_key(get_language() or settings.LANGUAGE_CODE)
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "portal/front.html", {"page": selectors.front_page()}, request=request
        )
        cache.set(key, html, services.FRONT_PAGE_TTL)
    return HttpResponse(html)


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/accessibility.html", {"days": settings.ACCESSIBILITY_FEEDBACK_DAYS}
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=public_form_rate, method="POST", block=True)
def accessibility_feedback(request: HttpRequest) -> HttpResponse:
    form = AccessibilityFeedbackForm(
        request.POST or None, initial={"page_url": request.GET.get("page", "")[:500]}
    )
    if request.method == "POST" and form.is_valid():
        services.submit_accessibility_feedback(
            county=default_county(), language=get_language() or "fi", **form.cleaned_data
        )
        return redirect("portal:accessibility_feedback_thanks")
    return render(
        request,
        "portal/accessibility_feedback.html",
        {"form": form, "days": settings.ACCESSIBILITY_FEEDBACK_DAYS},
    )


def accessibility_feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/accessibility_feedback_thanks.html",
        {"days": settings.ACCESSIBILITY_FEEDBACK_DAYS},
    )
