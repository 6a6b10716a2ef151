import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from conftest import client_for
from kuulu.core.models import AuditEvent
from kuulu.integrations.services import create_token
from kuulu.surveys import exports
from kuulu.surveys.models import Question, Response, Survey
from kuulu.surveys.tests.results_factories import add_question, make_survey, respond, respond_many

pytestmark = pytest.mark.django_db

K = Question.Kind
RESULT_VIEWERS = {"coordinator", "admin"}
RAW_EXPORTERS = {"coordinator", "admin"}


def _expect(role: str, allowed: set[str]) -> int:
    if role in allowed:
        return 200
    return 302 if role == "anonymous" else 403


def _url(name: str, survey: Survey) -> str:
    with translation.override("en"):
        return reverse(name, args=[survey.pk])


@pytest.fixture
def survey(org):
    survey = make_survey(org.county, title="Kysely", anonymous=True)
    add_question(survey, "know", K.SINGLE, options=("little", "well"))
    add_question(survey, "methods", K.MULTIPLE, options=("a", "b"))
    add_question(survey, "grid", K.MATRIX, rows=("r1", "r2"))
    add_question(survey, "order", K.RANKING, options=("x", "y"))
    add_question(survey, "comment", K.SHORT_TEXT)
    respond_many(
        survey,
        5,
        {
            "know": "little",
            "methods": ["b"],
            "grid": {"r1": 4, "r2": 2},
            "order": ["y", "x"],
            "comment": "=HYPERLINK(1)",
        },
        respondent_group="staff",
    )
    return survey


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_raw_csv_has_a_column_per_option_and_statement_and_no_formulas(clients, survey):
    response = clients["coordinator"].get(_url("surveys:responses_export_csv", survey))

    assert response.status_code == 200
    rows = _csv(response)
    header = rows[0]
    assert header[7:] == [
        "know",
        "methods:a",
        "methods:b",
        "grid:r1",
        "grid:r2",
        "order:x",
        "order:y",
        "comment",
    ]
    assert len(rows) == 6
    assert rows[1][4] == "staff"
    assert rows[1][7:] == ["LITTLE", "", "1", "4", "2", "2", "1", "'=HYPERLINK(1)"]


def test_anonymous_survey_export_has_no_identifying_columns(clients, survey, org):
    header = _csv(clients["coordinator"].get(_url("surveys:responses_export_csv", survey)))[0]

    assert "Account email" not in header
    assert "Unit" not in header


def test_identified_survey_export_names_the_respondent(clients, org):
    survey = make_survey(org.county, anonymous=False)
    add_question(survey, "know", K.SINGLE, options=("a",))
    respond(survey, {"know": "a"}, user=org.staff, unit=org.team_a1)

    rows = _csv(clients["coordinator"].get(_url("surveys:responses_export_csv", survey)))

    assert rows[0][7:10] == ["Unit", "Account email", "Invitation email"]
    assert rows[1][8] == "staff@example.test"


def test_unfinished_responses_are_not_exported(clients, survey):
    respond(survey, {"know": "well"}, status=Response.Status.IN_PROGRESS)

    rows = _csv(clients["coordinator"].get(_url("surveys:responses_export_csv", survey)))

    assert len(rows) == 6


def test_raw_xlsx_export(clients, survey):
    response = clients["admin"].get(_url("surveys:responses_export_xlsx", survey))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert len(values) == 6
    assert values[1][-1] == "'=HYPERLINK(1)"


def test_raw_export_is_audited(clients, survey):
    clients["coordinator"].get(_url("surveys:responses_export_csv", survey))

    assert AuditEvent.objects.filter(
        action="export", object_type="surveys.survey", object_id=str(survey.pk)
    ).exists()


@pytest.mark.parametrize("name", ["surveys:responses_export_csv", "surveys:responses_export_xlsx"])
def test_role_matrix_for_raw_export(clients, survey, name):
    for role, client in clients.items():
        before = AuditEvent.objects.filter(action="export").count()
        response = client.get(_url(name, survey))
        assert response.status_code == _expect(role, RAW_EXPORTERS), role
        if role not in RAW_EXPORTERS:
            assert AuditEvent.objects.filter(action="export").count() == before, role


