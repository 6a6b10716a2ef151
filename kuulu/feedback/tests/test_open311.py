"""Open311 GeoReport v2: discovery, services, posting, the public list, errors, formats."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
from django.test import Client, override_settings
from django.utils import translation

from kuulu.feedback.models import Complaint, Feedback, FeedbackEvent, PublishedFeedback, Secrecy
from kuulu.feedback.open311 import forget_lookups
from kuulu.feedback.tests.factories import make_complaint, make_feedback, make_theme
from kuulu.integrations.services import create_token

BASE = "/open311/v2/"


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    forget_lookups()
    with translation.override("en"):
        yield
    forget_lookups()


@pytest.fixture
def theme(org):  # type: ignore[no-untyped-def]
    return make_theme(org.county, code="waiting", name_fi="Jonotus", name_en="Waiting times")


def api() -> Client:
    """A client that asks for English (the API has no language prefix; Accept-Language picks)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def post(client: Client, **data: str):  # type: ignore[no-untyped-def]
    return client.post(BASE + "requests.json", data)


def parse_xml(content: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(content)  # noqa: S314 - our own response, not untrusted input


def body(response) -> list | dict:  # type: ignore[no-untyped-def]
    return json.loads(response.content)


def test_discovery_names_the_endpoint(org) -> None:  # type: ignore[no-untyped-def]
    response = api().get(BASE + "discovery.json")
    assert response.status_code == 200
    assert body(response)["endpoints"][0]["formats"] == ["application/json", "text/xml"]
    assert api().get(BASE + "discovery.xml").status_code == 200


def test_services_are_themes_and_units(org, theme) -> None:  # type: ignore[no-untyped-def]
    response = api().get(BASE + "services.json")
    assert response.status_code == 200
    services = {s["service_code"]: s for s in body(response)}
    assert services["waiting"] == {
        "service_code": "waiting",
        "service_name": "Waiting times",
        "description": "Feedback about: Waiting times",
        "metadata": True,
        "type": "realtime",
        "keywords": "waiting",
        "group": "Themes",
    }
    # Units (not service areas or teams), grouped by their service area.
    assert services["unit.unit-a"]["group"] == "Ikäihmisten palvelut"
    assert services["unit.unit-b"]["service_name"] == "Perhekeskus"
    assert "unit.area-a" not in services
    assert "unit.team-a1" not in services


def test_services_as_xml(org, theme) -> None:  # type: ignore[no-untyped-def]
    response = api().get(BASE + "services.xml")
    assert response["Content-Type"].startswith("text/xml")
    root = parse_xml(response.content)
    assert root.tag == "services"
    codes = [s.findtext("service_code") for s in root.findall("service")]
    assert "waiting" in codes
    assert root.find("service/metadata").text == "true"


def test_service_definition_lists_the_attributes(org, theme) -> None:  # type: ignore[no-untyped-def]
    response = api().get(BASE + "services/unit.unit-a.json")
    assert response.status_code == 200
    definition = body(response)
    assert definition["service_code"] == "unit.unit-a"
    assert [a["code"] for a in definition["attributes"]] == ["kind", "score", "language"]
    kinds = [v["key"] for v in definition["attributes"][0]["values"]]
    assert kinds == ["praise", "idea", "question", "dissatisfaction"]
    assert api().get(BASE + "services/waiting.xml").status_code == 200


def test_unknown_service_definition_is_400(org) -> None:  # type: ignore[no-untyped-def]
    response = api().get(BASE + "services/nope.json")
    assert response.status_code == 400
    assert body(response) == [{"code": 400, "description": "Unknown service_code: nope."}]


def test_post_creates_committed_feedback_and_returns_its_id(org, theme) -> None:  # type: ignore[no-untyped-def]
    response = post(
        api(),
        service_code="waiting",
        description="Odotin Kajaanin päivystyksessä viisi tuntia.",
        email="Asiakas@Example.test",
        first_name="Maija",
        last_name="Meikäläinen",
        phone="040 123 4567",
        address_string="Sairaalantie 1",
        lat="64.2222",
        long="27.7333",
        **{"attribute[kind]": "dissatisfaction", "attribute[score]": "3"},
    )
    assert response.status_code == 201
    [answer] = body(response)
    feedback = Feedback.objects.get(reference=answer["service_request_id"])
    assert answer["token"] == feedback.reference
    assert feedback.reference in answer["service_notice"]
    assert feedback.channel == Feedback.Channel.OPEN311
    assert feedback.theme == theme
    assert feedback.kind == "dissatisfaction"
    assert feedback.score == 3
    assert feedback.contact_email == "asiakas@example.test"
    assert feedback.contact_name == "Maija Meikäläinen"
    assert feedback.wants_reply
    assert str(feedback.latitude) == "64.222200"
    assert feedback.events.filter(kind=FeedbackEvent.Kind.RECEIVED).count() == 1


def test_post_to_a_unit_service_sets_the_unit(org) -> None:  # type: ignore[no-untyped-def]
    response = post(api(), service_code="unit.unit-b", description="Kiitos hyvästä palvelusta!")
    assert response.status_code == 201
    feedback = Feedback.objects.get()
    assert feedback.unit == org.unit_b
    assert feedback.kind == Feedback.Kind.DISSATISFACTION  # the default without attribute[kind]


def test_same_submission_twice_makes_one_case(org, theme) -> None:  # type: ignore[no-untyped-def]
    data = {"service_code": "waiting", "description": "Jono oli pitkä.", "email": "a@example.test"}
    first = body(post(api(), **data))[0]["service_request_id"]
    second = body(post(api(), **data))[0]["service_request_id"]
    assert first == second
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "description"),
    [
        ({"service_code": "waiting"}, "description is required."),
        ({"service_code": "waiting", "description": "   "}, "description is required."),
        (
            {"service_code": "waiting", "description": "x" * 4001},
            "description is too long: at most 4000 characters.",
        ),
        ({"service_code": "nope", "description": "Hei"}, "Unknown service_code: nope."),
        ({"description": "Hei"}, "service_code is required."),
        (
            {"service_code": "waiting", "description": "Hei", "attribute[score]": "11"},
            "attribute[score] must be a whole number from 0 to 10.",
        ),
        (
            {"service_code": "waiting", "description": "Hei", "attribute[kind]": "rant"},
            "attribute[kind] must be one of: praise, idea, question, dissatisfaction.",
        ),
        (
            {"service_code": "waiting", "description": "Hei", "email": "not-an-email"},
            "email is not a valid email address.",
        ),
        (
            {"service_code": "waiting", "description": "Hei", "lat": "north"},
            "lat is not a valid coordinate.",
        ),
        (
            {"service_code": "waiting", "description": "Hei", "attribute[language]": "de"},
            "attribute[language] must be fi, sv or en.",
        ),
    ],
)
def test_bad_posts_are_400_and_save_nothing(org, theme, data, description) -> None:  # type: ignore[no-untyped-def]
    response = post(api(), **data)
    assert response.status_code == 400
    assert body(response) == [{"code": 400, "description": description}]
    assert Feedback.objects.count() == 0


