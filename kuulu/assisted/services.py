"""Writes for assisted participation: one service per kind of action.

Each service checks the visit (who helps whom, where, with what consent), calls the owning
app's own public service (feedback, events, surveys, deliberation) and records the
`AssistedAction` and its audit entry, all inside one transaction: if anything fails, neither
the item nor the record of assistance is saved. The owning services queue their emails and
tasks with `on_commit`, so nothing is sent for a rolled-back action.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.assisted.access import can_assist
from kuulu.assisted.models import AssistedAction
from kuulu.core import pseudonyms
from kuulu.core.audit import record_event
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import County, Person, Unit

CONSENT_NOTE_MAX = 500
SEARCH_MIN_LENGTH = 3
SEARCH_LIMIT = 10
# A consent time may be at most this far ahead of the server's clock (a slow wall clock).
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Consent:
    """How the resident agreed to a staff member acting for them."""

    method: str
    representative_name: str = ""
    note: str = ""
    given_at: datetime | None = None

    @property
    def label(self) -> str:
        methods = dict(AssistedAction.ConsentMethod.choices)
        return str(methods.get(self.method, ""))


@dataclass(frozen=True)
class Visit:
    """Who is helping whom, where, and with what consent. `resident` None: the resident has no
    record (anonymous, or contact details kept only in the item)."""

    staff_user: Any
    unit: Unit
    consent: Consent
    resident: Person | None = None


# --- Consent and the visit --------------------------------------------------------------------


def check_consent(consent: Consent, *, now: datetime | None = None) -> Consent:
    """The consent cleaned, or a ValidationError naming each problem."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if consent.method not in AssistedAction.ConsentMethod.values:
        errors["consent_method"] = _("Choose how the resident gave their consent.")
    name = " ".join(consent.representative_name.split())
    if (
        consent.method
        in (AssistedAction.ConsentMethod.GUARDIAN, AssistedAction.ConsentMethod.REPRESENTATIVE)
        and not name
    ):
        errors["representative_name"] = _("Name the guardian or representative who consented.")
    if len(name) > 160:
        errors["representative_name"] = _("The name is longer than 160 characters.")
    note = consent.note.strip()
    if len(note) > CONSENT_NOTE_MAX:
        errors["consent_note"] = _("The note is longer than %(max)s characters.") % {
            "max": CONSENT_NOTE_MAX
        }
    given_at = consent.given_at or now
    if given_at > now + CLOCK_SKEW:
        errors["consented_at"] = _("The time of consent cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return Consent(method=consent.method, representative_name=name, note=note, given_at=given_at)


def check_visit(visit: Visit) -> tuple[Person, County, Consent]:
    """The assisting staff member's record, the county and the cleaned consent."""
    actor = actor_for(visit.staff_user)
    if not can_assist(actor):
        raise ValidationError(_("Only staff members of the county can act for a resident."))
    errors: dict[str, str] = {}
    if visit.unit.county_id != actor.county_id or not visit.unit.is_active:
        errors["unit"] = _("Choose a service point of your own county.")
    resident = visit.resident
    if resident is not None and (
        resident.county_id != actor.county_id
        or not resident.is_active
        or resident.kind != Person.Kind.RESIDENT
    ):
        errors["resident"] = _("Choose a resident of your own county.")
    if errors:
        raise ValidationError(errors)
    consent = check_consent(visit.consent)
    staff_person = Person.objects.get(pk=actor.person_id)
    return staff_person, County.objects.get(pk=actor.county_id), consent


def _record(
    visit: Visit,
    *,
    kind: str,
    obj: models.Model,
    staff_person: Person,
    consent: Consent,
    request: Any = None,
) -> AssistedAction:
    resident = visit.resident
    action = AssistedAction.objects.create(
        county_id=visit.unit.county_id,
        kind=kind,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        resident_person=resident,
        resident_user_id=resident.user_id if resident is not None else None,
        staff_user=visit.staff_user,
        staff_person=staff_person,
        unit=visit.unit,
        consent_method=consent.method,
        representative_name=consent.representative_name,
        consent_note=consent.note,
        consented_at=consent.given_at or timezone.now(),
    )
    record_event(
        action="create",
        obj=action,
        actor=visit.staff_user,
        request=request,
        summary=f"assisted {kind} recorded for {obj._meta.label_lower} {obj.pk}",
    )
    return action


def action_for(obj: models.Model) -> AssistedAction | None:
    """The record of assistance of an item, if it was made with assistance."""
    return (
        AssistedAction.objects.select_related("staff_person", "unit")
        .filter(object_type=obj._meta.label_lower, object_id=obj.pk)
        .order_by("created_at", "id")
        .first()
    )


# --- Residents --------------------------------------------------------------------------------


def find_residents(*, visit_staff: Any, query: str, request: Any = None) -> list[Person]:
    """Residents of the staff member's county matching every word of the query (names, or the
    exact email address), or a phone number in any format by its last six digits. Short queries find nobody, so the register cannot be browsed; each search is
    audit-logged without the query."""
    actor = actor_for(visit_staff)
    if not can_assist(actor):
        return []
    query = " ".join(query.split())
    if len(query) < SEARCH_MIN_LENGTH:
        return []
    phone_digits = models.F("phone")
    for separator in (" ", "-", "(", ")", "+"):
        phone_digits = Replace(phone_digits, Value(separator), Value(""))
    qs = (
        Person.objects.filter(county_id=actor.county_id, kind=Person.Kind.RESIDENT, is_active=True)
        .annotate(phone_digits=phone_digits)
        .select_related("municipality")
    )
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 6 and all(ch.isdigit() or ch in " -()+" for ch in query):
        # A phone number in any format (+358 40 ..., 040-...): its last six digits.
        qs = qs.filter(phone_digits__endswith=digits[-6:])
    else:
        for word in query.split()[:4]:
            qs = qs.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__iexact=word)
            )
    found = list(qs.order_by("last_name", "first_name", "id")[:SEARCH_LIMIT])
    record_event(
        action="view",
        object_type="organisation.person",
        actor=visit_staff,
        request=request,
        summary=f"resident search for assisted participation: {len(found)} found",
    )
    return found


