"""Ask the leadership, the volunteer role pages and the new front page on a phone-sized screen
(360 x 740): every page passes axe in fi, sv and en and does not scroll sideways at 320 px; a
resident asks a question with the phone and gets the confirmation page."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import (
    LANGUAGES,
    axe_problems,
    pytestmark,
    reflow_problems,
    sign_in,
)

__all__ = ["pytestmark"]

COORDINATOR = "koordinaattori@kuulu.example"
PHONE = {"width": 360, "height": 740}
CONFIRM_HEADINGS = {
    "fi": "Vahvista kysymyksesi",
    "sv": "Bekräfta din fråga",
    "en": "Confirm your question",
}


def _check(context, live_url: str, urls: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = context.new_page()
    for url in urls:
        page.set_viewport_size(PHONE)
        response = page.goto(live_url + url)
        assert response is not None
        if response.status >= 400:
            problems.append(f"{url}: HTTP {response.status}")
            continue
        expected = url.split("/")[1]
        if page.evaluate("document.documentElement.lang") != expected:
            problems.append(f"{url}: wrong html lang")
        problems += axe_problems(page)
        page.set_viewport_size({"width": 320, "height": 640})
        problems += reflow_problems(page)
    page.close()
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_questions_pages_on_a_phone(browser, live_server, demo, lang):
    from django.core import signing
    from playwright.sync_api import expect

    from kuulu.questions import services
    from kuulu.questions.models import Question

    answered = Question.objects.filter(status="answered", answer__transcript__gt="").first()
    waiting = Question.objects.filter(status="routed").first()
    urls = [
        f"/{lang}/",
        f"/{lang}/questions/",
        f"/{lang}/questions/?show=answered",
        f"/{lang}/questions/rules/",
        f"/{lang}/questions/ask/",
        f"/{lang}/questions/{answered.pk}/",
        f"/{lang}/questions/{waiting.pk}/",
        f"/{lang}/volunteer/",
        f"/{lang}/volunteer/resident-developer/",
        f"/{lang}/volunteer/peer-supporter/",
    ]
    if lang == "fi":
        urls += [f"/fi/selko/{flow}/" for flow in ("palaute", "muistutus", "paneeli", "aanestys")]
    context = browser.new_context(viewport=PHONE)
    problems = _check(context, live_server.url, urls)

    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/questions/ask/")
    page.fill("#id_text", "Miksi bussi terveysasemalle kulkee vain kahdesti päivässä?")
    page.fill("#id_email", "puhelin@example.test")
    page.check("#id_rules")
    page.click("main button[type=submit]")
    page.wait_for_selector("main h1")
    asked = Question.objects.get(asker_email="puhelin@example.test")
    problems += axe_problems(page)
    # the emailed link opens a page with a button; only the button confirms
    page.goto(f"{live_server.url}/{lang}/questions/confirm/{services.confirmation_token(asked)}/")
    problems += axe_problems(page)
    asked.refresh_from_db()
    assert asked.status == Question.Status.UNVERIFIED
    page.click("main button[type=submit]")
    expect(page.locator("main h1")).not_to_have_text(CONFIRM_HEADINGS[lang])
    asked.refresh_from_db()
    assert asked.status != Question.Status.UNVERIFIED
    support = signing.dumps(
        {"q": waiting.pk, "h": services.supporter_key("tuki@example.test")},
        salt=services.SUPPORT_SALT,
    )
    before = waiting.support_count
    page.goto(f"{live_server.url}/{lang}/questions/support/{support}/")
    problems += axe_problems(page)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/questions/{waiting.pk}/")
    waiting.refresh_from_db()
    assert waiting.support_count == before + 1
    page.close()
    context.close()

    staff = browser.new_context(viewport=PHONE)
    sign_in(staff, live_server.url, COORDINATOR, lang)
    problems += _check(
        staff,
        live_server.url,
        [f"/{lang}/questions/manage/", f"/{lang}/questions/manage/{waiting.pk}/"],
    )
    staff.close()
    assert problems == [], "\n".join(problems)
