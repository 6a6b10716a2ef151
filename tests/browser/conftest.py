"""Fixtures of the browser tests: one headless Chromium per module and the demo county.

Other browser test modules import the page checks (`check_pages`, `sign_in`, ...) from
test_accessibility.py and get these fixtures from here.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from kuulu.organisation.selectors import default_county
from kuulu.portal import services as portal_services
from kuulu.workspace.demo import load_demo

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# How long a page action or an expect() may wait before it counts as failed. Not a speed
# target: it only bounds a wait, generously, so a busy machine doesn't fail the suite.
PATIENCE_MS = 120_000


class _PatientBrowser:
    """The browser, with every new page and context waiting up to PATIENCE_MS."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.set_default_timeout(PATIENCE_MS)
        context.set_default_navigation_timeout(PATIENCE_MS)
        return context

    def new_page(self, **options: Any) -> Any:
        page = self._browser.new_page(**options)
        page.set_default_timeout(PATIENCE_MS)
        page.set_default_navigation_timeout(PATIENCE_MS)
        return page


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=PATIENCE_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=CHROMIUM_ARGS,
        )
        yield _PatientBrowser(browser)
        browser.close()


# The demo county as loaded once in this test process, kept as an in-memory SQLite copy.
_demo_snapshot: list[sqlite3.Connection] = []


def _load_demo_county() -> None:
    load_demo()
    portal_services.submit_accessibility_feedback(
        county=default_county(), message="Painike ei näy.", contact_email="a@example.test"
    )


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    """The demo county in the database. On SQLite (the browser tests' CI database) it is loaded
    once per test process and copied back in with SQLite's backup API before each later test,
    which takes milliseconds where loading takes 8-18 s; every test still starts from the same
    freshly loaded demo, and the flush after each test empties it as before. On other
    databases it is loaded for each test."""
    from django.db import connection

    if connection.vendor != "sqlite":
        _load_demo_county()
        return
    connection.ensure_connection()
    database = connection.connection
    if _demo_snapshot:
        _demo_snapshot[0].backup(database)
        return
    _load_demo_county()
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    database.backup(snapshot)
    _demo_snapshot.append(snapshot)
