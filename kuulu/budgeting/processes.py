"""Processes and their phases: which phase is on now and what it allows."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.budgeting.models import Phase, Process
from kuulu.core.audit import record_event
from kuulu.organisation.models import County

ORDER = [kind for kind, _label in Phase.Kind.choices]


def current_phase(process: Process, now: datetime | None = None) -> Phase | None:
    """The phase on now; between phases, none. Reads the prefetched phases when there are."""
    now = now or timezone.now()
    for phase in process.phases.all():
        if phase.starts_at <= now < phase.ends_at:
            return phase
    return None


def phase_of(process: Process, kind: str) -> Phase | None:
    for phase in process.phases.all():
        if phase.kind == kind:
            return phase
    return None


def is_in_phase(process: Process, kind: str, now: datetime | None = None) -> bool:
    phase = phase_of(process, kind)
    return phase is not None and phase.is_current(now)


def voting_open(process: Process, now: datetime | None = None) -> bool:
    return is_in_phase(process, Phase.Kind.VOTING, now)


def voting_closed(process: Process, now: datetime | None = None) -> bool:
    """Voting has ended (vote counts may be shown)."""
    phase = phase_of(process, Phase.Kind.VOTING)
    now = now or timezone.now()
    return phase is not None and now >= phase.ends_at


def proposals_open(process: Process, now: datetime | None = None) -> bool:
    return is_in_phase(process, Phase.Kind.PROPOSALS, now)


def discussion_open(process: Process, now: datetime | None = None) -> bool:
    """Comments and support are open from the proposals phase until voting starts."""
    phase = phase_of(process, Phase.Kind.VOTING)
    proposals = phase_of(process, Phase.Kind.PROPOSALS)
    now = now or timezone.now()
    if proposals is None or now < proposals.starts_at:
        return False
    return phase is None or now < phase.starts_at


def check_phases(phases: list[dict[str, Any]]) -> None:
    """Dates in order and not overlapping: the phases follow each other."""
    errors = []
    ordered = sorted(phases, key=lambda p: ORDER.index(p["kind"]))
    for phase in ordered:
        if phase["ends_at"] <= phase["starts_at"]:
            errors.append(
                _("%(phase)s: a phase must end after it starts.")
                % {"phase": Phase.Kind(phase["kind"]).label}
            )
    for before, after in itertools.pairwise(ordered):
        if after["starts_at"] < before["ends_at"]:
            errors.append(
                _("%(later)s starts before %(earlier)s ends.")
                % {
                    "later": Phase.Kind(after["kind"]).label,
                    "earlier": Phase.Kind(before["kind"]).label,
                }
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_process(
    *,
    county: County,
    title: str,
    starts_at: datetime,
    days: dict[str, int] | None = None,
    actor: Any = None,
    **fields: Any,
) -> Process:
    """A process with all seven phases back to back from `starts_at` (default lengths in days,
    editable afterwards)."""
    lengths = {
        "information": 14,
        "proposals": 30,
        "review": 21,
        "codevelopment": 30,
        "voting": 14,
        "results": 7,
        "implementation": 365,
    } | (days or {})
    process = Process.objects.create(county=county, title=title, **fields)
    start = starts_at
    rows = []
    for kind in ORDER:
        end = start + timedelta(days=lengths[kind])
        rows.append(Phase(process=process, kind=kind, starts_at=start, ends_at=end))
        start = end
    Phase.objects.bulk_create(rows)
    record_event(action="create", obj=process, actor=actor, summary="budgeting process created")
    return process


@transaction.atomic
def set_phase_dates(
    *, process: Process, dates: dict[str, tuple[datetime, datetime]], actor: Any = None
) -> None:
    """Change phase dates; all or nothing."""
    process = Process.objects.select_for_update().get(pk=process.pk)
    phases = {p.kind: p for p in process.phases.all()}
    merged = [
        {
            "kind": kind,
            "starts_at": dates.get(kind, (p.starts_at, p.ends_at))[0],
            "ends_at": dates.get(kind, (p.starts_at, p.ends_at))[1],
        }
        for kind, p in phases.items()
    ]
    check_phases(merged)
    for row in merged:
        phase = phases[row["kind"]]
        phase.starts_at, phase.ends_at = row["starts_at"], row["ends_at"]
        phase.save(update_fields=["starts_at", "ends_at"])
    record_event(action="update", obj=process, actor=actor, summary="phase dates changed")


TEXT_FIELDS = tuple(
    f"{name}_{code}" for name in ("explanation", "what_you_can_do") for code in ("fi", "sv", "en")
)


@transaction.atomic
def edit_phases(*, process: Process, data: dict[str, dict[str, Any]], actor: Any = None) -> None:
    """Dates and public texts of the phases, all or nothing; dates must follow each other."""
    set_phase_dates(
        process=process,
        dates={kind: (row["starts_at"], row["ends_at"]) for kind, row in data.items()},
        actor=actor,
    )
    for phase in process.phases.all():
        row = data.get(phase.kind)
        if row is None:
            continue
        for name in TEXT_FIELDS:
            setattr(phase, name, (row.get(name) or "").strip())
        phase.save(update_fields=list(TEXT_FIELDS))
