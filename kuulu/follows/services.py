"""Writes of Follow and be told: following, the sweep, deliveries, digests, unsubscribing.

The pipeline, each step idempotent and safe to run on several workers at once:
1. `sweep` asks each module (follows.sources) what opened or was published since its mark and
   records an `Announcement` per (kind, object) with INSERT ... ON CONFLICT DO NOTHING.
2. `fan_out` makes one `Delivery` per (follower, announcement, channel) for email and SMS
   follows, again guarded by a unique constraint.
3. `send_due` claims due deliveries (row locks, SKIP LOCKED on PostgreSQL) for a lease,
   sends at most `FOLLOWS_SENDS_PER_RUN` per run (the throttle), retries failures with a
   doubling pause and records a delivery as failed after `MAX_ATTEMPTS`. A claim whose lease
   ran out (the worker stopped) is claimed again.
4. `send_digests` claims one `Digest` row per (follower, week) before sending, so a person
   gets at most one digest per week however many workers run it; a claim left unfinished
   for `DIGEST_LEASE` is given back.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from kuulu.follows import phones, sms
from kuulu.follows.models import (
    Announcement,
    Delivery,
    Digest,
    Follow,
    PhoneCodeSent,
    SweepMark,
    UsedUnsubscribe,
)
from kuulu.follows.sources import SOURCES, Item

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=2)
FIRST_SWEEP_LOOKBACK = timedelta(days=1)
UNSUBSCRIBE_MAX_AGE = timedelta(days=60)
# A claimed delivery or digest that was not finished within its lease (the worker stopped
# mid-run) is claimed again by a later run: a message may then go twice, never not at all.
DELIVERY_LEASE = timedelta(minutes=15)
DIGEST_LEASE = timedelta(hours=1)
_UNSUB_SALT = "kuulu.follows.unsubscribe"


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


# --- following -----------------------------------------------------------------------------


@transaction.atomic
def follow(
    *,
    user: Any,
    county_id: int,
    target_kind: str,
    target_key: str,
    target_label: str,
    delivery: str,
    phone: str = "",
) -> Follow:
    """Follow a target (again: updates the label). SMS needs a valid mobile number."""
    if delivery not in Follow.Delivery.values:
        raise ValidationError(_("Choose how you want to be told."))
    if delivery != Follow.Delivery.SMS and not user.has_email_address:
        raise ValidationError(
            {
                "delivery": _(
                    "Your account has no email address, so email cannot reach you. "
                    "Choose text messages instead."
                )
            }
        )
    number = ""
    if delivery == Follow.Delivery.SMS:
        try:
            number = phones.normalise(phone)
        except phones.InvalidNumber:
            raise ValidationError(
                _(
                    "Enter a mobile number such as 040 123 4567 or, from abroad, "
                    "with the country code, such as +46 70 123 4567."
                )
            ) from None
    if number:
        _lock_person(user.pk)
    existing = (
        Follow.objects.select_for_update()
        .filter(user=user, target_key=target_key, delivery=delivery)
        .first()
    )
    item, _created = Follow.objects.update_or_create(
        user=user,
        target_key=target_key,
        delivery=delivery,
        defaults={
            "county_id": county_id,
            "target_kind": target_kind,
            "target_label": target_label[:200],
            "phone": number,
        },
    )
    if number and (existing is None or existing.phone != number):
        _start_phone_confirmation(item)
    return item


# --- confirming a mobile number ------------------------------------------------------------

PHONE_CODE_MAX_AGE = timedelta(minutes=30)
PHONE_CODE_TRIES = 5
PHONE_CODE_PAUSE = timedelta(minutes=2)  # between two codes to the same number
# At most this many different numbers get a code from one account in an hour, so that an
# account cannot be used to send codes to many people's phones.
PHONE_CODE_NUMBERS_PER_HOUR = 3
_PHONE_SALT = "kuulu.follows.phone-code"


def _phone_code_hash(user_id: int, phone: str, code: str) -> str:
    """One code serves all of a person's follows with the number (keyed by person and number,
    not by follow), so following several things by SMS sends one code, not one each."""
    return salted_hmac(_PHONE_SALT, f"{user_id}:{phone}:{code}", algorithm="sha256").hexdigest()


def _phone_key(phone: str) -> str:
    return salted_hmac(_PHONE_SALT + ".sent", phone, algorithm="sha256").hexdigest()


# The log of codes sent (PhoneCodeSent) is kept this long: the limits look back an hour at most.
PHONE_CODE_LOG_RETENTION = timedelta(days=1)


def delete_old_phone_code_log(now: datetime | None = None) -> int:
    """Retention: forget codes sent more than a day ago."""
    now = now or timezone.now()
    deleted, _rows = PhoneCodeSent.objects.filter(
        sent_at__lt=now - PHONE_CODE_LOG_RETENTION
    ).delete()
    return deleted


def _lock_person(user_id: int) -> None:
    """Codes to one person's numbers are decided one at a time: two requests at once (two
    tabs, a double click, a script) must not both pass the hourly number limit or the pause
    between codes. The person's row is the lock, taken before any follow row (one order
    everywhere, so no deadlock)."""
    get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk").first()


def _waiting_with_number(user_id: int, phone: str) -> Any:
    return Follow.objects.filter(
        user_id=user_id,
        phone=phone,
        delivery=Follow.Delivery.SMS,
        phone_confirmed_at__isnull=True,
    )


def _start_phone_confirmation(item: Follow) -> None:
    """A number the person has confirmed before is in use at once; a number with a code on its
    way shares that code; any other gets a code, within the account's hourly number limit."""
    now = timezone.now()
    mine = Follow.objects.filter(user_id=item.user_id, phone=item.phone).exclude(pk=item.pk)
    if mine.filter(phone_confirmed_at__isnull=False).exists():
        item.phone_confirmed_at = now
        item.phone_code_hash = ""
        item.save(update_fields=["phone_confirmed_at", "phone_code_hash"])
        return
    pending = (
        mine.filter(
            phone_confirmed_at__isnull=True, phone_code_sent_at__gt=now - PHONE_CODE_MAX_AGE
        )
        .exclude(phone_code_hash="")
        .filter(phone_code_tries__lt=PHONE_CODE_TRIES)
        .order_by("-phone_code_sent_at")
        .first()
    )
    item.phone_confirmed_at = None
    if pending is not None:
        item.phone_code_hash = pending.phone_code_hash
        item.phone_code_sent_at = pending.phone_code_sent_at
        item.phone_code_tries = pending.phone_code_tries
        item.save(
            update_fields=[
                "phone_confirmed_at",
                "phone_code_hash",
                "phone_code_sent_at",
                "phone_code_tries",
            ]
        )
        return
    # From the log, not from the follows: unfollowing and following again must not reset it.
    numbers = set(
        PhoneCodeSent.objects.filter(user_id=item.user_id, sent_at__gt=now - timedelta(hours=1))
        .exclude(phone_key=_phone_key(item.phone))
        .values_list("phone_key", flat=True)
    )
    if len(numbers) >= PHONE_CODE_NUMBERS_PER_HOUR:
        raise ValidationError(
            _("You have asked for codes to several numbers in the last hour. Try again later.")
        )
    if _sent_a_moment_ago(item.user_id, item.phone, now):
        # A code went to this number a moment ago for a follow since stopped or changed: no
        # second text now, and no code of another number left on this follow; it waits for
        # a resend (two minutes).
        item.phone_code_hash = ""
        item.phone_code_tries = 0
        item.save(update_fields=["phone_confirmed_at", "phone_code_hash", "phone_code_tries"])
        return
    item.save(update_fields=["phone_confirmed_at"])
    _send_phone_code(item)


