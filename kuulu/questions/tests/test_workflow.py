import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from kuulu.feedback.models import Complaint, Feedback, Theme
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import Person, Unit
from kuulu.outcomes.models import Outcome
from kuulu.questions import access, services, tasks
from kuulu.questions.attention import questions_work
from kuulu.questions.models import Answer, Question, Support
from kuulu.questions.signals import question_answered

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64


def _ask(org, text="Miksi jonot ovat pitkiä?", **kwargs):
    kwargs.setdefault("user", org.resident)
    return services.ask_question(county=org.county, text=text, **kwargs)


def test_signed_in_question_is_published_with_identity_code_and_phone_masked(org):
    question = _ask(org, text="Minun hetu on 131052-308T ja numero 040 123 4567, miksi?")
    assert question.status == Question.Status.OPEN
    assert "131052-308T" not in question.public_text
    assert "040 123 4567" not in question.public_text
    assert "identity_code" in question.masked_kinds
    assert "phone" in question.masked_kinds
    html = Client().get(f"/en/questions/{question.pk}/").content.decode()
    assert "131052-308T" not in html
    assert "123 4567" not in html


def test_anonymous_question_waits_for_email_confirmation(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = services.ask_question(
            county=org.county, text="Kysymys", email="Asker@Example.test", language="en"
        )
    assert question.status == Question.Status.UNVERIFIED
    assert Client().get(f"/en/questions/{question.pk}/").status_code == 404
    assert mail.outbox[-1].to == ["asker@example.test"]
    link = re.search(r"/questions/confirm/[^\s]+/", mail.outbox[-1].body).group(0)
    client = Client(enforce_csrf_checks=True)
    page = client.get("/en" + link)  # as a mail scanner opening the link: nothing changes
    assert page.status_code == 200
    assert "Confirm the question" in page.text
    question.refresh_from_db()
    assert question.status == Question.Status.UNVERIFIED
    assert client.post("/en" + link).status_code == 403  # the button's form carries CSRF
    token = client.cookies["csrftoken"].value
    assert client.post("/en" + link, {"csrfmiddlewaretoken": token}).status_code == 200
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert Client().get("/en/questions/confirm/bad-token/").status_code == 400
    assert Client().post("/en/questions/confirm/bad-token/").status_code == 400


def test_anonymous_question_needs_an_email(org):
    with pytest.raises(ValidationError) as exc:
        services.ask_question(county=org.county, text="Kysymys")
    assert "email" in exc.value.message_dict


@pytest.mark.parametrize("text", ["Vitun huono palvelu", "You are an ASSHOLE", "jävla skit"])
def test_abusive_question_is_held_and_never_published_automatically(org, text):
    question = _ask(org, text=text)
    assert question.status == Question.Status.HELD
    assert question.published_at is None
    assert Client().get(f"/en/questions/{question.pk}/").status_code == 404
    assert question.pk not in [q.pk for q in Client().get("/en/questions/").context["questions"]]


def test_an_abusive_name_shown_holds_the_question_like_abusive_text(org, clients):
    # The name is published with the question, unmasked: it must not bypass the word list.
    question = _ask(org, text="Miksi jonot ovat pitkiä?", display_name="Vitun idiootit")
    assert question.status == Question.Status.HELD
    assert question.published_at is None
    assert Client().get(f"/en/questions/{question.pk}/").status_code == 404
    assert "idiootit" not in Client().get("/en/questions/").content.decode()
    # the moderator sees the name that held it
    page = clients["coordinator"].get(f"/en/questions/manage/{question.pk}/").content.decode()
    assert "Vitun idiootit" in page


def test_moderator_publishes_or_rejects_a_held_question(org, clients):
    held = _ask(org, text="Perkele, miksi?")
    other = _ask(org, text="Saatana!")
    url = f"/en/questions/manage/{held.pk}/"
    assert clients["resident"].post(url, {"action": "moderate"}).status_code == 403
    assert (
        clients["coordinator"].post(url, {"action": "moderate", "decision": "publish"}).status_code
        == 302
    )
    clients["coordinator"].post(
        f"/en/questions/manage/{other.pk}/", {"action": "moderate", "decision": "reject"}
    )
    held.refresh_from_db()
    other.refresh_from_db()
    assert held.status == Question.Status.OPEN
    assert other.status == Question.Status.REJECTED


def test_support_counts_once_per_person(org, clients, django_capture_on_commit_callbacks):
    question = _ask(org)
    url = f"/en/questions/{question.pk}/support/"
    clients["staff"].post(url)
    clients["staff"].post(url)
    question.refresh_from_db()
    assert question.support_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(url, {"email": "fan@example.test"})
    link = re.search(r"/questions/support/[^\s]+/", mail.outbox[-1].body).group(0)
    page = Client().get("/en" + link)  # opening the link shows a button and counts nothing
    assert "Confirm my support" in page.text
    question.refresh_from_db()
    assert question.support_count == 1
    Client().post("/en" + link)
    Client().post("/en" + link)
    question.refresh_from_db()
    assert question.support_count == 2
    assert Support.objects.filter(question=question).count() == 2
    # neither the table nor the link (which web servers log) holds the address
    assert not Support.objects.filter(key__icontains="fan@").exists()
    payload = signing.b64_decode(link.split("/")[-2].split(":")[0].encode())
    assert b"fan@" not in payload


def test_a_support_link_sent_before_keys_were_hashed_still_counts_once(org):
    question = _ask(org)
    old = signing.dumps({"q": question.pk, "e": "old@example.test"}, salt=services.SUPPORT_SALT)
    services.confirm_support(token=old)
    new = signing.dumps(
        {"q": question.pk, "h": services.supporter_key("Old@Example.test")},
        salt=services.SUPPORT_SALT,
    )
    services.confirm_support(token=new)
    question.refresh_from_db()
    assert question.support_count == 1
    forged = signing.dumps({"q": question.pk, "h": "u1"}, salt=services.SUPPORT_SALT)
    with pytest.raises(ValidationError):
        services.confirm_support(token=forged)


def _support_link(question, email):
    return signing.dumps(
        {"q": question.pk, "h": services.supporter_key(email)}, salt=services.SUPPORT_SALT
    )


def test_supporting_signed_in_and_again_by_email_counts_the_person_once(org, clients):
    # given a question supported by a signed-in resident
    question = _ask(org, user=org.staff)
    clients["resident"].post(f"/en/questions/{question.pk}/support/")
    # when the same person confirms a support by their account's address, signed out
    link = f"/en/questions/support/{_support_link(question, 'Resident@Example.test')}/"
    page = Client().post(link, follow=True)
    # then they are counted once, and told so
    question.refresh_from_db()
    assert question.support_count == 1
    assert Support.objects.filter(question=question).count() == 1
    assert "Your support of this question had already been counted." in page.text
    assert "Your support has been counted." not in page.text
    # and another address still counts
    _question, counted = services.confirm_support(token=_support_link(question, "x@example.test"))
    assert counted is True
    question.refresh_from_db()
    assert question.support_count == 2


def test_supporting_by_email_and_then_signed_in_counts_the_person_once(org, clients):
    question = _ask(org, user=org.staff)
    _question, counted = services.confirm_support(
        token=_support_link(question, "resident@example.test")
    )
    assert counted is True
    page = clients["resident"].post(f"/en/questions/{question.pk}/support/", follow=True)
    question.refresh_from_db()
    assert question.support_count == 1
    assert "You have already supported this question." in page.text
    # the table holds keyed hashes of the address, never the address
    assert not Support.objects.filter(email_key__icontains="resident@").exists()
    assert set(Support.objects.values_list("email_key", flat=True)) == {
        services.supporter_key("resident@example.test")
    }


def test_a_person_who_changed_their_address_still_supports_once_signed_in(org):
    question = _ask(org, user=org.staff)
    assert services.support(question=question, user=org.resident) is True
    org.resident.email = "new@example.test"
    org.resident.save(update_fields=["email"])
    assert services.support(question=question, user=org.resident) is False
    question.refresh_from_db()
    assert question.support_count == 1


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_confirming_a_support_again_says_it_was_already_counted(org, lang):
    question = _ask(org)
    link = f"/{lang}/questions/support/{_support_link(question, 'fan@example.test')}/"
    first = Client().post(link, follow=True).text
    again = Client().post(link, follow=True).text
    counted, already = {
        "fi": (
            "Kiitos. Kannatuksesi on laskettu.",
            "Kannatuksesi tälle kysymykselle oli jo laskettu.",
        ),
        "sv": ("Tack. Ditt stöd har räknats.", "Ditt stöd för frågan hade redan räknats."),
        "en": (
            "Thank you. Your support has been counted.",
            "Your support of this question had already been counted.",
        ),
    }[lang]
    assert counted in first
    assert already not in first
    assert already in again
    assert counted not in again
    question.refresh_from_db()
    assert question.support_count == 1


def test_the_migration_gives_supports_email_keys_and_drops_a_person_counted_twice(org):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kuulu.questions.migrations.0003_support_email_key")
    question = _ask(org, user=org.staff)
    other = _ask(org, user=org.staff)
    resident_by_email = services.supporter_key("resident@example.test")
    Support.objects.bulk_create(
        [
            Support(question=question, key=f"u{org.resident.pk}"),
            Support(question=question, key=resident_by_email),
            Support(question=question, key=services.supporter_key("fan@example.test")),
            Support(question=question, key="u999999"),  # an account since removed
            Support(question=other, key=resident_by_email),
        ]
    )
    Question.objects.filter(pk=question.pk).update(support_count=4)
    Question.objects.filter(pk=other.pk).update(support_count=1)
    migration.fill_email_keys(apps, None)
    assert sorted(Support.objects.filter(question=question).values_list("key", "email_key")) == (
        sorted(
            [
                (f"u{org.resident.pk}", resident_by_email),
                (
                    services.supporter_key("fan@example.test"),
                    services.supporter_key("fan@example.test"),
                ),
                ("u999999", ""),
            ]
        )
    )
    question.refresh_from_db()
    other.refresh_from_db()
    assert (question.support_count, other.support_count) == (3, 1)
    assert list(Support.objects.filter(question=other).values_list("email_key", flat=True)) == [
        resident_by_email
    ]


def test_the_migration_turns_stored_addresses_into_keyed_hashes(org):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kuulu.questions.migrations.0002_support_keys_hashed")
    question = _ask(org)
    Support.objects.create(question=question, key="ekept@example.test")
    Support.objects.create(question=question, key="u7")
    migration.hash_keys(apps, None)
    assert sorted(Support.objects.values_list("key", flat=True)) == sorted(
        [services.supporter_key("kept@example.test"), "u7"]
    )


def test_routing_sets_due_date_and_feeds_the_attention_queue(
    org, django_capture_on_commit_callbacks
):
    question = _ask(org)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.route(
            question=question, person=org.staff_person, due_on=today, actor=org.coordinator
        )
    with pytest.raises(ValidationError):
        services.route(
            question=question,
            person=org.manager_person,
            due_on=today - timedelta(days=1),
            actor=org.coordinator,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.route(
            question=question, person=org.manager_person, due_on=today, actor=org.coordinator
        )
    question.refresh_from_db()
    assert question.status == Question.Status.ROUTED
    assert question.due_on == today
    assert mail.outbox[-1].to == [org.manager_person.email]
    assert mail.outbox[-1].subject == "Asukkaan kysymys odottaa vastaustasi"  # the manager's fi
    org.manager.language = "sv"
    org.manager.save(update_fields=["language"])
    tasks.send_routed_notice.call(question_id=question.pk)
    assert mail.outbox[-1].subject == "En invånares fråga väntar på ditt svar"
    later = today + timedelta(days=1)
    coordinator_items = questions_work(actor_for(org.coordinator), later)
    assert [i.key for i in coordinator_items] == ["questions-overdue"]
    manager_items = questions_work(actor_for(org.manager), later)
    assert manager_items[0].key == "questions-mine"
    assert manager_items[0].urgency == 0
    assert questions_work(actor_for(org.staff), later) == []


def test_answer_with_recording_needs_transcript_and_real_media(
    org, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    question = _ask(org)
    services.route(
        question=question,
        person=org.manager_person,
        due_on=timezone.localdate(),
        actor=org.coordinator,
    )
    with pytest.raises(ValidationError) as exc:
        services.publish_answer(
            question=question,
            text="Vastaus",
            answerer=org.manager_person,
            media=SimpleUploadedFile("a.mp4", MP4),
        )
    assert "transcript" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.publish_answer(
            question=question,
            text="Vastaus",
            answerer=org.manager_person,
            media=SimpleUploadedFile("a.mp4", b"<html>not a video</html>"),
            transcript="Litterointi",
        )
    assert "media" in exc.value.message_dict
    received = []

    def receiver(sender, question, answer, **kwargs):  # type: ignore[no-untyped-def]
        received.append((question.pk, answer.pk))

    question_answered.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            answer = services.publish_answer(
                question=question,
                text="Jonoja lyhennetään.",
                answerer=org.manager_person,
                media=SimpleUploadedFile("a.mp4", MP4),
                transcript="Litterointi vastauksesta",
            )
    finally:
        question_answered.disconnect(receiver)
    assert received == [(question.pk, answer.pk)]
    assert mail.outbox[-1].to == [org.resident.email]
    assert f"/questions/{question.pk}/" in mail.outbox[-1].body
    assert answer.media_type == "video/mp4"
    assert answer.media.name.endswith(".mp4")
    html = Client().get(f"/en/questions/{question.pk}/").content.decode()
    assert "Jonoja lyhennetään." in html
    assert "Litterointi vastauksesta" in html
    assert "<video" in html
    with pytest.raises(ValidationError):
        services.publish_answer(question=question, text="Again", answerer=org.manager_person)


def test_answer_links_published_outcomes(org, clients):
    question = _ask(org)
    outcome = Outcome.objects.create(county=org.county, title="Lisää hoitajia", is_published=True)
    response = clients["coordinator"].post(
        f"/en/questions/manage/{question.pk}/",
        {"action": "answer", "text": "Palkkaamme lisää.", "outcomes": [outcome.pk]},
    )
    assert response.status_code == 302
    html = Client().get(f"/en/questions/{question.pk}/").content.decode()
    assert "Lisää hoitajia" in html


def test_a_coordinator_typing_in_a_routed_answer_publishes_it_in_the_answerers_name(org, clients):
    question = _ask(org)
    services.route(
        question=question,
        person=org.manager_person,
        due_on=timezone.localdate() + timedelta(days=7),
        actor=org.coordinator,
    )
    response = clients["coordinator"].post(
        f"/en/questions/manage/{question.pk}/", {"action": "answer", "text": "Vastaus."}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer.answered_by == org.manager_person
    unrouted = _ask(org, text="Toinen kysymys")
    clients["coordinator"].post(
        f"/en/questions/manage/{unrouted.pk}/", {"action": "answer", "text": "Vastaus."}
    )
    unrouted.refresh_from_db()
    assert unrouted.answer.answered_by.user == org.coordinator


def test_an_answerer_with_the_longest_names_the_person_form_allows_is_named_in_full(org, clients):
    # given a manager whose first and last names are as long as a person's may be (80 each)
    Person.objects.filter(pk=org.manager_person.pk).update(first_name="E" * 80, last_name="S" * 80)
    question = _ask(org)
    services.route(
        question=question,
        person=org.manager_person,
        due_on=timezone.localdate() + timedelta(days=7),
        actor=org.coordinator,
    )
    # when they answer
    response = clients["manager"].post(
        f"/en/questions/manage/{question.pk}/", {"action": "answer", "text": "Vastaus."}
    )
    # then the answer is published in their full name, which the column holds
    assert response.status_code == 302
    answer = Answer.objects.get(question=question)
    assert answer.answerer_name == "E" * 80 + " " + "S" * 80
    answer.full_clean()


def test_an_answerer_name_too_long_for_the_column_is_a_form_error(org, clients, monkeypatch):
    # A name longer than the person's fields allow (only possible around their checks) is
    # refused on the form, before anything is saved, rather than by the database.
    too_long = Person.objects.get(pk=org.manager_person.pk)
    too_long.first_name = "E" * 161
    monkeypatch.setattr(access, "answerer_for", lambda actor, question: too_long)
    question = _ask(org)
    response = clients["coordinator"].post(
        f"/en/questions/manage/{question.pk}/", {"action": "answer", "text": "Vastaus."}
    )
    assert response.status_code == 200
    assert response.context["forms"]["answer"].non_field_errors() == [
        "The answerer's name is longer than 161 characters. Shorten it in the person's details "
        "first."
    ]
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert not Answer.objects.exists()


def test_conversion_to_feedback_tells_the_asker_why(org, django_capture_on_commit_callbacks):
    question = _ask(org, text="Hoitaja kohteli äitiäni huonosti.", display_name="Maija")
    with django_capture_on_commit_callbacks(execute=True):
        services.convert(
            question=question,
            to="feedback",
            reason="Tämä koskee yksittäistä hoitotilannetta.",
            actor=org.coordinator,
        )
    question.refresh_from_db()
    feedback = Feedback.objects.get()
    assert question.feedback == feedback
    assert question.status == Question.Status.CONVERTED
    assert feedback.contact_email == org.resident.email
    assert feedback.text == question.text
    message = mail.outbox[-1]
    assert message.to == [org.resident.email]
    assert feedback.reference in message.body
    assert "yksittäistä hoitotilannetta" in message.body
    assert Client().get(f"/en/questions/{question.pk}/").status_code == 404


def test_conversion_to_complaint_needs_a_name(org, django_capture_on_commit_callbacks):
    anonymous = services.ask_question(
        county=org.county, text="Valitus", user=None, email="x@example.test"
    )
    services.confirm_email(token=services.confirmation_token(anonymous))
    with pytest.raises(ValidationError):
        services.convert(question=anonymous, to="complaint", reason="Muistutus", actor=None)
    named = _ask(org, text="Päätös oli väärä", display_name="Matti Meikäläinen")
    with django_capture_on_commit_callbacks(execute=True):
        services.convert(question=named, to="complaint", reason="Muistutus", actor=None)
    complaint = Complaint.objects.get()
    named.refresh_from_db()
    assert named.complaint == complaint
    assert complaint.reference in mail.outbox[-1].body


def test_answered_questions_are_searchable_by_theme_and_service(org):
    theme = Theme.objects.create(county=org.county, code="jonot", name="Jonot")
    a = _ask(org, text="Jonoista", theme=theme, service=org.area_a)
    b = _ask(org, text="Muusta", service=org.area_b)
    for question in (a, b):
        services.publish_answer(question=question, text="Vastaus", answerer=org.manager_person)
    client = Client()
    by_theme = client.get(f"/en/questions/?show=answered&theme={theme.pk}").context["questions"]
    assert [q.pk for q in by_theme] == [a.pk]
    by_service = client.get(f"/en/questions/?service={org.area_b.pk}").context["questions"]
    assert [q.pk for q in by_service] == [b.pk]
    assert [q.pk for q in client.get("/en/questions/?q=jonoista").context["questions"]] == [a.pk]


def test_the_service_filter_lists_only_active_service_areas(org):
    # given a question about a service area that has since closed
    question = _ask(org, text="Perhekeskuksesta", service=org.area_b)
    Unit.objects.filter(pk=org.area_b.pk).update(is_active=False)
    client = Client()
    # the filter offers only the active areas
    page = client.get("/en/questions/")
    assert list(page.context["services"]) == [org.area_a]
    assert f'<option value="{org.area_b.pk}"' not in page.text
    # the question is still listed, and its page names the closed area
    assert [q.pk for q in page.context["questions"]] == [question.pk]
    assert "Perhepalvelut" in client.get(f"/en/questions/{question.pk}/").text
    # an old link filtered on the closed area still shows it chosen, and finds the question
    old_link = client.get("/en/questions/", {"service": org.area_b.pk})
    assert f'<option value="{org.area_b.pk}" selected>' in old_link.text
    assert [q.pk for q in old_link.context["questions"]] == [question.pk]


@pytest.mark.parametrize("value", ["²", "\u0661", "99999999999999999999", "-1", "1.0"])
def test_a_theme_or_service_that_is_no_id_is_ignored_not_a_500(org, value):
    # "²" passes str.isdigit() but int() refuses it; 20 digits overflow the database integer.
    question = _ask(org, text="Jonoista")
    client = Client()
    for name in ("theme", "service"):
        response = client.get("/en/questions/", {name: value})
        assert response.status_code == 200
        assert [q.pk for q in response.context["questions"]] == [question.pk]


@override_settings(PUBLIC_FORM_LIMIT="2/h")
def test_ask_form_is_rate_limited(org):
    client = Client()
    statuses = [
        client.post(
            "/en/questions/ask/", {"text": f"q{i}", "email": "a@example.test", "rules": "on"}
        ).status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert Question.objects.count() == 2


def test_the_support_confirmation_is_in_the_supporters_language(
    org, django_capture_on_commit_callbacks
):
    from django.utils import translation

    question = _ask(org)
    assert question.status == Question.Status.OPEN
    mail.outbox.clear()
    with translation.override("sv"), django_capture_on_commit_callbacks(execute=True):
        services.support(question=question, email="stod@example.test")
    assert mail.outbox[-1].subject == "Bekräfta ditt stöd"
    assert "/sv/" in mail.outbox[-1].body


@pytest.mark.parametrize("typed", ["9999-12-31", "2101-01-01"])
def test_a_due_date_after_2100_is_a_form_error(org, clients, typed):
    """A typing slip such as 9999 was saved: the question never showed as late and the
    answerer was asked to answer by 31.12.9999."""
    question = _ask(org)

    response = clients["coordinator"].post(
        f"/en/questions/manage/{question.pk}/",
        {"action": "route", "person": org.manager_person.pk, "due_on": typed},
    )

    assert response.status_code == 200
    assert response.context["forms"]["route"].errors["due_on"] == [
        "Give a date between the years 2000 and 2100."
    ]
    question.refresh_from_db()
    assert (question.status, question.due_on, question.routed_to) == ("open", None, None)
    with pytest.raises(ValidationError) as raised:
        services.route(
            question=question,
            person=org.manager_person,
            due_on=timezone.localdate().replace(year=9999),
            actor=org.coordinator,
        )
    assert raised.value.message_dict == {"due_on": ["Give a date between the years 2000 and 2100."]}


@pytest.mark.parametrize("words", ["\x00", "jono\x00ista"])
def test_search_words_holding_a_nul_character_find_nothing_not_a_500(org, words):
    _ask(org, text="Jonoista")

    response = Client().get("/en/questions/", {"q": words})

    assert response.status_code == 200
    assert list(response.context["questions"]) == []


def test_an_identity_code_phone_or_email_in_the_name_shown_is_masked_but_the_name_kept(org):
    # The name shown is published unmasked beside the question: contact details and identity
    # codes typed into it were published with it, on the list and the question's page.
    question = _ask(
        org,
        text="Miksi jonot ovat pitkiä?",
        display_name="Maija 131052-308T 040 123 4567 maija@example.test",
    )
    assert question.status == Question.Status.OPEN
    assert question.display_name == "Maija [henkilötunnus] [puhelin] [sähköposti]"
    assert {"identity_code", "phone", "email"} <= set(question.masked_kinds.split(","))
    for url in ("/en/questions/", f"/en/questions/{question.pk}/"):
        html = Client().get(url).content.decode()
        assert "Maija [henkilötunnus]" in html
        for detail in ("131052-308T", "123 4567", "maija@example.test"):
            assert detail not in html
    plain = _ask(org, text="Entä ovet?", display_name="Matti Virtanen")
    assert plain.display_name == "Matti Virtanen"
