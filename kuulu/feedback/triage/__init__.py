"""Triage of customer feedback: a suggested type, theme and unit for each text.

The engine (`engine`, `baseline`, `lexicon`, `units`, `model`, `text`, `evaluation`) is pure
Python without Django; `suggestions`, `store`, `training` and `tasks` connect it to the database
and the task worker. `suggest` below is what the feedback services call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kuulu.feedback.triage.engine import Suggestion


def suggest(text: str, *, county: Any, language: str) -> Suggestion:
    """The suggestion for `text` among `county`'s units and themes (imports on first use, so
    the pure engine modules can be imported without Django)."""
    from kuulu.feedback.triage.suggestions import suggest_for_county

    return suggest_for_county(text, county=county, language=language)
