"""Building a snapshot: votes from the database through the engine into plain JSON data."""

from __future__ import annotations

import numpy as np

from kuulu.deliberation.engine import EngineState, Votes, analyse
from kuulu.deliberation.models import Conversation, Snapshot, Statement, Vote
from kuulu.deliberation.report import analysis_summary

DIVISIVE = 5


def votes_for(conversation: Conversation) -> Votes:
    rows = np.array(
        list(
            Vote.objects.filter(participant__conversation=conversation)
            .order_by("created_at", "id")
            .values_list("participant__number", "statement__number", "value")
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    statements = Statement.objects.filter(conversation=conversation)
    moderated_out = frozenset(
        statements.filter(status=Statement.Status.REJECTED).values_list("number", flat=True)
    ) | frozenset(statements.filter(is_meta=True).values_list("number", flat=True))
    meta = frozenset(statements.filter(is_meta=True).values_list("number", flat=True))
    return Votes(rows[:, 0], rows[:, 1], rows[:, 2].astype(np.int8), moderated_out | meta, meta)


def build_snapshot(conversation: Conversation, *, seed: int = 0) -> Snapshot:
    """Read the votes and run the engine; the snapshot is returned unsaved (the caller stores it
    under a short lock, `services.compute_snapshot`). Nothing here locks a row."""
    previous = conversation.snapshots.order_by("-computed_at", "-id").first()
    state = EngineState()
    if previous is not None and previous.state:
        state = EngineState(
            in_conv=frozenset(previous.state.get("in_conv", [])),
            shown_k=previous.state.get("shown_k"),
            candidate_k=previous.state.get("candidate_k"),
            candidate_runs=previous.state.get("candidate_runs", 0),
        )
    votes = votes_for(conversation)
    analysis = analyse(votes, seed=seed, state=state)
    data = analysis_summary(analysis)
    ids = analysis.matrix.statement_ids
    base_group = analysis.group_of_base
    sizes = np.bincount(
        analysis.base_labels[analysis.base_labels >= 0], minlength=len(analysis.base_centres)
    )
    data["base_clusters"] = [
        {
            "x": round(float(c[0]), 5),
            "y": round(float(c[1]), 5),
            "size": int(sizes[i]),
            "group": int(base_group[i]),
        }
        for i, c in enumerate(analysis.base_centres)
    ]
    everyone_agree = np.asarray((analysis.matrix.values > 0).sum(axis=0)).ravel()
    everyone_disagree = np.asarray((analysis.matrix.values < 0).sum(axis=0)).ravel()
    everyone_seen = np.asarray(analysis.matrix.observed.sum(axis=0)).ravel()
    data["statement_stats"] = {
        str(int(ids[j])): {
            "extremity": round(float(analysis.pca.extremity[j]), 6),
            "gac": round(float(analysis.gac[j]), 6),
            "priority": round(float(analysis.priority[j]), 6),
            "all": {
                "agree": int(everyone_agree[j]),
                "disagree": int(everyone_disagree[j]),
                "seen": int(everyone_seen[j]),
            },
            "groups": [
                {
                    "agree": int(t.agree[j]),
                    "disagree": int(t.disagree[j]),
                    "seen": int(t.seen[j]),
                }
                for t in analysis.group_tallies
            ],
        }
        for j in range(len(ids))
    }
    order = np.argsort(-analysis.pca.extremity, kind="stable")
    moderated = analysis.matrix.moderated_out
    data["divisive"] = [int(ids[j]) for j in order if not moderated[j]][:DIVISIVE]
    return Snapshot(
        conversation=conversation,
        vote_count=analysis.matrix.n_votes,
        data=data,
        state={
            "in_conv": sorted(analysis.state.in_conv),
            "shown_k": analysis.state.shown_k,
            "candidate_k": analysis.state.candidate_k,
            "candidate_runs": analysis.state.candidate_runs,
        },
    )
