"""Participatory budgeting in a real browser on a phone-sized screen: proposing (without an
account, confirmed by email) and voting with a voting code, in fi, sv and en; every page visited
and the staff pages pass axe and reflow at 320 px."""

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
PHONE = {"width": 360, "height": 740}


def _check(page, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    problems += axe_problems(page)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    problems += reflow_problems(page)
    page.set_viewport_size(size)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_proposing_and_voting_on_a_phone(browser, live_server, demo, lang):
    from playwright.sync_api import expect

    from kuulu.budgeting import proposals
    from kuulu.budgeting.demo import CURRENT, DEMO_CODES
    from kuulu.budgeting.models import Ballot, Process, Proposal
    from kuulu.budgeting.tests.factories import make_process

    current = Process.objects.get(title_fi=CURRENT)
    budget = current.budgets.get(municipality__isnull=True)
    ideas = make_process(current.county, phase="proposals", title=f"Ideat {lang}")
    problems: list[str] = []
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()

    # propose without an account
    page.goto(f"{live_server.url}/{lang}/budgeting/{ideas.pk}/")
    _check(page, problems)
    with page.expect_navigation():  # the next check must see the new page
        page.click(f"a[href='/{lang}/budgeting/{ideas.pk}/propose/']")
    _check(page, problems)
    page.fill("#id_title", "Penkkejä puistoon")
    page.fill("#id_description", "Lisää penkkejä, jotta vanhemmatkin jaksavat kävellä.")
    page.select_option("#id_target_group", "older")
    page.fill("#id_email", f"ehdottaja-{lang}@example.test")
    with page.expect_navigation():  # the next check must see the new page
        page.click("main button[type=submit]")
    expect(page.locator("h1")).to_be_visible()
    _check(page, problems)
    proposed = Proposal.objects.get(process=ideas, status="unverified")

    # the emailed link opens a page with a button; only the button confirms
    token = proposals.confirmation_token(proposed)
    page.goto(f"{live_server.url}/{lang}/budgeting/confirm/{token}/")
    _check(page, problems)
    proposed.refresh_from_db()
    assert proposed.status == Proposal.Status.UNVERIFIED
    with page.expect_navigation():  # the next check must see the new page
        page.click("main button[type=submit]")
    expect(
        page.locator(f"main a[href='/{lang}/budgeting/proposals/{proposed.pk}/']")
    ).to_be_visible()
    _check(page, problems)
    proposed.refresh_from_db()
    assert proposed.status == Proposal.Status.SUBMITTED
    page.goto(f"{live_server.url}/{lang}/budgeting/confirm/not-a-token/")
    expect(page.locator("main [role=alert]")).to_be_visible()
    _check(page, problems)

    # vote with a code: a wrong code first
    before = Ballot.objects.filter(budget=budget).count()
    page.goto(f"{live_server.url}/{lang}/budgeting/budgets/{budget.pk}/vote/")
    _check(page, problems)
    page.fill("#id_code", "WRON-GCOD-E000")
    with page.expect_navigation():  # the next check must see the new page
        page.click("main button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    _check(page, problems)
    page.fill("#id_code", DEMO_CODES[LANGUAGES.index(lang) + 10])
    with page.expect_navigation():  # the next check must see the new page
        page.click("main button[type=submit]")
    plan = budget.plans.order_by("title").first()
    page.check(f"#id_plan_{plan.pk}")
    _check(page, problems)
    with page.expect_navigation():  # the next check must see the new page
        page.click("button[name=submit_ballot]")
    expect(page.locator("h1")).to_be_visible()
    _check(page, problems)
    assert Ballot.objects.filter(budget=budget).count() == before + 1
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_budgeting_pages_have_no_serious_accessibility_violations(browser, live_server, demo, lang):
    from kuulu.budgeting.demo import CURRENT, PAST
    from kuulu.budgeting.models import Process

    past = Process.objects.get(title_fi=PAST)
    current = Process.objects.get(title_fi=CURRENT)
    past_budget = past.budgets.get()
    budget = current.budgets.get(municipality__isnull=True)
    plan = past_budget.plans.order_by("pk").first()
    proposal = current.proposals.order_by("pk").first()
    public = [
        f"/{lang}/budgeting/",
        f"/{lang}/budgeting/{past.pk}/",
        f"/{lang}/budgeting/{current.pk}/",
        f"/{lang}/budgeting/budgets/{past_budget.pk}/results/",
        f"/{lang}/budgeting/budgets/{budget.pk}/results/",
        f"/{lang}/budgeting/plans/{plan.pk}/",
        f"/{lang}/budgeting/proposals/{proposal.pk}/",
    ]
    staff = [
        f"/{lang}/budgeting/manage/{current.pk}/",
        f"/{lang}/budgeting/manage/proposals/{proposal.pk}/",
        f"/{lang}/budgeting/manage/{current.pk}/plans/new/",
        f"/{lang}/budgeting/manage/budgets/{budget.pk}/paper/",
        f"/{lang}/budgeting/manage/budgets/{budget.pk}/reconciliation/",
        f"/{lang}/budgeting/manage/budgets/{past_budget.pk}/turnout/",
        f"/{lang}/budgeting/manage/plans/{plan.pk}/override/",
        f"/{lang}/budgeting/manage/plans/{plan.pk}/follow-up/",
        f"/{lang}/budgeting/manage/pabulib/",
        f"/{lang}/budgeting/manage/{current.pk}/phases/",
        f"/{lang}/budgeting/manage/{current.pk}/codes/",
        f"/{lang}/budgeting/manage/{current.pk}/budgets/new/",
        f"/{lang}/budgeting/manage/new/",
    ]
    anonymous = browser.new_context()
    problems = check_pages(anonymous, public, live_server.url)
    anonymous.close()
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    problems += check_pages(context, staff, live_server.url)
    context.close()
    assert problems == [], "\n".join(problems)


def test_booth_worker_enters_a_sheet_with_the_keyboard_only(browser, live_server, demo):
    from kuulu.budgeting.demo import CURRENT, DEMO_CODES
    from kuulu.budgeting.models import PaperBallot, Process
    from kuulu.organisation.models import Person

    current = Process.objects.get(title_fi=CURRENT)
    budget = current.budgets.get(municipality__isnull=True)
    booth = Person.objects.get(user__email="hoitaja@kuulu.example").unit
    context = browser.new_context()
    sign_in(context, live_server.url, "hoitaja@kuulu.example", "fi")
    page = context.new_page()
    url = f"{live_server.url}/fi/budgeting/manage/budgets/{budget.pk}/paper/?booth={booth.pk}"
    page.goto(url)
    assert page.evaluate("document.activeElement.id") == "id_sheet"
    page.keyboard.type("77")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_CODES[-1])  # the current vote identifies voters by voting code
    # Tab on to the first plan, tick it, Tab on to the save button and press Enter
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id").startswith("id_plan_"):
            break
    page.keyboard.press("Space")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    first_plan = budget.plans.order_by("title", "id").first()
    sheet = PaperBallot.objects.get(budget=budget, booth=booth, sheet="77")
    assert sheet.choices == {str(first_plan.pk): 1}
    assert page.evaluate("document.activeElement.id") == "id_sheet"  # ready for the next sheet
    problems = axe_problems(page)
    context.close()
    assert problems == [], "\n".join(problems)
