from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kuulu.indicators.models import ManualIndicator, ManualValue
from kuulu.indicators.tests.fixtures import feedback_fixture
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

VIEW_STATUS = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 200,
    "staff": 200,
    "manager": 200,
    "coordinator": 200,
    "admin": 200,
}
MANAGE_STATUS = {**VIEW_STATUS, "other_staff": 403, "staff": 403, "manager": 403}


def make_manual(county, **kwargs) -> ManualIndicator:  # type: ignore[no-untyped-def]
    kwargs.setdefault("code", "national-inclusion")
    kwargs.setdefault("name_fi", "Osallisuuden kokemus (FinSote)")
    kwargs.setdefault("name_en", "Experience of inclusion (national survey)")
    kwargs.setdefault("definition_fi", "Kansallisen kyselyn tulos.")
    kwargs.setdefault("unit", "%")
    kwargs.setdefault("perspective", "service")
    kwargs.setdefault("min_value", Decimal(0))
    kwargs.setdefault("max_value", Decimal(100))
    return ManualIndicator.objects.create(county=county, **kwargs)


def other_county_coordinator() -> Client:
    county = make_county()
    unit = make_unit(county, code="other-area")
    person = make_person(county, kind="staff", unit=unit, is_coordinator=True)
    client = Client()
    client.force_login(person.user)
    return client


@pytest.mark.parametrize("role", list(VIEW_STATUS))
def test_the_dashboard_detail_and_exports_follow_the_role_matrix(org, clients, role):
    urls = [
        reverse("indicators:dashboard"),
        reverse("indicators:detail", args=["feedback_on_time"]),
        reverse("indicators:export", args=["csv"]),
        reverse("indicators:export", args=["xlsx"]),
    ]
    for url in urls:
        assert clients[role].get(url).status_code == VIEW_STATUS[role], url


@pytest.mark.parametrize("role", list(MANAGE_STATUS))
def test_manual_indicator_pages_are_for_coordinators_and_a_refused_write_changes_nothing(
    org, clients, role
):
    indicator = make_manual(org.county)
    urls = [
        reverse("indicators:manage"),
        reverse("indicators:manual_create"),
        reverse("indicators:manual_import"),
        reverse("indicators:manual", args=[indicator.pk]),
        reverse("indicators:manual_edit", args=[indicator.pk]),
    ]
    for url in urls:
        assert clients[role].get(url).status_code == MANAGE_STATUS[role], url

    response = clients[role].post(
        reverse("indicators:manual", args=[indicator.pk]), {"year": "2025", "value": "70"}
    )

    if MANAGE_STATUS[role] == 200:
        assert response.status_code == 302
        assert ManualValue.objects.get().value == Decimal("70.00")
    else:
        assert response.status_code == MANAGE_STATUS[role]
        assert not ManualValue.objects.exists()


def test_a_coordinator_of_another_county_sees_only_their_own_county(org):
    feedback_fixture(org)
    indicator = make_manual(org.county)
    client = other_county_coordinator()

    page = client.get(reverse("indicators:dashboard"), {"year": "2026", "quarter": "1"})
    refused = client.post(
        reverse("indicators:manual", args=[indicator.pk]), {"year": "2025", "value": "70"}
    )

    assert page.status_code == 200
    assert org.county.name_fi not in page.content.decode()
    assert "71,4" not in page.content.decode()
    assert "71.4" not in page.content.decode()
    assert client.get(reverse("indicators:manual", args=[indicator.pk])).status_code == 403
    assert refused.status_code == 403
    assert not ManualValue.objects.exists()


def test_a_manager_sees_their_subtree_by_default_and_the_county_when_asked(org, clients):
    feedback_fixture(org)
    with translation.override("fi"):  # the Finnish page: a decimal comma
        url = reverse("indicators:detail", args=["feedback_on_time"])

    own = clients["manager"].get(url, {"year": "2026", "quarter": "1"})
    county = clients["manager"].get(url, {"year": "2026", "quarter": "1", "unit": ""})
    coordinator = clients["coordinator"].get(url, {"year": "2026", "quarter": "1"})

    # unit_a's subtree: items 1-6 of the fixture except none outside -> 4 of 6 on time
    assert "66,7 %" in own.content.decode()
    assert "71,4 %" in county.content.decode()
    assert "71,4 %" in coordinator.content.decode()


def test_figures_link_to_their_records_only_for_those_who_may_see_them(org, clients):
    url = reverse("indicators:dashboard")
    queue = reverse("feedback:queue")
    complaints = reverse("feedback:complaints")

    coordinator = clients["coordinator"].get(url).content.decode()
    manager = clients["manager"].get(url).content.decode()
    staff = clients["staff"].get(url).content.decode()

    assert f'href="{queue}"' in coordinator
    assert f'href="{complaints}"' in coordinator
    assert f'href="{queue}"' in manager
    assert f'href="{complaints}"' not in manager
    assert f'href="{queue}"' not in staff


def test_the_dashboard_keeps_to_a_query_budget_warm_and_cold(
    org, clients, django_assert_max_num_queries
):
    feedback_fixture(org)
    make_manual(org.county)
    url = reverse("indicators:dashboard")

    with django_assert_max_num_queries(200):
        cold = clients["coordinator"].get(url)
    with django_assert_max_num_queries(45):
        warm = clients["coordinator"].get(url)

    assert cold.status_code == warm.status_code == 200
    assert cold.content.count(b"<table") == warm.content.count(b"<table") >= 20


def test_the_csv_export_has_a_row_per_indicator_and_quarter(org, clients):
    feedback_fixture(org)

    response = clients["coordinator"].get(
        reverse("indicators:export", args=["csv"]), {"year": "2026", "quarter": "1", "unit": ""}
    )
    lines = response.content.decode("utf-8-sig").splitlines()

    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("Code,Indicator,Perspective")
    on_time = [line for line in lines if line.startswith("feedback_on_time,")]
    assert len(on_time) == 8
    assert on_time[0].split(",")[4:8] == ["2026 Q1", "71.4", "5", "7"]


def test_an_indicators_page_names_its_unit_in_the_pages_language(org, clients):
    client = clients["coordinator"]

    finnish = client.get("/fi/indicators/feedback_median_days/").content.decode()
    swedish = client.get("/sv/indicators/feedback_median_days/").content.decode()
    share = client.get("/en/indicators/feedback_on_time/").content.decode()

    assert "<dt>Yksikkö</dt><dd>päivät</dd>" in finnish
    assert "<dd>dagar</dd>" in swedish
    assert "<dt>Unit</dt><dd>per cent</dd>" in share


def test_each_delete_button_of_a_value_names_its_period_and_unit(org, clients):
    # A screen reader lists the buttons by name: three values of the same year read
    # "Delete 2025-01-01" three times, and a coordinator could not tell which to press.
    indicator = make_manual(org.county)
    for unit in (None, org.unit_a, org.unit_b):
        ManualValue.objects.create(
            indicator=indicator,
            period_start="2025-01-01",
            period_end="2025-12-31",
            unit=unit,
            value=Decimal(50),
        )

    html = clients["coordinator"].get(f"/fi/indicators/manage/{indicator.pk}/").content.decode()

    names = re.findall(r'Poista<span class="visually-hidden">([^<]*)</span>', html)
    assert sorted(names) == [
        " 2025-01-01 \u2013 2025-12-31, Kotihoito",
        " 2025-01-01 \u2013 2025-12-31, Perhekeskus",
        " 2025-01-01 \u2013 2025-12-31, koko hyvinvointialue",
    ]
