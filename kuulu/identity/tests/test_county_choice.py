"""Which county a sign-in lands in when the installation holds several counties. The staff
sign-in follows the county whose role rules match; a strongly identified resident belongs to
the county of their home municipality. With one county nothing changes."""

from __future__ import annotations

import pytest

from kuulu.identity import staff_sso, strong_id
from kuulu.identity.models import RoleRule
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import Person
from kuulu.organisation.tests.factories import (
    make_county,
    make_municipality,
    make_person,
    make_unit,
)

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.test"
LOA3 = "http://ftn.ficora.fi/2017/loa3"


def _second_county():  # type: ignore[no-untyped-def]
    county = make_county(slug="keski-suomi")
    unit = make_unit(county, code="ks-kotihoito", name_fi="Kotihoito (Keski-Suomi)")
    return county, unit


def staff_claims(sub: str, email: str, group: str) -> dict[str, object]:
    return {"sub": sub, "email": email, "given_name": "Bea", "family_name": "B", "groups": [group]}


def test_a_staff_sign_in_lands_in_the_county_whose_rules_match(org):
    RoleRule.objects.create(county=org.county, claim="groups", value="kainuu", unit=org.unit_a)
    second, unit = _second_county()
    RoleRule.objects.create(
        county=second, claim="groups", value="ks", unit=unit, is_coordinator=True
    )

    signed = staff_sso.sign_in_staff(
        issuer=ISSUER, claims=staff_claims("bea", "bea@example.test", "ks")
    )

    person = Person.objects.get(user=signed.user)
    assert (person.county, person.unit, person.is_coordinator) == (second, unit, True)
    assert actor_for(signed.user).county_id == second.pk


def test_a_staff_member_of_the_second_county_is_linked_to_their_own_record(org):
    second, unit = _second_county()
    RoleRule.objects.create(county=second, claim="groups", value="ks", unit=unit)
    # The same email in both registers: only the second county's record is theirs.
    make_person(
        org.county, kind="staff", unit=org.unit_b, email="bea@example.test", with_user=False
    )
    own = make_person(second, kind="staff", unit=unit, email="bea@example.test", with_user=False)

    signed = staff_sso.sign_in_staff(
        issuer=ISSUER, claims=staff_claims("bea", "bea@example.test", "ks")
    )

    own.refresh_from_db()
    assert own.user == signed.user
    assert not Person.objects.filter(county=org.county, user=signed.user).exists()


def test_rules_of_two_counties_matching_keep_the_persons_own_county(org):
    RoleRule.objects.create(county=org.county, claim="groups", value="yhteinen", unit=org.unit_a)
    second, unit = _second_county()
    RoleRule.objects.create(county=second, claim="groups", value="yhteinen", unit=unit)

    first = staff_sso.sign_in_staff(
        issuer=ISSUER, claims=staff_claims("new", "new@example.test", "yhteinen")
    )
    own = make_person(second, kind="staff", unit=unit, email="old@example.test")
    again = staff_sso.sign_in_staff(
        issuer=ISSUER, claims=staff_claims("old", "old@example.test", "yhteinen")
    )

    assert not first.mapping.has_staff_role  # neither county is guessed
    assert not Person.objects.filter(user=first.user).exists()
    own.refresh_from_db()
    assert (again.user, own.county, own.unit) == (own.user, second, unit)


def test_with_one_county_the_staff_sign_in_is_as_before(org):
    RoleRule.objects.create(county=org.county, claim="groups", value="kotihoito", unit=org.unit_a)

    signed = staff_sso.sign_in_staff(
        issuer=ISSUER, claims=staff_claims("alice", "alice@example.test", "kotihoito")
    )

    person = Person.objects.get(user=signed.user)
    assert (person.county, person.unit) == (org.county, org.unit_a)


def test_a_resident_belongs_to_the_county_of_their_home_municipality(org, settings):
    settings.KUULU_PERSON_KEY_SECRET = "secret"
    second, _unit = _second_county()
    jyvaskyla = make_municipality(second, code="179", name_fi="Jyväskylä")
    claims = {"acr": LOA3, "hetu": "131052-308T", "home_municipality_code": "179"}

    identified = strong_id.identify_resident(claims=claims, current_user=None)

    person = Person.objects.get(user=identified.identity.user)
    assert (person.county, person.municipality) == (second, jyvaskyla)


def test_a_resident_of_elsewhere_belongs_to_the_installations_county(org, settings):
    settings.KUULU_PERSON_KEY_SECRET = "secret"
    _second_county()
    claims = {"acr": LOA3, "hetu": "131052-308T", "home_municipality_code": "091"}

    identified = strong_id.identify_resident(claims=claims, current_user=None)

    person = Person.objects.get(user=identified.identity.user)
    assert (person.county, person.municipality) == (org.county, None)


def test_a_rule_naming_a_unit_of_another_county_gives_no_rights(org):
    """The admin's unit list holds every county's units: a rule of one county naming another's
    unit made a staff member (here a manager) of the first county inside the second one's unit
    tree, which the people register itself refuses."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    second, _unit = _second_county()
    rule = RoleRule(county=second, claim="groups", value="ks", unit=org.unit_a, is_manager=True)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            rule.full_clean()
        assert refused.value.message_dict == {"unit": ["The unit belongs to another county."]}
    rule.save()  # a rule saved before the check, or not through the admin

    signed = staff_sso.sign_in_staff(
        issuer=ISSUER, claims=staff_claims("bea", "bea@example.test", "ks")
    )

    assert not signed.mapping.has_staff_role
    assert not Person.objects.filter(user=signed.user, kind="staff").exists()
    actor = actor_for(signed.user)
    assert (actor.is_staff, actor.is_manager) == (False, False)
