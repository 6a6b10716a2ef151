"""Every page in three languages, in real headless Chromium, checked with axe-core.

Also: reflow at 400 % zoom (320 CSS px wide), keyboard skip link, and use without JavaScript.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest
from playwright.sync_api import expect

from kuulu.coordination.models import CoordinationTask
from kuulu.organisation.models import Person, Unit
from kuulu.portal.models import AccessibilityFeedback
from kuulu.workspace.demo import DEMO_PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls between page
# loads are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not os.path.exists(CHROMIUM) and os.environ.get("KUULU_REQUIRE_BROWSER"):
    raise RuntimeError("KUULU_REQUIRE_BROWSER is set but Chromium is missing at " + CHROMIUM)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="BROWSER TESTS SKIPPED: needs Debian's chromium (apt-get install chromium)",
    ),
]
LANGUAGES = ["fi", "sv", "en"]
SERIOUS = {"serious", "critical"}

PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/coordination/",
    "/{lang}/accessibility/",
    "/{lang}/accessibility/feedback/",
    "/{lang}/accessibility/feedback/thanks/",
    "/{lang}/accounts/login/",
    "/{lang}/accounts/password-reset/",
    "/{lang}/accounts/password-reset/sent/",
    "/{lang}/accounts/password-reset/MQ/invalid-token/",
    "/{lang}/accounts/password-reset/complete/",
    "/{lang}/no-such-page/",
    "/{lang}/workspace/audit/",  # signed out: redirected to sign in
    "/{lang}/conversations/",
    "/{lang}/conversations/{conversation}/",
    "/{lang}/conversations/{conversation}/report/",
    "/{lang}/events/",
    "/{lang}/events/?format=in_person",
    "/{lang}/events/month/",
    "/{lang}/events/month/?month=2026-13&format=in_person",
    "/{lang}/events/{public_event}/",
    "/{lang}/events/cancel/not-a-token/",
    "/{lang}/panels/",
    "/{lang}/panels/{panel}/",
    "/{lang}/panels/{open_panel}/",
    "/{lang}/panels/{open_panel}/volunteer/",
    "/{lang}/experts/",
    "/{lang}/experts/offers/answer/not-a-token/",
    "/{lang}/channels/",
    "/{lang}/channels/vanhusneuvosto/",
    "/{lang}/channels/nuorisovaltuusto/",
    "/{lang}/channels/nuorisovaltuusto/apply/",
    "/{lang}/channels/vanhusneuvosto/hearings/",
    "/{lang}/channels/vanhusneuvosto/report/2026/",
    "/{lang}/learning/",
    "/{lang}/learning/media/",
    "/{lang}/learning/media/?kind=podcast",
    "/{lang}/learning/media/{public_media}/",
    "/{lang}/learning/courses/{public_course}/",
    "/{lang}/learning/modules/{public_video}/",
    "/{lang}/feedback/give/",
    "/{lang}/feedback/give/?q=koti",
    "/{lang}/feedback/give/older-homecare-kajaani/",
    "/{lang}/feedback/give/older-homecare-kajaani/qr/",
    "/{lang}/feedback/received/",
    "/{lang}/feedback/complaint/",
    "/{lang}/feedback/initiative/",
    "/{lang}/feedback/you-said-we-did/",
    "/{lang}/data-collection/",
    "/{lang}/surveys/{survey}/",
    "/{lang}/surveys/i/not-a-token/",
    "/{lang}/surveys/{survey}/resume/not-a-token/",
]


def axe_problems(page) -> list[str]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "resultTypes": ["violations"],
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            },
        },
    )
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def reflow_problems(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Sideways scrolling at 320 px, measured once the new width has been laid out and painted
    (two animation frames), and naming the widest element so that a failure says what to fix."""
    overflow = page.evaluate(
        """() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => {
            const root = document.documentElement;
            const overflow = root.scrollWidth - root.clientWidth;
            let widest = "";
            if (overflow > 1) {
                let right = 0;
                for (const el of document.body.querySelectorAll("*")) {
                    const box = el.getBoundingClientRect();
                    if (box.right > right + 0.5) {
                        right = box.right;
                        widest = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                            + (el.className && typeof el.className === "string"
                               ? "." + el.className.trim().split(/\\s+/).join(".") : "");
                    }
                }
            }
            resolve([overflow, widest]);
        })))"""
    )
    amount, widest = overflow
    return (
        [f"{page.url}: page scrolls sideways by {amount}px at 320px width (widest: {widest})"]
        if amount > 1
        else []
    )


