"""A verified sign-in whose claims are odd (too long, not text, NUL characters): Kuulu makes the
account from what it can use and never answers with a server error (PostgreSQL refuses NULs and
over-long values that SQLite takes)."""

from __future__ import annotations

import pytest

from kuulu.accounts.models import User
from kuulu.identity import staff_sso
from kuulu.identity.models import ExternalAccount, RoleRule
from kuulu.identity.oidc_client import is_valid_subject
from kuulu.organisation.models import Person

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.example.test"


def _claims(**changes: object) -> dict[str, object]:
    return {
        "sub": "abc-123",
        "email": "alice@example.test",
        "given_name": "Alice",
        "family_name": "Virtanen",
        "groups": ["kotihoito"],
        "employee_id": "E1001",
        "unit_code": "KH1",
        **changes,
    }


@pytest.fixture
def rule(org, settings):  # type: ignore[no-untyped-def]
    settings.KUULU_SSO_UNIT_CLAIM = "unit_code"
    return RoleRule.objects.create(
        county=org.county, claim="groups", value="kotihoito", unit=org.unit_a, priority=10
    )


@pytest.mark.parametrize(
    "email",
    ["a" * 250 + "@example.test", "not an address", {"x": 1}, 5],
    ids=["too-long", "no-address", "object", "number"],
)
def test_an_unusable_email_claim_makes_the_account_without_an_address(org, rule, email):
    outcome = staff_sso.sign_in_staff(issuer=ISSUER, claims=_claims(email=email))

    user = User.objects.get(pk=outcome.user.pk)
    assert user.email.endswith("@sso.invalid")
    assert outcome.mapping.has_staff_role
    person = Person.objects.get(user=user)
    assert person.email == ""
    assert person.unit_id == org.unit_a.pk


def test_an_email_claim_in_capitals_is_kept_in_lower_case(org, rule):
    outcome = staff_sso.sign_in_staff(issuer=ISSUER, claims=_claims(email="Alice@Example.TEST"))

    assert User.objects.get(pk=outcome.user.pk).email == "alice@example.test"


def test_nul_characters_in_names_and_codes_are_dropped(org, rule):
    claims = _claims(
        given_name="Al\x00ice",
        employee_id="E\x001001",
        unit_code="K\x00H1",
        email="alice@exa\x00mple.test",
    )

    outcome = staff_sso.sign_in_staff(issuer=ISSUER, claims=claims)

    person = Person.objects.get(user=outcome.user)
    assert outcome.user.email == "alice@example.test"
    assert person.first_name == "Alice"
    assert person.external_id == "E1001"


def test_an_employee_id_too_long_to_be_one_is_not_cut_short_and_matched(org, rule):
    Person.objects.filter(pk=org.staff_person.pk).update(external_id="E" * 100)

    outcome = staff_sso.sign_in_staff(issuer=ISSUER, claims=_claims(employee_id="E" * 101))

    person = Person.objects.get(user=outcome.user)
    assert person.pk != org.staff_person.pk
    assert person.external_id == ""
    assert ExternalAccount.objects.get(user=outcome.user).subject == "abc-123"


@pytest.mark.parametrize(
    ("sub", "valid"),
    [
        ("abc-123", True),
        ("s" * 255, True),
        ("s" * 256, False),
        ("s\x00b", False),
        ("", False),
        (12345, False),
        ({"id": 1}, False),
        (None, False),
        ("tähti", False),
    ],
)
def test_a_subject_is_a_short_printable_ascii_string(sub, valid):
    assert is_valid_subject(sub) is valid


def test_nul_characters_in_a_residents_names_and_methods_are_dropped(org, settings):
    # PostgreSQL refuses NUL in text and in jsonb: the identification ended in a server error
    # (on SQLite the NULs were stored in the person's name).
    from kuulu.identity import strong_id
    from kuulu.identity.models import StrongIdentity

    settings.KUULU_PERSON_KEY_SECRET = "secret"
    claims = {
        "acr": "http://ftn.ficora.fi/2017/loa3",
        "hetu": "131052-308T",
        "home_municipality_code": "205",
        "given_name": "Mai\x00ja",
        "family_name": "Meikä\x00läinen",
        "amr": ["tu\x00pas", "\x00"],
    }

    identified = strong_id.identify_resident(claims=claims, current_user=None)

    person = Person.objects.get(user=identified.identity.user)
    assert (person.first_name, person.last_name) == ("Maija", "Meikäläinen")
    assert StrongIdentity.objects.get(pk=identified.identity.pk).amr == ["tupas"]


def test_a_residents_name_claim_that_is_no_text_is_left_empty(org, settings):
    from kuulu.identity import strong_id

    settings.KUULU_PERSON_KEY_SECRET = "secret"
    claims = {
        "acr": "http://ftn.ficora.fi/2017/loa3",
        "hetu": "131052-308T",
        "given_name": ["Maija"],
        "family_name": {"fi": "Meikäläinen"},
    }

    identified = strong_id.identify_resident(claims=claims, current_user=None)

    person = Person.objects.get(user=identified.identity.user)
    assert (person.first_name, person.last_name) == ("", "")
