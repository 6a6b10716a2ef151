"""Staff single sign-on against a real OpenID Connect provider (see conftest)."""

from __future__ import annotations

import copy
from html import escape
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import translation

from kuulu.accounts import twofactor
from kuulu.accounts.models import User
from kuulu.core.models import AuditEvent
from kuulu.identity.models import ExternalAccount, RoleRule, UsedNonce
from kuulu.identity.tests.conftest import drive_sign_in, finish_at_provider
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import Person

pytestmark = pytest.mark.django_db

STAFF_START = "/en/identity/staff/"


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def rules(org):  # type: ignore[no-untyped-def]
    return {
        "staff": RoleRule.objects.create(
            county=org.county, claim="groups", value="kotihoito", unit=org.unit_a, priority=10
        ),
        "manager": RoleRule.objects.create(
            county=org.county, claim="groups", value="esihenkilot", is_manager=True, priority=50
        ),
        "coordinator": RoleRule.objects.create(
            county=org.county,
            claim="groups",
            value="osallisuus",
            unit=org.area_b,
            is_coordinator=True,
            priority=20,
        ),
    }


def alice(**claims: object) -> dict[str, object]:
    return {
        "email": "alice.virtanen@hyvinvointialue.test",
        "email_verified": True,
        "given_name": "Alice",
        "family_name": "Virtanen",
        "groups": ["kotihoito"],
        "employee_id": "E1001",
        **claims,
    }


def test_first_sign_in_creates_the_account_with_the_mapped_role(
    identity_settings, oidc_provider, org, rules
):
    oidc_provider.set_account("alice", alice())
    client = Client()

    response = drive_sign_in(client, STAFF_START + "?next=/en/workspace/", "alice")

    assert response.status_code == 302
    assert response["Location"] == "/en/workspace/"
    user = User.objects.get(email="alice.virtanen@hyvinvointialue.test")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert not user.has_usable_password()
    link = ExternalAccount.objects.get(user=user)
    assert (link.issuer, link.subject) == (oidc_provider.issuer, "alice")
    assert link.matched_rules == [rules["staff"].pk]
    person = Person.objects.get(user=user)
    assert (person.kind, person.unit_id, person.is_manager, person.is_coordinator) == (
        "staff",
        org.unit_a.pk,
        False,
        False,
    )
    assert (person.first_name, person.last_name) == ("Alice", "Virtanen")
    assert actor_for(user).is_staff
    assert (
        AuditEvent.objects.filter(action="sso_account_created", object_id=str(user.pk)).count() == 1
    )
    assert AuditEvent.objects.filter(action="login", object_id=str(user.pk)).count() == 1


def test_second_sign_in_updates_the_account_and_roles(identity_settings, oidc_provider, org, rules):
    oidc_provider.set_account("alice", alice())
    drive_sign_in(Client(), STAFF_START, "alice")
    oidc_provider.set_account(
        "alice",
        alice(
            email="alice.korhonen@hyvinvointialue.test",
            family_name="Korhonen",
            groups=["kotihoito", "esihenkilot", "osallisuus"],
        ),
    )

    response = drive_sign_in(Client(), STAFF_START, "alice")

    assert response.status_code == 302
    assert User.objects.count() == 7  # the org fixture's six and Alice
    user = ExternalAccount.objects.get(subject="alice").user
    assert user.email == "alice.korhonen@hyvinvointialue.test"
    person = Person.objects.get(user=user)
    # The unit comes from the lowest priority number naming one: "kotihoito" (10).
    assert (person.last_name, person.unit_id, person.is_manager, person.is_coordinator) == (
        "Korhonen",
        org.unit_a.pk,
        True,
        True,
    )
    event = AuditEvent.objects.get(action="sso_account_updated", object_id=str(user.pk))
    assert event.changed_fields == ["email", "is_coordinator", "is_manager", "last_name"]


def test_a_claim_that_maps_to_no_role_signs_in_without_staff_rights(
    identity_settings, oidc_provider, org, rules
):
    oidc_provider.set_account("bob", alice(email="bob@hyvinvointialue.test", groups=["siivous"]))
    client = Client()

    response = drive_sign_in(client, STAFF_START, "bob")

    assert response.status_code == 302
    assert response["Location"] == "/en/identity/staff/no-staff-rights/"
    user = User.objects.get(email="bob@hyvinvointialue.test")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert not actor_for(user).is_staff
    assert not Person.objects.filter(user=user).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Signed in without staff rights" in page.text
    assert "the IT service desk, tel. 0800 000 000" in page.text


