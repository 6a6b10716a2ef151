"""Polis import speed and group fidelity on real openData conversations.

Usage:
    .venv/bin/python bench/polis_fidelity.py /work/polis-data

The argument is a folder of conversation folders in the Polis openData layout (comments.csv and
participants-votes.csv; the data stays outside the repository). Per conversation it prints the
time to read the export with kuulu.deliberation.polis_format (read_s), the engine's whole pipeline
(engine_s), and the adjusted Rand index (ARI) between Kuulu's groups and Polis's own groups (the
`group-id` column of participants-votes.csv), over the participants Polis put in a group. A
participant Kuulu leaves ungrouped counts as a group of its own ("-1"). The last line is JSON.

red-dwarf (the Python reimplementation of Polis) runs on the same folder in the same run, in the
benchmark environment (.venv-bench, `make .venv-bench/.installed`), through
bench/reddwarf_groups.py: reddwarf_s is its run_pipeline time alone (its CSV reading excluded),
ari_reddwarf its agreement with Polis's groups, and speed_ratio = reddwarf_s / engine_s.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kuulu.deliberation.engine import analyse  # noqa: E402
from kuulu.deliberation.polis_format import engine_votes, read_export  # noqa: E402


def polis_groups(folder: Path) -> dict[int, int]:
    with (folder / "participants-votes.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {
            int(row["participant"]): int(row["group-id"])
            for row in csv.DictReader(handle)
            if (row.get("group-id") or "").strip() != ""
        }


def ari(a: list[int], b: list[int]) -> float:
    """Adjusted Rand index (Hubert and Arabie), as sklearn.metrics.adjusted_rand_score."""
    try:
        from sklearn.metrics import adjusted_rand_score

        return float(adjusted_rand_score(a, b))
    except ImportError:
        pass
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1))
    np.add.at(table, (ia, ib), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index, rows, cols, total = (
        pairs(table),
        pairs(table.sum(1)),
        pairs(table.sum(0)),
        pairs(np.array([len(a)])),
    )
    expected = rows * cols / total if total else 0.0
    top = (rows + cols) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


REDDWARF_PYTHON = ROOT / ".venv-bench" / "bin" / "python"


def reddwarf(folder: Path, repeat: int) -> dict | None:
    if not REDDWARF_PYTHON.exists():
        return None
    out = subprocess.run(
        [
            str(REDDWARF_PYTHON),
            str(ROOT / "bench" / "reddwarf_groups.py"),
            str(folder),
            str(repeat),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "seconds": result["seconds"],
        "groups": {int(p): g for p, g in result["groups"].items()},
    }


def run(folder: Path, repeat: int) -> dict:
    read_s, engine_s = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        export = read_export(folder)
        votes = engine_votes(export)
        read_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        analysis = analyse(votes, seed=0)
        engine_s.append(time.perf_counter() - start)
    truth = polis_groups(folder)
    ours = analysis.groups_by_participant()
    ids = sorted(truth)
    score = ari([truth[p] for p in ids], [ours.get(p, -1) for p in ids])
    dwarf = reddwarf(folder, repeat)
    dwarf_fields = {}
    if dwarf is not None:
        dwarf_fields = {
            "reddwarf_s": round(dwarf["seconds"], 4),
            "reddwarf_k": len(set(dwarf["groups"].values())),
            "ari_reddwarf": round(
                ari([truth[p] for p in ids], [dwarf["groups"].get(p, -1) for p in ids]), 3
            ),
            "speed_ratio": round(dwarf["seconds"] / min(engine_s), 1),
        }
    return {
        "conversation": folder.name,
        "participants": int(analysis.matrix.shape[0]),
        "statements": int(analysis.matrix.shape[1]),
        "votes": int(analysis.matrix.n_votes),
        "polis_grouped": len(truth),
        "polis_k": len(set(truth.values())),
        "kuulu_grouped": len(ours),
        "kuulu_k": int(analysis.k),
        "read_s": round(min(read_s), 4),
        "engine_s": round(min(engine_s), 4),
        "ari": round(score, 3),
        "silhouettes": {k: round(v, 3) for k, v in analysis.silhouettes.items()},
        **dwarf_fields,
    }


def write_synthetic(folder: Path, n: int = 5000, m: int = 1000, per: int = 50) -> Path:
    """A 5000x1000 conversation (50 votes each, two planted camps) in the wide openData layout,
    for the read-versus-engine check; it has no Polis groups, so no ARI."""
    rng = np.random.default_rng(7)
    folder.mkdir(parents=True, exist_ok=True)
    camp = rng.integers(0, 2, n)
    stance = rng.choice([-1, 1], size=(2, m))
    grid = np.full((n, m), "", dtype=object)
    for i in range(n):
        cols = rng.choice(m, size=per, replace=False)
        votes = np.where(rng.random(per) < 0.1, 0, stance[camp[i], cols])
        grid[i, cols] = votes.astype(str)
    with (folder / "comments.csv").open("w", encoding="utf-8") as handle:
        handle.write("comment-id,author-id,moderated,comment-body\n")
        handle.writelines(f"{j},0,1,statement {j}\n" for j in range(m))
    with (folder / "participants-votes.csv").open("w", encoding="utf-8") as handle:
        handle.write("participant,group-id," + ",".join(str(j) for j in range(m)) + "\n")
        handle.writelines(f"{i},," + ",".join(grid[i]) + "\n" for i in range(n))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import tempfile

    synthetic_dir = write_synthetic(Path(tempfile.mkdtemp()) / "synthetic-5000x1000")
    synthetic = {"conversation": synthetic_dir.name}
    for _ in range(args.repeat):
        start = time.perf_counter()
        votes = engine_votes(read_export(synthetic_dir))
        read = time.perf_counter() - start
        start = time.perf_counter()
        analyse(votes, seed=0)
        engine = time.perf_counter() - start
        synthetic["read_s"] = round(min(read, synthetic.get("read_s", read)), 4)
        synthetic["engine_s"] = round(min(engine, synthetic.get("engine_s", engine)), 4)
    print(
        f"{synthetic['conversation']:<32} read {synthetic['read_s']:.4f}s"
        f" engine {synthetic['engine_s']:.4f}s (no Polis groups)"
    )
    results = []
    for folder in sorted(p for p in args.data.iterdir() if (p / "comments.csv").exists()):
        result = run(folder, args.repeat)
        results.append(result)
        print(
            f"{result['conversation']:<32} {result['participants']:>6}x{result['statements']:<5}"
            f" read {result['read_s']:.4f}s engine {result['engine_s']:.4f}s"
            f" k {result['kuulu_k']} (Polis {result['polis_k']}) ARI {result['ari']:.3f}"
            + (
                f" | red-dwarf {result['reddwarf_s']:.4f}s k {result['reddwarf_k']}"
                f" ARI {result['ari_reddwarf']:.3f} speed x{result['speed_ratio']}"
                if "reddwarf_s" in result
                else " | red-dwarf not installed"
            )
        )
    print(json.dumps({"synthetic": synthetic, "conversations": results}))


if __name__ == "__main__":
    main()
