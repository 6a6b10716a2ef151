import io
import uuid
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for
from kuulu.deliberation import services
from kuulu.deliberation.models import Conversation, Statement, Vote
from kuulu.deliberation.polis_format import read_export
from kuulu.deliberation.tests.factories import closed, make_conversation
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

pytestmark = pytest.mark.django_db


def visitor(conversation):
    """A browser that has opened the conversation page (and so holds its participant key)."""
    client = Client()
    client.get(reverse("deliberation:detail", args=[conversation.pk]))
    return client


MODERATOR = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,
    "coordinator": 200,
    "admin": 200,
}


@pytest.fixture
def conversation(org):
    return make_conversation(org.county)


def test_anonymous_visitor_votes_and_gets_the_next_statement(
    conversation, django_capture_on_commit_callbacks
):
    client = Client()
    page = client.get(reverse("deliberation:detail", args=[conversation.pk]))
    first = page.context["statement"]
    assert page.context["progress"].total == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("deliberation:vote", args=[conversation.pk]),
            {"statement": first.pk, "vote": "agree"},
        )
    assert response.status_code == 302
    assert Vote.objects.get().value == 1
    page = client.get(reverse("deliberation:detail", args=[conversation.pk]))
    assert page.context["statement"] != first
    assert page.context["progress"].voted == 1


