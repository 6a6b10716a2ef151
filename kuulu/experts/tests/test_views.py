"""Pages: the role matrix (with the experience expert as a role), refusals that change
nothing, the request-offer-answer flow through the pages, sensitive fields and the payroll
export."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse as _reverse
from django.utils import translation

from conftest import client_for
from kuulu.core.models import AuditEvent
from kuulu.experts import services
from kuulu.experts.models import Engagement, ExpertProfile, ExpertRequest, Offer
from kuulu.experts.tests.factories import in_days, make_area, make_expert, make_request

pytestmark = pytest.mark.django_db

STAFF = {"other_staff", "staff", "manager", "coordinator", "admin"}
COORDINATORS = {"coordinator", "admin"}
EXPERT = {"expert"}
EVERYONE = {"anonymous", "resident", *STAFF, "expert"}


def reverse(name: str, args: list | None = None) -> str:
    """English URLs, so that the assertions on text hold whatever the catalogues say."""
    with translation.override("en"):
        return _reverse(name, args=args)


def _expect(role: str, allowed: set[str]) -> int:
    if role in allowed:
        return 200
    return 302 if role == "anonymous" else 403


@pytest.fixture
def area(org):
    return make_area(org.county, name_fi="Mielenterveys", name_en="Mental health")


@pytest.fixture
def expert(org, area):
    return make_expert(
        org.county,
        areas=[area],
        municipalities=[org.county.municipalities.first()],
        payee_number="PAY-77",
        availability_note="Tiistaisin",
    )


@pytest.fixture
def all_clients(clients, expert):
    return {**clients, "expert": client_for(expert.person.user)}


@pytest.fixture
def expert_request(org, area):
    return make_request(org.staff_person, areas=[area])


@pytest.fixture
def engagement(expert, expert_request):
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    return services.answer_offer(offer=offer, accept=True)


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("experts:index", EVERYONE),
        ("experts:bank", STAFF),
        ("experts:my_requests", STAFF),
        ("experts:request_create", STAFF - {"admin"}),  # a request needs a staff person
        ("experts:queue", COORDINATORS),
        ("experts:payroll", COORDINATORS),
        ("experts:profile_create", COORDINATORS),
        ("experts:me", EXPERT),
        ("experts:me_edit", EXPERT),
        ("experts:me_withdraw", EXPERT),
    ],
)
def test_role_matrix_for_pages(all_clients, name, allowed):
    for role, client in all_clients.items():
        response = client.get(reverse(name))
        assert response.status_code == _expect(role, allowed), role


def test_role_matrix_for_one_expert(all_clients, expert):
    for name, allowed in [
        ("experts:profile", STAFF),
        ("experts:profile_edit", COORDINATORS),
        ("experts:training_add", COORDINATORS),
    ]:
        for role, client in all_clients.items():
            response = client.get(reverse(name, args=[expert.pk]))
            assert response.status_code == _expect(role, allowed), (name, role)


def test_role_matrix_for_requests_and_engagements(all_clients, expert_request, engagement):
    for role, client in all_clients.items():
        response = client.get(reverse("experts:request", args=[expert_request.pk]))
        assert response.status_code == _expect(role, {"staff", *COORDINATORS}), role
        response = client.get(reverse("experts:engagement", args=[engagement.pk]))
        assert response.status_code == _expect(role, {"staff", "expert", *COORDINATORS}), role
        response = client.get(reverse("experts:payroll_csv") + "?month=2026-05")
        assert response.status_code == _expect(role, COORDINATORS), role


def test_staff_see_a_limited_card_coordinators_the_full_profile(all_clients, expert):
    url = reverse("experts:profile", args=[expert.pk])
    staff_page = all_clients["staff"].get(url).content.decode()
    assert "Mental health" in staff_page
    for secret in ("PAY-77", "Tiistaisin", expert.person.email, "30.00"):
        assert secret not in staff_page
    assert not AuditEvent.objects.filter(action="view").exists()
    full = all_clients["coordinator"].get(url).content.decode()
    for secret in ("PAY-77", "Tiistaisin", expert.person.email):
        assert secret in full
    event = AuditEvent.objects.get(action="view")
    assert (event.object_type, event.object_id) == ("experts.expertprofile", str(expert.pk))
    assert expert.person.last_name not in event.summary
    bank = all_clients["staff"].get(reverse("experts:bank")).content.decode()
    assert expert.person.full_name in bank
    assert "PAY-77" not in bank


def test_sensitive_reads_on_the_edit_form_and_payroll_page_are_audited(all_clients, expert):
    client = all_clients["coordinator"]
    page = client.get(reverse("experts:profile_edit", args=[expert.pk])).content.decode()
    assert "PAY-77" in page
    assert list(
        AuditEvent.objects.filter(action="view").values_list("object_type", "object_id", "summary")
    ) == [("experts.expertprofile", str(expert.pk), "full profile viewed for editing")]
    AuditEvent.objects.all().delete()
    client.get(reverse("experts:payroll"), {"month": "2026-05"})
    assert list(AuditEvent.objects.filter(action="view").values_list("object_type", "summary")) == [
        ("experts.engagement", "payroll viewed 2026-05, 0 rows")
    ]


def test_public_page_names_no_experts(all_clients, expert):
    page = all_clients["anonymous"].get(reverse("experts:index")).content.decode()
    assert "Mental health" in page
    assert expert.person.last_name not in page


def test_bank_filters_and_htmx_fragment(org, all_clients, area, expert):
    other_area = make_area(org.county, name_fi="Omaishoitajuus")
    swede = make_expert(org.county, areas=[other_area], languages=["sv"])
    client = all_clients["staff"]
    page = client.get(reverse("experts:bank"), {"language": "sv"}).content.decode()
    assert swede.person.full_name in page
    assert expert.person.full_name not in page
    page = client.get(reverse("experts:bank"), {"area": area.pk}).content.decode()
    assert expert.person.full_name in page
    assert swede.person.full_name not in page
    fragment = client.get(
        reverse("experts:bank"), {"type": "lecture"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert fragment.lstrip().startswith('<section id="bank-results"')
    assert "<html" not in fragment


def test_bank_and_queue_have_a_query_budget(
    org, all_clients, area, expert, django_assert_max_num_queries
):
    for _ in range(5):
        make_expert(org.county, areas=[area], municipalities=[org.county.municipalities.first()])
        make_request(org.staff_person, areas=[area])
    with django_assert_max_num_queries(12):
        all_clients["staff"].get(reverse("experts:bank"))
    with django_assert_max_num_queries(12):
        all_clients["coordinator"].get(reverse("experts:queue"))
    request_id = ExpertRequest.objects.first().pk
    with django_assert_max_num_queries(20):
        all_clients["coordinator"].get(reverse("experts:request", args=[request_id]))


def test_refused_posts_change_nothing(org, all_clients, area, expert, expert_request):
    other = make_expert(org.county, areas=[area])
    offer = services.make_offer(expert_request=expert_request, profile=other)
    for role in ["anonymous", "resident", "other_staff", "staff", "manager", "expert"]:
        client = all_clients[role]
        client.post(
            reverse("experts:offer_create", args=[expert_request.pk]), {"profile": expert.pk}
        )
        client.post(reverse("experts:offer_respond", args=[offer.pk]), {"answer": "accept"})
        client.post(
            reverse("experts:profile_edit", args=[expert.pk]),
            {"languages": ["sv"], "areas": [area.pk], "consent_given_on": "2026-01-01"},
        )
        if role != "expert":
            client.post(reverse("experts:me_withdraw"), {"confirm": "on"})
        if role not in {"staff"}:
            client.post(reverse("experts:request_cancel", args=[expert_request.pk]))
    assert list(Offer.objects.values_list("profile_id", "status")) == [(other.pk, "pending")]
    expert.refresh_from_db()
    expert_request.refresh_from_db()
    assert expert.languages == ["fi"]
    assert expert.in_bank
    assert expert_request.status == "open"


def test_request_offer_and_answer_through_the_pages(
    org, all_clients, area, expert, django_capture_on_commit_callbacks
):
    rival = make_expert(
        org.county, areas=[area], municipalities=[org.county.municipalities.first()]
    )
    municipality = org.county.municipalities.first()
    response = all_clients["staff"].post(
        reverse("experts:request_create"),
        {
            "need": "Luento henkilöstölle",
            "areas": [area.pk],
            "type": "lecture",
            "date_from": in_days(10).isoformat(),
            "duration_hours": "2",
            "municipality": municipality.pk,
            "language": "fi",
        },
    )
    expert_request = ExpertRequest.objects.get()
    assert response.status_code == 302
    assert expert_request.requested_by == org.staff_person

    page = (
        all_clients["coordinator"]
        .get(f"/en/experts/requests/{expert_request.pk}/")
        .content.decode()
    )
    assert "matches 1 of 1 areas, speaks Finnish, in Kajaani" in page
    assert "0 assignments in the last 12 months" in page
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        for profile in (expert, rival):
            all_clients["coordinator"].post(
                reverse("experts:offer_create", args=[expert_request.pk]), {"profile": profile.pk}
            )
    assert Offer.objects.filter(status="pending").count() == 2
    links = {m.to[0]: m.body.split("http://")[1].split()[0] for m in mail.outbox}
    # The links are in each expert's language (Finnish); the English page is asserted on.
    expert_link = "/" + links[expert.person.email].split("/", 1)[1].replace("fi/", "en/", 1)
    rival_link = "/" + links[rival.person.email].split("/", 1)[1].replace("fi/", "en/", 1)

    anonymous = Client()
    assert anonymous.get(expert_link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(expert_link, {"answer": "accept"})
    engagement = Engagement.objects.get()
    assert engagement.profile == expert
    # A double tap: the second acceptance is not reported as lost to another expert.
    again = anonymous.post(expert_link, {"answer": "accept"}, follow=True).content.decode()
    assert "You accepted the assignment. Thank you!" in again
    assert "another expert has already taken this assignment" not in again
    assert Engagement.objects.get() == engagement
    response = anonymous.post(rival_link, {"answer": "accept"}, follow=True)
    assert "another expert has already taken this assignment" in response.content.decode()
    assert Engagement.objects.count() == 1
    assert Client().get("/en/experts/offers/answer/not-a-token/").status_code == 404

    # The professional debriefs; they cannot set the fee.
    all_clients["staff"].post(
        reverse("experts:engagement", args=[engagement.pk]),
        {"status": "agreed", "hours": "2.5", "debrief_note": "Hyvä", "fee_amount": "999"},
    )
    engagement.refresh_from_db()
    assert (engagement.hours, engagement.debrief_note, engagement.fee_amount) == (
        Decimal("2.5"),
        "Hyvä",
        Decimal("60.00"),
    )
    # The expert sees the engagement and may not post to it.
    expert_client = all_clients["expert"]
    assert (
        "Hyvä"
        in expert_client.get(reverse("experts:engagement", args=[engagement.pk])).content.decode()
    )
    assert (
        expert_client.post(
            reverse("experts:engagement", args=[engagement.pk]), {"hours": "9"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1999-12", "2101-01"])
def test_payroll_month_out_of_range_is_a_form_error(all_clients, month):
    client = all_clients["coordinator"]
    page = client.get(reverse("experts:payroll"), {"month": month})
    assert page.status_code == 200
    assert "Give a date between the years 2000 and 2100." in page.content.decode()
    export = client.get(reverse("experts:payroll_csv"), {"month": month})
    assert (export.status_code, export["Location"]) == (302, reverse("experts:payroll"))
    assert not AuditEvent.objects.filter(action="export").exists()


def test_professional_cannot_mark_a_cancelled_engagement_done(
    org, all_clients, expert_request, engagement
):
    services.cancel_request(expert_request=expert_request)
    day = in_days(-1)
    Engagement.objects.filter(pk=engagement.pk).update(date=day)
    response = all_clients["staff"].post(
        reverse("experts:engagement", args=[engagement.pk]),
        {"status": "done", "hours": "2", "debrief_note": "Pidettiin"},
    )
    assert response.status_code == 200
    assert "This engagement was cancelled" in response.content.decode()
    engagement.refresh_from_db()
    assert (engagement.status, engagement.debrief_note) == ("cancelled", "")
    csv_response = all_clients["coordinator"].get(
        reverse("experts:payroll_csv"), {"month": day.strftime("%Y-%m")}
    )
    assert len(list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))) == 1


def test_travel_claim_with_negative_kilometres_is_a_form_error(all_clients, engagement):
    """Minus 50 kilometres was saved and exported to payroll as such."""
    data = {
        "status": "agreed",
        "hours": "2",
        "debrief_note": "",
        "fee_basis": "hourly",
        "fee_amount": "60.00",
        "travel_km": "-50",
        "km_allowance": "0",
        "tickets_amount": "0",
        "per_diem_amount": "0",
    }
    url = reverse("experts:engagement", args=[engagement.pk])
    response = all_clients["coordinator"].post(url, data)
    assert response.status_code == 200
    assert 'id="id_travel_km_errors"' in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.travel_km == Decimal(0)
    assert all_clients["coordinator"].post(url, {**data, "travel_km": "50"}).status_code == 302
    engagement.refresh_from_db()
    assert engagement.travel_km == Decimal(50)


def test_expert_answers_signed_in_and_edits_own_profile(all_clients, area, expert, expert_request):
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    client = all_clients["expert"]
    page = client.get(reverse("experts:me")).content.decode()
    assert "Offers to answer" in page
    client.post(reverse("experts:offer_respond", args=[offer.pk]), {"answer": "decline"})
    offer.refresh_from_db()
    assert offer.status == "declined"
    response = client.post(
        reverse("experts:me_edit"),
        {
            "areas": [area.pk],
            "languages": ["fi", "se"],
            "available": "on",
            "preferred_types": ["training"],
        },
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.languages, expert.preferred_types) == (["fi", "se"], ["training"])


def test_expert_withdraws_consent(all_clients, expert):
    client = all_clients["expert"]
    response = client.post(reverse("experts:me_withdraw"), {})
    assert response.status_code == 200  # the box must be ticked
    client.post(reverse("experts:me_withdraw"), {"confirm": "on"})
    expert.refresh_from_db()
    assert not expert.in_bank
    assert "You have withdrawn your consent" in client.get(reverse("experts:me")).content.decode()
    assert all_clients["staff"].get(reverse("experts:profile", args=[expert.pk])).status_code == 403


def test_expert_without_profile_sees_an_explanation(org):
    from kuulu.organisation.tests.factories import make_person

    person = make_person(org.county, kind="experience_expert")
    page = client_for(person.user).get(reverse("experts:me")).content.decode()
    assert "You have no profile in the experience-expert bank yet" in page


def test_coordinator_creates_and_edits_a_profile(org, all_clients, area):
    from kuulu.organisation.tests.factories import make_person

    person = make_person(org.county, kind="experience_expert")
    client = all_clients["coordinator"]
    data = {
        "person": person.pk,
        "areas": [area.pk],
        "languages": ["fi"],
        "available": "on",
        "fee_basis": "per_assignment",
        "fee_amount": "100",
        "payee_number": "P-1",
        "agreement_signed_on": in_days(-1).isoformat(),
        "consent_given_on": in_days(-1).isoformat(),
    }
    response = client.post(reverse("experts:profile_create"), data)
    profile = ExpertProfile.objects.get(person=person)
    assert response.status_code == 302
    response = client.post(
        reverse("experts:profile_edit", args=[profile.pk]),
        {**data, "agreement_valid_until": in_days(-5).isoformat()},
    )
    assert response.status_code == 200
    assert "The agreement cannot end before it was signed." in response.content.decode()
    response = client.post(
        reverse("experts:training_add", args=[profile.pk]),
        {"course_name": "Kokemusasiantuntijakoulutus", "trainer": "Yhdistys ry"},
    )
    assert response.status_code == 302
    assert profile.trainings.get().trainer == "Yhdistys ry"


def test_payroll_export(org, all_clients, area, expert, expert_request):
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    engagement = services.answer_offer(offer=offer, accept=True)
    day = in_days(-40)
    Engagement.objects.filter(pk=engagement.pk).update(
        status="done", date=day, km_allowance=Decimal("12.50"), per_diem_amount=Decimal("10")
    )
    expert.person.first_name = "=HYPERLINK(1)"
    expert.person.save()
    ExpertRequest.objects.filter(pk=expert_request.pk).update(cost_centre="KP-4410")
    month = day.strftime("%Y-%m")
    page = all_clients["coordinator"].get(reverse("experts:payroll"), {"month": month})
    assert "PAY-77" in page.content.decode()
    response = all_clients["coordinator"].get(reverse("experts:payroll_csv"), {"month": month})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Expert", "Payee number", "Date"]
    assert rows[1] == [
        f"'=HYPERLINK(1) {expert.person.last_name}",
        "PAY-77",
        day.isoformat(),
        "lecture",
        "2.00",
        "hourly fee",
        "60.00",
        "0.00",
        "12.50",
        "0.00",
        "10.00",
        "22.50",
        "82.50",
        "KP-4410",
    ]
    event = AuditEvent.objects.get(action="export")
    assert event.summary == f"payroll export {month}, 1 rows"
    other_month = (day + timedelta(days=40)).strftime("%Y-%m")
    response = all_clients["coordinator"].get(
        reverse("experts:payroll_csv"), {"month": other_month}
    )
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 1
    assert (
        all_clients["coordinator"]
        .get(reverse("experts:payroll_csv"), {"month": "2026-13"})
        .status_code
        == 302
    )
