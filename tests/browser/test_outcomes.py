"""The impact trail in a real browser: a coordinator records an outcome, links an input and
publishes it; the public outcome pages, the unit timeline and the staff pages pass axe in
fi, sv and en."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import LANGUAGES, check_pages, pytestmark, sign_in

__all__ = ["pytestmark"]

COORDINATOR = "koordinaattori@kuulu.example"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_outcome_pages_have_no_serious_accessibility_violations(browser, live_server, demo, lang):
    from kuulu.outcomes import notifications
    from kuulu.outcomes.models import Outcome

    published = Outcome.objects.filter(is_published=True).order_by("id").first()
    draft = Outcome.objects.filter(is_published=False).order_by("id").first()
    token = notifications.opt_out_token(notifications.recipient_hash("demo@example.test"))
    public = [
        f"/{lang}/outcomes/",
        f"/{lang}/outcomes/?unit=older-homecare&status=in_progress",
        f"/{lang}/outcomes/{published.pk}/",
        f"/{lang}/outcomes/units/older-homecare/",
        f"/{lang}/outcomes/units/older/",
        f"/{lang}/outcomes/opt-out/{token}/",
    ]
    staff = [
        f"/{lang}/outcomes/manage/",
        f"/{lang}/outcomes/manage/?late=on",
        f"/{lang}/outcomes/manage/new/",
        f"/{lang}/outcomes/manage/{draft.pk}/",
        f"/{lang}/outcomes/manage/{published.pk}/",
        f"/{lang}/outcomes/manage/{draft.pk}/edit/",
        f"/{lang}/outcomes/manage/{draft.pk}/inputs/",
        f"/{lang}/outcomes/manage/{draft.pk}/inputs/?kind=feedback&q=",
    ]
    anonymous = browser.new_context()
    problems = check_pages(anonymous, public, live_server.url)
    anonymous.close()
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    problems += check_pages(context, staff, live_server.url)
    context.close()
    assert problems == []


def test_a_coordinator_creates_an_outcome_links_an_input_and_publishes_it(
    browser, live_server, demo
):
    from kuulu.organisation.models import Unit
    from kuulu.outcomes.models import Outcome

    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, "en")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/outcomes/manage/new/")

    # An invalid form first: "not done" without a reason.
    page.fill("#id_title_fi", "Neuvolan aukioloajat pidemmiksi")
    page.fill("#id_title_en", "Longer opening hours at the child health clinic")
    page.select_option("#id_status", "not_done")
    page.click("main button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    assert "Tell why it was not done." in page.content()

    page.select_option("#id_status", "in_progress")
    page.fill("#id_progress", "30")
    page.fill("#id_decided_by", "Perhepalvelujen johtaja")
    unit = Unit.objects.get(code="family-centre")
    page.check(f"input[name=units][value='{unit.pk}']")
    page.click("main button[type=submit]")
    page.wait_for_url("**/outcomes/manage/*/")
    outcome = Outcome.objects.get(title_fi="Neuvolan aukioloajat pidemmiksi")

    # Link an input through the picker.
    page.click("text=Link an input")
    page.select_option("#id_kind", "council_statement")
    page.click("main form.filters button[type=submit]")
    page.locator("#choices button[type=submit]").first.click()
    page.wait_for_url(f"**/outcomes/manage/{outcome.pk}/")
    assert "The input was linked." in page.content()
    assert outcome.inputs.count() == 1

    # Publish, then see it on the portal.
    page.click("main button:has-text('Publish')")
    page.wait_for_url(f"**/outcomes/manage/{outcome.pk}/")
    outcome.refresh_from_db()
    assert outcome.is_published
    page.goto(f"{live_server.url}/en/outcomes/{outcome.pk}/")
    assert "Longer opening hours at the child health clinic" in page.content()
    assert "Council statement" in page.content()
    context.close()
