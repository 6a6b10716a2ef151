"""Quarters of the follow-up calendar. Pure Python, no Django."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.quarter - 1) + 1, 1)

    @property
    def end(self) -> date:
        if self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @property
    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)
        )

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"


def previous_quarter(today: date) -> Quarter:
    """The last quarter that has ended by `today`: its follow-up is expected now."""
    return Quarter.of(today).previous


def default_follow_up_quarter(*, today: date, start_year: int, end_year: int) -> Quarter:
    """The quarter the follow-up form proposes on `today` for a programme of the years
    `start_year`-`end_year`: the one that ended last, kept within the period as a whole quarter.
    Before the period's first quarter has ended that is the first quarter (which the follow-up
    accepts once it has started); after the period, its last quarter."""
    first, last = Quarter(start_year, 1), Quarter(end_year, 4)
    return min(max(previous_quarter(today), first), last)


@dataclass(frozen=True)
class FollowUpPeriod:
    """Where a programme of the years `start_year`-`end_year` stands in the follow-up calendar
    on a day: `state` is "upcoming" (its first quarter has not ended yet, `quarter` is that
    first quarter), "running" (`quarter` is the one that ended last, whose follow-up is due) or
    "ended" (the period is over, `quarter` is its last quarter: no later quarter is followed
    up)."""

    state: str
    quarter: Quarter


def follow_up_period(*, today: date, start_year: int, end_year: int) -> FollowUpPeriod:
    first, last = Quarter(start_year, 1), Quarter(end_year, 4)
    if today > last.end:
        return FollowUpPeriod("ended", last)
    ended_last = previous_quarter(today)
    if ended_last < first:
        return FollowUpPeriod("upcoming", first)
    return FollowUpPeriod("running", ended_last)


def quarters_between(first: date, last: date) -> list[Quarter]:
    """Every quarter from the one holding `first` to the one holding `last`, in order."""
    quarters: list[Quarter] = []
    current, stop = Quarter.of(first), Quarter.of(last)
    while current <= stop:
        quarters.append(current)
        current = (
            Quarter(current.year + 1, 1)
            if current.quarter == 4
            else Quarter(current.year, current.quarter + 1)
        )
    return quarters


def follow_up_due(
    *,
    today: date,
    status: str,
    starts_on: date | None,
    due_on: date | None,
    programme_start_year: int,
    programme_end_year: int,
    recorded: set[tuple[int, int]],
) -> bool:
    """Whether a measure of an approved programme needs attention on `today`: it is still open
    (not done, not cancelled) and either it is past its due date, or the quarter that ended last
    has no follow-up although the measure and the programme had started by its end. A quarter
    after the programme's last year is not followed up (the follow-up refuses its year).

    `recorded` holds the (year, quarter) of the measure's follow-ups. The same rule as
    `selectors.measures_due_for_follow_up`, which does it in the database."""
    if status in ("done", "cancelled"):
        return False
    if due_on is not None and due_on < today:
        return True
    last = previous_quarter(today)
    if not programme_start_year <= last.year <= programme_end_year:
        return False
    if starts_on is not None and starts_on > last.end:
        return False
    return (last.year, last.quarter) not in recorded