def test_owner_may_export_but_a_manager_may_not(clients, org):
    survey = make_survey(org.county, owner=org.manager, audience=Survey.Audience.STAFF)
    survey.units.set([org.unit_a])
    add_question(survey, "know", K.SINGLE, options=("a",))
    respond_many(survey, 5, {"know": "a"})

    assert clients["manager"].get(_url("surveys:responses_export_csv", survey)).status_code == 200
    survey.owner = org.coordinator
    survey.save()
    assert clients["manager"].get(_url("surveys:responses_export_csv", survey)).status_code == 403
    # ... but the manager still sees the results of a staff survey of their own units
    assert clients["manager"].get(_url("surveys:results", survey)).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "surveys:results",
        "surveys:results_report",
        "surveys:results_export_csv",
        "surveys:results_export_xlsx",
    ],
)
def test_role_matrix_for_results(clients, survey, name):
    for role, client in clients.items():
        response = client.get(_url(name, survey))
        assert response.status_code == _expect(role, RESULT_VIEWERS), role


def test_manager_does_not_see_a_survey_of_other_units(clients, org):
    survey = make_survey(org.county, audience=Survey.Audience.STAFF)
    survey.units.set([org.unit_a, org.unit_b])

    assert clients["manager"].get(_url("surveys:results", survey)).status_code == 403


def test_aggregate_csv_applies_suppression(clients, org):
    survey = make_survey(org.county)
    add_question(survey, "know", K.SINGLE, options=("little", "well"))
    respond_many(survey, 6, {"know": "little"}, respondent_group="manager")
    respond_many(survey, 2, {"know": "well"}, respondent_group="staff")

    with translation.override("en"):
        url = reverse("surveys:results_export_csv", args=[survey.pk]) + "?group=respondent_group"
    body = clients["coordinator"].get(url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))

    groups = [r for r in rows if r[2] in ("managers", "staff")]
    assert {r[2] for r in groups if r[4] == "value"} == set()  # staff hidden, so managers too
    assert all(r[5] == "" for r in groups)


def test_results_page_and_report_render(clients, survey):
    page = clients["coordinator"].get(_url("surveys:results", survey) + "?group=respondent_group")
    report = clients["coordinator"].get(_url("surveys:results_report", survey))

    assert page.status_code == 200
    assert "All responses as CSV" in page.content.decode()
    assert report.status_code == 200
    assert "<script" not in report.content.decode()


def test_free_text_page_is_masked_and_paginated(clients, org):
    survey = make_survey(org.county)
    add_question(survey, "comment", K.LONG_TEXT)
    respond_many(survey, 30, {"comment": "Soita 040 123 4567"})

    with translation.override("en"):
        url = reverse("surveys:results_texts", args=[survey.pk, "comment"])
    first = clients["coordinator"].get(url).content.decode()
    second = clients["coordinator"].get(url + "?page=2").content.decode()

    assert "040 123 4567" not in first
    assert first.count("<li>Soita") == 25
    assert second.count("<li>Soita") == 5


def test_stream_uses_constant_chunks():
    rows = iter([["a", "b"], *([["1", "2"]] * 1200)])

    chunks = list(exports.csv_stream(rows))

    assert chunks[0] == "\ufeff"
    assert len(chunks) == 1 + 3  # 500 rows per chunk


def test_api_results_with_suppression(org, client):
    survey = make_survey(org.county, owner=org.coordinator)
    add_question(survey, "know", K.SINGLE, options=("little", "well"))
    add_question(survey, "extra", K.SCALE_0_10)
    respond_many(survey, 6, {"know": "little"})
    respond_many(survey, 2, {"know": "well", "extra": 10})
    token = create_token(user=org.coordinator, name="test").raw

    response = client.get(
        f"/api/v1/surveys/{survey.pk}/results", HTTP_AUTHORIZATION=f"Bearer {token}"
    )

    assert response.status_code == 200
    data = response.json()
    assert data["respondents"] == 8
    know, extra = data["questions"]
    assert [(o["value"], o["count"], o["percent"]) for o in know["options"]] == [
        ("little", 6, 75),
        ("well", 2, 25),
    ]
    assert extra["suppressed"] is True
    assert extra["scale"] is None