def _sent_a_moment_ago(user_id: int, phone: str, now: datetime) -> bool:
    return PhoneCodeSent.objects.filter(
        user_id=user_id, phone_key=_phone_key(phone), sent_at__gt=now - PHONE_CODE_PAUSE
    ).exists()


def _code_from_nonce(user_id: int, phone: str, nonce: str) -> str:
    """The six digits, derived from a random nonce with the site's secret. The task queue
    carries only the nonce, so a copy of the task table (the database backend keeps task
    arguments until cleanup) does not give anyone the code."""
    digest = salted_hmac(_PHONE_SALT + ".code", f"{user_id}:{phone}:{nonce}", algorithm="sha256")
    return f"{int(digest.hexdigest(), 16) % 10**6:06d}"


def _send_phone_code(item: Follow) -> None:
    """A new code for the number, for every follow of the person that waits for it."""
    from kuulu.follows.tasks import send_phone_code

    nonce = secrets.token_hex(16)
    code = _code_from_nonce(item.user_id, item.phone, nonce)
    fields = {
        "phone_code_hash": _phone_code_hash(item.user_id, item.phone, code),
        "phone_code_sent_at": timezone.now(),
        "phone_code_tries": 0,
    }
    _waiting_with_number(item.user_id, item.phone).update(**fields)
    PhoneCodeSent.objects.create(
        user_id=item.user_id, phone_key=_phone_key(item.phone), sent_at=fields["phone_code_sent_at"]
    )
    for name, value in fields.items():
        setattr(item, name, value)
    transaction.on_commit(partial(send_phone_code.enqueue, follow_id=item.pk, nonce=nonce))


