"""A crawl of the demo county as each of its sign-ins (and signed out): every page reachable by
links from the front pages and the workspace, in Finnish, Swedish and English, answers without a
server error, and so does every form on those pages when its fields come back with a NUL
character (PostgreSQL refuses NUL in text: a value that reaches a query unchecked is a 500): all
of them at once, and each hidden field alone in a form otherwise filled in as the page gave it.

One page per address pattern (``/fi/events/12/`` and ``/fi/events/13/`` are one), so a role's
crawl covers what it can reach, not every object. This is what found the Follow button's back
address taken for a view name (see kuulu/follows); each app's own tests still test its
behaviour. No answer is compared with anything but the server-error line. It runs on PostgreSQL
only (the suite's second stage): NUL is harmless on SQLite, and a page's fault for a role shows on
either database."""

from __future__ import annotations

import re
import traceback
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from kuulu.accounts.models import User
from kuulu.workspace.demo import LOGINS, load_demo

pytestmark = pytest.mark.django_db

START = ["/fi/", "/sv/", "/en/", "/fi/workspace/", "/sv/workspace/", "/en/workspace/"]
# Signing out ends the crawl's session; the admin site, static files, metrics, the API's
# documentation and the identity providers' entry points are not pages of the site to follow.
SKIP = re.compile(
    r"logout|sign-out|/admin/|/static/|/media/|/metrics|/api/|/identity/|/oidc/|/i18n/setlang"
)
PAGE_LIMIT = 600
NUL = "a\x00b"


class _Page(HTMLParser):
    """The links and the forms of one HTML page: each form's method, action, its fields' values
    as the page gives them (a select's first option) and which fields are hidden."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        elif tag == "form":
            self._form = {
                "method": (attributes.get("method") or "get").lower(),
                "action": attributes.get("action") or "",
                "values": {},
                "hidden": set(),
            }
            self.forms.append(self._form)
        elif tag in ("input", "textarea", "select") and self._form is not None:
            name = attributes.get("name")
            kind = (attributes.get("type") or "text").lower()
            self._select = name if tag == "select" else None
            if not name or kind in ("submit", "button", "image", "reset", "file"):
                return
            if name == "csrfmiddlewaretoken":
                return
            self._form["values"].setdefault(name, attributes.get("value") or "")
            if kind == "hidden":
                self._form["hidden"].add(name)
        elif (
            tag == "option"
            and self._form is not None
            and self._select
            and not self._form["values"].get(self._select)
        ):
            self._form["values"][self._select] = attributes.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _pattern(path: str) -> str:
    return re.sub(r"/[0-9a-f-]{8,}|/\d+", "/N", path)


def _local(base: str, href: str) -> str | None:
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    url = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if SKIP.search(url) else url


def _crawl(client: Client) -> list[str]:
    failures: list[str] = []

    def request(method: str, url: str, data: dict | None = None):  # type: ignore[no-untyped-def]
        try:
            response = client.get(url, data) if method == "get" else client.post(url, data or {})
        except Exception as exc:  # every server error is collected, then reported
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/kuulu/" in f.filename]
            where = (
                f" at {frames[-1].filename.split('/kuulu/')[-1]}:{frames[-1].lineno}"
                if frames
                else ""
            )
            failures.append(f"{method.upper()} {url!r} {sorted(data or {})}: {exc!r}{where}")
            return None
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {url!r}: {response.status_code}")
        return response

    queue, seen_patterns, posted = list(START), set(), set()
    while queue and len(seen_patterns) < PAGE_LIMIT:
        url = queue.pop(0)
        pattern = _pattern(urlsplit(url).path)
        if pattern in seen_patterns:
            continue
        seen_patterns.add(pattern)
        response = request("get", url)
        if response is None or response.status_code != 200:
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode("utf-8", "replace"))
        queue.extend(u for u in (_local(url, href) for href in page.links) if u)
        for form in page.forms:
            action = _local(url, form["action"]) if form["action"] else url
            values = form["values"]
            key = (form["method"], _pattern(urlsplit(action or "").path), tuple(sorted(values)))
            if action is None or not values or key in posted:
                continue
            posted.add(key)
            # Every field at once; then each hidden field alone in a form otherwise as the page
            # filled it in (a hidden field comes back as posted, and only a valid form reaches
            # the code that reads it).
            request(form["method"], action, dict.fromkeys(values, NUL))
            for name in sorted(form["hidden"]):
                request(form["method"], action, {**values, name: NUL})
    assert len(seen_patterns) > 20, "the crawl found almost no pages: are the links still there?"
    return failures


@pytest.mark.parametrize("email", [None, *[login.email for login in LOGINS]])
def test_no_page_or_form_of_the_demo_answers_with_a_server_error(postgres, email):
    load_demo()
    client = Client(raise_request_exception=True)
    if email:
        client.force_login(User.objects.get(email=email))

    failures = _crawl(client)

    assert not failures, "\n".join(failures)
