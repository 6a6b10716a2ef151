"""The yearly participation report in a real browser: the public report pages and the
coordinator's pages pass axe in fi, sv and en; a coordinator writes the narrative (with and
without JavaScript's htmx swap) and publishes the draft, which then shows on the portal."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import LANGUAGES, check_pages, pytestmark, sign_in

__all__ = ["pytestmark"]

COORDINATOR = "koordinaattori@kuulu.example"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_pages_have_no_serious_accessibility_violations(browser, live_server, demo, lang):
    from kuulu.reports.models import Report

    published = Report.objects.get(status=Report.Status.PUBLISHED)
    draft = Report.objects.get(status=Report.Status.DRAFT)
    public = [
        f"/{lang}/reports/",
        f"/{lang}/reports/{published.year}/",
    ]
    staff = [
        f"/{lang}/reports/manage/",
        f"/{lang}/reports/manage/{draft.pk}/",
        f"/{lang}/reports/manage/{published.pk}/",
        f"/{lang}/reports/manage/{draft.pk}/sections/summary/",
        f"/{lang}/reports/manage/{draft.pk}/sections/indicators/",
        f"/{lang}/reports/manage/{draft.pk}/publish/",
        f"/{lang}/reports/manage/{published.pk}/unpublish/",
    ]
    anonymous = browser.new_context()
    problems = check_pages(anonymous, public, live_server.url)
    anonymous.close()
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    problems += check_pages(context, staff, live_server.url)
    context.close()
    assert problems == []


def test_a_coordinator_writes_the_narrative_and_publishes(browser, live_server, demo):
    from kuulu.reports.models import Report

    draft = Report.objects.get(status=Report.Status.DRAFT)
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, "en")
    page = context.new_page()

    # With JavaScript the form is swapped in place by htmx.
    page.goto(f"{live_server.url}/en/reports/manage/{draft.pk}/sections/councils/")
    page.fill("#id_text_fi", "Neuvostoja kuultiin ennen jokaista päätöstä.")
    page.fill("#id_text_sv", "Råden hördes före varje beslut.")
    page.fill("#id_text_en", "The councils were heard before every decision.")
    page.click("#narrative button[type=submit]")
    page.locator("#narrative .message-success").wait_for()
    assert page.url.endswith(f"/en/reports/manage/{draft.pk}/sections/councils/")
    draft.refresh_from_db()
    assert draft.councils_text_sv == "Råden hördes före varje beslut."

    # A text too long (past the field's maxlength, as a script could send it) is refused on
    # the form, and nothing is saved.
    page.eval_on_selector("#id_text_en", "el => el.removeAttribute('maxlength')")
    page.fill("#id_text_en", "x" * 20_001)
    page.click("#narrative button[type=submit]")
    page.locator("#error-summary").wait_for()
    draft.refresh_from_db()
    assert draft.councils_text_en == "The councils were heard before every decision."

    # Publish after the confirmation page.
    page.goto(f"{live_server.url}/en/reports/manage/{draft.pk}/")
    page.click(f"a[href='/en/reports/manage/{draft.pk}/publish/']")
    page.wait_for_url(f"**/reports/manage/{draft.pk}/publish/")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/reports/manage/{draft.pk}/")
    assert "Its figures are now frozen." in page.content()
    draft.refresh_from_db()
    assert draft.is_published

    # The portal shows it, in Swedish too.
    public = browser.new_context()
    portal = public.new_page()
    portal.goto(f"{live_server.url}/sv/reports/{draft.year}/")
    assert "Råden hördes före varje beslut." in portal.content()
    public.close()
    context.close()


def test_the_narrative_is_saved_without_javascript(browser, live_server, demo):
    from kuulu.reports.models import Report

    draft = Report.objects.get(status=Report.Status.DRAFT)
    context = browser.new_context(java_script_enabled=False)
    sign_in(context, live_server.url, COORDINATOR, "fi")
    page = context.new_page()
    page.goto(f"{live_server.url}/fi/reports/manage/{draft.pk}/sections/summary/")
    page.fill("#id_text_fi", "Yhteenveto ilman JavaScriptiä.")
    page.click("#narrative button[type=submit]")
    page.wait_for_url(f"**/fi/reports/manage/{draft.pk}/#section-summary")
    assert "Yhteenveto ilman JavaScriptiä." in page.content()
    context.close()