def send_phone_code_message(*, follow_id: int, nonce: str) -> bool:
    """The text message with the code, in the person's language (run by the task worker)."""
    item = Follow.objects.select_related("user").filter(pk=follow_id).first()
    if item is None or not item.phone or item.phone_confirmed_at is not None:
        return False
    code = _code_from_nonce(item.user_id, item.phone, nonce)
    if not constant_time_compare(
        _phone_code_hash(item.user_id, item.phone, code), item.phone_code_hash
    ):
        return False  # a newer code replaced it, or the number changed: this one would not work
    language = item.user.language if item.user.language in _languages() else "fi"
    with translation.override(language):
        text = _(
            "%(site)s: your code is %(code)s. Type it on the Follow page to get text messages "
            "about %(target)s. If you did not ask for this, ignore this message."
        ) % {"site": settings.KUULU_SITE_NAME, "code": code, "target": item.target_label}
    sms.backend().send(
        sms.Sms(to=item.phone, text=text, console_note=f"number confirmation code {code}")
    )
    return True


@transaction.atomic
def resend_phone_code(*, user: Any, follow_id: int, now: datetime | None = None) -> None:
    now = now or timezone.now()
    _lock_person(user.pk)
    item = Follow.objects.select_for_update().filter(pk=follow_id, user=user).first()
    if item is None or not item.waits_for_phone_code:
        raise ValidationError(_("This follow does not wait for a code."))
    if _sent_a_moment_ago(item.user_id, item.phone, now):
        raise ValidationError(_("A code was sent a moment ago. Wait two minutes for it."))
    _send_phone_code(item)


def confirm_phone(*, user: Any, follow_id: int, code: str, now: datetime | None = None) -> Follow:
    """Check the code typed in; the right one puts the number to use for all of the person's
    follows with it. Five wrong tries or 30 minutes end a code."""
    now = now or timezone.now()
    with transaction.atomic():
        item = Follow.objects.select_for_update().filter(pk=follow_id, user=user).first()
        if item is None or not item.waits_for_phone_code:
            raise ValidationError(_("This follow does not wait for a code."))
        expired = (
            not item.phone_code_hash
            or item.phone_code_sent_at is None
            or now - item.phone_code_sent_at > PHONE_CODE_MAX_AGE
            or item.phone_code_tries >= PHONE_CODE_TRIES
        )
        if expired:
            raise ValidationError(_("The code is no longer valid. Ask for a new code."))
        given = "".join(ch for ch in (code or "") if ch.isdigit())
        hashed = _phone_code_hash(item.user_id, item.phone, given)
        if not constant_time_compare(hashed, item.phone_code_hash):
            # tries count for the code, whichever of the number's follows they are made on
            _waiting_with_number(item.user_id, item.phone).update(
                phone_code_tries=F("phone_code_tries") + 1
            )
            wrong = True
        else:
            _waiting_with_number(item.user_id, item.phone).update(
                phone_confirmed_at=now, phone_code_hash=""
            )
            wrong = False
    if wrong:  # outside the block, so that the counted try is committed
        raise ValidationError(_("The code is not right. Check it and try again."))
    item.refresh_from_db()
    return item


