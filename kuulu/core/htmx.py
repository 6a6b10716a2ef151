"""Rendering a page or, for an htmx request, just one of its named fragments."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_fragment(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str,
    status: int = 200,
) -> HttpResponse:
    """htmx requests that target the fragment get `template#fragment`; others the whole page."""
    if getattr(request, "htmx", False) and not getattr(request.htmx, "boosted", False):
        return render(request, f"{template}#{fragment}", context, status=status)
    return render(request, template, context, status=status)
