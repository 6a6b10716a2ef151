"""The participation programme in a real browser: every programme page passes axe in fi, sv
and en (public pages anonymously, the rest as the coordinator, the follow-up as the responsible
manager); the coordinator adds a goal and a measure through the forms and records a follow-up,
and a bad follow-up shows its errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import LANGUAGES, check_pages, pytestmark, sign_in

__all__ = ["pytestmark"]

COORDINATOR = "koordinaattori@kuulu.example"
MANAGER = "esihenkilo@kuulu.example"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_programme_pages_have_no_serious_accessibility_violations(browser, live_server, demo, lang):
    from kuulu.programme.models import GoalIndicator, Measure, ParticipationProgramme

    programme = ParticipationProgramme.objects.get(title_fi="Kainuun osallisuusohjelma")
    measure = Measure.objects.filter(responsible_unit__code="older-homecare").first()
    goal = measure.goal
    indicator = GoalIndicator.objects.filter(goal=goal).first()
    perspective = goal.perspective
    base = f"/{lang}/programme"

    anonymous = browser.new_context()
    problems = check_pages(
        anonymous, [f"/{lang}/", f"{base}/", f"{base}/{programme.pk}/"], live_server.url
    )
    anonymous.close()

    coordinator = browser.new_context()
    sign_in(coordinator, live_server.url, COORDINATOR, lang)
    problems += check_pages(
        coordinator,
        [
            f"{base}/manage/",
            f"{base}/manage/new/",
            f"{base}/manage/follow-up/",
            f"{base}/manage/{programme.pk}/",
            f"{base}/manage/{programme.pk}/edit/",
            f"{base}/manage/{programme.pk}/approve/",
            f"{base}/manage/{programme.pk}/history/",
            f"{base}/manage/{programme.pk}/import/",
            f"{base}/manage/{programme.pk}/perspectives/new/",
            f"{base}/manage/perspectives/{perspective.pk}/",
            f"{base}/manage/perspectives/{perspective.pk}/goals/new/",
            f"{base}/manage/goals/{goal.pk}/",
            f"{base}/manage/goals/{goal.pk}/indicators/new/",
            f"{base}/manage/indicators/{indicator.pk}/",
            f"{base}/manage/goals/{goal.pk}/measures/new/",
            f"{base}/manage/measures/{measure.pk}/",
            f"{base}/manage/measures/{measure.pk}/follow-up/",
        ],
        live_server.url,
    )
    coordinator.close()

    manager = browser.new_context()
    sign_in(manager, live_server.url, MANAGER, lang)
    problems += check_pages(
        manager,
        [f"{base}/manage/follow-up/", f"{base}/manage/measures/{measure.pk}/follow-up/"],
        live_server.url,
    )
    manager.close()
    assert problems == []


def test_the_coordinator_adds_a_goal_and_a_measure_and_records_a_follow_up(
    browser, live_server, demo
):
    from kuulu.organisation.models import Unit
    from kuulu.programme.models import FollowUp, Goal, Measure, ParticipationProgramme

    programme = ParticipationProgramme.objects.get(title_fi="Kainuun osallisuusohjelma")
    perspective = programme.perspectives.get(kind="development")
    unit = Unit.objects.get(code="older-homecare")
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, "en")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/programme/manage/{programme.pk}/")

    page.click(f"#perspective-{perspective.pk} ~ .actions a:has-text('Add a goal')")
    page.fill("#id_title_fi", "Nuoret mukaan kehittämiseen")
    page.fill("#id_title_en", "Young people take part in development")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/programme/manage/{programme.pk}/#goal-*")
    goal = Goal.objects.get(title_fi="Nuoret mukaan kehittämiseen")
    assert goal.perspective == perspective
    expect(page.locator(f"#goal-{goal.pk}-title")).to_be_visible()

    page.click(f"#goal-{goal.pk} .actions a:has-text('Add a measure')")
    page.fill("#id_title_fi", "Nuorisovaltuuston kuuleminen")
    page.select_option("#id_responsible_unit", str(unit.pk))
    page.fill("#id_starts_on", "2025-03-01")
    page.fill("#id_due_on", "2025-02-01")
    page.fill("#id_hours", "30")
    page.click("main button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    assert "The due date cannot be before the start." in page.content()
    assert not Measure.objects.filter(title_fi="Nuorisovaltuuston kuuleminen").exists()
    page.fill("#id_due_on", "2026-12-31")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/programme/manage/{programme.pk}/#measure-*")
    measure = Measure.objects.get(title_fi="Nuorisovaltuuston kuuleminen")
    assert (measure.goal, measure.responsible_unit, measure.hours) == (goal, unit, 30)

    page.goto(f"{live_server.url}/en/programme/manage/measures/{measure.pk}/follow-up/")
    page.fill("#id_year", "2025")
    page.select_option("#id_quarter", "2")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_note", "First hearing held.")
    page.fill("#id_evidence_links", "not a link")
    page.click("main button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    assert not FollowUp.objects.filter(measure=measure).exists()
    page.fill("#id_evidence_links", "https://kainuu.example/muistio")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/programme/manage/measures/{measure.pk}/follow-up/")
    entry = FollowUp.objects.get(measure=measure)
    assert (entry.year, entry.quarter, entry.status, entry.note) == (
        2025,
        2,
        "in_progress",
        "First hearing held.",
    )
    assert "First hearing held." in page.content()

    page.goto(f"{live_server.url}/en/programme/manage/{programme.pk}/history/")
    assert "Nuorisovaltuuston kuuleminen" in page.content()
    page.goto(f"{live_server.url}/en/programme/")
    assert "Young people take part in development" in page.content()
    context.close()
