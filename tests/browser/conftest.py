"""Fixtures of the browser tests: one headless Chromium per module and the demo county.

Other browser test modules import the page checks (`check_pages`, `sign_in`, ...) from
test_accessibility.py and get these fixtures from here.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

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


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    load_demo()
    portal_services.submit_accessibility_feedback(
        message="Painike ei näy.", contact_email="a@example.test"
    )