@transaction.atomic
def unfollow(*, user: Any, follow_id: int) -> bool:
    """Stop a follow and the messages about it that are still waiting to go."""
    follows = Follow.objects.filter(pk=follow_id, user=user)
    _drop_waiting(follows)
    deleted, _rows = follows.delete()
    return deleted > 0


def _drop_waiting(follows: Any) -> None:
    """Waiting deliveries of these follows would go out after the follow is gone (the link is
    set to null on delete), so they go with it. Sent and failed ones stay as the record."""
    Delivery.objects.filter(follow__in=follows, status=Delivery.Status.PENDING).delete()


# --- sweep and fan-out ---------------------------------------------------------------------


def record(items: list[Item]) -> int:
    """Record announcements, each (kind, object) once; return how many rows now exist for
    them (new or old), not how many were new."""
    if not items:
        return 0
    Announcement.objects.bulk_create(
        [
            Announcement(
                county_id=i.county_id,
                kind=i.kind,
                object_key=i.object_key,
                title=i.title[:300],
                titles=i.titles,
                path=i.path,
                targets=i.targets,
                created_at=i.at,
            )
            for i in items
        ],
        ignore_conflicts=True,
    )
    return len(items)


def sweep(*, now: datetime | None = None) -> int:
    """Look at every module once; return the number of items seen."""
    now = now or timezone.now()
    seen = 0
    for name, source in SOURCES.items():
        mark = SweepMark.objects.filter(source=name).first()
        since = mark.swept_until if mark else now - FIRST_SWEEP_LOOKBACK
        items = source(since, now)
        seen += record(items)
        SweepMark.objects.update_or_create(source=name, defaults={"swept_until": now})
    return seen


def announce(*, item: Item) -> None:
    """Record one announcement at once (used by signals such as a question answered)."""
    record([item])


def _stand_in_email(delivery: str) -> Q:
    """Follows by email of accounts whose address is a stand-in (made before `follow` refused
    them): nothing would reach the person."""
    from kuulu.accounts.models import STAND_IN_EMAIL_SUFFIX

    return Q(delivery=delivery, user__email__iendswith=STAND_IN_EMAIL_SUFFIX)


def fan_out(*, now: datetime | None = None) -> int:
    """Make deliveries for announcements not fanned out yet; return how many were made."""
    now = now or timezone.now()
    made = 0
    for announcement in Announcement.objects.filter(fanned_out_at__isnull=True).order_by("id")[
        :200
    ]:
        follows = (
            Follow.objects.filter(target_key__in=announcement.targets)
            .filter(
                Q(delivery=Follow.Delivery.EMAIL)
                | Q(delivery=Follow.Delivery.SMS, phone_confirmed_at__isnull=False)
            )
            .exclude(_stand_in_email(Follow.Delivery.EMAIL))
            .values_list("id", "user_id", "delivery")
        )
        rows: dict[tuple[int, str], Delivery] = {}
        for follow_id, user_id, channel in follows:
            rows.setdefault(
                (user_id, channel),
                Delivery(
                    user_id=user_id,
                    follow_id=follow_id,
                    announcement=announcement,
                    channel=channel,
                    next_attempt_at=now,
                ),
            )
        Delivery.objects.bulk_create(list(rows.values()), ignore_conflicts=True, batch_size=1000)
        made += len(rows)
        Announcement.objects.filter(pk=announcement.pk).update(fanned_out_at=now)
    return made