def create_resident(
    *,
    staff_user: Any,
    first_name: str,
    last_name: str,
    email: str = "",
    phone: str = "",
    municipality: Any = None,
    invite: bool = False,
    language: str = "fi",
    request: Any = None,
) -> Person:
    """A resident record made at the service point. With `invite`, also a sign-in account and
    an email to set a password, so the resident can follow their participation online."""
    from kuulu.organisation import services as organisation_services

    actor = actor_for(staff_user)
    if not can_assist(actor):
        raise ValidationError(_("Only staff members of the county can act for a resident."))
    errors: dict[str, str] = {}
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    if not first_name:
        errors["first_name"] = _("Give the resident's first name.")
    if not last_name:
        errors["last_name"] = _("Give the resident's last name.")
    if invite and not email.strip():
        errors["email"] = _("An email address is needed for a sign-in account.")
    if municipality is not None and municipality.county_id != actor.county_id:
        errors["municipality"] = _("Choose a municipality of your own county.")
    if errors:
        raise ValidationError(errors)
    return organisation_services.create_person(
        county=County.objects.get(pk=actor.county_id),
        data={
            "kind": Person.Kind.RESIDENT,
            "first_name": first_name,
            "last_name": last_name,
            "email": email.strip(),
            "phone": phone.strip(),
            "municipality": municipality,
        },
        create_account=invite,
        language=language,
        actor=staff_user,
        request=request,
    )


# --- Feedback ---------------------------------------------------------------------------------


def record_feedback(
    *,
    visit: Visit,
    kind: str,
    text: str,
    channel: str,
    unit: Unit | None = None,
    language: str = "fi",
    score: int | None = None,
    wants_reply: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    submission_key: str = "",
    request: Any = None,
) -> tuple[Any, AssistedAction, bool]:
    """Feedback the resident gave with a staff member's help, through the feedback register's
    own intake. The same form sent twice gives the first case and its record (created False)."""
    from kuulu.feedback import services as feedback_services
    from kuulu.feedback.models import Feedback

    staff_person, county, consent = check_visit(visit)
    if channel not in (
        Feedback.Channel.IN_PERSON,
        Feedback.Channel.PHONE,
        Feedback.Channel.PAPER,
    ):
        raise ValidationError({"channel": _("Choose how the feedback was received.")})
    with transaction.atomic():
        feedback, created = feedback_services.submit_feedback(
            county=county,
            kind=kind,
            text=text,
            channel=channel,
            unit=unit,
            language=language,
            score=score,
            wants_reply=wants_reply,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            entered_by=visit.staff_user,
            submission_key=submission_key,
            request=request,
        )
        if not created:
            existing = action_for(feedback)
            if existing is None:
                raise ValidationError(_("This feedback had already been recorded."))
            return feedback, existing, False
        action = _record(
            visit,
            kind=AssistedAction.Kind.FEEDBACK,
            obj=feedback,
            staff_person=staff_person,
            consent=consent,
            request=request,
        )
    return feedback, action, True


# --- Registration -----------------------------------------------------------------------------


