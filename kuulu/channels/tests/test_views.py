from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import client_for
from kuulu.channels import services
from kuulu.channels.models import (
    Application,
    Attendance,
    Channel,
    ConsentRecord,
    Meeting,
    Membership,
    Role,
    StatementRequest,
)
from kuulu.channels.tests.factories import make_channel, make_council, make_member
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """These tests read the English pages."""
    with translation.override("en"):
        yield


COORDINATOR_ONLY = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,
    "coordinator": 200,
    "admin": 200,
}


@pytest.fixture
def council(org):
    council = make_council(
        org.county,
        name_fi="Vanhusneuvosto",
        name_en="Council for older people",
        purpose_fi="Vanhusneuvosto vaikuttaa.",
        purpose_en="The council influences.",
        slug="vanhusneuvosto",
    )
    services.set_fees(channel=council, fees={Role.CHAIR: Decimal("100"), Role.MEMBER: Decimal(60)})
    return council


def test_directory_groups_published_channels_by_type(org, council):
    make_channel(org.county, name_fi="Asiakasraati", kind="customer_panel")
    make_channel(org.county, name_fi="Piilotettu", is_published=False)
    html = Client().get("/en/channels/").content.decode()
    assert "Every way to take part" in html
    assert "Council for older people" in html
    assert "Asiakasraati" in html
    assert "Piilotettu" not in html
    assert html.index("Statutory council") < html.index("Customer panel")


def test_directory_query_count_is_fixed(org, django_assert_max_num_queries):
    make_channel(org.county)
    with django_assert_max_num_queries(6) as ctx:
        Client().get("/fi/channels/")
    for _ in range(10):
        make_channel(org.county)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        Client().get("/fi/channels/")


def test_front_page_links_every_published_channel(org, council):
    html = Client().get("/en/").content.decode()
    assert reverse("channels:detail", args=["vanhusneuvosto"]) in html
    assert "The council influences." in html


def test_public_council_page_lists_consenting_members_and_representation(org, council):
    listed = make_member(council, role=Role.CHAIR, public=True)
    hidden = make_member(council)
    html = Client().get(reverse("channels:detail", args=["vanhusneuvosto"])).content.decode()
    assert listed.person.full_name in html
    assert hidden.person.full_name not in html
    assert "Representation missing" in html
    assert "Kajaani" in html


def test_unpublished_channel_is_not_found(org):
    channel = make_channel(org.county, is_published=False)
    assert Client().get(reverse("channels:detail", args=[channel.slug])).status_code == 404
    assert Client().get(reverse("channels:apply", args=[channel.slug])).status_code == 404


def test_public_application_without_consent_is_refused_then_accepted_with_it(org, council):
    url = reverse("channels:apply", args=[council.slug])
    data = {
        "name": "Maija Meikäläinen",
        "email": "maija@example.test",
        "motivation": "Haluan vaikuttaa.",
        "language": "fi",
    }
    refused = Client().post(url, data)
    assert refused.status_code == 200
    assert 'class="error-summary"' in refused.content.decode()
    assert Application.objects.count() == 0
    accepted = Client().post(url, {**data, "consent": "on", "public_listing": "on"})
    assert accepted.status_code == 302
    application = Application.objects.get()
    assert application.public_listing is True


