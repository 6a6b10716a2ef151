from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_info

from kuulu.core.i18n import path_in_language


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site_name": settings.KUULU_SITE_NAME}


def language_links(request: HttpRequest) -> dict[str, Any]:
    """The language switcher: plain links to this page in each language (works without JS and
    keeps public pages cacheable, since no CSRF token is needed)."""
    current = get_language()
    links = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"].capitalize(),
            "url": path_in_language(request.path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"language_links": links}
