"""Completion arithmetic for mandatory training, without Django: who is done, who is overdue,
and the counts rolled up the unit tree and grouped by role or municipality."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Learner:
    """One assigned person and when (if ever) they completed the assignment."""

    person_id: int
    unit_path: str  # materialised id path of the person's unit, e.g. "3/7/12/"
    is_manager: bool
    municipality_id: int | None
    done_on: date | None
    how: str = ""  # "course", "event" or "team"


@dataclass(frozen=True)
class Tally:
    key: object
    assigned: int
    done: int
    overdue: int

    @property
    def percent_done(self) -> int:
        """Rounded down, so 99.6 % is never shown as complete."""
        return (self.done * 100) // self.assigned if self.assigned else 0

    @property
    def not_done(self) -> int:
        return self.assigned - self.done


def is_overdue(learner: Learner, *, due_on: date, today: date) -> bool:
    return learner.done_on is None and today > due_on


def tally(learners: Iterable[Learner], *, key: object, due_on: date | None, today: date) -> Tally:
    assigned = done = overdue = 0
    for learner in learners:
        assigned += 1
        if learner.done_on is not None:
            done += 1
        elif due_on is not None and today > due_on:
            overdue += 1
    return Tally(key=key, assigned=assigned, done=done, overdue=overdue)


def group_by(
    learners: Iterable[Learner],
    key: Callable[[Learner], object],
    *,
    due_on: date | None,
    today: date,
) -> list[Tally]:
    """One tally per key value, in first-seen order of keys sorted by the caller."""
    groups: dict[object, list[Learner]] = {}
    for learner in learners:
        groups.setdefault(key(learner), []).append(learner)
    return [tally(rows, key=k, due_on=due_on, today=today) for k, rows in groups.items()]


def roll_up(
    learners: Iterable[Learner],
    unit_paths: dict[int, str],
    *,
    due_on: date | None,
    today: date,
) -> dict[int, Tally]:
    """For each unit id, the tally of everyone in its subtree (the unit and all below it).

    `unit_paths` maps unit id to its materialised path; a learner belongs to every unit whose
    path is a prefix of the learner's unit path. Units with nobody assigned get no entry."""
    ids_by_path = {path: unit_id for unit_id, path in unit_paths.items()}
    members: dict[int, list[Learner]] = {}
    for learner in learners:
        # Walk the learner's own path upwards: "3/7/12/" -> "3/", "3/7/", "3/7/12/".
        parts = [p for p in learner.unit_path.split("/") if p]
        prefix = ""
        for part in parts:
            prefix += part + "/"
            unit_id = ids_by_path.get(prefix)
            if unit_id is not None:
                members.setdefault(unit_id, []).append(learner)
    return {
        unit_id: tally(rows, key=unit_id, due_on=due_on, today=today)
        for unit_id, rows in members.items()
    }


def earliest(*dates: date | None) -> date | None:
    present = [d for d in dates if d is not None]
    return min(present) if present else None
