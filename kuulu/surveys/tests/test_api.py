"""Surveys API: schema and submission, validated like the web form."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kuulu.surveys import services
from kuulu.surveys.models import Invitation, Response
from kuulu.surveys.tests.factories import add_question, make_survey

pytestmark = pytest.mark.django_db


def _survey(county, **data):  # type: ignore[no-untyped-def]
    survey = make_survey(county, **data)
    role = add_question(survey, kind="single", key="role", required=True)
    add_question(survey, kind="matrix", key="grid")
    page2 = services.add_page(survey=survey, actor=None)
    add_question(survey, kind="scale_0_10", key="nps", page=page2, required=True)
    services.add_condition(
        survey=survey,
        source=role,
        operator="in",
        values=["a", "b"],
        target_page=page2,
        actor=None,
    )
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    return survey


def _post(client, survey, body):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/surveys/{survey.pk}/responses", json.dumps(body), content_type="application/json"
    )


def test_schema_of_a_published_survey(org):
    survey = _survey(org.county)
    response = Client().get(f"/api/v1/surveys/{survey.pk}?language=en")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert body["accepting_answers"] is True
    assert [p["position"] for p in body["pages"]] == [0, 1]
    assert body["pages"][1]["conditions"] == [
        {"source": "role", "operator": "in", "values": ["a", "b"]}
    ]
    role = body["pages"][0]["questions"][0]
    assert role["key"] == "role"
    assert role["text"] == "Question role"
    assert [c["value"] for c in role["choices"]] == ["a", "b", "c"]
    grid = body["pages"][0]["questions"][1]
    assert [r["value"] for r in grid["rows"]] == ["r1", "r2"]
    assert [p["value"] for p in grid["scale"]] == [1, 2, 3, 4, 5]
    nps = body["pages"][1]["questions"][0]
    assert [p["value"] for p in nps["scale"]] == list(range(11))


def test_draft_schema_is_not_found(org):
    survey = make_survey(org.county)
    assert Client().get(f"/api/v1/surveys/{survey.pk}").status_code == 404


def test_post_a_response(org):
    survey = _survey(org.county)
    response = _post(
        Client(), survey, {"answers": {"role": "a", "grid": {"r1": 5}, "nps": 9}, "language": "en"}
    )
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert response.json()["id"] is None  # anonymous survey
    stored = Response.objects.get()
    assert sorted(stored.answers.values_list("question__key", "number")) == [
        ("grid", 5),
        ("nps", 9),
        ("role", None),
    ]


def test_invalid_answers_get_422_per_question_and_nothing_is_saved(org):
    survey = _survey(org.county)
    response = _post(
        Client(),
        survey,
        {"answers": {"role": "zz", "grid": {"r1": 9}, "nps": 11, "extra": 1}, "language": "en"},
    )
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["errors"]}
    assert errors == {
        ("body", "answers", "role"): "Choose one of the options given.",
        ("body", "answers", "grid"): "Choose a value from 1 to 5.",
        ("body", "answers", "extra"): "This survey has no such question.",
    }
    assert Response.objects.count() == 0


def test_hidden_page_is_not_required_and_its_answers_discarded(org):
    survey = _survey(org.county)
    response = _post(Client(), survey, {"answers": {"role": "c", "nps": 42}})
    assert response.status_code == 201
    assert list(Response.objects.get().answers.values_list("question__key", flat=True)) == ["role"]


def test_required_question_missing(org):
    survey = _survey(org.county)
    response = _post(Client(), survey, {"answers": {"role": "a"}, "language": "en"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "loc": ["body", "answers", "nps"],
            "msg": "This question needs an answer.",
            "type": "value_error",
        }
    ]


def test_closed_survey_gives_409(org):
    survey = _survey(org.county)
    services.close_survey(survey=survey, actor=None)
    response = _post(Client(), survey, {"answers": {"role": "c"}, "language": "en"})
    assert response.status_code == 409
    assert response.json()["message"] == "This survey is closed and no longer takes answers."


def test_invitation_survey_needs_its_token_and_answers_once(org):
    survey = _survey(org.county, audience="invitation")
    services.invite_emails(survey=survey, emails=["a@example.test"], language="fi", actor=None)
    invitation = Invitation.objects.get()
    token = services.issue_invitation_token(invitation.pk)
    client = Client()
    assert _post(client, survey, {"answers": {"role": "c"}}).status_code == 403
    assert _post(client, survey, {"answers": {"role": "c"}, "token": "wrong"}).status_code == 403
    assert client.get(f"/api/v1/surveys/{survey.pk}").status_code == 403
    assert client.get(f"/api/v1/surveys/{survey.pk}?token={token}").status_code == 200
    first = _post(client, survey, {"answers": {"role": "c"}, "token": token})
    assert first.status_code == 201
    second = _post(client, survey, {"answers": {"role": "b", "nps": 1}, "token": token})
    assert second.status_code == 409
    assert Response.objects.count() == 1
    assert list(Response.objects.get().answers.values_list("choice__value", flat=True)) == ["c"]


def test_staff_survey_is_answered_by_eligible_staff_only(org, clients):
    survey = _survey(org.county, audience="staff", units=[org.unit_a], anonymous=False)
    assert _post(clients["anonymous"], survey, {"answers": {"role": "c"}}).status_code == 403
    assert _post(clients["other_staff"], survey, {"answers": {"role": "c"}}).status_code == 403
    ok = _post(clients["staff"], survey, {"answers": {"role": "c"}})
    assert ok.status_code == 201
    assert ok.json()["id"] == Response.objects.get().pk
    again = _post(clients["staff"], survey, {"answers": {"role": "c"}})
    assert again.status_code == 409


def test_unknown_body_fields_are_refused(org):
    survey = _survey(org.county)
    response = _post(Client(), survey, {"answers": {}, "surprise": 1})
    assert response.status_code == 422
    assert Response.objects.count() == 0


def test_ranking_answers_that_are_not_option_values_are_a_422_not_a_500(org):
    survey = make_survey(org.county)
    add_question(survey, kind="ranking", key="order", required=True)
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    for bad in ([{"x": 1}, ["a"], "c"], [["a"], "b", "c"], [1, "b", "c"]):
        response = _post(Client(), survey, {"answers": {"order": bad}, "language": "en"})
        assert response.status_code == 422, bad
        assert [e["loc"] for e in response.json()["errors"]] == [["body", "answers", "order"]]
    assert Response.objects.count() == 0


def test_anonymous_answers_keep_only_the_day(org):
    from django.utils import timezone

    survey = _survey(org.county, anonymous=True)
    response = _post(Client(), survey, {"answers": {"role": "a", "nps": 9}, "language": "en"})
    assert response.status_code in (200, 201)
    saved = Response.objects.get()
    local = timezone.localtime(saved.submitted_at)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    assert saved.user_id is None


def test_text_with_a_lone_surrogate_is_an_answer_error(org):
    """JSON may escape a lone surrogate ("\\ud800"); Python keeps it in the string, and storing
    it failed with UnicodeEncodeError, a 500, on every database."""
    survey = make_survey(org.county)
    add_question(survey, kind="short_text", key="why")
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    response = Client().post(
        f"/api/v1/surveys/{survey.pk}/responses",
        '{"answers": {"why": "a\\ud800b", "\\udfff": "x"}, "language": "en"}',
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["errors"]}
    assert errors == {
        ("body", "answers", "why"): "Enter text.",
        ("body", "answers", "\udfff"): "This survey has no such question.",
    }
    assert Response.objects.count() == 0


def test_throttled_responses_are_told_so_in_the_callers_language(org, settings):
    settings.PUBLIC_FORM_LIMIT = "1/m"
    survey = _survey(org.county)
    body = json.dumps({"answers": {"role": "c"}})
    url = f"/api/v1/surveys/{survey.pk}/responses"
    client = Client(HTTP_ACCEPT_LANGUAGE="fi")
    assert client.post(url, body, content_type="application/json").status_code == 201
    throttled = client.post(url, body, content_type="application/json")
    assert throttled.status_code == 429
    assert throttled.json()["message"] == (
        "Samasta osoitteesta on tullut liian monta vastausta. Odota hetki ja yritä uudelleen."
    )
