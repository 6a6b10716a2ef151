import html
import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from conftest import client_for
from kuulu.core.models import AuditEvent
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.programme import follow_up, structure
from kuulu.programme.models import (
    FollowUp,
    Goal,
    GoalIndicator,
    Measure,
    ParticipationProgramme,
    ProgrammePerspective,
)
from kuulu.programme.tests.factories import (
    make_goal,
    make_indicator,
    make_measure,
    make_programme,
)

pytestmark = pytest.mark.django_db

KEEPERS = {"coordinator", "admin"}
FOLLOWERS = {"staff", "manager", "coordinator", "admin"}  # for a measure of unit_a / staff
STAFF = {"other_staff", "staff", "manager", "coordinator", "admin", "other_coordinator"}


@pytest.fixture
def all_clients(org, clients):
    other = make_county()
    unit = make_unit(other, code="other-area")
    coordinator = make_person(other, kind="staff", unit=unit, is_coordinator=True)
    return {**clients, "other_coordinator": client_for(coordinator.user)}


@pytest.fixture
def world(org):
    programme = make_programme(org.county, title_fi="Kainuun osallisuusohjelma")
    goal = make_goal(programme, title_fi="Kuulluksi tuleminen")
    indicator = make_indicator(goal, baseline=68.0, baseline_year=2024, target=90.0)
    measure = make_measure(
        goal,
        title_fi="Palautteen käsittely tiimeissä",
        responsible_unit=org.unit_a,
        responsible_person=org.staff_person,
        due_on=date(2028, 12, 31),
    )
    programme = structure.approve_programme(
        programme=programme, approval_body="Aluehallitus", approved_on=date(2025, 1, 20)
    )
    return programme, goal, indicator, measure


def _expect(role, allowed):
    if role in allowed:
        return 200
    return 302 if role == "anonymous" else 403


def test_the_public_page_shows_the_approved_programme_without_personal_data(
    org, all_clients, world
):
    _programme, _goal, _indicator, measure = world
    follow_up.record_follow_up(
        measure=measure,
        data={"year": 2025, "quarter": 2, "status": "in_progress", "note": "Aloitettu."},
        today=date(2025, 7, 1),
    )
    for role, client in all_clients.items():
        response = client.get(reverse("programme:public"))
        assert response.status_code == 200, role
        body = response.content.decode()
        if role == "other_coordinator":  # signed-in people see their own county's programme
            assert "Kainuun osallisuusohjelma" not in body
            continue
        assert "Kainuun osallisuusohjelma" in body
        assert "Palautteen käsittely tiimeissä" in body
        assert "Kotihoito" in body  # the responsible unit
        assert org.staff_person.last_name not in body
        assert org.staff_person.email not in body
        assert "Feedback answered by its due date" in body
        assert "68 %" in body
        assert "90 %" in body
        assert "2025 Q2: Aloitettu." in body
        assert "no data" in body  # no feedback yet: the current value is missing, not 0


def test_the_public_page_without_an_approved_programme_says_so(org, clients):
    make_programme(org.county, title_fi="Luonnos")

    response = clients["anonymous"].get(reverse("programme:public"))

    assert response.status_code == 200
    assert "Luonnos" not in response.content.decode()
    assert "has not been approved yet" in response.content.decode()


def test_a_draft_has_no_public_page(org, clients):
    draft = make_programme(org.county)

    response = clients["anonymous"].get(reverse("programme:public_detail", args=[draft.pk]))

    assert response.status_code == 404


def test_public_page_query_budget(org, clients, world, django_assert_max_num_queries):
    _programme, goal, _indicator, _measure = world
    for n in range(5):
        make_measure(goal, title_fi=f"Lisä {n}", responsible_unit=org.unit_b)
    # Nine are the programme's; the rest are the indicator cache's freshness checks (one
    # aggregate per source table, helper A's `indicator_values`), whatever the programme's size.
    with django_assert_max_num_queries(40):
        response = clients["anonymous"].get(reverse("programme:public"))
    assert response.status_code == 200


