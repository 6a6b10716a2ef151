"""Test data for assisted participation, built with the services the product uses."""

from __future__ import annotations

from typing import Any

from kuulu.assisted.services import Consent, Visit
from kuulu.organisation.models import County, Person
from kuulu.surveys import services as survey_services
from kuulu.surveys.models import Survey
from kuulu.surveys.tests.factories import add_question, make_survey


def make_visit(
    org: Any,
    *,
    resident: Person | None = None,
    staff: Any = None,
    unit: Any = None,
    method: str = "spoken",
    representative_name: str = "",
    note: str = "",
) -> Visit:
    return Visit(
        staff_user=staff or org.staff,
        unit=unit or org.team_a1,
        resident=resident,
        consent=Consent(method=method, representative_name=representative_name, note=note),
    )


def open_paper_survey(county: County, *, anonymous: bool = True) -> Survey:
    """A public survey with a required single choice (`q1`) and an optional text (`c`)."""
    survey = make_survey(county, audience=Survey.Audience.PUBLIC, anonymous=anonymous)
    add_question(survey, kind="single", key="q1", required=True)
    add_question(survey, kind="short_text", key="c")
    survey_services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    return survey
