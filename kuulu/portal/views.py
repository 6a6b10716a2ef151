"""Public portal: "Osallistu ja vaikuta" (Participate and influence)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from kuulu.core.ratelimits import public_form_rate
from kuulu.portal import selectors, services
from kuulu.portal.forms import AccessibilityFeedbackForm


def front(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/front.html", {"page": selectors.front_page()})


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
        services.submit_accessibility_feedback(language=get_language() or "fi", **form.cleaned_data)
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
