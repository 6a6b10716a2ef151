import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kuulu.events import services
from kuulu.events.models import Event, Registration, Session
from kuulu.events.tests.factories import make_session
from kuulu.integrations import services as token_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(org):
    return make_session(org.county, capacity=1, ask_dietary=True)


def test_public_calendar_lists_public_events_only(org, session):
    internal = make_session(
        org.county, for_public=False, for_staff=True, title_fi="Sisäinen koulutus"
    )
    public_html = Client().get("/fi/events/").content.decode()
    assert "Osallisuustyöpaja" in public_html
    assert "Sisäinen koulutus" not in public_html
    staff = Client()
    staff.force_login(org.staff)
    assert "Sisäinen koulutus" in staff.get("/fi/events/").content.decode()
    assert Client().get(reverse("events:detail", args=[internal.event_id])).status_code == 404


def test_calendar_filters_and_htmx_fragment(org, session):
    make_session(org.county, title_fi="Webinaari", format=Event.Format.WEBINAR)
    response = Client().get("/fi/events/?format=webinar", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Webinaari" in body
    assert "Osallisuustyöpaja" not in body


def test_calendar_query_count_is_fixed(org, django_assert_max_num_queries):
    make_session(org.county)
    with django_assert_max_num_queries(4) as ctx:
        Client().get("/fi/events/")
    for _ in range(30):
        make_session(org.county)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        Client().get("/fi/events/")


def test_public_registration_then_waitlist_then_cancel_by_link(
    org, session, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("events:register", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = Client().post(
            url,
            {
                "name": "Maija Meikäläinen",
                "email": "maija@example.test",
                "language": "fi",
                "dietary": "gluteeniton",
            },
        )
        second = Client().post(
            url, {"name": "Matti", "email": "matti@example.test", "language": "sv"}
        )
    assert (first.status_code, second.status_code) == (302, 302)
    assert list(Registration.objects.order_by("id").values_list("status", flat=True)) == [
        "attending",
        "waitlisted",
    ]
    assert mailoutbox[1].to == ["matti@example.test"]
    token = services.cancel_token(Registration.objects.get(email="maija@example.test"))
    page = Client().get(reverse("events:cancel", args=[token]))
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("events:cancel", args=[token]))
    assert Registration.objects.get(email="matti@example.test").status == "attending"
    assert Client().get(reverse("events:cancel", args=["forged"])).status_code == 404


def test_invalid_registration_shows_errors_and_saves_nothing(org, session):
    response = Client().post(
        "/en" + reverse("events:register", args=[session.pk])[3:],
        {"name": "", "email": "nope", "language": "fi"},
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert Registration.objects.count() == 0


def test_closed_registration_is_409(org):
    closed = make_session(org.county, days_ahead=3)
    response = Client().post(
        reverse("events:register", args=[closed.pk]),
        {"name": "A", "email": "a@example.test", "language": "fi"},
    )
    assert response.status_code == 409
    assert Registration.objects.count() == 0


def test_ics_download_and_feed(org, session):
    ics = Client().get(reverse("events:ics", args=[session.event_id]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content
    feed = Client().get(reverse("events:feed"))
    assert f"session-{session.pk}@".encode() in feed.content


ORGANISER = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(ORGANISER))
def test_registrations_and_export_role_matrix(role, clients, org, session):
    services.register(
        session=session, name="Maija", email="maija@example.test", dietary="=cmd|' /C calc'!A0"
    )
    response = clients[role].get(reverse("events:registrations", args=[session.event_id]))
    assert response.status_code == ORGANISER[role]
    export = clients[role].get(reverse("events:registrations_csv", args=[session.event_id]))
    assert export.status_code == ORGANISER[role]
    if ORGANISER[role] == 200:
        text = export.content.decode("utf-8-sig")
        assert "'=cmd" in text
        assert "maija@example.test" in text


def test_named_staff_organiser_can_mark_attendance(clients, org, session):
    session.event.organisers.add(org.staff)
    registration, _ = services.register(session=session, name="Maija", email="maija@example.test")
    start = timezone.now() - timedelta(hours=1)
    Session.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=3)
    )
    response = clients["staff"].post(
        reverse("events:attendance", args=[registration.pk]), {"attended": "yes"}
    )
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).attended is True
    assert (
        clients["other_staff"]
        .post(reverse("events:attendance", args=[registration.pk]), {"attended": "no"})
        .status_code
        == 403
    )
    assert Registration.objects.get(pk=registration.pk).attended is True


def test_attendance_for_a_session_ahead_is_refused_and_not_offered(clients, org, session):
    registration, _ = services.register(session=session, name="Maija", email="maija@example.test")
    with translation.override("en"):
        url = reverse("events:attendance", args=[registration.pk])
        page = clients["coordinator"].get(reverse("events:registrations", args=[session.event_id]))
    assert url not in page.content.decode()
    response = clients["coordinator"].post(url, {"attended": "yes"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Attendance can be recorded once the session has started."
    ]
    assert Registration.objects.get(pk=registration.pk).attended is None


def api_register(session, payload):
    return Client().post(
        f"/api/v1/events/sessions/{session.pk}/registrations",
        json.dumps(payload),
        content_type="application/json",
    )


def test_api_registration_statuses(org, session):
    first = api_register(session, {"name": "A", "email": "a@example.test"})
    second = api_register(session, {"name": "B", "email": "b@example.test"})
    again = api_register(session, {"name": "A", "email": "A@example.test"})
    assert (first.status_code, first.json()["status"]) == (201, "attending")
    assert (second.status_code, second.json()["status"]) == (201, "waitlisted")
    # The existing registration's status, but never its id or cancel link (anyone knowing an
    # address could otherwise cancel that person's place).
    assert again.status_code == 200
    assert again.json() == {
        "id": None,
        "session_id": session.pk,
        "status": "attending",
        "cancel_token": None,
    }
    cancelled = Client().delete(f"/api/v1/events/registrations/{first.json()['cancel_token']}")
    assert cancelled.status_code == 204
    assert Registration.objects.get(email="b@example.test").status == "attending"


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "A"},
        {"name": "A", "email": "x"},
        {"name": "A", "email": "a@example.test", "extra": 1},
        {"name": "", "email": "a@example.test"},
    ],
)
def test_api_registration_invalid_input_is_422(org, session, payload):
    assert api_register(session, payload).status_code == 422
    assert Registration.objects.count() == 0


