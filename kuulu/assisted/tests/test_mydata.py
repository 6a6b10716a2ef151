"""My participation: every record type with what came of it, the JSON download and erasure
that keeps what the law requires, for the signed-in person only."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone, translation

from kuulu.assisted import mydata

pytestmark = pytest.mark.django_db

EMAIL = "resident@example.test"


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def history(org):  # type: ignore[no-untyped-def]
    from kuulu.budgeting.models import Ballot
    from kuulu.budgeting.tests.factories import make_budget, make_process
    from kuulu.deliberation.models import Participant
    from kuulu.deliberation.tests.factories import make_conversation
    from kuulu.events.models import Registration
    from kuulu.events.tests.factories import make_session
    from kuulu.feedback.models import Feedback
    from kuulu.feedback.tests.factories import make_complaint, make_feedback, make_initiative
    from kuulu.follows.tests.factories import make_follow
    from kuulu.outcomes.models import Outcome
    from kuulu.outcomes.tests.factories import link, make_outcome
    from kuulu.panels.tests.factories import make_panel, make_volunteer
    from kuulu.questions.services import ask_question
    from kuulu.surveys.models import Participation
    from kuulu.surveys.tests.factories import make_survey

    user = org.resident
    feedback = make_feedback(org.county, contact_email=EMAIL, contact_name="Rita Resident")
    Feedback.objects.filter(pk=feedback.pk).update(status=Feedback.Status.CLOSED)
    outcome = make_outcome(org.county, title_en="Evening hours", title_fi="Iltavastaanotto")
    Outcome.objects.filter(pk=outcome.pk).update(is_published=True, published_at=timezone.now())
    link(outcome, "feedback", feedback)
    complaint = make_complaint(org.county, complainant_email=EMAIL)
    make_initiative(org.county, signers=[{"name": "Rita", "basis": "resident", "email": EMAIL}])
    session = make_session(org.county)
    Registration.objects.create(
        session=session, user=user, name="Rita", email=EMAIL, status="confirmed"
    )
    survey = make_survey(org.county, open_=True)
    Participation.objects.create(survey=survey, user=user, submitted_at=timezone.now())
    volunteer = make_volunteer(make_panel(org.county, title_en="Health panel"), 1)
    volunteer.user = user
    volunteer.selected = True
    volunteer.save()
    budget = make_budget(
        make_process(org.county, title_en="Kainuu budget", title_fi="Kainuun budjetti")
    )
    ballot = Ballot.objects.create(
        budget=budget,
        voter_key=uuid.uuid4(),
        voter_check="code",
        user=user,
        choices={"7": 1},
        submitted_at=timezone.now(),
    )
    Participant.objects.create(conversation=make_conversation(org.county), user=user, number=1)
    question = ask_question(county=org.county, text="Miksi jonot ovat pitkiä?", user=user)
    make_follow(user, org.county)
    return {"feedback": feedback, "complaint": complaint, "ballot": ballot, "question": question}


def test_records_cover_every_kind_and_what_came_of_the_feedback(org, history):
    records = mydata.records_for(org.resident)
    assert sorted(r.type for r in records) == sorted(
        [
            "feedback",
            "complaint",
            "initiative_signature",
            "registration",
            "survey",
            "panel",
            "ballot",
            "conversation",
            "question",
        ]
    )
    feedback = next(r for r in records if r.type == "feedback")
    assert [c.title for c in feedback.outcomes] == ["Evening hours"]
    assert mydata.records_for(org.manager) == []


def test_a_conversation_kept_after_erasure_is_still_the_persons_data(org, history):
    """Found in review: after erasure the participant keeps a keyed hash, and a person who comes
    back takes part as it again; the votes they added then were in no download of theirs."""
    from kuulu.deliberation import services
    from kuulu.deliberation.models import Participant, Vote
    from kuulu.deliberation.tests.factories import make_conversation

    mydata.erase_my_data(user=org.resident)
    assert not Participant.objects.filter(user=org.resident).exists()
    kept = Participant.objects.get(conversation__county=org.county, user__isnull=True)
    again = services.participant_for(conversation=kept.conversation, user=org.resident)
    assert again.pk == kept.pk
    statement = kept.conversation.statements.first()
    services.cast_vote(participant=again, statement=statement, value=Vote.Value.AGREE)
    # someone else's conversation, also kept after their erasure, is not this person's
    other = make_conversation(org.county, topic_fi="Toisen keskustelu")
    services.participant_for(conversation=other, user=org.manager)
    mydata.erase_my_data(user=org.manager)

    rows = [r for r in mydata.records_for(org.resident) if r.type == "conversation"]
    assert [(r.title, r.status) for r in rows] == [
        (
            kept.conversation.topic,
            "took part; kept without a link to your account since you erased your data",
        )
    ]
    exported = mydata.export_data(org.resident)
    assert [r["title"] for r in exported["records"] if r["type"] == "conversation"] == [
        kept.conversation.topic
    ]
    assert [r.type for r in mydata.records_for(org.manager)] == ["conversation"]


def test_a_question_shows_the_published_outcomes_its_answer_links_to(org, history):
    from kuulu.outcomes.models import Outcome
    from kuulu.outcomes.tests.factories import make_outcome
    from kuulu.questions.models import Answer

    published = make_outcome(org.county, title_en="Shorter queues", title_fi="Lyhyemmät jonot")
    Outcome.objects.filter(pk=published.pk).update(is_published=True, published_at=timezone.now())
    draft = make_outcome(org.county, title_en="Still a draft", title_fi="Luonnos")
    answer = Answer.objects.create(
        question=history["question"],
        text="Lisäämme aikoja.",
        answerer_name="Johtaja",
        published_at=timezone.now(),
    )
    answer.outcomes.set([published, draft])
    question = next(r for r in mydata.records_for(org.resident) if r.type == "question")
    assert [(c.title, c.path) for c in question.outcomes] == [
        ("Shorter queues", f"/en/outcomes/{published.pk}/")
    ]


def test_questions_asked_signed_out_count_once_confirmed_from_the_accounts_address(org, history):
    from kuulu.questions.models import Question
    from kuulu.questions.services import ask_question, confirm_email, confirmation_token

    confirmed = ask_question(
        county=org.county, text="Kysyin kirjautumatta. Soita 040 123 4567.", email=EMAIL
    )
    confirm_email(token=confirmation_token(confirmed))
    typed_by_someone = ask_question(
        county=org.county, text="Joku kirjoitti osoitteeni.", email=EMAIL
    )
    assert typed_by_someone.status == Question.Status.UNVERIFIED
    titles = [r.title for r in mydata.records_for(org.resident) if r.type == "question"]
    assert any(t.startswith("Kysyin kirjautumatta.") for t in titles)
    assert "Joku kirjoitti osoitteeni." not in titles
    mydata.erase_my_data(user=org.resident)
    confirmed.refresh_from_db()
    typed_by_someone.refresh_from_db()
    assert confirmed.asker_email == ""
    assert "123 4567" not in confirmed.text  # the asker's own words are masked too
    assert confirmed.text.startswith("Kysyin kirjautumatta.")
    assert typed_by_someone.asker_email == EMAIL
    assert typed_by_someone.text == "Joku kirjoitti osoitteeni."


def test_the_page_lists_the_history_with_links_to_data_and_erasure(org, history):
    client = Client()
    client.force_login(org.resident)
    page = client.get("/en/my-participation/")
    text = page.content.decode()
    assert page.status_code == 200
    for expected in (
        "Health panel",
        "Kainuu budget",
        "What came of it:",
        "Evening hours",
        "Download your data (JSON file)",
        "/en/my-participation/erase/",
        "/en/follow/",
    ):
        assert expected in text
    assert "Miksi jonot" in text


def test_the_download_is_documented_json_without_ballot_choices(org, history):
    client = Client()
    client.force_login(org.resident)
    response = client.get("/en/my-participation/my-data.json")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "kuulu.my-data/1"
    assert data["account"]["email"] == EMAIL
    assert {r["type"] for r in data["records"]} >= {"ballot", "panel", "question", "complaint"}
    ballot = next(r for r in data["records"] if r["type"] == "ballot")
    assert set(ballot) == {"type", "title", "at", "status", "path", "outcomes"}
    assert "choices" not in response.content.decode()
    assert data["follows"][0]["delivery"] == "email"
    from kuulu.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="export", object_type="accounts.user").count() == 1


def test_the_plan_keeps_complaints_and_initiatives_and_says_until_when(org, history):
    rules = {r.type: r for r in mydata.erasure_plan(org.resident)}
    assert rules["complaint"].action == "keep"
    assert rules["complaint"].keep_until.year == history["complaint"].received_at.year + 10
    assert "patient act" in rules["complaint"].reason
    assert rules["initiative_signature"].action == "keep"
    assert rules["audit"].action == "keep"
    assert rules["follow"].action == "erase"
    assert rules["feedback"].action == "anonymise"


def _response(survey, user, *, submit: bool):  # type: ignore[no-untyped-def]
    """A named response (the survey is not anonymous) with one answer."""
    from kuulu.surveys.models import Answer, Response

    survey.refresh_from_db()
    response = Response.objects.create(
        survey=survey,
        version=survey.current_version,
        user=user,
        status=Response.Status.SUBMITTED if submit else Response.Status.IN_PROGRESS,
        submitted_at=timezone.now() if submit else None,
    )
    Answer.objects.create(
        response=response, question=survey.current_version.questions.first(), text="Hyvä"
    )
    return response


def test_erasure_removes_what_may_go_and_keeps_what_must_stay(org, history):
    from kuulu.budgeting.models import Ballot
    from kuulu.feedback.models import Complaint, Feedback, InitiativeSigner
    from kuulu.follows.models import Follow
    from kuulu.questions.models import Question
    from kuulu.surveys.models import Participation, Response
    from kuulu.surveys.tests.factories import make_survey

    survey = Participation.objects.get(user=org.resident).survey
    submitted = _response(survey, org.resident, submit=True)
    unfinished = make_survey(org.county, open_=True)
    _response(unfinished, org.resident, submit=False)  # an unfinished one is deleted
    client = Client()
    client.force_login(org.resident)
    refused = client.post("/en/my-participation/erase/", {})
    assert refused.status_code == 400
    assert Follow.objects.filter(user=org.resident).exists()
    done = client.post("/en/my-participation/erase/", {"confirm": "yes"})
    assert done.status_code == 200
    assert not Follow.objects.filter(user=org.resident).exists()
    assert not Participation.objects.filter(user=org.resident).exists()
    assert list(Response.objects.values_list("pk", "user_id")) == [(submitted.pk, None)]
    # erasing does not open the survey for a second answer: the participation's keyed hash stays
    from kuulu.surveys import services as surveys
    from kuulu.surveys.services import AlreadyAnswered

    assert Participation.objects.filter(survey=survey, user=None).count() == 1
    with pytest.raises(AlreadyAnswered):
        surveys.start_response(survey=survey, user=org.resident)
    again, _token = surveys.start_response(survey=unfinished, user=org.resident)
    assert again.user_id == org.resident.pk  # the unfinished one was deleted; it can be begun
    assert submitted.answers.count() == 1  # the answer stays in the results
    ballot = Ballot.objects.get(pk=history["ballot"].pk)
    assert ballot.user is None
    assert ballot.choices == {"7": 1}  # the vote stays counted
    question = Question.objects.get(pk=history["question"].pk)
    assert question.asker is None
    assert question.asker_email == ""
    feedback = Feedback.objects.get(pk=history["feedback"].pk)
    assert (feedback.contact_email, feedback.contact_name) == ("", "")
    assert Complaint.objects.get(pk=history["complaint"].pk).complainant_email == EMAIL
    assert InitiativeSigner.objects.filter(email=EMAIL).count() == 1


@pytest.mark.parametrize(
    "url",
    ["/en/my-participation/", "/en/my-participation/my-data.json", "/en/my-participation/erase/"],
)
def test_anonymous_is_sent_to_sign_in(org, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


@pytest.mark.parametrize("role", ["staff", "other_staff", "manager", "coordinator"])
def test_nobody_sees_or_erases_anothers_data(org, history, role):
    from kuulu.follows.models import Follow

    client = Client()
    client.force_login(getattr(org, role))
    data = json.loads(client.get("/en/my-participation/my-data.json").content)
    assert data["records"] == []
    client.post("/en/my-participation/erase/", {"confirm": "yes"})
    assert Follow.objects.filter(user=org.resident).count() == 1


def test_erasure_stops_the_records_of_assistance_naming_the_person(org):
    """Found in review: erasure removed the link from the person to their survey answer and
    conversation, but the records of what a staff member helped with still named them (and the
    guardian and the note), so staff still listed "Rita answered survey X" and My participation
    still showed it."""
    from kuulu.assisted import selectors, services
    from kuulu.assisted.models import AssistedAction
    from kuulu.assisted.tests.factories import make_visit, open_paper_survey
    from kuulu.deliberation.tests.factories import make_conversation
    from kuulu.feedback.models import Feedback

    visit = make_visit(
        org, resident=org.resident_person, method="guardian", representative_name="Liisa V"
    )
    survey = open_paper_survey(org.county)
    _response, answered = services.enter_paper_survey(visit=visit, survey=survey, raw={"q1": "a"})
    conversation = make_conversation(org.county)
    _participant, voted = services.record_paper_ballot(
        visit=visit, conversation=conversation, votes={conversation.statements.first().pk: 1}
    )
    feedback, handled, _created = services.record_feedback(
        visit=visit, kind="idea", text="Iltavastaanotto.", channel="in_person", contact_email=EMAIL
    )
    assert Feedback.objects.get(pk=feedback.pk).status not in ("closed", "answered")

    mydata.erase_my_data(user=org.resident)

    records = {
        a.pk: (a.resident_person_id, a.resident_user_id, a.representative_name)
        for a in AssistedAction.objects.all()
    }
    assert records == {
        answered.pk: (None, None, ""),
        voted.pk: (None, None, ""),
        # feedback still being handled keeps its contact details, and so its record
        handled.pk: (org.resident_person.pk, org.resident.pk, "Liisa V"),
    }
    assert [row.kind for row in selectors.participation_history(org.resident)] == ["Feedback"]
    # who helped, where and how consent was given stay: the staff member's record of their work
    kept = AssistedAction.objects.get(pk=answered.pk)
    assert (kept.staff_person, kept.unit, kept.consent_method) == (
        org.staff_person,
        org.team_a1,
        "guardian",
    )
    assert kept.anonymised_at is not None


def test_erasure_anonymises_answered_feedback_as_retention_does(org):
    """Found in review: erasure cleared the contact details and masked the text but kept the
    attachments, the place, the handlers' notes naming the person, the public "you said, we
    did" entry and the link to the strongly identified person; and as the case then counted as
    anonymised, the retention run never finished the job."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kuulu.feedback import services as feedback_services
    from kuulu.feedback.models import Feedback, PublishedFeedback
    from kuulu.feedback.tests.factories import make_feedback
    from kuulu.identity.models import CaseLink

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

    feedback = make_feedback(
        org.county,
        org.unit_a,
        text="Rita Resident kaatui portaissa.",
        contact_name="Rita Resident",
        contact_email=EMAIL,
        location_text="Kotikatu 5, Kajaani",
        attachments=[SimpleUploadedFile("a.png", png, content_type="image/png")],
    )
    feedback_services.add_note(
        feedback=feedback, text="Soitin Rita Residentille 040 765 4321.", user=org.manager
    )
    feedback_services.change_status(feedback=feedback, status="closed", user=org.manager)
    PublishedFeedback.objects.create(feedback=feedback, masked_text="x", masked_response="y")
    CaseLink.objects.create(
        person_key="k" * 64, object_type="feedback.feedback", object_id=feedback.pk
    )

    mydata.erase_my_data(user=org.resident)

    feedback = Feedback.objects.get(pk=feedback.pk)
    assert (feedback.contact_name, feedback.contact_email, feedback.location_text) == ("", "", "")
    assert feedback.anonymised_at is not None
    assert "Rita" not in feedback.text
    assert feedback.attachments.count() == 0
    assert not PublishedFeedback.objects.filter(feedback=feedback).exists()
    assert not CaseLink.objects.filter(object_id=feedback.pk).exists()
    notes = list(feedback.events.filter(kind="note").values_list("text", flat=True))
    assert len(notes) == 1
    assert "Rita" not in notes[0]
    assert "040 765 4321" not in notes[0]