def test_losing_the_group_removes_staff_rights(identity_settings, oidc_provider, org, rules):
    oidc_provider.set_account("alice", alice())
    drive_sign_in(Client(), STAFF_START, "alice")
    oidc_provider.set_account("alice", alice(groups=[]))

    response = drive_sign_in(Client(), STAFF_START, "alice")

    assert response["Location"] == "/en/identity/staff/no-staff-rights/"
    user = ExternalAccount.objects.get(subject="alice").user
    assert not actor_for(User.objects.get(pk=user.pk)).is_staff
    # The register keeps the person (HR data); only the account's link to it is gone.
    assert Person.objects.filter(first_name="Alice", user__isnull=True, kind="staff").count() == 1


def test_an_unmapped_group_rule_without_a_unit_gives_no_staff_role(
    identity_settings, oidc_provider, org, rules
):
    oidc_provider.set_account(
        "carl", alice(email="carl@hyvinvointialue.test", groups=["esihenkilot"])
    )

    response = drive_sign_in(Client(), STAFF_START, "carl")

    assert response["Location"] == "/en/identity/staff/no-staff-rights/"


def test_the_provider_saying_the_person_left_deactivates_the_account(
    identity_settings, oidc_provider, org, rules
):
    oidc_provider.set_account("alice", alice())
    drive_sign_in(Client(), STAFF_START, "alice")
    oidc_provider.set_account("alice", alice(kuulu_active=False))
    client = Client()

    response = drive_sign_in(client, STAFF_START, "alice")

    assert response.status_code == 403
    assert "no longer work here" in response.text
    assert "the IT service desk" in response.text
    user = ExternalAccount.objects.get(subject="alice").user
    assert user.is_active is False
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action="sso_deactivated", object_id=str(user.pk)).count() == 1


def test_userinfo_refusing_the_person_deactivates_the_account(
    identity_settings, oidc_provider, org, rules
):
    oidc_provider.set_account("alice", alice())
    drive_sign_in(Client(), STAFF_START, "alice")
    oidc_provider.set_account("alice", alice())
    oidc_provider.fault("forget_account")  # the IdP drops the person right after the token
    client = Client()

    response = drive_sign_in(client, STAFF_START, "alice")

    assert response.status_code == 403
    assert User.objects.get(external_accounts__subject="alice").is_active is False
    assert SESSION_KEY not in client.session


def test_a_deactivated_person_who_returns_is_active_again(
    identity_settings, oidc_provider, org, rules
):
    oidc_provider.set_account("alice", alice(kuulu_active=False))
    drive_sign_in(Client(), STAFF_START, "alice")
    oidc_provider.set_account("alice", alice(kuulu_active=True))

    response = drive_sign_in(Client(), STAFF_START, "alice")

    assert response.status_code == 302
    assert User.objects.get(external_accounts__subject="alice").is_active is True


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("bad_signature", "The identity provider's answer had an invalid signature."),
        ("wrong_audience", "The identity provider's answer was meant for another service."),
        ("expired", "The identity provider's answer has expired."),
    ],
)
def test_a_faulty_id_token_is_refused_with_a_message_and_an_audit_entry(
    identity_settings, oidc_provider, org, rules, fault, message
):
    oidc_provider.set_account("alice", alice())
    oidc_provider.fault(fault)
    client = Client()

    response = drive_sign_in(client, STAFF_START, "alice")

    assert response.status_code == 403
    assert escape(message) in response.text
    assert SESSION_KEY not in client.session
    assert not User.objects.filter(email="alice.virtanen@hyvinvointialue.test").exists()
    event = AuditEvent.objects.get(action="sso_refused")
    assert event.summary == f"staff: {fault}"
    assert event.actor_label == "anonymous"


def test_the_refusal_is_in_the_language_the_person_started_in(
    identity_settings, oidc_provider, org, rules
):
    oidc_provider.set_account("alice", alice())
    oidc_provider.fault("expired")

    response = drive_sign_in(Client(), "/fi/identity/staff/", "alice")

    assert response.status_code == 403
    assert 'lang="fi"' in response.text


def test_a_replayed_nonce_is_refused(identity_settings, oidc_provider, org, rules):
    """A second answer carrying an already used nonce: an attacker who copied the victim's
    session before the callback asks the provider again with the same authorization request."""
    oidc_provider.set_account("alice", alice())
    victim = Client()
    start = victim.get(STAFF_START)
    authorization_url = start["Location"]
    engine = import_module(settings.SESSION_ENGINE)
    copied = engine.SessionStore()
    for key, value in copy.deepcopy(dict(victim.session.items())).items():
        copied[key] = value
    copied.save()
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = copied.session_key
    assert finish_at_provider(victim, authorization_url, "alice").status_code == 302
    assert UsedNonce.objects.count() == 1

    response = finish_at_provider(attacker, authorization_url, "alice")

    assert response.status_code == 403
    assert escape("This sign-in answer has already been used once.") in response.text
    assert SESSION_KEY not in attacker.session
    assert AuditEvent.objects.get(action="sso_refused").summary == "staff: nonce_replayed"