def test_api_refuses_a_user_who_may_not_see_results(org, client):
    survey = make_survey(org.county)
    token = create_token(user=org.staff, name="test").raw

    response = client.get(
        f"/api/v1/surveys/{survey.pk}/results", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    anonymous = client.get(f"/api/v1/surveys/{survey.pk}/results")

    assert response.status_code == 403
    assert anonymous.status_code == 401


def test_results_pages_showing_free_text_samples_are_audited(clients, org):
    """Left alone in earlier notes: the results page and its print report show samples of the
    free-text answers, but only the page of all of a question's texts logged the read."""
    survey = make_survey(org.county)
    add_question(survey, "comment", K.LONG_TEXT)
    respond_many(survey, 6, {"comment": "Odotin liian kauan"})
    viewed = AuditEvent.objects.filter(
        object_id=str(survey.pk), action="view", summary="free-text answers viewed"
    )

    page = clients["coordinator"].get(_url("surveys:results", survey))
    assert "Odotin liian kauan" in page.content.decode()
    assert viewed.count() == 1
    clients["coordinator"].get(_url("surveys:results_report", survey))
    assert viewed.count() == 2

    quiet = make_survey(org.county)
    clients["coordinator"].get(_url("surveys:results", quiet))
    assert not AuditEvent.objects.filter(object_id=str(quiet.pk), action="view").exists()


def test_raw_xlsx_export_survives_control_characters_in_an_answer(clients, org):
    # A respondent may paste text with control characters (here an escape and a vertical tab);
    # the answer is accepted, and the spreadsheet cannot hold them.
    from kuulu.surveys import services

    survey = make_survey(org.county, anonymous=True)
    add_question(survey, "comment", K.SHORT_TEXT)
    services.submit_answers(survey=survey, raw={"comment": "hyvä\x1b[0m palvelu\x0bkiitos"})
    services.submit_answers(survey=survey, raw={"comment": "\x1b=SUM(1)"})

    response = clients["coordinator"].get(_url("surveys:responses_export_xlsx", survey))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[1][-1] == "hyvä[0m palvelukiitos"
    assert values[2][-1] == "'=SUM(1)"  # what was left after stripping is no formula either
    csv_rows = _csv(clients["coordinator"].get(_url("surveys:responses_export_csv", survey)))
    assert csv_rows[1][-1] == "hyvä\x1b[0m palvelu\x0bkiitos"  # the CSV keeps the answer as given


def test_anonymous_export_gives_the_local_day_of_submission(clients, org, monkeypatch):
    # Submitted at 00:30 in Helsinki, 22:30 UTC the day before: the day is the Finnish one.
    from datetime import UTC, datetime

    from django.utils import timezone

    from kuulu.surveys import services

    survey = make_survey(org.county, anonymous=True)
    add_question(survey, "comment", K.SHORT_TEXT)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 9, 22, 30, tzinfo=UTC))
    services.submit_answers(survey=survey, raw={"comment": "ok"})
    identified = make_survey(org.county, anonymous=False)
    add_question(identified, "comment", K.SHORT_TEXT)
    services.submit_answers(survey=identified, raw={"comment": "ok"})

    rows = _csv(clients["coordinator"].get(_url("surveys:responses_export_csv", survey)))
    assert rows[1][1] == "2026-03-10"
    rows = _csv(clients["coordinator"].get(_url("surveys:responses_export_csv", identified)))
    assert rows[1][1] == "2026-03-10T00:30:00+02:00"


def test_an_owner_who_is_no_longer_staff_no_longer_sees_results_or_exports(clients, org):
    # The owner left the staff and their person record was changed to a resident of the
    # county: the account has no staff role left, and so no owner's rights, as in the builder.
    survey = make_survey(org.county, owner=org.staff, anonymous=False)
    add_question(survey, "know", K.SINGLE, options=("a",))
    respond_many(survey, 5, {"know": "a"})
    assert clients["staff"].get(_url("surveys:responses_export_csv", survey)).status_code == 200
    org.staff_person.kind = "resident"
    org.staff_person.unit = None
    org.staff_person.save(update_fields=["kind", "unit"])
    before = AuditEvent.objects.filter(action="export").count()

    for name in (
        "surveys:results",
        "surveys:results_export_csv",
        "surveys:responses_export_csv",
        "surveys:responses_export_xlsx",
    ):
        assert client_for(org.staff).get(_url(name, survey)).status_code == 403, name
    assert AuditEvent.objects.filter(action="export").count() == before