def test_the_download_holds_what_staff_recorded_for_the_person_and_nobody_elses(org):
    """Found in review: the page lists what a staff member recorded for the person (who helped,
    where, how consent was given), but the download left it out: the guardian's name and the
    note on consent, personal data about the person, were in no download, nor was feedback
    given with help and without an email address."""
    from kuulu.assisted import services
    from kuulu.assisted.tests.factories import make_visit
    from kuulu.organisation.tests.factories import make_person

    visit = make_visit(
        org,
        resident=org.resident_person,
        method="guardian",
        representative_name="Liisa V",
        note="Asioi huoltajan kanssa",
    )
    feedback, _record, _created = services.record_feedback(
        visit=visit,
        kind="idea",
        text="Iltavastaanotto.",
        channel="in_person",
        contact_phone="+358401234567",
    )
    someone_else = make_person(org.county, kind="resident", email="toinen.asukas@example.test")
    services.record_feedback(
        visit=make_visit(org, resident=someone_else, method="written", note="Toisen asia"),
        kind="idea",
        text="Toinen.",
        channel="in_person",
    )
    client = Client()
    client.force_login(org.resident)
    data = json.loads(client.get("/en/my-participation/my-data.json").content)
    assert len(data["assisted"]) == 1
    entry = data["assisted"][0]
    assert {k: v for k, v in entry.items() if k not in ("at", "consented_at")} == {
        "kind": "feedback",
        "title": f"{feedback.get_kind_display()} {feedback.reference}",
        "service_point": org.team_a1.name,
        "helped_by": org.staff_person.full_name,
        "consent": "guardian",
        "representative": "Liisa V",
        "note": "Asioi huoltajan kanssa",
    }
    assert "Toisen asia" not in json.dumps(data)