def sessions_open_for_residents(*, county_id: int, now: datetime | None = None) -> list[Any]:
    """Sessions of the county's public events that take registrations now."""
    from kuulu.events.models import Event, Session

    now = now or timezone.now()
    sessions = (
        Session.objects.filter(
            event__county_id=county_id,
            event__status=Event.Status.PUBLISHED,
            event__for_public=True,
            starts_at__gt=now,
        )
        .select_related("event")
        .order_by("starts_at", "id")[:200]
    )
    return [s for s in sessions if s.registration_open(now)]


def register_resident(
    *,
    visit: Visit,
    session: Any,
    name: str,
    email: str,
    language: str = "fi",
    dietary: str = "",
    accessibility: str = "",
    answers: dict[str, str] | None = None,
    request: Any = None,
) -> tuple[Any, AssistedAction]:
    """A place (or waitlist place) for the resident, through the events app's registration,
    which holds capacity under concurrent requests."""
    from kuulu.events import services as event_services
    from kuulu.events.models import Event

    staff_person, county, consent = check_visit(visit)
    event = session.event
    if (
        event.county_id != county.pk
        or event.status != Event.Status.PUBLISHED
        or not event.for_public
    ):
        raise ValidationError({"session": _("Choose an event open to residents.")})
    cleaned = event_services.validate_answers(
        questions=list(event.questions.all()), answers=answers or {}
    )
    resident = visit.resident
    with transaction.atomic():
        try:
            registration, created = event_services.register(
                session=session,
                name=name,
                email=email,
                language=language,
                user=resident.user if resident is not None else None,
                registered_by=visit.staff_user,
                dietary=dietary,
                accessibility=accessibility,
                answers=cleaned,
            )
        except (event_services.RegistrationClosed, event_services.SessionFull) as exc:
            raise ValidationError({"session": str(exc)}) from None
        if not created:
            raise ValidationError(
                {"email": _("Someone with this email address is already registered.")}
            )
        action = _record(
            visit,
            kind=AssistedAction.Kind.REGISTRATION,
            obj=registration,
            staff_person=staff_person,
            consent=consent,
            request=request,
        )
    return registration, action


# --- Paper survey answers ---------------------------------------------------------------------


def surveys_open_for_residents(*, county_id: int, now: datetime | None = None) -> list[Any]:
    """The county's surveys for anyone with the link that take answers now."""
    from kuulu.surveys.models import Survey

    surveys = Survey.objects.filter(
        county_id=county_id, audience=Survey.Audience.PUBLIC, status=Survey.Status.OPEN
    ).order_by("title", "id")[:200]
    return [s for s in surveys if s.is_accepting(now)]


def enter_paper_survey(
    *, visit: Visit, survey: Any, raw: dict[str, Any], language: str = "fi", request: Any = None
) -> tuple[Any, AssistedAction]:
    """A survey answer from paper, through the survey's own validation and submission. For an
    anonymous survey the record points at the survey, not the response, so who answered what
    stays unknown; a resident with an account can still answer only once."""
    from kuulu.surveys import services as survey_services
    from kuulu.surveys.models import Survey

    staff_person, county, consent = check_visit(visit)
    if survey.county_id != county.pk or survey.audience != Survey.Audience.PUBLIC:
        raise ValidationError({"survey": _("Choose a survey open to residents.")})
    resident = visit.resident
    with transaction.atomic():
        try:
            response = survey_services.submit_answers(
                survey=survey,
                raw=raw,
                user=resident.user if resident is not None else None,
                language=language,
            )
        except (survey_services.SurveyClosed, survey_services.AlreadyAnswered) as exc:
            raise ValidationError({"survey": str(exc)}) from None
        except IntegrityError:
            raise ValidationError(
                {"survey": _("This resident has already answered this survey.")}
            ) from None
        action = _record(
            visit,
            kind=AssistedAction.Kind.SURVEY_RESPONSE,
            obj=survey if survey.anonymous else response,
            staff_person=staff_person,
            consent=consent,
            request=request,
        )
    return response, action


# --- Paper ballots in conversations -----------------------------------------------------------


def conversations_open_for_residents(*, county_id: int) -> list[Any]:
    from kuulu.deliberation.models import Conversation

    conversations = Conversation.objects.filter(county_id=county_id, is_published=True).order_by(
        "-created_at", "id"
    )[:100]
    return [c for c in conversations if c.is_open()]


