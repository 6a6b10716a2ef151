"""Emerging topics, the pure part (kuulu.feedback.topics.clustering): cross-language clusters,
near-duplicates, new and growing flags, labels without personal data."""

from __future__ import annotations

from datetime import date, timedelta

from kuulu.feedback.topics.clustering import (
    Doc,
    Settings,
    features,
    find_topics,
    is_growing,
    is_new,
    near_duplicate_groups,
)

TODAY = date(2026, 12, 1)


def _docs(rows: list[tuple[str, str, int]], start: int = 1) -> list[Doc]:
    return [
        Doc(id=start + i, text=text, language=lang, received=TODAY - timedelta(days=ago))
        for i, (lang, text, ago) in enumerate(rows)
    ]


PARKING = [
    ("fi", "Pysäköintipaikkoja ei ole tarpeeksi terveysaseman edessä.", 3),
    ("fi", "Parkkipaikka oli taas täynnä, jouduin pysäköimään kauas.", 5),
    ("sv", "Parkeringen vid hälsocentralen är alltid full.", 8),
    ("en", "There is never any parking at the health centre.", 10),
]
CALLBACK = [
    ("fi", "Puhelinjono oli tunnin mittainen, takaisinsoittoa ei tullut.", 2),
    ("fi", "Takaisinsoittopyyntö ei toiminut ja jonotin puhelimessa pitkään.", 4),
    ("sv", "Telefonkön var över en timme och ingen återuppringning.", 6),
    ("en", "I was on hold for an hour and nobody called back.", 12),
]
OTHERS = [
    ("fi", "Kiitos hyvästä hoidosta!", 3),
    ("sv", "Tandläkaren har inga tider förrän i vår.", 20),
    ("en", "The food in the ward was cold.", 7),
    ("fi", "Lääkäri oli ystävällinen ja kuunteli.", 11),
]


def test_feedback_on_one_matter_in_three_languages_is_one_topic() -> None:
    docs = _docs(PARKING + CALLBACK + OTHERS)
    topics = find_topics(docs, today=TODAY)
    groups = sorted(sorted(t.member_ids) for t in topics)
    assert groups == [[1, 2, 3, 4], [5, 6, 7, 8]]
    by_first = {min(t.member_ids): t for t in topics}
    assert by_first[1].concepts == ["parking"]
    assert by_first[1].languages == {"fi": 2, "sv": 1, "en": 1}
    assert "phone_queue" in by_first[5].concepts


def test_unrelated_feedback_makes_no_topic() -> None:
    assert find_topics(_docs(OTHERS), today=TODAY) == []
    assert find_topics([], today=TODAY) == []


def test_near_duplicates_are_grouped_and_flagged() -> None:
    same = [
        ("fi", "Hissi on ollut rikki kaksi viikkoa.", 1),
        ("fi", "Hissi on ollut rikki kaksi viikkoa!", 2),
        ("fi", "hissi on ollut RIKKI kaksi viikkoa", 3),
    ]
    [topic] = find_topics(_docs(same + OTHERS), today=TODAY)
    assert sorted(topic.member_ids) == [1, 2, 3]
    assert topic.is_duplicates
    assert sorted(topic.duplicate_ids[0]) == [1, 2, 3]
    assert "hissi" in topic.terms
    assert near_duplicate_groups(["aaaa bbbb cccc", "zzzz yyyy xxxx"]) == [[0], [1]]


def test_new_and_growing() -> None:
    settings = Settings(period_days=30)
    # Four this period, none before: new.
    [topic] = find_topics(_docs(PARKING), today=TODAY, settings=settings)
    assert (topic.size_now, topic.size_previous) == (4, 0)
    assert is_new(topic, settings)
    assert not is_growing(topic)
    # One in the previous period (40 days ago) and four now: growing, not new.
    older = [("fi", "Pysäköintipaikkoja on liian vähän sairaalalla.", 40)]
    [topic] = find_topics(_docs(PARKING + older), today=TODAY, settings=settings)
    assert (topic.size_now, topic.size_previous) == (4, 1)
    assert is_growing(topic)
    assert not is_new(topic, settings)
    # As many before as now: neither.
    before = [(lang, text, ago + 30) for lang, text, ago in PARKING]
    [topic] = find_topics(_docs(PARKING + before), today=TODAY, settings=settings)
    assert (topic.size_now, topic.size_previous) == (4, 4)
    assert not is_growing(topic)
    assert not is_new(topic, settings)


def test_labels_never_carry_names_or_numbers() -> None:
    rows = [
        ("fi", "Hoitaja Virtanen ei vastannut puhelinjonossa 0401234567 tänään", 1),
        ("fi", "Hoitaja Virtanen ei taaskaan vastannut, puhelinjono 0401234567", 2),
        ("fi", "Virtanen ja puhelinjono, 0401234567 ei vastaa", 3),
    ]
    [topic] = find_topics(_docs(rows), today=TODAY)
    assert "virtanen" not in topic.terms
    assert not any(ch.isdigit() for term in topic.terms for ch in term)


def test_the_result_does_not_depend_on_input_order() -> None:
    docs = _docs(PARKING + CALLBACK + OTHERS)
    first = find_topics(docs, today=TODAY)
    second = find_topics(list(reversed(docs)), today=TODAY)
    assert [sorted(t.member_ids) for t in first] == [sorted(t.member_ids) for t in second]


def test_features_lemmatise_and_bridge_languages() -> None:
    words, concepts = features("Pysäköintipaikkoja ei ole", "fi")
    assert "pysäköintipaikka" in words
    assert "ei" not in words  # a stop word
    assert concepts == {"parking"}
    assert features("Parkeringen är full", "sv")[1] == {"parking"}
    assert features("The kitchen queue", "sv")[1] == {"queue"}  # "queue" is an English stem
    assert features("köket var smutsigt", "sv")[1] == {"cleanliness"}  # "kö " is a whole word


def test_grouping_quality_on_the_labelled_set() -> None:
    """56 texts written for the project: 8 matters x 2 texts x 3 languages, and 8 texts on
    nothing in common. Pairs put in one topic should be of the same matter (precision) and
    pairs of one matter should share a topic (recall). Figures in docs/ARCHITECTURE.md."""
    import itertools
    import json
    from pathlib import Path

    path = Path(__file__).parent / "data" / "topics_eval.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    docs = [
        Doc(i, r["text"], r["lang"], TODAY - timedelta(days=i % 28)) for i, r in enumerate(rows)
    ]
    topic_of = {m: k for k, t in enumerate(find_topics(docs, today=TODAY)) for m in t.member_ids}
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(rows)), 2):
        same = rows[i]["matter"] != "-" and rows[i]["matter"] == rows[j]["matter"]
        together = i in topic_of and topic_of.get(i) == topic_of.get(j)
        tp += same and together
        fp += together and not same
        fn += same and not together
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.9
    assert recall >= 0.75
