"""The API reference page, in place of Swagger UI.

Swagger UI failed WCAG 2.1 AA (no `lang` on <html>, low-contrast colours, buttons inside
buttons, small targets) and needed inline styles. This page renders the OpenAPI schema on the
server (`kuulu.openapi_reference`) into plain HTML with the site's base template: the site's
chrome in fi, sv and en, its colours and focus styles, no JavaScript, and the default CSP.

Two addresses: `/api/v1/docs` (ninja's docs URL, kept for links and bookmarks; the language
comes from the cookie or the browser) and `/<lang>/api/`, the same page under the language
prefixes, which the language switcher links to. The raw `openapi.json` stays linked.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, get_language_info, override
from ninja.openapi.docs import DocsBase

from kuulu.openapi_reference import Reference, reference_from_schema

if TYPE_CHECKING:
    from ninja import NinjaAPI

TEMPLATE = "api/reference.html"


@functools.cache
def _reference() -> Reference:
    """Built once per process: the schema depends only on the code."""
    from kuulu.api import api

    return reference_from_schema(api.get_openapi_schema(path_params={}))


def _language_links() -> list[dict[str, Any]]:
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        with override(code):
            url = reverse("api_reference")
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"].capitalize(),
                "url": url,
                "current": code == current,
            }
        )
    return links


def render_reference(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        TEMPLATE,
        {
            "reference": _reference(),
            "openapi_url": reverse("api-1.0.0:openapi-json"),
            # The page is also served at /api/v1/docs, outside the language prefixes: the
            # switcher points to the prefixed copies (this overrides the context processor).
            "language_links": _language_links(),
        },
    )


class AccessibleDocs(DocsBase):
    """ninja's docs renderer for /api/v1/docs: the same page as /<lang>/api/."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        return render_reference(request)


def reference_page(request: HttpRequest) -> HttpResponse:
    """/<lang>/api/: public, like the schema it describes."""
    return render_reference(request)
