"""What needs attention: one queue across modules on the workspace home.

Each app that has something to put there writes an `attention.py` module with providers
registered by `@provider`; the workspace autodiscovers them at start-up (WorkspaceConfig.ready),
so a new module plugs in without changing this one. A provider takes the actor and today's date
and returns items; it must run a fixed, small number of queries (counts over indexed columns),
since the home page runs every provider on every visit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from django.utils.functional import Promise

from kuulu.organisation.access import Actor


class Urgency(IntEnum):
    """Lower is more urgent; the queue is sorted by urgency, then due date."""

    OVERDUE = 0
    DUE_SOON = 1
    TO_DO = 2


@dataclass(frozen=True)
class AttentionItem:
    key: str  # stable id, e.g. "feedback-overdue"
    label: str | Promise  # a full sentence-like label, translated, without the count
    count: int
    url: str
    urgency: Urgency
    due: date | None = None  # the earliest due date among the items counted, if any


Provider = Callable[[Actor, date], list[AttentionItem]]

_providers: list[Provider] = []


def provider(func: Provider) -> Provider:
    """Register an attention provider (use as a decorator in an app's attention.py)."""
    if func not in _providers:
        _providers.append(func)
    return func


def registered_providers() -> list[Provider]:
    return list(_providers)


def urgency_for(due: date | None, *, today: date, soon_days: int = 3) -> Urgency:
    """Overdue when the due date has passed, due soon within `soon_days`, else to do."""
    if due is None:
        return Urgency.TO_DO
    if due < today:
        return Urgency.OVERDUE
    if (due - today).days <= soon_days:
        return Urgency.DUE_SOON
    return Urgency.TO_DO


def collect(actor: Actor, today: date) -> list[AttentionItem]:
    """Every provider's items for this actor, most urgent first (urgency, then due date; items
    without a due date last within their urgency). Items with a count of 0 are left out."""
    items: list[AttentionItem] = []
    for func in registered_providers():
        items.extend(item for item in func(actor, today) if item.count > 0)
    return sorted(items, key=lambda i: (i.urgency, i.due or date.max, i.key))
