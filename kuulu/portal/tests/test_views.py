from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from kuulu.coordination import services as coordination_services
from kuulu.organisation.tests.factories import make_county, make_municipality
from kuulu.portal.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_front_page_in_every_language_with_empty_states(org, language):
    response = Client().get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert html.count('class="empty"') == 4  # ways, events, surveys, coordination (none yet)


def test_front_page_lists_coordination_areas_with_agreed_counts(org):
    area = coordination_services.create_area(
        county=org.county, number=1, title_fi="Yhteinen tahtotila", title_en="Shared will"
    )
    coordination_services.create_task(
        area=area, title_fi="A", status="active", responsible_unit=org.unit_a
    )
    coordination_services.create_task(area=area, title_fi="B")
    html = Client().get("/en/").content.decode()
    assert "1. Shared will" in html
    assert "1 of 2 tasks have an agreed owner." in html


def test_front_page_query_count_is_fixed(org, django_assert_num_queries):
    client = Client()
    # county, municipalities, coordination areas, channels, conversations, events, budgeting,
    # panel calls, answered questions
    with django_assert_num_queries(9):
        client.get("/fi/")
    with django_assert_num_queries(0):  # served from the shared anonymous rendering
        client.get("/fi/")
    for n in range(20):
        make_municipality(org.county, code=f"{n + 500}")
        area = coordination_services.create_area(
            county=org.county, number=n + 10, title_fi=f"Alue {n}"
        )
        coordination_services.create_task(area=area, title_fi="T")
    cache.clear()
    with django_assert_num_queries(9):
        client.get("/fi/")


def test_front_page_cache_is_refreshed_when_coordination_changes(
    org, django_capture_on_commit_callbacks
):
    client = Client()
    assert "Shared will" not in client.get("/en/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordination_services.create_area(
            county=org.county, number=1, title_fi="Yhteinen", title_en="Shared will"
        )
    assert "Shared will" in client.get("/en/").content.decode()


def test_signed_in_users_and_pending_messages_bypass_the_shared_page(clients):
    Client().get("/en/")  # fill the anonymous cache
    html = clients["staff"].get("/en/").content.decode()
    assert "Sign out" in html
    response = clients["staff"].post("/en/accounts/logout/", follow=True)
    assert "You have signed out." in response.content.decode()
    assert "You have signed out." not in Client().get("/en/").content.decode()


def test_accessibility_feedback_is_saved_with_due_date(db, monkeypatch):
    # Received Thursday 10 December 2026: 14 days is Christmas Eve, so the answer is due on the
    # next working day, Monday 28 December (act 150/1930 on reckoning time limits).
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 10))
    response = Client().post(
        "/en/accessibility/feedback/",
        {
            "message": "The menu cannot be used with a keyboard.",
            "contact_email": "Me@Example.test",
            "page_url": "/fi/",
        },
    )
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.contact_email == "me@example.test"
    assert feedback.language == "en"
    assert feedback.due_date == date(2026, 12, 28)


def test_accessibility_feedback_belongs_to_the_county_of_the_public_side(org):
    make_county(slug="toinen")  # a second county in the installation
    response = Client().post("/fi/accessibility/feedback/", {"message": "Kontrasti."})
    assert response.status_code == 302
    assert AccessibilityFeedback.objects.get().county == org.county


def test_the_migration_gives_earlier_feedback_the_county_of_the_public_side(org):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "kuulu.portal.migrations.0002_accessibility_feedback_county"
    )
    make_county(slug="toinen")
    earlier = AccessibilityFeedback.objects.create(
        message="Vanha palaute", due_date=timezone.localdate()
    )
    migration.fill_county(apps, None)
    earlier.refresh_from_db()
    assert earlier.county == org.county


@pytest.mark.parametrize(
    "data",
    [{"message": ""}, {"message": "x", "contact_email": "not-an-email"}, {"message": "x" * 4001}],
)
def test_accessibility_feedback_invalid_input_saves_nothing(db, data):
    response = Client().post("/en/accessibility/feedback/", data)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert AccessibilityFeedback.objects.count() == 0


@override_settings(PUBLIC_FORM_LIMIT="2/h")
def test_accessibility_feedback_is_rate_limited(db):
    client = Client()
    statuses = [
        client.post("/en/accessibility/feedback/", {"message": f"m{i}"}).status_code
        for i in range(4)
    ]
    assert statuses == [302, 302, 429, 429]
    assert AccessibilityFeedback.objects.count() == 2
    assert client.get("/en/accessibility/feedback/").status_code == 200


@pytest.mark.parametrize("path", ["/fi/accessibility/", "/sv/accessibility/", "/en/accessibility/"])
def test_accessibility_statement_links_to_feedback(db, path):
    html = Client().get(path).content.decode()
    assert f"{path}feedback/" in html


def test_front_page_lists_only_the_public_countys_items(org, django_assert_num_queries):
    # One installation, two counties: the public side belongs to the first
    # (organisation.selectors.default_county); the other county's open conversations, events,
    # budgeting processes and answered questions are not on its front page.
    from kuulu.budgeting.tests.factories import make_process
    from kuulu.deliberation.tests.factories import make_conversation
    from kuulu.events.tests.factories import make_session
    from kuulu.questions.models import Answer, Question

    other = make_county(name_fi="Toinen alue")
    for county, word in ((org.county, "Oma"), (other, "Vieras")):
        make_conversation(county, topic_fi=f"{word} keskustelu", topic_en=f"{word} keskustelu")
        make_session(county, title_fi=f"{word} tapahtuma", title_en=f"{word} tapahtuma")
        make_process(county, title=f"{word} budjetti")
        question = Question.objects.create(
            county=county,
            text=f"{word} kysymys",
            public_text=f"{word} kysymys",
            status=Question.Status.ANSWERED,
            published_at=timezone.now(),
        )
        Answer.objects.create(
            question=question, text="Vastaus", answerer_name="Johtaja", published_at=timezone.now()
        )
    with django_assert_num_queries(9):
        html = Client().get("/fi/").content.decode()
    for item in ("keskustelu", "tapahtuma", "budjetti", "kysymys"):
        assert f"Oma {item}" in html
        assert f"Vieras {item}" not in html
