"""Placeholder index until the app is built (replaced by the helper building it)."""

from django.http import HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=404)