def test_exactly_4000_characters_is_accepted(org, theme) -> None:  # type: ignore[no-untyped-def]
    assert post(api(), service_code="waiting", description="y" * 4000).status_code == 201


def test_errors_in_xml(org) -> None:  # type: ignore[no-untyped-def]
    response = api().post(BASE + "requests.xml", {"service_code": "nope", "description": "x"})
    assert response.status_code == 400
    root = parse_xml(response.content)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "400"
    assert root.findtext("error/description") == "Unknown service_code: nope."


@override_settings(PUBLIC_FORM_LIMIT="2/h")
def test_anonymous_posts_are_rate_limited_per_address(org, theme) -> None:  # type: ignore[no-untyped-def]
    client = api()
    for n in range(2):
        assert post(client, service_code="waiting", description=f"Palaute {n}").status_code == 201
    response = post(client, service_code="waiting", description="Palaute 3")
    assert response.status_code == 429
    assert body(response)[0]["code"] == 429
    assert Feedback.objects.count() == 2


@override_settings(PUBLIC_FORM_LIMIT="1/h")
def test_partner_with_api_key_is_not_limited_and_is_recorded(org, theme) -> None:  # type: ignore[no-untyped-def]
    issued = create_token(user=org.coordinator, name="Kuntalaisapp")
    client = api()
    for n in range(3):
        response = post(
            client, service_code="waiting", description=f"Palaute {n}", api_key=issued.raw
        )
        assert response.status_code == 201
    assert set(Feedback.objects.values_list("source_client", flat=True)) == {"Kuntalaisapp"}


