"""Counting participatory budgeting votes: greedy by votes and the Method of Equal Shares.

Pure Python and numpy, no Django: the app's services feed it ballots, ``pb_count`` feeds it
Pabulib files. See ``equal_shares`` for the exact variant of Equal Shares and its completion.
"""

from __future__ import annotations

from .equal_shares import count_equal_shares
from .greedy import count_greedy
from .model import (
    REASON_COMPLETION,
    REASON_FUNDED,
    REASON_NO_VOTES,
    REASON_NOT_ENOUGH_SUPPORT,
    REASON_OVER_BUDGET,
    Ballot,
    CountResult,
    Election,
    Project,
    ProjectOutcome,
    Round,
)

RULES = ("greedy", "equal-shares")

__all__ = [
    "REASON_COMPLETION",
    "REASON_FUNDED",
    "REASON_NOT_ENOUGH_SUPPORT",
    "REASON_NO_VOTES",
    "REASON_OVER_BUDGET",
    "RULES",
    "Ballot",
    "CountResult",
    "Election",
    "Project",
    "ProjectOutcome",
    "Round",
    "count",
]


def count(election: Election, rule: str) -> CountResult:
    """Count ``election`` by ``rule`` ("greedy" or "equal-shares").

    Raises ``ValueError`` for an unknown rule, ordinal ballots, or ballots naming projects that
    are not on the ballot.
    """
    if rule == "greedy":
        return count_greedy(election)
    if rule == "equal-shares":
        return count_equal_shares(election)
    msg = f"unknown counting rule {rule!r}; use one of {', '.join(RULES)}"
    raise ValueError(msg)
