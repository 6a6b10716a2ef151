"""Indicators from the outcomes app (helper C's selectors, imported lazily): the share of
outcomes with a council statement, and the share of inputs with a traced outcome.

Until `kuulu.outcomes.selectors` has the functions, the figures are "no data". The inputs come
from every registered input adapter (kuulu/outcomes/inputs.py), so the fingerprint includes each
counted kind's (`selectors.inputs_fingerprint`, one query for them all), and, through `DEPENDS`,
the fingerprints of the source modules of the same apps, which also see bulk updates. The
feedback items are left to the feedback source's fingerprint (`FINGERPRINTED_BY_DEPENDS`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max

from kuulu.indicators.sources.common import SCOPE_TABLES, share
from kuulu.indicators.types import IndicatorValue, Period, Scope

DEPENDS = ("feedback", "surveys", "panels", "channels", "deliberation")
# The feedback source fingerprints the feedback items (on PostgreSQL through their change log):
# an aggregate over them here would scan a million rows on every read.
FINGERPRINTED_BY_DEPENDS = ("feedback",)
# The tables the registered input adapters read (kuulu/outcomes/inputs.py and the apps'
# `outcome_inputs.py`), for `WATCHES`.
INPUT_TABLES = (
    "assessments_assessment",
    "assessments_dialogue",
    "budgeting_process",
    "budgeting_proposal",
    "channels_channel",
    "channels_statement",
    "channels_statementrequest",
    "codevelopment_evaluation",
    "codevelopment_experiment",
    "codevelopment_experiment_units",
    "codevelopment_goodpractice",
    "deliberation_conversation",
    "feedback_feedback",
    "feedback_initiative",
    "methods_methoduse",
    "panels_panel",
    "questions_question",
    "surveys_question",
    "surveys_survey",
    "surveys_survey_units",
    "surveys_surveyversion",
)


# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = ("outcomes_outcome", "outcomes_outcomeinput", *SCOPE_TABLES, *INPUT_TABLES)


def _selectors():  # type: ignore[no-untyped-def]
    try:
        from kuulu.outcomes import selectors
    except ImportError:  # pragma: no cover
        return None
    return selectors


def _unit_path(scope: Scope) -> str | bool | None:
    if scope.municipality_id or (scope.unit_path and scope.service_area_id):
        return False
    if scope.service_area_id:
        return f"{scope.service_area_id}/"
    return scope.unit_path


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    selectors = _selectors()
    unit_path = _unit_path(scope)
    spans = [(p.start, p.end) for p in periods]
    # All the periods at once: one aggregate query per input kind (and one for the council).
    if selectors is not None and hasattr(selectors, "council_statement_share_by_period"):
        council = [
            share("outcomes_council_statement", n, d, persons=False)
            for n, d in selectors.council_statement_share_by_period(
                county_id=county_id, periods=spans
            )
        ]
    else:
        council = [IndicatorValue("outcomes_council_statement", None) for _ in periods]
    if (
        selectors is not None
        and hasattr(selectors, "traced_input_share_by_period")
        and unit_path is not False
    ):
        traced = [
            share("inputs_traced_share", n, d, persons=False)
            for n, d in selectors.traced_input_share_by_period(
                county_id=county_id, periods=spans, unit_path=unit_path or None
            )
        ]
    else:
        traced = [IndicatorValue("inputs_traced_share", None) for _ in periods]
    return {"outcomes_council_statement": council, "inputs_traced_share": traced}


def fingerprint(*, county_id: int) -> tuple | None:
    try:
        from kuulu.outcomes.models import Outcome, OutcomeInput
    except ImportError:  # pragma: no cover
        return None
    a = Outcome.objects.filter(county_id=county_id).aggregate(
        n=Count("id"), changed=Max("updated_at"), decided=Max("decided_on")
    )
    b = OutcomeInput.objects.filter(outcome__county_id=county_id).aggregate(
        n=Count("id"), last=Max("id")
    )
    selectors = _selectors()
    inputs = (
        selectors.inputs_fingerprint(county_id=county_id, skip=FINGERPRINTED_BY_DEPENDS)
        if selectors is not None and hasattr(selectors, "inputs_fingerprint")
        else ()
    )
    return tuple(a.values()) + tuple(b.values()) + inputs
