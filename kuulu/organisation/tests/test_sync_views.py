"""The HR sync's workspace pages and API: role matrix, upload → preview → confirm, reports."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from kuulu.core.models import AuditEvent
from kuulu.integrations import services as token_services
from kuulu.organisation.models import HrSyncRun, Person, Unit

pytestmark = pytest.mark.django_db

URL = "/en/workspace/organisation/hr-sync/"
UNITS = "id,parent,name_fi,code\nA,,Ikäihmisten palvelut,area-a\nN,A,Uusi yksikkö,\n"
PEOPLE = (
    "id,first_name,last_name,email,unit,manager\n"
    "E1,Kim,Koordinaattori,coord@example.test,A,false\n"
    "E2,Uuno,Uusi,uuno@example.test,N,true\n"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def upload(client, *files, partial=False):
    data = {"files": [SimpleUploadedFile(name, body.encode()) for name, body in files]}
    if partial:
        data["partial"] = "on"
    return client.post(URL, data)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("other_staff", 403),
        ("staff", 403),
        ("manager", 403),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_only_coordinators_and_admins_reach_the_sync(clients, role, status):
    assert clients[role].get(URL).status_code == status
    response = upload(clients[role], ("units.csv", UNITS))
    assert response.status_code in (status, 302)
    if status != 200:
        assert not HrSyncRun.objects.exists()
        assert not Unit.objects.filter(external_id="A").exists()


def test_upload_preview_and_confirm_apply_the_shown_changes(org, clients):
    client = clients["coordinator"]
    response = upload(client, ("units.csv", UNITS), ("people.csv", PEOPLE), partial=True)
    run = HrSyncRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}{run.pk}/"
    assert run.status == "previewed"
    assert not Unit.objects.filter(external_id="N").exists()

    page = client.get(f"{URL}{run.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Changes from the HR files" in html
    assert "Uusi yksikkö" in html
    assert "Uuno Uusi" in html
    assert 'name="fingerprint"' in html
    fingerprint = page.context["fingerprint"]
    assert page.context["count_rows"][0] == {
        "action": "added",
        "label": "added",
        "units": 1,
        "people": 1,
    }

    done = client.post(f"{URL}{run.pk}/", {"fingerprint": fingerprint})
    assert done.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.document) == ("applied", None)
    assert Unit.objects.get(external_id="A").pk == org.area_a.pk  # adopted by its code
    uuno = Person.objects.get(external_id="E2")
    assert (uuno.unit.external_id, uuno.is_manager, uuno.user.is_active) == ("N", True, True)
    assert AuditEvent.objects.filter(object_type="organisation.hrsyncrun", actor=org.coordinator)
    history = client.get(URL).content.decode()
    assert "applied" in history
    # The same preview cannot be applied twice.
    assert client.post(f"{URL}{run.pk}/", {"fingerprint": fingerprint}).status_code == 404


def test_a_confirmation_with_another_fingerprint_applies_nothing(org, clients):
    client = clients["coordinator"]
    upload(client, ("units.csv", UNITS), partial=True)
    run = HrSyncRun.objects.get()
    response = client.post(f"{URL}{run.pk}/", {"fingerprint": "0" * 64}, follow=True)
    assert "changed after the preview" in response.content.decode()
    run.refresh_from_db()
    assert run.status == "expired"
    assert not Unit.objects.filter(external_id="N").exists()


def test_a_bad_file_shows_the_per_row_report_and_applies_nothing(org, clients):
    bad = "id,parent,name_fi\nA,B,Yksi\nB,A,Kaksi\nC,X,Kolme\n"
    response = upload(clients["coordinator"], ("units.csv", bad))
    assert response.status_code == 422
    html = response.content.decode()
    assert "The files have 3 errors. Nothing was applied." in html
    assert "The units form a loop: " in html
    assert "No unit with the id &quot;X&quot; is in the file." in html
    assert [(p["row"], p["field"]) for p in response.context["problems"]] == [
        (2, "parent"),
        (3, "parent"),
        (4, "parent"),
    ]
    assert HrSyncRun.objects.get().status == "rejected"
    assert not Unit.objects.filter(external_id__gt="").exists()


def test_a_file_in_the_wrong_encoding_is_reported(clients, org):
    data = {"files": [SimpleUploadedFile("units.csv", "id,name_fi\nA,Pää\n".encode("cp1252"))]}
    response = clients["coordinator"].post(URL, data)
    assert response.status_code == 422
    assert "is not UTF-8 text" in response.content.decode()


def test_a_manager_cannot_confirm_a_coordinators_preview(org, clients):
    upload(clients["coordinator"], ("units.csv", UNITS), partial=True)
    run = HrSyncRun.objects.get()
    assert clients["manager"].post(f"{URL}{run.pk}/", {"fingerprint": "x"}).status_code == 403
    run.refresh_from_db()
    assert run.status == "previewed"


def _api(user, body):
    raw = token_services.create_token(user=user, name="hr").raw
    return Client().post(
        "/api/v1/organisation/hr-sync",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


API_DOC = {
    "full": False,
    "units": [{"id": "A", "name_fi": "Ikäihmisten palvelut", "code": "area-a"}],
    "people": [
        {
            "id": "E9",
            "first_name": "Api",
            "last_name": "Ihminen",
            "email": "api@example.test",
            "unit": "A",
            "manager": False,
        },
    ],
}


def test_the_api_previews_by_default_and_applies_when_asked(org):
    preview = _api(org.coordinator, API_DOC)
    assert preview.status_code == 200
    body = preview.json()
    assert (body["applied"], body["dry_run"], body["run_id"]) == (False, True, None)
    assert body["counts"]["people"]["added"] == 1
    assert [c["external_id"] for c in body["changes"]] == ["A", "E9"]
    assert not Person.objects.filter(external_id="E9").exists()

    applied = _api(org.coordinator, {**API_DOC, "dry_run": False})
    assert applied.status_code == 200
    assert applied.json()["applied"] is True
    assert Person.objects.get(external_id="E9").unit_id == org.area_a.pk
    again = _api(org.coordinator, {**API_DOC, "dry_run": False}).json()
    assert again["counts"]["people"] == dict.fromkeys(
        ["added", "changed", "moved", "deactivated", "reactivated"], 0
    )
    assert HrSyncRun.objects.filter(source="api", status="applied").count() == 2


def test_the_api_reports_bad_rows_with_422_and_applies_nothing(org):
    doc = {**API_DOC, "dry_run": False}
    doc["people"] = [{**API_DOC["people"][0], "email": "nope", "unit": "Z"}]
    response = _api(org.coordinator, doc)
    assert response.status_code == 422
    assert [(p["row"], p["field"], p["code"]) for p in response.json()["problems"]] == [
        (1, "email", "bad_email"),
        (1, "unit", "unknown_unit"),
    ]
    assert not Person.objects.filter(external_id="E9").exists()


def test_the_api_refuses_a_manager(org):
    assert _api(org.manager, {**API_DOC, "dry_run": False}).status_code == 403
    assert not Person.objects.filter(external_id="E9").exists()


def test_the_sync_page_reads_a_fixed_number_of_queries(org, clients, django_assert_max_num_queries):
    from kuulu.organisation.sync.apply import apply_sync
    from kuulu.organisation.sync.sources import document_from_files

    for _ in range(5):
        apply_sync(
            county=org.county,
            document=document_from_files([("units.csv", UNITS.encode())], full=False),
        )
    with django_assert_max_num_queries(12):
        response = clients["coordinator"].get(URL)
    assert len(response.context["runs"]) == 5


def test_the_api_reports_a_nul_character_as_a_bad_row_and_applies_nothing(org):
    # PostgreSQL cannot store or compare text holding NUL: it must be a row problem, not a 500.
    doc = {**API_DOC, "dry_run": False}
    doc["units"] = [{**API_DOC["units"][0], "name_fi": "Ikäihmisten\x00 palvelut"}]
    doc["people"] = [{**API_DOC["people"][0], "email": "api\x00@example.test"}]
    response = _api(org.coordinator, doc)
    assert response.status_code == 422
    assert [
        (p["section"], p["row"], p["field"], p["code"]) for p in response.json()["problems"]
    ] == [
        ("units", 1, "name_fi", "nul_character"),
        ("people", 1, "email", "nul_character"),
    ]
    assert not Person.objects.filter(external_id="E9").exists()
    assert Unit.objects.get(pk=org.area_a.pk).name_fi == "Ikäihmisten palvelut"
