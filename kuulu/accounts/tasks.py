"""Account emails, sent by the task worker. Tasks take ids only; the link is made at send time."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from kuulu.accounts.models import User


def _reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.KUULU_BASE_URL.rstrip('/')}{path}"


def _send(user: User, template: str) -> None:
    with translation.override(user.language):
        context = {"link": _reset_link(user), "site_name": settings.KUULU_SITE_NAME, "user": user}
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}_body.txt", context)
    send_mail(subject, body, None, [user.email])


@task()
def send_password_reset(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        _send(user, "password_reset")


def _notice(user: User, template: str, to: str | None = None, **context: object) -> None:
    """An account email with no link, in the person's language, to their address or `to`."""
    with translation.override(user.language):
        values = {"site_name": settings.KUULU_SITE_NAME, **context}
        subject = render_to_string(f"accounts/email/{template}_subject.txt", values).strip()
        body = render_to_string(f"accounts/email/{template}_body.txt", values)
    send_mail(subject, body, None, [to or user.email])


def _active_with_email(user_id: int) -> User | None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return user if user is not None and user.has_email_address else None


@task()
def send_password_reset_refused(user_id: int) -> None:
    """Tell someone who asked for a password reset that their account signs in with the
    organisation's account, and whom to ask about that password (no link is sent)."""
    from kuulu.identity.staff_sso import support_contact

    user = _active_with_email(user_id)
    if user is not None:
        with translation.override(user.language):  # the contact and the address in it
            contact = support_contact()
            login_url = f"{settings.KUULU_BASE_URL.rstrip('/')}{reverse('accounts:login')}"
        _notice(user, "password_reset_refused", contact=contact, login_url=login_url)


@task()
def send_password_changed(user_id: int) -> None:
    """Tell the person that their password was changed through a reset link."""
    user = _active_with_email(user_id)
    if user is not None:
        _notice(user, "password_changed")


@task()
def send_invitation(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        _send(user, "invitation")


@task()
def send_email_changed(user_id: int, old_email: str) -> None:
    """Tell the previous address that the account's email was changed."""
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        _notice(user, "email_changed", to=old_email)


@task()
def send_second_factor_removed(user_id: int, by_self: bool) -> None:
    """Tell the person that their second factor was reset or turned off, so that a reset asked
    for by someone pretending to be them does not go unnoticed."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        _notice(user, "second_factor_removed", by_self=by_self)
