"""Signed confirmation links (kuulu.core.signed_links): a token reads back only unaltered, with
its own salt and within its age; links mailed before the helper existed still verify."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from kuulu.budgeting import proposals
from kuulu.core.signed_links import invalid_link, make_token, read_token
from kuulu.panels import services as panels
from kuulu.questions import services as questions

SALT = "kuulu.tests.signed-links"
DAY = 24 * 3600
ISSUED = 1_780_000_000.0
KEY = "kuulu-signed-links-test-key-" + "x" * 30


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """The signing module's clock, standing still at ISSUED until a test moves it."""
    now = SimpleNamespace(value=ISSUED)
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now.value))
    return now


def _refused(token: str, *, salt: str = SALT, max_age: int = DAY) -> ValidationError:
    """The error of reading the token, its message in English."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        read_token(token, salt=salt, max_age=max_age)
    return caught.value


def test_a_token_reads_back_its_payload(clock):
    token = make_token({"p": 7, "e": "abc"}, salt=SALT)

    assert read_token(token, salt=SALT, max_age=DAY) == {"p": 7, "e": "abc"}


def test_an_altered_token_is_refused_as_invalid(clock):
    token = make_token({"p": 7}, salt=SALT)
    forged = signing.b64_encode(b'{"p":8}').decode() + ":" + token.split(":", 1)[1]

    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), forged, "", "not-a-token"):
        error = _refused(bad)
        assert error.code == "invalid"
        assert error.messages == ["The confirmation link is not valid or has expired."]


def test_a_token_expires_after_its_max_age(clock):
    token = make_token({"p": 7}, salt=SALT)

    clock.value = ISSUED + DAY
    assert read_token(token, salt=SALT, max_age=DAY) == {"p": 7}
    clock.value = ISSUED + DAY + 1
    error = _refused(token)
    assert error.code == "expired"
    assert error.messages == ["The confirmation link is not valid or has expired."]


def test_a_token_made_for_another_purpose_is_refused(clock):
    token = make_token({"p": 7}, salt="kuulu.tests.other-links")

    assert _refused(token).code == "invalid"


def test_a_signed_value_that_is_not_an_object_is_refused(clock):
    token = signing.dumps([7], salt=SALT)

    assert _refused(token).code == "invalid"


def test_the_error_is_in_the_readers_language(clock):
    with translation.override("fi"), pytest.raises(ValidationError) as caught:
        read_token("x", salt=SALT, max_age=DAY)
    assert caught.value.messages == ["Vahvistuslinkki ei kelpaa tai on vanhentunut."]
    with translation.override("sv"):
        assert invalid_link().messages == ["Bekräftelselänken är ogiltig eller har gått ut."]


@override_settings(SECRET_KEY=KEY, SECRET_KEY_FALLBACKS=[])
def test_links_mailed_before_the_helper_still_verify(clock):
    # Made by the apps' own signing.dumps calls before they used the helper, at ISSUED.
    mailed = {
        "kuulu.budgeting.proposal-confirm": (
            "eyJwIjo0MX0:1wShJQ:laDB_3Yp6FcmH_PitScvpW7w8xmDvfHyLnDhBMbIAjg",
            {"p": 41},
            True,
        ),
        "kuulu.questions.confirm": (
            "eyJxIjo0Mn0:1wShJQ:QsOXeD7On-P_2eWIgffPnfp8dK21D6onmI2sTlGESog",
            {"q": 42},
            True,
        ),
        "kuulu.questions.support": (
            "eyJxIjo0MiwiaCI6ImhhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhIn0"
            ":1wShJQ:61_UQ7siIyo1YEkrAjm9hr9H1f9ZohmB-fLgRjWndmU",
            {"q": 42, "h": "h" + "a" * 43},
            False,
        ),
        "kuulu.panels.volunteer-email": (
            "eyJ2Ijo0MywiZSI6IjAxMjM0NTY3ODlhYmNkZWYifQ"
            ":1wShJQ:57CqgqDMChhKk5IQljmEbRzmzLdClvt5gu2Aw4FnZYg",
            {"v": 43, "e": "0123456789abcdef"},
            False,
        ),
    }
    assert set(mailed) == {
        proposals.CONFIRM_SALT,
        questions.CONFIRM_SALT,
        questions.SUPPORT_SALT,
        panels.CONFIRM_SALT,
    }
    clock.value = ISSUED + 60
    for salt, (token, payload, _compress) in mailed.items():
        assert read_token(token, salt=salt, max_age=DAY) == payload, salt
    clock.value = ISSUED
    for salt, (token, payload, compress) in mailed.items():
        # ...and the links mailed now are the same strings.
        assert make_token(payload, salt=salt, compress=compress) == token, salt
