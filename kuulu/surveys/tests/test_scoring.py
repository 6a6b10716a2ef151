"""Scoring rules: plain unit tests, no database."""

from __future__ import annotations

import math

import pytest

from kuulu.surveys.scoring import (
    RuleError,
    nps,
    nps_from_counts,
    parse_rule,
    score,
    summarise,
    summary_from_moments,
    top_two_box,
)

TEN = [f"item_{i}" for i in range(1, 11)]


def test_sum_rescaled_to_0_100():
    rule = parse_rule({"method": "sum", "items": TEN, "scale": [1, 5], "rescale": True})
    assert score(rule, dict.fromkeys(TEN, 1)) == 0
    assert score(rule, dict.fromkeys(TEN, 5)) == 100
    assert score(rule, dict.fromkeys(TEN, 3)) == 50
    answers = dict.fromkeys(TEN, 4)
    answers["item_1"] = 2
    assert score(rule, answers) == pytest.approx((38 - 10) / 40 * 100)


def test_plain_sum_and_mean():
    items = ["a", "b", "c"]
    assert score(parse_rule({"method": "sum", "items": items}), {"a": 1, "b": 2, "c": 4}) == 7
    assert score(parse_rule({"method": "mean", "items": items}), {"a": 1, "b": 2, "c": 3}) == 2


def test_reverse_items_are_mirrored_on_the_scale():
    rule = parse_rule({"method": "sum", "items": ["a", "b"], "reverse": ["b"], "scale": [1, 5]})
    assert score(rule, {"a": 5, "b": 1}) == 10
    assert score(rule, {"a": 5, "b": 5}) == 6


def test_missing_items():
    rule = parse_rule(
        {
            "method": "mean",
            "items": ["a", "b", "c"],
            "scale": [1, 5],
            "rescale": True,
            "min_answered": 2,
        }
    )
    assert score(rule, {"a": 5, "b": 3}) == 75
    assert score(rule, {"a": 5}) is None
    strict = parse_rule({"method": "sum", "items": ["a", "b"]})
    assert score(strict, {"a": 5, "b": None}) is None


def test_old_rescale_form_is_read():
    rule = parse_rule({"method": "sum", "items": TEN, "rescale": [1, 5]})
    assert rule.rescale is True
    assert (rule.scale_min, rule.scale_max) == (1, 5)


def test_nps():
    result = nps([10, 9, 9, 8, 7, 6, 0, 10, 3, 9])
    assert (result.promoters, result.passives, result.detractors) == (5, 2, 3)
    assert result.score == pytest.approx(20.0)
    assert result.low < 20 < result.high
    assert nps([]).score is None
    rule = parse_rule({"method": "nps", "items": ["recommend"]})
    assert [score(rule, {"recommend": v}) for v in (10, 8, 2)] == [100, 0, -100]


def test_nps_interval_from_counts():
    result = nps_from_counts(50, 30, 20)
    half = 1.959963984540054 * math.sqrt((0.5 + 0.2 - 0.09) / 100) * 100
    assert result.score == pytest.approx(30)
    assert result.high - result.score == pytest.approx(half)


def test_summary_with_t_interval():
    summary = summarise([50, 60, 70, None])
    assert summary.n == 3
    assert summary.mean == pytest.approx(60)
    # t(0.975, 2) = 4.302653
    assert summary.high - summary.mean == pytest.approx(4.302653 * 10 / math.sqrt(3), rel=1e-5)
    moments = summary_from_moments(3, 180, 50**2 + 60**2 + 70**2)
    assert moments.low == pytest.approx(summary.low)
    assert summarise([]).mean is None
    assert summarise([5]).low is None


def test_top_two_box():
    assert top_two_box({1: 2, 2: 1, 3: 1, 4: 3, 5: 3}, 5) == 60
    assert top_two_box({}, 5) is None


def test_rule_problems_are_all_reported():
    with pytest.raises(RuleError) as exc:
        parse_rule({"method": "median", "items": [], "reverse": ["x"], "scale": [5, 1]})
    assert exc.value.problems == [
        "method must be one of sum, mean, nps",
        "items must be a non-empty list of item keys",
        "reverse must list only scored items",
        "scale must be [lowest, highest] with highest above lowest",
    ]
