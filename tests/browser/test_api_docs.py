"""The API reference in a real browser: /<lang>/api/ in fi, sv and en and /api/v1/docs (the
address the footer and old bookmarks use) pass axe with the same rules as every other page, and
reflow at 320 px. It replaced Swagger UI, which failed axe (no lang, contrast, nested controls,
small targets)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import (
    LANGUAGES,
    axe_problems,
    check_pages,
    pytestmark,
    reflow_problems,
)

__all__ = ["pytestmark"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_api_reference_has_no_serious_accessibility_violations(browser, live_server, lang):
    context = browser.new_context()
    problems = check_pages(context, [f"/{lang}/api/"], live_server.url)
    context.close()
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_api_v1_docs_passes_axe_in_the_browsers_language(browser, live_server, lang, db):
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response is not None
    assert response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    problems = axe_problems(page)
    page.set_viewport_size({"width": 320, "height": 640})
    problems += reflow_problems(page)
    # The raw schema stays one link away, and in-page links reach their targets.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator('a[href="/api/v1/openapi.json"]')).to_have_count(1)
    page.locator('nav[aria-labelledby="contents-heading"] a').first.click()
    page.wait_for_url("**#tag-*")
    context.close()
    assert problems == []
