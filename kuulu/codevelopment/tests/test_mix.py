"""The group mix: suppression under 5 and the one-sidedness warnings (pure code)."""

from kuulu.codevelopment.mix import Cell, Member, mix_of, suppress, warnings_for

ROLES = ["staff", "manager", "developer_customer", "experience_expert"]
GENDERS = ["woman", "man", "other", "unknown"]


def _members(spec: list[tuple[str, str, str, int]]) -> list[Member]:
    return [Member(role, gender, prof) for role, gender, prof, n in spec for _ in range(n)]


def test_a_group_under_five_shows_no_breakdown():
    mix = mix_of(_members([("staff", "woman", "nurse", 4)]), roles=ROLES, genders=GENDERS)
    assert mix.total == 4
    assert mix.shown is False
    assert mix.by_gender == ()


def test_small_counts_are_hidden_and_shown_ones_until_the_hidden_hold_five():
    # Hiding the zero beside "man" would protect nobody: the total less 9 still gives 3.
    assert suppress([("woman", 9), ("man", 3), ("other", 0), ("unknown", 0)]) == (
        Cell("woman", None),
        Cell("man", None),
        Cell("other", 0),
        Cell("unknown", 0),
    )
    assert suppress([("woman", 12), ("man", 6), ("other", 2), ("unknown", 0)]) == (
        Cell("woman", 12),
        Cell("man", None),  # the smallest shown one goes with "other": hidden 8 >= 5
        Cell("other", None),
        Cell("unknown", 0),
    )
    assert suppress([("woman", 2), ("man", 3), ("other", 6)]) == (
        Cell("woman", None),
        Cell("man", None),
        Cell("other", 6),  # the two hidden hold 5: only their sum can be derived
    )


def test_the_county_minimum_applies_to_the_breakdown():
    members = _members([("staff", "woman", "nurse", 6), ("staff", "man", "doctor", 6)])
    mix = mix_of(members, roles=ROLES, genders=GENDERS, minimum=10)
    assert mix.shown is True
    assert {c.key: c.count for c in mix.by_gender} == {
        "woman": None,
        "man": None,
        "other": 0,
        "unknown": 0,
    }
    assert mix_of(members, roles=ROLES, genders=GENDERS, minimum=13).shown is False


def test_mix_counts_by_gender_role_and_profession():
    members = _members(
        [
            ("staff", "woman", "nurse", 5),
            ("staff", "man", "physiotherapist", 5),
            ("developer_customer", "woman", "", 5),
        ]
    )
    mix = mix_of(members, roles=ROLES, genders=GENDERS)
    assert mix.shown is True
    assert mix.by_gender == (
        Cell("woman", 10),
        Cell("man", 5),
        Cell("other", 0),
        Cell("unknown", 0),
    )
    assert mix.by_profession == (Cell("nurse", 5), Cell("physiotherapist", 5))
    assert {c.key: c.count for c in mix.by_role}["developer_customer"] == 5
    assert mix.warnings == ()


def test_one_gender_over_80_percent_warns_but_80_percent_does_not():
    over = _members(
        [
            ("staff", "woman", "nurse", 9),
            ("staff", "man", "doctor", 1),
            ("experience_expert", "woman", "", 1),
        ]
    )
    assert "gender" in warnings_for(over)  # 10 of 11 = 91 %
    at = _members(
        [
            ("staff", "woman", "nurse", 7),
            ("staff", "man", "doctor", 2),
            ("experience_expert", "woman", "", 1),
        ]
    )
    assert "gender" not in warnings_for(at)  # 8 of 10 = 80 %


def test_gender_warning_needs_five_known_genders():
    members = _members(
        [
            ("staff", "woman", "nurse", 4),
            ("staff", "unknown", "doctor", 6),
            ("developer_customer", "unknown", "", 1),
        ]
    )
    assert warnings_for(members) == ()


def test_single_profession_and_no_customers_warn():
    members = _members([("staff", "woman", "Nurse", 3), ("staff", "man", "nurse ", 3)])
    assert warnings_for(members) == ("profession", "no_customers")


def test_one_profession_typed_in_two_ways_is_counted_once():
    """3 "Nurse" and 2 "nurse " were two small cells, both hidden, though 5 nurses took part."""
    members = _members(
        [
            ("staff", "woman", "Nurse", 3),
            ("staff", "woman", "nurse ", 2),
            ("staff", "man", "physiotherapist", 5),
        ]
    )
    mix = mix_of(members, roles=ROLES, genders=GENDERS)
    assert mix.by_profession == (Cell("Nurse", 5), Cell("physiotherapist", 5))
