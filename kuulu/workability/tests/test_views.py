"""The work-ability pages: who sees what (role matrix), that every view is audit-logged,
importing through the page, goals, and that no person's name appears with the figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kuulu.core.models import AuditEvent
from kuulu.workability import services
from kuulu.workability.models import HrPartner, MonthlyFigures, UnitGoal
from kuulu.workability.tests.factories import HEADER, csv_row, import_rows, year_of

ROLES = ["anonymous", "resident", "other_staff", "staff", "manager", "hr", "coordinator", "admin"]


@pytest.fixture
def hr(org):  # type: ignore[no-untyped-def]
    from kuulu.organisation.tests.factories import make_person

    person = make_person(org.county, kind="staff", unit=org.area_b, email="hr@example.test")
    services.grant_hr_partner(person=person)
    return person.user


@pytest.fixture
def role_clients(clients, hr):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(hr)
    return {**clients, "hr": client}


@pytest.fixture
def figures(org):  # type: ignore[no-untyped-def]
    import_rows(
        org.county,
        *year_of("unit-a", "2026-01", 40, "36", "10", 2, 1, 0, 0, 1),
        *year_of("team-a1", "2026-01", 8, "4", "46", 3, 0, 2, 1, 0),
        *year_of("unit-b", "2026-01", 50, "50", "30", 9, 9, 9, 0, 0),
    )


# Status of GET /workspace/work-ability/units/<unit_a>/ and of <unit_b>/ per role.
UNIT_MATRIX = {
    "anonymous": (302, 302),
    "resident": (403, 403),
    "other_staff": (403, 403),
    "staff": (403, 403),
    "manager": (200, 403),
    "hr": (200, 200),
    "coordinator": (200, 200),
    "admin": (200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_unit_figures(role, role_clients, org, figures):
    client = role_clients[role]
    before = AuditEvent.objects.filter(action="view").count()
    a = client.get(f"/en/workspace/work-ability/units/{org.unit_a.pk}/")
    b = client.get(f"/en/workspace/work-ability/units/{org.unit_b.pk}/")
    assert (a.status_code, b.status_code) == UNIT_MATRIX[role]
    views = AuditEvent.objects.filter(action="view", object_type="organisation.unit")
    assert views.count() - before == sum(s == 200 for s in UNIT_MATRIX[role])


# Status of GET on the index, the import page, the goals page of unit_a, the HR partners page.
PAGE_MATRIX = {
    "anonymous": (302, 302, 302, 302),
    "resident": (403, 403, 403, 403),
    "other_staff": (403, 403, 403, 403),
    "staff": (403, 403, 403, 403),
    "manager": (200, 403, 200, 403),
    "hr": (200, 200, 200, 403),
    "coordinator": (200, 200, 200, 200),
    "admin": (200, 200, 200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_pages(role, role_clients, org):
    client = role_clients[role]
    urls = [
        "/en/workspace/work-ability/",
        "/en/workspace/work-ability/import/",
        f"/en/workspace/work-ability/units/{org.unit_a.pk}/goals/",
        "/en/workspace/work-ability/hr-partners/",
    ]
    assert tuple(client.get(u).status_code for u in urls) == PAGE_MATRIX[role]


@pytest.mark.parametrize("role", ["staff", "other_staff", "resident", "manager"])
def test_import_is_refused_and_nothing_changes(role, role_clients, org):
    data = f"{HEADER}\n{csv_row('unit-a', '2026-01', 40, 36, 10, 0, 0, 0, 0, 0)}\n".encode()
    response = role_clients[role].post(
        "/en/workspace/work-ability/import/",
        {"file": SimpleUploadedFile("hr.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 403
    assert MonthlyFigures.objects.count() == 0


@pytest.mark.parametrize("role", ["staff", "other_staff", "resident"])
def test_goals_are_refused_and_nothing_changes(role, role_clients, org):
    response = role_clients[role].post(
        f"/en/workspace/work-ability/units/{org.unit_a.pk}/goals/",
        {"year": 2026, "sickness_absence": "14"},
    )
    assert response.status_code == 403
    assert UnitGoal.objects.count() == 0


def test_manager_of_another_subtree_cannot_set_goals(role_clients, org):
    response = role_clients["manager"].post(
        f"/en/workspace/work-ability/units/{org.unit_b.pk}/goals/",
        {"year": 2026, "sickness_absence": "14"},
    )
    assert response.status_code == 403
    assert UnitGoal.objects.count() == 0


def test_import_page_reports_bad_rows_and_imports_good_files(role_clients, org):
    client = role_clients["hr"]
    bad = f"{HEADER}\n{csv_row('nope', '2026-01', 40, 36, 10, 0, 0, 0, 0, 0)}\n".encode()
    response = client.post(
        "/en/workspace/work-ability/import/",
        {"file": SimpleUploadedFile("hr.csv", bad, content_type="text/csv")},
    )
    assert response.status_code == 422
    assert "No unit of the county has this code." in response.content.decode()
    assert MonthlyFigures.objects.count() == 0
    good = f"{HEADER}\n{csv_row('unit-a', '2026-01', 40, '36,5', '10,5', 0, 0, 0, 0, 0)}\n"
    response = client.post(
        "/en/workspace/work-ability/import/",
        {"file": SimpleUploadedFile("hr.csv", good.encode(), content_type="text/csv")},
    )
    assert response.status_code == 302
    assert MonthlyFigures.objects.get().person_years == Decimal("36.50")


def test_finnish_user_gets_the_report_in_finnish(role_clients, org):
    bad = f"{HEADER}\n{csv_row('nope', '2026-01', 40, 36, 10, 0, 0, 0, 0, 0)}\n".encode()
    response = role_clients["hr"].post(
        "/fi/workspace/work-ability/import/",
        {"file": SimpleUploadedFile("hr.csv", bad, content_type="text/csv")},
    )
    assert response.status_code == 422
    assert "Hyvinvointialueella ei ole yksikköä tällä koodilla." in response.content.decode()


@pytest.mark.parametrize("year", ["²", "\u0661\u0662", "99999999999999999999", "20x6"])
def test_a_goal_year_that_is_no_year_falls_back_to_the_default(role_clients, org, figures, year):
    response = role_clients["manager"].get(
        f"/en/workspace/work-ability/units/{org.unit_a.pk}/goals/", {"year": year}
    )
    assert response.status_code == 200
    assert response.context["form"].initial["year"] == 2026  # the latest month's year


def test_manager_sets_goals_and_sees_them_on_the_page(role_clients, org, figures):
    client = role_clients["manager"]
    response = client.post(
        f"/en/workspace/work-ability/units/{org.unit_a.pk}/goals/",
        {"year": 2026, "sickness_absence": "14.5", "work_accidents": "2"},
    )
    assert response.status_code == 302
    assert {(g.figure, g.value) for g in UnitGoal.objects.filter(unit=org.unit_a)} == {
        ("sickness_absence", Decimal("14.50")),
        ("work_accidents", Decimal("2.00")),
    }
    assert AuditEvent.objects.filter(object_type="workability.unitgoal").count() == 2
    client.get(f"/en/workspace/work-ability/units/{org.unit_a.pk}/goals/")
    assert AuditEvent.objects.filter(
        summary="unit goals viewed", object_id=str(org.unit_a.pk)
    ).exists()
    html = client.get(f"/en/workspace/work-ability/units/{org.unit_a.pk}/").content.decode()
    assert "<td>14.5</td>" in html
    assert "<polyline" in html
    assert 'stroke-dasharray="6 4"' in html  # the goal line


def _shows_value(html: str, value: str) -> bool:
    """Whether a table cell shows `value` (a bare substring could be part of a unit's id in a
    link, which grows with the database's sequences)."""
    import re

    return re.search(rf">\s*{re.escape(value)}(?:[.,]\d+)?\s*<", html) is not None


def test_page_shows_figures_without_names_and_suppresses_small_units(role_clients, org):
    import_rows(
        org.county,
        *year_of("unit-a", "2026-01", 40, "36", "10", 0, 0, 0, 0, 0),
        *year_of("team-a1", "2026-01", 3, "3", "46", 0, 0, 0, 0, 0),
    )
    html = (
        role_clients["coordinator"]
        .get(f"/en/workspace/work-ability/units/{org.unit_a.pk}/?figure=sickness_absence")
        .content.decode()
    )
    assert "not shown (small group)" in html
    assert not _shows_value(html.split("Units below")[1], "46")
    assert "fewer than 12 months of figures" not in html.split("Units below")[1]
    for person in (org.manager_person, org.staff_person, org.other_staff_person):
        assert person.last_name not in html
    team = (
        role_clients["coordinator"]
        .get(f"/en/workspace/work-ability/units/{org.team_a1.pk}/")
        .content.decode()
    )
    assert "fewer than 5 persons" in team


def test_a_unit_hidden_to_protect_a_small_sibling_says_so_and_shows_nothing(role_clients, org):
    from kuulu.organisation.tests.factories import make_unit

    team_a2 = make_unit(org.county, parent=org.unit_a, code="team-a2", kind="team")
    import_rows(
        org.county,
        *year_of("unit-a", "2026-01", 30, "30", "10", 0, 0, 0, 0, 0),
        *year_of("team-a1", "2026-01", 3, "3", "46", 0, 0, 0, 0, 0),
        *year_of("team-a2", "2026-01", 9, "9", "27,5", 0, 0, 0, 0, 0),
    )
    html = (
        role_clients["coordinator"]
        .get(f"/en/workspace/work-ability/units/{team_a2.pk}/?figure=sickness_absence")
        .content.decode()
    )
    assert "not shown (hidden to protect a small unit)" in html
    assert "27.5" not in html
    finnish = role_clients["coordinator"].get(f"/fi/workspace/work-ability/units/{team_a2.pk}/")
    assert "piilotettu pienen yksikön suojaamiseksi" in finnish.content.decode()


def test_a_unit_with_less_than_a_year_of_figures_says_so_in_each_language(role_clients, org):
    import_rows(
        org.county,
        *year_of("unit-a", "2026-01", 40, "36", "10", 0, 0, 0, 0, 0),
        *year_of("team-a1", "2026-01", 8, "8", "46", 0, 0, 0, 0, 0)[-4:],
    )
    url = f"/workspace/work-ability/units/{org.unit_a.pk}/?figure=sickness_absence"
    html = role_clients["coordinator"].get(f"/en{url}").content.decode()
    assert "1 unit has figures for fewer than the last 12 months" in html
    below = html.split("Units below")[1]
    assert "<td>fewer than 12 months of figures</td>" in below  # the team's row
    assert not _shows_value(below, "46")
    team = role_clients["coordinator"].get(f"/en/workspace/work-ability/units/{org.team_a1.pk}/")
    assert "<td>fewer than 12 months of figures</td>" in team.content.decode()
    finnish = role_clients["coordinator"].get(f"/fi{url}").content.decode()
    assert "lukuja alle 12 kuukaudelta" in finnish
    swedish = role_clients["coordinator"].get(f"/sv{url}").content.decode()
    assert "tal för färre än 12 månader" in swedish


def test_hr_partners_are_granted_and_revoked_by_the_coordinator(role_clients, org):
    client = role_clients["coordinator"]
    response = client.post(
        "/en/workspace/work-ability/hr-partners/", {"person": org.other_staff_person.pk}
    )
    assert response.status_code == 302
    partner = HrPartner.objects.get(person=org.other_staff_person)
    assert (
        role_clients["other_staff"]
        .get(f"/en/workspace/work-ability/units/{org.unit_a.pk}/")
        .status_code
        == 200
    )
    client.post(f"/en/workspace/work-ability/hr-partners/{partner.pk}/remove/")
    assert not HrPartner.objects.filter(pk=partner.pk).exists()
    assert AuditEvent.objects.filter(object_type="workability.hrpartner").count() == 3  # hr fixture
    refused = role_clients["hr"].post(
        "/en/workspace/work-ability/hr-partners/", {"person": org.staff_person.pk}
    )
    assert refused.status_code == 403
    assert not HrPartner.objects.filter(person=org.staff_person).exists()


def test_unit_page_query_budget(role_clients, org, figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = role_clients["coordinator"].get(
            f"/en/workspace/work-ability/units/{org.area_a.pk}/"
        )
    assert response.status_code == 200


def test_a_raised_min_group_size_hides_groups_under_it(role_clients, org, settings):
    settings.KUULU_MIN_GROUP_SIZE = 10
    import_rows(
        org.county,
        *year_of("unit-a", "2026-01", 40, "36", "10", 0, 0, 0, 0, 0),
        *year_of("team-a1", "2026-01", 7, "7", "46", 0, 0, 0, 0, 0),
    )
    client = role_clients["coordinator"]

    team = client.get(f"/en/workspace/work-ability/units/{org.team_a1.pk}/").content.decode()
    parent = client.get(f"/en/workspace/work-ability/units/{org.unit_a.pk}/").content.decode()

    assert "fewer than 10 persons" in team
    assert not _shows_value(team, "46")
    assert "A unit with fewer than 10 persons is not shown" in parent
    assert not _shows_value(parent.split("Units below")[1], "46")
