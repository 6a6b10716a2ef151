import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kuulu.accounts.models import User
from kuulu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_login_redirects_to_workspace_in_users_language(org, password):
    org.staff.language = "sv"
    org.staff.save()
    client = Client()
    response = client.post(
        "/fi/accounts/login/", {"username": "STAFF@example.test", "password": password}
    )
    assert response.status_code == 302
    assert response["Location"] == "/sv/workspace/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    assert AuditEvent.objects.filter(action="login", actor=org.staff).count() == 1


def test_login_returns_to_the_page_asked_for_with_its_query(org, password):
    # A link to a filtered list, e.g. from an email, sends the person to sign in first.
    org.staff.language = "sv"
    org.staff.save()
    client = Client()
    response = client.post(
        "/fi/accounts/login/",
        {
            "username": "staff@example.test",
            "password": password,
            "next": "/fi/feedback/?status=closed&page=2",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/sv/feedback/?status=closed&page=2"


def test_a_page_in_another_language_keeps_its_query_and_fragment(db):
    from kuulu.core.i18n import path_in_language

    assert path_in_language("/fi/feedback/?status=closed#list", "en") == (
        "/en/feedback/?status=closed#list"
    )
    assert path_in_language("/fi/no-such-page/?a=1", "sv") == "/sv/"
    assert path_in_language("//evil.example/?a=1", "sv") == "/sv/"


def test_login_failure_shows_error_in_page_language(org):
    response = Client().post(
        "/en/accounts/login/", {"username": "staff@example.test", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "The email address or password is wrong." in response.content.decode()
    assert "_auth_user_id" not in Client().session
    assert AuditEvent.objects.filter(action="login_failed").count() == 1


def test_logout_needs_post(clients):
    assert clients["staff"].get(reverse("accounts:logout")).status_code == 405
    response = clients["staff"].post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in clients["staff"].session


def test_password_reset_sends_link_that_sets_a_new_password(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fi/accounts/password-reset/", {"email": "staff@example.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    set_url = page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Uusi-salasana-2026", "new_password2": "Uusi-salasana-2026"}
    )
    assert done.status_code == 302
    assert User.objects.get(pk=org.staff.pk).check_password("Uusi-salasana-2026")


def _set_password_through_link(client, message, new="Uusi-salasana-2026"):  # type: ignore[no-untyped-def]
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    page = client.get(link, follow=True)
    set_url = page.redirect_chain[-1][0]
    return client.post(set_url, {"new_password1": new, "new_password2": new})


def test_a_password_changed_by_reset_link_is_audited_and_the_person_told(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    # Whoever got into the mailbox could change the password unnoticed: now the change is in
    # the audit log and the person gets a message saying so, in their language.
    org.staff.language = "en"
    org.staff.save()
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fi/accounts/password-reset/", {"email": "staff@example.test"})
    with django_capture_on_commit_callbacks(execute=True):
        done = _set_password_through_link(client, mailoutbox[0])
    assert done.status_code == 302
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["staff@example.test"]
    assert mailoutbox[1].subject.startswith("The password of your account was changed")
    assert "/password-reset/" not in mailoutbox[1].body
    event = AuditEvent.objects.get(action="update", object_id=str(org.staff.pk))
    assert (event.actor, event.changed_fields) == (org.staff, ["password"])


def test_a_first_password_set_from_an_invitation_is_audited_without_a_change_message(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    from kuulu.accounts import services

    with django_capture_on_commit_callbacks(execute=True):
        user = services.create_account(email="new@example.test")
        services.invite_after_commit(user=user)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _set_password_through_link(client, mailoutbox[0])
    assert User.objects.get(pk=user.pk).check_password("Uusi-salasana-2026")
    assert len(mailoutbox) == 1
    events = AuditEvent.objects.filter(action="update", object_id=str(user.pk))
    assert [e.changed_fields for e in events] == [["password"]]


def test_password_reset_for_unknown_address_looks_the_same_and_sends_nothing(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/fi/accounts/password-reset/", {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_password_reset_email_is_in_users_language(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    org.staff.language = "en"
    org.staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/fi/accounts/password-reset/", {"email": "staff@example.test"})
    assert mailoutbox[0].subject.startswith("Choose a new password")
    assert "/en/accounts/password-reset/" in mailoutbox[0].body


def test_password_reset_of_an_account_signing_in_with_the_organisations_account_sends_no_link(
    org, password, mailoutbox, django_capture_on_commit_callbacks
):
    # A staff account linked to the organisation's sign-in that still has its old local
    # password: whoever reads the mailbox must not get a second way in. The person is told how
    # to sign in, the refusal is audited, and the answer is the same as for any address.
    from kuulu.identity.models import ExternalAccount

    ExternalAccount.objects.create(user=org.staff, issuer="https://idp.example.test", subject="s1")
    org.staff.language = "en"
    org.staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/fi/accounts/password-reset/", {"email": "staff@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["staff@example.test"]
    assert message.subject.startswith("Your account signs in with the organisation's account")
    assert "no reset link was sent" in message.body
    assert "/en/accounts/login/" in message.body
    assert "/password-reset/" not in message.body
    assert (
        AuditEvent.objects.filter(
            action="password_reset_refused", object_id=str(org.staff.pk), actor=None
        ).count()
        == 1
    )
    assert User.objects.get(pk=org.staff.pk).check_password(password)


def test_a_reset_link_sent_before_the_account_was_linked_to_single_sign_on_no_longer_works(
    org, password, mailoutbox, django_capture_on_commit_callbacks
):
    from kuulu.identity.models import ExternalAccount

    org.staff.language = "en"
    org.staff.save()
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fi/accounts/password-reset/", {"email": "staff@example.test"})
    link = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    ExternalAccount.objects.create(user=org.staff, issuer="https://idp.example.test", subject="s1")
    page = client.get(link, follow=True)
    assert "The link is not valid." in page.content.decode()
    set_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    client.post(
        set_url, {"new_password1": "Uusi-salasana-2026", "new_password2": "Uusi-salasana-2026"}
    )
    assert User.objects.get(pk=org.staff.pk).check_password(password)


def test_profile_saves_language_and_switches_url(clients, org):
    response = clients["staff"].post("/fi/accounts/profile/", {"language": "sv"})
    assert response.status_code == 302
    assert response["Location"] == "/sv/accounts/profile/"
    org.staff.refresh_from_db()
    assert org.staff.language == "sv"


def test_profile_rejects_unknown_language(clients, org):
    response = clients["staff"].post("/en/accounts/profile/", {"language": "de"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    org.staff.refresh_from_db()
    assert org.staff.language == "fi"


def test_profile_needs_sign_in(db):
    response = Client().get("/fi/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/")


def test_language_links_point_to_the_same_page_in_each_language(org):
    html = Client().get("/sv/coordination/").content.decode()
    assert 'href="/fi/coordination/" lang="fi"' in html
    assert 'href="/en/coordination/" lang="en"' in html
    assert 'href="/sv/coordination/" lang="sv" hreflang="sv" aria-current="true"' in html


def test_csrf_is_enforced_on_login(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/fi/accounts/login/", {"username": "a@example.test", "password": "x"})
    assert response.status_code == 403
