"""Assisted participation in a real browser: a home-care nurse finds the demo resident, records
their consent and their feedback; the handler sees the assistance on the case and the resident
on "My participation". Every page passes axe in fi, sv and en and reflows at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import (
    LANGUAGES,
    axe_problems,
    check_pages,
    pytestmark,
    sign_in,
)

__all__ = ["pytestmark"]

STAFF = "hoitaja@kuulu.example"
RESIDENT = "asukas@kuulu.example"
COORDINATOR = "koordinaattori@kuulu.example"


def start_visit(page, live_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_url}/{lang}/workspace/assisted/?q={RESIDENT}")
    page.check("#id_who_0")  # the resident found by the search
    page.check("#id_resident_0")
    page.check("#id_consent_method_1")  # written consent
    page.check("#id_confirmed")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**/{lang}/workspace/assisted/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_assisted_pages_have_no_serious_accessibility_violations(browser, live_server, demo, lang):
    from kuulu.assisted import services
    from kuulu.organisation.models import County

    county = County.objects.order_by("id").first()
    context = browser.new_context()
    sign_in(context, live_server.url, STAFF, lang)
    problems = check_pages(
        context,
        [f"/{lang}/workspace/assisted/", f"/{lang}/workspace/assisted/?q=asukas"],
        live_server.url,
    )
    page = context.new_page()
    start_visit(page, live_server.url, lang)
    page.close()
    pages = [
        f"/{lang}/workspace/assisted/",
        f"/{lang}/workspace/assisted/feedback/",
        f"/{lang}/workspace/assisted/registration/",
        f"/{lang}/workspace/assisted/survey/",
        f"/{lang}/workspace/assisted/ballot/",
    ]
    surveys = services.surveys_open_for_residents(county_id=county.pk)
    if surveys:
        pages.append(f"/{lang}/workspace/assisted/survey/{surveys[0].pk}/")
    conversations = services.conversations_open_for_residents(county_id=county.pk)
    if conversations:
        pages.append(f"/{lang}/workspace/assisted/ballot/{conversations[0].pk}/")
    problems += check_pages(context, pages, live_server.url)
    context.close()
    resident = browser.new_context()
    sign_in(resident, live_server.url, RESIDENT, lang)
    problems += check_pages(resident, [f"/{lang}/my-participation/"], live_server.url)
    resident.close()
    assert problems == []


def test_a_nurse_records_feedback_for_a_resident_who_then_sees_it(browser, live_server, demo):
    from kuulu.assisted.models import AssistedAction
    from kuulu.feedback.models import Feedback

    context = browser.new_context()
    sign_in(context, live_server.url, STAFF, "en")
    page = context.new_page()
    # a consent form sent without confirming shows a focusable error summary
    page.goto(f"{live_server.url}/en/workspace/assisted/")
    page.check("#id_who_2")  # no record
    page.check("#id_consent_method_0")
    page.click("main form[method=post] button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    problems = axe_problems(page)
    start_visit(page, live_server.url, "en")
    page.click("main a[href='/en/workspace/assisted/feedback/']")
    page.wait_for_url("**/en/workspace/assisted/feedback/")
    page.check("#id_kind_1")  # a development idea
    page.fill("#id_text", "Iltavastaanotto olisi hyvä lapsiperheille.")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/en/workspace/assisted/")
    assert "was recorded with your assistance" in page.inner_text(".messages")
    feedback = Feedback.objects.get(text="Iltavastaanotto olisi hyvä lapsiperheille.")
    action = AssistedAction.objects.get(object_type="feedback.feedback", object_id=feedback.pk)
    assert (action.consent_method, action.resident_person.email) == ("written", RESIDENT)
    page.click("main form[action$='/finish/'] button")
    page.wait_for_url("**/en/workspace/assisted/")
    context.close()

    handler = browser.new_context()
    sign_in(handler, live_server.url, COORDINATOR, "en")
    case = handler.new_page()
    case.goto(f"{live_server.url}/en/feedback/cases/{feedback.pk}/")
    assert "Recorded with assistance by" in case.inner_text("main")
    problems += axe_problems(case)
    handler.close()

    resident = browser.new_context()
    sign_in(resident, live_server.url, RESIDENT, "en")
    mine = resident.new_page()
    mine.goto(f"{live_server.url}/en/my-participation/")
    assert feedback.reference in mine.inner_text("main")
    assert "Yes: by" in mine.inner_text("main")
    resident.close()
    assert problems == []
