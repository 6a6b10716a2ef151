"""Pages of the methods bank: the public cards, import with its errors and diff, the expert
pool, support, uses, adoption, and the role matrix of access.py."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kuulu.methods import services
from kuulu.methods.models import MethodCard, MethodUse, SupportRequest
from kuulu.methods.tests.factories import card_data, document, make_card

pytestmark = pytest.mark.django_db


def _upload(doc: dict) -> SimpleUploadedFile:
    return SimpleUploadedFile("cards.json", json.dumps(doc).encode(), "application/json")


def test_public_list_filters_and_detail(clients, org):
    panel = make_card(
        org.county,
        name={"fi": "Asukasraati", "sv": "", "en": "Resident panel"},
        tool="panels",
        perspectives=["strategy"],
    )
    make_card(org.county, name={"fi": "Palautteesta kehittäminen", "sv": "", "en": ""})
    draft = make_card(org.county, publish=False)
    client = clients["anonymous"]
    response = client.get("/en/methods/", {"perspective": "strategy"})
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"]] == [panel.pk]
    html = client.get(f"/en/methods/{panel.pk}/").content.decode()
    assert "Resident panel" in html
    assert 'href="/en/panels/"' in html
    assert client.get(f"/en/methods/{draft.pk}/").status_code == 404
    assert clients["coordinator"].get(f"/en/methods/{draft.pk}/").status_code == 200


def test_htmx_search_renders_only_the_results(clients, org):
    make_card(org.county)
    response = clients["anonymous"].get("/en/methods/", {"q": "Method"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<form" not in html


def test_import_shows_errors_naming_the_field_and_imports_nothing(clients, org):
    doc = document(card_data(), card_data(effort="enormous"))
    response = clients["coordinator"].post("/en/methods/import/", {"file": _upload(doc)})
    assert response.status_code == 400
    assert response.context["errors"] == [
        ("cards[1].effort", "Must be one of: light, medium, heavy.")
    ]
    assert MethodCard.objects.count() == 0
    doc["version"] = 3
    response = clients["coordinator"].post("/en/methods/import/", {"file": _upload(doc)})
    assert [p for p, _m in response.context["errors"]] == ["version"]


def test_a_file_too_large_to_confirm_is_refused_at_the_preview(clients, org, settings):
    # The confirm step posts the document back URL-encoded ("ä" is six bytes): beyond
    # DATA_UPLOAD_MAX_MEMORY_SIZE Django answers it with a bare 400, after the preview said
    # the import would work. The preview must say so instead.
    doc = document(*(card_data(summary={"fi": "ä" * 400}) for _ in range(10)))
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(json.dumps(doc, ensure_ascii=False)) + 5_000
    client = clients["coordinator"]
    response = client.post("/en/methods/import/", {"file": _upload(doc)})
    assert response.status_code == 400
    assert "plan" not in response.context
    assert "too large to import in one go" in response.content.decode()
    # a file that fits is previewed and confirmed as before
    small = document(card_data())
    response = client.post("/en/methods/import/", {"file": _upload(small)})
    assert response.status_code == 200
    assert response.context["plan"].count("new") == 1
    response = client.post(
        "/en/methods/import/", {"document": response.context["document"], "confirm": "1"}
    )
    assert response.status_code == 302
    assert MethodCard.objects.count() == 1


def test_import_previews_a_diff_then_confirms(clients, org):
    data = card_data()
    services.import_cards(county=org.county, document=document(data))
    card = MethodCard.objects.get(uid=data["uid"])
    card.name_en = "Our name"
    card.save()
    newer = dict(data, name={"fi": data["name"]["fi"], "sv": "", "en": "Their name"})
    fresh = card_data()
    client = clients["coordinator"]
    response = client.post("/en/methods/import/", {"file": _upload(document(newer, fresh))})
    assert response.status_code == 200
    plan = response.context["plan"]
    assert [i.action for i in plan.items] == ["conflict", "new"]
    assert "Their name" in response.content.decode()
    assert MethodCard.objects.count() == 1  # nothing saved by the preview
    response = client.post(
        "/en/methods/import/",
        {"document": response.context["document"], "confirm": "1"},
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.name_en == "Our name"
    assert MethodCard.objects.count() == 2


def test_export_downloads_the_county_cards(clients, org):
    card = make_card(org.county)
    response = clients["coordinator"].get("/en/methods/export/")
    doc = json.loads(response.content)
    assert doc["format"] == "kuulu-method-cards"
    assert [c["uid"] for c in doc["cards"]] == [str(card.uid)]


def test_schema_is_public_json(clients):
    response = clients["anonymous"].get("/en/methods/exchange-schema.json")
    assert json.loads(response.content)["properties"]["version"] == {"const": 1}


def test_staff_requests_support_coordinator_assigns_and_records(clients, org):
    card = make_card(org.county)
    expert = services.add_expert(county=org.county, person=org.other_staff_person, languages=["fi"])
    services.add_skill(expert=expert, method=card)
    response = clients["staff"].post(
        "/en/methods/support/new/",
        {"unit": org.team_a1.pk, "method": card.pk, "need": "Help to plan.", "language": "fi"},
    )
    assert response.status_code == 302
    support = SupportRequest.objects.get()
    url = f"/en/methods/support/{support.pk}/"
    clients["coordinator"].post(url, {"action": "assign", "expert": expert.pk})
    clients["coordinator"].post(url, {"action": "record", "support_given": "Planned together."})
    support.refresh_from_db()
    assert (support.status, support.expert_id) == ("done", expert.pk)


@pytest.mark.parametrize(
    ("lang", "swedish", "cancelled"),
    [
        ("fi", "ruotsi", "Pyyntö peruttiin"),
        ("sv", "svenska", "Begäran har ställts in"),
        ("en", "Swedish", "The request was cancelled"),
    ],
)
def test_a_support_request_can_be_cancelled_once_and_shows_its_language_by_name(
    clients, org, lang, swedish, cancelled
):
    card = make_card(org.county)
    support = services.request_support(
        unit=org.team_a1, method=card, need="Apua.", actor=org.staff, language="sv"
    )
    url = f"/{lang}/methods/support/{support.pk}/"
    page = clients["coordinator"].get(url).content.decode()
    assert swedish.lower() in page.lower()
    assert "<dd>sv</dd>" not in page
    assert clients["staff"].post(url, {"action": "cancel"}).status_code == 403
    support.refresh_from_db()
    assert support.status == "requested"
    done = clients["coordinator"].post(url, {"action": "cancel"}, follow=True)
    assert cancelled in done.content.decode()
    support.refresh_from_db()
    assert support.status == "cancelled"
    assert support.completed_at is not None
    again = clients["coordinator"].post(url, {"action": "cancel"}, follow=True)
    assert again.status_code == 200
    with pytest.raises(ValidationError):
        services.cancel_support(support=support, actor=org.coordinator)


def test_staff_cannot_act_for_another_unit(clients, org):
    card = make_card(org.county)
    response = clients["staff"].post(
        "/en/methods/uses/new/",
        {
            "unit": org.unit_b.pk,
            "method": card.pk,
            "used_on": "2026-01-10",
            "with_whom": "asukkaat",
            "participants": 3,
        },
    )
    assert response.status_code == 200  # not among the choices
    assert MethodUse.objects.count() == 0


def test_log_use_and_see_it_in_adoption(clients, org):
    card = make_card(org.county, name={"fi": "Asukasfoorumi", "sv": "", "en": "Resident forum"})
    response = clients["manager"].post(
        "/en/methods/uses/new/",
        {
            "unit": org.team_a1.pk,
            "method": card.pk,
            "used_on": "2026-01-10",
            "with_whom": "Kotihoidon asiakkaat",
            "participants": 14,
            "result": "Uusi käyntiaika.",
        },
    )
    assert response.status_code == 302
    response = clients["coordinator"].get(
        "/en/methods/adoption/", {"start": "2026-01-01", "end": "2026-03-31"}
    )
    assert response.context["figures"].total_uses == 1
    assert [u.code for u in response.context["figures"].units_without] == ["unit-b"]


def test_a_number_beyond_the_database_integer_is_a_form_error(clients, org):
    # 2**31 does not fit in PostgreSQL's integer: it must be refused by the form (200 with the
    # error), not reach the database (a 500 there; SQLite would even store it).
    card = make_card(org.county)
    response = clients["manager"].post(
        "/en/methods/uses/new/",
        {
            "unit": org.team_a1.pk,
            "method": card.pk,
            "used_on": "2026-01-10",
            "with_whom": "asukkaat",
            "participants": 2**31,
        },
    )
    assert response.status_code == 200
    assert "participants" in response.context["form"].errors
    assert not MethodUse.objects.exists()
    expert = services.add_expert(county=org.county, person=org.staff_person, languages=["fi"])
    response = clients["coordinator"].post(
        f"/en/methods/experts/{expert.pk}/", {"method": card.pk, "earlier_uses": 2**31}
    )
    assert response.status_code == 200
    assert "earlier_uses" in response.context["form"].errors
    assert not expert.skills.exists()


ALLOWED = {
    # page: roles that get 200 (anonymous is sent to sign in)
    "work": {"staff", "other_staff", "manager", "coordinator", "admin"},
    "experts": {"staff", "other_staff", "manager", "coordinator", "admin"},
    "support_new": {"staff", "other_staff", "manager", "coordinator", "admin"},
    "use_new": {"staff", "other_staff", "manager", "coordinator", "admin"},
    "card_new": {"coordinator", "admin"},
    "card_edit": {"coordinator", "admin"},
    "import": {"coordinator", "admin"},
    "export": {"coordinator", "admin"},
    "adoption": {"coordinator", "admin"},
    "support": {"coordinator", "admin"},
    "expert_new": {"coordinator", "admin"},
    "expert": {"coordinator", "admin"},
}


@pytest.mark.parametrize(
    "role", ["anonymous", "resident", "other_staff", "staff", "manager", "coordinator", "admin"]
)
def test_role_matrix(clients, org, role):
    card = make_card(org.county)
    support = services.request_support(unit=org.team_a1, method=card, need="Help", actor=org.staff)
    expert = services.add_expert(county=org.county, person=org.other_staff_person, languages=["fi"])
    urls = {
        "work": reverse("methods:work"),
        "experts": reverse("methods:experts"),
        "support_new": reverse("methods:support_new"),
        "use_new": reverse("methods:use_new"),
        "card_new": reverse("methods:card_new"),
        "card_edit": reverse("methods:card_edit", args=[card.pk]),
        "import": reverse("methods:import"),
        "export": reverse("methods:export"),
        "adoption": reverse("methods:adoption"),
        "support": reverse("methods:support", args=[support.pk]),
        "expert_new": reverse("methods:expert_new"),
        "expert": reverse("methods:expert", args=[expert.pk]),
    }
    client = clients[role]
    for name, url in urls.items():
        status = client.get(url).status_code
        if role == "anonymous":
            assert status == 302, name
        elif role in ALLOWED[name]:
            assert status == 200, (name, role)
        else:
            assert status == 403, (name, role)
    assert client.get(reverse("methods:index")).status_code == 200
    assert client.get(reverse("methods:card", args=[card.pk])).status_code == 200
    # refused changes change nothing
    client.post(urls["card_edit"], {"slug": "x", "name_fi": "Muutettu", "summary_fi": "x"})
    client.post(urls["import"], {"file": _upload(document(card_data()))})
    client.post(urls["support"], {"action": "record", "support_given": "x"})
    client.post(reverse("methods:expert_toggle", args=[expert.pk]), {"active": "0"})
    client.post(
        urls["use_new"],
        {
            "unit": org.unit_b.pk,
            "method": card.pk,
            "used_on": date(2026, 1, 1).isoformat(),
            "with_whom": "x",
            "participants": 1,
        },
    )
    card.refresh_from_db()
    support.refresh_from_db()
    if role not in ALLOWED["card_edit"]:
        assert card.name_fi != "Muutettu"
        assert MethodCard.objects.count() == 1
        assert support.status == "requested"
        expert.refresh_from_db()
        assert expert.is_active is True
    if role in {"anonymous", "resident", "staff", "manager"}:
        assert MethodUse.objects.count() == 0


def test_coordinator_adds_an_expert_and_a_method(clients, org):
    card = make_card(org.county)
    client = clients["coordinator"]
    response = client.post(
        "/en/methods/experts/new/", {"person": org.staff_person.pk, "languages": ["fi", "sv"]}
    )
    expert = org.staff_person.method_expert
    assert response["Location"] == f"/en/methods/experts/{expert.pk}/"
    assert expert.language_list == ["fi", "sv"]
    client.post(
        f"/en/methods/experts/{expert.pk}/",
        {"method": card.pk, "trained_on": "2025-04-01", "trained_by": "Sitra", "earlier_uses": 3},
    )
    skill = expert.skills.get()
    assert (skill.method_id, skill.trained_by, skill.earlier_uses) == (card.pk, "Sitra", 3)
    response = client.get("/en/methods/experts/", {"method": card.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert f'href="/en/methods/experts/{expert.pk}/"' in html
    toggle = f"/en/methods/experts/{expert.pk}/toggle/"
    assert client.post(toggle).status_code == 400  # no wanted state: nothing changes
    assert "Choose whether" in client.post(toggle, {"active": "maybe"}).content.decode()
    expert.refresh_from_db()
    assert expert.is_active is True
    # two coordinators pressing "take out" at once both get "out", not out-and-back-in
    client.post(toggle, {"active": "0"})
    client.post(toggle, {"active": "0"})
    expert.refresh_from_db()
    assert expert.is_active is False
    # Out of the pool, the expert's page still lists the methods they know.
    page = client.get(f"/en/methods/experts/{expert.pk}/")
    assert [m[0].pk for m in page.context["row"].methods] == [card.pk]


def test_a_resident_cannot_be_added_to_the_pool(clients, org):
    response = clients["coordinator"].post(
        "/en/methods/experts/new/", {"person": org.resident_person.pk, "languages": ["fi"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_list_and_adoption_have_a_query_budget(clients, org, django_assert_max_num_queries):
    for i in range(12):
        card = make_card(org.county)
        services.log_use(
            unit=org.unit_a if i % 2 else org.team_a1,
            method=card,
            used_on=date(2026, 1, 1 + i),
            with_whom="x",
            participants=i,
        )
    with django_assert_max_num_queries(6):
        assert clients["anonymous"].get("/en/methods/").status_code == 200
    with django_assert_max_num_queries(16):
        response = clients["coordinator"].get(
            "/en/methods/adoption/", {"start": "2026-01-01", "end": "2026-01-31"}
        )
    assert response.context["figures"].total_uses == 12


def test_every_tool_path_is_a_page_of_kuulu():
    from django.urls import resolve

    from kuulu.methods.models import TOOL_PATHS

    for tool, path in TOOL_PATHS.items():
        assert resolve(f"/en{path}"), tool  # the tests run in English


def test_a_short_name_in_use_is_a_form_error_not_a_server_error(clients, org):
    existing = make_card(org.county)
    response = clients["coordinator"].post(
        reverse("methods:card_new"),
        {
            "slug": existing.slug,
            "status": "draft",
            "name_fi": "Toinen",
            "summary_fi": "Toinen kortti.",
            "effort": existing.effort,
            "cost": existing.cost,
            "tool": "",
            "licence": "CC-BY-4.0",
        },
    )
    assert response.status_code in (200, 400)
    assert "slug" in response.context["form"].errors
    assert MethodCard.objects.filter(county=org.county, slug=existing.slug).count() == 1


def test_a_coordinator_of_another_county_reaches_nothing_of_this_county(clients, org):
    from django.test import Client

    from kuulu.organisation.tests.factories import make_county, make_person, make_unit

    card = make_card(org.county)
    expert = services.add_expert(county=org.county, person=org.other_staff_person, languages=["fi"])
    support = services.request_support(
        unit=org.team_a1, method=card, need="Apua.", actor=org.staff, language="fi"
    )
    county = make_county()
    stranger = make_person(
        county, kind="staff", unit=make_unit(county, code="vieras"), is_coordinator=True
    )
    client = Client()
    client.force_login(stranger.user)
    refused = {
        "card edit": client.get(f"/en/methods/cards/{card.pk}/edit/").status_code,
        "card save": client.post(
            f"/en/methods/cards/{card.pk}/edit/", {"slug": "x", "name_fi": "Vieras"}
        ).status_code,
        "expert": client.get(f"/en/methods/experts/{expert.pk}/").status_code,
        "expert out": client.post(
            f"/en/methods/experts/{expert.pk}/toggle/", {"active": "0"}
        ).status_code,
        "support": client.get(f"/en/methods/support/{support.pk}/").status_code,
        "support cancel": client.post(
            f"/en/methods/support/{support.pk}/", {"action": "cancel"}
        ).status_code,
    }
    assert all(status in (403, 404) for status in refused.values()), refused
    use = client.post(
        "/en/methods/uses/new/",
        {
            "unit": org.unit_a.pk,
            "method": card.pk,
            "used_on": "2026-01-10",
            "with_whom": "x",
            "participants": 3,
        },
    )
    assert use.status_code in (200, 400)  # the unit and card are not among the choices
    card.refresh_from_db()
    expert.refresh_from_db()
    support.refresh_from_db()
    assert card.name_fi != "Vieras"
    assert expert.is_active is True
    assert support.status == "requested"
    assert not MethodUse.objects.exists()
    experts_page = client.get("/en/methods/experts/").content.decode()
    assert f"/en/methods/experts/{expert.pk}/" not in experts_page


def test_a_lone_surrogate_in_the_file_is_an_error_not_a_500(clients, org):
    doc = document(card_data(summary={"fi": "Tiivistelmä \ud800", "sv": "", "en": ""}))
    raw = json.dumps(doc).encode()  # "\ud800" as a JSON escape, valid ASCII
    upload = SimpleUploadedFile("cards.json", raw, "application/json")
    response = clients["coordinator"].post("/en/methods/import/", {"file": upload})
    assert response.status_code == 400
    assert response.context["errors"] == [
        ("cards[0].summary.fi", "Contains a broken character (an unpaired UTF-16 surrogate).")
    ]
    upload.seek(0)
    response = clients["coordinator"].post("/fi/methods/import/", {"file": upload})
    assert "Sisältää rikkinäisen merkin" in response.content.decode()
    assert MethodCard.objects.count() == 0


def test_recording_support_on_a_cancelled_request_says_so_and_changes_nothing(clients, org):
    card = make_card(org.county)
    expert = services.add_expert(county=org.county, person=org.other_staff_person, languages=["fi"])
    support = services.request_support(unit=org.team_a1, method=card, need="Apua", actor=org.staff)
    services.assign_expert(support=support, expert=expert, actor=org.coordinator)
    services.cancel_support(support=support, actor=org.coordinator)  # in another tab
    url = f"/en/methods/support/{support.pk}/"
    response = clients["coordinator"].post(
        url, {"action": "record", "support_given": "Palaveri."}, follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    assert "This request is already closed." in response.content.decode()
    support.refresh_from_db()
    assert (support.status, support.support_given) == ("cancelled", "")


def test_a_use_or_a_wanted_by_date_outside_2000_2100_is_a_form_error(clients, org):
    # "0225" for "2025": the use was stored and then counted in no adoption period or
    # indicator, with no word to the person who logged it.
    card = make_card(org.county)
    response = clients["manager"].post(
        "/en/methods/uses/new/",
        {
            "unit": org.team_a1.pk,
            "method": card.pk,
            "used_on": "0225-01-10",
            "with_whom": "asukkaat",
            "participants": 5,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["used_on"] == [
        "Give a date between the years 2000 and 2100."
    ]
    assert not MethodUse.objects.exists()
    response = clients["staff"].post(
        "/en/methods/support/new/",
        {
            "unit": org.team_a1.pk,
            "method": card.pk,
            "need": "Apua",
            "language": "fi",
            "wanted_by": "2206-05-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["wanted_by"] == [
        "Give a date between the years 2000 and 2100."
    ]
    assert not SupportRequest.objects.exists()


def test_the_public_list_is_in_the_order_of_the_names_the_reader_sees(clients, org):
    make_card(org.county, name={"fi": "Aamukahvit", "sv": "", "en": "Town hall coffee"})
    make_card(org.county, name={"fi": "Kävelykierros", "sv": "", "en": "A walk around"})
    make_card(org.county, name={"fi": "Öinen kysely", "sv": "", "en": "Night survey"})
    page = clients["anonymous"].get("/en/methods/")
    names = [card.name_en for card in page.context["page"]]
    assert names == ["A walk around", "Night survey", "Town hall coffee"]
    # A card without a name in the reader's language sorts by the name shown (Finnish).
    make_card(org.county, name={"fi": "Mielipidekysely", "sv": "", "en": ""})
    page = clients["anonymous"].get("/en/methods/")
    shown = [card.name_en or card.name_fi for card in page.context["page"]]
    assert shown == ["A walk around", "Mielipidekysely", "Night survey", "Town hall coffee"]


def test_a_method_expert_who_has_left_is_out_of_the_pool_and_cannot_be_assigned(clients, org):
    from kuulu.organisation import services as organisation_services

    card = make_card(org.county)
    expert = services.add_expert(county=org.county, person=org.other_staff_person, languages=["fi"])
    services.add_skill(expert=expert, method=card)
    # They leave the county (by hand here; an HR sync's leaver is deactivated the same way).
    organisation_services.update_person(person=org.other_staff_person, data={"is_active": False})
    assert clients["staff"].get("/en/methods/experts/").context["rows"] == []
    clients["staff"].post(
        "/en/methods/support/new/",
        {"unit": org.team_a1.pk, "method": card.pk, "need": "Help to plan.", "language": "fi"},
    )
    support = SupportRequest.objects.get()
    url = f"/en/methods/support/{support.pk}/"
    assert clients["coordinator"].get(url).context["suggested"] == []
    response = clients["coordinator"].post(url, {"action": "assign", "expert": expert.pk})
    assert response.status_code == 200
    support.refresh_from_db()
    assert (support.status, support.expert_id) == ("requested", None)
    with pytest.raises(ValidationError):
        services.assign_expert(support=support, expert=expert, actor=org.coordinator)
