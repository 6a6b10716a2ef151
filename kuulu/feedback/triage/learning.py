"""The learning curve: accuracy on the locked test split after 0, 100, 500 and 2,000 simulated
handler corrections. No Django.

How corrections are simulated (the corpus has no real handler decisions yet): the train split is
divided by a second hash of the id into a starter half - what a
county's model knows on day one - and a correction pool (the other half): texts the county's
handlers then confirm or correct, with the corpus label as the handler's decision. The pool has
only a few hundred distinct texts; beyond that, corrections are resampled from the pool with
light noise (lower-cased, punctuation dropped, one word dropped at random) - near-duplicates, not
new writing, so the curve's tail says more about stability than about learning. docs/TRIAGE.md
says how many were distinct. The test split is read only with `final=True`.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import replace

from kuulu.feedback.triage.bundle import MAIN_WITH_LEXICON_EXAMPLES, build
from kuulu.feedback.triage.corpus import Item, examples, lexicon_examples
from kuulu.feedback.triage.evaluation import bundle_predictor, report

STEPS = (0, 100, 500, 2000)


def _half(item_id: str) -> str:
    digest = hashlib.sha256(f"kuulu-triage-curve-1:{item_id}".encode()).digest()
    return "starter" if digest[0] % 2 == 0 else "pool"


def _noisy(item: Item, rng: random.Random, n: int) -> Item:
    words = re.sub(r"[^\w\s]", "", item.text).lower().split()
    if len(words) > 3:
        del words[rng.randrange(len(words))]
    return replace(item, id=f"{item.id}-copy{n}", text=" ".join(words), source="handler")


def corrections(pool: list[Item], count: int, seed: int = 0) -> tuple[list[Item], int]:
    """`count` corrections: the pool's texts in a fixed shuffled order, then noisy resamples.
    Returns them and how many are distinct texts."""
    rng = random.Random(seed)  # noqa: S311 - a fixed simulation, not security
    order = list(pool)
    rng.shuffle(order)
    chosen = [replace(i, source="handler") for i in order[:count]]
    n = 0
    while len(chosen) < count:
        chosen.append(_noisy(rng.choice(order), rng, n))
        n += 1
    return chosen, min(count, len(order))


def learning_curve(*, final: bool = False, steps: tuple[int, ...] = STEPS) -> dict:
    train = examples("train")
    # The lexicon examples (when the kept recipe uses them) start with the model; corrections
    # are drawn from corpus texts only.
    extra = lexicon_examples() if MAIN_WITH_LEXICON_EXAMPLES else []
    starter = [i for i in train if _half(i.id) == "starter"] + extra
    pool = [i for i in train if _half(i.id) == "pool"]
    dev = examples("dev")
    test = examples("test", final=final)
    rows = []
    for step in steps:
        added, distinct = corrections(pool, step)
        model = build(starter + added, dev, version=f"curve-{step}")
        figures = report(test, bundle_predictor(model)(test))
        rows.append(
            {
                "corrections": step,
                "distinct": distinct,
                "kind_accuracy": figures["overall"]["kind_accuracy"],
                "kind_ci95": figures["overall"]["kind_ci95"],
                "theme_accuracy": figures["overall"]["theme_accuracy"],
                "theme_ci95": figures["overall"]["theme_ci95"],
            }
        )
    return {
        "split": "test",
        "test_examples": len(test),
        "starter_examples": len(starter),
        "pool_distinct": len(pool),
        "rows": rows,
    }
