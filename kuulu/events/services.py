"""Writes for events: registration with capacity and waitlist, cancellation, promotion,
capacity changes and attendance.

Seats under load. A registration does its checks and lookups first, without locks; the seat
decision is then one UPDATE of the session's counters (a place if one is free and nobody is
waiting, otherwise a waitlist place), and on PostgreSQL the registration row is inserted by the
same statement, so the session row is locked only while that statement runs. Emails go after
commit. Everything that moves people between statuses (cancellation, promotion, capacity
changes) locks the session row first and then its registrations, recounts both counters from
the rows and fills free places from the waitlist in order, so counters and places stay exact
under concurrent requests and the lock order never deadlocks."""

from __future__ import annotations

from contextlib import nullcontext
from functools import partial
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.events.models import Event, Registration, Session

CANCEL_SALT = "kuulu.events.cancel"
# The error code of a capacity below the places already taken (the API answers 409).
BELOW_ATTENDING = "below_attending"
ANSWER_MAX_LENGTH = 500
LANGS = ("fi", "sv", "en")


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
    existing registration (created = False) and never takes a second place.

    A free place goes to a newcomer only while nobody is waiting, so a place that frees up
    always goes to the waitlist first."""
    email = email.strip().lower()
    name = " ".join(name.split())
    errors = {}
    if not name:
        errors["name"] = _("Give your name.")
    if not email:
        errors["email"] = _("Give your email address.")
    if errors:
        raise ValidationError(errors)
    # Checks before the seat decision, without locks. A caller that has just loaded the
    # session with its event (the API, the form) passes it; otherwise it is read here.
    if not Session.event.is_cached(session):
        session = Session.objects.select_related("event").get(pk=session.pk)
    if not session.registration_open():
        raise RegistrationClosed(_("Registration for this session is closed."))
    registration = Registration(
        session=session,
        name=name,
        email=email,
        language=language,
        user=user if getattr(user, "is_authenticated", False) else None,
        registered_by=registered_by if getattr(registered_by, "is_authenticated", False) else None,
        dietary=dietary.strip(),
        accessibility=accessibility.strip(),
        answers=answers or {},
    )
    try:
        if connection.vendor == "postgresql":
            took = _take_place_in_one_statement(registration, waitlist=session.event.waitlist)
        else:
            took = _take_place(registration, waitlist=session.event.waitlist)
    except IntegrityError:
        # The address is already registered (the partial unique index; the seat decision was
        # undone with the failed statement): that registration stands. Looking it up only
        # here saves a query for every new registration.
        existing = _active(session, email)
        if existing is None:
            raise
        return existing, False
    if not took:
        # Full and no waitlist: someone already registered still gets their registration.
        existing = _active(session, email)
        if existing is not None:
            return existing, False
        if not _event_open(session.pk):
            # Cancelled, taken back to draft or deleted after the checks above.
            raise RegistrationClosed(_("Registration for this session is closed."))
        raise SessionFull(_("This session is full."))
    _notify(
        registration,
        "confirmed" if registration.status == Registration.Status.ATTENDING else "waitlisted",
    )
    return registration, True


# Whether the decision is a place: one is free and nobody is waiting for one.
_PLACE_FREE = "attending_count < capacity AND waitlisted_count = 0"


def _event_open(session_id: int) -> bool:
    return Session.objects.filter(pk=session_id, event__status=Event.Status.PUBLISHED).exists()


def _take_place_in_one_statement(registration: Registration, *, waitlist: bool) -> bool:
    """PostgreSQL: the seat decision and the registration row in one statement. The UPDATE
    locks the session row, the INSERT follows in the same statement, and outside a transaction
    the lock goes with the statement's own commit: nothing else runs while it is held.

    The returned waitlist count tells the decision apart: a place is taken only when nobody was
    waiting (the count stays 0); a waitlist place makes it at least 1. Without a waitlist the
    UPDATE matches no row when the session is full, and nothing is inserted."""
    session_table = connection.ops.quote_name(Session._meta.db_table)
    event_table = connection.ops.quote_name(Event._meta.db_table)
    table = connection.ops.quote_name(Registration._meta.db_table)
    fields = [
        f
        for f in Registration._meta.concrete_fields
        if not f.primary_key and f.name not in {"status", "created_at", "updated_at"}
    ]
    columns = [connection.ops.quote_name(f.column) for f in fields]
    values = [f.get_db_prep_save(f.pre_save(registration, True), connection) for f in fields]
    # Only identifiers from the models and fixed SQL are formatted in; values are parameters.
    # The event's status was checked without a lock. The statement takes a key-share lock on
    # the event row and checks again: an organiser cancelling the event (or taking it back to
    # draft) holds that row locked, so the seat decision waits for them and then sees the new
    # status, and a cancellation that starts later sees this registration and tells its owner.
    sql = f"""
        WITH published AS (
            SELECT 1 FROM {event_table}
            WHERE id = %s AND status = %s
            FOR KEY SHARE
        ),
        seat AS (
            UPDATE {session_table}
            SET attending_count = attending_count
                    + CASE WHEN {_PLACE_FREE} THEN 1 ELSE 0 END,
                waitlisted_count = waitlisted_count
                    + CASE WHEN {_PLACE_FREE} THEN 0 ELSE 1 END
            WHERE id = %s AND EXISTS (SELECT 1 FROM published) AND (%s OR ({_PLACE_FREE}))
            RETURNING waitlisted_count
        )
        INSERT INTO {table} ({", ".join(columns)}, status, created_at, updated_at)
        SELECT {", ".join(["%s"] * len(values))},
            CASE WHEN seat.waitlisted_count = 0 THEN %s ELSE %s END,
            clock_timestamp(), clock_timestamp()
        FROM seat
        RETURNING id, status, created_at, updated_at
    """  # noqa: S608
    params = [
        registration.session.event_id,
        Event.Status.PUBLISHED,
        registration.session_id,
        waitlist,
        *values,
        Registration.Status.ATTENDING,
        Registration.Status.WAITLISTED,
    ]
    # Inside a caller's transaction a savepoint keeps a duplicate's error from spoiling it;
    # otherwise (autocommit) the statement is its own transaction and releases its lock at once.
    context = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with context, connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    registration.pk, registration.status, registration.created_at, registration.updated_at = row
    registration._state.adding = False
    registration._state.db = connection.alias
    return True


def _take_place(registration: Registration, *, waitlist: bool) -> bool:
    """Other databases (SQLite in development and tests): the same decision under the session
    row's lock (SQLite serialises writing transactions)."""
    with transaction.atomic():
        counts = (
            Session.objects.select_for_update()
            .filter(pk=registration.session_id, event__status=Event.Status.PUBLISHED)
            .values("capacity", "attending_count", "waitlisted_count")
            .first()
        )
        if counts is None:
            return False  # the event was cancelled or the session deleted after the checks
        place = counts["attending_count"] < counts["capacity"] and not counts["waitlisted_count"]
        if place:
            registration.status = Registration.Status.ATTENDING
            Session.objects.filter(pk=registration.session_id).update(
                attending_count=F("attending_count") + 1
            )
        elif waitlist:
            registration.status = Registration.Status.WAITLISTED
            Session.objects.filter(pk=registration.session_id).update(
                waitlisted_count=F("waitlisted_count") + 1
            )
        else:
            return False
        registration.save(force_insert=True)
    return True


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
    # Lock order: the session row first, then the registration (as promotion does).
    session = Session.objects.select_for_update().get(pk=registration.session_id)
    registration = (
        Registration.objects.select_for_update().select_related("session").get(pk=registration.pk)
    )
    if registration.status == Registration.Status.CANCELLED:
        return registration
    if registration.anonymised_at is not None or registration.session.starts_at <= timezone.now():
        raise TooLate(
            _("The session has already started; the registration can no longer be cancelled.")
        )
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    _notify(registration, "cancelled")
    _settle(session)
    return registration


