"""Residents' strong identification through an FTN-profile provider (private_key_jwt, signed
request objects, encrypted ID tokens), real and in its own process (see conftest)."""

from __future__ import annotations

import logging
from html import escape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import translation

from kuulu.core.models import AuditEvent
from kuulu.identity import oidc_client, person_keys, requirements
from kuulu.identity.ballots import one_per_person_key
from kuulu.identity.models import StrongIdentity
from kuulu.identity.tests.conftest import BASE_URL, drive_sign_in, dump_database_text
from kuulu.organisation.models import Person

pytestmark = pytest.mark.django_db

HETU = "131052-308T"
OTHER_HETU = "010150Y123A"
LOA3 = "http://ftn.ficora.fi/2017/loa3"
LOA2 = "http://ftn.ficora.fi/2017/loa2"
START = "/en/identity/suomi-fi/"


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def maija(code: str = HETU, municipality: str = "205") -> dict[str, object]:
    return {
        "given_name": "Maija",
        "family_name": "Meikäläinen",
        "hetu": code,
        "home_municipality_code": municipality,
    }


@pytest.fixture
def seen_tokens(monkeypatch):  # type: ignore[no-untyped-def]
    """The raw ID tokens Kuulu received and the claims it accepted from them."""
    seen: list[tuple[str, dict]] = []
    original = oidc_client.validate_id_token

    def spy(raw, **kwargs):  # type: ignore[no-untyped-def]
        claims = original(raw, **kwargs)
        seen.append((raw, claims))
        return claims

    monkeypatch.setattr(oidc_client, "validate_id_token", spy)
    return seen


def test_identification_creates_an_account_keeping_only_the_keyed_hash(
    identity_settings, oidc_provider, org, seen_tokens, caplog
):
    caplog.set_level(logging.DEBUG)
    oidc_provider.set_account("maija", maija(), acr=LOA3, amr=["fi-hst"])
    client = Client()

    response = drive_sign_in(client, START + "?next=/en/feedback/initiative/", "maija")

    assert response.status_code == 302
    assert response["Location"] == "/en/feedback/initiative/"
    identity = StrongIdentity.objects.get()
    assert client.session[SESSION_KEY] == str(identity.user_id)
    assert identity.person_key == person_keys.person_key(
        HETU, secret=b"person-key-secret-for-tests"
    )
    assert (identity.level, identity.acr, identity.amr) == ("high", LOA3, ["fi-hst"])
    assert identity.birth_date.isoformat() == "1952-10-13"
    assert identity.home_municipality_code == "205"
    person = Person.objects.get(user=identity.user)
    assert (person.kind, person.first_name, person.municipality.code) == (
        "resident",
        "Maija",
        "205",
    )
    # The ID token came encrypted (JWE, five parts) and carried the code; Kuulu kept none of it.
    raw, claims = seen_tokens[0]
    assert raw.count(".") == 4
    assert claims["hetu"] == HETU
    assert one_per_person_key(identity.user) == identity.person_key
    stored = dump_database_text()
    for form in (HETU, HETU.lower(), "131052"):
        assert form not in stored
        assert form not in caplog.text
    assert AuditEvent.objects.filter(action="strong_identified").count() == 1


def test_amr_given_as_a_string_is_read_as_a_list(
    identity_settings, oidc_provider, org, seen_tokens
):
    oidc_provider.set_account("maija", maija(), acr=LOA2, amr="fi-mobiilivarmenne")

    response = drive_sign_in(Client(), START, "maija")

    assert response.status_code == 302
    assert seen_tokens[0][1]["amr"] == "fi-mobiilivarmenne"  # as the provider sent it
    identity = StrongIdentity.objects.get()
    assert (identity.level, identity.amr) == ("substantial", ["fi-mobiilivarmenne"])


def test_the_same_person_always_gets_the_same_account(identity_settings, oidc_provider, org):
    oidc_provider.set_account("maija", maija(), acr=LOA3, amr=["fi-hst"])
    oidc_provider.set_account("maija-again", maija(municipality="999"), acr=LOA2, amr=["fi-tupas"])
    oidc_provider.set_account("other", maija(code=OTHER_HETU), acr=LOA3, amr=["fi-hst"])

    drive_sign_in(Client(), START, "maija")
    drive_sign_in(Client(), START, "maija-again")
    drive_sign_in(Client(), START, "other")

    identities = list(StrongIdentity.objects.order_by("pk"))
    assert len(identities) == 2
    assert identities[0].home_municipality_code == "999"  # updated on the second identification
    assert identities[0].level == "substantial"
    assert identities[0].user_id != identities[1].user_id


def test_a_signed_in_resident_identifying_links_the_identity_to_their_account(
    identity_settings, oidc_provider, org
):
    oidc_provider.set_account("maija", maija(), acr=LOA3, amr=["fi-hst"])
    client = Client()
    client.force_login(org.resident)

    drive_sign_in(client, START, "maija")

    assert StrongIdentity.objects.get().user == org.resident


