from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import client_for
from kuulu.feedback.models import Feedback, PublishedFeedback
from kuulu.feedback.tests.factories import make_feedback
from kuulu.organisation.models import Unit
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.outcomes.inputs import kind_choices
from kuulu.outcomes.models import Outcome, OutcomeInput
from kuulu.outcomes.tests.factories import link, make_outcome

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "other_staff", "staff", "manager", "coordinator", "admin"]


def _publish(outcome: Outcome) -> Outcome:
    Outcome.objects.filter(pk=outcome.pk).update(is_published=True, published_at=timezone.now())
    outcome.refresh_from_db()
    return outcome


def _other_coordinator():  # type: ignore[no-untyped-def]
    other = make_county()
    person = make_person(other, kind="staff", unit=make_unit(other), is_coordinator=True)
    return client_for(person.user)


# --- Role matrix ------------------------------------------------------------------------------

EXPECTED_MANAGE = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 200,
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_the_staff_pages(org, clients, role):
    outcome = make_outcome(org.county, units=[org.unit_a])
    urls = [
        reverse("outcomes:manage"),
        reverse("outcomes:create"),
        reverse("outcomes:manage_detail", args=[outcome.pk]),
        reverse("outcomes:edit", args=[outcome.pk]),
        reverse("outcomes:link", args=[outcome.pk]),
    ]
    statuses = {clients[role].get(url).status_code for url in urls}
    assert statuses == {EXPECTED_MANAGE[role]}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_writes_and_refusals_change_nothing(org, clients, role):
    outcome = make_outcome(org.county, units=[org.unit_a])
    feedback = make_feedback(org.county, org.unit_a)
    allowed = role in ("manager", "coordinator", "admin")

    publish = clients[role].post(reverse("outcomes:publish", args=[outcome.pk]))
    linked = clients[role].post(
        reverse("outcomes:link", args=[outcome.pk]), {"kind": "feedback", "key": feedback.pk}
    )
    progress = clients[role].post(
        reverse("outcomes:progress", args=[outcome.pk]), {"status": "in_progress", "progress": 50}
    )

    outcome.refresh_from_db()
    expected = 302 if allowed or role == "anonymous" else 403
    assert [publish.status_code, linked.status_code, progress.status_code] == [expected] * 3
    assert outcome.is_published is allowed
    assert OutcomeInput.objects.count() == (1 if allowed else 0)
    assert (outcome.status, outcome.progress) == (
        ("in_progress", 50) if allowed else ("planned", 0)
    )


def test_a_coordinator_of_another_county_is_refused_and_nothing_changes(org):
    outcome = make_outcome(org.county, units=[org.unit_a])
    client = _other_coordinator()

    assert client.get(reverse("outcomes:manage_detail", args=[outcome.pk])).status_code == 403
    assert client.post(reverse("outcomes:publish", args=[outcome.pk])).status_code == 403
    outcome.refresh_from_db()
    assert outcome.is_published is False
    assert outcome.title.encode() not in client.get(reverse("outcomes:manage")).content


def test_a_manager_cannot_edit_an_outcome_of_another_unit(org, clients):
    outcome = make_outcome(org.county, units=[org.unit_b])
    response = clients["manager"].post(
        reverse("outcomes:edit", args=[outcome.pk]),
        {"title_fi": "Muutettu", "status": "planned", "progress": 0},
    )
    outcome.refresh_from_db()
    assert response.status_code == 403
    assert outcome.title_fi == "Kotihoidon käyntiajat joustavammiksi"


def test_linking_an_input_the_user_may_not_see_is_403_and_saves_nothing(org, clients):
    # the manager of unit A may edit the outcome but not see unit B's feedback
    outcome = make_outcome(org.county, units=[org.unit_a])
    feedback_b = make_feedback(org.county, org.unit_b)

    response = clients["manager"].post(
        reverse("outcomes:link", args=[outcome.pk]), {"kind": "feedback", "key": feedback_b.pk}
    )

    assert response.status_code == 403
    assert OutcomeInput.objects.count() == 0


# --- Staff pages ------------------------------------------------------------------------------