@transaction.atomic
def promote_waitlisted(*, session: Session) -> list[Registration]:
    """Fill free places from the waitlist in registration order."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    return _settle(session)


def _settle(session: Session) -> list[Registration]:
    """With the session row locked: recount places and waitlist from the registrations, fill the
    free places from the waitlist in registration order (while the event is published and the
    session has not started), and store both counters."""
    session = Session.objects.select_related("event").get(pk=session.pk)
    counts = dict(
        Registration.objects.filter(session=session)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    attending = counts.get(Registration.Status.ATTENDING, 0)
    waitlisted = counts.get(Registration.Status.WAITLISTED, 0)
    promoted: list[Registration] = []
    if (
        session.event.status == session.event.Status.PUBLISHED
        and session.starts_at > timezone.now()
        and waitlisted
        and attending < session.capacity
    ):
        promoted = list(
            Registration.objects.select_for_update()
            .filter(session=session, status=Registration.Status.WAITLISTED)
            .order_by("created_at", "id")[: session.capacity - attending]
        )
        now = timezone.now()
        Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(
            status=Registration.Status.ATTENDING, updated_at=now
        )
        for candidate in promoted:
            candidate.status = Registration.Status.ATTENDING
            candidate.updated_at = now
            _notify(candidate, "promoted")
        attending += len(promoted)
        waitlisted -= len(promoted)
    Session.objects.filter(pk=session.pk).update(
        attending_count=attending, waitlisted_count=waitlisted
    )
    return promoted


@transaction.atomic
def change_capacity(
    *, session: Session, capacity: int, actor: Any = None, request: Any = None
) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if capacity < session.attending_count:
        raise ValidationError(
            {
                "capacity": ValidationError(
                    _(
                        "%(attending)d people already have a place; the capacity cannot be lower than that. "
                        "Cancel registrations first if the room is smaller."
                    )
                    % {"attending": session.attending_count},
                    code=BELOW_ATTENDING,
                )
            }
        )
    session.capacity = capacity
    session.save(update_fields=["capacity"])
    record_event(
        action="update", obj=session, actor=actor, request=request, changed_fields=["capacity"]
    )
    _settle(session)
    session.refresh_from_db()
    return session


@transaction.atomic
def mark_attendance(
    *, registration: Registration, attended: bool, actor: Any = None, request: Any = None
) -> Registration:
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("session")
        .get(pk=registration.pk)
    )
    if registration.status != Registration.Status.ATTENDING:
        raise ValidationError(_("Only people with a place can be marked present or absent."))
    # Attendance is a training record (mandatory-training reports count it as completion),
    # so nobody is marked present for a session that has not taken place.
    if not registration.session.has_started():
        raise ValidationError(_("Attendance can be recorded once the session has started."))
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
    Attendance and status stay for reporting; name, email and answers go. The link to a
    staff account stays only where the person was present: it is their training record,
    which mandatory-training reports count as completion."""
    from datetime import timedelta

    from django.db.models import Case, OuterRef, Subquery, When
    from django.utils import timezone

    from kuulu.organisation.models import Person

    cutoff = timezone.now() - timedelta(days=days_after)
    # Someone present who registered without signing in was credited through the address,
    # which goes now: their record keeps the account of the staff member with that address.
    staff_account = (
        Person.objects.filter(
            email__iexact=OuterRef("email"), kind=Person.Kind.STAFF, user__isnull=False
        )
        .order_by("pk")
        .values("user_id")[:1]
    )
    return Registration.objects.filter(
        session__ends_at__lt=cutoff, anonymised_at__isnull=True
    ).update(
        name="",
        email="",
        dietary="",
        accessibility="",
        answers={},
        user=Case(
            When(attended=True, user__isnull=False, then=F("user")),
            When(attended=True, then=Subquery(staff_account)),
            default=None,
            output_field=Registration._meta.get_field("user"),
        ),
        registered_by=None,
        anonymised_at=timezone.now(),
    )


