"""The workspace home's queue of what needs attention, and the leadership view, in real
headless Chromium with axe-core, in Finnish, Swedish and English."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kuulu.accounts.models import User
from kuulu.organisation.access import actor_for
from kuulu.workspace.attention import collect
from tests.browser.test_accessibility import (  # noqa: F401 - pytestmark marks these as browser tests
    LANGUAGES,
    check_pages,
    pytestmark,
    sign_in,
)

PEOPLE = {
    "coordinator": "koordinaattori@kuulu.example",
    "manager": "esihenkilo@kuulu.example",
    "staff": "hoitaja@kuulu.example",
}


def expected_queue(email: str) -> list[tuple[str, str]]:
    """(key, count) of the person's queue, as the providers compute it now."""
    user = User.objects.get(email=email)
    return [(i.key, str(i.count)) for i in collect(actor_for(user), timezone.localdate())]


def shown_queue(page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (item.get_attribute("data-key"), item.locator(".attention-count").inner_text().strip())
        for item in page.locator("#attention li").all()
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_queue_and_leadership_view(browser, live_server, demo, lang):
    problems: list[str] = []
    queues = {}
    for role, email in PEOPLE.items():
        context = browser.new_context()
        sign_in(context, live_server.url, email, lang)
        page = context.new_page()
        page.goto(f"{live_server.url}/{lang}/workspace/")
        queues[role] = shown_queue(page)
        assert queues[role] == expected_queue(email), role
        if not queues[role]:
            expect(page.locator("p#attention.empty")).to_be_visible()
        # every item leads somewhere the person may open
        for href in page.locator("#attention li a").evaluate_all("els => els.map(e => e.href)"):
            response = page.goto(href)
            assert response is not None
            assert response.status == 200, f"{role}: {href}"
        page.close()
        urls = [f"/{lang}/workspace/"]
        if role == "coordinator":
            urls += [
                f"/{lang}/workspace/leadership/",
                f"/{lang}/workspace/leadership/?year=2026&quarter=1",
                f"/{lang}/workspace/leadership/?year=1999",  # an error on the form
            ]
        problems += check_pages(context, urls, live_server.url)
        context.close()
    # the demo county's manager has feedback past its due date in the queue, with its count
    manager_keys = dict(queues["manager"])
    assert "feedback-overdue" in manager_keys
    assert int(manager_keys["feedback-overdue"]) > 0
    assert problems == []
