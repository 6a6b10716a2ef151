"""Language helpers."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.urls import Resolver404, resolve, translate_url
from django.utils import translation


def path_in_language(path: str, language: str) -> str:
    """The same page in another language (`/fi/x/?a=1` to `/sv/x/?a=1`).

    translate_url resolves under the active language, so the path's own language is activated first.
    The query and fragment are kept (translate_url keeps them); only the path is resolved.
    """
    source = translation.get_language_from_path(path) or translation.get_language()
    if path.startswith(("//", "/\\")) or not path.startswith("/"):
        return _front(language)
    with translation.override(source):
        try:
            resolve(unquote(urlsplit(path).path))
        except Resolver404:
            return _front(language)
        return translate_url(path, language)


def _front(language: str) -> str:
    return f"/{language}/"


def active_language(default: str = "fi") -> str:
    """The two-letter code of the language in use (fi, sv or en), or `default` outside a request."""
    return (translation.get_language() or default)[:2]