# --- messages ------------------------------------------------------------------------------


def unsubscribe_token(follow_id: int) -> str:
    return signing.TimestampSigner(salt=_UNSUB_SALT).sign_object({"f": follow_id})


def digest_unsubscribe_token(user_id: int) -> str:
    """A digest's link stops the whole digest: every digest follow of the person."""
    return signing.TimestampSigner(salt=_UNSUB_SALT).sign_object({"d": user_id})


def _follows_behind(data: Any) -> Any:
    if not isinstance(data, dict):
        return Follow.objects.none()
    if "d" in data:
        return Follow.objects.filter(user_id=data["d"], delivery=Follow.Delivery.DIGEST)
    return Follow.objects.filter(pk=data.get("f"))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class UnsubscribeResult:
    ok: bool
    reason: str  # "done", "used", "expired", "invalid"
    label: str = ""


def check_unsubscribe(token: str) -> UnsubscribeResult:
    """Whether a link is good, without using it (the confirmation page)."""
    try:
        data = signing.TimestampSigner(salt=_UNSUB_SALT).unsign_object(
            token, max_age=UNSUBSCRIBE_MAX_AGE
        )
    except signing.SignatureExpired:
        return UnsubscribeResult(False, "expired")
    except signing.BadSignature:
        return UnsubscribeResult(False, "invalid")
    if UsedUnsubscribe.objects.filter(token_hash=_token_hash(token)).exists():
        return UnsubscribeResult(False, "used")
    labels = list(
        _follows_behind(data).order_by("target_label").values_list("target_label", flat=True)
    )
    if not labels:
        return UnsubscribeResult(False, "used")
    return UnsubscribeResult(True, "ok", ", ".join(labels))


@transaction.atomic
def unsubscribe(*, token: str) -> UnsubscribeResult:
    """Stop the follow behind a link. A link works once: the second use finds it used."""
    checked = check_unsubscribe(token)
    if not checked.ok:
        return checked
    _used, created = UsedUnsubscribe.objects.get_or_create(token_hash=_token_hash(token))
    if not created:
        return UnsubscribeResult(False, "used")
    follows = _follows_behind(signing.TimestampSigner(salt=_UNSUB_SALT).unsign_object(token))
    _drop_waiting(follows)
    follows.delete()
    return UnsubscribeResult(True, "done", checked.label)


def _base_url() -> str:
    return (getattr(settings, "KUULU_BASE_URL", "") or "").rstrip("/")


def _unsubscribe_url(token: str, language: str) -> str:
    with translation.override(language):
        return _base_url() + reverse("follows:unsubscribe", args=[token])


def _kind_text(kind: str) -> str:
    try:
        return str(Announcement.Kind(kind).label)
    except ValueError:
        return kind


