"""Shared fixtures: the actors of the role matrix and their clients."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation

from kuulu.accounts.models import User
from kuulu.organisation.models import County, Person, Unit
from kuulu.organisation.tests.factories import (
    PASSWORD,
    make_county,
    make_municipality,
    make_person,
    make_unit,
    make_user,
)

_skipped_postgres: list[str] = []


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _still_rate_limit_windows(monkeypatch):  # type: ignore[no-untyped-def]
    """django-ratelimit counts in fixed windows of wall-clock time; a test that crossed a window's
    end (more likely on a busy machine) would see its count reset. Its clock stands still here."""
    import django_ratelimit.core

    still = SimpleNamespace(time=lambda: 1_780_000_000.0)
    monkeypatch.setattr(django_ratelimit.core, "time", still)


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """Every test starts in the default language, whatever the test before it activated, so a
    test's result never depends on the order the suite runs in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def postgres(request):  # type: ignore[no-untyped-def]
    """Use in PostgreSQL-only tests (real concurrency). Skips, loudly, on other databases."""
    if connection.vendor != "postgresql":
        _skipped_postgres.append(request.node.nodeid)
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test")


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    skipped = [
        r
        for r in terminalreporter.stats.get("skipped", [])
        if "needs PostgreSQL" in str(r.longrepr)
    ]
    if skipped:
        terminalreporter.write_line(
            f"NOTE: {len(skipped)} PostgreSQL-only concurrency test(s) were SKIPPED because the "
            "database is not PostgreSQL. Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/test "
            "to run them.",
            yellow=True,
            bold=True,
        )


@dataclass
class Org:
    """A small county for role-matrix tests.

    area_a > unit_a > team_a1 (manager manages unit_a), area_b > unit_b (other_staff works there).
    """

    county: County
    area_a: Unit
    unit_a: Unit
    team_a1: Unit
    area_b: Unit
    unit_b: Unit
    admin: User
    coordinator: User
    manager: User
    staff: User
    other_staff: User
    resident: User
    manager_person: Person
    staff_person: Person
    other_staff_person: Person
    resident_person: Person


@pytest.fixture
def org(db) -> Org:  # type: ignore[no-untyped-def]
    county = make_county()
    make_municipality(county, code="205", name_fi="Kajaani", name_sv="Kajana")
    area_a = make_unit(county, code="area-a", name_fi="Ikäihmisten palvelut")
    unit_a = make_unit(county, parent=area_a, code="unit-a", name_fi="Kotihoito")
    team_a1 = make_unit(
        county, parent=unit_a, code="team-a1", name_fi="Kotihoito Kajaani", kind="team"
    )
    area_b = make_unit(county, code="area-b", name_fi="Perhepalvelut")
    unit_b = make_unit(county, parent=area_b, code="unit-b", name_fi="Perhekeskus")
    admin = make_user(email="admin@example.test", is_superuser=True, is_staff=True)
    coordinator_person = make_person(
        county, kind="staff", unit=area_a, is_coordinator=True, email="coord@example.test"
    )
    manager_person = make_person(
        county, kind="staff", unit=unit_a, is_manager=True, email="manager@example.test"
    )
    staff_person = make_person(county, kind="staff", unit=team_a1, email="staff@example.test")
    other_staff_person = make_person(county, kind="staff", unit=unit_b, email="other@example.test")
    resident_person = make_person(county, kind="resident", email="resident@example.test")
    return Org(
        county=county,
        area_a=area_a,
        unit_a=unit_a,
        team_a1=team_a1,
        area_b=area_b,
        unit_b=unit_b,
        admin=admin,
        coordinator=coordinator_person.user,
        manager=manager_person.user,
        staff=staff_person.user,
        other_staff=other_staff_person.user,
        resident=resident_person.user,
        manager_person=manager_person,
        staff_person=staff_person,
        other_staff_person=other_staff_person,
        resident_person=resident_person,
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


ROLES = ["anonymous", "resident", "other_staff", "staff", "manager", "coordinator", "admin"]


@pytest.fixture
def clients(org):  # type: ignore[no-untyped-def]
    """A signed-in test client for every role of the matrix."""
    return {
        "anonymous": Client(),
        **{role: client_for(getattr(org, role)) for role in ROLES if role != "anonymous"},
    }


@pytest.fixture
def password() -> str:
    return PASSWORD