def test_wrong_api_key_is_403(org, theme) -> None:  # type: ignore[no-untyped-def]
    response = post(api(), service_code="waiting", description="Hei", api_key="kuulu_wrong")
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


@override_settings(FEEDBACK_OPEN311_ANONYMOUS=False)
def test_anonymous_posting_can_be_turned_off(org, theme) -> None:  # type: ignore[no-untyped-def]
    response = post(api(), service_code="waiting", description="Hei")
    assert response.status_code == 403
    assert body(response) == [
        {"code": 403, "description": "An api_key is required to post requests."}
    ]


@pytest.fixture
def listed(org, theme):  # type: ignore[no-untyped-def]
    public = make_feedback(
        org.county,
        unit=org.unit_a,
        theme=theme,
        text="Hoitaja Virtanen soitti numerosta 040 123 4567, ja asia hoitui.",
        contact_email="secret-person@example.test",
        contact_name="Salla Salainen",
        location_text="Kotikatu 5",
    )
    Feedback.objects.filter(pk=public.pk).update(secrecy=Secrecy.PUBLIC)
    partly = make_feedback(
        org.county,
        unit=org.unit_b,
        text="Diagnoosini on arkaluonteinen.",
        contact_phone="0501234567",
    )
    secret = make_feedback(org.county, text="Salainen asia.")
    Feedback.objects.filter(pk=secret.pk).update(secrecy=Secrecy.SECRET)
    closed = make_feedback(org.county, theme=theme, text="Kiitos kaikille!")
    Feedback.objects.filter(pk=closed.pk).update(status=Feedback.Status.CLOSED)
    return {"public": public, "partly": partly, "secret": secret, "closed": closed}


def test_list_shows_only_public_masked_fields(listed) -> None:  # type: ignore[no-untyped-def]
    response = api().get(BASE + "requests.json")
    assert response.status_code == 200
    rows = {r["service_request_id"]: r for r in body(response)}
    assert set(rows) == {
        listed["public"].reference,
        listed["partly"].reference,
        listed["closed"].reference,
    }
    public = rows[listed["public"].reference]
    assert public["description"] == "Hoitaja [nimi] soitti numerosta [puhelin], ja asia hoitui."
    assert public["status"] == "open"
    assert public["status_notes"] == "received"
    assert public["service_code"] == "waiting"
    assert public["agency_responsible"] == "Kotihoito"
    # A street address with a house number may be someone's home: the public list hides it
    # (the county's own unit addresses stay visible; see docs/MASKING.md).
    assert public["address"] == "[osoite]"
    # Feedback that may contain secret details is listed without its text.
    assert rows[listed["partly"].reference]["description"] == ""
    assert rows[listed["partly"].reference]["service_code"] == "unit.unit-b"
    content = response.content.decode()
    for secret in ("secret-person@example.test", "Salla", "0501234567", "Diagnoosini"):
        assert secret not in content


def test_published_feedback_shows_its_checked_text_and_response(listed) -> None:  # type: ignore[no-untyped-def]
    PublishedFeedback.objects.create(
        feedback=listed["partly"], masked_text="Toive julkaistiin.", masked_response="Korjattu."
    )
    row = body(api().get(BASE + f"requests/{listed['partly'].reference}.json"))[0]
    assert row["description"] == "Toive julkaistiin."
    assert row["service_notice"] == "Korjattu."


