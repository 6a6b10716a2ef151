"""The HR sync in a real browser: a coordinator uploads HR files, sees the per-row report for a
bad file, then the changes of a good one, and applies them; the pages pass axe in fi, sv, en."""

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

COORDINATOR = "koordinaattori@kuulu.example"
UNITS = "id,parent,name_fi,name_sv\nHR-A,,HR-palvelualue,HR-område\nHR-B,HR-A,HR-yksikkö,\n"
PEOPLE = (
    "id,first_name,last_name,email,unit,title_fi,manager\n"
    "HR-1,Hilla,Henkilöstö,hilla.hr@example.test,HR-B,Lähihoitaja,true\n"
)
BAD_UNITS = "id,parent,name_fi\nHR-A,HR-B,Yksi\nHR-B,HR-A,Kaksi\n"


def _files(tmp_path, **contents):
    paths = []
    for name, text in contents.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hr_sync_pages_have_no_serious_accessibility_violations(
    browser, live_server, demo, lang, tmp_path
):
    from kuulu.organisation.models import County
    from kuulu.organisation.sync.apply import stage_preview
    from kuulu.organisation.sync.sources import document_from_files

    county = County.objects.order_by("id").first()
    run, plan = stage_preview(
        county=county,
        document=document_from_files(
            [("units.csv", UNITS.encode()), ("people.csv", PEOPLE.encode())], full=False
        ),
    )
    assert plan.ok
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    problems = check_pages(
        context,
        [
            f"/{lang}/workspace/organisation/hr-sync/",
            f"/{lang}/workspace/organisation/hr-sync/{run.pk}/",
        ],
        live_server.url,
    )
    # The per-row report answers a POST: check it as the browser shows it.
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/workspace/organisation/hr-sync/")
    page.set_input_files("#id_files", _files(tmp_path, units=BAD_UNITS))
    page.click("main form[enctype] button[type=submit]")
    page.wait_for_selector("#sync-problems")
    problems += axe_problems(page)
    context.close()
    assert problems == []


def test_a_coordinator_previews_and_applies_hr_files(browser, live_server, demo, tmp_path):
    from kuulu.organisation.models import HrSyncRun, Person, Unit

    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, "en")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/workspace/organisation/hr-sync/")

    # A file with a loop in the tree: the report, nothing applied.
    page.set_input_files("#id_files", _files(tmp_path, units=BAD_UNITS))
    page.click("main form[enctype] button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    report = page.locator("#sync-problems").inner_text()
    assert "The units form a loop" in report
    assert not Unit.objects.filter(external_id="HR-A").exists()

    # Good files, only some units and people: preview, then apply.
    page.set_input_files("#id_files", _files(tmp_path, units=UNITS, people=PEOPLE))
    page.check("#id_partial")
    page.click("main form[enctype] button[type=submit]")
    page.wait_for_url("**/hr-sync/*/")
    counts = page.locator("#sync-counts").inner_text()
    assert "added\t2\t1" in counts
    assert "Hilla Henkilöstö" in page.content()
    assert not Person.objects.filter(external_id="HR-1").exists()
    page.click("text=Apply the changes")
    page.wait_for_url("**/hr-sync/")
    assert "The changes have been applied." in page.content()
    hilla = Person.objects.get(external_id="HR-1")
    assert (hilla.unit.external_id, hilla.unit.parent.external_id) == ("HR-B", "HR-A")
    assert hilla.is_manager
    assert HrSyncRun.objects.filter(status="applied", source="web").count() == 1
    context.close()