def test_create_edit_link_and_unlink_through_the_pages(org, clients):
    client = clients["coordinator"]
    feedback = make_feedback(org.county, org.unit_a, text="Pidempiä käyntejä")

    created = client.post(
        reverse("outcomes:create"),
        {
            "title_fi": "Käynnit pidemmiksi",
            "title_en": "Longer visits",
            "decided_by": "Kotihoidon johtaja",
            "decided_on": "2026-03-01",
            "status": "planned",
            "progress": "0",
            "units": [org.unit_a.pk],
            "follow_up_due": "2026-09-01",
        },
    )
    outcome = Outcome.objects.get()
    search = client.get(
        reverse("outcomes:link", args=[outcome.pk]), {"kind": "feedback", "q": "Pidempiä"}
    )
    client.post(
        reverse("outcomes:link", args=[outcome.pk]), {"kind": "feedback", "key": feedback.pk}
    )
    detail = client.get(reverse("outcomes:manage_detail", args=[outcome.pk]))
    with translation.override("en"):  # the English page: its error is the source text
        edited = client.post(
            reverse("outcomes:edit", args=[outcome.pk]),
            {"title_fi": "Käynnit pidemmiksi", "status": "not_done", "progress": "10"},
        )
    link_row = OutcomeInput.objects.get()
    client.post(reverse("outcomes:unlink", args=[outcome.pk, link_row.pk]))

    assert created.status_code == 302
    assert outcome.title_en == "Longer visits"
    assert feedback.reference in search.content.decode()
    assert feedback.reference in detail.content.decode()
    assert edited.status_code == 422
    assert "Tell why it was not done." in edited.content.decode()
    assert OutcomeInput.objects.count() == 0


def test_a_decision_link_too_long_to_store_is_a_form_error_and_nothing_is_saved(org, clients):
    # The column holds 200 characters: PostgreSQL refused a longer link with a 500.
    client = clients["coordinator"]
    outcome = make_outcome(org.county, units=[org.unit_a], decision_url="https://example.fi/p")
    too_long = "https://paatokset.example.fi/" + "a" * 180
    data = {"title_fi": "Käynnit pidemmiksi", "status": "planned", "progress": "0"}

    with translation.override("en"):
        created = client.post(reverse("outcomes:create"), {**data, "decision_url": too_long})
        edited = client.post(
            reverse("outcomes:edit", args=[outcome.pk]), {**data, "decision_url": too_long}
        )

    outcome.refresh_from_db()
    for response in (created, edited):
        assert response.status_code == 422
        assert "at most 200 characters" in response.content.decode()
    assert Outcome.objects.count() == 1
    assert outcome.decision_url == "https://example.fi/p"
    assert outcome.title_fi == "Kotihoidon käyntiajat joustavammiksi"


def test_a_key_of_other_digits_is_refused_like_an_unknown_one_for_every_kind(org, clients):
    # "²" and the Arabic-Indic one count as digits for str.isdigit(), but int() refuses "²":
    # linking such a key was a 500.
    outcome = make_outcome(org.county, units=[org.unit_a])
    url = reverse("outcomes:link", args=[outcome.pk])

    statuses = {
        (kind, key): clients["coordinator"].post(url, {"kind": kind, "key": key}).status_code
        for kind, _name in kind_choices()
        for key in ("²", "1²", "²:1", "1:²", "\u0661")
    }

    assert set(statuses.values()) == {403}
    assert OutcomeInput.objects.count() == 0


def test_dates_outside_2000_to_2100_are_form_errors_and_nothing_changes(org, clients):
    # A slip such as 0202 or 9999 was saved: a follow-up due in 9999 is never late.
    client = clients["coordinator"]
    outcome = make_outcome(org.county, units=[org.unit_a], follow_up_due=date(2026, 9, 1))
    data = {"title_fi": "Käynnit pidemmiksi", "status": "planned", "progress": "0"}

    with translation.override("en"):
        created = client.post(reverse("outcomes:create"), {**data, "decided_on": "0202-03-01"})
        edited = client.post(
            reverse("outcomes:edit", args=[outcome.pk]), {**data, "follow_up_due": "9999-09-01"}
        )

    outcome.refresh_from_db()
    for response in (created, edited):
        assert response.status_code == 422
        assert "Give a date between the years 2000 and 2100." in response.content.decode()
    assert Outcome.objects.count() == 1
    assert (outcome.title_fi, outcome.decided_on, outcome.follow_up_due) == (
        "Kotihoidon käyntiajat joustavammiksi",
        date(2026, 3, 1),
        date(2026, 9, 1),
    )


def _ticked_units(body: str) -> list[str]:
    """The units a browser would send back: the ticked unit boxes of the rendered form."""
    boxes = re.findall(r'<input[^>]*name="units"[^>]*>', body)
    return [re.search(r'value="(\d+)"', box).group(1) for box in boxes if " checked" in box]