KEEPER_PAGES = [
    ("programme:tree", "programme"),
    ("programme:edit", "programme"),
    ("programme:approve", "programme"),
    ("programme:history", "programme"),
    ("programme:export", "programme"),
    ("programme:import", "programme"),
    ("programme:perspective_create", "programme"),
    ("programme:perspective_edit", "perspective"),
    ("programme:goal_create", "perspective"),
    ("programme:goal_edit", "goal"),
    ("programme:indicator_create", "goal"),
    ("programme:indicator_edit", "indicator"),
    ("programme:measure_create", "goal"),
    ("programme:measure_edit", "measure"),
]


def _args(world, kind):
    programme, goal, indicator, measure = world
    return [
        {
            "programme": programme.pk,
            "perspective": goal.perspective_id,
            "goal": goal.pk,
            "indicator": indicator.pk,
            "measure": measure.pk,
        }[kind]
    ]


@pytest.mark.parametrize(("name", "kind"), KEEPER_PAGES)
def test_role_matrix_for_the_coordinators_pages(all_clients, world, name, kind):
    url = reverse(name, args=_args(world, kind))
    for role, client in all_clients.items():
        response = client.get(url)
        assert response.status_code == _expect(role, KEEPERS), (role, url)


def test_role_matrix_for_the_programme_list_and_create(all_clients, world):
    for name in ("programme:manage", "programme:create"):
        for role, client in all_clients.items():
            response = client.get(reverse(name))
            allowed = KEEPERS | {"other_coordinator"}  # their own county's list
            assert response.status_code == _expect(role, allowed), (role, name)
    body = all_clients["other_coordinator"].get(reverse("programme:manage")).content.decode()
    assert "Kainuun osallisuusohjelma" not in body


def test_role_matrix_for_follow_up_pages(all_clients, world):
    _programme, _goal, _indicator, measure = world
    for role, client in all_clients.items():
        response = client.get(reverse("programme:follow_up_list"))
        assert response.status_code == _expect(role, STAFF), role
        response = client.get(reverse("programme:follow_up", args=[measure.pk]))
        assert response.status_code == _expect(role, FOLLOWERS), role


def _measure_form(**overrides):
    data = {
        "title_fi": "Muutettu",
        "status": "in_progress",
        "hours": "10",
        "due_on": "2028-12-31",
    }
    data.update(overrides)
    return data


def test_refused_writes_change_nothing(org, all_clients, world):
    programme, goal, indicator, measure = world
    writes = [
        (reverse("programme:measure_edit", args=[measure.pk]), _measure_form()),
        (
            reverse("programme:goal_edit", args=[goal.pk]),
            {"title_fi": "X", "perspective": goal.perspective_id},
        ),
        (
            reverse("programme:edit", args=[programme.pk]),
            {"title_fi": "X", "start_year": "2025", "end_year": "2028"},
        ),
        (reverse("programme:perspective_create", args=[programme.pk]), {"title_fi": "Uusi"}),
        (reverse("programme:measure_create", args=[goal.pk]), _measure_form(title_fi="Uusi")),
        (reverse("programme:indicator_delete", args=[indicator.pk]), {}),
        (reverse("programme:measure_move", args=[measure.pk]), {"offset": "-1"}),
        (reverse("programme:goal_delete", args=[goal.pk]), {}),
        (reverse("programme:perspective_delete", args=[goal.perspective_id]), {}),
        (
            reverse("programme:approve", args=[programme.pk]),
            {"approval_body": "X", "approved_on": "2025-02-01"},
        ),
    ]

    def state():
        return (
            list(ParticipationProgramme.objects.values_list("title_fi", "approval_body")),
            list(ProgrammePerspective.objects.values_list("pk", "title_fi", "position")),
            list(Goal.objects.values_list("pk", "title_fi")),
            list(GoalIndicator.objects.values_list("pk")),
            list(Measure.objects.values_list("pk", "title_fi", "hours", "position")),
        )

    before = state()
    for role, client in all_clients.items():
        if role in KEEPERS:
            continue
        for url, data in writes:
            response = client.post(url, data)
            assert response.status_code == (302 if role == "anonymous" else 403), (role, url)
        follow_up_url = reverse("programme:follow_up", args=[measure.pk])
        response = client.post(follow_up_url, {"year": "2025", "quarter": "1", "status": "done"})
        expected = 302 if role in FOLLOWERS or role == "anonymous" else 403
        assert response.status_code == expected, role
        if role not in FOLLOWERS:
            assert not FollowUp.objects.exists(), role
        FollowUp.objects.all().delete()
    assert state() == before


