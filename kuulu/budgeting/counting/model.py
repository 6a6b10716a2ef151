"""The typed inputs and outputs of the participatory budgeting count (no Django).

A count takes an :class:`Election` (budget, projects, ballots) and a rule name and returns a
:class:`CountResult`: the funded projects, one :class:`ProjectOutcome` per project with the reason
code, and the :class:`Round` list that explains how the rule got there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

APPROVAL_VOTE_TYPES = ("approval", "choose")
"""Vote types whose ballots are sets of approved projects (Pabulib also writes ``choose-1``)."""
POINTS_VOTE_TYPES = ("cumulative", "scoring")
"""Vote types whose ballots give points to projects."""
ORDINAL_VOTE_TYPE = "ordinal"


def is_approval_vote_type(vote_type: str) -> bool:
    """True for ``approval``, ``choose`` and Pabulib's ``choose-N`` spellings."""
    return vote_type == "approval" or vote_type == "choose" or vote_type.startswith("choose-")


@dataclass(frozen=True)
class Project:
    """A plan on the ballot; ``cost`` in whole currency units."""

    id: str
    cost: int
    name: str = ""


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot.

    ``approvals`` holds the approved project ids (approval, pick-N; the order of preference for
    ordinal ballots); ``points`` maps project id to points for cumulative and scoring ballots.
    """

    voter_id: str
    approvals: tuple[str, ...] = ()
    points: Mapping[str, int] | None = None

    def supported(self) -> tuple[str, ...]:
        """The project ids this ballot supports (approved, or given more than zero points)."""
        if self.points is not None:
            return tuple(pid for pid, value in self.points.items() if value > 0)
        return self.approvals


@dataclass
class Election:
    """A budget, the projects on the ballot and the ballots cast."""

    budget: int
    projects: list[Project]
    ballots: list[Ballot]
    vote_type: str = "approval"
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ProjectOutcome:
    """How one project fared.

    ``score`` is the approval count (approval, pick-N) or the points total (cumulative);
    ``votes`` the number of ballots that support the project. ``reason`` is a code:
    ``funded`` (selected by the rule), ``completion`` (funded from the money the rule left over),
    ``over_budget`` (did not fit in what was left), ``not_enough_support`` (its supporters' share
    of the budget could not pay for it) or ``no_votes``.
    """

    id: str
    score: int
    votes: int
    cost: int
    funded: bool
    reason: str


@dataclass(frozen=True)
class Round:
    """One step of the count: the project considered, whether it was funded, and the figures."""

    number: int
    project_id: str
    funded: bool
    detail: Mapping[str, Any]


@dataclass(frozen=True)
class CountResult:
    """The outcome of a count: funded ids in the order the rule chose them, total cost."""

    rule: str
    selected: tuple[str, ...]
    cost: int
    outcomes: tuple[ProjectOutcome, ...]
    rounds: tuple[Round, ...]


REASON_FUNDED = "funded"
REASON_COMPLETION = "completion"
REASON_OVER_BUDGET = "over_budget"
REASON_NOT_ENOUGH_SUPPORT = "not_enough_support"
REASON_NO_VOTES = "no_votes"