def test_an_answer_without_a_started_sign_in_is_refused(identity_settings, oidc_provider, org):
    response = Client().get("/identity/staff/callback/?code=abc&state=unknown")

    assert response.status_code == 403
    assert AuditEvent.objects.get(action="sso_refused").summary == "staff: state_unknown"


@pytest.mark.parametrize(("amr", "verified"), [(["pwd", "otp"], True), (["pwd"], False)])
def test_a_second_factor_done_at_the_provider_counts_for_kuulu(
    identity_settings, oidc_provider, org, rules, amr, verified
):
    oidc_provider.set_account("alice", alice(groups=["osallisuus"]), amr=amr)
    client = Client()

    drive_sign_in(client, STAFF_START, "alice")

    assert client.session.get(twofactor.IDP_KEY, False) is verified


def test_the_login_page_offers_the_organisation_account(identity_settings, org):
    page = Client().get("/en/accounts/login/")

    assert "Sign in with the organisation's account" in page.text
    assert 'href="/en/identity/staff/"' in page.text
    assert 'name="password"' in page.text


@pytest.mark.parametrize(
    ("mode", "admin_ok", "staff_ok"),
    [("1", True, True), ("0", False, False), ("admins", True, False)],
)
def test_password_sign_in_can_be_turned_off(
    identity_settings, org, password, mode, admin_ok, staff_ok
):
    identity_settings.KUULU_PASSWORD_LOGIN = mode
    results = {}
    for name, user in (("admin", org.admin), ("staff", org.staff)):
        client = Client()
        client.post("/en/accounts/login/", {"username": user.email, "password": password})
        results[name] = client.session.get(SESSION_KEY) == str(user.pk)

    assert results == {"admin": admin_ok, "staff": staff_ok}
    page = Client().get("/en/accounts/login/")
    assert ('name="password"' in page.text) is (mode != "0")


def test_an_unreachable_provider_gives_a_clear_message(identity_settings, org):
    identity_settings.KUULU_SSO_ISSUER = "http://127.0.0.1:9"  # nothing listens there

    response = Client().get(STAFF_START)

    assert response.status_code == 403
    assert "The identity provider cannot be reached at the moment." in response.text
    assert AuditEvent.objects.get(action="sso_refused").summary == "staff: provider_unreachable"


def test_an_account_closed_by_the_hr_sync_stays_closed(
    identity_settings, oidc_provider, org, rules
):
    oidc_provider.set_account("alice", alice())
    drive_sign_in(Client(), STAFF_START, "alice")
    user = User.objects.get(external_accounts__subject="alice")
    User.objects.filter(pk=user.pk).update(is_active=False)  # as the HR sync does for leavers
    client = Client()

    response = drive_sign_in(client, STAFF_START, "alice")

    assert response.status_code == 403
    assert "Your Kuulu account has been closed." in response.text
    assert SESSION_KEY not in client.session
    assert User.objects.get(pk=user.pk).is_active is False
    assert AuditEvent.objects.get(action="sso_refused").summary == "staff: account_closed"


def test_an_address_whose_account_is_linked_to_another_sign_in_is_refused_clearly(
    identity_settings, oidc_provider, org, rules
):
    # The provider made Alice again with a new subject (or gave her address to someone else):
    # her account is not handed over, and a second account cannot have the address.
    oidc_provider.set_account("alice", alice())
    drive_sign_in(Client(), STAFF_START, "alice")
    oidc_provider.set_account("alice-again", alice())
    client = Client()

    response = drive_sign_in(client, STAFF_START, "alice-again")

    assert response.status_code == 403
    assert (
        escape(
            "Your email address belongs to a Kuulu account that is linked to another account at "
            "the organisation's sign-in service. Contact the IT service desk, tel. 0800 000 000."
        )
        in response.text
    )
    assert SESSION_KEY not in client.session
    assert list(ExternalAccount.objects.values_list("subject", flat=True)) == ["alice"]
    assert User.objects.filter(email="alice.virtanen@hyvinvointialue.test").count() == 1
    assert AuditEvent.objects.get(action="sso_refused").summary == "staff: email_taken"
