"""The staff wellbeing pulse beside the figures: the shipped instrument, the latest round with
answers from the unit's subtree, and nothing shown for fewer than five respondents."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from conftest import client_for
from kuulu.surveys import instruments
from kuulu.surveys.models import Answer, Instrument, Response, Survey
from kuulu.surveys.services import add_instrument, create_survey
from kuulu.workability import selectors
from kuulu.workability.selectors import PULSE_FILE, PULSE_KEY


def _pulse_survey(org, title: str) -> Survey:  # type: ignore[no-untyped-def]
    instrument = Instrument.objects.filter(key=PULSE_KEY).first() or instruments.store(
        instruments.parse(PULSE_FILE.read_text(encoding="utf-8"), "yaml")
    )
    survey = create_survey(
        county=org.county, owner=None, title_en=title, title_fi=title, audience="staff"
    )
    add_instrument(survey=survey, instrument=instrument, actor=None)
    return survey


def _answer(survey: Survey, unit, values: dict[str, int], days_ago: int = 1) -> None:  # type: ignore[no-untyped-def]
    when = timezone.now() - timedelta(days=days_ago)
    response = Response.objects.create(
        survey=survey,
        version=survey.current_version,
        status=Response.Status.SUBMITTED,
        submitted_at=when,
        unit=unit,
    )
    for question in survey.current_version.questions.filter(key__in=values):
        Answer.objects.create(
            response=response, question=question, number=Decimal(values[question.key])
        )


def test_the_pulse_is_a_shipped_instrument():
    data = instruments.parse(PULSE_FILE.read_text(encoding="utf-8"), "yaml")
    assert data.key == PULSE_KEY
    assert [i["kind"] for i in data.raw["items"]] == ["likert"] * 7
    assert all(set(i["text"]) >= {"fi", "sv", "en"} for i in data.raw["items"])


def test_fewer_than_five_answers_from_the_subtree_are_not_shown(org):
    survey = _pulse_survey(org, "Pulse")
    for _ in range(4):
        _answer(survey, org.team_a1, {"energy": 4, "workload": 2})
    for _ in range(6):
        _answer(survey, org.unit_b, {"energy": 1, "workload": 1})  # another area
    pulse = selectors.latest_pulse(org.unit_a)
    assert pulse.suppressed
    assert pulse.items == []
    assert selectors.latest_pulse(org.area_b).respondents == 6


def test_means_and_agreement_of_the_subtree(org):
    survey = _pulse_survey(org, "Pulse")
    for energy in (5, 4, 4, 2, 1):
        _answer(survey, org.team_a1, {"energy": energy, "workload": 3})
    _answer(survey, org.unit_b, {"energy": 1, "workload": 1})
    pulse = selectors.latest_pulse(org.unit_a)
    assert not pulse.suppressed
    assert pulse.respondents == 5
    by_text = {i.text: i for i in pulse.items}
    energy = by_text["I have the energy for my work."]
    assert (energy.mean, energy.agree_percent) == (Decimal("3.2"), 60)
    workload = by_text["My workload is reasonable."]
    assert (workload.mean, workload.agree_percent) == (Decimal("3.0"), 0)
    # A statement answered by fewer than five is shown as a dash.
    assert by_text["I get support from my manager when I need it."].mean is None


def test_the_latest_round_with_answers_is_shown(org):
    old = _pulse_survey(org, "Pulse 1")
    new = _pulse_survey(org, "Pulse 2")
    for _ in range(5):
        _answer(old, org.unit_a, {"energy": 5}, days_ago=200)
        _answer(new, org.unit_a, {"energy": 1}, days_ago=3)
    pulse = selectors.latest_pulse(org.unit_a)
    assert pulse.survey_title == "Pulse 2"
    assert pulse.items[0].mean == Decimal("1.0")


def test_other_surveys_are_not_the_pulse(org):
    create_survey(county=org.county, owner=None, title_en="Other", title_fi="Muu")
    assert selectors.latest_pulse(org.unit_a) is None


def test_a_unit_is_hidden_when_it_would_give_away_a_small_group_above(org):
    survey = _pulse_survey(org, "Pulse")
    for _ in range(6):
        _answer(survey, org.team_a1, {"energy": 5})
    for _ in range(3):
        _answer(survey, org.unit_a, {"energy": 1})  # the unit's own staff, outside the team
    above = selectors.latest_pulse(org.unit_a)
    assert (above.suppressed, above.respondents) == (False, 9)
    # Shown, the team's 6 answers taken from the unit's 9 would give the other 3's.
    team = selectors.latest_pulse(org.team_a1)
    assert (team.suppressed, team.protecting, team.items) == (True, True, [])
    page = client_for(org.coordinator).get(f"/en/workspace/work-ability/units/{org.team_a1.pk}/")
    assert "so that the answers of a small group cannot be worked out" in page.content.decode()
    assert "I have the energy for my work." not in page.content.decode()


def test_a_unit_is_shown_when_the_rest_above_it_is_big_enough_or_empty(org):
    survey = _pulse_survey(org, "Pulse")
    for _ in range(6):
        _answer(survey, org.team_a1, {"energy": 5})
    assert not selectors.latest_pulse(org.team_a1).suppressed  # nobody else under the unit
    for _ in range(5):
        _answer(survey, org.unit_a, {"energy": 1})
    team = selectors.latest_pulse(org.team_a1)
    assert (team.suppressed, team.protecting, team.respondents) == (False, False, 6)