def _email(
    *, to: str, subject: str, body: str, unsubscribe_url: str, connection_: Any = None
) -> EmailMessage:
    return EmailMessage(
        subject,
        body,
        None,
        [to],
        connection=connection_,
        headers={
            # RFC 8058: a one-click POST to the link stops these messages.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _announcement_text(announcement: Announcement, language: str) -> tuple[str, str]:
    url = f"{_base_url()}/{language}{announcement.path}"
    title = announcement.titles.get(language) or announcement.title
    return f"{_kind_text(announcement.kind)}: {title}", url


def _send_one(delivery: Delivery) -> None:
    user = delivery.user
    language = user.language if user.language in _languages() else "fi"
    follow_id = delivery.follow_id
    with translation.override(language):
        headline, url = _announcement_text(delivery.announcement, language)
        unsubscribe_url = (
            _unsubscribe_url(unsubscribe_token(follow_id), language) if follow_id else ""
        )
        if delivery.channel == Follow.Delivery.SMS:
            if not delivery.follow or not delivery.follow.phone:
                raise sms.SmsError("no number")
            text = f"{settings.KUULU_SITE_NAME}: {headline} {url}"
            if unsubscribe_url:
                text += " " + _("Stop: %(url)s") % {"url": unsubscribe_url}
            sms.backend().send(sms.Sms(to=delivery.follow.phone, text=text))
            return
        body = "\n\n".join(
            [
                headline,
                url,
                _("You follow %(target)s in %(site)s.")
                % {
                    "target": delivery.follow.target_label if delivery.follow else "",
                    "site": settings.KUULU_SITE_NAME,
                },
                _("Stop these messages: %(url)s") % {"url": unsubscribe_url},
            ]
        )
        _email(to=user.email, subject=headline, body=body, unsubscribe_url=unsubscribe_url).send()


def _told_as_contributors(deliveries: list[Delivery]) -> set[int]:
    """Ids of the deliveries whose person an outcome's contributor notice already reached
    (outcomes.notifications): they are not told again here. One query for the whole batch."""
    from kuulu.outcomes.models import Notification
    from kuulu.outcomes.notifications import recipient_hash

    wanted: dict[tuple[str, str], list[int]] = defaultdict(list)
    for delivery in deliveries:
        if delivery.announcement.kind == "outcome" and delivery.channel == Follow.Delivery.EMAIL:
            outcome_id = delivery.announcement.object_key.split(":", 1)[1]
            key = (outcome_id, recipient_hash(delivery.user.email))
            wanted[key].append(delivery.pk)
    if not wanted:
        return set()
    told = Notification.objects.filter(
        outcome_id__in={outcome for outcome, _hash in wanted},
        recipient_hash__in={hashed for _outcome, hashed in wanted},
    ).values_list("outcome_id", "recipient_hash")
    return {pk for outcome, hashed in told for pk in wanted.get((str(outcome), hashed), ())}


def _claim_due(now: datetime, limit: int) -> list[int]:
    with transaction.atomic():
        # A SENDING row's next_attempt_at is the end of its lease (set below).
        qs = Delivery.objects.filter(
            status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING], next_attempt_at__lte=now
        )
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, next_attempt_at=now + DELIVERY_LEASE
        )
    return ids


def send_due(*, now: datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """Send due deliveries, at most `limit` (the throttle); return counts by result."""
    now = now or timezone.now()
    limit = limit or getattr(settings, "FOLLOWS_SENDS_PER_RUN", 200)
    counts = {"sent": 0, "retry": 0, "failed": 0, "dropped": 0}
    ids = _claim_due(now, limit)
    claimed = list(
        Delivery.objects.filter(pk__in=ids).select_related("user", "follow", "announcement")
    )
    told = _told_as_contributors(claimed)
    for delivery in claimed:
        if delivery.follow_id is None or (
            delivery.channel == Follow.Delivery.SMS and delivery.follow.waits_for_phone_code
        ):
            # Unfollowed after it was made: nobody asked for it any more. Or the follow's
            # number changed since: the new number gets nothing before its code is typed in.
            Delivery.objects.filter(pk=delivery.pk).delete()
            counts["dropped"] += 1
            continue
        try:
            if delivery.pk not in told:
                _send_one(delivery)
        except Exception as exc:
            attempts = delivery.attempts + 1
            failed = attempts >= MAX_ATTEMPTS
            Delivery.objects.filter(pk=delivery.pk).update(
                attempts=attempts,
                status=Delivery.Status.FAILED if failed else Delivery.Status.PENDING,
                next_attempt_at=now + FIRST_RETRY * (2 ** (attempts - 1)),
                last_error=type(exc).__name__
                + (f": {exc}" if isinstance(exc, sms.SmsError) else ""),
            )
            counts["failed" if failed else "retry"] += 1
            continue
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.SENT, attempts=delivery.attempts + 1, sent_at=now
        )
        counts["sent"] += 1
    return counts


