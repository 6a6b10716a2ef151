"""Turning an engine Analysis into plain data (JSON-ready) for snapshots, the command and the API.
No Django imports."""

from __future__ import annotations

from typing import Any

from kuulu.deliberation.engine import Analysis


def analysis_summary(analysis: Analysis) -> dict[str, Any]:
    ids = analysis.matrix.statement_ids
    participants = analysis.matrix.participant_ids

    def statement(j: int) -> int:
        return int(ids[j])

    return {
        "participants": len(participants),
        "statements": len(ids),
        "votes": analysis.matrix.n_votes,
        "in_conv_participants": int(analysis.in_conv.sum()),
        "k": analysis.k,
        "groups": {str(pid): group for pid, group in analysis.groups_by_participant().items()},
        "group_sizes": [int((analysis.group_labels == g).sum()) for g in range(analysis.k)],
        "silhouettes": {str(k): round(v, 6) for k, v in analysis.silhouettes.items()},
        "representative": {
            str(g): [
                {
                    "statement": statement(r.statement_index),
                    "direction": r.direction,
                    "n_success": r.n_success,
                    "n_trials": r.n_trials,
                    "p_success": round(r.p_success, 6),
                    "p_test": round(r.p_test, 6),
                    "repness": round(r.repness, 6),
                    "repness_test": round(r.repness_test, 6),
                    "best_agree": r.best_agree,
                }
                for r in reps
            ]
            for g, reps in enumerate(analysis.representative)
        },
        "consensus": {
            "agree": [
                {"statement": statement(j), "p": round(p, 6)} for j, p in analysis.consensus.agree
            ],
            "disagree": [
                {"statement": statement(j), "p": round(p, 6)}
                for j, p in analysis.consensus.disagree
            ],
        },
        "seconds": analysis.seconds,
    }
