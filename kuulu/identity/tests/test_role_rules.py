"""Claims to roles (pure)."""

from kuulu.identity.role_rules import NO_ROLE, Rule, claim_values, map_claims


def rule(
    id_: int,
    value: str,
    *,
    claim: str = "groups",
    unit: int | None = None,
    priority: int = 100,
    manager: bool = False,
    coordinator: bool = False,
) -> Rule:
    return Rule(
        id=id_,
        claim=claim,
        value=value,
        unit_id=unit,
        is_manager=manager,
        is_coordinator=coordinator,
        priority=priority,
    )


def test_claim_values_reads_strings_lists_booleans_and_dotted_paths():
    claims = {"groups": ["a", "b", 3], "dept": "x", "active": False, "realm": {"roles": ["r"]}}

    assert claim_values(claims, "groups") == {"a", "b", "3"}
    assert claim_values(claims, "dept") == {"x"}
    assert claim_values(claims, "active") == {"false"}
    assert claim_values(claims, "realm.roles") == {"r"}
    assert claim_values(claims, "missing.path") == set()


def test_no_matching_rule_gives_no_role():
    assert map_claims({"groups": ["other"]}, [rule(1, "staff", unit=5)]) == NO_ROLE
    assert not NO_ROLE.has_staff_role


def test_rights_add_up_and_the_unit_comes_from_the_lowest_priority_number():
    rules = [
        rule(1, "staff", unit=5, priority=30),
        rule(2, "coord", unit=9, priority=10, coordinator=True),
        rule(3, "lead", manager=True, priority=1),
    ]

    mapping = map_claims({"groups": ["staff", "coord", "lead"]}, rules)

    assert mapping.matched == (3, 2, 1)
    assert (mapping.unit_id, mapping.is_manager, mapping.is_coordinator) == (9, True, True)


def test_rights_without_a_unit_are_no_staff_role_unless_a_unit_claim_gives_one():
    rules = [rule(1, "lead", manager=True)]

    assert not map_claims({"groups": ["lead"]}, rules).has_staff_role
    assert map_claims({"groups": ["lead"]}, rules, unit_from_claim=4).unit_id == 4


def test_multi_factor_from_amr():
    from kuulu.identity.staff_sso import idp_did_multi_factor

    assert idp_did_multi_factor(["mfa"])
    assert idp_did_multi_factor(["pwd", "otp"])
    assert idp_did_multi_factor("pwd hwk")
    assert not idp_did_multi_factor(["pwd"])
    assert not idp_did_multi_factor(["otp", "sms"])
    assert not idp_did_multi_factor(None)


def test_an_amr_claim_that_is_no_list_or_text_is_no_second_factor():
    # RFC 8176 makes amr an array of strings; a provider that sends a number or a boolean
    # (a mapping mistake) made the staff sign-in end in a server error after the account was
    # saved. It is read as no second factor, and Kuulu asks for its own.
    from kuulu.identity.staff_sso import idp_did_multi_factor

    for amr in (5, True, 2.5, {"mfa": True}):
        assert not idp_did_multi_factor(amr)
