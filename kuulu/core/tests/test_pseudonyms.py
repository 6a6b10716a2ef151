"""The stored keyed hashes are keyed by KUULU_PSEUDONYM_KEY, so that SECRET_KEY can be rotated
without making them new (kuulu.core.pseudonyms)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.utils.crypto import salted_hmac

from kuulu.assisted.services import ballot_key
from kuulu.budgeting.voters import email_key
from kuulu.core import pseudonyms
from kuulu.deliberation.models import person_key
from kuulu.panels.services import hash_code
from kuulu.questions.services import supporter_key
from kuulu.surveys.models import participation_key


def every_stored_key() -> list[str]:
    return [
        participation_key(3, 7),
        person_key(3, 7),
        supporter_key("Asukas@Example.fi"),
        email_key("asukas@example.fi"),
        hash_code("ABCD-EFGH-JKLM"),
        str(ballot_key(SimpleNamespace(pk=7))),
    ]


def test_unset_it_is_the_secret_key_every_hash_was_keyed_by_before():
    with override_settings(KUULU_PSEUDONYM_KEY="", SECRET_KEY="the-old-secret-key-" + "x" * 40):
        assert pseudonyms.keyed_hash("kuulu.surveys.participation", "3:7") == (
            salted_hmac("kuulu.surveys.participation", "3:7", algorithm="sha256").hexdigest()
        )
        assert participation_key(3, 7) == pseudonyms.keyed_hash(
            "kuulu.surveys.participation", "3:7"
        )
        before = every_stored_key()
    # an installation that sets the key to its old SECRET_KEY keeps every stored hash
    with override_settings(
        KUULU_PSEUDONYM_KEY="the-old-secret-key-" + "x" * 40, SECRET_KEY="a-new-one-" + "y" * 40
    ):
        assert every_stored_key() == before


def test_rotating_the_secret_key_changes_no_stored_hash_and_a_new_pseudonym_key_changes_all():
    with override_settings(KUULU_PSEUDONYM_KEY="p" * 50, SECRET_KEY="first-" + "a" * 44):
        first = every_stored_key()
    with override_settings(KUULU_PSEUDONYM_KEY="p" * 50, SECRET_KEY="second-" + "b" * 43):
        assert every_stored_key() == first
    with override_settings(KUULU_PSEUDONYM_KEY="q" * 50, SECRET_KEY="second-" + "b" * 43):
        changed = every_stored_key()
    assert all(a != b for a, b in zip(first, changed, strict=True))


@pytest.mark.django_db
def test_a_person_who_erased_their_data_is_the_same_participant_after_the_secret_key_rotates():
    from kuulu.assisted.mydata import erase_my_data
    from kuulu.deliberation import services
    from kuulu.deliberation.tests.factories import make_conversation
    from kuulu.organisation.tests.factories import make_county, make_user

    conversation = make_conversation(make_county())
    person = make_user()
    with override_settings(KUULU_PSEUDONYM_KEY="p" * 50, SECRET_KEY="first-" + "a" * 44):
        first = services.participant_for(conversation=conversation, user=person)
        erase_my_data(user=person)
    with override_settings(KUULU_PSEUDONYM_KEY="p" * 50, SECRET_KEY="second-" + "b" * 43):
        assert services.participant_for(conversation=conversation, user=person).pk == first.pk
