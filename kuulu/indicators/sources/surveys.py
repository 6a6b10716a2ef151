"""Indicators from the surveys app: response rate and the inclusion instrument's score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from django.db import connection
from django.db.models import Case, Count, FloatField, Max, Q, Sum, Value, When
from django.db.models.functions import Cast

from kuulu.indicators.sources.common import (
    SCOPE_TABLES,
    amount,
    by_bucket,
    datetime_bucket,
    datetime_range_q,
    share,
    time_sum,
)
from kuulu.indicators.types import IndicatorValue, Period, Scope

# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = (
    "surveys_survey",
    "surveys_invitation",
    "surveys_response",
    "surveys_answer",
    "surveys_question",
    "surveys_page",
    "surveys_surveyversion",
    "surveys_instrument",
    "surveys_instrumentitem",
    *SCOPE_TABLES,
)

INCLUSION_INSTRUMENT = "thl-inclusion-indicator"


def response_scope_q(scope: Scope, prefix: str = "") -> Q:
    """Responses in the scope, by the unit, service area and municipality stored on them."""
    q = Q()
    if scope.unit_path:
        q &= Q(**{f"{prefix}unit__path__startswith": scope.unit_path})
    if scope.service_area_id:
        q &= Q(**{f"{prefix}service_area_id": scope.service_area_id}) | Q(
            **{f"{prefix}unit__path__startswith": f"{scope.service_area_id}/"}
        )
    if scope.municipality_id:
        q &= Q(**{f"{prefix}municipality_id": scope.municipality_id})
    return q


def _response_rate(county_id: int, periods: Sequence[Period]) -> list[IndicatorValue]:
    from kuulu.surveys.models import Invitation, Response

    invited = by_bucket(
        Invitation.objects.filter(
            datetime_range_q("survey__closes_at", periods),
            survey__county_id=county_id,
            sent_at__isnull=False,
        )
        .annotate(bucket=datetime_bucket("survey__closes_at", periods))
        .values("bucket")
        .annotate(n=Count("id")),
        len(periods),
    )
    responded = by_bucket(
        Response.objects.filter(
            datetime_range_q("survey__closes_at", periods),
            survey__county_id=county_id,
            status=Response.Status.SUBMITTED,
            invitation__sent_at__isnull=False,
        )
        .annotate(bucket=datetime_bucket("survey__closes_at", periods))
        .values("bucket")
        .annotate(n=Count("id")),
        len(periods),
    )
    return [
        share("survey_response_rate", r.get("n", 0), i.get("n", 0))
        for i, r in zip(invited, responded, strict=True)
    ]


def _inclusion(county_id: int, scope: Scope, periods: Sequence[Period]) -> list[IndicatorValue]:
    from kuulu.surveys import scoring
    from kuulu.surveys.models import Answer, Instrument

    histograms: list[dict[float, int]] = [{} for _ in periods]
    instruments = Instrument.objects.filter(key=INCLUSION_INSTRUMENT).filter(
        Q(county__isnull=True) | Q(county_id=county_id)
    )
    for instrument_id, rule_data in instruments.values_list("id", "scoring"):
        try:
            rule = scoring.parse_rule(rule_data or {})
        except scoring.RuleError:
            continue
        value = Cast("number", FloatField())
        if rule.reverse:
            value = Case(
                When(
                    question__instrument_item__key__in=list(rule.reverse),
                    then=Value(rule.scale_min + rule.scale_max) - Cast("number", FloatField()),
                ),
                default=Cast("number", FloatField()),
                output_field=FloatField(),
            )
        inner = (
            Answer.objects.filter(
                datetime_range_q("response__submitted_at", periods),
                response_scope_q(scope, "response__"),
                question__instrument_item__instrument_id=instrument_id,
                question__instrument_item__key__in=list(rule.items),
                number__isnull=False,
                response__status="submitted",
                response__survey__county_id=county_id,
            )
            .annotate(bucket=datetime_bucket("response__submitted_at", periods))
            .values("response_id", "bucket")
            .annotate(total=Sum(value), answered=Count("*"))
            .values("bucket", "total", "answered")
        )
        sql, params = inner.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT bucket, total, answered, COUNT(*) FROM ("  # noqa: S608 - Django-built SQL
                + sql
                + ") AS per_response GROUP BY bucket, total, answered",
                params,
            )
            plain = replace(rule, reverse=())
            for bucket, total, answered, n in cursor.fetchall():
                if bucket is None or not answered:
                    continue
                # A score depends only on the sum and the number answered (see surveys.results).
                mean = float(total) / int(answered)
                score = scoring.score(plain, dict.fromkeys(rule.items[: int(answered)], mean))
                if score is not None:
                    h = histograms[int(bucket)]
                    h[score] = h.get(score, 0) + n
    out = []
    for h in histograms:
        n = sum(h.values())
        mean = sum(v * c for v, c in h.items()) / n if n else None
        out.append(amount("survey_inclusion_score", mean, persons=n))
    return out


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    return {
        "survey_response_rate": _response_rate(county_id, periods),
        "survey_inclusion_score": _inclusion(county_id, scope, periods),
    }


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.surveys.models import Invitation, Response, Survey

    surveys = Survey.objects.filter(county_id=county_id).aggregate(
        n=Count("id"), changed=Max("updated_at"), closes=time_sum("closes_at")
    )
    invitations = Invitation.objects.filter(survey__county_id=county_id).aggregate(
        n=Count("id"), sent=Count("sent_at"), sent_sum=time_sum("sent_at")
    )
    responses = Response.objects.filter(survey__county_id=county_id).aggregate(
        n=Count("id"),
        last=Max("id"),
        submitted=Count("submitted_at"),
        submitted_sum=time_sum("submitted_at"),
        units=Sum("unit_id"),
        areas=Sum("service_area_id"),
        municipalities=Sum("municipality_id"),
    )
    return tuple(surveys.values()) + tuple(invitations.values()) + tuple(responses.values())
