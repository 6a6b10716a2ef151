"""Follow and be told in a real browser on a phone-sized screen, in fi, sv and en: the follow
page (email, SMS with a wrong number refused in the reader's language and a good one in use
after the code sent to it is typed in, weekly digest), the
Follow control on a conversation's page, the one-click unsubscribe link (works once, then says
it was used) and "My participation" for the demo resident. Every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import LANGUAGES, axe_problems, pytestmark, sign_in

__all__ = ["pytestmark"]

RESIDENT = "asukas@kuulu.example"
PHONE = {"width": 360, "height": 740}

PHONE_ERROR = {
    "fi": "Kirjoita matkapuhelinnumero, esimerkiksi 040 123 4567",
    "sv": "Skriv ett mobilnummer, till exempel 040 123 4567",
    "en": "Enter a mobile number such as 040 123 4567",
}
CONFIRMED = {
    "fi": "Numerosi on vahvistettu",
    "sv": "Ditt nummer är bekräftat",
    "en": "Your number is confirmed",
}
USED = {
    "fi": "Tätä linkkiä on jo käytetty",
    "sv": "Den här länken har redan använts",
    "en": "This link has already been used",
}


def _conversation():  # type: ignore[no-untyped-def]
    from kuulu.deliberation.models import Conversation

    return Conversation.objects.filter(is_published=True).order_by("id").first()


def _resident():  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=RESIDENT)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_following_on_a_phone(browser, live_server, demo, lang):
    from kuulu.follows import sms
    from kuulu.follows.models import Follow

    conversation = _conversation()
    assert conversation is not None
    key = f"process:deliberation:{conversation.pk}"
    context = browser.new_context(viewport=PHONE)
    sign_in(context, live_server.url, RESIDENT, lang)
    page = context.new_page()
    problems: list[str] = []

    # the Follow control on the conversation's page
    page.goto(f"{live_server.url}/{lang}/conversations/{conversation.pk}/")
    problems += axe_problems(page)
    page.click(".follow-control button[type=submit]")
    # back on the same page, which now says so (and shows the confirmation message)
    page.wait_for_url(f"**/{lang}/conversations/{conversation.pk}/")
    expect(page.locator(".messages")).to_have_count(1)
    expect(page.locator(".follow-control form")).to_have_count(0)
    problems += axe_problems(page)
    assert Follow.objects.filter(user=_resident(), target_key=key, delivery="digest").exists()

    # the follow page: SMS with a wrong number is refused in the reader's language
    page.goto(f"{live_server.url}/{lang}/follow/?target={key}")
    page.check("#id_delivery_1")  # SMS
    page.fill("#id_phone", "123")
    with page.expect_navigation():  # the next check must see the new page
        page.click("main form[novalidate] button[type=submit]")
    assert PHONE_ERROR[lang] in page.inner_text("main")
    problems += axe_problems(page)
    assert not Follow.objects.filter(target_key=key, delivery="sms").exists()
    # then a good number: it waits for the code sent to it, typed in on the follow page
    sms._console.sent.clear()
    page.fill("#id_phone", "040 123 4567")
    page.click("main form[novalidate] button[type=submit]")
    page.wait_for_url(f"**/{lang}/follow/")
    code_field = page.locator("input[autocomplete=one-time-code]")
    expect(code_field).to_have_count(1)
    problems += axe_problems(page)
    sent = [m for m in sms._console.sent if m.to == "+358401234567"]
    assert len(sent) == 1
    code_field.fill(re.search(r"\b(\d{6})\b", sent[0].text).group(1))
    with page.expect_navigation():
        page.click("main form:has(input[autocomplete=one-time-code]) button[type=submit]")
    expect(page.locator("input[autocomplete=one-time-code]")).to_have_count(0)
    assert CONFIRMED[lang] in page.inner_text("main")
    sms_follow = Follow.objects.get(user=_resident(), target_key=key, delivery="sms")
    assert sms_follow.phone_confirmed_at is not None
    # and email
    page.goto(f"{live_server.url}/{lang}/follow/?target={key}")
    page.check("#id_delivery_0")  # email
    page.click("main form[novalidate] button[type=submit]")
    page.wait_for_url(f"**/{lang}/follow/")
    problems += axe_problems(page)
    assert set(
        Follow.objects.filter(user=_resident(), target_key=key).values_list("delivery", flat=True)
    ) == {"digest", "sms", "email"}

    # back on the conversation's page it says you follow it
    page.goto(f"{live_server.url}/{lang}/conversations/{conversation.pk}/")
    expect(page.locator(".follow-control form")).to_have_count(0)
    problems += axe_problems(page)

    # my participation
    page.goto(f"{live_server.url}/{lang}/my-participation/")
    assert page.evaluate("document.documentElement.lang") == lang
    problems += axe_problems(page)
    context.close()
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_follow_control_without_sign_in_leads_to_sign_in(browser, live_server, demo, lang):
    conversation = _conversation()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/conversations/{conversation.pk}/")
    problems = axe_problems(page)
    page.click(".follow-control a")
    page.wait_for_url("**/accounts/login/**")
    context.close()
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_click_unsubscribe_without_sign_in_on_a_phone(browser, live_server, demo, lang):
    from kuulu.follows import services
    from kuulu.follows.models import Follow
    from kuulu.organisation.models import County

    county = County.objects.order_by("id").first()
    item = services.follow(
        user=_resident(),
        county_id=county.pk,
        target_kind=Follow.Target.COUNTY,
        target_key=f"county:{county.pk}",
        target_label=county.name,
        delivery=Follow.Delivery.EMAIL,
    )
    token = services.unsubscribe_token(item.pk)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    url = f"{live_server.url}/{lang}/follow/stop/{token}/"
    page.goto(url)
    problems = axe_problems(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    problems += axe_problems(page)
    assert not Follow.objects.filter(pk=item.pk).exists()
    page.goto(url)
    assert USED[lang] in page.inner_text("main")
    problems += axe_problems(page)
    context.close()
    assert problems == []
