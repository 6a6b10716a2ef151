"""Scoring rules of instruments: pure Python, no Django.

A rule is stored on `Instrument.scoring` as JSON:

    {"method": "sum" | "mean" | "nps",
     "items": ["item_1", ...],          # item keys scored, in order
     "reverse": ["item_3"],             # items scored the other way round
     "scale": [1, 5],                   # the items' scale (needed by reverse and rescale)
     "rescale": true,                   # report the score on 0-100
     "min_answered": 8}                 # fewest answered items for a score (default: all)

`score` gives one respondent's score; `summarise` the mean of many with a confidence interval;
`nps` the recommendation score (% of 9-10 minus % of 0-6) with its interval.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

METHODS = ("sum", "mean", "nps")


class RuleError(ValueError):
    """A scoring rule that cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ScoringRule:
    method: str
    items: tuple[str, ...]
    reverse: tuple[str, ...] = ()
    scale_min: float = 1
    scale_max: float = 5
    rescale: bool = False
    min_answered: int = 0  # 0 means every item

    @property
    def needed(self) -> int:
        return self.min_answered or len(self.items)


def parse_rule(data: Mapping[str, object]) -> ScoringRule:
    """Check a rule's JSON and return it, or raise RuleError listing every problem."""
    problems: list[str] = []
    method = data.get("method")
    if method not in METHODS:
        problems.append(f"method must be one of {', '.join(METHODS)}")
    items = data.get("items", [])
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        problems.append("items must be a non-empty list of item keys")
        items = []
    elif len(set(items)) != len(items):
        problems.append("items must not repeat")
    reverse = data.get("reverse", [])
    if not isinstance(reverse, list) or any(r not in items for r in reverse):
        problems.append("reverse must list only scored items")
        reverse = []
    scale = data.get("scale", data.get("rescale_range", [1, 5]))
    low = high = 0.0
    if (
        not isinstance(scale, list)
        or len(scale) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in scale)
        or scale[1] <= scale[0]
    ):
        problems.append("scale must be [lowest, highest] with highest above lowest")
    else:
        low, high = float(scale[0]), float(scale[1])
    rescale = data.get("rescale", False)
    if isinstance(rescale, list):  # the older form: "rescale": [min, max]
        if len(rescale) == 2 and all(isinstance(v, int | float) for v in rescale):
            low, high = float(rescale[0]), float(rescale[1])
            rescale = True
        else:
            problems.append("rescale must be true, false or [lowest, highest]")
    if not isinstance(rescale, bool):
        problems.append("rescale must be true or false")
    min_answered = data.get("min_answered", 0)
    if not isinstance(min_answered, int) or isinstance(min_answered, bool) or min_answered < 0:
        problems.append("min_answered must be a whole number of at least 0")
        min_answered = 0
    elif items and min_answered > len(items):
        problems.append("min_answered cannot exceed the number of items")
    if method == "nps" and items and len(items) != 1:
        problems.append("an nps rule scores exactly one 0-10 item")
    if problems:
        raise RuleError(problems)
    if method == "nps":
        low, high = 0.0, 10.0
    return ScoringRule(
        method=str(method),
        items=tuple(items),
        reverse=tuple(reverse),
        scale_min=low,
        scale_max=high,
        rescale=bool(rescale),
        min_answered=int(min_answered),
    )


def score(rule: ScoringRule, answers: Mapping[str, float | int | None]) -> float | None:
    """One respondent's score, or None when too few items are answered.

    sum: total of the item values (reversed ones mirrored on the scale); mean: their mean.
    With rescale both become 0-100: the distance from the lowest possible to the highest.
    For an mean of partly answered items the rescale uses the mean, so missing items do not
    pull the score down.
    """
    values = []
    for key in rule.items:
        value = answers.get(key)
        if value is None:
            continue
        value = float(value)
        if key in rule.reverse:
            value = rule.scale_min + rule.scale_max - value
        values.append(value)
    if len(values) < rule.needed or not values:
        return None
    if rule.method == "nps":
        return _nps_point(values[0])
    span = rule.scale_max - rule.scale_min
    if rule.method == "mean" or len(values) < len(rule.items):
        mean = sum(values) / len(values)
        if rule.rescale:
            return (mean - rule.scale_min) / span * 100
        return mean if rule.method == "mean" else mean * len(rule.items)
    total = sum(values)
    if rule.rescale:
        return (total - rule.scale_min * len(values)) / (span * len(values)) * 100
    return total


def _nps_point(value: float) -> float:
    """+100 for a promoter (9-10), -100 for a detractor (0-6), 0 for a passive: the mean of
    these over respondents is the recommendation score."""
    if value >= 9:
        return 100.0
    if value <= 6:
        return -100.0
    return 0.0


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    low: float | None
    high: float | None


def _t_critical(df: int, confidence: float) -> float:
    try:
        from scipy.stats import t  # scipy is a project dependency; imported only when needed

        return float(t.ppf(0.5 + confidence / 2, df))
    except ImportError:  # pragma: no cover
        return 1.959963984540054


def summarise(scores: Iterable[float | None], confidence: float = 0.95) -> Summary:
    """Mean of the scores (None skipped) with a t-based confidence interval."""
    values = [float(s) for s in scores if s is not None]
    n = len(values)
    if n == 0:
        return Summary(0, None, None, None)
    mean = sum(values) / n
    if n == 1:
        return Summary(1, mean, None, None)
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    half = _t_critical(n - 1, confidence) * math.sqrt(variance / n)
    return Summary(n, mean, mean - half, mean + half)


def summary_from_moments(
    n: int, total: float, total_sq: float, confidence: float = 0.95
) -> Summary:
    """The same summary from COUNT, SUM and SUM of squares computed in the database."""
    if n == 0:
        return Summary(0, None, None, None)
    mean = total / n
    if n == 1:
        return Summary(1, mean, None, None)
    variance = max(total_sq - n * mean * mean, 0.0) / (n - 1)
    half = _t_critical(n - 1, confidence) * math.sqrt(variance / n)
    return Summary(n, mean, mean - half, mean + half)


@dataclass(frozen=True)
class Nps:
    n: int
    promoters: int
    passives: int
    detractors: int
    score: float | None
    low: float | None
    high: float | None


def nps(values: Iterable[int | float]) -> Nps:
    """Recommendation score from 0-10 answers: % promoters (9-10) minus % detractors (0-6),
    with a normal-approximation 95 % interval."""
    promoters = passives = detractors = 0
    for value in values:
        if value >= 9:
            promoters += 1
        elif value <= 6:
            detractors += 1
        else:
            passives += 1
    return nps_from_counts(promoters, passives, detractors)


def nps_from_counts(promoters: int, passives: int, detractors: int) -> Nps:
    n = promoters + passives + detractors
    if n == 0:
        return Nps(0, 0, 0, 0, None, None, None)
    p, d = promoters / n, detractors / n
    value = (p - d) * 100
    variance = p + d - (p - d) ** 2  # of the +1/0/-1 points
    half = 1.959963984540054 * math.sqrt(variance / n) * 100
    return Nps(n, promoters, passives, detractors, value, value - half, value + half)


def top_two_box(counts: Mapping[int, int], scale_max: int) -> float | None:
    """Share (0-100) of answers in the two highest points of an agreement scale."""
    total = sum(counts.values())
    if total == 0:
        return None
    top = counts.get(scale_max, 0) + counts.get(scale_max - 1, 0)
    return top / total * 100
