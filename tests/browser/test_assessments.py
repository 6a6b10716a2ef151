"""Impact assessments and Erätauko dialogues in a real browser, in fi, sv and en: a facilitator
records notes on a phone and checks the masking before publishing; an assessment's completion is
refused naming the missing steps; every public and staff page passes axe and reflows at 320 px."""

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
def test_facilitator_records_notes_and_publishes_on_a_phone(browser, live_server, demo, lang):
    from playwright.sync_api import expect

    from kuulu.assessments import dialogues
    from kuulu.organisation.models import Person

    facilitator = Person.objects.get(user__email=COORDINATOR)
    dialogue = dialogues.plan_dialogue(
        county=facilitator.county,
        facilitator=facilitator,
        theme=f"Kyydit {lang}",
        invitation="Tervetuloa.",
        is_announced=True,
    )
    problems: list[str] = []
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(context, live_server.url, COORDINATOR, lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/assessments/manage/dialogues/{dialogue.pk}/")
    _check(page, problems)
    page.fill("#id_title", "Kyydit kerhoon")
    page.click("button[name=add_theme]")
    page.fill("#id_text", "Kyyti puuttuu. Soita 040 123 4567.")
    page.select_option("#id_theme", label="Kyydit kerhoon")
    page.click("button[name=add_note]")
    expect(page.locator(".notes li")).to_have_count(1)
    _check(page, problems)

    page.goto(f"{live_server.url}/{lang}/assessments/manage/dialogues/{dialogue.pk}/publish/")
    expect(page.locator(".notes li")).not_to_contain_text("040 123 4567")
    _check(page, problems)
    page.fill("#id_learnt", "Kyyti ratkaisee osallistumisen.")
    page.click("main button.primary")
    expect(page.locator("#error-summary")).to_be_visible()  # not confirmed yet
    _check(page, problems)
    page.check("#id_confirm")
    page.click("main button.primary")
    expect(page.locator(".notes li")).to_have_count(1)
    dialogue.refresh_from_db()
    assert dialogue.is_published
    _check(page, problems)

    public = context.new_page()
    public.goto(f"{live_server.url}/{lang}/assessments/dialogues/{dialogue.pk}/")
    expect(public.locator("main")).to_contain_text("Kyyti ratkaisee osallistumisen.")
    expect(public.locator("main")).not_to_contain_text("040 123 4567")
    _check(public, problems)
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_completion_is_refused_naming_the_missing_steps(browser, live_server, demo, lang):
    from playwright.sync_api import expect

    from kuulu.assessments.models import Assessment, AssessmentTemplate

    problems: list[str] = []
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(context, live_server.url, COORDINATOR, lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/assessments/manage/new/")
    _check(page, problems)
    template = AssessmentTemplate.objects.get(kind="advance")
    page.select_option("#id_template", str(template.pk))
    page.fill("#id_title", f"Palveluverkko {lang}")
    page.click("main button.primary")
    assessment = Assessment.objects.get(title=f"Palveluverkko {lang}")
    first = template.steps.first()
    page.click(f"a[href$='/steps/{first.pk}/']")
    page.fill("#id_text", "Palveluverkon uudistus.")
    page.click("button[name=next]")
    # the options-by-effects matrix: options and groups first, then the cells
    page.fill("#id_options", "Ennallaan\nLiikkuva palvelu")
    page.click("main button.primary")
    expect(page.locator("textarea[name='cell_1-3']")).to_be_visible()
    _check(page, problems)
    page.goto(f"{live_server.url}/{lang}/assessments/manage/{assessment.pk}/")
    page.fill("#id_summary", "Yhteenveto.")
    page.click("main form:not([action]) button.primary")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    matrix_title = getattr(template.steps.get(kind="matrix"), f"title_{lang}")
    expect(summary).to_contain_text(matrix_title)
    _check(page, problems)
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_assessment_pages_have_no_serious_accessibility_violations(
    browser, live_server, demo, lang
):
    from kuulu.assessments import services
    from kuulu.assessments.demo import ASSESSMENT_TITLE, DIALOGUE_THEME
    from kuulu.assessments.models import Assessment, AssessmentTemplate, Dialogue

    assessment = Assessment.objects.get(title=ASSESSMENT_TITLE)
    dialogue = Dialogue.objects.get(theme=DIALOGUE_THEME)
    children = AssessmentTemplate.objects.get(kind="children")
    advance = AssessmentTemplate.objects.get(kind="advance")
    step = children.steps.first()
    waiting = services.request_views(
        assessment=assessment, channel="panel", note="Nuorisovaltuuston kuuleminen"
    )
    public = [
        f"/{lang}/assessments/",
        f"/{lang}/assessments/published/{assessment.pk}/",
        f"/{lang}/assessments/dialogues/{dialogue.pk}/",
    ]
    staff = [
        f"/{lang}/assessments/manage/",
        f"/{lang}/assessments/manage/{assessment.pk}/",
        f"/{lang}/assessments/manage/{assessment.pk}/steps/{step.pk}/",
        f"/{lang}/assessments/manage/{assessment.pk}/edit/",
        f"/{lang}/assessments/manage/{assessment.pk}/views/",
        f"/{lang}/assessments/manage/new/",
        f"/{lang}/assessments/manage/templates/",
        f"/{lang}/assessments/manage/templates/{advance.pk}/",
        f"/{lang}/assessments/manage/templates/{advance.pk}/steps/new/",
        f"/{lang}/assessments/manage/templates/{children.pk}/steps/{step.pk}/",
        f"/{lang}/assessments/manage/dialogues/new/",
        f"/{lang}/assessments/manage/dialogues/{dialogue.pk}/",
        f"/{lang}/assessments/manage/dialogues/{dialogue.pk}/publish/",
        f"/{lang}/assessments/manage/dialogues/{dialogue.pk}/plan/",
        f"/{lang}/assessments/manage/requests/{waiting.pk}/",
    ]
    anonymous = browser.new_context()
    problems = check_pages(anonymous, public, live_server.url)
    anonymous.close()
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    problems += check_pages(context, staff, live_server.url)
    context.close()
    assert problems == [], "\n".join(problems)
