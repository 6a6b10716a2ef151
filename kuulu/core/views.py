"""Infrastructure views: robots.txt, error pages (health checks: kuulu/core/health.py)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        "User-agent: *\nDisallow: /api/\nDisallow: /fi/workspace/\n", content_type="text/plain"
    )


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Shown when a form was sent too often (django-ratelimit's RATELIMIT_VIEW)."""
    return render(request, "429.html", status=429)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from kuulu.core.api import error_body

        return JsonResponse(
            error_body(404, "not_found", _("No such address in the API.")), status=404
        )
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request context: nothing here may fail or reveal internals."""
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