# Pages listed on purpose for their error page: a missing page, a bad or used link, a receipt
# with nothing received in this session (404), and the audit log for plain staff (403).
EXPECTED_ERRORS = (
    "no-such-page",
    "not-a-token",
    "invalid-token",
    "/feedback/received/",
    "/workspace/audit/",
)


def check_pages(context, urls: list[str], live_url: str) -> list[str]:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page = context.new_page()
    for url in urls:
        response = page.goto(live_url + url)
        assert response is not None
        if response.status >= 500 or (
            response.status >= 400 and not any(part in url for part in EXPECTED_ERRORS)
        ):
            # A refused or missing page would be checked as an error page, not as itself.
            problems.append(f"{url}: HTTP {response.status}")
            continue
        lang = page.evaluate("document.documentElement.lang")
        expected = url.split("/")[1]
        if lang != expected:
            problems.append(f"{url}: html lang is {lang!r}, expected {expected!r}")
        problems += axe_problems(page)
        page.set_viewport_size({"width": 320, "height": 640})
        problems += reflow_problems(page)
        page.set_viewport_size({"width": 1280, "height": 900})
    page.close()
    return problems


def sign_in(context, live_url: str, email: str, lang: str = "fi"):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{live_url}/{lang}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/workspace/")
    page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_have_no_serious_accessibility_violations(browser, live_server, demo, lang):
    from kuulu.deliberation.models import Conversation
    from kuulu.events.models import Event

    conversation = Conversation.objects.get()
    public_event = Event.objects.filter(for_public=True).first()
    from kuulu.learning.models import Course, MediaItem

    public_course = Course.objects.get(title_fi="Asiakaspalautteen vastaanottaminen")
    learning_ids = {
        "public_course": public_course.pk,
        "public_video": public_course.modules.get(kind="video").pk,
        "public_media": MediaItem.objects.filter(internal_only=False).first().pk,
    }
    context = browser.new_context()
    urls = [
        u.format(
            lang=lang,
            conversation=conversation.pk,
            public_event=public_event.pk,
            **learning_ids,
            **panel_ids(),
            survey=public_survey().pk,
        )
        for u in PUBLIC_PAGES
    ]
    problems = check_pages(context, urls, live_server.url)
    context.close()
    assert problems == []


def public_survey():  # type: ignore[no-untyped-def]
    """A public survey with every question type, a condition and plain Finnish."""
    from kuulu.organisation.models import County
    from kuulu.surveys.demo_builder import build_showcase_survey
    from kuulu.surveys.models import Survey

    survey = Survey.objects.filter(series="kotihoito-asiakaskokemus", status="open").first()
    return survey or build_showcase_survey(County.objects.order_by("pk").first())


def survey_urls() -> list[str]:
    """The survey builder, preview, invitations and the instrument library."""
    from kuulu.surveys.models import Instrument

    survey = public_survey()
    page = survey.current_version.pages.order_by("position").first()
    question = survey.current_version.questions.order_by("position").first()
    instrument = Instrument.objects.order_by("pk").first()
    return [
        "/{lang}/surveys/manage/",
        "/{lang}/surveys/manage/new/",
        f"/{{lang}}/surveys/manage/{survey.pk}/",
        f"/{{lang}}/surveys/manage/{survey.pk}/settings/",
        f"/{{lang}}/surveys/manage/{survey.pk}/preview/",
        f"/{{lang}}/surveys/manage/{survey.pk}/invitations/",
        f"/{{lang}}/surveys/manage/{survey.pk}/pages/{page.pk}/",
        f"/{{lang}}/surveys/manage/{survey.pk}/pages/{page.pk}/questions/new/",
        f"/{{lang}}/surveys/manage/{survey.pk}/questions/{question.pk}/",
        f"/{{lang}}/surveys/manage/{survey.pk}/conditions/new/",
        f"/{{lang}}/surveys/manage/{survey.pk}/instrument/",
        "/{lang}/surveys/instruments/",
        f"/{{lang}}/surveys/instruments/{instrument.pk}/",
        "/{lang}/surveys/instruments/import/",
    ]


