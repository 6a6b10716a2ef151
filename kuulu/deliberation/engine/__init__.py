"""The deliberation math engine: Polis's opinion-group pipeline in our own code.

Pure Python with numpy and scipy; no Django imports. See docs/ARCHITECTURE.md ("Deliberation
engine") for how each stage follows ../shared/reference/polis-algorithm.md and where it departs.
"""

from kuulu.deliberation.engine.pipeline import Analysis, EngineState, analyse
from kuulu.deliberation.engine.votes import VoteMatrix, Votes

__all__ = ["Analysis", "EngineState", "VoteMatrix", "Votes", "analyse"]