def ballot_key(person: Person) -> uuid.UUID:
    """The participant key of a resident without an account: the same for every paper ballot of
    the same resident record (so a second ballot replaces votes rather than adding a voter),
    and not derivable without the secret key."""
    digest = hmac.new(
        pseudonyms.secret().encode(), f"assisted-ballot:{person.pk}".encode(), hashlib.sha256
    ).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def record_paper_ballot(
    *, visit: Visit, conversation: Any, votes: dict[int, int], request: Any = None
) -> tuple[Any, AssistedAction]:
    """A resident's votes from a paper ballot, through the conversation's own voting (last
    vote wins per statement)."""
    from kuulu.deliberation import services as deliberation_services
    from kuulu.deliberation.models import Statement

    staff_person, county, consent = check_visit(visit)
    if conversation.county_id != county.pk or not conversation.is_published:
        raise ValidationError({"conversation": _("Choose a conversation open to residents.")})
    resident = visit.resident
    if conversation.require_sign_in and (resident is None or resident.user_id is None):
        raise ValidationError(
            {
                "conversation": _(
                    "This conversation needs a signed-in participant: the resident needs an "
                    "account."
                )
            }
        )
    if not votes:
        raise ValidationError({"votes": _("Mark at least one vote from the ballot.")})
    statements = Statement.objects.in_bulk(list(votes))
    with transaction.atomic():
        try:
            if resident is not None and resident.user_id is not None:
                participant = deliberation_services.participant_for(
                    conversation=conversation, user=resident.user
                )
            else:
                key = ballot_key(resident) if resident is not None else uuid.uuid4()
                participant = deliberation_services.participant_for(
                    conversation=conversation, browser_key=key
                )
            for statement_id, value in votes.items():
                statement = statements.get(statement_id)
                if statement is None or statement.conversation_id != conversation.pk:
                    raise ValidationError({"votes": _("This statement cannot be voted on.")})
                deliberation_services.cast_vote(
                    participant=participant, statement=statement, value=value
                )
        except deliberation_services.ConversationClosed as exc:
            raise ValidationError({"conversation": str(exc)}) from None
        action = _record(
            visit,
            kind=AssistedAction.Kind.VOTE,
            obj=participant,
            staff_person=staff_person,
            consent=consent,
            request=request,
        )
    return participant, action


# --- Retention --------------------------------------------------------------------------------


def _live_items() -> dict[str, Any]:
    """Per object type, the items that still name their person (not anonymised or removed)."""
    from kuulu.deliberation.models import Participant
    from kuulu.events.models import Registration
    from kuulu.feedback.models import Feedback
    from kuulu.surveys.models import Response, Survey

    return {
        "feedback.feedback": Feedback.objects.filter(anonymised_at__isnull=True),
        "events.registration": Registration.objects.filter(anonymised_at__isnull=True),
        "surveys.response": Response.objects.all(),
        "surveys.survey": Survey.objects.all(),
        "deliberation.participant": Participant.objects.all(),
    }


def _anonymise(actions: models.QuerySet[AssistedAction], now: datetime) -> int:
    return actions.update(
        resident_person=None,
        resident_user=None,
        representative_name="",
        consent_note="",
        anonymised_at=now,
    )


def _anonymise_where_item_gone(actions: models.QuerySet[AssistedAction], now: datetime) -> int:
    total = 0
    for object_type, live in _live_items().items():
        total += _anonymise(
            actions.filter(object_type=object_type, anonymised_at__isnull=True).exclude(
                Exists(live.filter(pk=OuterRef("object_id")))
            ),
            now,
        )
    return total


def anonymise_assisted_actions(*, now: datetime | None = None) -> int:
    """Follow the items' own keeping times: once an item is anonymised or removed by its app's
    retention, its record of assistance stops naming the resident, the guardian or
    representative and the note. Who helped, where, when and how consent was given stay: they
    are the staff member's record of their work. Returns the number of records anonymised."""
    return _anonymise_where_item_gone(AssistedAction.objects.all(), now or timezone.now())


def anonymise_assisted_actions_of(*, user: Any, now: datetime | None = None) -> int:
    """Erasure at the person's request (assisted/mydata.py), after it has done its part: the
    records of their survey answers and conversations (whose link to them it removed) and of
    the items it anonymised stop naming them, as retention would later. Feedback still being
    handled keeps its contact details, and so its record. Returns the number anonymised."""
    now = now or timezone.now()
    ids = list(
        AssistedAction.objects.filter(
            Q(resident_user=user) | Q(resident_person__user=user), anonymised_at__isnull=True
        ).values_list("pk", flat=True)
    )
    mine = AssistedAction.objects.filter(pk__in=ids)
    unlinked = _anonymise(
        mine.filter(kind__in=[AssistedAction.Kind.SURVEY_RESPONSE, AssistedAction.Kind.VOTE]), now
    )
    return unlinked + _anonymise_where_item_gone(mine, now)
