"""The methods bank in a real browser, in fi, sv and en: a resident finds a method on a phone by
filtering, reads the card; the coordinator's pages (methods bank, expert pool, adoption, import
with a bad file, logging a use) pass axe and reflow at 320 px."""

from __future__ import annotations

import json

import pytest

from tests.browser.test_accessibility import (
    LANGUAGES,
    axe_problems,
    check_pages,
    pytestmark,
    reflow_problems,
    sign_in,
)

__all__ = ["pytestmark"]

COORDINATOR = "koordinaattori@kuulu.example"
PHONE = {"width": 360, "height": 740}
TITLES = {
    "fi": "Osallisuuden menetelmät",
    "sv": "Delaktighetsmetoder",
    "en": "Participation methods",
}
CHILDREN = {
    "fi": "Lapsivaikutusten arviointi",
    "sv": "Bedömning av konsekvenser för barn",
    "en": "Children's impact assessment",
}


def _check(page, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    problems += axe_problems(page)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    problems += reflow_problems(page)
    page.set_viewport_size(size)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_finding_a_method_on_a_phone_and_the_coordinator_pages(
    browser, live_server, demo, lang, tmp_path
):
    from playwright.sync_api import expect

    from kuulu.methods.models import MethodCard, MethodExpert, SupportRequest

    problems: list[str] = []
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/methods/")
    expect(page.locator("h1")).to_have_text(TITLES[lang])
    _check(page, problems)
    # children + strategy: the children's impact assessment is among the results
    page.select_option("#id_audience", "children")
    page.select_option("#id_perspective", "strategy")
    page.click("main form[role=search] button[type=submit]")
    link = page.get_by_role("link", name=CHILDREN[lang], exact=True)
    expect(link).to_be_visible()
    _check(page, problems)
    link.click()
    expect(page.locator("h1")).to_have_text(CHILDREN[lang])
    expect(page.locator(f"a[href='/{lang}/assessments/']").first).to_be_visible()
    _check(page, problems)
    context.close()

    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    support = SupportRequest.objects.first()
    urls = [
        f"/{lang}/methods/work/",
        f"/{lang}/methods/experts/",
        f"/{lang}/methods/experts/new/",
        f"/{lang}/methods/experts/{MethodExpert.objects.first().pk}/",
        f"/{lang}/methods/adoption/",
        f"/{lang}/methods/import/",
        f"/{lang}/methods/uses/new/",
        f"/{lang}/methods/support/new/",
        f"/{lang}/methods/support/{support.pk}/",
        f"/{lang}/methods/cards/{MethodCard.objects.get(slug='eratauko').pk}/edit/",
    ]
    problems += check_pages(context, urls, live_server.url)

    # an import with a wrong version names the field and imports nothing
    bad = tmp_path / "cards.json"
    bad.write_text(json.dumps({"format": "kuulu-method-cards", "version": 9, "cards": []}))
    before = MethodCard.objects.count()
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/methods/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("main button[type=submit]")
    expect(page.locator("#error-summary code")).to_have_text("version")
    problems += axe_problems(page)
    assert MethodCard.objects.count() == before
    context.close()
    assert problems == []
