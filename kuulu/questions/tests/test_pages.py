from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kuulu.channels.models import Application, Channel
from kuulu.questions import services
from kuulu.questions.demo import load_questions_demo
from kuulu.questions.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(org):
    return services.ask_question(county=org.county, text="Miksi?", user=org.resident)


# Role matrix: who gets the staff pages (status code per role).
MATRIX = {
    "anonymous": (403, 403),
    "resident": (403, 403),
    "other_staff": (403, 403),
    "staff": (403, 403),
    "manager": (200, 403),
    "coordinator": (200, 200),
    "admin": (200, 200),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_role_matrix(clients, question, role):
    manage, handle = MATRIX[role]
    client = clients[role]
    assert client.get("/en/questions/").status_code == 200
    assert client.get(f"/en/questions/{question.pk}/").status_code == 200
    assert client.get("/en/questions/manage/").status_code == manage
    assert client.get(f"/en/questions/manage/{question.pk}/").status_code == handle
    # Posting a staff action is refused the same way.
    response = client.post(f"/en/questions/manage/{question.pk}/", {"action": "route"})
    assert response.status_code == (handle if handle == 403 else 200)


def test_routed_manager_may_answer_but_not_route(org, clients, question):
    services.route(
        question=question,
        person=org.manager_person,
        due_on=timezone.localdate(),
        actor=org.coordinator,
    )
    url = f"/en/questions/manage/{question.pk}/"
    assert clients["manager"].get(url).status_code == 200
    assert clients["manager"].post(url, {"action": "route"}).status_code == 403
    response = clients["manager"].post(url, {"action": "answer", "text": "Vastaan näin."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.answer.answered_by == org.manager_person


def test_front_page_leads_with_feedback_question_open_now_and_outcomes(org, question):
    services.publish_answer(question=question, text="Vastaus", answerer=org.manager_person)
    html = Client().get("/en/").content.decode()
    start = html.index("What would you like to do?")
    order = [
        start,
        html.index("/en/feedback/give/", start),
        html.index("/en/questions/ask/", start),
        html.index("Open now"),
        html.index("What came of participation"),
        html.index("Ways to take part"),
    ]
    assert order == sorted(order)
    assert f"/en/questions/{question.pk}/" in html  # recently answered
    fi = Client().get("/fi/").content.decode()
    assert "/fi/selko/palaute/" in fi
    assert "/sv/selko/" not in Client().get("/sv/").content.decode()


@pytest.mark.parametrize("flow", ["palaute", "muistutus", "paneeli", "aanestys"])
def test_plain_language_pages_in_finnish_and_standard_pages_otherwise(db, flow):
    response = Client().get(f"/fi/selko/{flow}/")
    assert response.status_code == 200
    assert response["Content-Language"] == "fi"
    assert Client().get(f"/sv/selko/{flow}/").status_code == 302
    assert Client().get("/fi/selko/other/").status_code == 404


def test_volunteer_application_goes_into_channel_membership_flow(org):
    channel = Channel.objects.create(
        county=org.county,
        kind=Channel.Kind.PEER_GROUP,
        name="Vertaistukiryhmä",
        slug="vertaiset",
        purpose="Tuki",
        accepts_applications=True,
    )
    client = Client()
    assert "Vertaistukiryhmä" in client.get("/en/volunteer/peer-supporter/").content.decode()
    assert "no open call" in client.get("/en/volunteer/developer-customer/").content.decode()
    response = client.post(
        "/en/volunteer/peer-supporter/",
        {
            "channel": channel.pk,
            "name": "Anna Apu",
            "email": "anna@example.test",
            "motivation": "Haluan auttaa.",
            "language": "fi",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.channel == channel
    assert application.status == Application.Status.PENDING
    assert application.seat_wish == "Peer supporter"
    assert Client().get("/en/volunteer/nobody/").status_code == 404


def test_demo_is_idempotent(org):
    first = load_questions_demo(org.county)
    assert first == 5
    assert load_questions_demo(org.county) == 0
    statuses = set(Question.objects.values_list("status", flat=True))
    assert statuses == {"answered", "routed", "open", "converted"}
    assert Question.objects.filter(answer__transcript__gt="").exists()


@pytest.mark.parametrize(
    ("url", "flow"),
    [("/fi/feedback/give/", "palaute"), ("/fi/feedback/complaint/", "muistutus")],
)
def test_flows_link_to_their_plain_language_version_in_finnish(org, url, flow):
    assert f"/fi/selko/{flow}/" in Client().get(url).content.decode()
    assert "/selko/" not in Client().get(url.replace("/fi/", "/sv/")).content.decode()


def test_question_is_an_input_on_the_impact_trail(org, question):
    from kuulu.questions.outcome_inputs import QuestionAdapter

    adapter = QuestionAdapter()
    assert adapter.public_summary(question) == "Resident's question: Miksi?"
    assert [c.key for c in adapter.search(org.coordinator, org.county.pk, "Miksi")] == [
        str(question.pk)
    ]
    assert adapter.search(org.resident, org.county.pk, "") == []
    assert adapter.can_view(org.coordinator, question)
    assert not adapter.can_view(org.staff, question)


def test_the_public_list_pages_through_every_question_and_keeps_the_filters(
    org, django_assert_max_num_queries
):
    # The list stopped at the 50 newest questions: older ones could not be browsed to at all.
    now = timezone.now()
    Question.objects.bulk_create(
        Question(
            county=org.county,
            text=f"Kysymys {number}",
            public_text=f"Kysymys numero {number}",
            status=Question.Status.OPEN,
            published_at=now - timedelta(hours=number),
        )
        for number in range(55)
    )
    client = Client()
    first = client.get("/en/questions/?show=open")
    assert [q.public_text for q in first.context["questions"]][-1] == "Kysymys numero 49"
    html = first.content.decode()
    assert 'href="?show=open&amp;page=2" rel="next"' in html
    with django_assert_max_num_queries(12):
        second = client.get("/en/questions/?show=open&page=2")
    assert [q.public_text for q in second.context["questions"]] == [
        f"Kysymys numero {n}" for n in range(50, 55)
    ]
    assert "Page 2 of 2" in second.content.decode()
