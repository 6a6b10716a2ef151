from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kuulu.feedback.tests.factories import make_feedback, make_initiative
from kuulu.outcomes import selectors
from kuulu.outcomes.models import Outcome
from kuulu.outcomes.tests.factories import link, make_outcome, make_statement

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=HELSINKI)


def test_traced_input_share_counts_linked_inputs_received_in_the_period(org):
    # given three feedback items in March and one in April, and an initiative in March
    march = [
        make_feedback(
            org.county, org.unit_a, text=f"Palaute {n}", received_at=_at(date(2026, 3, n))
        )
        for n in (2, 3, 4)
    ]
    april = make_feedback(
        org.county, org.unit_b, text="Huhtikuu", received_at=_at(date(2026, 4, 2))
    )
    initiative = make_initiative(org.county)
    initiative.received_at = _at(date(2026, 3, 10))
    initiative.save(update_fields=["received_at"])
    outcome = make_outcome(org.county)
    link(outcome, "feedback", march[0])
    link(outcome, "feedback", april)
    link(outcome, "initiative", initiative)
    other = make_outcome(org.county)
    link(other, "feedback", march[0])  # linked twice, counted once

    # when
    share = selectors.traced_input_share(
        county_id=org.county.pk, start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    unit_share = selectors.traced_input_share(
        county_id=org.county.pk,
        start=date(2026, 3, 1),
        end=date(2026, 4, 30),
        unit_path=org.unit_b.path,
    )

    # then
    assert share == (2, 4)
    assert unit_share == (1, 1)


def test_council_statement_share_and_counts_by_status(org):
    statement = make_statement(org.county, date(2026, 2, 1))
    with_statement = make_outcome(org.county, decided_on=date(2026, 3, 1))
    link(with_statement, "council_statement", statement)
    make_outcome(org.county, decided_on=date(2026, 3, 5), status="in_progress")
    make_outcome(org.county, decided_on=date(2025, 3, 5), status="done")

    assert selectors.council_statement_share(
        county_id=org.county.pk, start=date(2026, 1, 1), end=date(2026, 12, 31)
    ) == (1, 2)
    assert selectors.outcome_counts_by_status(county_id=org.county.pk) == {
        "planned": 1,
        "in_progress": 1,
        "done": 1,
        "not_done": 0,
    }
    assert selectors.outcome_counts_by_status(
        county_id=org.county.pk, start=date(2026, 1, 1), end=date(2026, 12, 31)
    ) == {"planned": 1, "in_progress": 1, "done": 0, "not_done": 0}


def test_published_outcomes_are_those_published_and_decided_in_the_period(org):
    shown = make_outcome(org.county, decided_on=date(2026, 5, 1))
    Outcome.objects.filter(pk=shown.pk).update(is_published=True)
    make_outcome(org.county, decided_on=date(2026, 5, 2))  # not published
    old = make_outcome(org.county, decided_on=date(2024, 5, 2))
    Outcome.objects.filter(pk=old.pk).update(is_published=True)

    result = selectors.published_outcomes(
        county_id=org.county.pk, start=date(2026, 1, 1), end=date(2026, 12, 31)
    )

    assert [o.pk for o in result] == [shown.pk]


def test_the_by_period_shares_equal_the_per_period_ones_exactly(org):
    # given inputs of every counted kind over three months, some linked, a survey linked through
    # a question and in two units (counted once), and an outcome decided in each month
    from kuulu.panels.tests.factories import make_panel
    from kuulu.surveys.tests.factories import add_question, make_survey

    items = [
        make_feedback(org.county, unit, text=f"Palaute {n}", received_at=_at(day))
        for n, (unit, day) in enumerate(
            [
                (org.unit_a, date(2026, 1, 1)),
                (org.unit_a, date(2026, 1, 31)),
                (org.unit_b, date(2026, 2, 1)),
                (org.unit_b, date(2026, 2, 28)),
                (org.unit_a, date(2026, 3, 31)),
                (org.unit_a, date(2026, 4, 1)),
            ]
        )
    ]
    early = datetime(2026, 2, 1, 0, 0, tzinfo=HELSINKI)  # the first instant of February
    items.append(make_feedback(org.county, org.unit_a, text="Yö", received_at=early))
    initiative = make_initiative(org.county)
    initiative.received_at = _at(date(2026, 3, 10))
    initiative.save(update_fields=["received_at"])
    survey = make_survey(org.county, owner=org.coordinator)
    question = add_question(survey, kind="short_text", key="q1")
    survey.closes_at = datetime(2026, 2, 15, 12, tzinfo=HELSINKI)
    survey.save(update_fields=["closes_at"])
    survey.units.set([org.unit_a, org.unit_b])
    make_survey(org.county, closes_at=datetime(2026, 1, 20, 12, tzinfo=HELSINKI))
    panel = make_panel(org.county)
    panel.statement_date = date(2026, 3, 3)
    panel.save(update_fields=["statement_date"])
    statement = make_statement(org.county, date(2026, 1, 5))
    outcomes = [make_outcome(org.county, decided_on=date(2026, m, 10)) for m in (1, 2, 3)]
    link(outcomes[0], "feedback", items[0])
    link(outcomes[0], "feedback", items[3])
    link(outcomes[1], "feedback", items[3])
    link(outcomes[1], "feedback", items[6])
    link(outcomes[1], "initiative", initiative)
    link(outcomes[1], "survey_question", question)
    link(outcomes[2], "panel_statement", panel)
    link(outcomes[2], "council_statement", statement)
    link(outcomes[0], "council_statement", statement)
    months = [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 31)),
    ]
    # overlapping and gapped periods too
    periods = [
        *months,
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 3, 31), date(2026, 4, 30)),
    ]
    county = org.county.pk

    for unit_path in (None, org.unit_a.path, org.unit_b.path, f"{org.area_a.pk}/"):
        # when
        together = selectors.traced_input_share_by_period(
            county_id=county, periods=periods, unit_path=unit_path
        )
        one_by_one = [
            selectors.traced_input_share(county_id=county, start=s, end=e, unit_path=unit_path)
            for s, e in periods
        ]
        # then
        assert together == one_by_one

    assert selectors.traced_input_share_by_period(county_id=county, periods=periods) == [
        (2, 4),  # January: items 0 (linked) and 1, the statement (linked), an unlinked survey
        (3, 4),  # February: items 2, 3 and 6 (two linked), the survey (through its question)
        (2, 3),  # March: item 4, the initiative and the panel (both linked)
        (7, 11),  # the quarter
        (0, 2),  # 31 March - 30 April: items 4 and 5, neither linked
    ]
    councils = selectors.council_statement_share_by_period(county_id=county, periods=periods)
    assert councils == [
        selectors.council_statement_share(county_id=county, start=s, end=e) for s, e in periods
    ]
    assert councils == [(1, 1), (0, 1), (1, 1), (2, 3), (0, 0)]