# --- digests -------------------------------------------------------------------------------


def period_of(moment: datetime) -> str:
    year, week, _day = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


def _period_start(period: str) -> datetime:
    year, week = period.split("-W")
    day = datetime.fromisocalendar(int(year), int(week), 1)
    return timezone.make_aware(day)


def send_digests(
    *, now: datetime | None = None, batch: int = 2000, connection_: Any = None
) -> dict[str, int]:
    """Send this week's digest to every digest follower who has not had it. Each follower's
    `Digest` row is inserted before the message is built; the insert that wins sends."""
    now = now or timezone.now()
    period = period_of(now)
    # claims of a run that stopped before it finished are given back after the lease
    Digest.objects.filter(
        period=period, status=Digest.Status.SENDING, claimed_at__lt=now - DIGEST_LEASE
    ).delete()
    # The widest window a digest looks back over: from the previous week's Monday. Each person
    # is told only what came after their own last digest (see `_send_digest_batch`).
    start = _period_start(period) - timedelta(days=7)
    followed = set(
        Follow.objects.filter(delivery=Follow.Delivery.DIGEST)
        .values_list("target_key", flat=True)
        .distinct()
    )
    by_target: dict[str, list[Announcement]] = defaultdict(list)
    for announcement in Announcement.objects.filter(
        created_at__gte=start, created_at__lte=now
    ).iterator(chunk_size=1000):
        for key in announcement.targets:
            if key in followed:
                by_target[key].append(announcement)
    counts = {"sent": 0, "empty": 0, "skipped": 0}
    mail = connection_ or get_connection()
    lines: dict[tuple[int, str], str] = {}  # (announcement, language) -> its lines, made once
    last_user = 0
    while True:
        user_ids = list(
            Follow.objects.filter(delivery=Follow.Delivery.DIGEST, user_id__gt=last_user)
            .exclude(_stand_in_email(Follow.Delivery.DIGEST))
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()[:batch]
        )
        if not user_ids:
            break
        last_user = user_ids[-1]
        claimed = _claim_digests(user_ids, period, now)
        counts["skipped"] += len(user_ids) - len(claimed)
        if claimed:
            _send_digest_batch(claimed, period, now, by_target, lines, mail, counts)
    return counts


