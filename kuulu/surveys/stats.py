"""Survey statistics: shares, means with confidence intervals, NPS and small-group suppression.

Pure Python (scipy for the t-distribution), no Django. The database hands over tallies (counts
per option, histograms of values); everything here works on those tallies, so the cost does not
grow with the number of responses.

Rounding
    Shares are whole percentages rounded half up. A share is shown as 100 % only when everyone
    chose the option and as 0 % only when nobody did: 399 of 400 is 99 %, 1 of 400 is 1 %.
    Means are rounded to two decimals, the NPS to a whole number (half away from zero).

Suppression (``min_group``, the county's ``KUULU_MIN_GROUP_SIZE``, default 5)
    1. Primary: no figure at all (no count, share, mean, NPS or score) for a group of fewer than
       ``min_group`` respondents. A group with nobody in it is shown as empty: it reveals nobody.
    2. Secondary: within one breakdown (the groups of one comparison, for one question) the
       total is shown, so a single hidden group could be recovered by subtracting the shown
       groups from it. While the hidden groups together hold fewer than ``min_group``
       respondents, the smallest shown group is hidden too (ties by the order given). Then only
       the sum of the hidden groups can be derived, and it is at least ``min_group``.
    Option counts inside a group that is shown are not suppressed: the rule protects groups of
    respondents, and every share is a share of a group of at least ``min_group``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

DEFAULT_MIN_GROUP = 5


def _half_up(value: float, digits: int = 0) -> float:
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_half_away(value: float) -> int:
    """Round to a whole number, halves away from zero (-12.5 → -13, 12.5 → 13)."""
    return int(math.copysign(_half_up(abs(value)), value))


def percent(count: int, total: int) -> int:
    """`count` of `total` as a whole percentage: never 100 unless all, never 0 unless none."""
    if total <= 0 or count <= 0:
        return 0
    if count >= total:
        return 100
    value = int(_half_up(100 * count / total))
    return min(max(value, 1), 99)


@dataclass(frozen=True)
class Share:
    """How many of a group, and the share as a whole percentage."""

    count: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.count, self.total)


@dataclass(frozen=True)
class OptionShare:
    key: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Distribution:
    """The answers of one group to one question. `base` is the number of respondents who
    answered it; for multiple choice the shares are of respondents, so they may add up to more
    than 100 %. Suppressed: `base` is None and there are no options."""

    base: int | None
    options: tuple[OptionShare, ...]
    suppressed: bool = False


def distribution(
    counts: Sequence[tuple[str, str, int]], *, base: int, min_group: int = DEFAULT_MIN_GROUP
) -> Distribution:
    """(key, label, count) per option, in display order, with `base` respondents."""
    if is_suppressed(base, min_group):
        return Distribution(base=None, options=(), suppressed=True)
    return Distribution(
        base=base,
        options=tuple(
            OptionShare(key=key, label=label, count=count, percent=percent(count, base))
            for key, label, count in counts
        ),
    )


def is_suppressed(size: int, min_group: int = DEFAULT_MIN_GROUP) -> bool:
    """Primary suppression: a non-empty group smaller than `min_group`."""
    return 0 < size < min_group


def suppressed_groups(
    sizes: Mapping[K, int], *, min_group: int = DEFAULT_MIN_GROUP, total_shown: bool = True
) -> frozenset[K]:
    """The groups of one breakdown to hide: primary, then secondary (see the module docstring).

    `sizes` is in display order; ties between equally small groups go to the earlier one."""
    hidden = [key for key, size in sizes.items() if is_suppressed(size, min_group)]
    if not hidden or not total_shown:
        return frozenset(hidden)
    shown = [key for key, size in sizes.items() if key not in hidden and size > 0]
    while shown and sum(sizes[key] for key in hidden) < min_group:
        smallest = min(shown, key=lambda key: sizes[key])
        shown.remove(smallest)
        hidden.append(smallest)
    return frozenset(hidden)


# --- numbers and scales ---------------------------------------------------------------------


@dataclass(frozen=True)
class MeanCI:
    """A mean with its 95 % confidence interval by the t-distribution (none for n < 2)."""

    n: int
    mean: float
    low: float | None
    high: float | None
    sd: float | None


def _moments(histogram: Mapping[float, int]) -> tuple[int, float, float | None]:
    n = sum(count for count in histogram.values() if count > 0)
    if n == 0:
        return 0, 0.0, None
    mean = sum(float(value) * count for value, count in histogram.items()) / n
    if n < 2:
        return n, mean, None
    squares = sum(count * (float(value) - mean) ** 2 for value, count in histogram.items())
    return n, mean, math.sqrt(squares / (n - 1))


def mean_ci(histogram: Mapping[float, int], *, confidence: float = 0.95) -> MeanCI | None:
    """Mean of values given as {value: how many}, with a two-sided t confidence interval."""
    n, mean, sd = _moments(histogram)
    if n == 0:
        return None
    if sd is None:
        return MeanCI(n=n, mean=_half_up(mean, 2), low=None, high=None, sd=None)
    from scipy.stats import t as student_t  # loaded on first use: scipy.stats is ~80 MB

    margin = float(student_t.ppf((1 + confidence) / 2, n - 1)) * sd / math.sqrt(n)
    return MeanCI(
        n=n,
        mean=_half_up(mean, 2),
        low=_half_up(mean - margin, 2),
        high=_half_up(mean + margin, 2),
        sd=_half_up(sd, 2),
    )


def median(histogram: Mapping[float, int]) -> float | None:
    """The median of values given as {value: how many} (the mean of the middle two if even)."""
    n = sum(histogram.values())
    if n == 0:
        return None
    ordered = sorted((float(v), c) for v, c in histogram.items() if c > 0)

    def nth(index: int) -> float:
        seen = 0
        for value, count in ordered:
            seen += count
            if index < seen:
                return value
        return ordered[-1][0]

    if n % 2:
        return nth(n // 2)
    return (nth(n // 2 - 1) + nth(n // 2)) / 2


def top_two_box(histogram: Mapping[float, int], *, scale_max: int) -> Share:
    """How many chose one of the two highest points of an agreement scale (e.g. 4 or 5 of 5)."""
    total = sum(histogram.values())
    top = sum(count for value, count in histogram.items() if float(value) >= scale_max - 1)
    return Share(count=top, total=total)


@dataclass(frozen=True)
class Nps:
    """Net promoter score: % of 9-10 minus % of 0-6 on the 0-10 recommendation question."""

    n: int
    promoters: int
    passives: int
    detractors: int

    @property
    def score(self) -> int:
        if not self.n:
            return 0
        return round_half_away(100 * (self.promoters - self.detractors) / self.n)

    @property
    def promoters_percent(self) -> int:
        return percent(self.promoters, self.n)

    @property
    def passives_percent(self) -> int:
        return percent(self.passives, self.n)

    @property
    def detractors_percent(self) -> int:
        return percent(self.detractors, self.n)


def nps(histogram: Mapping[float, int]) -> Nps:
    promoters = passives = detractors = 0
    for value, count in histogram.items():
        if float(value) >= 9:
            promoters += count
        elif float(value) >= 7:
            passives += count
        else:
            detractors += count
    return Nps(
        n=promoters + passives + detractors,
        promoters=promoters,
        passives=passives,
        detractors=detractors,
    )


@dataclass(frozen=True)
class ScaleSummary:
    """A scale or number question for one group. `top_two` only for agreement scales, `nps`
    only for the 0-10 scale. Suppressed: everything None."""

    n: int | None
    mean: MeanCI | None
    median: float | None
    top_two: Share | None
    nps: Nps | None
    suppressed: bool = False


def summarise_scale(
    histogram: Mapping[float, int],
    *,
    min_group: int = DEFAULT_MIN_GROUP,
    scale_max: int | None = None,
    agreement: bool = False,
    recommendation: bool = False,
) -> ScaleSummary:
    n = sum(histogram.values())
    if is_suppressed(n, min_group):
        return ScaleSummary(n=None, mean=None, median=None, top_two=None, nps=None, suppressed=True)
    return ScaleSummary(
        n=n,
        mean=mean_ci(histogram),
        median=median(histogram),
        top_two=top_two_box(histogram, scale_max=scale_max)
        if agreement and scale_max is not None
        else None,
        nps=nps(histogram) if recommendation else None,
    )


@dataclass(frozen=True)
class RankedOption:
    key: str
    label: str
    n: int
    mean_rank: float
    first: int


def mean_ranks(
    ranks: Iterable[tuple[str, str, int, int]],
) -> tuple[RankedOption, ...]:
    """(key, label, rank, how many) rows → options by mean rank, best (lowest) first."""
    totals: dict[str, list] = {}
    for key, label, rank, count in ranks:
        entry = totals.setdefault(key, [label, 0, 0, 0])
        entry[1] += count
        entry[2] += rank * count
        if rank == 1:
            entry[3] += count
    out = [
        RankedOption(key=key, label=label, n=n, mean_rank=_half_up(total / n, 2), first=first)
        for key, (label, n, total, first) in totals.items()
        if n
    ]
    return tuple(sorted(out, key=lambda option: (option.mean_rank, option.key)))