def test_api_registration_full_without_waitlist_is_409(org):
    session = make_session(org.county, capacity=1, waitlist=False)
    api_register(session, {"name": "A", "email": "a@example.test"})
    response = api_register(session, {"name": "B", "email": "b@example.test"})
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_api_create_event_and_session_needs_coordinator(org):
    coordinator = token_services.create_token(user=org.coordinator, name="x").raw
    staff = token_services.create_token(user=org.staff, name="y").raw
    body = json.dumps(
        {"title_fi": "Webinaari asiakaspalautteesta", "format": "webinar", "status": "published"}
    )
    refused = Client().post(
        "/api/v1/events",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {staff}",
    )
    assert refused.status_code == 403
    created = Client().post(
        "/api/v1/events",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {coordinator}",
    )
    assert created.status_code == 201
    event_id = created.json()["id"]
    session_body = json.dumps(
        {
            "starts_at": "2027-03-01T10:00:00+02:00",
            "ends_at": "2027-03-01T12:00:00+02:00",
            "capacity": 50,
        }
    )
    made = Client().post(
        f"/api/v1/events/{event_id}/sessions",
        session_body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {coordinator}",
    )
    assert made.status_code == 201
    from datetime import UTC, datetime

    assert datetime.fromisoformat(made.json()["starts_at"]) == datetime(
        2027, 3, 1, 8, 0, tzinfo=UTC
    )


def test_public_api_and_feed_do_not_reveal_online_links(org):
    from kuulu.events.models import Session

    session = make_session(org.county)
    Session.objects.filter(pk=session.pk).update(
        venue="", address="", online_url="https://example.invalid/secret-room"
    )
    assert b"secret-room" not in Client().get("/api/v1/events/sessions").content
    assert b"secret-room" not in Client().get(reverse("events:feed")).content
    assert (
        b"secret-room" not in Client().get(reverse("events:ics", args=[session.event_id])).content
    )


def test_api_session_times_must_carry_a_time_zone(org):
    coordinator = token_services.create_token(user=org.coordinator, name="x").raw
    event = make_session(org.county).event
    body = json.dumps(
        {"starts_at": "2027-03-01T10:00:00", "ends_at": "2027-03-01T12:00:00", "capacity": 5}
    )
    response = Client().post(
        f"/api/v1/events/{event.pk}/sessions",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {coordinator}",
    )
    assert response.status_code == 422
    assert event.sessions.count() == 1


def test_api_registration_refuses_nul_characters(org, session):
    assert api_register(session, {"name": "A\u0000B", "email": "a@example.test"}).status_code == 422
    assert Registration.objects.count() == 0


