import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from kuulu.core.models import AuditEvent
from kuulu.feedback import services
from kuulu.feedback.models import (
    Complaint,
    ComplaintEvent,
    ComplaintRouting,
    Feedback,
    FeedbackEvent,
    FeedbackHandler,
    Initiative,
    PublishedFeedback,
)
from kuulu.feedback.tests.factories import (
    make_complaint,
    make_feedback,
    make_initiative,
    make_theme,
)
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

pytestmark = pytest.mark.django_db

FEEDBACK_HANDLERS = {"manager", "coordinator", "admin"}
COORDINATORS = {"coordinator", "admin"}
STAFF = {"other_staff", "staff", "manager", "coordinator", "admin"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.FEEDBACK_PRIVATE_ROOT = tmp_path / "private"


def _expect(role: str, allowed: set[str]) -> int:
    if role in allowed:
        return 200
    return 302 if role == "anonymous" else 403


@pytest.fixture
def case(org):
    return make_feedback(
        org.county,
        org.unit_a,
        kind="question",
        text="Milloin <script>alert(1)</script> aukeaa?",
        wants_reply=True,
        contact_name="Salainen Asiakas",
        contact_email="asiakas@example.test",
        attachments=[SimpleUploadedFile("kuva.png", PNG, content_type="image/png")],
    )


@pytest.fixture
def complaint(org):
    """A complaint of unit_a, whose director is the manager of area_b's unit (other_staff's)."""
    director = make_person(org.county, kind="staff", unit=org.area_a, email="dir@example.test")
    ComplaintRouting.objects.create(unit=org.area_a, director=director.user)
    complaint = make_complaint(org.county, org.unit_a)
    complaint.director_user = director.user
    return complaint


# --- Public pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["give", "complaint_give", "initiative_give", "you_said_we_did"]
)
def test_public_pages_open_for_everyone(clients, org, url_name):
    for role, client in clients.items():
        assert client.get(reverse(f"feedback:{url_name}")).status_code == 200, role


def test_unit_page_and_qr_code(client, org):
    response = client.get(reverse("feedback:give_unit", args=[org.unit_a.code]))
    assert response.status_code == 200
    assert "Kotihoito" in response.content.decode()
    qr = client.get(reverse("feedback:unit_qr", args=[org.unit_a.code]))
    assert qr.status_code == 200
    body = qr.content.decode()
    assert "<svg" in body
    assert f"/feedback/give/{org.unit_a.code}/" in body
    assert client.get(reverse("feedback:give_unit", args=["no-such-unit"])).status_code == 404


