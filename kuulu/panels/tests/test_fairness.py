"""The maximally fair selection (maximin) and quota relaxations: plain unit tests, no database."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from kuulu.panels import fairness
from kuulu.panels.sortition import Infeasible, Problem, Quota, Relaxation, Volunteer, select


def skewed_pool(n: int = 120, seed: int = 11) -> list[Volunteer]:
    """Volunteers as they come: mostly old women from the centre; few young men."""
    rng = random.Random(seed)
    volunteers = []
    for i in range(n):
        age = rng.choices(["young", "middle", "old"], [1, 3, 8])[0]
        gender = rng.choices(["woman", "man"], [3, 1] if age == "old" else [1, 1])[0]
        area = rng.choices(["centre", "north", "south"], [6, 1, 1])[0]
        volunteers.append(Volunteer(f"v{i:03d}", {"age": age, "gender": gender, "area": area}))
    return volunteers


SKEWED_QUOTAS = [
    Quota("age", "young", 3, 4),
    Quota("age", "middle", 3, 4),
    Quota("age", "old", 3, 5),
    Quota("gender", "woman", 5, 6),
    Quota("gender", "man", 5, 6),
    Quota("area", "north", 2, 4),
    Quota("area", "south", 2, 4),
]


def meets(counts: dict, quotas: list[Quota]) -> bool:
    return all(q.min <= counts[q.stratum][q.value] <= q.max for q in quotas)


def test_every_panel_of_the_distribution_and_every_draw_meets_the_quotas():
    volunteers = skewed_pool()
    distribution = fairness.maximin(volunteers, SKEWED_QUOTAS, 11)
    assert fairness.check_distribution(distribution.as_json(), volunteers, SKEWED_QUOTAS, 11) == []
    for seed in range(30):
        selection = fairness.select_maximin(
            volunteers, SKEWED_QUOTAS, 11, seed, distribution=distribution
        )
        assert len(set(selection.selected)) == 11
        assert meets(selection.counts, SKEWED_QUOTAS), seed
    # A broken distribution is caught.
    broken = distribution.as_json()
    broken["panels"][0][1] = [[0, 11]]
    assert fairness.check_distribution(broken, volunteers, SKEWED_QUOTAS, 11)


def test_probabilities_sum_to_the_seats_and_are_probabilities():
    volunteers = skewed_pool()
    distribution = fairness.maximin(volunteers, SKEWED_QUOTAS, 11)
    probabilities = distribution.probabilities()
    assert set(probabilities) == {v.id for v in volunteers}
    assert sum(probabilities.values()) == pytest.approx(11, abs=1e-6)
    assert all(-1e-9 <= p <= 1 + 1e-9 for p in probabilities.values())
    assert min(probabilities.values()) == pytest.approx(distribution.min_probability, abs=1e-9)
    assert distribution.upper_bound == pytest.approx(distribution.min_probability, rel=1e-5)
    assert sum(w for w, _counts in distribution.panels) == pytest.approx(1.0)


def test_known_optimum_on_a_small_pool():
    # One woman and three men for two seats, exactly one woman: she is always on the panel,
    # each man has 1/3; nobody can do better for the men.
    volunteers = [Volunteer("w", {"g": "woman"})] + [
        Volunteer(f"m{i}", {"g": "man"}) for i in range(3)
    ]
    distribution = fairness.maximin(volunteers, [Quota("g", "woman", 1, 1)], 2)
    probabilities = distribution.probabilities()
    assert probabilities["w"] == pytest.approx(1.0)
    for i in range(3):
        assert probabilities[f"m{i}"] == pytest.approx(1 / 3)
    assert distribution.min_probability == pytest.approx(1 / 3)


def test_unlisted_values_are_unconstrained():
    # Quotas for women and men but none for "other"; a quota for Swedish speakers only.
    volunteers = [
        *(Volunteer(f"w{i}", {"g": "woman", "lang": "fi"}) for i in range(8)),
        *(Volunteer(f"m{i}", {"g": "man", "lang": "fi"}) for i in range(8)),
        Volunteer("o1", {"g": "other", "lang": "fi"}),
        Volunteer("s1", {"g": "woman", "lang": "sv"}),
        Volunteer("s2", {"g": "man", "lang": "sv"}),
        Volunteer("x1", {"lang": "fi"}),  # no answer for g
    ]
    quotas = [
        Quota("g", "woman", 2, 4),
        Quota("g", "man", 2, 4),
        Quota("lang", "sv", 1, 2),
    ]
    distribution = fairness.maximin(volunteers, quotas, 6)
    probabilities = distribution.probabilities()
    assert distribution.unseatable == ()
    assert probabilities["o1"] > 0.1
    assert probabilities["x1"] > 0.1
    assert distribution.min_probability > 0.1
    seen = Counter()
    for seed in range(200):
        selection = fairness.select_maximin(volunteers, quotas, 6, seed, distribution=distribution)
        assert meets(selection.counts, quotas)
        seen.update(selection.selected)
    assert seen["o1"] > 0
    assert seen["x1"] > 0


def test_a_value_held_at_zero_is_unseatable_and_left_out_of_the_minimum():
    volunteers = [Volunteer(f"a{i}", {"g": "a"}) for i in range(4)] + [Volunteer("b0", {"g": "b"})]
    distribution = fairness.maximin(volunteers, [Quota("g", "b", 0, 0)], 2)
    assert distribution.unseatable == ("b0",)
    assert distribution.probabilities()["b0"] == 0
    assert distribution.min_probability == pytest.approx(0.5)


def test_a_shortage_is_named_with_the_shortfall_and_a_relaxation():
    volunteers = [Volunteer(f"fi{i}", {"lang": "fi"}) for i in range(10)] + [
        Volunteer(f"sv{i}", {"lang": "sv"}) for i in range(2)
    ]
    quotas = [Quota("lang", "sv", 4, 5), Quota("lang", "fi", 2, 8)]
    with pytest.raises(Infeasible) as caught:
        fairness.maximin(volunteers, quotas, 8)
    assert caught.value.problems == (Problem("shortage", "lang", "sv", 4, 2),)
    assert "lang = sv: needs at least 4 but only 2 volunteered." in caught.value.reasons
    assert caught.value.relaxations == (Relaxation("lang", "sv", 4, 5, 2, 5),)


def test_quotas_that_cannot_hold_together_get_the_smallest_relaxation():
    # Two seats; both must be young and at least one a woman, but every young volunteer is a
    # man. Each quota alone can be met.
    volunteers = [Volunteer(f"ym{i}", {"age": "young", "g": "man"}) for i in range(3)] + [
        Volunteer(f"ow{i}", {"age": "old", "g": "woman"}) for i in range(3)
    ]
    quotas = [Quota("age", "young", 2, 2), Quota("g", "woman", 1, 2)]
    problem = fairness.infeasibility(volunteers, quotas, 2)
    assert problem is not None
    assert problem.problems == (Problem("combination"),)
    relaxations = problem.relaxations
    change = sum(r.min - r.new_min + r.new_max - r.max for r in relaxations)
    assert change == 1
    relaxed = {(r.stratum, r.value): r for r in relaxations}
    new_quotas = [
        Quota(
            q.stratum,
            q.value,
            relaxed[(q.stratum, q.value)].new_min,
            relaxed[(q.stratum, q.value)].new_max,
        )
        if (q.stratum, q.value) in relaxed
        else q
        for q in quotas
    ]
    assert fairness.infeasibility(volunteers, new_quotas, 2) is None
    with pytest.raises(Infeasible):
        fairness.maximin(volunteers, quotas, 2)


def test_too_few_volunteers_has_no_relaxation():
    volunteers = [Volunteer(str(i), {"g": "a"}) for i in range(3)]
    with pytest.raises(Infeasible) as caught:
        fairness.maximin(volunteers, [Quota("g", "a", 0, 5)], 5)
    assert caught.value.problems[0] == Problem("seats", needed=5, available=3)
    assert caught.value.relaxations == ()


def test_maximin_is_at_least_as_fair_as_the_stratified_draw_on_a_skewed_pool():
    volunteers = skewed_pool()
    distribution = fairness.maximin(volunteers, SKEWED_QUOTAS, 11)
    runs = 1500
    chosen = Counter()
    for seed in range(runs):
        chosen.update(select(volunteers, SKEWED_QUOTAS, 11, seed).selected)
    stratified_min = min(chosen[v.id] / runs for v in volunteers)
    assert distribution.min_probability >= stratified_min
    # And by a margin here: the greedy draw leaves the common volunteers far behind.
    assert distribution.min_probability > 1.2 * stratified_min


def test_the_same_inputs_and_seed_give_the_same_draw_in_any_row_order():
    volunteers = skewed_pool()
    first = fairness.select_maximin(volunteers, SKEWED_QUOTAS, 11, seed=77)
    shuffled = volunteers[:]
    random.Random(3).shuffle(shuffled)
    second = fairness.select_maximin(shuffled, SKEWED_QUOTAS[::-1], 11, seed=77)
    assert first.distribution == second.distribution
    assert first.selected == second.selected
    assert first.probabilities == second.probabilities
    assert first.input_hash == second.input_hash
    # The lottery re-runs from the recorded distribution alone, without the solver.
    members = fairness.members_of_types(first.distribution, volunteers)
    assert tuple(fairness.lottery(first.distribution, members, 77)) == first.selected
    assert fairness.probabilities_of(first.distribution, members) == pytest.approx(
        dict(first.probabilities)
    )
    others = {fairness.lottery(first.distribution, members, seed)[0] for seed in range(40)}
    assert len(others) > 1


def test_progress_is_reported():
    reports = []
    fairness.maximin(skewed_pool(), SKEWED_QUOTAS, 11, progress=reports.append)
    assert reports[0].phase == "cover"
    assert reports[-1].phase == "improve"
    assert reports[-1].lower == pytest.approx(reports[-1].upper, rel=1e-5)
