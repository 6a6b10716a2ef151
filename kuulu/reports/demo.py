"""Demo data of the reports app for the demo county."""

from __future__ import annotations

from kuulu.organisation.models import County


def load_reports_demo(county: County) -> int:
    """Create the demo rows once; return how many were created now."""
    return 0