def _claim_digests(user_ids: list[int], period: str, now: datetime) -> list[int]:
    """Insert the batch's digest rows; return the users whose row this call inserted."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Digest._meta.db_table} (user_id, period, status, items, claimed_at) "  # noqa: S608 - table name from the model
                "SELECT u, %s, 'sending', 0, %s FROM unnest(%s::bigint[]) AS u "
                "ON CONFLICT (user_id, period) DO NOTHING RETURNING user_id",
                [period, now, user_ids],
            )
            return [row[0] for row in cursor.fetchall()]
    won = []
    for user_id in user_ids:
        with transaction.atomic():
            _row, created = Digest.objects.get_or_create(
                user_id=user_id,
                period=period,
                defaults={"status": Digest.Status.SENDING, "claimed_at": now},
            )
        if created:
            won.append(user_id)
    return won


def _send_digest_batch(
    user_ids: list[int],
    period: str,
    now: datetime,
    by_target: dict[str, list[Announcement]],
    lines: dict[tuple[int, str], str],
    mail: Any,
    counts: dict[str, int],
) -> None:
    """Build and send the digests of one claimed batch over one mail connection, then record
    each row's outcome with one UPDATE per outcome."""
    from kuulu.accounts.models import User

    languages = _languages()

    follows: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for follow_id, user_id, key, label in Follow.objects.filter(
        user_id__in=user_ids, delivery=Follow.Delivery.DIGEST
    ).values_list("id", "user_id", "target_key", "target_label"):
        follows[user_id].append((follow_id, key, label))
    users = User.objects.filter(pk__in=user_ids).only("id", "email", "language")
    # A person's last digest (sent, or found empty) told everything up to its run's moment;
    # a failed one told nothing, so its items come again.
    told_until = dict(
        Digest.objects.filter(
            user_id__in=user_ids, status__in=[Digest.Status.SENT, Digest.Status.EMPTY]
        )
        .exclude(period=period)
        .values("user_id")
        .annotate(until=Max("claimed_at"))
        .values_list("user_id", "until")
    )
    sent_ids: list[int] = []
    empty_ids: list[int] = []
    failed_ids: list[int] = []
    messages = []
    for user in users:
        items: dict[int, Announcement] = {}
        since = told_until.get(user.pk)
        for _fid, key, _label in follows[user.pk]:
            for announcement in by_target.get(key, ()):
                if since is None or announcement.created_at > since:
                    items[announcement.pk] = announcement
        if not items:
            empty_ids.append(user.pk)
            continue
        language = user.language if user.language in languages else "fi"
        with translation.override(language):
            listed = []
            for announcement in sorted(items.values(), key=lambda a: a.created_at, reverse=True):
                line = lines.get((announcement.pk, language))
                if line is None:
                    headline, url = _announcement_text(announcement, language)
                    line = lines[(announcement.pk, language)] = f"- {headline}\n  {url}"
                listed.append(line)
            unsubscribe_url = _unsubscribe_url(digest_unsubscribe_token(user.pk), language)
            subject = _("%(site)s this week: %(count)d new things you follow") % {
                "site": settings.KUULU_SITE_NAME,
                "count": len(items),
            }
            body = "\n\n".join(
                [
                    _("New in what you follow:"),
                    "\n".join(listed),
                    _("Stop these messages: %(url)s") % {"url": unsubscribe_url},
                ]
            )
        messages.append(
            (
                user.pk,
                len(items),
                _email(
                    to=user.email,
                    subject=subject,
                    body=body,
                    unsubscribe_url=unsubscribe_url,
                    connection_=mail,
                ),
            )
        )
    # One connection for the batch: an SMTP backend otherwise opens (and with TLS, negotiates)
    # a connection per message. After a failed message the connection is dropped and the next
    # one opens a new one, so one refused message does not fail the rest of the batch. If no
    # connection can be opened at all, the batch's unsent claims are given back (nothing was
    # sent to them) and the run stops, so that the next run tells them.
    owned = False  # whether this batch opened the connection, and so closes it
    connected = False
    try:
        for user_id, _count, message in messages:
            if not connected:
                try:
                    owned = bool(mail.open())
                except Exception:
                    done = set(sent_ids) | set(failed_ids)
                    unsent = [m[0] for m in messages if m[0] not in done]
                    Digest.objects.filter(user_id__in=unsent, period=period).delete()
                    _record_digests(period, now, sent_ids, empty_ids, failed_ids, counts)
                    raise
                connected = True
            try:
                message.send()
            except Exception:
                failed_ids.append(user_id)
                if owned:
                    _close_quietly(mail)
                connected = owned = False
                continue
            sent_ids.append(user_id)
    finally:
        if owned:
            _close_quietly(mail)
    _record_digests(period, now, sent_ids, empty_ids, failed_ids, counts)


def _record_digests(
    period: str,
    now: datetime,
    sent_ids: list[int],
    empty_ids: list[int],
    failed_ids: list[int],
    counts: dict[str, int],
) -> None:
    Digest.objects.filter(user_id__in=sent_ids, period=period).update(
        status=Digest.Status.SENT, sent_at=now
    )
    Digest.objects.filter(user_id__in=empty_ids, period=period).update(status=Digest.Status.EMPTY)
    Digest.objects.filter(user_id__in=failed_ids, period=period).update(status=Digest.Status.FAILED)
    counts["sent"] += len(sent_ids)
    counts["empty"] += len(empty_ids)


def _close_quietly(mail: Any) -> None:
    # A broken connection is dropped; the next send opens a new one.
    with contextlib.suppress(Exception):
        mail.close()
