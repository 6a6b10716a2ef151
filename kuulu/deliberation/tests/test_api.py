import json

import pytest
from django.test import Client

from kuulu.deliberation.models import Vote
from kuulu.deliberation.tests.factories import closed, make_conversation
from kuulu.integrations import services as token_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(org):
    return token_services.create_token(user=org.resident, name="app").raw


def post_vote(conversation, token, payload):
    return Client().post(
        f"/api/v1/deliberation/conversations/{conversation.pk}/votes",
        payload if isinstance(payload, str) else json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_public_list_and_detail(org):
    conversation = make_conversation(org.county)
    make_conversation(org.county, is_published=False, topic_fi="Luonnos")
    listed = Client().get("/api/v1/deliberation/conversations").json()
    assert [c["id"] for c in listed] == [conversation.pk]
    assert (
        Client().get(f"/api/v1/deliberation/conversations/{conversation.pk}").json()["is_open"]
        is True
    )


def test_vote_through_the_api(org, token):
    conversation = make_conversation(org.county)
    statement = conversation.statements.first()
    response = post_vote(conversation, token, {"statement": statement.pk, "vote": "disagree"})
    assert response.status_code == 201
    assert response.json() == {"statement": statement.pk, "vote": "disagree"}
    assert Vote.objects.get().participant.user == org.resident


@pytest.mark.parametrize(
    "payload",
    [
        {"statement": 1, "vote": "maybe"},
        {"statement": "x", "vote": "agree"},
        "{oops",
        {"statement": 1, "vote": "agree", "extra": 1},
    ],
)
def test_invalid_vote_is_422(org, token, payload):
    conversation = make_conversation(org.county)
    response = post_vote(conversation, token, payload)
    assert response.status_code == 422
    assert Vote.objects.count() == 0


def test_vote_on_closed_conversation_is_409(org, token):
    conversation = closed(org.county)
    response = post_vote(
        conversation, token, {"statement": conversation.statements.first().pk, "vote": "agree"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_vote_needs_a_token(org):
    conversation = make_conversation(org.county)
    assert post_vote(conversation, "", {"statement": 1, "vote": "agree"}).status_code == 401


def test_next_statement_until_done(org, token):
    conversation = make_conversation(org.county)
    seen = set()
    for _ in range(3):
        response = Client().get(
            f"/api/v1/deliberation/conversations/{conversation.pk}/next",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        statement = response.json()
        seen.add(statement["id"])
        post_vote(conversation, token, {"statement": statement["id"], "vote": "pass"})
    assert len(seen) == 3
    done = Client().get(
        f"/api/v1/deliberation/conversations/{conversation.pk}/next",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert done.status_code == 204


def test_asking_for_the_next_statement_makes_no_participant(org, token):
    """Found in review: each caller that only asked became a participant (raising the public
    participant count), also in closed and imported read-only conversations, and a closed
    conversation still handed out statements to vote on."""
    from kuulu.deliberation.models import Conversation, Participant

    conversation = make_conversation(org.county)
    ended = closed(org.county)
    url = "/api/v1/deliberation/conversations/{}/next"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    asked = Client().get(url.format(conversation.pk), **headers)
    refused = Client().get(url.format(ended.pk), **headers)

    assert asked.status_code == 200
    assert refused.status_code == 409
    assert refused.json()["code"] == "conflict"
    assert Participant.objects.count() == 0
    assert list(Conversation.objects.values_list("participant_counter", flat=True)) == [0, 0]


def test_a_refused_vote_makes_no_participant(org, token):
    from kuulu.deliberation.models import Participant

    conversation = closed(org.county)
    response = post_vote(
        conversation, token, {"statement": conversation.statements.first().pk, "vote": "agree"}
    )
    assert response.status_code == 409
    assert Participant.objects.count() == 0


def test_conversation_list_holds_only_the_public_countys_conversations(org):
    # Two counties in one installation: the public API lists what the portal lists.
    from kuulu.organisation.tests.factories import make_county

    own = make_conversation(org.county)
    make_conversation(make_county(name_fi="Toinen alue"))
    listed = Client().get("/api/v1/deliberation/conversations").json()
    assert [c["id"] for c in listed] == [own.pk]
