"""The pure sortition engine: plain unit tests, no database."""

from __future__ import annotations

import random

import pytest

from kuulu.panels.sortition import (
    LEGACY_ALGORITHM,
    Infeasible,
    Problem,
    Quota,
    QuotaError,
    Shortage,
    Volunteer,
    check_feasibility,
    input_hash,
    select,
)


def pool(n: int = 60, seed: int = 3) -> list[Volunteer]:
    rng = random.Random(seed)
    return [
        Volunteer(
            f"v{i:03d}",
            {
                "age": rng.choice(["young", "middle", "old"]),
                "gender": rng.choice(["woman", "man"]),
                "area": rng.choice(["north", "south"]),
            },
        )
        for i in range(n)
    ]


QUOTAS = [
    Quota("age", "young", 2, 4),
    Quota("age", "middle", 2, 4),
    Quota("age", "old", 2, 4),
    Quota("gender", "woman", 4, 6),
    Quota("gender", "man", 4, 6),
    Quota("area", "north", 3, 7),
    Quota("area", "south", 3, 7),
]


def meets(selection, quotas) -> bool:  # type: ignore[no-untyped-def]
    return all(q.min <= selection.counts[q.stratum][q.value] <= q.max for q in quotas)


def test_feasible_draw_fills_every_seat_within_quotas():
    volunteers = pool()
    selection = select(volunteers, QUOTAS, 10, seed=42)
    assert len(selection.selected) == 10
    assert len(set(selection.selected)) == 10
    assert meets(selection, QUOTAS)
    by_id = {v.id: v for v in volunteers}
    women = sum(1 for i in selection.selected if by_id[i].features["gender"] == "woman")
    assert selection.counts["gender"]["woman"] == women
    assert selection.counts["gender"]["woman"] + selection.counts["gender"]["man"] == 10
    assert selection.seed == 42
    assert selection.algorithm == "kuulu-greedy-2"
    assert len(selection.input_hash) == 64


def test_infeasible_names_the_stratum_value_and_numbers():
    volunteers = [
        Volunteer("1", {"lang": "fi"}),
        Volunteer("2", {"lang": "fi"}),
        Volunteer("3", {"lang": "fi"}),
        Volunteer("4", {"lang": "sv"}),
    ]
    quotas = [Quota("lang", "fi", 1, 3), Quota("lang", "sv", 2, 3)]
    with pytest.raises(Infeasible) as caught:
        select(volunteers, quotas, 3, seed=1)
    assert caught.value.shortages == (Shortage("lang", "sv", 2, 1),)
    assert caught.value.problems == (Problem("shortage", "lang", "sv", 2, 1),)
    assert "lang = sv: needs at least 2 but only 1 volunteered." in caught.value.reasons


def test_infeasible_reports_every_problem_at_once():
    volunteers = [Volunteer(str(i), {"a": "x", "b": "y"}) for i in range(3)]
    quotas = [
        Quota("a", "x", 0, 1),
        Quota("a", "z", 2, 2),
        Quota("b", "y", 0, 5),
    ]
    problems, shortages = check_feasibility(volunteers, quotas, 5)
    assert [p.describe() for p in problems] == [
        "There are 5 seats but only 3 volunteers.",
        "a = z: needs at least 2 but only 0 volunteered.",
    ]
    assert shortages == [Shortage("a", "z", 2, 0)]
    # With enough volunteers, a stratum whose values cannot fill the seats is named.
    volunteers = [Volunteer(str(i), {"a": "x"}) for i in range(9)]
    problems, _shortages = check_feasibility(volunteers, [Quota("a", "x", 0, 3)], 5)
    assert problems == [Problem("max_sum", "a", needed=5, available=3)]


def test_minimums_above_seats_are_infeasible():
    volunteers = pool()
    quotas = [Quota("gender", "woman", 6, 10), Quota("gender", "man", 6, 10)]
    with pytest.raises(Infeasible, match="minimums of gender add up to 12"):
        select(volunteers, quotas, 10, seed=1)


def test_same_seed_same_result_in_any_row_order():
    volunteers = pool()
    first = select(volunteers, QUOTAS, 10, seed=7)
    shuffled = volunteers[:]
    random.Random(99).shuffle(shuffled)
    second = select(shuffled, list(reversed(QUOTAS)), 10, seed=7)
    assert first == second
    assert input_hash(volunteers, QUOTAS, 10) == input_hash(shuffled, QUOTAS[::-1], 10)


def test_different_seeds_usually_give_different_panels():
    volunteers = pool()
    panels = {select(volunteers, QUOTAS, 10, seed=seed).selected for seed in range(20)}
    assert len(panels) >= 18


def test_input_hash_changes_with_an_answer_but_not_with_the_seed():
    volunteers = pool()
    changed = [Volunteer(volunteers[0].id, {**volunteers[0].features, "area": "x"})]
    changed += volunteers[1:]
    assert input_hash(volunteers, QUOTAS, 10) != input_hash(changed, QUOTAS, 10)
    assert (
        select(volunteers, QUOTAS, 10, 1).input_hash == select(volunteers, QUOTAS, 10, 2).input_hash
    )