def test_the_responsible_person_and_the_units_manager_record_a_follow_up(org, clients, world):
    _programme, _goal, _indicator, measure = world
    url = reverse("programme:follow_up", args=[measure.pk])

    response = clients["staff"].post(
        url,
        {
            "year": "2025",
            "quarter": "3",
            "status": "in_progress",
            "note": "Käynnissä.",
            "evidence_links": "https://example.test/muistio",
        },
    )
    assert response.status_code == 302
    response = clients["manager"].post(url, {"year": "2025", "quarter": "4", "status": "delayed"})
    assert response.status_code == 302

    assert list(
        FollowUp.objects.order_by("quarter").values_list("quarter", "status", "recorded_by")
    ) == [
        (3, "in_progress", org.staff.pk),
        (4, "delayed", org.manager.pk),
    ]
    measure.refresh_from_db()
    assert measure.status == "delayed"
    assert AuditEvent.objects.filter(object_type="programme.followup", action="create").count() == 2


def test_a_bad_follow_up_shows_errors_on_the_form(clients, world):
    _programme, _goal, _indicator, measure = world

    response = clients["coordinator"].post(
        reverse("programme:follow_up", args=[measure.pk]),
        {"year": "2031", "quarter": "1", "status": "done", "evidence_links": "not a link"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose a year of the programme period 2025" in body
    assert "Each line must be a web address" in body
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("quarter", ["0", "5", "13"])
def test_a_quarter_outside_1_to_4_is_a_form_error(clients, world, quarter):
    _programme, _goal, _indicator, measure = world

    response = clients["coordinator"].post(
        reverse("programme:follow_up", args=[measure.pk]),
        {"year": "2025", "quarter": quarter, "status": "done"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"quarter"}
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("today", "proposed"),
    [
        (date(2026, 4, 10), (2026, 1)),  # the quarter that ended last
        (date(2025, 2, 15), (2025, 1)),  # the first quarter of the period, under way
        (date(2029, 4, 10), (2028, 4)),  # after the period: its last quarter
    ],
)
def test_the_follow_up_form_proposes_a_quarter_the_follow_up_accepts(
    monkeypatch, clients, world, today, proposed
):
    _programme, _goal, _indicator, measure = world
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)
    client = clients["coordinator"]
    url = reverse("programme:follow_up", args=[measure.pk])

    form = client.get(url).context["form"]
    year, quarter = form.initial["year"], form.initial["quarter"]

    assert (year, quarter) == proposed
    response = client.post(url, {"year": year, "quarter": quarter, "status": "in_progress"})
    assert response.status_code == 302
    assert list(FollowUp.objects.values_list("year", "quarter")) == [proposed]


@pytest.mark.parametrize(
    ("today", "said", "not_said"),
    [
        (
            date(2026, 4, 10),
            "Kainuun osallisuusohjelma 2025\u20132028: the last quarter due is 2026 Q1.",
            "has ended",
        ),
        (
            date(2029, 1, 20),  # the period's last quarter can still be followed up
            "Kainuun osallisuusohjelma 2025\u20132028: the programme's period has ended. Its last "
            "quarter, 2028 Q4, is the last one followed up.",
            "the last quarter due",
        ),
        (
            date(2029, 5, 10),  # the calendar's last quarter, 2029 Q1, is outside the period
            "Kainuun osallisuusohjelma 2025\u20132028: the programme's period has ended. Its last "
            "quarter, 2028 Q4, is the last one followed up.",
            "2029 Q1",
        ),
        (
            date(2025, 2, 15),
            "Kainuun osallisuusohjelma 2025\u20132028: the first quarter to follow up is 2025 Q1.",
            "2024 Q4",
        ),
    ],
)
def test_the_follow_up_list_names_the_quarter_of_the_programmes_period(
    monkeypatch, clients, world, today, said, not_said
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)

    with translation.override("en"):
        page = clients["coordinator"].get(reverse("programme:follow_up_list")).content.decode()

    text = html.unescape(re.sub(r"<[^>]+>", "", page))  # the Finnish title is in a span
    assert said in text
    assert not_said not in page


def test_the_coordinator_builds_a_programme_through_the_forms(org, clients):
    client = clients["coordinator"]

    response = client.post(
        reverse("programme:create"),
        {
            "title_fi": "Osallisuusohjelma",
            "title_sv": "Delaktighetsprogram",
            "start_year": "2025",
            "end_year": "2028",
        },
    )
    programme = ParticipationProgramme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:tree", args=[programme.pk])
    perspective = programme.perspectives.get(kind="service")
    response = client.post(
        reverse("programme:goal_create", args=[perspective.pk]),
        {"perspective": perspective.pk, "title_fi": "Asiakkaat tulevat kuulluiksi"},
    )
    goal = Goal.objects.get()
    assert (response.status_code, goal.perspective) == (302, perspective)
    response = client.post(
        reverse("programme:indicator_create", args=[goal.pk]),
        {
            "code": "feedback_nps",
            "baseline": "35",
            "baseline_year": "2024",
            "target": "50",
            "target_year": "2028",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("programme:measure_create", args=[goal.pk]),
        _measure_form(
            title_fi="Palautetta tiimeissä",
            responsible_unit=org.unit_a.pk,
            responsible_person=org.manager_person.pk,
            starts_on="2025-01-01",
        ),
    )
    assert response.status_code == 302
    response = client.post(
        reverse("programme:approve", args=[programme.pk]),
        {
            "approval_body": "Aluehallitus",
            "approved_on": "2025-01-20",
            "minutes_url": "https://example.test/poytakirja",
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    measure = Measure.objects.get()
    assert (programme.status, programme.title_sv, programme.description_sv) == (
        "approved",
        "Delaktighetsprogram",
        "",
    )
    assert (measure.responsible_unit, measure.responsible_person, measure.hours) == (
        org.unit_a,
        org.manager_person,
        10,
    )
    assert GoalIndicator.objects.get().target == 50.0

    response = client.post(
        reverse("programme:measure_edit", args=[measure.pk]),
        _measure_form(
            title_fi="Palautetta tiimeissä",
            hours="12",
            starts_on="2025-01-01",
            responsible_unit=org.unit_a.pk,
            responsible_person=org.manager_person.pk,
        ),
    )
    assert response.status_code == 302
    history = client.get(reverse("programme:history", args=[programme.pk])).content.decode()
    assert "<td>Working hours allocated</td>" in history
    assert ">10<" in history
    assert ">12<" in history


def test_the_history_page_shows_translated_names_not_internal_ones(org, clients, world):
    programme, _goal, indicator, measure = world
    client = clients["coordinator"]
    client.post(reverse("programme:measure_edit", args=[measure.pk]), _measure_form(hours="12"))
    client.post(
        reverse("programme:indicator_edit", args=[indicator.pk]),
        {
            "code": "feedback_on_time",
            "baseline": "68",
            "baseline_year": "2024",
            "target": "95",
            "target_year": "2028",
        },
    )
    entry = {"year": 2025, "quarter": 2, "status": "in_progress", "note": ""}
    follow_up.record_follow_up(measure=measure, data=entry, today=date(2025, 7, 1))
    follow_up.record_follow_up(
        measure=measure, data={**entry, "status": "delayed"}, today=date(2025, 7, 1)
    )
    stored = set(programme.changes.values_list("object_type", "field"))
    assert {("measure", "hours"), ("measure", "responsible_person"), ("follow_up", "status")} <= (
        stored
    )
    with translation.override("fi"):
        url = reverse("programme:history", args=[programme.pk])

    body = client.get(url).content.decode()

    assert url.startswith("/fi/")
    cells = set(re.findall(r"<td>([^<]*)</td>", body))
    for internal in (
        "measure: Muutettu",  # the measure's new Finnish title
        "follow_up: Muutettu 2025 Q2",
        "indicator: feedback_on_time",
        "hours",
        "title_fi",
        "responsible_person",
        "planned",
        "in_progress",
        "delayed",
    ):
        assert internal not in cells, internal
    for finnish in (
        "Toimenpide: Muutettu",
        "Seurantamerkintä: Muutettu 2025 Q2",
        "Tavoitteen indikaattori: Määräpäivään mennessä vastatut palautteet",
        "Varattu työaika (tuntia)",
        "Otsikko suomeksi",
        "Vastuuhenkilö",
        "Tila",
        "suunniteltu",
        "käsittelyssä",
        "viivästynyt",
    ):
        assert finnish in cells, finnish


def test_form_errors_are_shown_and_nothing_is_saved(org, clients, world):
    _programme, goal, _indicator, _measure = world
    client = clients["coordinator"]

    response = client.post(
        reverse("programme:indicator_create", args=[goal.pk]),
        {"code": "feedback_on_time", "baseline": "50", "target": "150", "target_year": "2028"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Give the year of the baseline." in body
    assert "The value must be between 0 and 100." in body
    response = client.post(
        reverse("programme:measure_create", args=[goal.pk]),
        _measure_form(starts_on="2026-05-01", due_on="2026-04-01"),
    )
    assert response.status_code == 200
    assert "The due date cannot be before the start." in response.content.decode()
    assert GoalIndicator.objects.count() == 1
    assert Measure.objects.count() == 1


def test_dates_and_years_outside_2000_to_2100_are_form_errors_and_nothing_changes(
    org, clients, world
):
    # Typing slips ("0202", "24", "2208") were stored and shown on the portal.
    programme, goal, indicator, measure = world
    client = clients["coordinator"]
    indicator_form = {"code": "feedback_on_time", "baseline": "68", "target": "90"}

    responses = [
        client.post(
            reverse("programme:measure_create", args=[goal.pk]),
            _measure_form(starts_on="0202-05-01", due_on="9999-12-31"),
        ),
        client.post(
            reverse("programme:measure_edit", args=[measure.pk]),
            _measure_form(due_on="2208-12-31"),
        ),
        client.post(
            reverse("programme:indicator_edit", args=[indicator.pk]),
            {**indicator_form, "baseline_year": "24", "target_year": "2028"},
        ),
        client.post(
            reverse("programme:indicator_edit", args=[indicator.pk]),
            {**indicator_form, "baseline_year": "2024", "target_year": "2208"},
        ),
        client.post(
            reverse("programme:approve", args=[programme.pk]),
            {"approval_body": "Aluehallitus", "approved_on": "0025-01-20"},
        ),
    ]

    bodies = [html.unescape(r.content.decode()) for r in responses]
    assert [r.status_code for r in responses] == [200] * 5
    assert all("Give a date between the years 2000 and 2100." in b for b in bodies[:2])
    assert all("Give a whole number from 2000 to 2100." in b for b in bodies[2:4])
    assert "Give a date between the years 2000 and 2100." in bodies[4]
    measure.refresh_from_db()
    indicator.refresh_from_db()
    programme.refresh_from_db()
    assert Measure.objects.count() == 1
    assert measure.due_on == date(2028, 12, 31)
    assert (indicator.baseline_year, indicator.target_year) == (2024, 2028)
    assert programme.approved_on == date(2025, 1, 20)
    assert not programme.changes.exists()


def test_the_indicator_choices_name_the_unit_in_the_pages_language(org, clients, world):
    # The units were the catalogue's internal English words on the Finnish and Swedish pages.
    _programme, goal, _indicator, _measure = world
    days = next(
        d for d in structure.indicator_codes(county_id=org.county.pk).values() if d.unit == "days"
    )
    options = {}
    for language in ("fi", "sv"):
        with translation.override(language):
            url = reverse("programme:indicator_create", args=[goal.pk])
            body = html.unescape(clients["coordinator"].get(url).content.decode())
            options[language] = (str(days.name), re.findall(r"<option[^>]*>([^<]*)</option>", body))

    internal = ("(days)", "(score)", "(count)", "(hours)")
    for language, unit in (("fi", "päivät"), ("sv", "dagar")):
        name, texts = options[language]
        assert f"{name} ({unit})" in texts
        assert not [text for text in texts if text.endswith(internal)]
        assert any(text.endswith(" (%)") for text in texts)


def test_moving_and_removing_in_the_tree_with_and_without_htmx(clients, world):
    programme, goal, _indicator, measure = world
    client = clients["coordinator"]
    second = make_measure(goal, title_fi="Toinen")

    response = client.post(reverse("programme:measure_move", args=[second.pk]), {"offset": "-1"})
    assert response.status_code == 302
    response = client.post(
        reverse("programme:measure_move", args=[second.pk]),
        {"offset": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="programme-tree">')
    assert "<html" not in body
    assert list(goal.measures.order_by("position").values_list("pk", flat=True)) == [
        measure.pk,
        second.pk,
    ]
    response = client.post(
        reverse("programme:perspective_delete", args=[goal.perspective_id]),
        HTTP_HX_REQUEST="true",
    )
    assert "This perspective has goals" in response.content.decode()
    assert programme.perspectives.count() == 4


def test_tree_page_fragment_and_query_budget(org, clients, world, django_assert_max_num_queries):
    programme, goal, _indicator, _measure = world
    for n in range(5):
        make_measure(
            goal,
            title_fi=f"Lisä {n}",
            responsible_unit=org.unit_b,
            responsible_person=org.other_staff_person,
        )
    url = reverse("programme:tree", args=[programme.pk])
    with django_assert_max_num_queries(12):
        response = clients["coordinator"].get(url)
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    fragment = clients["coordinator"].get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "Lisä 4" in fragment


def test_list_pages_query_budget(org, clients, world, django_assert_max_num_queries):
    for n in range(3):
        make_programme(org.county, title_fi=f"Ohjelma {n}")
    with django_assert_max_num_queries(6):
        assert clients["coordinator"].get(reverse("programme:manage")).status_code == 200
    with django_assert_max_num_queries(8):
        assert clients["manager"].get(reverse("programme:follow_up_list")).status_code == 200


def test_import_view_lists_errors_and_imports_nothing(org, clients):
    programme = make_programme(org.county)
    workbook = Workbook()
    workbook.active.title = "Perspectives"
    workbook.active.append(["ref", "kind", "title_fi"])
    workbook.active.append(["P1", "", ""])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "ohjelma.xlsx"

    response = clients["coordinator"].post(
        reverse("programme:import", args=[programme.pk]), {"workbook": buffer}
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert "title_fi" in body
    assert "This value is required." in body
    assert programme.perspectives.count() == 4


@pytest.mark.parametrize("target", ["nan", "inf"])
def test_import_view_refuses_a_target_that_is_not_a_number(org, clients, target):
    programme = make_programme(org.county)
    workbook = Workbook()
    sheets = {
        "Perspectives": [["ref", "kind", "title_fi"], ["P1", "", "Tieto"]],
        "Goals": [["ref", "perspective_ref", "title_fi"], ["G1", "P1", "Tavoite"]],
        "Indicators": [
            ["goal_ref", "code", "baseline", "baseline_year", "target", "target_year"],
            ["G1", "feedback_median_days", "", "", target, "2028"],
        ],
        "Measures": [["ref", "goal_ref", "title_fi"]],
    }
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "ohjelma.xlsx"

    response = clients["coordinator"].post(
        reverse("programme:import", args=[programme.pk]), {"workbook": buffer}
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert "Give a number." in body
    assert not GoalIndicator.objects.exists()
    assert not Goal.objects.exists()


def test_export_is_a_workbook_and_audited(clients, world):
    programme, *_rest = world

    response = clients["coordinator"].get(reverse("programme:export", args=[programme.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export", object_id=str(programme.pk)).exists()


def test_editing_a_goal_after_approval_is_in_the_history(org, clients, world):
    programme, goal, _indicator, _measure = world
    target = programme.perspectives.get(kind="strategy")

    response = clients["coordinator"].post(
        reverse("programme:goal_edit", args=[goal.pk]),
        {"perspective": target.pk, "title_fi": "Kuulluksi tuleminen", "title_en": "Being heard"},
    )

    assert response.status_code == 302
    rows = set(programme.changes.values_list("object_type", "field", "old_value", "new_value"))
    assert rows == {
        ("goal", "perspective", "Information and transactions", "The strategy level"),
        ("goal", "title_en", "", "Being heard"),
    }
    page = clients["coordinator"].get(reverse("programme:history", args=[programme.pk]))
    assert "Being heard" in page.content.decode()
