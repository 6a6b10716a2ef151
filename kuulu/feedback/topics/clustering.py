"""Emerging topics: group recent feedback into near-duplicates and clusters. No Django.

Input: `Doc`s (id, text, language, received date). Output: `TopicResult`s, largest first.

1. **Features.** Words are lower-cased and lemmatised with simplemma in the text's language
   (fi, sv or en); stop words and numbers are dropped. Concepts of `concepts.CONCEPTS` are added
   as extra features (twice, so they weigh more than one word), which bridges the languages:
   "pysäköinti", "parkering" and "parking" all add `~parking`. TF-IDF (sublinear tf, l2).
2. **Near-duplicates.** Character 4-gram TF-IDF of the normalised text; two texts with cosine
   >= `duplicate_threshold` are near-duplicates (the same message sent again, a shared
   template, a campaign). They are joined with union-find and stay together.
3. **Clusters.** A single pass in time order over the near-duplicate groups: a group joins the
   cluster whose centroid is most similar if the cosine is >= `cluster_threshold`, else starts
   a new cluster; then a second pass reassigns every group to its best centroid (fixes
   order effects). Deterministic for the same input.
4. **Topics.** Clusters with at least `min_size` members. The label is the cluster's top
   terms (lemmas shared by at least two members; never a word on the name lists or with a
   digit, so a label cannot carry personal data). `now` counts members received in the last
   `period_days`, `previous` the period before; `is_new` when nothing came before and at
   least `min_size` now, `is_growing` when now >= 2 x previous and the growth is at least 2.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from kuulu.core.masking_names import ALL_NAMES
from kuulu.feedback.topics.concepts import CONCEPTS

LANGUAGES = ("fi", "sv", "en")

STOPWORDS = frozenset(
    [
        "ja",
        "on",
        "ei",
        "se",
        "että",
        "oli",
        "olla",
        "ole",
        "olen",
        "olin",
        "ovat",
        "mutta",
        "kun",
        "niin",
        "kuin",
        "myös",
        "vain",
        "jo",
        "nyt",
        "sitten",
        "minä",
        "minun",
        "minulle",
        "minut",
        "mä",
        "mun",
        "sinä",
        "hän",
        "me",
        "meidän",
        "te",
        "he",
        "ne",
        "tämä",
        "tuo",
        "joka",
        "jotka",
        "mitä",
        "mikä",
        "kanssa",
        "ilman",
        "vielä",
        "aina",
        "koska",
        "jos",
        "tai",
        "sekä",
        "eikä",
        "ollut",
        "olisi",
        "voi",
        "voisi",
        "pitää",
        "pitäisi",
        "siis",
        "tosi",
        "todella",
        "aivan",
        "hyvin",
        "paljon",
        "vähän",
        "yksi",
        "kaksi",
        "kolme",
        "kaikki",
        "kaikkia",
        "mitään",
        "joku",
        "jotain",
        "sen",
        "sitä",
        "siitä",
        "siinä",
        "sille",
        "tässä",
        "tästä",
        "täällä",
        "siellä",
        "eli",
        "kuitenkin",
        "vaan",
        "jälkeen",
        "ennen",
        "kiitos",
        "hei",
        "terveisin",
        "och",
        "att",
        "det",
        "är",
        "som",
        "en",
        "ett",
        "på",
        "i",
        "av",
        "för",
        "med",
        "till",
        "den",
        "de",
        "jag",
        "vi",
        "ni",
        "han",
        "hon",
        "inte",
        "var",
        "har",
        "hade",
        "kan",
        "ska",
        "skulle",
        "om",
        "men",
        "så",
        "när",
        "eller",
        "också",
        "bara",
        "nu",
        "då",
        "sedan",
        "efter",
        "innan",
        "mycket",
        "lite",
        "alla",
        "något",
        "någon",
        "mig",
        "min",
        "mitt",
        "mina",
        "oss",
        "vår",
        "vårt",
        "här",
        "där",
        "tack",
        "hej",
        "hälsningar",
        "väldigt",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "it",
        "this",
        "that",
        "these",
        "those",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "they",
        "them",
        "there",
        "here",
        "not",
        "no",
        "very",
        "so",
        "just",
        "also",
        "have",
        "has",
        "had",
        "do",
        "did",
        "does",
        "can",
        "could",
        "would",
        "should",
        "will",
        "about",
        "after",
        "before",
        "all",
        "any",
        "some",
        "thank",
        "thanks",
        "hello",
        "hi",
        "please",
    ]
)

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


@dataclass(frozen=True)
class Doc:
    id: int
    text: str
    language: str
    received: date


@dataclass
class TopicResult:
    member_ids: list[int]
    terms: list[str]
    concepts: list[str]
    size_now: int
    size_previous: int
    languages: dict[str, int]
    duplicate_ids: list[list[int]] = field(default_factory=list)  # near-duplicate groups
    examples: list[int] = field(default_factory=list)  # the most central members first

    @property
    def size(self) -> int:
        return len(self.member_ids)

    @property
    def growth(self) -> int:
        return self.size_now - self.size_previous

    @property
    def is_duplicates(self) -> bool:
        """The whole topic is one group of near-duplicates."""
        return len(self.duplicate_ids) == 1 and len(self.duplicate_ids[0]) == self.size


@dataclass(frozen=True)
class Settings:
    period_days: int = 30
    min_size: int = 3
    cluster_threshold: float = 0.28
    duplicate_threshold: float = 0.8
    max_terms: int = 4
    concept_weight: float = 0.55


def is_new(result: TopicResult, settings: Settings) -> bool:
    return result.size_previous == 0 and result.size_now >= settings.min_size


def is_growing(result: TopicResult) -> bool:
    return (
        result.size_previous > 0
        and result.size_now >= 2 * result.size_previous
        and (result.growth >= 2)
    )


@lru_cache(maxsize=50_000)
def _lemma(word: str, language: str) -> str:
    import simplemma

    try:
        return simplemma.lemmatize(word, lang=language).lower()
    except (ValueError, KeyError):  # pragma: no cover - an unknown language code
        return word


def _concept_index() -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    phrases: list[tuple[str, str]] = []
    prefixes: list[tuple[str, str]] = []
    for concept, entries in CONCEPTS.items():
        for entry in entries:
            if entry.endswith(" ") and " " not in entry.strip():
                exact[entry.strip()] = concept
            elif " " in entry.strip():
                phrases.append((entry.strip(), concept))
            else:
                prefixes.append((entry, concept))
    return exact, phrases, prefixes


_EXACT, _PHRASES, _PREFIXES = _concept_index()
_PREFIX_MAP: dict[str, set[str]] = {}
for _prefix, _concept in _PREFIXES:
    _PREFIX_MAP.setdefault(_prefix, set()).add(_concept)
_PREFIX_LENGTHS = sorted({len(p) for p in _PREFIX_MAP})


def concepts_of(words: Sequence[str], lemmas: Sequence[str]) -> set[str]:
    found = set()
    joined = " " + " ".join(words) + " "
    for phrase, concept in _PHRASES:
        if f" {phrase} " in joined or f" {phrase}" in joined:
            found.add(concept)
    for word in set(words) | set(lemmas):
        if word in _EXACT:
            found.add(_EXACT[word])
        for length in _PREFIX_LENGTHS:
            if len(word) >= length and word[:length] in _PREFIX_MAP:
                found.update(_PREFIX_MAP[word[:length]])
    return found


def features(text: str, language: str) -> tuple[list[str], set[str]]:
    """The lemmas (without stop words) and the concepts of one text."""
    language = language if language in LANGUAGES else "fi"
    words = [w.lower() for w in _WORD.findall(text or "")]
    lemmas = [_lemma(w, language) for w in words]
    kept = [
        lemma
        for word, lemma in zip(words, lemmas, strict=True)
        if len(lemma) > 2 and word not in STOPWORDS and lemma not in STOPWORDS
    ]
    return kept, concepts_of(words, lemmas)


def _normalised(text: str) -> str:
    return " ".join(_WORD.findall((text or "").lower()))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def near_duplicate_groups(texts: Sequence[str], threshold: float = 0.8) -> list[list[int]]:
    """Indexes of `texts` grouped by near-duplication (singletons included), in input order."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(texts)
    union = _UnionFind(n)
    normalised = [_normalised(t) for t in texts]
    if n > 1 and any(len(t) >= 4 for t in normalised):
        matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 4), min_df=1).fit_transform(
            normalised
        )
        similarity = (matrix @ matrix.T).tocoo()
        for i, j, value in zip(similarity.row, similarity.col, similarity.data, strict=True):
            if i < j and value >= threshold:
                union.union(int(i), int(j))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(union.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def find_topics(
    docs: Sequence[Doc], *, today: date, settings: Settings | None = None
) -> list[TopicResult]:
    """Topics of `docs` (all from the window the caller chose), largest first."""
    import numpy as np

    settings = settings or Settings()
    docs = sorted(docs, key=lambda d: (d.received, d.id))
    if len(docs) < settings.min_size:
        return []
    tokens: list[list[str]] = []
    concepts: list[set[str]] = []
    for doc in docs:
        lemmas, found = features(doc.text, doc.language)
        concepts.append(found)
        tokens.append(lemmas)
    if not any(tokens) and not any(concepts):
        return []
    matrix, names = _combined(tokens, concepts, settings.concept_weight)
    vocabulary = np.array(names)

    groups = near_duplicate_groups([d.text for d in docs], settings.duplicate_threshold)
    group_vectors = []
    for group in groups:
        vector = np.asarray(matrix[group].mean(axis=0)).ravel()
        norm = np.linalg.norm(vector)
        group_vectors.append(vector / norm if norm else vector)
    vectors = np.vstack(group_vectors)

    # Pass 1: leader clustering in time order (centroids as rows of one matrix).
    centroids = np.zeros((len(groups), vectors.shape[1]))
    sums = np.zeros_like(centroids)
    count = 0
    assignment = [-1] * len(groups)
    for g, vector in enumerate(vectors):
        weight = len(groups[g])
        best = -1
        if count:
            sims = centroids[:count] @ vector
            best = int(sims.argmax())
            if sims[best] < settings.cluster_threshold:
                best = -1
        if best < 0:
            best = count
            count += 1
        assignment[g] = best
        sums[best] += vector * weight
        norm = np.linalg.norm(sums[best])
        centroids[best] = sums[best] / norm if norm else sums[best]
    # Pass 2: every group to its best final centroid (if still similar enough).
    sims = vectors @ centroids[:count].T
    for g in range(len(groups)):
        best = int(sims[g].argmax())
        assignment[g] = best if sims[g, best] >= settings.cluster_threshold else -1 - g

    clusters: dict[int, list[int]] = {}
    for g, cluster in enumerate(assignment):
        clusters.setdefault(cluster, []).append(g)

    period_start = today - timedelta(days=settings.period_days)
    previous_start = period_start - timedelta(days=settings.period_days)
    results = []
    for cluster_groups in clusters.values():
        members = [i for g in cluster_groups for i in groups[g]]
        if len(members) < settings.min_size:
            continue
        centroid = np.asarray(matrix[members].mean(axis=0)).ravel()
        results.append(
            TopicResult(
                member_ids=[docs[i].id for i in members],
                terms=_terms(centroid, vocabulary, tokens, members, settings.max_terms),
                concepts=_top_concepts(concepts, members),
                size_now=sum(docs[i].received > period_start for i in members),
                size_previous=sum(
                    previous_start < docs[i].received <= period_start for i in members
                ),
                languages=dict(Counter(docs[i].language for i in members)),
                duplicate_ids=[
                    [docs[i].id for i in groups[g]] for g in cluster_groups if len(groups[g]) > 1
                ],
                examples=_central(matrix, members, centroid, docs),
            )
        )
    results.sort(key=lambda r: (-r.size_now, -r.size, r.member_ids[0]))
    return results


def _combined(tokens: Sequence[list[str]], concepts: Sequence[set[str]], weight: float):  # type: ignore[no-untyped-def]
    """Rows: the words' TF-IDF and the concepts' TF-IDF side by side, each l2-normalised and
    weighted, then normalised together; texts in different languages that share concepts are
    similar even with no word in common."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    n = len(tokens)
    names: list[str] = []
    word_matrix = csr_matrix((n, 0))
    if any(tokens):
        # Words in one text only make no two texts similar; leaving them out keeps it fast.
        words = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True, min_df=min(2, n))
        try:
            word_matrix = words.fit_transform(tokens)
        except ValueError:  # no word in two texts
            pass
        else:
            names += [str(w) for w in words.get_feature_names_out()]
    concept_lists = [sorted(c) for c in concepts]
    concept_matrix = csr_matrix((n, 0))
    if any(concept_lists):
        ideas = TfidfVectorizer(analyzer=lambda x: x)
        concept_matrix = ideas.fit_transform(concept_lists)
        names += [f"~{c}" for c in ideas.get_feature_names_out()]
    both = hstack([word_matrix * (1 - weight), concept_matrix * weight]).tocsr()
    return normalize(both.astype(np.float64)), names


def _terms(centroid, vocabulary, tokens, members, limit):  # type: ignore[no-untyped-def]
    document_frequency: Counter[str] = Counter()
    for i in members:
        document_frequency.update(set(tokens[i]))
    terms = []
    for index in centroid.argsort()[::-1]:
        term = str(vocabulary[index])
        if centroid[index] <= 0:
            break
        if term.startswith("~") or document_frequency[term] < 2:
            continue
        if term in ALL_NAMES or any(ch.isdigit() for ch in term):
            continue
        terms.append(term)
        if len(terms) == limit:
            break
    return terms


def _top_concepts(concepts: Sequence[set[str]], members: Sequence[int]) -> list[str]:
    counts = Counter(c for i in members for c in concepts[i])
    half = max(2, len(members) // 2)
    return [c for c, n in counts.most_common(3) if n >= half]


def _central(matrix, members, centroid, docs) -> list[int]:  # type: ignore[no-untyped-def]
    import numpy as np

    scores = np.asarray(matrix[members] @ centroid).ravel()
    order = sorted(range(len(members)), key=lambda k: (-scores[k], members[k]))
    return [docs[members[k]].id for k in order]
