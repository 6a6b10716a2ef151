"""Work-ability figures in a real browser, in fi, sv and en: the HR partner imports a bad file
(and sees the per-row report), opens a unit's figures with the chart, its table and the staff
pulse, and a manager sets goals; every page passes axe and reflows at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import (
    LANGUAGES,
    axe_problems,
    check_pages,
    pytestmark,
    reflow_problems,
    sign_in,
)

__all__ = ["pytestmark"]

HR = "hr@kuulu.example"
MANAGER = "esihenkilo@kuulu.example"


def _check(page, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    problems += axe_problems(page)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    problems += reflow_problems(page)
    page.set_viewport_size(size)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hr_partner_imports_and_reads_figures(browser, live_server, demo, lang, tmp_path):

    from kuulu.organisation.models import Unit
    from kuulu.workability.models import MonthlyFigures

    older = Unit.objects.get(code="older")
    homecare = Unit.objects.get(code="older-homecare")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(context, live_server.url, HR, lang)
    problems = check_pages(
        context,
        [
            f"/{lang}/workspace/work-ability/",
            f"/{lang}/workspace/work-ability/units/{older.pk}/",
            f"/{lang}/workspace/work-ability/units/{homecare.pk}/?figure=work_accidents&months=60",
            f"/{lang}/workspace/work-ability/units/{homecare.pk}/goals/",
            f"/{lang}/workspace/work-ability/import/",
        ],
        live_server.url,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/workspace/work-ability/units/{homecare.pk}/")
    expect(page.locator("svg.line-chart")).to_be_visible()
    expect(page.locator("svg.line-chart polyline").first).to_be_attached()
    assert page.locator("table").count() >= 4  # summary, trend, units below, pulse

    rows = MonthlyFigures.objects.count()
    bad = tmp_path / "hr.csv"
    bad.write_text(
        "unit;month;headcount;person_years;sickness_absence_days_per_person_year;"
        "short_absences;work_accidents;early_support_discussions;"
        "disability_pension_decisions;leavers\n"
        "no-such-unit;2026-01;10;9;12;1;0;0;0;0\n"
        "older-homecare;2026-01;10;9;400;1;0;0;0;0\n",
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}/{lang}/workspace/work-ability/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("main button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary tbody tr")).to_have_count(2)
    _check(page, problems)
    assert MonthlyFigures.objects.count() == rows
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_manager_sets_a_goal_and_sees_the_goal_line(browser, live_server, demo, lang):

    from kuulu.organisation.models import Unit
    from kuulu.workability.models import UnitGoal

    homecare = Unit.objects.get(code="older-homecare")
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    sign_in(context, live_server.url, MANAGER, lang)
    page = context.new_page()
    problems: list[str] = []
    page.goto(f"{live_server.url}/{lang}/workspace/work-ability/units/{homecare.pk}/goals/")
    _check(page, problems)
    year = int(page.input_value("#id_year"))
    page.fill("#id_early_support", "7")
    page.click("main button[type=submit]")
    expect(page.locator("svg.line-chart")).to_be_visible()
    _check(page, problems)
    goal = UnitGoal.objects.get(unit=homecare, figure="early_support", year=year)
    assert goal.value == 7
    page.select_option("#id_figure", "early_support")
    page.click("form.filters button[type=submit]")
    expect(page.locator("svg.line-chart line[stroke-dasharray]").first).to_be_attached()
    _check(page, problems)
    context.close()
    assert problems == [], "\n".join(problems)