@pytest.mark.parametrize("signed_in", ["staff", "coordinator", "admin"])
def test_identifying_on_a_device_where_staff_are_signed_in_never_links_the_staff_account(
    identity_settings, oidc_provider, org, signed_in
):
    """A ward's or service point's computer: the resident identifying gets an account of their
    own and is signed in to it; the staff member's account carries no resident identity."""
    oidc_provider.set_account("maija", maija(), acr=LOA3, amr=["fi-hst"])
    staff_user = getattr(org, signed_in)
    client = Client()
    client.force_login(staff_user)

    drive_sign_in(client, START, "maija")

    identity = StrongIdentity.objects.get()
    assert identity.user_id != staff_user.pk
    assert client.session[SESSION_KEY] == str(identity.user_id)
    assert Person.objects.get(user=identity.user).kind == Person.Kind.RESIDENT


def test_a_weak_level_of_assurance_is_refused(identity_settings, oidc_provider, org):
    oidc_provider.set_account("maija", maija(), acr="urn:kuulu:staff-password", amr=["pwd"])
    client = Client()

    response = drive_sign_in(client, START, "maija")

    assert response.status_code == 403
    assert "The identification was not strong enough." in response.text
    assert SESSION_KEY not in client.session
    assert not StrongIdentity.objects.exists()
    assert AuditEvent.objects.get(action="strong_id_refused").summary == "resident: weak_level"


def test_an_invalid_identity_code_is_refused_without_storing_it(
    identity_settings, oidc_provider, org, caplog
):
    caplog.set_level(logging.DEBUG)
    oidc_provider.set_account("maija", maija(code="131052-308U"), acr=LOA3, amr=["fi-hst"])

    response = drive_sign_in(Client(), START, "maija")

    assert response.status_code == 403
    assert escape("The identification service gave an invalid identity code.") in response.text
    assert "131052-308U" not in dump_database_text()
    assert "131052-308U" not in caplog.text


def test_the_provider_refuses_an_unsigned_authorization_request(identity_settings, oidc_provider):
    """The provider is configured as the FTN profile asks: plain parameters are not enough."""
    query = urlencode(
        {
            "client_id": "kuulu-resident",
            "response_type": "code",
            "scope": "openid",
            "redirect_uri": f"{BASE_URL}/identity/suomi-fi/callback/",
            "state": "s",
            "nonce": "n",
            "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "code_challenge_method": "S256",
        }
    )

    response = requests.get(
        f"{oidc_provider.issuer}/auth?{query}", allow_redirects=False, timeout=10
    )

    location = parse_qs(urlsplit(response.headers.get("Location", "")).query)
    assert location.get("error") == ["invalid_request"]


def test_an_id_token_that_should_be_encrypted_but_is_not_is_refused():
    client = oidc_client.Client(
        name="resident",
        issuer="http://127.0.0.1:1",
        client_id="kuulu-resident",
        client_secret="",
        auth_method="private_key_jwt",
        scopes="openid",
        callback="identity_resident_callback",
        encrypted_id_token=True,
    )

    with pytest.raises(oidc_client.TokenRefused) as refusal:
        oidc_client.validate_id_token("a.b.c", client=client, meta={}, nonce="n")

    assert refusal.value.code == "not_encrypted"


def test_identification_lasts_for_the_max_age_only(identity_settings, oidc_provider, org, rf):
    oidc_provider.set_account("maija", maija(), acr=LOA3, amr=["fi-hst"])
    client = Client()
    drive_sign_in(client, START, "maija")
    identity = StrongIdentity.objects.get()
    request = rf.get("/")
    request.user = identity.user
    request.session = client.session

    assert requirements.current(request).level == "high"
    data = request.session[requirements.SESSION_KEY]
    data["at"] -= identity_settings.KUULU_STRONG_ID_MAX_AGE + 1

    assert requirements.current(request).level == "account"


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("bad_signature", "The identity provider's answer had an invalid signature."),
        ("wrong_audience", "The identity provider's answer was meant for another service."),
        ("expired", "The identity provider's answer has expired."),
    ],
)
def test_a_faulty_id_token_inside_the_encryption_is_refused(
    identity_settings, oidc_provider, org, seen_tokens, fault, message
):
    oidc_provider.set_account("maija", maija(), acr=LOA3, amr=["fi-hst"])
    oidc_provider.fault(fault)
    client = Client()

    response = drive_sign_in(client, START, "maija")

    assert response.status_code == 403
    assert escape(message) in response.text
    assert SESSION_KEY not in client.session
    assert not StrongIdentity.objects.exists()
    assert AuditEvent.objects.get(action="strong_id_refused").summary == f"resident: {fault}"
    assert seen_tokens == []  # nothing was accepted


def test_a_replayed_nonce_is_refused_for_residents_too(identity_settings, oidc_provider, org):
    from importlib import import_module

    from django.conf import settings

    from kuulu.identity.tests.conftest import finish_at_provider

    oidc_provider.set_account("maija", maija(), acr=LOA3, amr=["fi-hst"])
    victim = Client()
    authorization_url = victim.get(START)["Location"]
    copied = import_module(settings.SESSION_ENGINE).SessionStore()
    for key, value in dict(victim.session.items()).items():
        copied[key] = value
    copied.save()
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = copied.session_key
    assert finish_at_provider(victim, authorization_url, "maija").status_code == 302

    response = finish_at_provider(attacker, authorization_url, "maija")

    assert response.status_code == 403
    assert SESSION_KEY not in attacker.session
    assert AuditEvent.objects.get(action="strong_id_refused").summary == "resident: nonce_replayed"
