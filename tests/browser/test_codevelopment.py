"""Co-development in a real browser, in fi, sv and en: the public good-practice library, the
staff pages (series with its group mix, experiments, the evaluation, the project's planned
figures against actual), axe clean and no sideways scrolling at 320 px; and a manager who leaves
an equality answer out of the "Kokeilut käyttöön" evaluation, is told which one, fixes it and
closes the experiment."""

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
MANAGER = "esihenkilo@kuulu.example"


def _check(page, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    problems += axe_problems(page)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    problems += reflow_problems(page)
    page.set_viewport_size(size)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_codevelopment_pages_and_the_evaluation(browser, live_server, demo, lang):
    from playwright.sync_api import expect

    from kuulu.codevelopment import services
    from kuulu.codevelopment.models import (
        EQUALITY_QUESTIONS,
        DevelopmentProject,
        Experiment,
        GoodPractice,
        WorkshopSeries,
    )
    from kuulu.codevelopment.tests.factories import evaluation_data
    from kuulu.organisation.models import Person

    series = WorkshopSeries.objects.get()
    closed = Experiment.objects.order_by("pk").first()
    practice = GoodPractice.objects.get()
    project = DevelopmentProject.objects.get()
    manager = Person.objects.get(email=MANAGER)
    experiment = services.create_experiment(
        county=series.county,
        data={
            "title": f"Kokeilu {lang}",
            "problem": "Ongelma.",
            "idea": "Idea.",
            "hypothesis": "Oletus.",
            "owner": manager,
            "starts_on": closed.starts_on,
            "ends_on": closed.ends_on,
            "series": series,
        },
        units=[series.unit],
    )
    services.change_status(experiment=experiment, status="running")

    public = [
        f"/{lang}/codevelopment/practices/",
        f"/{lang}/codevelopment/practices/{practice.pk}/",
    ]
    staff = [
        f"/{lang}/codevelopment/",
        f"/{lang}/codevelopment/series/{series.pk}/",
        f"/{lang}/codevelopment/experiments/{closed.pk}/",
        f"/{lang}/codevelopment/experiments/{experiment.pk}/",
        f"/{lang}/codevelopment/projects/{project.pk}/",
        f"/{lang}/codevelopment/series/new/",
        f"/{lang}/codevelopment/experiments/new/",
        f"/{lang}/codevelopment/projects/new/",
        f"/{lang}/codevelopment/practices/{practice.pk}/edit/",
        f"/{lang}/codevelopment/participants/{series.participants.first().pk}/edit/",
    ]
    anonymous = browser.new_context()
    problems = check_pages(anonymous, public, live_server.url)
    anonymous.close()
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    problems += check_pages(context, staff, live_server.url)
    context.close()

    # the manager evaluates, leaving out one equality answer
    context = browser.new_context()
    sign_in(context, live_server.url, MANAGER, lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/codevelopment/experiments/{experiment.pk}/evaluation/")
    _check(page, problems)
    data = evaluation_data("adopt")
    for name, value in data.items():
        if name == "customer_age":
            continue
        if name in {p for p, _g, _d in EQUALITY_QUESTIONS} | {"can_be_adopted", "decision"}:
            page.select_option(f"#id_{name}", value)
        else:
            page.fill(f"#id_{name}", value)
    page.click("main button[type=submit]")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a[href='#id_customer_age']")).to_have_count(1)
    _check(page, problems)
    page.select_option("#id_customer_age", "none")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/codevelopment/experiments/{experiment.pk}/")
    _check(page, problems)
    page.select_option("#id_status-status", "closed")
    page.locator("input[name=action][value=status]").locator("xpath=..").locator(
        "button[type=submit]"
    ).click()
    page.wait_for_load_state()
    context.close()
    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.CLOSED
    assert experiment.evaluation.customer_age == "none"
    assert problems == [], "\n".join(problems)