def test_list_filters(listed) -> None:  # type: ignore[no-untyped-def]
    def ids(query: str) -> set[str]:
        response = api().get(BASE + "requests.json" + query)
        assert response.status_code == 200
        return {r["service_request_id"] for r in body(response)}

    assert ids("?status=closed") == {listed["closed"].reference}
    assert listed["closed"].reference not in ids("?status=open")
    assert ids("?service_code=unit.unit-b") == {listed["partly"].reference}
    assert ids("?service_code=waiting") == {
        listed["public"].reference,
        listed["closed"].reference,
    }
    assert ids("?start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z") == set()
    assert ids(
        f"?service_request_id={listed['public'].reference},{listed['secret'].reference}"
    ) == {listed["public"].reference}


def test_bad_filters_are_400(listed) -> None:  # type: ignore[no-untyped-def]
    assert api().get(BASE + "requests.json?status=lost").status_code == 400
    response = api().get(BASE + "requests.json?start_date=yesterday")
    assert response.status_code == 400
    assert "start_date" in body(response)[0]["description"]


def test_single_request_and_token(listed) -> None:  # type: ignore[no-untyped-def]
    reference = listed["public"].reference
    response = api().get(BASE + f"requests/{reference}.json")
    assert response.status_code == 200
    assert body(response)[0]["service_request_id"] == reference
    token = body(api().get(BASE + f"tokens/{reference}.json"))
    assert token == [{"service_request_id": reference, "token": reference}]
    xml = parse_xml(api().get(BASE + f"requests/{reference}.xml").content)
    assert xml.findtext("request/service_request_id") == reference


def test_unknown_secret_or_complaint_ids_are_404(listed, org) -> None:  # type: ignore[no-untyped-def]
    complaint = make_complaint(org.county, unit=org.unit_a, director=org.manager)
    for reference in ("PA-NOPE", listed["secret"].reference, complaint.reference):
        response = api().get(BASE + f"requests/{reference}.json")
        assert response.status_code == 404
        assert body(response) == [{"code": 404, "description": "No request with this id."}]
    assert api().get(BASE + "tokens/PA-NOPE.json").status_code == 404
    assert Complaint.objects.count() == 1


def test_markup_is_escaped_in_xml(org, theme) -> None:  # type: ignore[no-untyped-def]
    reference = body(
        post(api(), service_code="waiting", description="<script>alert(1)</script> jono")
    )[0]["service_request_id"]
    Feedback.objects.filter(reference=reference).update(secrecy=Secrecy.PUBLIC)
    response = api().get(BASE + f"requests/{reference}.xml")
    assert b"<script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_other_methods_are_refused(org) -> None:  # type: ignore[no-untyped-def]
    assert api().delete(BASE + "requests.json").status_code == 405
    assert api().post(BASE + "services.json").status_code == 405


def test_a_theme_switched_off_is_refused_once_the_lookup_expires(org, theme) -> None:  # type: ignore[no-untyped-def]
    assert post(api(), service_code="waiting", description="Eka").status_code == 201
    theme.is_active = False
    theme.save(update_fields=["is_active"])
    forget_lookups()  # what LOOKUP_SECONDS later does by itself
    response = post(api(), service_code="waiting", description="Toka")
    assert response.status_code == 400


def test_impossible_dates_and_huge_coordinates_are_open311_errors_not_500(org):
    from django.test import Client as _Client

    for bad in ["2025-13-45T00:00:00Z", "2025-02-30T10:00:00Z", "2025-01-01T25:00:00Z"]:
        response = _Client().get("/open311/v2/requests.json", {"start_date": bad})
        assert response.status_code == 400, bad
        assert response.json()[0]["code"] == 400
    services = _Client().get("/open311/v2/services.json").json()
    response = _Client().post(
        "/open311/v2/requests.json",
        {
            "service_code": services[0]["service_code"],
            "description": "Hyvä palvelu.",
            "lat": "1e999999999",
            "long": "25",
        },
    )
    assert response.status_code == 400


def test_xml_stays_well_formed_with_control_characters():
    from xml.etree import ElementTree

    from kuulu.feedback.open311 import _xml

    body = _xml("service_requests", "request", [{"description": "a\x0bb\x01c"}])
    assert ElementTree.fromstring(body).find("request/description").text == "abc"  # noqa: S314 - our own output


