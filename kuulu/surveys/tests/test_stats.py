import math

import pytest
from scipy import stats as scipy_stats

from kuulu.surveys import stats


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (0, 40, 0),
        (24, 40, 60),
        (11, 40, 28),  # 27.5 rounds half up
        (399, 400, 99),  # 99.75 would round to 100
        (1, 400, 1),  # 0.25 would round to 0
        (400, 400, 100),
        (3, 0, 0),
    ],
)
def test_percent_is_never_100_unless_all_nor_0_unless_none(count, total, expected):
    assert stats.percent(count, total) == expected


def test_distribution_of_a_small_group_shows_nothing():
    result = stats.distribution([("a", "A", 2), ("b", "B", 2)], base=4, min_group=5)

    assert result == stats.Distribution(base=None, options=(), suppressed=True)


def test_multiple_choice_shares_are_of_respondents():
    result = stats.distribution([("a", "A", 8), ("b", "B", 6)], base=10, min_group=5)

    assert [(o.key, o.count, o.percent) for o in result.options] == [("a", 8, 80), ("b", 6, 60)]
    assert result.base == 10


def test_primary_suppression_hides_small_groups_only():
    hidden = stats.suppressed_groups({"a": 30, "b": 12, "c": 7}, min_group=5)

    assert hidden == frozenset()


def test_secondary_suppression_hides_the_next_smallest_group():
    # b alone could be recovered as total - a - c - d
    hidden = stats.suppressed_groups({"a": 30, "b": 3, "c": 7, "d": 9}, min_group=5)

    assert hidden == frozenset({"b", "c"})


def test_secondary_suppression_until_hidden_groups_reach_the_threshold():
    hidden = stats.suppressed_groups({"a": 30, "b": 1, "c": 1, "d": 20, "e": 6}, min_group=5)

    # b + c = 2 < 5, so e (the smallest shown) goes too: 8 >= 5
    assert hidden == frozenset({"b", "c", "e"})


def test_two_small_groups_that_together_reach_the_threshold_need_no_more():
    hidden = stats.suppressed_groups({"a": 30, "b": 3, "c": 4}, min_group=5)

    assert hidden == frozenset({"b", "c"})


def test_empty_groups_are_neither_hidden_nor_used_to_hide():
    hidden = stats.suppressed_groups({"a": 30, "b": 0, "c": 2, "d": 8}, min_group=5)

    assert hidden == frozenset({"c", "d"})


def test_no_secondary_suppression_without_a_shown_total():
    hidden = stats.suppressed_groups({"a": 30, "b": 3}, min_group=5, total_shown=False)

    assert hidden == frozenset({"b"})


def test_mean_ci_matches_the_t_distribution():
    values = [1, 2, 2, 3, 4, 4, 4, 5]
    histogram = {1: 1, 2: 2, 3: 1, 4: 3, 5: 1}

    result = stats.mean_ci(histogram)

    mean = sum(values) / len(values)  # 3.125, shown half up as 3.13
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    low, high = scipy_stats.t.interval(
        0.95, len(values) - 1, loc=mean, scale=sd / math.sqrt(len(values))
    )
    assert result == stats.MeanCI(
        n=8, mean=3.13, low=round(low, 2), high=round(high, 2), sd=round(sd, 2)
    )


def test_mean_of_one_value_has_no_interval():
    assert stats.mean_ci({7: 1}) == stats.MeanCI(n=1, mean=7.0, low=None, high=None, sd=None)
    assert stats.mean_ci({}) is None


def test_median_from_a_histogram():
    assert stats.median({1: 1, 2: 1, 3: 1}) == 2
    assert stats.median({1: 2, 5: 2}) == 3
    assert stats.median({10: 5, 20: 1}) == 10
    assert stats.median({}) is None


def test_top_two_box_counts_the_two_highest_points():
    share = stats.top_two_box({1: 2, 2: 3, 3: 5, 4: 6, 5: 4}, scale_max=5)

    assert (share.count, share.total, share.percent) == (10, 20, 50)


def test_nps_is_promoters_minus_detractors():
    histogram = {0: 1, 5: 2, 6: 3, 7: 2, 8: 2, 9: 6, 10: 4}  # 6 detractors, 4 passive, 10 promoters

    result = stats.nps(histogram)

    assert (result.n, result.promoters, result.passives, result.detractors) == (20, 10, 4, 6)
    assert result.score == 20
    assert (result.promoters_percent, result.detractors_percent) == (50, 30)


def test_nps_rounds_half_away_from_zero():
    assert stats.nps({0: 5, 9: 3}).score == -25  # -25.0
    assert stats.nps({0: 1, 8: 7}).score == -13  # -12.5
    assert stats.round_half_away(-12.5) == -13
    assert stats.round_half_away(12.5) == 13


def test_scale_summary_of_a_small_group_is_suppressed():
    summary = stats.summarise_scale({9: 2, 10: 2}, min_group=5, recommendation=True)

    assert summary.suppressed
    assert (summary.n, summary.mean, summary.nps) == (None, None, None)


def test_scale_summary_with_top_two_and_nps():
    summary = stats.summarise_scale({1: 1, 4: 2, 5: 2}, min_group=5, scale_max=5, agreement=True)

    assert summary.n == 5
    assert summary.top_two.percent == 80
    assert summary.median == 4
    assert summary.nps is None


def test_mean_ranks_order_options_best_first():
    rows = [("a", "A", 1, 3), ("a", "A", 2, 2), ("b", "B", 1, 2), ("b", "B", 2, 3)]

    ranked = stats.mean_ranks(rows)

    assert [(r.key, r.mean_rank, r.first, r.n) for r in ranked] == [
        ("a", 1.4, 3, 5),
        ("b", 1.6, 2, 5),
    ]
