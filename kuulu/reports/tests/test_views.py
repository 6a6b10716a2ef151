from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone, translation

from conftest import client_for
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.reports import services
from kuulu.reports.models import Report
from kuulu.reports.tests.factories import TODAY, make_report, make_year_2025

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 15, 10, 0, tzinfo=timezone.get_current_timezone())

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
def other_coordinator(org):
    """A coordinator of ANOTHER county."""
    county = make_county()
    person = make_person(
        county,
        kind="staff",
        unit=make_unit(county, code="x"),
        is_coordinator=True,
        email="c2@example.test",
    )
    return client_for(person.user)


@pytest.fixture
def draft(org):
    make_year_2025(org.county)
    return make_report(org.county, summary_fi="Luonnos")


@pytest.fixture
def published(org):
    report = make_report(org.county, 2024, summary_fi="Julkaistu vuosi")
    return services.publish_report(report=report, now=NOW, today=TODAY)


def test_manage_pages_are_for_the_county_coordinator_and_admins(clients, draft, other_coordinator):
    urls = [
        "/en/reports/manage/",
        f"/en/reports/manage/{draft.pk}/",
        f"/en/reports/manage/{draft.pk}/sections/summary/",
        f"/en/reports/manage/{draft.pk}/publish/",
        f"/en/reports/manage/{draft.pk}/preview.pdf",
    ]
    for url in urls:
        for role, expected in COORDINATOR_ONLY.items():
            assert clients[role].get(url).status_code == expected, (url, role)
        if url != "/en/reports/manage/":
            assert other_coordinator.get(url).status_code == 403, url


def test_refused_writes_change_nothing(org, clients, draft, other_coordinator):
    refused = {**COORDINATOR_ONLY}
    del refused["coordinator"], refused["admin"]
    actors = [clients[role] for role in refused] + [other_coordinator]
    for client in actors:
        client.post(
            f"/en/reports/manage/{draft.pk}/sections/summary/",
            {"text_fi": "Muutettu", "text_sv": "", "text_en": ""},
        )
        client.post(f"/en/reports/manage/{draft.pk}/publish/")
        client.post("/en/reports/manage/new/", {"year": "2023"})
    draft.refresh_from_db()
    assert draft.summary_text_fi == "Luonnos"
    assert draft.status == Report.Status.DRAFT
    # another county's coordinator creates reports only in their own county
    assert list(Report.objects.filter(county=org.county)) == [draft]
    assert Report.objects.exclude(county=org.county).get().year == 2023


def test_another_countys_coordinator_cannot_unpublish(published, other_coordinator):
    response = other_coordinator.post(f"/en/reports/manage/{published.pk}/unpublish/")
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.is_published


def test_drafts_are_never_public(clients, draft):
    for role, client in clients.items():
        for url in [
            "/en/reports/2025/",
            "/en/reports/2025/report.pdf",
            "/en/reports/2025/figures.zip",
        ]:
            assert client.get(url).status_code == 404, (url, role)
        assert "2025" not in client.get("/en/reports/").content.decode(), role
    assert Client().get("/api/v1/reports/2025").status_code == 404
    assert Client().get("/api/v1/reports").json() == []