def results_urls() -> list[str]:
    """Survey results, the print report, free-text answers and the data-collection calendar."""
    from kuulu.datacollection.models import Collection
    from kuulu.surveys.demo import SERIES
    from kuulu.surveys.models import Survey

    mapping = Survey.objects.filter(series=SERIES).order_by("-round_label").first()
    customer = Survey.objects.filter(kind="customer_experience", responses__isnull=False).first()
    collection = Collection.objects.order_by("pk").first()
    return [
        f"/{{lang}}/surveys/manage/{mapping.pk}/results/",
        f"/{{lang}}/surveys/manage/{mapping.pk}/results/?group=service_area",
        f"/{{lang}}/surveys/manage/{mapping.pk}/results/report/",
        f"/{{lang}}/surveys/manage/{mapping.pk}/results/text/ideas/",
        f"/{{lang}}/surveys/manage/{customer.pk}/results/",
        "/{lang}/data-collection/manage/",
        "/{lang}/data-collection/manage/new/",
        f"/{{lang}}/data-collection/manage/{collection.pk}/",
    ]


def learning_urls() -> list[str]:
    """E-learning pages for a coordinator: learner pages of the demo courses and authoring."""
    from kuulu.learning.models import Course, MediaItem, Module

    orientation = Course.objects.get(title_fi="Osallisuuden perehdytyspaketti")
    text = orientation.modules.filter(kind=Module.Kind.TEXT).first()
    quiz = orientation.modules.get(kind=Module.Kind.QUIZ)
    question = quiz.questions.first()
    internal_media = MediaItem.objects.filter(internal_only=True).first()
    return [
        "/{lang}/learning/",
        f"/{{lang}}/learning/courses/{orientation.pk}/",
        f"/{{lang}}/learning/modules/{text.pk}/",
        f"/{{lang}}/learning/modules/{quiz.pk}/quiz/",
        "/{lang}/learning/media/",
        f"/{{lang}}/learning/media/{internal_media.pk}/",
        "/{lang}/learning/courses/new/",
        f"/{{lang}}/learning/courses/{orientation.pk}/edit/",
        f"/{{lang}}/learning/courses/{orientation.pk}/modules/new/",
        f"/{{lang}}/learning/modules/{text.pk}/edit/",
        f"/{{lang}}/learning/modules/{quiz.pk}/edit/",
        f"/{{lang}}/learning/modules/{text.pk}/delete/",
        f"/{{lang}}/learning/modules/{quiz.pk}/questions/new/",
        f"/{{lang}}/learning/questions/{question.pk}/edit/",
    ]


def channels_urls() -> list[str]:
    """Participation channels' management, council workflow and meeting pages."""
    from kuulu.channels.models import Application, Channel, Meeting, StatementRequest

    council = Channel.objects.get(slug="vanhusneuvosto")
    member = council.memberships.first()
    application = Application.objects.filter(status="pending").first()
    request = StatementRequest.objects.filter(channel=council, status="requested").first()
    held = Meeting.objects.filter(channel=council, status="held").first()
    return [
        "/{lang}/channels/manage/",
        "/{lang}/channels/manage/new/",
        "/{lang}/channels/manage/fees/",
        "/{lang}/channels/manage/fees/?start=2000-01-01&end=2100-01-01",
        f"/{{lang}}/channels/manage/{council.pk}/",
        f"/{{lang}}/channels/manage/{council.pk}/edit/",
        f"/{{lang}}/channels/manage/{council.pk}/members/new/",
        f"/{{lang}}/channels/manage/{council.pk}/requests/new/",
        f"/{{lang}}/channels/memberships/{member.pk}/end/",
        f"/{{lang}}/channels/applications/{application.pk}/",
        f"/{{lang}}/channels/requests/{request.pk}/",
        f"/{{lang}}/channels/space/{council.pk}/",
        f"/{{lang}}/channels/space/{council.pk}/meetings/new/",
        f"/{{lang}}/channels/meetings/{held.pk}/",
        f"/{{lang}}/channels/meetings/{held.pk}/edit/",
    ]


