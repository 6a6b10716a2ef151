"""Exploratory accessibility crawl of a running demo (`make run`), not part of `make test`.

Signed out and as each demo sign-in, follows the site's links from the front page and the
workspace and checks one page per address pattern (``/fi/events/12/`` and ``/sv/events/13/`` are
one) with axe-core (WCAG 2.0-2.2 A/AA and best practice), the html lang, and sideways scrolling at
320 px, as tests/browser/test_accessibility.py does for its listed pages. Prints one line per
problem and a count per sign-in; exit code 1 when a problem was found.

    make run PORT=8765 &       # in another shell, a fresh demo county
    .venv/bin/python scripts/axe-crawl.py --base http://127.0.0.1:8765 --limit 150

Each sign-in is crawled in one language (fi, sv, en in turn) with its own set of patterns, so a
page that differs by role is checked for each role that reaches it. Downloads (CSV, iCal, ZIP,
workbooks) and the admin site are not followed. Needs Debian's chromium and the dev
requirements (playwright, axe-playwright-python). See docs/TESTING.md for what it found.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from urllib.parse import urljoin, urlsplit

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulu.settings")
django.setup()

from kuulu.workspace.demo import DEMO_PASSWORD, LOGINS  # noqa: E402 - after django.setup()

SKIP = re.compile(
    r"logout|sign-out|/admin/|/static/|/media/|/metrics|/api/|/identity/|/oidc/|/i18n/setlang"
    r"|\.ics|\.csv|\.zip|\.pdf|\.json|\.xlsx|/export|download|/qr\."
)
IMPACTS = {"serious", "critical", "moderate"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
REFLOW = """() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() =>
    resolve(document.documentElement.scrollWidth - document.documentElement.clientWidth))))"""


def pattern(path: str) -> str:
    return re.sub(r"^/(fi|sv|en)/", "/L/", re.sub(r"/[0-9a-f-]{8,}|/\d+", "/N", path))


def problems_on(page, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    found = []
    lang = page.evaluate("document.documentElement.lang")
    if lang != url.split("/")[1]:
        found.append(f"html lang is {lang!r}")
    result = Axe().run(
        page, options={"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": TAGS}}
    )
    for violation in result.response["violations"]:
        if violation["impact"] in IMPACTS:
            targets = [node["target"] for node in violation["nodes"]][:3]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
            )
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate(REFLOW)
    if overflow > 1:
        found.append(f"scrolls sideways by {overflow}px at 320px")
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def crawl(browser, base: str, email: str | None, lang: str, limit: int) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    if email:
        page.goto(f"{base}/{lang}/accounts/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/workspace/**", timeout=30000)
    queue, seen, checked, found = [f"/{lang}/", f"/{lang}/workspace/"], set(), 0, []
    host = urlsplit(base).netloc
    while queue and checked < limit:
        url = queue.pop(0)
        key = pattern(urlsplit(url).path)
        if key in seen:
            continue
        seen.add(key)
        response = page.goto(base + url, timeout=60000)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        checked += 1
        if response.status >= 500:
            found.append(f"{url}: HTTP {response.status}")
        if response.status != 200:
            continue
        for href in page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            parts = urlsplit(urljoin(url, href))
            if parts.netloc in ("", host) and parts.scheme in ("", "http", "https"):
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if re.match(r"^/(fi|sv|en)/", target) and not SKIP.search(target):
                    queue.append(target)
        found += [f"{url}: {problem}" for problem in problems_on(page, url)]
    context.close()
    return checked, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--limit", type=int, default=150, help="pages per sign-in")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    total = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for i, email in enumerate([None, *[login.email for login in LOGINS]]):
            lang = ("fi", "sv", "en")[i % 3]
            checked, found = crawl(browser, args.base, email, lang, args.limit)
            for line in found:
                print(f"[{email or 'signed out'}] {line}")
            print(f"# {email or 'signed out'} ({lang}): {checked} pages, {len(found)} problems")
            total += len(found)
        browser.close()
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