def _new_calendar_revision(event_id: int) -> None:
    """The event's sessions show differently in calendars (title, description, cancellation)."""
    Session.objects.filter(event_id=event_id).update(sequence=F("sequence") + 1)


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
    _new_calendar_revision(event.pk)
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


# --- Extra registration questions -------------------------------------------------------------


def validate_answers(*, questions: list[Any], answers: dict[str, Any]) -> dict[str, str]:
    """Check answers to an event's questions (keyed by question id) and return them cleaned.
    The web form applies the same rules field by field; the API calls this."""
    by_id = {str(q.pk): q for q in questions}
    errors: list[ValidationError] = []
    cleaned: dict[str, str] = {}
    for key, value in answers.items():
        question = by_id.get(str(key))
        if question is None:
            errors.append(
                ValidationError(_("%(key)s is not a question of this event.") % {"key": key})
            )
            continue
        if not isinstance(value, str) or "\x00" in value:
            errors.append(
                ValidationError(
                    _("The answer to “%(question)s” must be text.") % {"question": question.text}
                )
            )
            continue
        value = value.strip()
        if len(value) > ANSWER_MAX_LENGTH:
            errors.append(
                ValidationError(
                    _("The answer to “%(question)s” is longer than %(max)d characters.")
                    % {"question": question.text, "max": ANSWER_MAX_LENGTH}
                )
            )
            continue
        if value and question.kind == question.Kind.YES_NO and value not in ("yes", "no"):
            errors.append(
                ValidationError(
                    _("Answer “%(question)s” with yes or no.") % {"question": question.text}
                )
            )
            continue
        if value and question.kind == question.Kind.CHOICE and value not in question.choices:
            errors.append(
                ValidationError(
                    _("“%(value)s” is not one of the options of “%(question)s”.")
                    % {"value": value[:60], "question": question.text}
                )
            )
            continue
        if value:
            cleaned[str(question.pk)] = value
    for question in questions:
        if question.required and str(question.pk) not in cleaned:
            errors.append(
                ValidationError(_("“%(question)s” needs an answer.") % {"question": question.text})
            )
    if errors:
        raise ValidationError({"answers": errors})
    return cleaned


