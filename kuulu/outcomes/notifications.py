"""Telling contributors that an outcome they contributed to was published.

Recipients come from the linked inputs' adapters (`contributors`): people who gave an input
and agreed to be contacted. Each address is reduced to a keyed hash (HMAC with the secret key)
at once; a `Notification` row per outcome and hash is inserted before the email is sent, so
the unique constraint decides who sends: one message per outcome and person, however often
the outcome is published or the task runs. Addresses that opted out (`OptOut`, a hash too)
get nothing. The opt-out link carries a signed token of the hash, not the address.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from kuulu.outcomes.inputs import Contact
from kuulu.outcomes.inputs import adapter as adapter_for
from kuulu.outcomes.models import Notification, OptOut, Outcome

_HASH_SALT = "kuulu.outcomes.recipient"
_TOKEN_SALT = "kuulu.outcomes.opt-out"  # noqa: S105 - a signing salt, not a password


def recipient_hash(email: str) -> str:
    return salted_hmac(_HASH_SALT, email.strip().lower(), algorithm="sha256").hexdigest()


def opt_out_token(email_hash: str) -> str:
    return signing.dumps(email_hash, salt=_TOKEN_SALT)


def hash_from_token(token: str) -> str | None:
    try:
        value = signing.loads(token, salt=_TOKEN_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) and len(value) == 64 else None


def opt_out(*, token: str) -> bool:
    """Record the opt-out of the address behind a token; False for a bad token."""
    email_hash = hash_from_token(token)
    if email_hash is None:
        return False
    OptOut.objects.get_or_create(recipient_hash=email_hash)
    return True


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    hash: str


def recipients_for(outcome: Outcome) -> list[Recipient]:
    """Everyone who contributed to a linked input and agreed to be contacted, once each, in
    the language of their first input; opted-out addresses left out."""
    by_kind: dict[str, list[str]] = {}
    for kind, key in outcome.inputs.values_list("kind", "object_id"):
        by_kind.setdefault(kind, []).append(key)
    contacts: list[Contact] = []
    for kind, keys in sorted(by_kind.items()):
        adapter = adapter_for(kind)
        if adapter is None:
            continue
        objects = adapter.resolve(keys)
        for key in keys:
            if key in objects:
                contacts.extend(adapter.contributors(objects[key]))
    languages = {code for code, _name in settings.LANGUAGES}
    found: dict[str, Recipient] = {}
    for contact in contacts:
        email_hash = recipient_hash(contact.email)
        if email_hash not in found:
            language = contact.language if contact.language in languages else "fi"
            found[email_hash] = Recipient(contact.email.strip(), language, email_hash)
    opted_out = set(
        OptOut.objects.filter(recipient_hash__in=list(found)).values_list(
            "recipient_hash", flat=True
        )
    )
    return [r for h, r in found.items() if h not in opted_out]


def _claim(outcome: Outcome, recipient: Recipient) -> Notification | None:
    try:
        with transaction.atomic():
            return Notification.objects.create(
                outcome=outcome, recipient_hash=recipient.hash, language=recipient.language
            )
    except IntegrityError:
        return None


def notify_contributors(*, outcome_id: int, base_url: str | None = None) -> int:
    """Send the messages not sent yet; return how many were sent now."""
    outcome = Outcome.objects.filter(pk=outcome_id, is_published=True).first()
    if outcome is None:
        return 0
    base = (base_url or getattr(settings, "KUULU_BASE_URL", "") or "").rstrip("/")
    sent = 0
    for recipient in recipients_for(outcome):
        claim = _claim(outcome, recipient)
        if claim is None:
            continue  # told already (or being told by a parallel run)
        try:
            _send(outcome, recipient, base)
        except Exception:
            claim.delete()  # let a later run try again
            raise
        Notification.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def _send(outcome: Outcome, recipient: Recipient, base: str) -> None:
    with translation.override(recipient.language):
        context = {
            "outcome": outcome,
            "outcome_url": base + reverse("outcomes:detail", args=[outcome.pk]),
            "opt_out_url": base + reverse("outcomes:opt_out", args=[opt_out_token(recipient.hash)]),
            "site_name": settings.KUULU_SITE_NAME,
        }
        subject = " ".join(
            render_to_string("outcomes/email/published_subject.txt", context).split()
        )
        body = render_to_string("outcomes/email/published_body.txt", context)
    EmailMessage(subject, body, None, [recipient.email]).send()