def test_htmx_vote_returns_only_the_card(conversation):
    client = visitor(conversation)
    statement = conversation.statements.first()
    response = client.post(
        reverse("deliberation:vote", args=[conversation.pk]),
        {"statement": statement.pk, "vote": "pass"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="vote-card"' in body


def test_vote_again_replaces_the_first(conversation):
    client = visitor(conversation)
    statement = conversation.statements.first()
    url = reverse("deliberation:vote", args=[conversation.pk])
    client.post(url, {"statement": statement.pk, "vote": "agree"})
    client.post(url, {"statement": statement.pk, "vote": "disagree"})
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


@pytest.mark.parametrize("value", ["maybe", "", "1"])
def test_invalid_vote_is_422_and_saves_nothing(conversation, value):
    statement = conversation.statements.first()
    response = visitor(conversation).post(
        reverse("deliberation:vote", args=[conversation.pk]),
        {"statement": statement.pk, "vote": value},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert Vote.objects.count() == 0


def test_vote_on_closed_conversation_is_409(org):
    conversation = closed(org.county)
    statement = conversation.statements.first()
    response = visitor(conversation).post(
        reverse("deliberation:vote", args=[conversation.pk]),
        {"statement": statement.pk, "vote": "agree"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert Vote.objects.count() == 0


def test_statement_from_another_conversation_cannot_be_voted(org, conversation):
    other = make_conversation(org.county)
    response = visitor(conversation).post(
        reverse("deliberation:vote", args=[conversation.pk]),
        {"statement": other.statements.first().pk, "vote": "agree"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert Vote.objects.count() == 0


def test_statement_submission_errors_and_moderation(conversation):
    client = visitor(conversation)
    url = reverse("deliberation:statement_submit", args=[conversation.pk])
    response = client.post("/en" + url[3:], {"text": "x" * 141})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert conversation.statements.count() == 3
    response = client.post(url, {"text": "Lisää kotikäyntejä"})
    assert response.status_code == 302
    assert conversation.statements.get(text="Lisää kotikäyntejä").status == Statement.Status.PENDING


def test_sign_in_required_conversation(org, clients):
    conversation = make_conversation(org.county, require_sign_in=True)
    statement = conversation.statements.first()
    url = reverse("deliberation:vote", args=[conversation.pk])
    response = Client().post(url, {"statement": statement.pk, "vote": "agree"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Vote.objects.count() == 0
    clients["resident"].post(url, {"statement": statement.pk, "vote": "agree"})
    assert Vote.objects.get().participant.user == org.resident


def test_unpublished_conversation_is_not_found_for_the_public(org, clients):
    draft = make_conversation(org.county, is_published=False)
    assert Client().get(reverse("deliberation:detail", args=[draft.pk])).status_code == 404
    assert Client().get(reverse("deliberation:report", args=[draft.pk])).status_code == 404
    assert (
        clients["coordinator"].get(reverse("deliberation:detail", args=[draft.pk])).status_code
        == 200
    )


def test_report_shows_groups_map_and_table(conversation, django_capture_on_commit_callbacks):
    statements = list(conversation.statements.all())
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(30):
            participant = services.participant_for(
                conversation=conversation, browser_key=uuid.uuid4()
            )
            for j, statement in enumerate(statements):
                services.cast_vote(
                    participant=participant,
                    statement=statement,
                    value=1 if (i % 2 == 0) == (j == 0) else -1,
                )
    html = (
        Client()
        .get("/en" + reverse("deliberation:report", args=[conversation.pk])[3:])
        .content.decode()
    )
    assert "<svg" in html
    assert "<circle" in html
    assert "Opinion groups" in html
    assert "Group A (15 people)" in html
    assert "Participants: 30. Votes: " in html
    path = reverse("deliberation:report", args=[conversation.pk])[3:]
    finnish = Client().get("/fi" + path).content.decode()
    assert "Ryhmä A (15 henkilöä)" in finnish
    assert "Osallistujia: 30." in finnish


def test_report_without_votes_has_an_empty_state(conversation):
    response = Client().get(reverse("deliberation:report", args=[conversation.pk]))
    assert response.status_code == 200
    assert response.context["report"] is None


@pytest.mark.parametrize("role", list(MODERATOR))
def test_moderation_role_matrix(role, clients, conversation):
    author = services.participant_for(conversation=conversation, browser_key=uuid.uuid4())
    pending = services.submit_statement(
        conversation=conversation, participant=author, text="Odottaa"
    )
    assert (
        clients[role].get(reverse("deliberation:moderate", args=[conversation.pk])).status_code
        == MODERATOR[role]
    )
    response = clients[role].post(
        reverse("deliberation:statement_moderate", args=[pending.pk]), {"decision": "accepted"}
    )
    pending.refresh_from_db()
    if MODERATOR[role] == 200:
        assert response.status_code == 302
        assert pending.status == Statement.Status.ACCEPTED
    else:
        assert response.status_code == MODERATOR[role]
        assert pending.status == Statement.Status.PENDING


@pytest.mark.parametrize("role", list(MODERATOR))
def test_create_conversation_role_matrix(role, clients):
    response = clients[role].post(
        reverse("deliberation:create"),
        {
            "topic_fi": "Uusi keskustelu",
            "moderation": "pre",
            "is_published": "on",
            "allow_statements": "on",
            "seed_statements": "Eka\nToka",
        },
    )
    created = Conversation.objects.filter(topic_fi="Uusi keskustelu").first()
    if MODERATOR[role] == 200:
        assert response.status_code == 302
        assert created.statements.count() == 2
    else:
        assert response.status_code == MODERATOR[role]
        assert created is None


def _coordinator_of_a_second_county():  # type: ignore[no-untyped-def]
    county = make_county()
    unit = make_unit(county, code="toinen", name_fi="Palvelut")
    person = make_person(county, kind="staff", unit=unit, is_coordinator=True)
    return county, client_for(person.user)


def test_conversations_are_made_and_imported_in_the_coordinators_own_county(
    org, conversation, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exported = client_for(org.coordinator).get(
        reverse("deliberation:export", args=[conversation.pk])
    )
    zipfile.ZipFile(io.BytesIO(exported.content)).extractall(tmp_path)
    county, client = _coordinator_of_a_second_county()

    created = client.post(
        reverse("deliberation:create"),
        {"topic_fi": "Toisen alueen keskustelu", "moderation": "pre", "seed_statements": "Eka"},
    )
    imported = client.post(
        reverse("deliberation:import"),
        {
            "topic": "Tuotu toiselle",
            "archive": SimpleUploadedFile("export.zip", _zip(tmp_path), "application/zip"),
        },
    )

    assert (created.status_code, imported.status_code) == (302, 302)
    assert Conversation.objects.get(topic_fi="Toisen alueen keskustelu").county == county
    assert Conversation.objects.get(topic_fi="Tuotu toiselle").county == county


def test_a_coordinator_of_another_county_cannot_see_or_moderate_the_conversations(
    org, conversation
):
    author = services.participant_for(conversation=conversation, browser_key=uuid.uuid4())
    pending = services.submit_statement(
        conversation=conversation, participant=author, text="Odottaa"
    )
    draft = make_conversation(org.county, topic_fi="Luonnos", is_published=False)
    _county, client = _coordinator_of_a_second_county()

    listed = client.get(reverse("deliberation:manage")).content.decode()
    pages = [
        client.get(reverse("deliberation:moderate", args=[conversation.pk])).status_code,
        client.get(reverse("deliberation:edit", args=[conversation.pk])).status_code,
        client.get(reverse("deliberation:export", args=[conversation.pk])).status_code,
        client.get(reverse("deliberation:detail", args=[draft.pk])).status_code,
    ]
    decided = client.post(
        reverse("deliberation:statement_moderate", args=[pending.pk]), {"decision": "accepted"}
    )

    assert conversation.topic_fi not in listed
    assert pages == [403, 403, 403, 404]
    assert decided.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Statement.Status.PENDING


def test_create_conversation_with_too_long_seed_saves_nothing(clients):
    response = clients["coordinator"].post(
        reverse("deliberation:create"),
        {"topic_fi": "X", "moderation": "pre", "seed_statements": "ok\n" + "y" * 141},
    )
    assert response.status_code == 200
    assert Conversation.objects.count() == 0


def _zip(folder) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, arcname=f"export/{path.name}")
    return buffer.getvalue()


def test_export_then_import_round_trips(
    clients, conversation, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    statements = list(conversation.statements.all())
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(12):
            participant = services.participant_for(
                conversation=conversation, browser_key=uuid.uuid4()
            )
            for statement in statements:
                services.cast_vote(participant=participant, statement=statement, value=(i % 3) - 1)
    exported = clients["coordinator"].get(reverse("deliberation:export", args=[conversation.pk]))
    assert exported.status_code == 200
    (tmp_path / "a").mkdir()
    zipfile.ZipFile(io.BytesIO(exported.content)).extractall(tmp_path / "a")
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["coordinator"].post(
            reverse("deliberation:import"),
            {
                "topic": "Tuotu",
                "archive": SimpleUploadedFile(
                    "export.zip", _zip(tmp_path / "a"), "application/zip"
                ),
            },
        )
    assert response.status_code == 302
    imported = Conversation.objects.get(topic_fi="Tuotu")
    assert imported.is_read_only
    again = clients["coordinator"].get(reverse("deliberation:export", args=[imported.pk]))
    (tmp_path / "b").mkdir()
    zipfile.ZipFile(io.BytesIO(again.content)).extractall(tmp_path / "b")
    first, second = read_export(tmp_path / "a"), read_export(tmp_path / "b")
    assert [
        (c.comment_id, c.author_id, c.body, c.moderated, c.timestamp) for c in first.comments
    ] == [(c.comment_id, c.author_id, c.body, c.moderated, c.timestamp) for c in second.comments]
    assert [(v.timestamp, v.comment_id, v.voter_id, v.vote) for v in first.votes] == [
        (v.timestamp, v.comment_id, v.voter_id, v.vote) for v in second.votes
    ]
    for name in ("comments.csv", "votes.csv"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "votes.csv, rivi 3: äänen on oltava 1, -1 tai 0, ei &#x27;5&#x27;"),
        ("sv", "votes.csv, rad 3: en röst måste vara 1, -1 eller 0, inte &#x27;5&#x27;"),
        ("en", "votes.csv, line 3: a vote must be 1, -1 or 0, not &#x27;5&#x27;"),
    ],
)
def test_malformed_import_names_file_and_line_and_imports_nothing(clients, language, message):
    """Found in review: the problem was told in English whatever the page's language."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("comments.csv", "comment-id,author-id,moderated,comment-body\n1,1,1,a\n")
        archive.writestr(
            "votes.csv", "timestamp,datetime,comment-id,voter-id,vote\n1,,1,1,1\n2,,1,2,5\n"
        )
    response = clients["coordinator"].post(
        f"/{language}" + reverse("deliberation:import")[3:],
        {"archive": SimpleUploadedFile("x.zip", buffer.getvalue(), "application/zip")},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Conversation.objects.count() == 0


def test_not_a_zip_is_a_clear_error(clients):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = clients["coordinator"].post(
        reverse("deliberation:import"),
        {"archive": SimpleUploadedFile("x.zip", b"hello", "application/zip")},
    )
    assert response.status_code == 200
    assert Conversation.objects.count() == 0
    assert 'class="error-summary"' in response.content.decode()


def test_front_page_lists_open_conversations(conversation):
    html = Client().get("/en/").content.decode()
    assert "Opening hours of the health centre" in html


def test_votes_and_statements_are_rate_limited_per_participant(conversation, settings):
    settings.VOTE_LIMIT = "2/m"
    settings.STATEMENT_LIMIT = "1/m"
    client = Client()
    client.get(reverse("deliberation:detail", args=[conversation.pk]))
    url = reverse("deliberation:vote", args=[conversation.pk])
    statuses = [
        client.post(url, {"statement": s.pk, "vote": "agree"}).status_code
        for s in conversation.statements.all()
    ]
    assert statuses == [302, 302, 429]
    assert Vote.objects.count() == 2
    other = visitor(conversation)  # another participant is not limited by the first one's votes
    assert (
        other.post(
            url, {"statement": conversation.statements.first().pk, "vote": "agree"}
        ).status_code
        == 302
    )
    submit = reverse("deliberation:statement_submit", args=[conversation.pk])
    assert client.post(submit, {"text": "Yksi"}).status_code == 302
    assert client.post(submit, {"text": "Kaksi"}).status_code == 429


def test_vote_without_the_page_key_is_sent_back_and_makes_no_participant(conversation):
    from kuulu.deliberation.models import Participant

    statement = conversation.statements.first()
    url = reverse("deliberation:vote", args=[conversation.pk])
    response = Client().post(url, {"statement": statement.pk, "vote": "agree"})
    assert response.status_code == 302
    htmx = Client().post(url, {"statement": statement.pk, "vote": "agree"}, HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == reverse("deliberation:detail", args=[conversation.pk])
    assert Participant.objects.count() == 0
    assert Vote.objects.count() == 0


def test_address_limit_stops_many_fresh_browsers(conversation, settings):
    settings.VOTE_IP_LIMIT = "3/m"
    statement = conversation.statements.first()
    url = reverse("deliberation:vote", args=[conversation.pk])
    statuses = [
        visitor(conversation).post(url, {"statement": statement.pk, "vote": "agree"}).status_code
        for _ in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


def test_rejected_statement_disappears_from_the_report_at_once(
    conversation, django_capture_on_commit_callbacks
):
    statements = list(conversation.statements.all())
    with django_capture_on_commit_callbacks(execute=True):
        for _i in range(20):
            participant = services.participant_for(
                conversation=conversation, browser_key=uuid.uuid4()
            )
            for statement in statements:
                services.cast_vote(participant=participant, statement=statement, value=1)
    services.moderate_statement(statement=statements[0], status="rejected")  # no recompute run
    html = Client().get(reverse("deliberation:report", args=[conversation.pk])).content.decode()
    assert statements[0].text not in html
    assert statements[1].text in html


def test_imported_conversation_can_be_published_for_its_public_report(
    clients, org, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kuulu.deliberation.polis_format import write_export
    from kuulu.deliberation.tests.test_polis_format import synthetic_export

    write_export(tmp_path, synthetic_export())
    with django_capture_on_commit_callbacks(execute=True):
        clients["coordinator"].post(
            reverse("deliberation:import"),
            {
                "topic": "Pilotti",
                "archive": SimpleUploadedFile("p.zip", _zip(tmp_path), "application/zip"),
            },
        )
    imported = Conversation.objects.get(topic_fi="Pilotti")
    assert Client().get(reverse("deliberation:report", args=[imported.pk])).status_code == 404
    response = clients["coordinator"].post(
        reverse("deliberation:edit", args=[imported.pk]),
        {"topic_fi": "Pilotti", "moderation": "pre", "is_published": "on"},
    )
    assert response.status_code == 302
    report = Client().get(reverse("deliberation:report", args=[imported.pk]))
    assert report.status_code == 200
    assert report.context["report"]["participants"] == 120
    assert not Conversation.objects.get(pk=imported.pk).is_open()


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59", "1999-12-31T12:00"])
def test_far_opening_or_closing_year_is_a_form_error_and_saves_nothing(
    clients, conversation, value
):
    """Found in review: a year-1 time was a server error on SQLite, and PostgreSQL stored it,
    after which the front page, the workspace list and the API list failed for everyone."""
    coordinator = clients["coordinator"]
    created = coordinator.post(
        "/en" + reverse("deliberation:create")[3:],
        {"topic_fi": "Kaukainen", "moderation": "pre", "opens_at": value},
    )
    edited = coordinator.post(
        "/en" + reverse("deliberation:edit", args=[conversation.pk])[3:],
        {"topic_fi": conversation.topic_fi, "moderation": "pre", "closes_at": value},
    )

    for response in (created, edited):
        assert response.status_code == 200
        assert "Give a date between the years 2000 and 2100." in response.content.decode()
    assert not Conversation.objects.filter(topic_fi="Kaukainen").exists()
    conversation.refresh_from_db()
    assert conversation.closes_at is None
    assert Client().get("/fi/").status_code == 200


def test_import_with_a_nul_character_is_a_form_error_and_imports_nothing(clients):
    """Found in review: on PostgreSQL the NUL reached the database and the import failed with
    a server error."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "comments.csv", "comment-id,author-id,moderated,comment-body\n1,1,1,a\x00b\n"
        )
        archive.writestr("votes.csv", "timestamp,datetime,comment-id,voter-id,vote\n1,,1,1,1\n")
    response = clients["coordinator"].post(
        reverse("deliberation:import"),
        {"archive": SimpleUploadedFile("x.zip", buffer.getvalue(), "application/zip")},
    )
    assert response.status_code == 200
    assert (
        "comments.csv, rivi 2: sarakkeessa &#x27;comment-body&#x27; on NUL-merkki"
        in response.content.decode()
    )
    assert Conversation.objects.count() == 0


def test_a_statement_sent_twice_is_shown_as_a_form_error_the_second_time(conversation):
    client = visitor(conversation)
    url = "/en" + reverse("deliberation:statement_submit", args=[conversation.pk])[3:]
    assert client.post(url, {"text": "Lisää kotikäyntejä"}).status_code == 302
    again = client.post(url, {"text": "Lisää kotikäyntejä"})
    assert again.status_code == 200
    assert "This statement is already in the conversation." in again.content.decode()
    assert conversation.statements.filter(text="Lisää kotikäyntejä").count() == 1


def test_a_refused_vote_or_statement_makes_no_participant(org):
    """Found in review: a vote or statement sent to a closed conversation (a page left open
    past the closing time) was refused but still made the sender a participant, raising the
    participant count shown with the conversation."""
    from kuulu.deliberation.models import Participant

    conversation = closed(org.county)
    client = visitor(conversation)
    voted = client.post(
        reverse("deliberation:vote", args=[conversation.pk]),
        {"statement": conversation.statements.first().pk, "vote": "agree"},
        HTTP_HX_REQUEST="true",
    )
    wrote = client.post(
        reverse("deliberation:statement_submit", args=[conversation.pk]), {"text": "Myöhässä"}
    )

    assert (voted.status_code, wrote.status_code) == (409, 200)
    assert Participant.objects.count() == 0
    conversation.refresh_from_db()
    assert conversation.participant_counter == 0


def test_a_post_moderated_statement_can_be_rejected_from_the_moderation_page(org, clients):
    """Found in review: with moderation after publishing a statement is accepted at once and so
    never in the queue, and the list of moderated statements had no buttons: the moderator
    could not reject anything the conversation's setting promises they can."""
    conversation = make_conversation(org.county, moderation=Conversation.Moderation.POST)
    visitor(conversation).post(
        reverse("deliberation:statement_submit", args=[conversation.pk]),
        {"text": "Puhelinnumeroni on 040 123 4567"},
    )
    shown = conversation.statements.get(text="Puhelinnumeroni on 040 123 4567")
    assert shown.status == Statement.Status.ACCEPTED
    moderator = clients["coordinator"]
    url = reverse("deliberation:statement_moderate", args=[shown.pk])

    page = moderator.get("/en" + reverse("deliberation:moderate", args=[conversation.pk])[3:])

    html = page.content.decode()
    assert f'action="/en{url[3:]}"' in html
    assert 'name="decision" value="rejected"' in html
    assert "Reject<span" in html
    moderator.post(url, {"decision": "rejected"})
    shown.refresh_from_db()
    assert shown.status == Statement.Status.REJECTED
    page = moderator.get(reverse("deliberation:moderate", args=[conversation.pk]))
    assert 'name="decision" value="accepted"' in page.content.decode()


def test_the_decision_a_conversation_informs_is_written_and_shown_in_every_language(
    clients, conversation
):
    """Found in review: the form had the decision in Finnish only, so Swedish and English
    pages always named it in Finnish although the conversation keeps it in all three."""
    response = clients["coordinator"].post(
        reverse("deliberation:edit", args=[conversation.pk]),
        {
            "topic_fi": conversation.topic_fi,
            "moderation": "pre",
            "is_published": "on",
            "allow_statements": "on",
            "decision_fi": "Aukioloajoista päätetään keväällä",
            "decision_sv": "Öppettiderna beslutas i vår",
            "decision_en": "The opening hours are decided in spring",
        },
    )

    assert response.status_code == 302
    path = reverse("deliberation:detail", args=[conversation.pk])[3:]
    swedish = Client().get("/sv" + path).content.decode()
    english = Client().get("/en" + path).content.decode()
    assert "Öppettiderna beslutas i vår" in swedish
    assert "Aukioloajoista" not in swedish
    assert "The opening hours are decided in spring" in english


def test_a_published_conversation_that_opens_later_is_not_called_closed(clients, org):
    """Found in review: the managers' list called a published conversation whose opening time
    is still ahead "published, closed", as if it had already ended."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    make_conversation(
        org.county, topic_fi="Tuleva", topic_en="Upcoming", opens_at=now + timedelta(days=7)
    )
    make_conversation(
        org.county,
        topic_fi="Päättynyt",
        topic_en="Ended",
        opens_at=now - timedelta(days=7),
        closes_at=now - timedelta(days=1),
    )

    html = clients["coordinator"].get("/en" + reverse("deliberation:manage")[3:]).content.decode()

    upcoming = html[html.index("Upcoming") :].split("</tr>")[0]
    ended = html[html.index("Ended") :].split("</tr>")[0]
    assert "published, opens later" in upcoming
    assert "closed" not in upcoming
    assert "published, closed" in ended


def test_a_statement_with_line_breaks_that_fits_the_box_is_taken(conversation):
    """Found in review: the browser counts a line break as one character against the box's
    limit of 140 but sends it as two (CR LF), so a statement the box let through was refused
    as too long, although it is stored with its line breaks as single spaces."""
    text = "a" * 70 + "\r\n" + "b" * 69

    response = visitor(conversation).post(
        reverse("deliberation:statement_submit", args=[conversation.pk]), {"text": text}
    )

    assert response.status_code == 302
    assert conversation.statements.get(is_seed=False).text == "a" * 70 + " " + "b" * 69


def test_a_statement_longer_than_140_characters_is_still_refused(conversation):
    response = visitor(conversation).post(
        "/en" + reverse("deliberation:statement_submit", args=[conversation.pk])[3:],
        {"text": "a" * 70 + "\r\n" + "b" * 70},
    )

    assert response.status_code == 200
    assert "A statement can be at most 140 characters; this one has 141." in (
        response.content.decode()
    )
    assert not conversation.statements.filter(is_seed=False).exists()


def test_conversation_list_shows_only_the_public_countys_conversations(org):
    # One installation, two counties: the public side belongs to the first
    # (organisation.selectors.default_county), as on the portal's front page.
    other = make_county(name_fi="Toinen alue")
    make_conversation(org.county, topic_fi="Oma avoin", topic_en="Oma avoin")
    make_conversation(other, topic_fi="Vieras avoin", topic_en="Vieras avoin")
    html = Client().get(reverse("deliberation:list")).content.decode()
    assert html.count("Oma avoin") == 2  # open now, and among all published
    assert "Vieras avoin" not in html