def test_a_partner_of_another_county_posts_into_its_own_county(org, theme) -> None:  # type: ignore[no-untyped-def]
    """Several counties in one installation: a partner application's api_key was made by a
    coordinator of the second county, so its requests are that county's feedback (and its
    service codes are that county's), not the first county's."""
    from kuulu.organisation.tests.factories import make_county, make_person, make_unit

    other = make_county(slug="toinen")
    area = make_unit(other, code="area-x", name_fi="Toinen alue")
    other_coordinator = make_person(
        other, kind="staff", unit=area, is_coordinator=True, email="coord2@example.test"
    ).user
    other_theme = make_theme(other, code="waiting", name_fi="Jonotus")
    make_theme(other, code="parking", name_fi="Pysäköinti")
    issued = create_token(user=other_coordinator, name="Toisen alueen sovellus")
    response = post(
        api(), service_code="waiting", description="Jono oli pitkä.", api_key=issued.raw
    )
    assert response.status_code == 201
    feedback = Feedback.objects.get()
    assert (feedback.county_id, feedback.theme_id) == (other.pk, other_theme.pk)
    # A service code only the second county has is known to its partner, not to the public.
    response = post(api(), service_code="parking", description="Ei paikkoja.", api_key=issued.raw)
    assert response.status_code == 201
    assert Feedback.objects.filter(county=other).count() == 2
    response = post(api(), service_code="parking", description="Ei paikkoja.")
    assert response.status_code == 400
    # The first county's partners and the public still post into the first county.
    assert post(api(), service_code="waiting", description="Hei").status_code == 201
    assert Feedback.objects.filter(county=org.county).count() == 1


@pytest.mark.parametrize(
    ("data", "description"),
    [
        (
            {"service_code": "waiting", "description": "Jono\x00oli pitkä"},
            "description must not contain NUL characters.",
        ),
        (
            {"service_code": "wait\x00ing", "description": "Hei"},
            "service_code must not contain NUL characters.",
        ),
        (
            {"service_code": "waiting", "description": "Hei", "first_name": "Ma\x00ija"},
            "first_name must not contain NUL characters.",
        ),
        (
            {"service_code": "waiting", "description": "Hei", "phone": "040\x001234567"},
            "phone must not contain NUL characters.",
        ),
        (
            {"service_code": "waiting", "description": "Hei", "address_string": "Katu 1\x00"},
            "address_string must not contain NUL characters.",
        ),
        (
            # Valid in form, but longer than any address a mailbox can have (254 characters).
            {"service_code": "waiting", "description": "Hei", "email": "a" * 250 + "@example.fi"},
            "email is not a valid email address.",
        ),
    ],
)
def test_posts_that_postgresql_cannot_store_are_400_not_500(org, theme, data, description) -> None:  # type: ignore[no-untyped-def]
    """Found in review: on PostgreSQL these were 500s (text cannot hold NUL; the email column
    holds 254 characters)."""
    response = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en").post(
        BASE + "requests.json", data
    )
    assert response.status_code == 400
    assert body(response) == [{"code": 400, "description": description}]
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"service_request_id": "PA-\x00"}, "service_request_id must not contain NUL characters."),
        ({"service_code": "wait\x00ing"}, "service_code must not contain NUL characters."),
        (
            {"end_date": "0001-01-02T00:00:00Z"},
            "end_date must be between the years 1900 and 2999.",
        ),
        (
            {"start_date": "0001-01-01T00:00:00"},
            "start_date must be between the years 1900 and 2999.",
        ),
    ],
)
def test_list_filters_that_cannot_be_queried_are_400_not_500(org, params, description) -> None:  # type: ignore[no-untyped-def]
    response = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en").get(
        BASE + "requests.json", params
    )
    assert response.status_code == 400
    assert body(response) == [{"code": 400, "description": description}]


def test_the_nul_refusal_is_in_the_clients_language(org, theme) -> None:  # type: ignore[no-untyped-def]
    for language, expected in [
        ("fi", "description ei saa sisältää NUL-merkkejä."),
        ("sv", "description får inte innehålla NUL-tecken."),
    ]:
        response = Client(HTTP_ACCEPT_LANGUAGE=language).post(
            BASE + "requests.json", {"service_code": "waiting", "description": "a\x00"}
        )
        assert body(response) == [{"code": 400, "description": expected}]


