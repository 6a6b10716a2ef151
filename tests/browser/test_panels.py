"""Panel draws in a real browser: the drawn demo panel's page with its smallest chance of
selection, the volunteers' chances (table), the verification, and a draw being computed (the
progress block polled by htmx) pass axe in fi, sv and en."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import LANGUAGES, check_pages, pytestmark, sign_in

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
