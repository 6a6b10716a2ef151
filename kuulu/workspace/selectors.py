"""Reads for the staff workspace."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import get_language

from kuulu.core.models import AuditEvent
from kuulu.indicators.types import IndicatorValue, Period, Scope
from kuulu.organisation.access import Actor
from kuulu.organisation.models import Person
from kuulu.portal.models import AccessibilityFeedback
from kuulu.workspace import attention
from kuulu.workspace.attention import AttentionItem

logger = logging.getLogger(__name__)


def search_audit_log(
    *,
    object_type: str = "",
    object_id: str = "",
    actor_id: int | None = None,
    action: str = "",
    since: date | None = None,
    until: date | None = None,
    county_id: int | None = None,
    limit: int = 200,
) -> list[AuditEvent]:
    """The newest matching audit events; with `county_id`, only those whose actor is a person of
    that county (`access.audit_log_county`)."""
    qs: QuerySet[AuditEvent] = AuditEvent.objects.all()
    if county_id is not None:
        qs = qs.filter(
            actor_id__in=Person.objects.filter(county_id=county_id, user__isnull=False).values(
                "user_id"
            )
        )
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if action:
        qs = qs.filter(action=action)
    if since:
        qs = qs.filter(occurred_at__date__gte=since)
    if until:
        qs = qs.filter(occurred_at__date__lte=until)
    return list(qs.order_by("-occurred_at", "-id")[:limit])


def audit_object_types() -> list[str]:
    return list(
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )


def open_accessibility_feedback(*, county_id: int | None) -> QuerySet[AccessibilityFeedback]:
    """The accessibility feedback of one county (`county_id`), or of all (None)."""
    items = AccessibilityFeedback.objects.order_by("status", "due_date", "id")
    if county_id is not None:
        items = items.filter(county_id=county_id)
    return items


# --- The home: what needs attention and key indicators ----------------------------------------

# A handful of indicators a manager or coordinator wants on the home page (codes of
# kuulu.indicators.catalogue); those the catalogue does not know are left out.
HOME_INDICATOR_CODES = [
    "feedback_on_time",
    "feedback_median_days",
    "feedback_nps",
    "complaints_on_time",
    "training_on_time",
    "survey_response_rate",
]


def attention_queue(*, actor: Actor, today: date) -> list[AttentionItem]:
    """One queue across modules for this person, most urgent first."""
    return attention.collect(actor, today)


@dataclass(frozen=True)
class KeyIndicator:
    code: str
    name: str
    text: str  # the value formatted in the current language ("no data" when none)


@dataclass(frozen=True)
class KeyIndicators:
    for_county: bool  # the whole county (coordinators), else the manager's unit subtree
    period: Period
    rows: list[KeyIndicator]


def key_indicator_scope(actor: Actor) -> Scope | None:
    """The manager's unit subtree or, for coordinators, the county; nothing for others."""
    if actor.county_id is None:
        return None
    if actor.is_coordinator:
        return Scope(county_id=actor.county_id)
    if actor.is_manager and actor.unit_path:
        return Scope(county_id=actor.county_id, unit_path=actor.unit_path)
    return None


# The home shows the key indicators from its own short cache: checking whether the indicators'
# cache is still valid reads the source tables (over half a second over a million feedback
# rows), too slow for a page every manager opens many times a day. Five minutes old is fine
# for figures over twelve months (the feedback dashboard caches as long).
KEY_INDICATOR_CACHE_SECONDS = 300


def key_indicators(
    *, actor: Actor, today: date, codes: list[str] | None = None
) -> KeyIndicators | None:
    """The key indicators of the actor's scope over the last 12 months, or None when the actor
    has no scope or the indicators app cannot answer yet."""
    scope = key_indicator_scope(actor)
    if scope is None:
        return None
    key = ":".join(
        [
            "workspace-key-indicators",
            str(scope.county_id),
            scope.unit_path or "",
            today.isoformat(),
            get_language() or "",
            ",".join(codes or HOME_INDICATOR_CODES),
        ]
    )
    found = cache.get(key)
    if found is None:
        found = _key_indicators(scope=scope, today=today, codes=codes) or "none"
        cache.set(key, found, KEY_INDICATOR_CACHE_SECONDS)
    return None if found == "none" else found


def _key_indicators(*, scope: Scope, today: date, codes: list[str] | None) -> KeyIndicators | None:
    try:
        from kuulu.indicators import selectors as indicators

        catalogue = indicators.indicator_catalogue
    except (ImportError, AttributeError):  # pragma: no cover - not there yet: show nothing
        return None
    wanted = codes or HOME_INDICATOR_CODES
    defs = {d.code: d for d in catalogue(county_id=scope.county_id)}
    known = [code for code in wanted if code in defs]
    if not known:
        return None
    period = Period(today - timedelta(days=364), today)
    try:
        values = indicators.indicator_values(scope=scope, period=period, codes=known, today=today)
    except Exception:
        # The home's job is the queue: a failing indicator source is logged and the figures
        # are left out rather than taking the whole page down.
        logger.exception("key indicators failed for the workspace home")
        return None
    rows = [
        KeyIndicator(
            code=code,
            name=str(defs[code].name),
            text=indicators.format_value(
                values.get(code) or IndicatorValue(code, None), defs[code].unit
            ),
        )
        for code in known
    ]
    return KeyIndicators(for_county=scope.unit_path is None, period=period, rows=rows)