def test_unit_search_works_without_javascript_and_as_a_fragment(client, org):
    page = client.get("/en/feedback/give/?q=koti")
    assert page.status_code == 200
    assert reverse("feedback:give_unit", args=[org.unit_a.code]) in page.content.decode()
    fragment = client.get("/en/feedback/give/?q=koti", headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert '<div id="unit-results"' in body
    assert "<html" not in body


def test_giving_feedback_shows_the_reference_after_commit(client, org):
    response = client.post(
        f"/en/feedback/give/{org.unit_a.code}/",
        {
            "kind": "praise",
            "text": "Kiitos ystävällisestä palvelusta",
            "score": "9",
            "language": "fi",
            "attachments": [SimpleUploadedFile("kuva.png", PNG, content_type="image/png")],
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.unit, feedback.channel, feedback.score) == (org.unit_a, "unit_link", 9)
    assert feedback.attachments.count() == 1
    receipt = client.get(response["Location"])
    assert feedback.reference in receipt.content.decode()


def test_too_long_text_and_missing_contact_give_field_errors(client, org):
    response = client.post(
        "/en/feedback/give/",
        {"kind": "idea", "text": "x" * 4001, "wants_reply": "on", "language": "fi"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The text is too long: at most 4000 characters fit (it has 4001)." in body
    assert "To get a reply, give an email address or a phone number." in body
    assert Feedback.objects.count() == 0


def test_dissatisfaction_offers_the_formal_complaint_and_never_converts(client, org):
    data = {
        "kind": "dissatisfaction",
        "text": "Hoitaja kohteli isääni huonosti, haluan tehdä muistutuksen",
        "language": "fi",
        "contact_name": "Matti",
    }
    response = client.post("/en/feedback/give/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Do you want to make a formal complaint?" in body
    assert "ombudsman" in body
    assert Feedback.objects.count() == 0
    assert Complaint.objects.count() == 0
    # Choosing the complaint shows the complaint form filled in; nothing is saved yet.
    chosen = client.post("/en/feedback/complaint/", {**data, "route": "complaint"})
    assert chosen.status_code == 200
    assert "Hoitaja kohteli isääni huonosti, haluan tehdä muistutuksen" in chosen.content.decode()
    assert Complaint.objects.count() == 0
    # Continuing as feedback saves feedback, not a complaint.
    kept = client.post("/en/feedback/give/", {**data, "route": "feedback"})
    assert kept.status_code == 302
    assert Feedback.objects.count() == 1
    assert Complaint.objects.count() == 0


def test_text_about_poor_care_offers_the_complaint_even_as_an_idea(client, org):
    response = client.post(
        "/en/feedback/give/",
        {
            "kind": "idea",
            "text": "The doctor was rude and I want to file a formal complaint about it",
            "language": "en",
        },
    )
    assert "Do you want to make a formal complaint?" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_complaint_form_saves_a_complaint(client, org):
    response = client.post(
        "/en/feedback/complaint/",
        {
            "act": "social_care",
            "unit": org.unit_a.pk,
            "relationship": "self",
            "complainant_name": "Liisa Esimerkki",
            "complainant_email": "liisa@example.test",
            "description": "Päätöstä ei perusteltu.",
            "language": "fi",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.act == "social_care"
    assert complaint.reference in client.get(response["Location"]).content.decode()
    assert Feedback.objects.count() == 0


def test_initiative_form_with_two_initiators(client, org):
    data = {
        "title": "Iltavastaanotto",
        "text": "Terveysasemalle iltavastaanotto kerran viikossa.",
        "language": "fi",
        "signer-TOTAL_FORMS": "3",
        "signer-INITIAL_FORMS": "0",
        "signer-0-name": "Aino",
        "signer-0-basis": "resident",
        "signer-0-email": "aino@example.test",
        "signer-1-name": "Kyläyhdistys",
        "signer-1-basis": "ngo",
    }
    response = client.post("/en/feedback/initiative/", data)
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert list(initiative.signers.values_list("basis", flat=True)) == ["resident", "ngo"]


def test_initiative_without_initiators_shows_an_error(client, org):
    response = client.post(
        "/en/feedback/initiative/",
        {
            "title": "Otsikko",
            "text": "Teksti",
            "language": "fi",
            "signer-TOTAL_FORMS": "1",
            "signer-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Name at least one initiator." in response.content.decode()
    assert Initiative.objects.count() == 0


def test_public_form_is_rate_limited(client, org, settings):
    settings.PUBLIC_FORM_LIMIT = "2/h"
    for n in range(2):
        client.post(
            "/en/feedback/give/", {"kind": "praise", "text": f"Kiitos {n}", "language": "fi"}
        )
    response = client.post(
        "/en/feedback/give/", {"kind": "praise", "text": "Kiitos 3", "language": "fi"}
    )
    assert response.status_code == 429
    assert Feedback.objects.count() == 2


# --- Handlers ---------------------------------------------------------------------------------


def test_role_matrix_for_the_queue(clients, case):
    for role, client in clients.items():
        response = client.get(reverse("feedback:queue"))
        assert response.status_code == _expect(role, FEEDBACK_HANDLERS), role


def test_staff_entry_is_for_staff(clients, org):
    for role, client in clients.items():
        assert client.get(reverse("feedback:staff_entry")).status_code == _expect(role, STAFF), role


def test_named_handler_sees_the_units_queue(org, clients, case):
    FeedbackHandler.objects.create(unit=org.team_a1, user=org.staff)
    assert clients["staff"].get(reverse("feedback:queue")).status_code == 200
    # team_a1 is below unit_a: the case of unit_a is not theirs.
    assert clients["staff"].get(reverse("feedback:case", args=[case.pk])).status_code == 403
    FeedbackHandler.objects.create(unit=org.unit_a, user=org.staff)
    assert clients["staff"].get(reverse("feedback:case", args=[case.pk])).status_code == 200


def test_role_matrix_for_a_case_and_contact_details(clients, case):
    for role, client in clients.items():
        response = client.get(reverse("feedback:case", args=[case.pk]))
        assert response.status_code == _expect(role, FEEDBACK_HANDLERS), role
        body = response.content.decode()
        if response.status_code == 200:
            assert "asiakas@example.test" in body
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
            assert "<script>alert(1)" not in body
        else:
            assert "asiakas@example.test" not in body


def test_case_views_are_audit_logged(clients, case):
    clients["manager"].get(reverse("feedback:case", args=[case.pk]))
    event = AuditEvent.objects.get(action="view", object_type="feedback.feedback")
    assert "Asiakas" not in event.summary


def test_refused_actions_change_nothing(clients, case, org):
    posts = [
        ("feedback:case_status", {"status": "in_progress"}),
        ("feedback:case_note", {"text": "Muistiinpano"}),
        ("feedback:case_forward", {"unit": org.unit_b.pk, "reason": "Syy"}),
        ("feedback:case_reply", {"text": "Vastaus"}),
        ("feedback:case_triage", {"kind": "praise", "unit": org.unit_b.pk}),
        ("feedback:case_secrecy", {"secrecy": "public"}),
    ]
    before = list(FeedbackEvent.objects.values_list("pk", flat=True))
    for role in ("anonymous", "resident", "other_staff", "staff"):
        for name, data in posts:
            response = clients[role].post(reverse(name, args=[case.pk]), data)
            assert response.status_code == (302 if role == "anonymous" else 403), (role, name)
    case.refresh_from_db()
    assert (case.status, case.unit, case.secrecy, case.kind) == (
        "received",
        org.unit_a,
        "contains_secret_details",
        "question",
    )
    assert list(FeedbackEvent.objects.values_list("pk", flat=True)) == before


def test_manager_handles_a_case_through_the_pages(clients, case, org, mailoutbox):
    manager = clients["manager"]
    url = reverse("feedback:case", args=[case.pk])
    assert manager.post(
        reverse("feedback:case_triage", args=[case.pk]),
        {"kind": "question", "unit": org.unit_a.pk},
    )["Location"].endswith(url)
    response = manager.post(
        reverse("feedback:case_reply", args=[case.pk]), {"text": "Aukeaa klo 8."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "answered"
    assert case.triage_confirmed is True
    response = manager.post(reverse("feedback:case_status", args=[case.pk]), {"status": "closed"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"


def test_illegal_transition_shows_an_error_on_the_page(clients, case):
    response = clients["manager"].post(
        f"/en/feedback/cases/{case.pk}/status/", {"status": "closed"}
    )
    assert response.status_code == 400
    assert "The customer asked for a reply." in response.content.decode()
    case.refresh_from_db()
    assert case.status == "received"


def test_a_second_note_with_the_same_status_is_kept_not_lost(clients, org, case):
    manager = clients["manager"]
    url = f"/en/feedback/cases/{case.pk}/status/"
    services.change_status(feedback=case, status="in_progress", user=org.manager)
    services.change_status(
        feedback=case, status="answered", note="Soitin asiakkaalle.", user=org.manager
    )

    again = manager.post(
        url, {"status": "answered", "note": "Soitin uudelleen, asia selvitetty."}, follow=True
    )

    assert again.status_code == 200
    page = again.content.decode()
    assert "The case already had this status. Your note was added." in page
    assert "Status changed." not in page
    notes = list(case.events.filter(kind=FeedbackEvent.Kind.NOTE).values_list("text", "actor"))
    assert notes == [("Soitin uudelleen, asia selvitetty.", org.manager.pk)]
    assert case.events.filter(kind=FeedbackEvent.Kind.STATUS).count() == 2

    nothing = manager.post(url, {"status": "answered", "note": ""}, follow=True)

    page = nothing.content.decode()
    assert "The case already had this status; nothing changed." in page
    assert "Status changed." not in page
    assert case.events.filter(kind=FeedbackEvent.Kind.NOTE).count() == 1
    assert case.events.filter(kind=FeedbackEvent.Kind.STATUS).count() == 2
    case.refresh_from_db()
    assert case.status == "answered"


def test_attachment_is_served_only_to_handlers(clients, case):
    attachment = case.attachments.get()
    url = reverse("feedback:attachment", args=[attachment.pk])
    for role, client in clients.items():
        response = client.get(url)
        assert response.status_code == _expect(role, FEEDBACK_HANDLERS), role
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PNG
            assert response["Content-Type"] == "image/png"


def test_only_coordinators_publish(clients, case, org):
    services.send_reply(feedback=case, text="Kiitos, korjattu.", user=org.manager)
    for role, client in clients.items():
        response = client.get(reverse("feedback:case_publish", args=[case.pk]))
        assert response.status_code == _expect(role, COORDINATORS), role
    response = clients["manager"].post(
        reverse("feedback:case_publish", args=[case.pk]),
        {"masked_text": "a", "masked_response": "b"},
    )
    assert response.status_code == 403
    assert PublishedFeedback.objects.count() == 0
    preview = clients["coordinator"].get(reverse("feedback:case_publish", args=[case.pk]))
    assert "Salainen Asiakas" not in preview.content.decode()
    response = clients["coordinator"].post(
        reverse("feedback:case_publish", args=[case.pk]),
        {"masked_text": "Milloin aukeaa?", "masked_response": "Aukeaa klo 8."},
    )
    assert response.status_code == 302
    public = clients["anonymous"].get(reverse("feedback:you_said_we_did"))
    assert "Aukeaa klo 8." in public.content.decode()


def test_handlers_page_for_managers_and_coordinators(clients, org):
    for role, client in clients.items():
        response = client.get(reverse("feedback:handlers"))
        assert response.status_code == _expect(role, FEEDBACK_HANDLERS), role
    response = clients["manager"].post(
        reverse("feedback:handlers"), {"unit": org.team_a1.pk, "email": "staff@example.test"}
    )
    assert response.status_code == 302
    assert FeedbackHandler.objects.filter(unit=org.team_a1, user=org.staff).exists()
    # A manager cannot name handlers outside their subtree.
    response = clients["manager"].post(
        reverse("feedback:handlers"), {"unit": org.unit_b.pk, "email": "staff@example.test"}
    )
    assert response.status_code == 200
    assert FeedbackHandler.objects.count() == 1


def test_queue_has_a_query_budget(clients, org, django_assert_max_num_queries):
    for n in range(10):
        make_feedback(org.county, org.unit_a, text=f"Palaute {n}")
    with django_assert_max_num_queries(20):
        response = clients["manager"].get(reverse("feedback:queue"))
    assert response.status_code == 200


def test_queue_fragment_for_htmx(clients, case):
    response = clients["manager"].get(
        reverse("feedback:queue") + "?status=all", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert '<div id="queue-results"' in body
    assert case.reference in body
    assert "<html" not in body


# --- Formal complaints ------------------------------------------------------------------------


def test_complaints_are_only_for_their_handlers(clients, org, complaint):
    # The manager handles the unit's feedback but is not a complaint handler.
    FeedbackHandler.objects.create(unit=org.unit_a, user=org.staff)
    for role, client in clients.items():
        response = client.get(reverse("feedback:complaint", args=[complaint.pk]))
        assert response.status_code == _expect(role, COORDINATORS), role
        assert "Maija Meikäläinen" not in response.content.decode() or role in COORDINATORS
        listing = client.get(reverse("feedback:complaints"))
        assert listing.status_code == _expect(role, COORDINATORS), role
    views = AuditEvent.objects.filter(
        action="view", object_type="feedback.complaint", object_id=str(complaint.pk)
    )
    assert views.count() == 2
    assert not views.exclude(summary="formal complaint viewed").exists()


def test_director_and_added_handler_see_the_complaint(org, complaint, client):
    client.force_login(complaint.director_user)
    assert client.get(reverse("feedback:complaint", args=[complaint.pk])).status_code == 200
    assert client.get(reverse("feedback:complaints")).status_code == 200
    client.force_login(org.other_staff)
    assert client.get(reverse("feedback:complaint", args=[complaint.pk])).status_code == 403
    services.add_complaint_handler(complaint=complaint, handler=org.other_staff, user=org.admin)
    assert client.get(reverse("feedback:complaint", args=[complaint.pk])).status_code == 200


def test_staff_of_another_county_cannot_be_added_as_a_complaint_handler(clients, org, complaint):
    other_county = make_county(slug="toinen")
    other_unit = make_unit(other_county, code="muu")
    outsider = make_person(
        other_county, kind="staff", unit=other_unit, email="ulko@example.test"
    ).user
    colleague = make_person(org.county, kind="staff", unit=org.unit_b, email="kollega@example.test")
    url = reverse("feedback:complaint_handler", args=[complaint.pk])

    refused = clients["coordinator"].post(
        f"/en/feedback/complaints/{complaint.pk}/handlers/", {"email": "ulko@example.test"}
    )

    assert refused.status_code == 400
    assert "Only staff of this complaint&#x27;s county" in refused.content.decode()
    assert not complaint.handlers.exists()
    assert not ComplaintEvent.objects.filter(
        complaint=complaint, kind=ComplaintEvent.Kind.HANDLER_ADDED
    ).exists()
    outsider_client = client_for(outsider)
    assert outsider_client.get(reverse("feedback:complaints")).status_code == 403
    with pytest.raises(ValidationError):
        services.add_complaint_handler(complaint=complaint, handler=outsider, user=org.admin)
    assert not complaint.handlers.exists()

    added = clients["coordinator"].post(url, {"email": "kollega@example.test"})

    assert added.status_code == 302
    assert list(complaint.handlers.all()) == [colleague.user]


def test_complaint_export_is_audit_logged(clients, complaint):
    response = clients["coordinator"].get(
        reverse("feedback:complaint_document", args=[complaint.pk])
    )
    assert response.status_code == 200
    assert complaint.reference in response.content.decode()
    assert AuditEvent.objects.filter(action="export", object_type="feedback.complaint").count() == 1
    assert (
        clients["manager"]
        .get(reverse("feedback:complaint_document", args=[complaint.pk]))
        .status_code
        == 403
    )


def test_complaint_answer_through_the_page(clients, complaint):
    response = clients["coordinator"].post(
        reverse("feedback:complaint_answer", args=[complaint.pk]),
        {
            "text": "Vastaus",
            "reasons": "Perustelut",
            "signer_name": "Jaana Johtaja",
            "signer_title": "johtaja",
            "sent_on": timezone.localdate().isoformat(),
            "delivery": "letter",
        },
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "answered"
    refused = clients["manager"].post(
        reverse("feedback:complaint_status", args=[complaint.pk]), {"status": "closed"}
    )
    assert refused.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "answered"


# --- Initiatives ------------------------------------------------------------------------------


def test_role_matrix_for_initiatives(clients, org):
    initiative = make_initiative(org.county)
    for role, client in clients.items():
        for url in (
            reverse("feedback:initiatives"),
            reverse("feedback:initiative", args=[initiative.pk]),
            reverse("feedback:initiative_report"),
            reverse("feedback:initiative_report_csv"),
        ):
            assert client.get(url).status_code == _expect(role, COORDINATORS), (role, url)


def test_initiative_report_csv(clients, org):
    initiative = make_initiative(org.county, title="=Penkit pihalle")
    services.send_handler_notice(
        initiative=initiative,
        handled_by=None,
        handler_description="Johtaja",
        expected_decision="",
        sent_on=timezone.localdate(),
        user=org.coordinator,
    )
    year = timezone.localdate().year
    page = clients["coordinator"].get(f"/en/feedback/initiatives/report/?year={year}")
    assert "Penkit pihalle" in page.content.decode()
    response = clients["coordinator"].get(f"/en/feedback/initiatives/report.csv?year={year}")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Reference,Received,Title")
    assert "'=Penkit pihalle" in lines[1]
    assert len(lines) == 2


def test_the_honeypot_stops_robots_and_saves_nothing(org):
    from django.test import Client

    from kuulu.feedback.models import Feedback

    before = Feedback.objects.count()
    page = Client().get("/en/feedback/give/").content.decode()
    assert 'name="website"' in page
    assert 'class="visually-hidden"' in page
    response = Client().post(
        "/en/feedback/give/",
        {
            "kind": "idea",
            "text": "Parkkipaikkoja lisää terveysaseman eteen.",
            "language": "fi",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 200
    assert "must be left empty" in response.content.decode()
    assert Feedback.objects.count() == before


def test_the_demo_partner_key_posts_over_open311(org):
    from django.test import Client

    from kuulu.feedback.demo import DEMO_OPEN311_KEY, demo_partner_key
    from kuulu.feedback.models import Feedback

    assert demo_partner_key() == 1
    assert demo_partner_key() == 0
    services = Client().get("/open311/v2/services.json").json()
    assert services  # the units of the county are services
    response = Client().post(
        "/open311/v2/requests.json",
        {
            "api_key": DEMO_OPEN311_KEY,
            "service_code": services[0]["service_code"],
            "description": "Kumppanisovelluksen kautta tullut palaute.",
        },
    )
    assert response.status_code in (200, 201)
    assert Feedback.objects.filter(text__startswith="Kumppanisovelluksen").exists()


def test_the_complaint_list_view_is_audited(org, clients):
    from kuulu.core.models import AuditEvent

    before = AuditEvent.objects.filter(object_type="feedback.complaint").count()
    assert clients["coordinator"].get("/en/feedback/complaints/").status_code == 200
    assert AuditEvent.objects.filter(object_type="feedback.complaint").count() == before + 1


def test_two_people_writing_the_same_words_make_two_cases_but_a_double_send_makes_one(org):
    import re

    from django.test import Client

    from kuulu.feedback.models import Feedback

    def send(client, key):
        return client.post(
            "/en/feedback/give/",
            {"kind": "praise", "text": "Kiitos!", "language": "fi", "submission_key": key},
        )

    first, second = Client(), Client()
    key_one = re.search(
        r'name="submission_key" value="([^"]+)"', first.get("/en/feedback/give/").content.decode()
    ).group(1)
    key_two = re.search(
        r'name="submission_key" value="([^"]+)"', second.get("/en/feedback/give/").content.decode()
    ).group(1)
    assert key_one != key_two
    before = Feedback.objects.count()
    send(first, key_one)
    send(first, key_one)  # double click
    send(second, key_two)
    assert Feedback.objects.count() == before + 2


def test_a_reply_written_on_a_page_older_than_anothers_reply_is_held_back(clients, case, org):
    """Found in review: two handlers answering one case at once both emailed the customer; the
    second never saw the first one's reply. The page now says how many replies its writer saw,
    and a reply is refused when another was sent meanwhile, with the text kept and the other
    reply shown; sent again from that page, it goes."""
    import re

    page = clients["manager"].get(f"/en/feedback/cases/{case.pk}/").content.decode()
    services.send_reply(feedback=case, text="Aukeaa klo 8.", user=org.coordinator)

    response = clients["manager"].post(
        f"/en/feedback/cases/{case.pk}/reply/",
        {"text": "Avaamme kahdeksalta.", "replies_seen": "0"},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "Another handler sent the customer a reply while you were writing yours." in body
    assert "Avaamme kahdeksalta." in body  # the text is kept
    assert list(
        FeedbackEvent.objects.filter(feedback=case, kind="reply").values_list("text", flat=True)
    ) == ["Aukeaa klo 8."]
    seen = re.search(r'name="replies_seen" value="(\d+)"', body).group(1)
    assert seen == "1"
    response = clients["manager"].post(
        f"/en/feedback/cases/{case.pk}/reply/",
        {"text": "Avaamme kahdeksalta.", "replies_seen": seen},
    )
    assert response.status_code == 302
    assert FeedbackEvent.objects.filter(feedback=case, kind="reply").count() == 2
    response = clients["manager"].post(
        f"/fi/feedback/cases/{case.pk}/reply/", {"text": "Kolmas.", "replies_seen": "1"}
    )
    assert "Toinen käsittelijä lähetti asiakkaalle vastauksen" in response.content.decode()
    # What the first page carried: the replies its reader had seen.
    assert re.search(r'name="replies_seen" value="(\d+)"', page).group(1) == "0"


def test_pages_that_show_an_initiatives_initiators_are_audit_logged(clients, org):
    """Found in review: the initiative page lists the initiators' names, email addresses,
    phone numbers and postal addresses, but neither showing it nor showing it again after a
    refused form left a trace in the audit log (a feedback case and a complaint do)."""
    initiative = make_initiative(org.county)
    coordinator = clients["coordinator"]

    coordinator.get(reverse("feedback:initiative", args=[initiative.pk]))
    response = coordinator.post(
        reverse("feedback:initiative_outcome", args=[initiative.pk]),
        {"outcome": "", "sent_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 400
    events = AuditEvent.objects.filter(
        action="view", object_type="feedback.initiative", object_id=str(initiative.pk)
    )
    assert events.count() == 2
    assert {e.actor_id for e in events} == {org.coordinator.pk}
    assert "Aino" not in " ".join(e.summary for e in events)


def test_a_case_page_shown_again_after_a_refused_action_is_audit_logged(clients, case):
    """The page shown with the error is the case with its contact details: a view, too."""
    response = clients["manager"].post(
        reverse("feedback:case_status", args=[case.pk]), {"status": "closed"}
    )
    assert response.status_code == 400
    assert (
        AuditEvent.objects.filter(
            action="view", object_type="feedback.feedback", object_id=str(case.pk)
        ).count()
        == 1
    )


def test_setting_a_complaint_to_its_own_status_says_nothing_changed(clients, complaint):
    """Left alone in earlier notes: the page said "Status changed." and nothing had."""
    url = reverse("feedback:complaint_status", args=[complaint.pk]).replace("/fi/", "/en/", 1)
    moved = clients["coordinator"].post(url, {"status": "in_progress"}, follow=True)
    assert "Status changed." in moved.content.decode()
    again = clients["coordinator"].post(url, {"status": "in_progress"}, follow=True)
    page = again.content.decode()
    assert "The case already had this status; nothing changed." in page
    assert "Status changed." not in page
    assert complaint.events.filter(kind="status").count() == 1


def test_choosing_the_complaint_with_a_nul_in_the_unit_code_is_no_server_error(client, org):
    # given: the feedback form's hidden unit code tampered with (a NUL reaches the query)
    data = {"text": "Hoito oli huonoa", "language": "fi", "route": "complaint"}

    # when
    response = client.post("/en/feedback/complaint/", {**data, "unit_code": "koti\x00hoito"})

    # then: the complaint form, filled in without a unit
    assert response.status_code == 200
    assert "Hoito oli huonoa" in response.content.decode()
    assert response.context["form"].initial["unit"] is None
    assert Complaint.objects.count() == 0


def test_the_complaint_list_with_an_unknown_status_shows_the_open_ones(org, clients):
    # given: an open complaint and a status in the address that is none (a NUL in it)
    make_complaint(org.county, org.unit_a)

    # when
    response = clients["coordinator"].get("/en/feedback/complaints/", {"status": "x\x00y"})

    # then: the open list, recorded as such (the NUL reached the audit log on PostgreSQL)
    assert response.status_code == 200
    assert response.context["status"] == "open"
    assert len(response.context["complaints"]) == 1
    assert AuditEvent.objects.filter(summary="complaint list (open)").count() == 1


def test_staff_of_another_county_cannot_be_named_a_feedback_handler(clients, org):
    # given: a staff member of another county (who would never see this county's cases)
    other_county = make_county(slug="toinen")
    make_person(
        other_county, kind="staff", unit=make_unit(other_county, code="muu"), email="u@example.test"
    )

    # when
    response = clients["coordinator"].post(
        "/en/feedback/handlers/", {"unit": org.unit_a.pk, "email": "u@example.test"}
    )

    # then: refused on the form, as no staff member; nothing named
    assert response.status_code == 200
    assert "No staff member has this email address." in response.content.decode()
    assert not FeedbackHandler.objects.exists()
    with pytest.raises(ValidationError):
        services.add_feedback_handler(unit=org.unit_a, user=org.resident, by=org.admin)
    assert not FeedbackHandler.objects.exists()


def test_status_and_secrecy_changes_in_the_history_are_in_the_pages_language(
    clients, org, case, complaint
):
    # given: a case triaged, taken in hand and labelled secret, and a complaint taken in hand
    theme = make_theme(org.county, code="waiting", name_sv="Väntetider")
    services.confirm_triage(
        feedback=case, kind="idea", theme=theme, unit=org.unit_a, user=org.manager
    )
    services.change_status(feedback=case, status="in_progress", user=org.manager)
    services.set_secrecy(feedback=case, secrecy="secret", user=org.manager)
    services.change_complaint_status(complaint=complaint, status="in_progress", user=org.admin)

    # when
    page = clients["manager"].get(f"/sv/feedback/cases/{case.pk}/").content.decode()
    complaint_page = clients["coordinator"].get(f"/sv/feedback/complaints/{complaint.pk}/")

    # then: the labels, not the stored codes
    assert "mottagen → under behandling" in page
    assert "innehåller sekretessbelagda uppgifter → sekretessbelagd" in page
    assert "received → in_progress" not in page
    assert "fråga, Inget tema → utvecklingsidé, Väntetider" in page
    assert "mottagen → under behandling" in complaint_page.content.decode()


def test_the_history_theme_names_take_one_query_however_many_triage_changes(
    clients, org, case, django_assert_max_num_queries
):
    """Each triage line of the history looked its theme up on its own (a query per line)."""
    themes = [make_theme(org.county, code=f"t{n}", name_sv=f"Tema {n}") for n in range(2)]
    url = f"/sv/feedback/cases/{case.pk}/"
    services.confirm_triage(
        feedback=case, kind="idea", theme=themes[0], unit=org.unit_a, user=org.manager
    )
    clients["manager"].get(url)  # caches warmed
    with CaptureQueriesContext(connection) as one_change:
        clients["manager"].get(url)
    for n in range(6):
        services.confirm_triage(
            feedback=case, kind="idea", theme=themes[n % 2], unit=org.unit_a, user=org.manager
        )

    with django_assert_max_num_queries(len(one_change)):
        page = clients["manager"].get(url).content.decode()

    assert page.count("utvecklingsidé, Tema 1") >= 3


def _publish(org, count, start=0):  # type: ignore[no-untyped-def]
    for n in range(start, start + count):
        PublishedFeedback.objects.create(
            feedback=make_feedback(org.county, org.unit_a, text=f"Palaute numero {n}"),
            masked_text=f"Sanoitte {n}.",
            masked_response=f"Teimme {n}.",
        )


def test_you_said_we_did_is_paged_with_a_fixed_number_of_queries(client, org):
    _publish(org, 21)
    url = reverse("feedback:you_said_we_did")
    with CaptureQueriesContext(connection) as first_run:
        first = client.get(url).content.decode()
    assert first.count('class="card"') == 20
    assert "Teimme 20." in first
    assert "Teimme 0." not in first
    assert '<nav aria-label="Sivut" class="pagination">' in first
    assert '<span aria-current="page">Sivu 1/2</span>' in first
    assert 'href="?page=2"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('class="card"') == 1
    assert "Teimme 0." in second
    assert 'href="?page=1"' in second
    _publish(org, 30, start=21)
    with CaptureQueriesContext(connection) as second_run:
        client.get(url)
    assert len(second_run) == len(first_run)
    swedish = client.get("/sv" + url.removeprefix("/fi"), {"page": 3}).content.decode()
    assert '<span aria-current="page">Sida 3 av 3</span>' in swedish