def test_the_download_holds_the_register_entry_and_identification_of_the_person(org):
    """Found in review: the download named the account's address only; the names, phone
    number and home municipality the county's register keeps on the person, and the birth date
    and home municipality kept from a strong identification, were in no download."""
    from datetime import date

    from kuulu.identity.models import StrongIdentity
    from kuulu.organisation.models import Municipality, Person

    municipality = Municipality.objects.get(county=org.county, code="205")
    Person.objects.filter(pk=org.resident_person.pk).update(
        first_name="Rita", last_name="Resident", phone="+358401234567", municipality=municipality
    )
    StrongIdentity.objects.create(
        user=org.resident,
        person_key="k" * 64,
        level="substantial",
        birth_date=date(1980, 5, 17),
        home_municipality_code="205",
    )
    client = Client()
    client.force_login(org.resident)
    data = json.loads(client.get("/en/my-participation/my-data.json").content)
    assert data["person"] == {
        "first_name": "Rita",
        "last_name": "Resident",
        "email": EMAIL,
        "phone": "+358401234567",
        "home_municipality": "Kajaani",
        "job_title": "",
    }
    identification = dict(data["identification"])
    assert identification.pop("identified_at")
    assert identification == {
        "level": "substantial",
        "birth_date": "1980-05-17",
        "home_municipality_code": "205",
    }
    assert "k" * 64 not in json.dumps(data)

    client.force_login(org.staff)
    data = json.loads(client.get("/en/my-participation/my-data.json").content)
    assert data["person"]["email"] == "staff@example.test"
    assert data["identification"] is None
    assert "Rita" not in json.dumps(data)