def test_events_for_elected_officials_are_visible_to_them(org):
    from kuulu.organisation.tests.factories import make_person

    official = make_person(org.county, kind="elected_official", email="valtuutettu@example.test")
    session = make_session(
        org.county, for_public=False, for_elected=True, title_fi="Luottamushenkilöiden koulutus"
    )
    client = Client()
    client.force_login(official.user)
    assert client.get(reverse("events:detail", args=[session.event_id])).status_code == 200
    assert "Luottamushenkilöiden koulutus" in client.get("/fi/events/").content.decode()
    assert clients_resident_cannot_see(org, session)


def clients_resident_cannot_see(org, session):
    client = Client()
    client.force_login(org.resident)
    return client.get(reverse("events:detail", args=[session.event_id])).status_code == 404


def test_registration_closes_on_the_helsinki_wall_clock_across_daylight_saving(org):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    helsinki = ZoneInfo("Europe/Helsinki")
    session = make_session(org.county)
    session.starts_at = datetime(
        2027, 4, 5, 9, 0, tzinfo=helsinki
    )  # summer time; 14 days earlier is winter time
    assert session.registration_closes_at == datetime(2027, 3, 22, 9, 0, tzinfo=helsinki)


def test_public_calendar_does_not_name_internal_programmes(org):
    from kuulu.events.models import Programme

    internal = Programme.objects.create(county=org.county, name_fi="Sisäinen akatemia")
    make_session(org.county, for_public=False, for_managers=True, programme=internal)
    assert "Sisäinen akatemia" not in Client().get("/fi/events/").content.decode()
    staff = Client()
    staff.force_login(org.staff)
    assert "Sisäinen akatemia" in staff.get("/fi/events/").content.decode()


@pytest.mark.parametrize("role", list(ORGANISER))
def test_xlsx_export_and_event_cancel_role_matrix(role, clients, org, session):
    from io import BytesIO

    from openpyxl import load_workbook

    services.register(session=session, name="=1+2", email="maija@example.test")
    export = clients[role].get(reverse("events:registrations_xlsx", args=[session.event_id]))
    assert export.status_code == ORGANISER[role]
    if ORGANISER[role] == 200:
        rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
        assert rows[1][1] == "'=1+2"
    response = clients[role].post(reverse("events:event_cancel", args=[session.event_id]))
    session.event.refresh_from_db()
    if ORGANISER[role] == 200:
        assert response.status_code == 302
        assert session.event.status == Event.Status.CANCELLED
    else:
        assert response.status_code == ORGANISER[role]
        assert session.event.status == Event.Status.PUBLISHED


def test_staff_of_another_county_see_no_internal_events_and_organise_nothing(org):
    from kuulu.organisation.tests.factories import make_county, make_person, make_unit

    internal = make_session(org.county, for_public=False, for_staff=True, title_fi="Sisäinen")
    county = make_county()
    unit = make_unit(county, code="muu")
    stranger = Client()
    stranger.force_login(make_person(county, kind="staff", unit=unit).user)
    assert stranger.get(reverse("events:detail", args=[internal.event_id])).status_code == 404
    assert "Sisäinen" not in stranger.get("/fi/events/").content.decode()
    coordinator = Client()
    coordinator.force_login(make_person(county, kind="staff", unit=unit, is_coordinator=True).user)
    url = reverse("events:registrations", args=[internal.event_id])
    assert coordinator.get(url).status_code == 403
    own = Client()
    own.force_login(org.staff)
    assert "Sisäinen" in own.get("/fi/events/").content.decode()


def test_each_sessions_registration_form_has_its_own_field_ids(org, session):
    """With two sessions open, both forms used the ids id_name, id_email...: every label of the
    second form named a field of the first, and a refused registration showed its errors and
    typed details under every session."""
    import re

    second = Session.objects.create(
        event=session.event,
        starts_at=session.starts_at + timedelta(days=7),
        ends_at=session.ends_at + timedelta(days=7),
        venue="Toinen paikka",
        capacity=5,
    )
    client = Client()

    page = client.get(f"/en/events/{session.event_id}/").content.decode()
    refused = client.post(
        reverse("events:register", args=[second.pk]),
        {"name": "Maija Meikäläinen", "email": "not-an-address", "language": "fi"},
    )

    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for shown in (session, second):
        assert f'<label for="s{shown.pk}_name"' in page
        assert f'id="s{shown.pk}_name"' in page
    assert refused.status_code == 200
    first_form, second_form = (s.form for s in refused.context["sessions"])
    assert (first_form.is_bound, list(second_form.errors)) == (False, ["email"])
    assert refused.content.decode().count("Maija Meikäläinen") == 1
    assert Registration.objects.count() == 0
