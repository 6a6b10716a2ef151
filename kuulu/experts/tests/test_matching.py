"""The pure scoring module: eligibility, points and order."""

from datetime import date

from kuulu.experts.matching import Candidate, Need, Place, rank, score

DAY = date(2026, 6, 15)
NEED = Need(
    areas=frozenset({1, 2}),
    language="sv",
    on=DAY,
    type="lecture",
    remote=False,
    municipality_id=10,
)


def candidate(id: int, **kwargs) -> Candidate:
    values = {
        "areas": frozenset({1, 2}),
        "languages": frozenset({"fi", "sv"}),
        "municipalities": frozenset({10}),
        "remote_ok": False,
        "available": True,
        "unavailable_until": None,
        "types": frozenset({"lecture"}),
        "assignments_last_12_months": 0,
        "last_assignment_on": None,
        **kwargs,
    }
    return Candidate(id=id, **values)


def test_a_perfect_match_without_assignments_gets_full_points():
    suggestion = score(candidate(1), NEED)
    assert suggestion.score == 100.0
    assert (suggestion.matched_areas, suggestion.needed_areas) == (2, 2)
    assert suggestion.place is Place.MUNICIPALITY
    assert suggestion.preferred_type


def test_points_break_down_by_part():
    suggestion = score(
        candidate(
            1,
            areas=frozenset({2, 3}),
            municipalities=frozenset({11}),
            types=frozenset(),
            assignments_last_12_months=3,
            last_assignment_on=date(2026, 3, 17),  # 90 days before
        ),
        NEED,
    )
    b = suggestion.breakdown
    assert (b.areas, b.place, b.type, b.rotation_recent) == (20.0, 0.0, 5.0, 5.0)
    assert b.rotation_wait == round(10 * 90 / 365, 2)
    assert suggestion.place is Place.ELSEWHERE
    assert suggestion.score == round(20 + 0 + 5 + 5 + 10 * 90 / 365, 2)


def test_remote_request_counts_remote_experts_as_in_place():
    need = Need(frozenset({1}), "sv", DAY, "lecture", remote=True, municipality_id=None)
    assert score(candidate(1, remote_ok=True), need).place is Place.REMOTE
    assert score(candidate(2, remote_ok=False), need).place is Place.ELSEWHERE


def test_hard_rules_exclude_candidates():
    ranked = rank(
        [
            candidate(1),
            candidate(2, languages=frozenset({"fi"})),  # no Swedish
            candidate(3, available=False),
            candidate(4, unavailable_until=DAY),  # unavailable on the day itself
            candidate(5, unavailable_until=date(2026, 6, 14)),  # back the day before
            candidate(6, consent_withdrawn=True),
            candidate(7, areas=frozenset({9})),  # no requested area
        ],
        NEED,
    )
    assert [s.candidate.id for s in ranked] == [1, 5]


def test_fair_rotation_ranks_fewer_and_older_assignments_first():
    ranked = rank(
        [
            candidate(1, assignments_last_12_months=2, last_assignment_on=date(2026, 5, 1)),
            candidate(2, assignments_last_12_months=1, last_assignment_on=date(2026, 5, 1)),
            candidate(3, assignments_last_12_months=1, last_assignment_on=date(2025, 9, 1)),
            candidate(4),
        ],
        NEED,
    )
    assert [s.candidate.id for s in ranked] == [4, 3, 2, 1]


def test_ties_go_to_the_lower_id_and_limit_cuts():
    ranked = rank([candidate(3), candidate(1), candidate(2)], NEED, limit=2)
    assert [s.candidate.id for s in ranked] == [1, 2]


def test_a_better_area_match_outranks_rotation():
    ranked = rank(
        [
            candidate(1, areas=frozenset({1}), assignments_last_12_months=0),
            candidate(2, assignments_last_12_months=1, last_assignment_on=date(2026, 1, 1)),
        ],
        NEED,
    )
    # 2: 40 + 20 + 10 + 10 + 10*165/365 = 84.52; 1: 20 + 20 + 10 + 20 + 10 = 80
    assert [s.candidate.id for s in ranked] == [2, 1]


def test_request_without_areas_accepts_any_area():
    need = Need(frozenset(), "sv", DAY, "lecture", remote=False, municipality_id=10)
    ranked = rank([candidate(1, areas=frozenset())], need)
    assert ranked[0].breakdown.areas == 40.0
