"""Writes to sign-in accounts. Emails go out through the task worker after commit."""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kuulu.accounts.models import User
from kuulu.core.audit import record_event
from kuulu.core.errors import duplicate_error


def create_account(*, email: str, language: str = "fi") -> User:
    """An account with no usable password; its owner sets one through the invitation link."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise duplicate_error("email", _("An account with this email address already exists."))
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=None, language=language)
    except IntegrityError as exc:
        raise duplicate_error(
            "email", _("An account with this email address already exists.")
        ) from exc


def invite_after_commit(*, user: User) -> None:
    from kuulu.accounts.tasks import send_invitation

    transaction.on_commit(partial(send_invitation.enqueue, user_id=user.pk))


def change_email(*, user: User, email: str) -> None:
    """Move the account to a new address and tell the old address, so that a change made by
    someone else does not go unnoticed."""
    from kuulu.accounts.tasks import send_email_changed

    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise duplicate_error("email", _("An account with this email address already exists."))
    old = user.email
    user.email = email
    user.save(update_fields=["email"])
    transaction.on_commit(partial(send_email_changed.enqueue, user_id=user.pk, old_email=old))


def deactivate_account(*, user: User) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


@transaction.atomic
def set_language(*, user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
    record_event(action="update", obj=user, actor=user, changed_fields=["language"])
    return user


def password_reset_allowed(user: User) -> bool:
    """Whether the account may be given a password by an emailed link: not when it signs in
    with the organisation's account (staff single sign-on, `identity.ExternalAccount`). Its
    password is the organisation's, and a local one set by whoever reads the mailbox would be a
    second way in that the organisation cannot close (a leaver is shut out at the identity
    provider, not here)."""
    return not user.external_accounts.exists()


def request_password_reset(*, email: str, request: HttpRequest | None = None) -> None:
    """Queue a reset email if an active account has this address. Says nothing either way,
    so the form cannot be used to find out who has an account.

    An account that signs in with the organisation's account gets no link: the person is told
    to sign in that way (and whom to ask about that password), so a request made by someone
    else does not go unnoticed either, and the refusal is audited."""
    from kuulu.accounts.tasks import send_password_reset, send_password_reset_refused

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    if password_reset_allowed(user):
        transaction.on_commit(partial(send_password_reset.enqueue, user_id=user.pk))
        return
    record_event(
        action="password_reset_refused",
        obj=user,
        actor=None,
        request=request,
        summary="signs in with the organisation's account",
    )
    transaction.on_commit(partial(send_password_reset_refused.enqueue, user_id=user.pk))


def password_set_by_link(*, user: User, replaced: bool, request: HttpRequest | None = None) -> None:
    """Audit a password set through an emailed link (reset or invitation) and, when it replaced
    a password, tell the person, so that a reset made by someone who got into their mailbox
    does not go unnoticed. A first password (an invitation) is only audited."""
    from kuulu.accounts.tasks import send_password_changed

    record_event(
        action="update",
        obj=user,
        actor=user,
        request=request,
        summary="password set by emailed link",
        changed_fields=["password"],
    )
    if replaced:
        transaction.on_commit(partial(send_password_changed.enqueue, user_id=user.pk))