def experts_urls() -> list[str]:
    """The experience-expert bank as the coordinator sees it."""
    from kuulu.experts.models import Engagement, ExpertRequest

    engagement = Engagement.objects.select_related("profile").first()
    open_request = ExpertRequest.objects.filter(status="open").first()
    profile = engagement.profile
    return [
        "/{lang}/experts/bank/",
        "/{lang}/experts/bank/?language=sv&type=lecture",
        "/{lang}/experts/profiles/new/",
        f"/{{lang}}/experts/profiles/{profile.pk}/",
        f"/{{lang}}/experts/profiles/{profile.pk}/edit/",
        f"/{{lang}}/experts/profiles/{profile.pk}/training/",
        "/{lang}/experts/requests/",
        "/{lang}/experts/requests/?status=all",
        "/{lang}/experts/requests/new/",
        "/{lang}/experts/requests/mine/",
        f"/{{lang}}/experts/requests/{open_request.pk}/",
        f"/{{lang}}/experts/requests/{engagement.request_id}/",
        f"/{{lang}}/experts/engagements/{engagement.pk}/",
        "/{lang}/experts/payroll/",
        f"/{{lang}}/experts/payroll/?month={engagement.date:%Y-%m}",
    ]


def feedback_urls() -> list[str]:
    """Feedback handling, a formal complaint and an initiative of the demo county."""
    from kuulu.feedback.models import Complaint, Feedback, Initiative

    case = Feedback.objects.filter(wants_reply=True, status="in_progress").first()
    complaint = Complaint.objects.order_by("pk").first()
    # The feedback demo's initiative (the demo resident's signed one is made later).
    initiative = Initiative.objects.order_by("pk").first()
    template = case.county.feedback_reply_templates.first()
    return [
        "/{lang}/feedback/",
        "/{lang}/feedback/?status=all&overdue=on",
        "/{lang}/feedback/new/",
        "/{lang}/feedback/handlers/",
        "/{lang}/feedback/dashboard/",
        f"/{{lang}}/feedback/cases/{case.pk}/",
        f"/{{lang}}/feedback/cases/{case.pk}/?template={template.pk}",
        f"/{{lang}}/feedback/cases/{Feedback.objects.filter(published__isnull=False).first().pk}/publish/",
        "/{lang}/feedback/complaints/",
        f"/{{lang}}/feedback/complaints/{complaint.pk}/",
        "/{lang}/feedback/initiatives/",
        f"/{{lang}}/feedback/initiatives/{initiative.pk}/",
        "/{lang}/feedback/initiatives/report/",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_staff_pages_have_no_serious_accessibility_violations(browser, live_server, demo, lang):
    person = Person.objects.get(email="hoitaja@kuulu.example")
    unit = Unit.objects.get(code="older-homecare")
    task = CoordinationTask.objects.order_by("id").first()
    feedback = AccessibilityFeedback.objects.get()
    from kuulu.deliberation.models import Conversation

    conversation = Conversation.objects.get()
    from kuulu.events.models import Event

    public_event = Event.objects.filter(for_public=True).first()
    workshop = Event.objects.filter(questions__isnull=False).first()
    from kuulu.assignments.models import Assignment

    assignment = Assignment.objects.order_by("id").first()
    urls = [
        "/{lang}/workspace/",
        "/{lang}/accounts/profile/",
        "/{lang}/workspace/organisation/units/",
        "/{lang}/workspace/organisation/units/new/",
        f"/{{lang}}/workspace/organisation/units/{unit.pk}/edit/",
        "/{lang}/workspace/organisation/people/",
        "/{lang}/workspace/organisation/people/?q=kar&kind=staff",
        f"/{{lang}}/workspace/organisation/people/{person.pk}/",
        "/{lang}/workspace/organisation/people/new/",
        f"/{{lang}}/workspace/organisation/people/{person.pk}/edit/",
        f"/{{lang}}/coordination/tasks/{task.pk}/edit/",
        f"/{{lang}}/coordination/areas/{task.area_id}/tasks/new/",
        "/{lang}/workspace/audit/",
        "/{lang}/workspace/audit/?since=2026-05-01&until=2026-04-01",
        "/{lang}/workspace/accessibility-feedback/",
        "/{lang}/workspace/integrations/tokens/",
        "/{lang}/conversations/manage/",
        "/{lang}/conversations/new/",
        "/{lang}/conversations/import/",
        f"/{{lang}}/conversations/{conversation.pk}/edit/",
        f"/{{lang}}/conversations/{conversation.pk}/moderate/",
        "/{lang}/events/",
        f"/{{lang}}/events/{public_event.pk}/registrations/",
        *learning_urls(),
        *channels_urls(),
        "/{lang}/events/organise/",
        "/{lang}/events/new/",
        f"/{{lang}}/events/{workshop.pk}/edit/",
        f"/{{lang}}/events/{workshop.pk}/team/",
        f"/{{lang}}/events/month/?month={workshop.sessions.first().starts_at:%Y-%m}",
        f"/{{lang}}/events/{workshop.pk}/sessions/new/",
        f"/{{lang}}/events/sessions/{workshop.sessions.first().pk}/edit/",
        f"/{{lang}}/events/{workshop.pk}/questions/new/",
        f"/{{lang}}/events/questions/{workshop.questions.first().pk}/edit/",
        "/{lang}/workspace/assignments/",
        "/{lang}/workspace/assignments/new/",
        "/{lang}/workspace/assignments/overdue/",
        "/{lang}/workspace/assignments/attendance/",
        f"/{{lang}}/workspace/assignments/{assignment.pk}/",
        f"/{{lang}}/workspace/assignments/{assignment.pk}/?unit={unit.pk}",
        f"/{{lang}}/workspace/assignments/{assignment.pk}/team/?unit={unit.pk}",
        *panels_urls(),
        *experts_urls(),
        *feedback_urls(),
        *survey_urls(),
        *results_urls(),
    ]
    assert feedback.pk
    context = browser.new_context()
    sign_in(context, live_server.url, "koordinaattori@kuulu.example", lang)
    problems = check_pages(context, [u.format(lang=lang) for u in urls], live_server.url)
    context.close()
    staff = browser.new_context()
    sign_in(staff, live_server.url, "hoitaja@kuulu.example", lang)
    problems += check_pages(
        staff,
        [
            f"/{lang}/workspace/",
            f"/{lang}/workspace/audit/",
            f"/{lang}/workspace/assignments/mine/",
            f"/{lang}/learning/",
            f"/{lang}/experts/bank/",
            f"/{lang}/experts/requests/new/",
        ],
        live_server.url,
    )
    staff.close()
    problems += people_pages(browser, live_server, lang)
    assert problems == []


def people_pages(browser, live_server, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Pages of the experience expert and of a council's secretary (a resident)."""
    from kuulu.channels.models import Channel

    council = Channel.objects.get(slug="vanhusneuvosto")
    problems = []
    expert = browser.new_context()
    sign_in(expert, live_server.url, "kokemusasiantuntija@kuulu.example", lang)
    problems += check_pages(
        expert,
        [f"/{lang}/workspace/", f"/{lang}/experts/me/", f"/{lang}/experts/me/edit/"],
        live_server.url,
    )
    expert.close()
    secretary = browser.new_context()
    sign_in(secretary, live_server.url, "asukas@kuulu.example", lang)
    problems += check_pages(
        secretary,
        [f"/{lang}/workspace/", f"/{lang}/channels/space/{council.pk}/"],
        live_server.url,
    )
    secretary.close()
    return problems


def test_forms_with_errors_have_no_serious_violations_and_focusable_summary(
    browser, live_server, demo
):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    for lang in LANGUAGES:
        page.goto(f"{live_server.url}/{lang}/accessibility/feedback/")
        page.fill("#id_contact_email", "not-an-email")
        page.click("main button[type=submit]")
        expect(page.locator(".error-summary")).to_be_visible()
        assert page.get_attribute("#id_contact_email", "aria-invalid") == "true"
        problems += axe_problems(page)
        page.goto(f"{live_server.url}/{lang}/accounts/login/")
        page.fill("#id_username", "koordinaattori@kuulu.example")
        page.fill("#id_password", "wrong-password")
        page.click("main button[type=submit]")
        expect(page.locator(".error-summary")).to_be_visible()
        problems += axe_problems(page)
        page.goto(f"{live_server.url}/{lang}/surveys/{public_survey().pk}/")
        page.click("main button[value=start]")
        page.click("main button[value=next]")  # a required question left unanswered
        expect(page.locator(".error-summary")).to_be_visible()
        problems += axe_problems(page)
        page.context.clear_cookies()
    context.close()
    assert problems == []
    assert AccessibilityFeedback.objects.count() == 1


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(browser, live_server, demo):
    page = browser.new_page()
    page.goto(f"{live_server.url}/fi/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.close()


def test_everything_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/fi/")
    page.click(".lang-switch a[lang=sv]")
    page.wait_for_url("**/sv/")
    page.goto(f"{live_server.url}/en/accessibility/feedback/")
    page.fill("#id_message", "Works without JavaScript.")
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/accessibility/feedback/thanks/")
    page.goto(f"{live_server.url}/fi/accounts/login/")
    page.fill("#id_username", "koordinaattori@kuulu.example")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/fi/workspace/")
    page.goto(f"{live_server.url}/fi/workspace/organisation/people/?q=Karjalainen")
    expect(page.locator("#people-results tbody tr")).to_have_count(1)
    context.close()
    assert AccessibilityFeedback.objects.filter(message="Works without JavaScript.").exists()


def test_htmx_search_updates_results_in_place(browser, live_server, demo):
    context = browser.new_context()
    sign_in(context, live_server.url, "koordinaattori@kuulu.example")
    page = context.new_page()
    page.goto(f"{live_server.url}/fi/workspace/organisation/people/")
    everyone = page.locator("#people-results tbody tr").count()
    page.fill("#id_q", "Karjalainen")
    from playwright.sync_api import expect

    expect(page.locator("#people-results tbody tr")).to_have_count(1)
    assert everyone > 1
    expect(page).to_have_url(re.compile(r"q=Karjalainen"))
    context.close()


def test_voting_on_a_phone_with_and_without_javascript(browser, live_server, demo):
    from kuulu.deliberation.models import Conversation, Vote

    conversation = Conversation.objects.get()
    before = Vote.objects.count()
    for javascript in (True, False):
        context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": 360, "height": 740}
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/en/conversations/{conversation.pk}/")
        first = page.locator("#statement-text").inner_text()
        page.click("button.vote-agree")
        page.wait_for_load_state()
        from playwright.sync_api import expect

        expect(page.locator("#statement-text")).not_to_have_text(first)
        assert "You have answered 1 of 10 statements." in page.locator(".progress").inner_text()
        if javascript:  # page.evaluate (axe, layout checks) cannot run with JavaScript off
            assert axe_problems(page) == []
            assert reflow_problems(page) == []
        context.close()
    assert Vote.objects.count() == before + 2


def test_registering_for_an_event_on_a_phone(browser, live_server, demo):
    from kuulu.events.models import Event, Registration

    event = Event.objects.filter(for_public=True).first()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/fi/events/{event.pk}/")
    form = page.locator("main form").first  # the first open session's (ids differ by session)
    form.locator("[name=name]").fill("Testi Henkilö")
    form.locator("[name=email]").fill("testi@example.invalid")
    form.locator("[name=dietary]").fill("kasvis")
    form.locator("button[type=submit]").click()
    assert page.url.endswith(f"/fi/events/{event.pk}/")
    expect(page.locator(".messages")).to_be_visible()
    assert axe_problems(page) == []
    assert reflow_problems(page) == []
    context.close()
    assert Registration.objects.filter(email="testi@example.invalid", dietary="kasvis").exists()


def panel_ids() -> dict[str, int]:
    """The demo's drawn resident panel and the customer panel open for volunteers."""
    from kuulu.panels.demo import CUSTOMER_PANEL, RESIDENT_PANEL
    from kuulu.panels.models import Panel

    return {
        "panel": Panel.objects.get(title_fi=RESIDENT_PANEL).pk,
        "open_panel": Panel.objects.get(title_fi=CUSTOMER_PANEL).pk,
    }


def panels_urls() -> list[str]:
    """Coordinators' panel pages, before the draw (open panel) and after it (drawn panel)."""
    ids = panel_ids()
    drawn, open_ = ids["panel"], ids["open_panel"]
    return [
        "/{lang}/panels/manage/",
        "/{lang}/panels/new/",
        *(
            f"/{{lang}}/panels/{pk}/{page}/"
            for pk in (drawn, open_)
            for page in ("manage", "edit", "strata", "quotas", "volunteers", "workspace")
        ),
        f"/{{lang}}/panels/{open_}/sample/",
        f"/{{lang}}/panels/{drawn}/verify/",
        f"/{{lang}}/panels/{drawn}/statement/",
    ]
