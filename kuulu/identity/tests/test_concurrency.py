"""Real concurrency on PostgreSQL: the same person's first sign-in twice at the same moment."""

import pytest

from kuulu.accounts.models import User
from kuulu.core.tests.concurrency import race as _race
from kuulu.identity import person_keys, staff_sso, strong_id
from kuulu.identity.models import ExternalAccount, StrongIdentity
from kuulu.organisation.tests.factories import make_county

pytestmark = pytest.mark.postgres


def test_two_first_sign_ins_of_one_person_make_one_account(postgres):
    make_county()
    claims = {"sub": "alice", "email": "alice@example.test", "groups": []}

    def sign_in():
        return staff_sso.sign_in_staff(issuer="https://idp.test", claims=claims).user.pk

    outcomes = _race(sign_in, sign_in)

    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert outcomes[0][1] == outcomes[1][1]
    assert ExternalAccount.objects.count() == 1
    assert User.objects.count() == 1


def test_two_first_identifications_of_one_person_make_one_identity(postgres, settings):
    make_county()
    settings.KUULU_PERSON_KEY_SECRET = "secret"
    claims = {"acr": "http://ftn.ficora.fi/2017/loa3", "amr": "fi-hst", "hetu": "131052-308T"}

    def identify():
        return strong_id.identify_resident(claims=claims, current_user=None).identity.user_id

    outcomes = _race(identify, identify)

    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert outcomes[0][1] == outcomes[1][1]
    identity = StrongIdentity.objects.get()
    assert identity.person_key == person_keys.person_key("131052-308T", secret=b"secret")


def test_two_first_sign_ins_to_an_account_made_beforehand_link_it_once(postgres):
    # An account the HR sync made (same address, no link yet): both tabs end up in it, neither
    # is refused as if the address belonged to another sign-in.
    make_county()
    existing = User.objects.create_user(email="alice@example.test")
    claims = {"sub": "alice", "email": "alice@example.test", "groups": []}

    def sign_in():
        return staff_sso.sign_in_staff(issuer="https://idp.test", claims=claims).user.pk

    outcomes = _race(sign_in, sign_in)

    assert outcomes == [("ok", existing.pk), ("ok", existing.pk)]
    assert list(ExternalAccount.objects.values_list("user_id", flat=True)) == [existing.pk]
    assert User.objects.count() == 1