def test_the_same_application_sent_twice_is_stored_once(org, council):
    """A double click on "Send" stored two applications; the coordinator accepted one and
    rejected the other, and the applicant got both emails."""
    url = reverse("channels:apply", args=[council.slug])
    data = {
        "name": "Maija Meikäläinen",
        "email": "maija@example.test",
        "motivation": "Haluan vaikuttaa.",
        "language": "fi",
        "consent": "on",
    }
    first = Client().post(url, data)
    second = Client().post(url, {**data, "email": "Maija@Example.test "})
    assert (first.status_code, second.status_code) == (302, 302)
    assert Application.objects.count() == 1
    # Another application (other words) is one of its own.
    assert Client().post(url, {**data, "motivation": "Toinen syy."}).status_code == 302
    assert Application.objects.count() == 2


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_management_pages_role_matrix(role, clients, org, council):
    application = services.submit_application(
        channel=council, name="Maija", email="m@example.test", motivation="x", consent=True
    )
    member = make_member(council)
    item = services.request_statement(
        channel=council, title="Asia", draft_text="x", deadline=timezone.localdate()
    )
    urls = [
        reverse("channels:manage"),
        reverse("channels:channel_create"),
        reverse("channels:manage_channel", args=[council.pk]),
        reverse("channels:channel_edit", args=[council.pk]),
        reverse("channels:membership_create", args=[council.pk]),
        reverse("channels:membership_end", args=[member.pk]),
        reverse("channels:application_review", args=[application.pk]),
        reverse("channels:request_create", args=[council.pk]),
        reverse("channels:request_detail", args=[item.pk]),
        reverse("channels:fees"),
    ]
    for url in urls:
        response = clients[role].get(url)
        assert response.status_code == COORDINATOR_ONLY[role], url


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_refused_writes_change_nothing(role, clients, org, council):
    application = services.submit_application(
        channel=council, name="Maija", email="m@example.test", motivation="x", consent=True
    )
    member = make_member(council)
    item = services.request_statement(
        channel=council, title="Asia", draft_text="x", deadline=timezone.localdate()
    )
    today = timezone.localdate().isoformat()
    posts = [
        (reverse("channels:channel_create"), {"kind": "peer_group", "name_fi": "Uusi"}),
        (
            reverse("channels:membership_create", args=[council.pk]),
            {"person": org.resident_person.pk, "role": "member", "term_start": today},
        ),
        (reverse("channels:membership_end", args=[member.pk]), {"on": today}),
        (
            reverse("channels:application_review", args=[application.pk]),
            {"decision": "reject", "reason": "Ei"},
        ),
        (
            reverse("channels:request_create", args=[council.pk]),
            {"title": "B", "draft_text": "x", "deadline": today},
        ),
        (
            reverse("channels:statement_record", args=[item.pk]),
            {"text": "x", "given_on": today, "given_by": "N"},
        ),
    ]
    responses = [clients[role].post(url, data).status_code for url, data in posts]
    if COORDINATOR_ONLY[role] == 200:
        assert all(code in {200, 302} for code in responses)
        return
    assert set(responses) == {COORDINATOR_ONLY[role]}
    assert Channel.objects.count() == 1
    assert Membership.objects.count() == 1
    assert Membership.objects.get().term_end is None
    assert Application.objects.get().status == "pending"
    assert StatementRequest.objects.count() == 1
    assert not hasattr(StatementRequest.objects.get(), "statement")


def test_coordinator_creates_channel_with_translations_and_fees(clients, org):
    response = clients["coordinator"].post(
        reverse("channels:channel_create"),
        {
            "kind": "statutory_council",
            "council": "youth",
            "name_fi": "Nuorisovaltuusto",
            "name_sv": "",
            "purpose_fi": "Nuoret vaikuttavat.",
            "slug": "nuva",
            "is_published": "on",
            "fee_chair": "90.00",
        },
    )
    assert response.status_code == 302
    channel = Channel.objects.get(slug="nuva")
    assert (channel.name_fi, channel.name_sv) == ("Nuorisovaltuusto", "")
    assert list(channel.fees.values_list("role", "amount")) == [("chair", Decimal("90.00"))]
    edit = clients["coordinator"].post(
        reverse("channels:channel_edit", args=[channel.pk]),
        {
            "kind": "statutory_council",
            "council": "youth",
            "name_fi": "Nuorisovaltuusto",
            "purpose_fi": "Nuoret vaikuttavat.",
            "slug": "manage",
            "is_published": "on",
        },
    )
    assert edit.status_code == 200
    assert "reserved" in edit.content.decode()


def test_overlapping_seat_shows_a_clear_error_on_the_form(clients, org, council):
    make_member(council, seat="Kuhmo")
    response = clients["coordinator"].post(
        reverse("channels:membership_create", args=[council.pk]),
        {
            "person": org.resident_person.pk,
            "role": "member",
            "term_start": "2025-06-01",
            "seat": "Kuhmo",
        },
    )
    assert response.status_code == 200
    assert "Terms for the same seat cannot overlap." in response.content.decode()
    assert Membership.objects.count() == 1