@pytest.mark.parametrize("role", ["manager", "coordinator"])
def test_saving_the_edit_form_keeps_the_units_that_are_no_longer_active(org, clients, role):
    closed = make_unit(org.county, parent=org.unit_a, code="closed-a", name_fi="Lakkautettu A")
    gone = make_unit(org.county, parent=org.unit_b, code="closed-b", name_fi="Lakkautettu B")
    Unit.objects.filter(pk__in=[closed.pk, gone.pk]).update(is_active=False)
    outcome = make_outcome(org.county, units=[org.unit_a, closed, gone])
    with translation.override("en"):
        url = reverse("outcomes:edit", args=[outcome.pk])
        body = clients[role].get(url).content.decode()

    response = clients[role].post(
        url,
        {"title_fi": "Muutettu", "status": "planned", "progress": 0, "units": _ticked_units(body)},
    )

    assert response.status_code == 302
    assert set(outcome.units.all()) == {org.unit_a, closed, gone}
    assert "Lakkautettu A (closed-a), inactive" in body  # shown, ticked, and may be unticked
    assert ("Lakkautettu B" in body) is (role == "coordinator")  # outside a manager's units


def test_the_picker_works_as_an_htmx_fragment(org, clients):
    outcome = make_outcome(org.county, units=[org.unit_a])
    make_feedback(org.county, org.unit_a, text="Haettava palaute")
    response = clients["coordinator"].get(
        reverse("outcomes:link", args=[outcome.pk]),
        {"kind": "feedback", "q": "Haettava"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="choices"')
    assert "<html" not in body


def test_the_manage_list_has_a_query_budget(org, clients, django_assert_max_num_queries):
    for n in range(12):
        outcome = make_outcome(org.county, units=[org.unit_a, org.team_a1], title_fi=f"Tulos {n}")
        link(outcome, "feedback", make_feedback(org.county, org.unit_a, text=f"P {n}"))
    clients["coordinator"].get(reverse("outcomes:manage"))  # warm the session
    with django_assert_max_num_queries(12):
        response = clients["coordinator"].get(reverse("outcomes:manage"))
    assert response.content.decode().count("Tulos ") == 12


def test_the_late_filter_lists_late_follow_ups_only(org, clients):
    make_outcome(org.county, title_fi="Myöhässä", follow_up_due=date(2020, 1, 1))
    make_outcome(org.county, title_fi="Ajallaan", follow_up_due=date(2099, 1, 1))
    body = clients["coordinator"].get(reverse("outcomes:manage"), {"late": "on"}).content.decode()
    assert "Myöhässä" in body
    assert "Ajallaan" not in body


# --- Public pages -----------------------------------------------------------------------------


def test_public_pages_show_only_published_outcomes(org, clients, django_assert_max_num_queries):
    shown = _publish(make_outcome(org.county, units=[org.unit_a], title_fi="Julkaistu"))
    hidden = make_outcome(org.county, units=[org.unit_a], title_fi="Luonnos")
    for n in range(10):
        o = _publish(make_outcome(org.county, units=[org.unit_a], title_fi=f"Muu {n}"))
        link(o, "feedback", make_feedback(org.county, org.unit_a, text=f"x {n}"))

    with django_assert_max_num_queries(10):
        listing = clients["anonymous"].get(reverse("outcomes:list"))
    filtered = clients["anonymous"].get(
        reverse("outcomes:list"), {"unit": org.unit_a.code, "status": "planned"}
    )

    assert "Julkaistu" in listing.content.decode()
    assert "Luonnos" not in listing.content.decode()
    assert "Julkaistu" in filtered.content.decode()
    assert clients["anonymous"].get(reverse("outcomes:detail", args=[shown.pk])).status_code == 200
    assert (
        clients["coordinator"].get(reverse("outcomes:detail", args=[hidden.pk])).status_code == 404
    )


def test_the_public_outcome_page_shows_no_personal_data_and_no_secret_input(org, clients):
    outcome = _publish(make_outcome(org.county, units=[org.unit_a]))
    public = make_feedback(
        org.county,
        org.unit_a,
        text="Hoitaja Virtanen soitti numerosta 040 123 4567",
        contact_name="Maija Meikäläinen",
        contact_email="maija@example.test",
        wants_reply=True,
    )
    Feedback.objects.filter(pk=public.pk).update(secrecy="public")
    secret = make_feedback(org.county, org.unit_a, text="Salainen diagnoosi")
    Feedback.objects.filter(pk=secret.pk).update(secrecy="secret")
    link(outcome, "feedback", public, label=public.reference)
    link(outcome, "feedback", secret, label=secret.reference)

    with translation.override("en"):
        url = reverse("outcomes:detail", args=[outcome.pk])
        body = clients["anonymous"].get(url).content.decode()
    api = clients["anonymous"].get(f"/api/v1/outcomes/{outcome.pk}").content.decode()

    for text in (body, api):
        for personal in ("Virtanen", "040 123 4567", "Maija", "maija@", "diagnoosi"):
            assert personal not in text
        assert public.reference not in text
    assert "[phone]" in body
    assert "It also drew on 1 input that is not public." in body


def test_the_unit_timeline_combines_responses_and_outcomes_by_date(org, clients):
    outcome = _publish(
        make_outcome(
            org.county, units=[org.team_a1], title_fi="Tiimin muutos", decided_on=date(2026, 2, 1)
        )
    )
    feedback = make_feedback(org.county, org.team_a1, text="Sanoitte")
    PublishedFeedback.objects.create(
        feedback=feedback,
        masked_text="Toivoitte iltakäyntejä",
        masked_response="Lisäsimme iltakäynnit",
        published_at=timezone.make_aware(timezone.datetime(2026, 4, 1, 12)),
    )
    other_unit = _publish(make_outcome(org.county, units=[org.unit_b], title_fi="Muu yksikkö"))

    body = (
        clients["anonymous"].get(reverse("outcomes:unit", args=[org.unit_a.code])).content.decode()
    )

    assert body.index("Toivoitte iltakäyntejä") < body.index(outcome.title)
    assert "Lisäsimme iltakäynnit" in body
    assert other_unit.title not in body
    assert clients["anonymous"].get(reverse("outcomes:unit", args=["nope"])).status_code == 404


def test_the_atom_feed_lists_published_outcomes(org, clients):
    _publish(make_outcome(org.county, title_fi="Syötteessä"))
    make_outcome(org.county, title_fi="Ei syötteessä")
    response = clients["anonymous"].get(reverse("outcomes:feed"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>Syötteessä</title>" in body
    assert "Ei syötteessä" not in body


def test_the_api_lists_published_outcomes_with_filters(org, clients):
    shown = _publish(
        make_outcome(org.county, units=[org.team_a1], status="in_progress", progress=20)
    )
    _publish(make_outcome(org.county, units=[org.unit_b]))
    make_outcome(org.county, units=[org.unit_a])

    everything = clients["anonymous"].get("/api/v1/outcomes").json()
    unit_a = clients["anonymous"].get("/api/v1/outcomes", {"unit": org.unit_a.code}).json()
    detail = clients["anonymous"].get(f"/api/v1/outcomes/{shown.pk}").json()

    assert len(everything) == 2
    assert [o["id"] for o in unit_a] == [shown.pk]
    assert detail["status"] == "in_progress"
    assert detail["progress"] == 20
    assert detail["units"] == [{"code": "team-a1", "name": "Kotihoito Kajaani"}]
    assert detail["inputs"] == []


def test_the_api_answers_a_unit_code_with_a_nul_character_with_no_outcomes(org, clients):
    # PostgreSQL cannot compare text holding NUL: the public list was a 500 (runs on both).
    _publish(make_outcome(org.county, units=[org.unit_a]))

    response = clients["anonymous"].get("/api/v1/outcomes", {"unit": f"{org.unit_a.code}\x00"})

    assert response.status_code == 200
    assert response.json() == []


def test_the_api_pages_through_the_list_and_refuses_a_negative_offset_or_limit(org, clients):
    ids = [_publish(make_outcome(org.county, title_fi=f"Tulos {n}")).pk for n in range(3)]
    client = clients["anonymous"]

    second = client.get("/api/v1/outcomes", {"limit": 1, "offset": 1}).json()
    refused = [
        client.get("/api/v1/outcomes", query)
        for query in ({"offset": -1}, {"limit": -1}, {"limit": 0}, {"offset": 10**20})
    ]

    assert [o["id"] for o in second] == [ids[1]]  # newest first: the middle one is second
    assert [r.status_code for r in refused] == [422] * 4
    assert [r.json()["code"] for r in refused] == ["validation_error"] * 4
    assert [r.json()["errors"][0]["loc"][-1] for r in refused] == [
        "offset",
        "limit",
        "limit",
        "offset",
    ]


def test_the_api_hides_unpublished_outcomes(org, clients):
    draft = make_outcome(org.county)
    assert clients["anonymous"].get(f"/api/v1/outcomes/{draft.pk}").status_code == 404


def test_opt_out_works_without_signing_in(org, clients):
    from kuulu.outcomes import notifications
    from kuulu.outcomes.models import OptOut

    token = notifications.opt_out_token(notifications.recipient_hash("a@example.test"))
    url = reverse("outcomes:opt_out", args=[token])

    asked = clients["anonymous"].get(url)
    assert OptOut.objects.count() == 0
    done = clients["anonymous"].post(url)
    bad = clients["anonymous"].post(reverse("outcomes:opt_out", args=["bad-token"]))

    assert asked.status_code == 200
    assert done.status_code == 200
    assert OptOut.objects.count() == 1
    assert bad.status_code == 404


# --- The trail on the inputs' pages -----------------------------------------------------------


def test_the_feedback_case_page_shows_what_came_of_it(org, clients):
    feedback = make_feedback(org.county, org.unit_a)
    published = _publish(make_outcome(org.county, units=[org.unit_a], title_fi="Näkyvä tulos"))
    draft = make_outcome(org.county, units=[org.unit_b], title_fi="Toisen yksikön luonnos")
    link(published, "feedback", feedback)
    link(draft, "feedback", feedback)

    manager = clients["manager"].get(reverse("feedback:case", args=[feedback.pk])).content.decode()
    coordinator = (
        clients["coordinator"].get(reverse("feedback:case", args=[feedback.pk])).content.decode()
    )

    assert "Näkyvä tulos" in manager
    assert "Toisen yksikön luonnos" not in manager
    assert "Toisen yksikön luonnos" in coordinator


def test_the_public_panel_page_shows_only_published_outcomes(org, clients):
    from kuulu.panels.tests.factories import make_panel

    panel = make_panel(org.county, status="statement")
    published = _publish(make_outcome(org.county, title_fi="Paneelin tulos"))
    draft = make_outcome(org.county, title_fi="Paneelin luonnos")
    link(published, "panel_statement", panel)
    link(draft, "panel_statement", panel)

    body = clients["anonymous"].get(reverse("panels:detail", args=[panel.pk])).content.decode()

    assert "Paneelin tulos" in body
    assert "Paneelin luonnos" not in body


def test_the_public_outcome_page_has_a_query_budget(org, clients, django_assert_max_num_queries):
    outcome = _publish(make_outcome(org.county, units=[org.unit_a]))
    for n in range(8):
        link(outcome, "feedback", make_feedback(org.county, org.unit_a, text=f"Palaute {n}"))
    with translation.override("en"), django_assert_max_num_queries(8):
        response = clients["anonymous"].get(reverse("outcomes:detail", args=[outcome.pk]))
    assert response.content.decode().count("<strong>Feedback:</strong>") == 8


def test_the_public_list_renders_its_results_fragment_for_htmx(org, clients):
    _publish(make_outcome(org.county, title_fi="Fragmentissa"))
    response = clients["anonymous"].get(
        reverse("outcomes:list"), {"status": "planned"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "Fragmentissa" in body
    assert "<html" not in body


def test_the_unit_timeline_has_a_query_budget(org, clients, django_assert_max_num_queries):
    for n in range(10):
        _publish(make_outcome(org.county, units=[org.unit_a], title_fi=f"Aikajana {n}"))
    with django_assert_max_num_queries(6):
        response = clients["anonymous"].get(reverse("outcomes:unit", args=[org.unit_a.code]))
    assert response.content.decode().count("Aikajana ") == 10


def test_a_unit_since_closed_is_named_without_a_link_to_its_missing_timeline(org, clients):
    # A closed unit has no timeline page (404): the public list and outcome page linked to it.
    closed = make_unit(org.county, parent=org.unit_a, code="closed-a", name_fi="Lakkautettu A")
    Unit.objects.filter(pk=closed.pk).update(is_active=False)
    outcome = _publish(make_outcome(org.county, units=[org.unit_a, closed]))
    with translation.override("fi"):
        pages = [reverse("outcomes:list"), reverse("outcomes:detail", args=[outcome.pk])]
        closed_url = reverse("outcomes:unit", args=["closed-a"])
        open_url = reverse("outcomes:unit", args=[org.unit_a.code])
    assert clients["anonymous"].get(closed_url).status_code == 404
    for page in pages:
        body = clients["anonymous"].get(page).content.decode()
        assert "Lakkautettu A" in body
        assert f'href="{closed_url}"' not in body
        assert f'href="{open_url}"' in body
