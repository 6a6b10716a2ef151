"""Emerging topics: time to group N recent feedback items (pure clustering, no database), and
masking throughput for the examples.

Usage:
    .venv/bin/python bench/topics.py              # N = 500, 2000, 5000
    .venv/bin/python bench/topics.py --sizes 2000

Synthetic feedback in fi/sv/en: each text is one of 12 matters (parking, call-backs, lifts…)
written in one of several phrasings, with random filler words and a random date in the last 90
days, so there are planted topics to find. The first run in a process loads the simplemma
dictionaries; that warm-up is reported apart. The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kuulu.core.masking import mask_text
from kuulu.feedback.topics.clustering import Doc, find_topics

MATTERS = [
    ("fi", "Pysäköintipaikkoja ei ole tarpeeksi terveysaseman edessä."),
    ("sv", "Parkeringen vid hälsocentralen är alltid full."),
    ("en", "There is never any parking at the health centre."),
    ("fi", "Takaisinsoittoa ei tullut, vaikka jätin soittopyynnön."),
    ("sv", "Jag bad om återuppringning men ingen ringde."),
    ("en", "I asked for a call back and nobody called me."),
    ("fi", "Hissi on ollut rikki jo kaksi viikkoa."),
    ("fi", "Hammaslääkärille ei saa aikaa moneen kuukauteen."),
    ("sv", "Tandläkaren har inga tider förrän i vår."),
    ("fi", "Kotihoidon käynnit ovat myöhässä joka aamu."),
    ("en", "The food on the ward was cold again."),
    ("fi", "Sovellukseen ei pysty kirjautumaan pankkitunnuksilla."),
]
FILLER = {
    "fi": [
        "tänään",
        "eilen",
        "taas",
        "aina",
        "usein",
        "valitettavasti",
        "oikeasti",
        "jälleen",
        "kyllä",
    ],
    "sv": ["idag", "igår", "igen", "alltid", "ofta", "tyvärr", "verkligen", "också"],
    "en": ["today", "yesterday", "again", "always", "often", "sadly", "really", "also"],
}


def corpus(n: int, seed: int = 7) -> list[Doc]:
    rng = random.Random(seed)
    today = date(2026, 12, 1)
    docs = []
    for i in range(n):
        lang, text = rng.choice(MATTERS)
        words = text.split()
        for _ in range(rng.randint(0, 6)):
            words.insert(rng.randint(0, len(words)), rng.choice(FILLER[lang]))
        docs.append(Doc(i, " ".join(words), lang, today - timedelta(days=rng.randint(0, 89))))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="500,2000,5000")
    args = parser.parse_args()
    today = date(2026, 12, 1)
    start = time.perf_counter()
    find_topics(corpus(50), today=today)
    warm_up = time.perf_counter() - start
    print(f"warm-up (dictionaries): {warm_up:.2f} s")
    result: dict[str, object] = {"warm_up_s": round(warm_up, 2)}
    for size in (int(s) for s in args.sizes.split(",")):
        docs = corpus(size)
        start = time.perf_counter()
        topics = find_topics(docs, today=today)
        seconds = time.perf_counter() - start
        print(f"{size} items: {seconds:.2f} s, {len(topics)} topics")
        result[f"topics_s_{size}"] = round(seconds, 2)
        result[f"topics_{size}"] = len(topics)
    texts = [d.text for d in corpus(2000)]
    start = time.perf_counter()
    for text in texts:
        mask_text(text)
    result["mask_per_second"] = round(len(texts) / (time.perf_counter() - start))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
