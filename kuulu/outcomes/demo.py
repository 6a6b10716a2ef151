"""Demo data of the outcomes app for the demo county."""

from __future__ import annotations

from kuulu.organisation.models import County


def load_outcomes_demo(county: County) -> int:
    """Create the demo rows once; return how many were created now."""
    return 0