def test_published_reports_are_public_in_three_languages(clients, published):
    for client in clients.values():
        assert client.get("/fi/reports/2024/").status_code == 200
    html = Client().get("/en/reports/").content.decode()
    assert 'href="/en/reports/2024/"' in html
    assert "Participation report 2024" in html
    page = Client().get("/sv/reports/2024/").content.decode()
    assert '<html lang="sv">' in page
    # Swedish not written: the Finnish text, marked as Finnish for screen readers
    assert '<div class="report-narrative" lang="fi"><p>Julkaistu vuosi</p></div>' in page
    pdf = Client().get("/sv/reports/2024/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    bundle = Client().get("/en/reports/2024/figures.zip")
    assert bundle["Content-Type"] == "application/zip"


def test_coordinator_creates_writes_publishes_and_unpublishes(org, clients):
    client = clients["coordinator"]
    # create
    response = client.post("/en/reports/manage/new/", {"year": "2025", "start": "", "end": ""})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/reports/manage/{report.pk}/"
    # narrative
    response = client.post(
        f"/en/reports/manage/{report.pk}/sections/councils/",
        {"text_fi": "Neuvostoja kuultiin.", "text_sv": "Råden hördes.", "text_en": ""},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.councils_text_sv == "Råden hördes."
    # the draft page shows the live figures and the text
    page = client.get(f"/en/reports/manage/{report.pk}/").content.decode()
    assert "Councils heard" in page
    assert "Neuvostoja kuultiin." in page
    # publish after the confirmation page
    assert "Publish now" in client.get(f"/en/reports/manage/{report.pk}/publish/").content.decode()
    response = client.post(f"/en/reports/manage/{report.pk}/publish/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_published
    assert report.published_by == org.coordinator
    assert Client().get("/en/reports/2025/").status_code == 200
    # unpublish
    client.post(f"/en/reports/manage/{report.pk}/unpublish/")
    report.refresh_from_db()
    assert not report.is_published
    assert Client().get("/en/reports/2025/").status_code == 404


def test_bad_input_is_shown_on_the_form(org, clients):
    client = clients["coordinator"]
    services.create_report(county=org.county, year=2025)
    with translation.override("en"):  # restores the language the /en/ pages activate
        taken = client.post("/en/reports/manage/new/", {"year": "2025"})
        response = client.post(
            "/en/reports/manage/new/", {"year": "2024", "start": "2024-05-01", "end": "2024-01-01"}
        )
    assert taken.status_code == 422
    assert "The county already has a report for this year." in taken.content.decode()
    assert response.status_code == 422
    assert "The period cannot end before it starts." in response.content.decode()
    assert Report.objects.count() == 1


def test_a_published_reports_text_edit_is_refused_on_the_form(clients, published):
    response = clients["coordinator"].post(
        f"/en/reports/manage/{published.pk}/sections/summary/",
        {"text_fi": "Uusi", "text_sv": "", "text_en": ""},
    )
    assert response.status_code == 422
    assert "Unpublish it before changing its text." in response.content.decode()
    published.refresh_from_db()
    assert published.summary_text_fi == "Julkaistu vuosi"


def test_htmx_requests_get_fragments(clients, draft):
    client = clients["coordinator"]
    preview = client.get(f"/en/reports/manage/{draft.pk}/", headers={"HX-Request": "true"})
    html = preview.content.decode()
    assert '<div id="preview"' in html
    assert "<html" not in html
    saved = client.post(
        f"/en/reports/manage/{draft.pk}/sections/summary/",
        {"text_fi": "Uusi teksti", "text_sv": "", "text_en": "New text"},
        headers={"HX-Request": "true"},
    )
    html = saved.content.decode()
    assert saved.status_code == 200
    assert '<div id="narrative">' in html
    assert "The text was saved." in html
    assert "<html" not in html
    draft.refresh_from_db()
    assert draft.summary_text_en == "New text"


def test_list_pages_have_a_fixed_number_of_queries(
    clients, published, django_assert_max_num_queries
):
    for year in (2021, 2022, 2023):
        report = make_report(published.county, year)
        services.publish_report(report=report, now=NOW, today=TODAY)
    with django_assert_max_num_queries(4):
        Client().get("/en/reports/")
    with django_assert_max_num_queries(4):  # the figures come from the snapshot
        Client().get("/en/reports/2024/")
    client = clients["coordinator"]
    client.get("/en/reports/manage/")  # warm the session and actor
    with django_assert_max_num_queries(8):
        client.get("/en/reports/manage/")


def test_api_lists_published_reports_and_their_figures(published):
    listed = Client().get("/api/v1/reports?lang=sv").json()
    assert listed == [
        {
            "year": 2024,
            "start": "2024-01-01",
            "end": "2024-12-31",
            "published_at": "2026-01-15T08:00:00Z",
            "url": "/sv/reports/2024/",
            "pdf_url": "/sv/reports/2024/report.pdf",
            "figures_url": "/sv/reports/2024/figures.zip",
        }
    ]
    detail = Client().get("/api/v1/reports/2024").json()
    assert detail["narrative"]["summary"] == {"fi": "Julkaistu vuosi", "sv": "", "en": ""}
    assert detail["figures"] == published.snapshot


def test_the_new_report_form_suggests_a_year_without_a_report(org, clients):
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year, this_year + 1):
        services.create_report(county=org.county, year=year)
    response = clients["coordinator"].get("/en/reports/manage/")
    assert response.status_code == 200
    assert f'value="{this_year + 2}"' in response.content.decode()


@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01", "0001-12-31"), ("9999-01-01", "9999-12-31"), ("", "2101-01-01")],
)
def test_a_period_outside_the_years_2000_to_2100_is_a_field_error(org, clients, start, end):
    client = clients["coordinator"]
    with translation.override("en"):
        response = client.post(
            "/en/reports/manage/new/", {"year": "2024", "start": start, "end": end}
        )
    assert response.status_code == 422
    errors = response.context["form"].errors
    message = ["Give a date between the years 2000 and 2100."]
    assert errors == {
        **({"start": message} if start else {}),
        "end": message,
    }
    assert not Report.objects.exists()


def test_a_period_of_another_year_is_shown_on_the_form_in_the_pages_language(org, clients):
    with translation.override("sv"):  # restores the language the /sv/ page activates
        response = clients["coordinator"].post(
            "/sv/reports/manage/new/",
            {"year": "2025", "start": "2052-01-01", "end": "2052-12-31"},
        )
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "start": ["Perioden måste omfatta dagar av året 2025."]
    }
    assert not Report.objects.exists()
