"""Panel draws in a real browser: the drawn demo panel's page with its smallest chance of
selection, the volunteers' chances (table), the verification, and a draw being computed (the
progress block polled by htmx) pass axe in fi, sv and en; a volunteer confirms their address
on the page the mailed link opens, by its button, on a phone."""

from __future__ import annotations

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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_draw_pages_have_no_serious_accessibility_violations(browser, live_server, demo, lang):
    from playwright.sync_api import expect

    from kuulu.panels.models import DrawJob, Panel

    drawn = Panel.objects.filter(draw__isnull=False).order_by("id").first()
    assert drawn.draw.method == "maximin"
    other = Panel.objects.filter(draw__isnull=True).order_by("id").first()
    DrawJob.objects.create(
        panel=other,
        seed=5,
        status=DrawJob.Status.RUNNING,
        phase="improve",
        panels_found=12,
        lower=0.1,
        upper=0.2,
    )
    pages = [
        f"/{lang}/panels/{drawn.pk}/manage/",
        f"/{lang}/panels/{drawn.pk}/volunteers/",
        f"/{lang}/panels/{drawn.pk}/verify/",
        f"/{lang}/panels/{other.pk}/manage/",
        f"/{lang}/panels/{other.pk}/quotas/",
    ]
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    problems = check_pages(context, pages, live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/panels/{other.pk}/manage/")
    assert page.locator("#draw-job progress").get_attribute("value") == "50"
    # When the job finishes, the polling request turns into a page refresh.
    lost = {"kind": "lost", "stratum": "", "value": "", "needed": 0, "available": 0}
    DrawJob.objects.filter(panel=other).update(status=DrawJob.Status.FAILED, problems=[lost])
    expect(page.locator("#draw-job")).to_have_count(0)
    expect(page.locator("#error-summary")).to_be_visible()
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_volunteer_confirms_the_address_with_the_button_on_a_phone(
    browser, live_server, demo, lang
):
    from playwright.sync_api import expect

    from kuulu.panels import services
    from kuulu.panels.models import Volunteer

    volunteer = (
        Volunteer.objects.filter(email_confirmed_at__isnull=True, contact_deleted_at__isnull=True)
        .exclude(email="")
        .order_by("id")
        .first()
    )
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()

    token = services.confirmation_token(volunteer)
    page.goto(f"{live_server.url}/{lang}/panels/volunteer/confirm/{token}/")
    problems = axe_problems(page)
    page.set_viewport_size({"width": 320, "height": 640})
    problems += reflow_problems(page)
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is None
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator("main p.lead")).to_be_visible()
    problems += axe_problems(page)
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is not None
    page.goto(f"{live_server.url}/{lang}/panels/volunteer/confirm/not-a-token/")
    expect(page.locator("main [role=alert]")).to_be_visible()
    problems += axe_problems(page)
    context.close()
    assert problems == [], "\n".join(problems)
