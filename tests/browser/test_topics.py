"""Emerging topics in a real browser: the list and a topic's page pass axe (and reflow at
320 px) in fi, sv and en with the demo county's topics; a coordinator links a topic to an
outcome on a phone-sized screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import LANGUAGES, check_pages, pytestmark, sign_in

__all__ = ["pytestmark"]

COORDINATOR = "koordinaattori@kuulu.example"


def _parking_topic():  # type: ignore[no-untyped-def]
    from kuulu.feedback.topics.models import Topic, TopicSnapshot

    snapshot = TopicSnapshot.objects.first()
    return next(
        (t for t in Topic.objects.filter(snapshot=snapshot) if "parking" in t.concepts), None
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_topic_pages_have_no_serious_accessibility_violations(browser, live_server, demo, lang):
    topic = _parking_topic()
    assert topic is not None  # the demo feedback makes a parking topic
    pages = [f"/{lang}/feedback/topics/", f"/{lang}/feedback/topics/{topic.key}/"]
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    problems = check_pages(context, pages, live_server.url)
    context.close()
    assert problems == []


def test_a_coordinator_links_a_topic_to_an_outcome_on_a_phone(browser, live_server, demo):
    from kuulu.outcomes.models import Outcome, OutcomeInput

    topic = _parking_topic()
    outcome = Outcome.objects.filter(county_id=topic.county_id).order_by("-id").first()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    sign_in(context, live_server.url, COORDINATOR, "en")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/feedback/topics/")
    expect(page.locator("#topics-chart-title")).to_have_count(1)
    expect(page.locator("table caption", has_text="Emerging topics")).to_be_visible()
    page.click(f"a[href$='/feedback/topics/{topic.key}/']")
    page.wait_for_url(f"**/feedback/topics/{topic.key}/")
    assert page.locator("blockquote").count() >= 1  # masked examples
    page.select_option("#link_outcome", str(outcome.pk))
    page.click("text=Link the topic to the outcome")
    page.wait_for_url(f"**/feedback/topics/{topic.key}/")
    assert "The topic was linked to the outcome." in page.content()
    assert OutcomeInput.objects.filter(
        outcome=outcome, kind="feedback_topic", object_id=topic.key
    ).exists()
    context.close()
