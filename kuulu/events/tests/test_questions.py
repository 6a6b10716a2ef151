import json
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kuulu.events import services
from kuulu.events.models import EventQuestion, Registration
from kuulu.events.tests.factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English messages: URLs are reversed under /en/."""
    with translation.override("en"):
        yield


@pytest.fixture
def session(org):
    return make_session(org.county, capacity=5)


@pytest.fixture
def questions(session):
    event = session.event
    theme = EventQuestion.objects.create(
        event=event,
        position=1,
        text_fi="Mikä teema kiinnostaa?",
        text_en="Which theme interests you?",
        kind=EventQuestion.Kind.CHOICE,
        choices=["Palvelumuotoilu", "Kokemusasiantuntijuus"],
        required=True,
    )
    parking = EventQuestion.objects.create(
        event=event, position=2, text_fi="Tarvitsetko pysäköintiä?", kind="yes_no"
    )
    note = EventQuestion.objects.create(event=event, position=3, text_fi="Terveiset", kind="text")
    return theme, parking, note


def post(session, **extra):
    data = {"name": "Maija", "email": "maija@example.test", "language": "fi", **extra}
    return Client().post(reverse("events:register", args=[session.pk]), data)


def test_answers_are_stored_by_question_id(session, questions):
    theme, parking, note = questions
    response = post(
        session,
        **{f"q_{theme.pk}": "Palvelumuotoilu", f"q_{parking.pk}": "yes", f"q_{note.pk}": ""},
    )
    assert response.status_code == 302
    assert Registration.objects.get().answers == {
        str(theme.pk): "Palvelumuotoilu",
        str(parking.pk): "yes",
    }


def test_required_question_unanswered_is_refused(session, questions):
    response = post(session)
    assert response.status_code == 200
    assert response.context["form"].errors == {f"q_{questions[0].pk}": ["Answer this question."]}
    assert Registration.objects.count() == 0


def test_invalid_choice_and_too_long_answer_are_refused(session, questions):
    theme, parking, note = questions
    response = post(
        session,
        **{f"q_{theme.pk}": "Jotain muuta", f"q_{parking.pk}": "maybe", f"q_{note.pk}": "x" * 501},
    )
    errors = response.context["form"].errors
    assert set(errors) == {f"q_{theme.pk}", f"q_{parking.pk}", f"q_{note.pk}"}
    assert "at most 500 characters" in errors[f"q_{note.pk}"][0]
    assert Registration.objects.count() == 0


def test_questions_render_with_fieldsets_on_the_event_page(session, questions):
    body = Client().get(f"/fi/events/{session.event_id}/").content.decode()
    assert "<legend>Mikä teema kiinnostaa?" in body
    assert 'value="Kokemusasiantuntijuus"' in body


def test_answers_are_shown_to_organisers_only_and_exported_safely(clients, session, questions):
    theme, _parking, note = questions
    services.register(
        session=session,
        name="Maija",
        email="maija@example.test",
        answers={str(theme.pk): "Palvelumuotoilu", str(note.pk): '=HYPERLINK("x")'},
    )
    public = clients["anonymous"].get(f"/fi/events/{session.event_id}/").content.decode()
    assert "HYPERLINK" not in public
    staff = clients["staff"].get(reverse("events:registrations", args=[session.event_id]))
    assert staff.status_code == 403
    page = clients["coordinator"].get(reverse("events:registrations", args=[session.event_id]))
    assert '<th scope="col">Mikä teema kiinnostaa?</th>' in page.content.decode()
    assert "Palvelumuotoilu" in page.content.decode()
    csv = clients["coordinator"].get(reverse("events:registrations_csv", args=[session.event_id]))
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith("Mikä teema kiinnostaa?,Tarvitsetko pysäköintiä?,Terveiset")
    assert lines[1].endswith(',Palvelumuotoilu,,"\'=HYPERLINK(""x"")"')
    from openpyxl import load_workbook

    xlsx = clients["coordinator"].get(reverse("events:registrations_xlsx", args=[session.event_id]))
    rows = list(load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][-3:] == ("Mikä teema kiinnostaa?", "Tarvitsetko pysäköintiä?", "Terveiset")
    assert rows[1][-3:] == ("Palvelumuotoilu", None, '\'=HYPERLINK("x")')


def test_question_text_cannot_inject_a_formula_into_the_export_header(clients, session):
    EventQuestion.objects.create(event=session.event, text_fi="=1+1", kind="text")
    csv = clients["coordinator"].get(reverse("events:registrations_csv", args=[session.event_id]))
    assert csv.content.decode("utf-8-sig").splitlines()[0].endswith(",'=1+1")


def api_register(session, payload):
    return Client().post(
        f"/api/v1/events/sessions/{session.pk}/registrations",
        json.dumps(payload),
        content_type="application/json",
    )


def test_api_accepts_valid_answers(session, questions):
    theme, parking, _note = questions
    response = api_register(
        session,
        {
            "name": "A",
            "email": "a@example.test",
            "answers": {str(theme.pk): "Kokemusasiantuntijuus", str(parking.pk): "no"},
        },
    )
    assert response.status_code == 201
    assert Registration.objects.get().answers == {
        str(theme.pk): "Kokemusasiantuntijuus",
        str(parking.pk): "no",
    }
    event = Client().get(f"/api/v1/events/{session.event_id}").json()
    assert [q["kind"] for q in event["questions"]] == ["choice", "yes_no", "text"]


@pytest.mark.parametrize(
    "answers",
    [
        {},  # the required question is missing
        {"theme": "Palvelumuotoilu"},  # not a question id
        {"THEME": "Ei vaihtoehto"},
        {"THEME": "Palvelumuotoilu", "NOTE": "x" * 501},
        {"THEME": "Palvelumuotoilu", "PARKING": "maybe"},
        {"THEME": "Palvelumuotoilu", "OTHER": "a"},  # a question of another event
    ],
)
def test_api_refuses_invalid_answers_with_422(org, session, questions, answers):
    theme, parking, note = questions
    other = EventQuestion.objects.create(
        event=make_session(org.county).event, text_fi="Muu", kind="text"
    )
    ids = {"THEME": theme.pk, "NOTE": note.pk, "PARKING": parking.pk, "OTHER": other.pk}
    answers = {str(ids.get(k, k)): v for k, v in answers.items()}
    response = api_register(session, {"name": "A", "email": "a@example.test", "answers": answers})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "answers"]
    assert Registration.objects.count() == 0
