import json
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for
from kuulu.core.models import AuditEvent
from kuulu.events import services
from kuulu.events.models import Event, EventQuestion, Registration, Session
from kuulu.events.tests.factories import make_session
from kuulu.integrations import services as token_services
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

pytestmark = pytest.mark.django_db


def en(url: str) -> str:
    return "/en" + url[3:]


ORGANISER = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,
    "coordinator": 200,
    "admin": 200,
}


@pytest.fixture
def session(org):
    return make_session(org.county, capacity=2)


def event_post(**overrides):
    data = {
        "title_fi": "Uusi koulutus",
        "title_sv": "",
        "title_en": "New training",
        "description_fi": "Kuvaus",
        "format": "webinar",
        "language": "fi",
        "audiences": ["for_staff", "for_managers"],
        "registration_closes_days": "7",
        "waitlist": "on",
        "ask_accessibility": "on",
        "status": "published",
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-time": "13.00",
        "agenda-0-item": "Avaus",
        "agenda-1-time": "",
        "agenda-1-item": "",
        "agenda-2-time": "",
        "agenda-2-item": "",
    }
    data.update(overrides)
    return data


def session_post(**overrides):
    data = {
        "date": "2027-03-01",
        "start_time": "10:00",
        "end_time": "12:00",
        "venue": "Kajaanin kaupungintalo",
        "address": "Pohjolankatu 13",
        "municipality": "",
        "online_url": "",
        "capacity": "20",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", list(ORGANISER))
def test_event_create_role_matrix(role, clients, org):
    before = Event.objects.count()
    assert clients[role].get(reverse("events:event_create")).status_code == ORGANISER[role]
    response = clients[role].post(reverse("events:event_create"), event_post())
    if ORGANISER[role] == 200:
        assert response.status_code == 302
        event = Event.objects.get(title_fi="Uusi koulutus")
        assert event.agenda == [{"time": "13.00", "item": "Avaus"}]
        assert event.format == "webinar"
        assert (event.for_staff, event.for_managers, event.for_public) == (True, True, False)
        assert response["Location"] == reverse("events:event_edit", args=[event.pk])
    else:
        assert response.status_code == ORGANISER[role]
        assert Event.objects.count() == before


def test_a_coordinator_creates_events_in_their_own_county(org):
    """A second county's coordinator got events in the installation's first county: shown
    to that county's staff, and not theirs to edit (the page after saving was a 403)."""
    from kuulu.organisation.tests.factories import make_county, make_person, make_unit

    other = make_county()
    unit = make_unit(other, code="b-area", name_fi="Alue B")
    coordinator = make_person(
        other, kind="staff", unit=unit, is_coordinator=True, email="coord-b@example.test"
    ).user
    client = Client()
    client.force_login(coordinator)
    response = client.post(reverse("events:event_create"), event_post(), follow=True)
    event = Event.objects.get(title_fi="Uusi koulutus")
    assert event.county == other
    assert response.status_code == 200
    token = token_services.create_token(user=coordinator, name="b").raw
    created = Client().post(
        "/api/v1/events",
        json.dumps({"title_fi": "API-koulutus"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert created.status_code == 201
    assert Event.objects.get(pk=created.json()["id"]).county == other


@pytest.mark.parametrize("role", list(ORGANISER))
def test_event_edit_role_matrix(role, clients, org, session):
    url = reverse("events:event_edit", args=[session.event_id])
    assert clients[role].get(url).status_code == ORGANISER[role]
    response = clients[role].post(url, event_post(title_fi="Muutettu"))
    event = Event.objects.get(pk=session.event_id)
    if ORGANISER[role] == 200:
        assert response.status_code == 302
        assert event.title_fi == "Muutettu"
    else:
        assert response.status_code == ORGANISER[role]
        assert event.title_fi == "Osallisuustyöpaja"


@pytest.mark.parametrize("role", list(ORGANISER))
def test_session_pages_role_matrix(role, clients, org, session):
    expected = ORGANISER[role]
    create = reverse("events:session_create", args=[session.event_id])
    edit = reverse("events:session_edit", args=[session.pk])
    assert clients[role].get(create).status_code == expected
    assert clients[role].get(edit).status_code == expected
    created = clients[role].post(create, session_post())
    edited = clients[role].post(edit, session_post(capacity="9"))
    if expected == 200:
        assert (created.status_code, edited.status_code) == (302, 302)
        assert Session.objects.get(pk=session.pk).capacity == 9
        new = Session.objects.exclude(pk=session.pk).get()
        assert new.starts_at == datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # 10:00 Helsinki
        deleted = clients[role].post(reverse("events:session_delete", args=[new.pk]))
        assert deleted.status_code == 302
        assert Session.objects.count() == 1
    else:
        assert (created.status_code, edited.status_code) == (expected, expected)
        assert Session.objects.count() == 1
        assert Session.objects.get(pk=session.pk).capacity == 2
        deleted = clients[role].post(reverse("events:session_delete", args=[session.pk]))
        assert deleted.status_code == expected
        assert Session.objects.count() == 1


@pytest.mark.parametrize("role", list(ORGANISER))
def test_question_pages_role_matrix(role, clients, org, session):
    expected = ORGANISER[role]
    create = reverse("events:question_create", args=[session.event_id])
    assert clients[role].get(create).status_code == expected
    response = clients[role].post(
        create,
        {
            "text_fi": "Mikä teema?",
            "kind": "choice",
            "choices_text": "A\nB\n",
            "required": "on",
            "position": "1",
        },
    )
    if expected != 200:
        assert response.status_code == expected
        assert EventQuestion.objects.count() == 0
        question = EventQuestion.objects.create(event=session.event, text_fi="Q", kind="text")
    else:
        assert response.status_code == 302
        question = EventQuestion.objects.get()
        assert (question.choices, question.required) == (["A", "B"], True)
    edit = reverse("events:question_edit", args=[question.pk])
    assert clients[role].get(edit).status_code == expected
    clients[role].post(edit, {"text_fi": "Muutettu", "kind": "text", "position": "2"})
    question.refresh_from_db()
    assert (question.text_fi == "Muutettu") == (expected == 200)
    clients[role].post(reverse("events:question_delete", args=[question.pk]))
    assert EventQuestion.objects.exists() == (expected != 200)


@pytest.mark.parametrize("role", list(ORGANISER))
def test_organiser_list_role_matrix(role, clients, org, session):
    expected = {**ORGANISER, "other_staff": 200, "staff": 200, "manager": 200}[role]
    response = clients[role].get(reverse("events:organise"))
    assert response.status_code == expected
    if expected == 200:
        listed = [e.pk for e in response.context["events"]]
        assert listed == ([session.event_id] if ORGANISER[role] == 200 else [])


def test_named_organiser_can_edit_but_not_create(clients, org, session):
    session.event.organisers.add(org.staff)
    url = reverse("events:event_edit", args=[session.event_id])
    assert clients["staff"].get(url).status_code == 200
    response = clients["staff"].post(url, event_post(title_fi="Järjestäjän muokkaama"))
    assert response.status_code == 302
    assert Event.objects.get(pk=session.event_id).title_fi == "Järjestäjän muokkaama"
    assert clients["staff"].post(reverse("events:event_create"), event_post()).status_code == 403
    assert Event.objects.count() == 1
    assert "organisers" not in clients["staff"].get(url).context["form"].fields
    assert list(Event.objects.get(pk=session.event_id).organisers.all()) == [org.staff]
    listed = clients["staff"].get(en(reverse("events:organise")))
    assert [e.pk for e in listed.context["events"]] == [session.event_id]
    assert "New event" not in listed.content.decode()
    assert 'href="/en/events/organise/"' in clients["staff"].get("/en/events/").content.decode()
    assert "/events/organise/" not in clients["manager"].get("/en/events/").content.decode()


def test_an_event_is_created_in_the_coordinators_own_county(org):
    other = make_county()
    unit = make_unit(other, code="other-area", name_fi="Palvelut")
    coordinator = make_person(
        other, kind="staff", unit=unit, is_coordinator=True, email="c2@example.test"
    ).user
    token = token_services.create_token(user=coordinator, name="t").raw

    page = client_for(coordinator).post(reverse("events:event_create"), event_post())
    api = Client().post(
        "/api/v1/events",
        json.dumps({"title_fi": "Rajapinnan tapahtuma"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert (page.status_code, api.status_code) == (302, 201)
    assert Event.objects.get(title_fi="Uusi koulutus").county == other
    assert Event.objects.get(title_fi="Rajapinnan tapahtuma").county == other


def test_organisers_are_chosen_from_staff(clients, org):
    response = clients["coordinator"].post(
        reverse("events:event_create"),
        event_post(organisers=[org.staff_person.pk, org.resident_person.pk]),
    )
    assert response.status_code == 200
    assert "organisers" in response.context["form"].errors
    clients["coordinator"].post(
        reverse("events:event_create"), event_post(organisers=[org.staff_person.pk])
    )
    assert list(Event.objects.get().organisers.all()) == [org.staff]


def test_drafts_are_invisible_to_the_public_but_visible_to_organisers(clients, org):
    clients["coordinator"].post(reverse("events:event_create"), event_post(status="draft"))
    event = Event.objects.get()
    services.create_session(
        event=event,
        data={
            "starts_at": datetime(2027, 3, 1, 8, tzinfo=UTC),
            "ends_at": datetime(2027, 3, 1, 9, tzinfo=UTC),
            "capacity": 5,
        },
    )
    detail = reverse("events:detail", args=[event.pk])
    assert clients["anonymous"].get(detail).status_code == 404
    assert clients["staff"].get(detail).status_code == 404
    assert (
        "Uusi koulutus"
        not in clients["staff"].get("/fi/events/month/?month=2027-03").content.decode()
    )
    assert clients["coordinator"].get(detail).status_code == 200


def test_lowering_capacity_below_attendance_is_a_form_error(clients, org, session):
    for n in range(2):
        services.register(session=session, name=f"P{n}", email=f"p{n}@example.test")
    response = clients["coordinator"].post(
        en(reverse("events:session_edit", args=[session.pk])), session_post(capacity="1")
    )
    assert response.status_code == 200
    assert "2 people already have a place" in response.content.decode()
    assert Session.objects.get(pk=session.pk).capacity == 2


def test_raising_capacity_promotes_the_waitlist_and_emails(
    clients, org, session, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(3):
        services.register(session=session, name=f"P{n}", email=f"p{n}@example.test")
    start = session.starts_at.astimezone()
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["coordinator"].post(
            reverse("events:session_edit", args=[session.pk]),
            session_post(
                capacity="3",
                date=start.strftime("%Y-%m-%d"),
                start_time=start.strftime("%H:%M"),
                end_time=(session.ends_at.astimezone()).strftime("%H:%M"),
            ),
        )
    assert response.status_code == 302
    waitlisted = Registration.objects.get(email="p2@example.test")
    assert waitlisted.status == "attending"
    assert [m.to for m in mailoutbox] == [["p2@example.test"]]
    assert Session.objects.get(pk=session.pk).attending_count == 3


def test_deleting_a_session_with_registrations_is_refused(clients, org, session):
    services.register(session=session, name="P", email="p@example.test")
    response = clients["coordinator"].post(
        en(reverse("events:session_delete", args=[session.pk])), follow=True
    )
    assert "cannot be deleted" in response.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()


def test_session_must_end_after_it_starts(clients, org, session):
    response = clients["coordinator"].post(
        en(reverse("events:session_create", args=[session.event_id])),
        session_post(start_time="12:00", end_time="11:00"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"end_time": ["A session must end after it starts."]}
    assert Session.objects.count() == 1


@pytest.mark.parametrize("day", ["0001-01-01", "1900-05-01", "2101-01-01"])
def test_session_date_outside_2000_to_2100_is_a_form_error(clients, org, session, day):
    """A year-1 date (a slip of the keyboard) was saved and broke the event: on PostgreSQL
    its UTC time falls before year 1 and every page reading the session gave a 500; SQLite
    gave the 500 at once."""
    response = clients["coordinator"].post(
        en(reverse("events:session_create", args=[session.event_id])),
        session_post(date=day, start_time="00:30", end_time="01:30"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "date": ["Give a date between the years 2000 and 2100."]
    }
    assert Session.objects.count() == 1


def test_registration_opening_outside_2000_to_2100_is_a_form_error(clients, org, session):
    response = clients["coordinator"].post(
        en(reverse("events:event_edit", args=[session.event_id])),
        event_post(registration_opens_at="0001-01-01T00:30"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "registration_opens_at": ["Give a date between the years 2000 and 2100."]
    }
    assert Event.objects.get(pk=session.event_id).registration_opens_at is None


def test_services_refuse_session_times_outside_2000_to_2100(org, session):
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import translation

    early = datetime(1, 1, 1, 0, 30, tzinfo=UTC)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.create_session(
            event=session.event,
            data={"starts_at": early, "ends_at": early + timedelta(hours=1), "capacity": 5},
        )
    assert excinfo.value.message_dict == {
        "starts_at": ["Give a date between the years 2000 and 2100."]
    }
    assert Session.objects.count() == 1


def test_choice_question_needs_two_options(clients, org, session):
    response = clients["coordinator"].post(
        en(reverse("events:question_create", args=[session.event_id])),
        {"text_fi": "Mikä?", "kind": "choice", "choices_text": "Vain yksi", "position": "1"},
    )
    assert response.context["form"].errors == {
        "choices_text": ["Give at least two options, one per line."]
    }
    assert EventQuestion.objects.count() == 0


def test_published_event_with_registrations_cannot_go_back_to_draft(clients, org, session):
    services.register(session=session, name="P", email="p@example.test")
    response = clients["coordinator"].post(
        reverse("events:event_edit", args=[session.event_id]), event_post(status="draft")
    )
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert Event.objects.get(pk=session.event_id).status == "published"


def test_edits_are_audited(clients, org, session):
    clients["coordinator"].post(
        reverse("events:event_edit", args=[session.event_id]), event_post(title_fi="Uusi nimi")
    )
    row = AuditEvent.objects.filter(object_type="events.event", action="update").get()
    assert "title_fi" in row.changed_fields


# --- API ---------------------------------------------------------------------------------------


def patch(url, body, user):
    token = token_services.create_token(user=user, name="t").raw
    return Client().patch(
        url, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_api_patch_event(org, session):
    url = f"/api/v1/events/{session.event_id}"
    ok = patch(
        url, {"title_fi": "Päivitetty", "waitlist": False, "status": "draft"}, org.coordinator
    )
    assert ok.status_code == 200
    event = Event.objects.get(pk=session.event_id)
    assert (event.title_fi, event.waitlist, event.status, event.title_en) == (
        "Päivitetty",
        False,
        "draft",
        "Participation workshop",
    )
    assert patch(url, {"title_fi": "X"}, org.staff).status_code == 403
    assert patch("/api/v1/events/999999", {"title_fi": "X"}, org.coordinator).status_code == 404
    for bad in (
        {"status": "cancelled"},
        {"title_fi": ""},
        {"registration_closes_days": -1},
        {"title_fi": None},
        {"colour": "red"},
    ):
        assert patch(url, bad, org.coordinator).status_code == 422, bad
    assert Event.objects.get(pk=session.event_id).title_fi == "Päivitetty"
    session.event.organisers.add(org.staff)
    assert patch(url, {"description_fi": "Järjestäjältä"}, org.staff).status_code == 200


def test_api_patch_session_capacity_and_times(
    org, session, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(3):
        services.register(session=session, name=f"P{n}", email=f"p{n}@example.test")
    url = f"/api/v1/events/sessions/{session.pk}"
    conflict = patch(url, {"capacity": 1}, org.coordinator)
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "conflict"
    with django_capture_on_commit_callbacks(execute=True):
        ok = patch(url, {"capacity": 4, "venue": "Uusi sali"}, org.coordinator)
    assert ok.status_code == 200
    assert (ok.json()["capacity"], ok.json()["attending"], ok.json()["venue"]) == (
        4,
        3,
        "Uusi sali",
    )
    assert [m.to for m in mailoutbox] == [["p2@example.test"]]
    backwards = patch(
        url,
        {"starts_at": "2027-03-01T12:00:00+02:00", "ends_at": "2027-03-01T10:00:00+02:00"},
        org.coordinator,
    )
    assert backwards.status_code == 422
    assert patch(url, {"capacity": 0}, org.coordinator).status_code == 422
    assert patch(url, {"starts_at": "2027-03-01T12:00:00"}, org.coordinator).status_code == 422
    assert patch(url, {"capacity": 9}, org.staff).status_code == 403
    assert (
        patch("/api/v1/events/sessions/999999", {"capacity": 9}, org.coordinator).status_code == 404
    )
    assert Session.objects.get(pk=session.pk).capacity == 4


def post(url, body, user):
    token = token_services.create_token(user=user, name="p").raw
    return Client().post(
        url, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_api_creation_checks_like_the_pages_and_is_audited(org, session):
    """The API's event and session creation wrote rows directly: a NUL character was a 500 on
    PostgreSQL (text cannot hold it), an event could be born cancelled, a session in year 1
    broke the event's pages, and nothing went to the audit log."""
    events_before = Event.objects.count()
    for bad in (
        {"title_fi": "Koulutus\x00"},
        {"title_fi": "Koulutus", "description_fi": "a\x00b"},
        {"title_fi": "Koulutus", "status": "cancelled"},
    ):
        assert post("/api/v1/events", bad, org.coordinator).status_code == 422, bad
    assert Event.objects.count() == events_before
    url = f"/api/v1/events/{session.event_id}/sessions"
    times = {"starts_at": "2027-03-01T10:00:00+02:00", "ends_at": "2027-03-01T12:00:00+02:00"}
    for bad in (
        {**times, "capacity": 5, "venue": "Sali\x00"},
        {**times, "capacity": 5, "address": "Katu\x00"},
        {
            "starts_at": "0001-01-01T00:30:00+02:00",
            "ends_at": "0001-01-01T01:30:00+02:00",
            "capacity": 5,
        },
    ):
        assert post(url, bad, org.coordinator).status_code == 422, bad
    assert Session.objects.count() == 1
    sessions = f"/api/v1/events/sessions/{session.pk}"
    assert patch(sessions, {"venue": "Sali\x00"}, org.coordinator).status_code == 422
    assert Session.objects.get(pk=session.pk).venue == "Kainuun Osaamiskeskus"
    created = post("/api/v1/events", {"title_fi": "API-koulutus"}, org.coordinator)
    assert created.status_code == 201
    event_id = created.json()["id"]
    made = post(f"/api/v1/events/{event_id}/sessions", {**times, "capacity": 5}, org.coordinator)
    assert made.status_code == 201
    assert list(
        AuditEvent.objects.filter(action="create", object_type__startswith="events.")
        .order_by("id")
        .values_list("object_type", flat=True)
    ) == ["events.event", "events.session"]


def test_a_cancelled_event_cannot_be_published_again(
    clients, org, session, mailoutbox, django_capture_on_commit_callbacks
):
    """Everyone registered was told the event is cancelled, and their registrations stay as
    they were: publishing it again brought it back without a word to them (and reminders
    would have followed), so a cancelled event stays cancelled."""
    services.register(session=session, name="P", email="p@example.test")
    services.cancel_event(event=session.event)
    url = en(reverse("events:event_edit", args=[session.event_id]))
    form = clients["coordinator"].get(url).context["form"]
    assert [value for value, _label in form.fields["status"].choices] == ["cancelled"]
    response = clients["coordinator"].post(url, event_post(status="published"))
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    refused = patch(f"/api/v1/events/{session.event_id}", {"status": "published"}, org.coordinator)
    assert refused.status_code == 422
    assert [e["loc"] for e in refused.json()["errors"]] == [["body", "status"]]
    assert Event.objects.get(pk=session.event_id).status == "cancelled"
    ok = clients["coordinator"].post(url, event_post(status="cancelled", title_fi="Peruttu"))
    assert ok.status_code == 302
    assert Event.objects.get(pk=session.event_id).title_fi == "Peruttu"


def test_the_organiser_list_shows_only_the_own_countys_events(clients, org, session):
    """A coordinator's list of events to organise held every county's events, drafts and
    internal ones included, though opening any of them was refused."""
    other = make_county()
    make_session(other, title_fi="Toisen alueen luonnos", status=Event.Status.DRAFT)
    make_session(other, title_fi="Toisen alueen sisäinen", for_public=False)

    listed = clients["coordinator"].get(reverse("events:organise"))

    assert [e.pk for e in listed.context["events"]] == [session.event_id]
    assert "Toisen alueen" not in listed.content.decode()
    assert len(clients["admin"].get(reverse("events:organise")).context["events"]) == 3


TEAMS_LINK = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_"
    + "N2E3ZTgxYjQtYzM5Ni00ZDc1LWE5ZjYtMzU1OTI4ZjY2M2Rk" * 4
    + "%40thread.v2/0?context=%7b%22Tid%22%3a%22"
    + "0a1b2c3d-4e5f-6789-abcd-ef0123456789" * 3
    + "%22%7d"
)


def test_a_long_meeting_link_is_kept_and_an_overlong_one_is_a_form_error(clients, org, session):
    """A Teams meeting link runs to several hundred characters: the column held 200, so on
    PostgreSQL saving such a session was a 500 and the organiser lost the form."""
    assert 300 < len(TEAMS_LINK) < 2000
    create = en(reverse("events:session_create", args=[session.event_id]))

    saved = clients["coordinator"].post(create, session_post(online_url=TEAMS_LINK))
    overlong = clients["coordinator"].post(
        create, session_post(online_url="https://example.test/" + "a" * 2000)
    )

    assert saved.status_code == 302
    assert Session.objects.exclude(pk=session.pk).get().online_url == TEAMS_LINK
    assert overlong.status_code == 200
    assert overlong.context["form"].errors == {
        "online_url": ["Ensure this value has at most 2000 characters (it has 2021)."]
    }
    assert Session.objects.count() == 2
