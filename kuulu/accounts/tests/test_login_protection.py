"""Failed sign-in throttling (django-axes, per account and per address) and no user enumeration
in sign-in or password reset."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone, translation

from kuulu.accounts.throttling import attempted_username, client_address
from kuulu.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def fail(client, username, address="192.0.2.1", times=1):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong"}, REMOTE_ADDR=address)


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_account_is_locked_after_limit_even_with_the_right_password(org, password):
    client = Client()
    fail(client, "staff@example.test", times=3)
    response = client.post(
        LOGIN, {"username": "staff@example.test", "password": password}, REMOTE_ADDR="192.0.2.1"
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed attempts" in html
    assert "Wait 15 minutes" in html
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked by this one's failures.
    other = client.post(
        LOGIN, {"username": "manager@example.test", "password": password}, REMOTE_ADDR="192.0.2.1"
    )
    assert other.status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_account_lock_follows_the_account_to_another_address(org, password):
    fail(Client(), "staff@example.test", address="192.0.2.1", times=3)
    response = Client().post(
        LOGIN, {"username": "staff@example.test", "password": password}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 429


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_limit_ignores_case_and_spaces_of_the_address(org, password):
    client = Client()
    for variant in ("staff@example.test", "STAFF@example.test", " staff@Example.test "):
        fail(client, variant)
    response = client.post(LOGIN, {"username": "Staff@Example.TEST", "password": password})
    assert response.status_code == 429


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_IP_LIMIT=6)
def test_address_is_locked_after_its_own_limit_across_accounts(org, password):
    client = Client()
    # Six different names from one address, each under the account limit.
    for n in range(6):
        fail(client, f"guess{n}@example.test", address="203.0.113.9")
    response = client.post(
        LOGIN, {"username": "staff@example.test", "password": password}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 429
    # The same account from another address is fine: the address was locked, not the account.
    elsewhere = Client().post(
        LOGIN, {"username": "staff@example.test", "password": password}, REMOTE_ADDR="192.0.2.50"
    )
    assert elsewhere.status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_IP_LIMIT=6)
def test_address_under_its_limit_is_not_locked(org, password):
    client = Client()
    for n in range(5):
        fail(client, f"guess{n}@example.test", address="203.0.113.9")
    response = client.post(
        LOGIN, {"username": "staff@example.test", "password": password}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_lock_ends_after_the_cool_off(org, password):
    fail(Client(), "staff@example.test", times=2)
    assert AccessAttempt.objects.filter(username="staff@example.test").exists()
    locked = Client().post(LOGIN, {"username": "staff@example.test", "password": password})
    assert locked.status_code == 429
    # Move the attempts back past the 15-minute cool-off instead of waiting.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = Client().post(LOGIN, {"username": "staff@example.test", "password": password})
    assert response.status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_lockout_page_is_translated(org):
    client = Client()
    for _ in range(3):
        response = client.post(
            "/fi/accounts/login/", {"username": "staff@example.test", "password": "wrong"}
        )
    assert response.status_code == 429
    with translation.override("fi"):
        from django.utils.translation import gettext

        heading = gettext("Too many failed attempts")
    assert heading in response.content.decode()
    assert '<html lang="fi"' in response.content.decode()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_unknown_account_is_locked_exactly_like_a_real_one(org):
    """The lockout must not reveal which addresses have an account."""
    real, unknown = Client(), Client()
    fail(real, "staff@example.test", address="192.0.2.1", times=4)
    fail(unknown, "nobody@example.test", address="192.0.2.2", times=4)
    a = real.post(
        LOGIN, {"username": "staff@example.test", "password": "x"}, REMOTE_ADDR="192.0.2.1"
    )
    b = unknown.post(
        LOGIN, {"username": "nobody@example.test", "password": "x"}, REMOTE_ADDR="192.0.2.2"
    )
    assert a.status_code == b.status_code == 429
    assert _without_tokens(a) == _without_tokens(b).replace("nobody@", "staff@")


def _without_tokens(response):
    import re

    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html).replace('nonce="', "")


def test_wrong_password_and_unknown_account_answer_the_same(org):
    wrong = Client().post(LOGIN, {"username": "staff@example.test", "password": "wrong"})
    unknown = Client().post(LOGIN, {"username": "nobody@example.test", "password": "wrong"})
    assert wrong.status_code == unknown.status_code == 200
    assert _without_tokens(wrong) == _without_tokens(unknown).replace("nobody@", "staff@")
    assert "The email address or password is wrong." in wrong.content.decode()


def test_inactive_account_answers_like_a_wrong_password(org, password):
    org.staff.is_active = False
    org.staff.save()
    inactive = Client().post(LOGIN, {"username": "staff@example.test", "password": password})
    unknown = Client().post(LOGIN, {"username": "nobody@example.test", "password": password})
    assert _without_tokens(inactive) == _without_tokens(unknown).replace("nobody@", "staff@")


def test_failed_sign_in_is_audited_without_the_name(org):
    Client().post(LOGIN, {"username": "staff@example.test", "password": "wrong"})
    event = AuditEvent.objects.get(action="login_failed")
    assert "staff@" not in event.summary
    assert event.actor is None


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post("/en/accounts/password-reset/", {"email": "staff@example.test"})
        unknown = Client().post("/en/accounts/password-reset/", {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1
    done = Client().get(known["Location"]).content.decode()
    assert "If an account uses this address" in done


@override_settings(PASSWORD_RESET_ADDRESS_LIMIT="2/h", PUBLIC_FORM_LIMIT="100/h")
def test_password_reset_sends_at_most_a_few_messages_to_one_address(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            Client().post(
                "/en/accounts/password-reset/",
                {"email": "staff@example.test"},
                REMOTE_ADDR=f"192.0.2.{n}",
            )
            for n in range(1, 5)
        ]
    assert {a.status_code for a in answers} == {302}
    assert len(mailoutbox) == 2


# --- The client's address behind reverse proxies --------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),  # no proxy: the header is the client's and ignored
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged left entry is ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "", "10.0.0.1"),  # misconfigured: fall back to the connecting address
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(count, forwarded, expected):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_address(request) == expected


@override_settings(TRUSTED_PROXY_COUNT=1, LOGIN_FAILURE_LIMIT=50, LOGIN_IP_LIMIT=2)
def test_behind_a_proxy_the_forwarded_address_is_locked_not_the_proxy(org, password):
    proxy = "10.0.0.1"
    for _ in range(2):
        Client().post(
            LOGIN,
            {"username": "x@example.test", "password": "wrong"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    locked = Client().post(
        LOGIN,
        {"username": "staff@example.test", "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    other = Client().post(
        LOGIN,
        {"username": "staff@example.test", "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert locked.status_code == 429
    assert other.status_code == 302


def test_attempted_username_is_normalised():
    request = RequestFactory().post("/", {"username": "  A@Example.TEST "})
    assert attempted_username(request, None) == "a@example.test"
    assert attempted_username(request, {"username": "B@x.test"}) == "b@x.test"
    assert attempted_username(RequestFactory().post("/", {}), None) is None
