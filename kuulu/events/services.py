"""Writes for events: registration with capacity and waitlist, cancellation, promotion,
capacity changes and attendance. Seats are taken with conditional UPDATEs inside the same
savepoint as the registration row, so capacity holds under concurrent requests."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.events.models import Registration, Session

CANCEL_SALT = "kuulu.events.cancel"


class RegistrationClosed(Exception):
    """Registration for the session is not open (not yet, no longer, or the event is cancelled)."""


class SessionFull(Exception):
    """Every place is taken and the event keeps no waitlist."""


def _notify(registration: Registration, kind: str) -> None:
    from kuulu.events.tasks import send_registration_email

    transaction.on_commit(
        partial(send_registration_email.enqueue, registration_id=registration.pk, kind=kind)
    )


def register(
    *,
    session: Session,
    name: str,
    email: str,
    language: str = "fi",
    user: Any = None,
    registered_by: Any = None,
    dietary: str = "",
    accessibility: str = "",
    answers: dict[str, str] | None = None,
) -> tuple[Registration, bool]:
    """Take a place, or a waitlist place. Registering again with the same email returns the
    existing registration (created = False) and never takes a second place."""
    email = email.strip().lower()
    name = " ".join(name.split())
    errors = {}
    if not name:
        errors["name"] = _("Give your name.")
    if not email:
        errors["email"] = _("Give your email address.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            # One registration at a time per session: the row lock orders them, so a free
            # place always goes to the waitlist first and nobody is left behind by a race.
            session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
            if not session.registration_open():
                raise RegistrationClosed(_("Registration for this session is closed."))
            existing = _active(session, email)
            if existing is not None:
                return existing, False
            queue = Registration.objects.filter(
                session=session, status=Registration.Status.WAITLISTED
            ).exists()
            took = not queue and Session.objects.filter(
                pk=session.pk, attending_count__lt=F("capacity")
            ).update(attending_count=F("attending_count") + 1)
            if took:
                status = Registration.Status.ATTENDING
            elif session.event.waitlist:
                status = Registration.Status.WAITLISTED
            else:
                raise SessionFull(_("This session is full."))
            registration = Registration.objects.create(
                session=session,
                name=name,
                email=email,
                language=language,
                status=status,
                user=user if getattr(user, "is_authenticated", False) else None,
                registered_by=registered_by
                if getattr(registered_by, "is_authenticated", False)
                else None,
                dietary=dietary.strip(),
                accessibility=accessibility.strip(),
                answers=answers or {},
            )
    except IntegrityError:
        # The same address won a race in another transaction; its registration stands.
        existing = _active(session, email)
        if existing is None:
            raise
        return existing, False
    _notify(registration, "confirmed" if status == Registration.Status.ATTENDING else "waitlisted")
    return registration, True


def _active(session: Session, email: str) -> Registration | None:
    return (
        Registration.objects.filter(
            session=session, email__iexact=email, anonymised_at__isnull=True
        )
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


class TooLate(Exception):
    """The session has started (or the registration was anonymised): nothing to cancel."""


@transaction.atomic
def cancel(*, registration: Registration, actor: Any = None) -> Registration:
    from django.utils import timezone

    registration = (
        Registration.objects.select_for_update().select_related("session").get(pk=registration.pk)
    )
    if registration.status == Registration.Status.CANCELLED:
        return registration
    if registration.anonymised_at is not None or registration.session.starts_at <= timezone.now():
        raise TooLate(
            _("The session has already started; the registration can no longer be cancelled.")
        )
    was_attending = registration.status == Registration.Status.ATTENDING
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    _notify(registration, "cancelled")
    if was_attending:
        Session.objects.filter(pk=registration.session_id).update(
            attending_count=F("attending_count") - 1
        )
        promote_waitlisted(session=registration.session)
    return registration


@transaction.atomic
def promote_waitlisted(*, session: Session) -> list[Registration]:
    """Fill free places from the waitlist in registration order."""
    from django.utils import timezone

    session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
    promoted = []
    if (
        session.event.status != session.event.Status.PUBLISHED
        or session.starts_at <= timezone.now()
    ):
        return promoted
    while True:
        candidate = (
            Registration.objects.select_for_update()
            .filter(session=session, status=Registration.Status.WAITLISTED)
            .order_by("created_at", "id")
            .first()
        )
        if candidate is None:
            break
        took = Session.objects.filter(pk=session.pk, attending_count__lt=F("capacity")).update(
            attending_count=F("attending_count") + 1
        )
        if not took:
            break
        candidate.status = Registration.Status.ATTENDING
        candidate.save(update_fields=["status", "updated_at"])
        _notify(candidate, "promoted")
        promoted.append(candidate)
    return promoted


@transaction.atomic
def change_capacity(
    *, session: Session, capacity: int, actor: Any = None, request: Any = None
) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if capacity < session.attending_count:
        raise ValidationError(
            {
                "capacity": _(
                    "%(attending)d people already have a place; the capacity cannot be lower than that. "
                    "Cancel registrations first if the room is smaller."
                )
                % {"attending": session.attending_count}
            }
        )
    session.capacity = capacity
    session.save(update_fields=["capacity"])
    record_event(
        action="update", obj=session, actor=actor, request=request, changed_fields=["capacity"]
    )
    promote_waitlisted(session=session)
    return session


@transaction.atomic
def mark_attendance(
    *, registration: Registration, attended: bool, actor: Any = None, request: Any = None
) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.ATTENDING:
        raise ValidationError(_("Only people with a place can be marked present or absent."))
    registration.attended = attended
    registration.save(update_fields=["attended", "updated_at"])
    record_event(
        action="update", obj=registration, actor=actor, request=request, changed_fields=["attended"]
    )
    return registration


def cancel_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk}, salt=CANCEL_SALT, compress=True)


def registration_from_token(token: str) -> Registration | None:
    try:
        data = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("session__event").filter(pk=data.get("r")).first()


def anonymise_past_registrations(*, days_after: int) -> int:
    """Retention: clear registrants' personal data this many days after their session ended.
    Attendance and status stay for reporting; name, email and answers go."""
    from datetime import timedelta

    from django.utils import timezone

    cutoff = timezone.now() - timedelta(days=days_after)
    return Registration.objects.filter(
        session__ends_at__lt=cutoff, anonymised_at__isnull=True
    ).update(
        name="",
        email="",
        dietary="",
        accessibility="",
        answers={},
        user=None,
        registered_by=None,
        anonymised_at=timezone.now(),
    )


def _active_registrations(event_id: int):  # type: ignore[no-untyped-def]
    return Registration.objects.filter(
        session__event_id=event_id, anonymised_at__isnull=True
    ).exclude(status=Registration.Status.CANCELLED)


@transaction.atomic
def cancel_event(*, event: Any, actor: Any = None, request: Any = None) -> Any:
    """Cancel the whole event and tell everyone registered (places and waitlist)."""
    from kuulu.events.models import Event

    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        return event
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    record_event(
        action="update", obj=event, actor=actor, request=request, changed_fields=["status"]
    )
    for registration in _active_registrations(event.pk):
        _notify(registration, "event_cancelled")
    return event


def announce_event_change(*, event: Any, actor: Any = None, request: Any = None) -> int:
    """Tell everyone registered that the event's details changed (time, place or programme)."""
    registrations = list(_active_registrations(event.pk))
    with transaction.atomic():
        record_event(
            action="update", obj=event, actor=actor, request=request, summary="change announced"
        )
        for registration in registrations:
            _notify(registration, "event_changed")
    return len(registrations)


def send_due_reminders(*, hours_ahead: int = 48) -> int:
    """Queue a reminder to everyone with a place in sessions starting within `hours_ahead`
    hours. Each session is claimed with a conditional UPDATE, so running this from several
    places at once never sends a reminder twice."""
    from datetime import timedelta

    from django.utils import timezone

    from kuulu.events.models import Event

    now = timezone.now()
    due = Session.objects.filter(
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=hours_ahead),
        event__status=Event.Status.PUBLISHED,
    ).values_list("pk", flat=True)
    sent = 0
    for session_id in list(due):
        with transaction.atomic():
            claimed = Session.objects.filter(pk=session_id, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            for registration in Registration.objects.filter(
                session_id=session_id,
                status=Registration.Status.ATTENDING,
                anonymised_at__isnull=True,
            ):
                _notify(registration, "reminder")
                sent += 1
    return sent