def test_a_partner_of_another_county_reads_its_own_services_and_requests(org, theme) -> None:  # type: ignore[no-untyped-def]
    """Left alone in earlier notes: every GET read the installation's county, so a partner of
    a second county listed the first county's service codes (and posting them failed) and
    could not read back the request it had just made. A GET with the partner's api_key, or
    the GeoReport jurisdiction_id, now reads that county."""
    from kuulu.organisation.tests.factories import make_county, make_person, make_unit

    other = make_county(slug="toinen")
    area = make_unit(other, code="area-x", name_fi="Toinen alue")
    coordinator = make_person(
        other, kind="staff", unit=area, is_coordinator=True, email="coord2@example.test"
    ).user
    make_theme(other, code="parking", name_fi="Pysäköinti", name_en="Parking")
    key = create_token(user=coordinator, name="Toisen sovellus").raw
    made = body(post(api(), service_code="parking", description="Ei paikkoja.", api_key=key))
    reference = made[0]["service_request_id"]
    Feedback.objects.filter(reference=reference).update(secrecy=Secrecy.PUBLIC)

    codes = {s["service_code"] for s in body(api().get(BASE + "services.json", {"api_key": key}))}
    assert "parking" in codes
    assert "waiting" not in codes
    assert api().get(BASE + "services/parking.json", {"api_key": key}).status_code == 200
    listed = body(api().get(BASE + "requests.json", {"api_key": key}))
    assert [r["service_request_id"] for r in listed] == [reference]
    one = api().get(BASE + f"requests/{reference}.json", {"api_key": key})
    assert one.status_code == 200
    assert api().get(BASE + f"tokens/{reference}.json", {"api_key": key}).status_code == 200
    # the public names the county by its short name; without it, the installation's county
    by_name = body(api().get(BASE + "requests.json", {"jurisdiction_id": "toinen"}))
    assert [r["service_request_id"] for r in by_name] == [reference]
    assert body(api().get(BASE + "requests.json")) == []
    assert api().get(BASE + f"requests/{reference}.json").status_code == 404
    public_codes = {s["service_code"] for s in body(api().get(BASE + "services.json"))}
    assert "waiting" in public_codes
    assert "parking" not in public_codes
    # the public may post to the second county by naming it
    response = post(api(), service_code="parking", description="Hei", jurisdiction_id="toinen")
    assert response.status_code == 201
    assert Feedback.objects.filter(county=other).count() == 2


def test_a_wrong_jurisdiction_or_key_on_a_read_is_refused(org, theme) -> None:  # type: ignore[no-untyped-def]
    unknown = api().get(BASE + "services.json", {"jurisdiction_id": "nowhere"})
    assert unknown.status_code == 404
    assert body(unknown) == [
        {"code": 404, "description": "No jurisdiction with this jurisdiction_id."}
    ]
    assert api().get(BASE + "requests.json", {"api_key": "kuulu_wrong"}).status_code == 403
    key = create_token(user=org.coordinator, name="Sovellus").raw
    response = post(
        api(), service_code="waiting", description="Hei", api_key=key, jurisdiction_id="toinen"
    )
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


@override_settings(OPEN311_READ_LIMIT="2/m")
def test_anonymous_reads_are_rate_limited_per_address_and_partners_are_not(org, theme) -> None:  # type: ignore[no-untyped-def]
    client = api()
    assert client.get(BASE + "requests.json").status_code == 200
    assert client.get(BASE + "services.json").status_code == 200
    limited = client.get(BASE + "requests.json")
    assert limited.status_code == 429
    assert body(limited)[0]["code"] == 429
    key = create_token(user=org.coordinator, name="Sovellus").raw
    for _n in range(3):
        assert client.get(BASE + "requests.json", {"api_key": key}).status_code == 200
    # the discovery document is not counted: it says where the API is
    assert client.get(BASE + "discovery.json").status_code == 200
