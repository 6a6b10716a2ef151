"""Reads for participatory budgeting pages. Vote counts never leave here while voting is open."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from kuulu.budgeting.models import (
    Ballot,
    Budget,
    Phase,
    Plan,
    Process,
    Proposal,
    ProposalComment,
)
from kuulu.organisation.models import County
from kuulu.surveys.stats import suppressed_groups


def public_processes() -> QuerySet[Process]:
    return Process.objects.filter(is_published=True).prefetch_related("phases")


@dataclass(frozen=True)
class OpenNow:
    """A process on the front page: its current phase and what residents can do in it."""

    process: Process
    phase: Phase | None


def open_now(limit: int = 3, county: County | None = None) -> list[OpenNow]:
    """Published processes with a phase on now, for the portal's front page (only `county`'s
    when given): one query."""
    from django.utils import timezone

    now = timezone.now()
    phases = Phase.objects.filter(process__is_published=True, starts_at__lte=now, ends_at__gt=now)
    if county is not None:
        phases = phases.filter(process__county=county)
    phases = phases.select_related("process").order_by("-process_id")[:limit]
    return [OpenNow(process=phase.process, phase=phase) for phase in phases]


def public_proposals(process: Process) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(process=process, is_hidden=False)
        .exclude(status=Proposal.Status.UNVERIFIED)
        .select_related("municipality", "merged_into")
        .order_by("-support_count", "-created_at")
    )


def visible_comments(proposal: Proposal) -> QuerySet[ProposalComment]:
    return proposal.comments.filter(is_hidden=False).select_related("author")


def budgets_of(process: Process) -> QuerySet[Budget]:
    return process.budgets.select_related("municipality").prefetch_related(
        Prefetch("plans", queryset=Plan.objects.order_by("title", "id"))
    )


def moderation_queue(process: Process) -> dict[str, Any]:
    return {
        "proposals": Proposal.objects.filter(process=process)
        .exclude(status__in=[Proposal.Status.MERGED, Proposal.Status.UNVERIFIED])
        .select_related("municipality", "responsible_unit")
        .order_by("status", "-created_at"),
        "comments": ProposalComment.objects.filter(proposal__process=process)
        .select_related("proposal")
        .order_by("-created_at")[:100],
    }


@dataclass(frozen=True)
class TurnoutRow:
    label: str
    count: int | None  # None: fewer than the smallest group shown


@dataclass(frozen=True)
class Turnout:
    total: int
    online: int
    paper: int
    by_area: list[TurnoutRow]
    by_age: list[TurnoutRow]
    by_language: list[TurnoutRow]
    min_group: int  # groups under this size are hidden


def _rows(counter: Counter, labels: dict[str, str] | None = None) -> list[TurnoutRow]:
    sizes = dict(sorted(counter.items()))
    hidden = suppressed_groups(sizes, min_group=settings.KUULU_MIN_GROUP_SIZE)
    return [
        TurnoutRow(
            label=(labels or {}).get(key, key) or "-",
            count=None if key in hidden else value,
        )
        for key, value in sizes.items()
    ]


def _language_labels() -> dict[str, str]:
    """Names for the language column in the page's language; paper ballots record none."""
    return {code: str(name) for code, name in settings.LANGUAGES} | {"paper": _("on paper")}


def turnout(budget: Budget) -> Turnout:
    """Ballots counted (online submitted and paper) by area, age band and language, groups
    under KUULU_MIN_GROUP_SIZE suppressed (and the next smallest, so none can be worked out).
    The process's duplicate rule is applied first, as the count applies it: a person who voted
    online and on paper is one voter, never two."""
    from kuulu.budgeting.paper import counted_ballots

    reconciliation = counted_ballots(budget)
    online = list(
        Ballot.objects.filter(budget=budget, status=Ballot.Status.SUBMITTED)
        .exclude(voter_key__in=reconciliation.excluded_online_keys)
        .values("municipality_code", "age_band", "language")
        .annotate(n=Count("id"))
        .order_by()
    )
    paper_groups: Counter = Counter(
        (sheet.municipality_code, sheet.age_band) for sheet in reconciliation.counted_paper
    )
    paper = [
        {"municipality_code": area, "age_band": band, "n": n}
        for (area, band), n in paper_groups.items()
    ]
    area: Counter = Counter()
    age: Counter = Counter()
    language: Counter = Counter()
    for row in online:
        area[row["municipality_code"]] += row["n"]
        age[row["age_band"]] += row["n"]
        language[row["language"]] += row["n"]
    for row in paper:
        area[row["municipality_code"]] += row["n"]
        age[row["age_band"]] += row["n"]
        language["paper"] += row["n"]
    names = dict(budget.process.county.municipalities.values_list("code", "name"))
    n_online = sum(r["n"] for r in online)
    n_paper = sum(r["n"] for r in paper)
    return Turnout(
        total=n_online + n_paper,
        online=n_online,
        paper=n_paper,
        by_area=_rows(area, names),
        by_age=_rows(age),
        by_language=_rows(language, _language_labels()),
        min_group=settings.KUULU_MIN_GROUP_SIZE,
    )


def funded_plans(process: Process) -> list[Plan]:
    """Plans funded in their budget's published result, overrides applied (latest wins)."""
    plans = list(
        Plan.objects.filter(budget__process=process, budget__published_result__isnull=False)
        .select_related("responsible_unit", "budget")
        .prefetch_related("overrides", "results")
        .order_by("budget_id", "title", "id")
    )
    funded = []
    for plan in plans:
        overrides = sorted(plan.overrides.all(), key=lambda o: (o.at, o.id))
        if overrides:
            if overrides[-1].funded:
                funded.append(plan)
            continue
        run_id = plan.budget.published_result_id
        if any(r.run_id == run_id and r.funded for r in plan.results.all()):
            funded.append(plan)
    return funded
