"""Indicators in a real browser: the dashboard, an indicator's page and the manual indicator
pages pass axe in fi, sv and en; a coordinator enters a manual value (first out of range) and
imports a CSV with a bad row."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import LANGUAGES, check_pages, pytestmark, sign_in

__all__ = ["pytestmark"]

COORDINATOR = "koordinaattori@kuulu.example"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_indicator_pages_have_no_serious_accessibility_violations(browser, live_server, demo, lang):
    from kuulu.indicators.models import ManualIndicator
    from kuulu.organisation.models import Unit

    manual = ManualIndicator.objects.order_by("id").first()
    area = Unit.objects.filter(parent=None).order_by("path").first()
    pages = [
        f"/{lang}/indicators/",
        f"/{lang}/indicators/?unit=&service_area={area.pk}&year=2026&quarter=1",
        f"/{lang}/indicators/?year=abc",
        f"/{lang}/indicators/feedback_on_time/",
        f"/{lang}/indicators/{manual.code}/",
        f"/{lang}/indicators/manage/",
        f"/{lang}/indicators/manage/new/",
        f"/{lang}/indicators/manage/import/",
        f"/{lang}/indicators/manage/{manual.pk}/",
        f"/{lang}/indicators/manage/{manual.pk}/edit/",
    ]
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    problems = check_pages(context, pages, live_server.url)
    context.close()
    assert problems == []


def test_a_coordinator_enters_a_manual_value_and_imports_a_csv(
    browser, live_server, demo, tmp_path
):
    from kuulu.indicators.models import ManualIndicator, ManualValue

    manual = ManualIndicator.objects.get(code="national-influence-experience")
    before = ManualValue.objects.filter(indicator=manual).count()
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, "en")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/indicators/manage/{manual.pk}/")

    page.fill("#id_year", "2020")
    page.fill("#id_value", "120")
    page.click("main form:not(.inline-form) button[type=submit] >> nth=-1")
    expect(page.locator("#error-summary")).to_be_visible()
    assert "The value must be at most 100." in page.content()
    assert ManualValue.objects.filter(indicator=manual).count() == before

    page.fill("#id_value", "29,5".replace(",", "."))
    page.click("main form:not(.inline-form) button[type=submit] >> nth=-1")
    page.wait_for_url(f"**/indicators/manage/{manual.pk}/")
    assert ManualValue.objects.get(indicator=manual, period_start__year=2020).persons is None
    assert "29.50" in page.content()

    bad = tmp_path / "values.csv"
    bad.write_text(
        "indicator;period;value\nnational-influence-experience;2019;30\nnobody;2019;x\n",
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}/en/indicators/manage/import/")
    page.set_input_files("#id_file", str(bad))
    with page.expect_navigation():  # the next check must see the new page
        page.click("main button[type=submit]")
    assert "Nothing was imported" in page.content()
    assert "No manual indicator has this code." in page.content()
    assert not ManualValue.objects.filter(indicator=manual, period_start__year=2019).exists()

    page.goto(f"{live_server.url}/en/indicators/")
    expect(page.locator("h2", has_text="The strategy level")).to_be_visible()
    expect(page.locator("h3", has_text="Experience of being able to influence")).to_be_visible()
    context.close()