def test_quotas_are_met_for_every_seed():
    # A skewed pool: few young men, so the minimums bite.
    rng = random.Random(5)
    volunteers = []
    for i in range(200):
        age = rng.choices(["young", "middle", "old"], [1, 3, 6])[0]
        gender = rng.choices(["woman", "man"], [2, 1] if age != "young" else [5, 1])[0]
        volunteers.append(
            Volunteer(str(i), {"age": age, "gender": gender, "area": rng.choice("NSEW")})
        )
    quotas = [
        Quota("age", "young", 4, 6),
        Quota("age", "middle", 4, 8),
        Quota("age", "old", 4, 8),
        Quota("gender", "woman", 7, 9),
        Quota("gender", "man", 7, 9),
        *(Quota("area", a, 3, 5) for a in "NSEW"),
    ]
    for seed in range(200):
        selection = select(volunteers, quotas, 16, seed)
        assert len(selection.selected) == 16
        assert meets(selection, quotas), seed


def test_values_missing_from_the_quotas_are_unconstrained():
    # Quotas for women and men only: "other" and a missing answer may be seated, 0..all seats.
    volunteers = pool(40)
    volunteers.append(Volunteer("other", {"age": "old", "gender": "other", "area": "north"}))
    volunteers.append(Volunteer("no-answer", {"age": "old", "area": "north"}))
    seated = set()
    for seed in range(60):
        selection = select(volunteers, QUOTAS, 10, seed)
        assert meets(selection, QUOTAS)
        seated |= {"other", "no-answer"} & set(selection.selected)
        assert selection.excluded == ()
    assert seated == {"other", "no-answer"}


def test_a_quota_for_one_value_only_leaves_the_others_free():
    # A quota for Swedish speakers only: the Finnish speakers fill the rest.
    volunteers = [Volunteer(f"fi{i}", {"lang": "fi"}) for i in range(20)]
    volunteers += [Volunteer(f"sv{i}", {"lang": "sv"}) for i in range(3)]
    selection = select(volunteers, [Quota("lang", "sv", 2, 3)], 8, seed=4)
    assert 2 <= selection.counts["lang"]["sv"] <= 3
    assert selection.counts["lang"]["fi"] == 8 - selection.counts["lang"]["sv"]


def test_legacy_draws_still_leave_unlisted_values_out():
    volunteers = pool(40)
    volunteers.append(Volunteer("other", {"age": "old", "gender": "other", "area": "north"}))
    for seed in range(20):
        selection = select(volunteers, QUOTAS, 10, seed, algorithm=LEGACY_ALGORITHM)
        assert "other" not in selection.selected
    assert selection.excluded == ("other",)
    assert selection.algorithm == LEGACY_ALGORITHM


def test_answers_for_strata_without_quotas_are_ignored():
    volunteers = [
        Volunteer(str(i), {"g": "a" if i % 2 else "b", "extra": str(i)}) for i in range(6)
    ]
    selection = select(volunteers, [Quota("g", "a", 1, 2), Quota("g", "b", 1, 2)], 4, seed=1)
    assert selection.counts == {"g": {"a": 2, "b": 2}}


def test_more_seats_than_volunteers_is_infeasible():
    volunteers = pool(5)
    with pytest.raises(Infeasible, match="10 seats but only 5 volunteers"):
        select(volunteers, [Quota("gender", "woman", 0, 10), Quota("gender", "man", 0, 10)], 10, 1)


def test_seating_everyone_is_possible():
    volunteers = pool(8)
    quotas = [Quota("gender", "woman", 0, 8), Quota("gender", "man", 0, 8)]
    selection = select(volunteers, quotas, 8, 1)
    assert selection.selected == tuple(sorted(v.id for v in volunteers))


def test_a_value_with_max_zero_is_never_seated():
    volunteers = pool(30)
    quotas = [Quota("gender", "woman", 0, 0), Quota("gender", "man", 0, 10)]
    selection = select(volunteers, quotas, 5, 3)
    assert selection.counts["gender"] == {"man": 5, "woman": 0}


@pytest.mark.parametrize(
    ("quotas", "message"),
    [
        ([Quota("g", "a", 3, 2)], "min 3 is more than max 2"),
        ([Quota("g", "a", -1, 2)], "cannot be negative"),
        ([Quota("g", "a", 0, 2), Quota("g", "a", 0, 1)], "two quota rows"),
    ],
)
def test_malformed_quotas_are_refused(quotas, message):
    with pytest.raises(QuotaError, match=message):
        select([Volunteer("1", {"g": "a"})], quotas, 1, 1)


def test_duplicate_volunteer_ids_are_refused():
    volunteers = [Volunteer("1", {"g": "a"}), Volunteer("1", {"g": "a"})]
    with pytest.raises(QuotaError, match="same id"):
        select(volunteers, [Quota("g", "a", 0, 2)], 1, 1)


def test_tight_quotas_across_strata_are_met():
    # Only the young women can fill both the "young" and the "woman" minimums in 4 seats.
    volunteers = [
        *(Volunteer(f"yw{i}", {"age": "young", "g": "woman"}) for i in range(2)),
        *(Volunteer(f"om{i}", {"age": "old", "g": "man"}) for i in range(20)),
        *(Volunteer(f"ow{i}", {"age": "old", "g": "woman"}) for i in range(20)),
    ]
    quotas = [
        Quota("age", "young", 2, 4),
        Quota("age", "old", 0, 4),
        Quota("g", "woman", 2, 2),
        Quota("g", "man", 0, 4),
    ]
    for seed in range(50):
        selection = select(volunteers, quotas, 4, seed)
        assert {"yw0", "yw1"} <= set(selection.selected)
        assert selection.counts["g"] == {"man": 2, "woman": 2}