QUESTION_FIELDS = {"text_fi", "text_sv", "text_en", "position", "required", "kind", "choices"}


def _check_question(question: Any) -> None:
    errors: dict[str, str] = {}
    if not (question.text_fi or "").strip():
        errors["text_fi"] = _("Write the question in Finnish.")
    if question.kind not in question.Kind.values:
        errors["kind"] = _("Choose the kind of answer.")
    if question.kind == question.Kind.CHOICE:
        if len(question.choices) < 2:
            errors["choices"] = _("Give at least two options, one per line.")
        elif any(not isinstance(c, str) or not c or len(c) > 200 for c in question.choices):
            errors["choices"] = _("Each option must be text of at most 200 characters.")
    else:
        question.choices = []
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_question(
    *, event: Any, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Any:
    from kuulu.events.models import EventQuestion

    unknown = set(data) - QUESTION_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    question = EventQuestion(event=event, **data)
    if "position" not in data:
        question.position = event.questions.count() + 1
    _check_question(question)
    question.save()
    record_event(action="create", obj=question, actor=actor, request=request)
    return question


@transaction.atomic
def update_question(
    *, question: Any, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Any:
    from kuulu.events.models import EventQuestion

    unknown = set(data) - QUESTION_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    question = EventQuestion.objects.select_for_update().get(pk=question.pk)
    changed = [name for name, value in data.items() if getattr(question, name) != value]
    for name in changed:
        setattr(question, name, data[name])
    _check_question(question)
    if changed:
        question.save()
        record_event(
            action="update", obj=question, actor=actor, request=request, changed_fields=changed
        )
    return question


@transaction.atomic
def delete_question(*, question: Any, actor: Any = None, request: Any = None) -> None:
    """Answers already given stay on the registrations until retention removes them; the
    exports show only the current questions."""
    record_event(action="delete", obj=question, actor=actor, request=request)
    question.delete()


# --- Managers register their team --------------------------------------------------------------


class TeamResult:
    """Who got a place, who is on the waitlist, who was registered already, who got nothing."""

    def __init__(self) -> None:
        self.placed: list[Any] = []
        self.waitlisted: list[Any] = []
        self.already: list[Any] = []
        self.full: list[Any] = []


def register_team(
    *, session: Session, people: list[Any], registered_by: Any, request: Any = None
) -> TeamResult:
    """Register staff members one by one through `register`, in the order given, so the
    session's capacity and waitlist hold exactly as for anyone else. Which people the
    registering manager may pick is checked by the caller (`selectors.team_candidates`).
    Each person's emails go in their own account's language, else in Finnish."""
    result = TeamResult()
    with transaction.atomic():
        for person in people:
            user = person.user if person.user_id and person.user.is_active else None
            try:
                registration, created = register(
                    session=session,
                    name=person.full_name,
                    email=person.email or (user.email if user else ""),
                    language=(user.language if user else "") or "fi",
                    user=user,
                    registered_by=registered_by,
                )
            except SessionFull:
                result.full.append(person)
                continue
            if not created:
                result.already.append(person)
            elif registration.status == Registration.Status.ATTENDING:
                result.placed.append(person)
            else:
                result.waitlisted.append(person)
        record_event(
            action="create",
            obj=session,
            actor=registered_by,
            request=request,
            summary="team registered",
        )
    return result


# --- Organisers edit events and sessions -------------------------------------------------------

EVENT_FIELDS = {
    "title_fi",
    "title_sv",
    "title_en",
    "description_fi",
    "description_sv",
    "description_en",
    "programme",
    "part_number",
    "format",
    "language",
    "for_managers",
    "for_staff",
    "for_elected",
    "for_ngos",
    "for_public",
    "facilitators",
    "agenda",
    "ask_dietary",
    "ask_accessibility",
    "registration_opens_at",
    "registration_closes_days",
    "waitlist",
    "status",
}


def _check_event(event: Any, *, was_status: str | None) -> None:
    from django.conf import settings

    from kuulu.events.models import Event

    errors: dict[str, str] = {}
    if not (event.title_fi or "").strip():
        errors["title_fi"] = _("Give the title in Finnish.")
    for name in ("title_fi", "title_sv", "title_en"):
        if len(getattr(event, name) or "") > 200:
            errors[name] = _("The title can be at most 200 characters.")
    if event.format not in Event.Format.values:
        errors["format"] = _("Choose a format.")
    if event.language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose a language.")
    if was_status == Event.Status.CANCELLED and event.status != was_status:
        # Everyone registered was told it is cancelled and their registrations stand as they
        # were: reopening it would bring them back without a word.
        errors["status"] = _(
            "A cancelled event cannot be published again. Create a new event instead."
        )
    elif event.status not in (Event.Status.DRAFT, Event.Status.PUBLISHED):
        if event.status != was_status:
            errors["status"] = _(
                "An event can be saved as a draft or published. To cancel it, use “Cancel the "
                "event and tell everyone” on its registrations page."
            )
    elif (
        event.status == Event.Status.DRAFT
        and was_status != Event.Status.DRAFT
        and event.pk
        and _active_registrations(event.pk).exists()
    ):
        errors["status"] = _(
            "People have registered, so the event cannot go back to draft. Cancel it instead."
        )
    if event.programme_id and event.programme.county_id != event.county_id:
        errors["programme"] = _("The programme belongs to another county.")
    if event.part_number is not None and not event.programme_id:
        errors["part_number"] = _("A part number needs a programme.")
    if not isinstance(event.agenda, list) or any(
        not isinstance(row, dict)
        or set(row) != {"time", "item"}
        or not all(isinstance(v, str) and len(v) <= 200 for v in row.values())
        for row in event.agenda
    ):
        errors["agenda"] = _("Each agenda row needs a time and an item.")
    if not year_in_range(event.registration_opens_at):
        errors["registration_opens_at"] = year_out_of_range_message()
    if not 0 <= (event.registration_closes_days or 0) <= 365:
        errors["registration_closes_days"] = _("Give a number of days between 0 and 365.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_event(
    *,
    county: Any,
    data: dict[str, Any],
    organisers: Any = (),
    actor: Any = None,
    request: Any = None,
) -> Any:
    from kuulu.events.models import Event

    unknown = set(data) - EVENT_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    event = Event(county=county, **data)
    _check_event(event, was_status=None)
    event.save()
    event.organisers.set(organisers)
    record_event(action="create", obj=event, actor=actor, request=request)
    return event


@transaction.atomic
def update_event(
    *,
    event: Any,
    data: dict[str, Any],
    organisers: Any = None,
    actor: Any = None,
    request: Any = None,
) -> Any:
    """Change an event's fields (and organisers, when given). Cancelling goes through
    `cancel_event`, which tells everyone registered."""
    from kuulu.events.models import Event

    unknown = set(data) - EVENT_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    event = Event.objects.select_for_update().get(pk=event.pk)
    was_status = event.status
    changed = [name for name, value in data.items() if getattr(event, name) != value]
    for name in changed:
        setattr(event, name, data[name])
    _check_event(event, was_status=was_status)
    if changed:
        event.save(update_fields=[*changed, "updated_at"])
        if set(changed) & EVENT_CALENDAR_FIELDS:
            _new_calendar_revision(event.pk)
    if organisers is not None and set(organisers) != set(event.organisers.all()):
        event.organisers.set(organisers)
        changed.append("organisers")
    if changed:
        record_event(
            action="update", obj=event, actor=actor, request=request, changed_fields=changed
        )
    return event


# What a session's calendar entry shows: a change makes it a new revision (Session.sequence).
CALENDAR_FIELDS = {"starts_at", "ends_at", "venue", "address", "online_url"}
EVENT_CALENDAR_FIELDS = {f"{name}_{code}" for name in ("title", "description") for code in LANGS}

SESSION_FIELDS = {
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "municipality",
    "online_url",
    "capacity",
}


def _check_session(session: Session) -> None:
    errors: dict[str, str] = {}
    if not (year_in_range(session.starts_at) and year_in_range(session.ends_at)):
        raise ValidationError({"starts_at": year_out_of_range_message()})
    if session.ends_at <= session.starts_at:
        errors["ends_at"] = _("A session must end after it starts.")
    if session.capacity is None or session.capacity < 1:
        errors["capacity"] = _("A session needs at least one place.")
    if session.municipality_id and session.municipality.county_id != session.event.county_id:
        errors["municipality"] = _("The municipality belongs to another county.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_session(
    *, event: Any, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Session:
    unknown = set(data) - SESSION_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    session = Session(event=event, **data)
    _check_session(session)
    session.save()
    record_event(action="create", obj=session, actor=actor, request=request)
    return session


@transaction.atomic
def update_session(
    *, session: Session, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Session:
    """Change a session. A new capacity goes through `change_capacity`: it is refused below
    the places taken, and a larger one promotes people from the waitlist."""
    unknown = set(data) - SESSION_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
    capacity = data.get("capacity", session.capacity)
    changed = [
        name
        for name, value in data.items()
        if name != "capacity" and getattr(session, name) != value
    ]
    for name in changed:
        setattr(session, name, data[name])
    _check_session(session)
    if capacity is None or capacity < 1:
        raise ValidationError({"capacity": _("A session needs at least one place.")})
    if changed:
        fields = list(changed)
        if "starts_at" in changed and session.reminder_sent_at is not None:
            # The reminder went out for the old time: people get one for the new time too.
            session.reminder_sent_at = None
            fields.append("reminder_sent_at")
        if set(changed) & CALENDAR_FIELDS:
            session.sequence += 1  # the session row is locked
            fields.append("sequence")
        session.save(update_fields=fields)
        record_event(
            action="update", obj=session, actor=actor, request=request, changed_fields=changed
        )
    if capacity != session.capacity:
        session = change_capacity(session=session, capacity=capacity, actor=actor, request=request)
    return session


@transaction.atomic
def delete_session(*, session: Session, actor: Any = None, request: Any = None) -> None:
    """Only a session nobody has registered for can be deleted; otherwise the organiser cancels
    the event, which tells the people registered."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if Registration.objects.filter(session=session).exists():
        raise ValidationError(
            _(
                "People have registered for this session, so it cannot be deleted. Cancel the "
                "event instead, so that they are told."
            )
        )
    record_event(action="delete", obj=session, actor=actor, request=request)
    session.delete()