def test_coordinator_accepts_an_application(
    clients, org, council, mailoutbox, django_capture_on_commit_callbacks
):
    application = services.submit_application(
        channel=council, name="Maija M", email="m@example.test", motivation="x", consent=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["coordinator"].post(
            reverse("channels:application_review", args=[application.pk]),
            {
                "decision": "accept",
                "role": "member",
                "term_start": "2026-01-01",
                "represents": org.county.municipalities.get().pk,
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.represents.name == "Kajaani"
    assert len(mailoutbox) == 1


def _secretary(org, council):
    return make_member(council, org.resident_person, role=Role.SECRETARY)


def test_attendance_message_counts_one_member_in_the_singular(org, council, clients):
    _secretary(org, council)
    member = make_member(council, org.other_staff_person)
    other = make_member(council, org.staff_person)
    meeting = services.save_meeting(
        channel=council, starts_at=timezone.now() - timedelta(hours=1), place="Kajaani"
    )
    secretary = clients["resident"]

    one = secretary.post(
        f"/en/channels/meetings/{meeting.pk}/", {f"m_{member.pk}": "present"}, follow=True
    )
    two = secretary.post(
        f"/en/channels/meetings/{meeting.pk}/",
        {f"m_{member.pk}": "present", f"m_{other.pk}": "absent"},
        follow=True,
    )
    swedish = secretary.post(
        f"/sv/channels/meetings/{meeting.pk}/", {f"m_{member.pk}": "present"}, follow=True
    )

    assert "Attendance recorded for 1 member." in one.content.decode()
    assert "Attendance recorded for 2 members." in two.content.decode()
    assert "Närvaron har registrerats för 1 medlem." in swedish.content.decode()


def test_secretary_runs_meetings_and_members_only_read(org, council, clients):
    _secretary(org, council)
    member = make_member(council, org.other_staff_person)
    meeting = services.save_meeting(
        channel=council,
        starts_at=timezone.now() - timedelta(hours=1),
        place="Kajaani",
        agenda=["Avaus"],
    )
    secretary = clients["resident"]
    assert secretary.get(reverse("channels:workspace", args=[council.pk])).status_code == 200
    created = secretary.post(
        reverse("channels:meeting_create", args=[council.pk]),
        {"date": "2030-01-15", "time": "13:00", "place": "Kuhmo", "status": "planned"},
    )
    assert created.status_code == 302
    recorded = secretary.post(
        reverse("channels:meeting", args=[meeting.pk]), {f"m_{member.pk}": "present"}
    )
    assert recorded.status_code == 302
    assert Attendance.objects.get().fee == Decimal("60.00")
    plain_member = clients["other_staff"]
    assert plain_member.get(reverse("channels:workspace", args=[council.pk])).status_code == 200
    assert plain_member.get(reverse("channels:meeting", args=[meeting.pk])).status_code == 200
    refused = plain_member.post(
        reverse("channels:meeting", args=[meeting.pk]), {f"m_{member.pk}": "absent"}
    )
    assert refused.status_code == 403
    assert Attendance.objects.get().status == "present"
    assert (
        plain_member.get(reverse("channels:meeting_create", args=[council.pk])).status_code == 403
    )
    assert Meeting.objects.count() == 2
    local = timezone.localtime(Meeting.objects.get(place="Kuhmo").starts_at)
    assert (local.hour, str(local.tzinfo)) == (13, "Europe/Helsinki")


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_meeting_date_out_of_range_is_a_form_error(org, council, clients, day):
    meeting = services.save_meeting(channel=council, starts_at=timezone.now(), online=True)
    client = clients["coordinator"]
    data = {"date": day, "time": "00:30", "place": "Kuhmo", "status": "planned"}
    for url in (
        reverse("channels:meeting_create", args=[council.pk]),
        reverse("channels:meeting_edit", args=[meeting.pk]),
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Give a date between the years 2000 and 2100." in response.content.decode()
    assert list(Meeting.objects.values_list("pk", "starts_at")) == [(meeting.pk, meeting.starts_at)]
    with pytest.raises(ValidationError) as error:
        services.save_meeting(
            channel=council,
            starts_at=datetime(1, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Helsinki")),
            place="Kuhmo",
        )
    assert list(error.value.message_dict) == ["date"]


WORKSPACE = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(WORKSPACE))
def test_workspace_and_meeting_role_matrix_for_non_members(role, clients, org, council):
    meeting = services.save_meeting(channel=council, starts_at=timezone.now(), online=True)
    assert (
        clients[role].get(reverse("channels:workspace", args=[council.pk])).status_code
        == (WORKSPACE[role])
    )
    assert (
        clients[role].get(reverse("channels:meeting", args=[meeting.pk])).status_code
        == (WORKSPACE[role])
    )
    edit = clients[role].post(
        reverse("channels:meeting_edit", args=[meeting.pk]),
        {"date": "2030-01-01", "time": "10:00", "online": "on", "status": "planned"},
    )
    assert edit.status_code == (302 if WORKSPACE[role] == 200 else WORKSPACE[role])
    if WORKSPACE[role] != 200:
        assert Meeting.objects.get().starts_at == meeting.starts_at


def test_workspace_htmx_fragment(clients, org, council):
    response = clients["coordinator"].get(
        reverse("channels:workspace", args=[council.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="meetings"' in body


def test_member_withdraws_own_consent(clients, org, council):
    membership = make_member(council, org.resident_person, public=True)
    consent = ConsentRecord.objects.get()
    other = clients["other_staff"].post(reverse("channels:consent_withdraw", args=[consent.pk]))
    assert other.status_code == 403
    assert ConsentRecord.objects.get().withdrawn_at is None
    response = clients["resident"].post(reverse("channels:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.term_end == timezone.localdate()


def test_hearings_record_report_and_csv(org, council):
    item = services.request_statement(
        channel=council, title="=Palveluverkko", draft_text="x", deadline=timezone.localdate()
    )
    services.record_statement(
        statement_request=item,
        text="Neuvosto puoltaa.",
        given_on=timezone.localdate(),
        given_by="Neuvosto",
    )
    html = Client().get(reverse("channels:hearings", args=[council.slug])).content.decode()
    assert "Neuvosto puoltaa." in html
    year = timezone.localdate().year
    report = Client().get(reverse("channels:report", args=[council.slug, year]))
    assert report.status_code == 200
    csv = Client().get(reverse("channels:report_csv", args=[council.slug, year]))
    text = csv.content.decode("utf-8-sig")
    assert "'=Palveluverkko" in text
    panel = make_channel(org.county)
    assert Client().get(reverse("channels:hearings", args=[panel.slug])).status_code == 404


def test_fee_export_is_csv_audited_and_formula_safe(clients, org, council):
    member = make_member(council)
    member.person.last_name = "=HYPERLINK()"
    member.person.save()
    meeting = services.save_meeting(
        channel=council, starts_at=timezone.now() - timedelta(hours=2), place="Kajaani"
    )
    services.record_attendance(meeting=meeting, statuses={member.pk: "present"})
    # The meeting's own local date: two hours ago is yesterday between midnight and 2 a.m.
    held_on = timezone.localdate(meeting.starts_at).isoformat()
    response = clients["coordinator"].get(
        reverse("channels:fees"), {"start": held_on, "end": held_on, "format": "csv"}
    )
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK()" in text
    assert "60.00" in text
    assert "@" not in text  # no contact details
    from kuulu.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="export", object_type="channels.fees").count() == 1
    assert clients["manager"].get(reverse("channels:fees"), {"format": "csv"}).status_code == 403


def _coordinator_of_another_county():  # type: ignore[no-untyped-def]
    other = make_county()
    unit = make_unit(other, code="other-area", name_fi="Palvelut")
    person = make_person(
        other, kind="staff", unit=unit, is_coordinator=True, email="c2@example.test"
    )
    return other, client_for(person.user)


def test_channels_are_made_and_fees_listed_in_the_coordinators_own_county(org, council):
    member = make_member(council)
    meeting = services.save_meeting(
        channel=council, starts_at=timezone.now() - timedelta(hours=2), place="Kajaani"
    )
    services.record_attendance(meeting=meeting, statuses={member.pk: "present"})
    held_on = timezone.localdate(meeting.starts_at).isoformat()
    other, client = _coordinator_of_another_county()

    created = client.post(
        reverse("channels:channel_create"),
        {
            "kind": "peer_group",
            "name_fi": "Vertaisryhmä",
            "purpose_fi": "Vertaistukea.",
            "slug": "vertaiset",
        },
    )
    fees = client.get(reverse("channels:fees"), {"start": held_on, "end": held_on, "format": "csv"})

    assert created.status_code == 302
    assert Channel.objects.get(slug="vertaiset").county == other
    text = fees.content.decode("utf-8-sig")
    assert fees.status_code == 200
    assert member.person.last_name not in text
    assert "60.00" not in text


def test_api_lists_published_channels_and_council_hearings(org, council):
    make_channel(org.county, is_published=False)
    services.request_statement(
        channel=council, title="Asia", draft_text="x", deadline=timezone.localdate()
    )
    channels = Client().get("/api/v1/channels").json()
    assert [c["slug"] for c in channels] == ["vanhusneuvosto"]
    hearings = Client().get("/api/v1/channels/vanhusneuvosto/hearings")
    assert hearings.status_code == 200
    assert hearings.json()[0]["title"] == "Asia"
    assert hearings.json()[0]["statement"] is None
    assert Client().get("/api/v1/channels/nope/hearings").status_code == 404


def test_application_form_is_rate_limited(org, council, settings):
    settings.PUBLIC_FORM_LIMIT = "2/h"
    url = reverse("channels:apply", args=[council.slug])
    codes = [Client().post(url, {"name": ""}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
