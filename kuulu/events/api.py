"""Training calendar API: public events, sessions and registration; organisers' writes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_ratelimit.core import get_usage
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import AwareDatetime, ConfigDict, Field, field_validator

from kuulu.core.api import refuse_nul
from kuulu.core.ratelimits import public_form_rate
from kuulu.events import access, selectors, services
from kuulu.events.models import Event, Session
from kuulu.integrations.auth import TokenAuth
from kuulu.organisation.access import ANONYMOUS, actor_for, county_of

router = Router(tags=["events"])


class SessionOut(Schema):
    id: int
    event_id: int
    starts_at: datetime
    ends_at: datetime
    venue: str
    address: str
    municipality_id: int | None
    online: bool
    capacity: int
    attending: int
    registration_open: bool


class QuestionOut(Schema):
    id: int
    text: str
    kind: str
    required: bool
    choices: list[str]


class EventOut(Schema):
    id: int
    title: str
    description: str
    format: str
    language: str
    status: str
    for_public: bool
    sessions: list[SessionOut]
    questions: list[QuestionOut]


def _without_nul(value: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL characters: refuse them as invalid input."""
    if value is not None and "\x00" in value:
        raise ValueError("Text must not contain NUL characters.")
    return value


class RegistrationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=160)
    email: str = Field(max_length=254)
    language: str = Field(default="fi", pattern="^(fi|sv|en)$")
    dietary: str = Field(default="", max_length=500)
    accessibility: str = Field(default="", max_length=500)
    answers: dict[str, str] = Field(
        default_factory=dict,
        description="Answers to the event's extra questions, keyed by question id. "
        "Yes/no questions take `yes` or `no`; choice questions one of the options.",
    )

    @field_validator("name", "dietary", "accessibility")
    @classmethod
    def no_control_characters(cls, value: str) -> str:
        return refuse_nul(value).strip()

    @field_validator("email")
    @classmethod
    def email_is_valid(cls, value: str) -> str:
        """The same rule as the web form (Django's), so both accept the same addresses."""
        try:
            validate_email(value.strip())
        except DjangoValidationError as exc:
            raise ValueError("Enter a valid email address.") from exc
        return value.strip()


class RegistrationOut(Schema):
    id: int | None
    session_id: int
    status: str
    cancel_token: str | None


class EventIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title_fi: str = Field(min_length=1, max_length=200)
    title_sv: str = Field(default="", max_length=200)
    title_en: str = Field(default="", max_length=200)
    description_fi: str = ""
    format: Event.Format = Event.Format.IN_PERSON
    for_public: bool = False
    for_staff: bool = True
    for_managers: bool = False
    ask_dietary: bool = False
    registration_closes_days: int = Field(default=14, ge=0, le=365)
    status: Event.Status = Event.Status.DRAFT

    _no_nul = field_validator("title_fi", "title_sv", "title_en", "description_fi")(_without_nul)


class SessionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    starts_at: AwareDatetime
    ends_at: AwareDatetime
    venue: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=200)
    capacity: int = Field(ge=1, le=100000)

    _no_nul = field_validator("venue", "address")(_without_nul)


def _session_out(session: Session) -> dict:
    return {
        "id": session.pk,
        "event_id": session.event_id,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "venue": session.venue,
        "address": session.address,
        "municipality_id": session.municipality_id,
        "online": bool(session.online_url),
        "capacity": session.capacity,
        "attending": session.attending_count,
        "registration_open": session.registration_open(),
    }


def _event_out(event: Event) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "description": event.description,
        "format": event.format,
        "language": event.language,
        "status": event.status,
        "for_public": event.for_public,
        "sessions": [_session_out(s) for s in event.sessions.order_by("starts_at")],
        "questions": [
            {
                "id": q.pk,
                "text": q.text,
                "kind": q.kind,
                "required": q.required,
                "choices": q.choices,
            }
            for q in selectors.event_questions(event)
        ],
    }


@router.get("/sessions", response=list[SessionOut], auth=None)
def list_sessions(request: HttpRequest) -> list[dict]:
    """Upcoming sessions of published public events."""
    return [_session_out(s) for s in selectors.calendar_sessions(actor=ANONYMOUS)]


@router.get("/{event_id}", response=EventOut, auth=None)
def get_event(request: HttpRequest, event_id: int) -> dict:
    return _event_out(access.access_event_for_viewer(request.user, event_id))


@router.post(
    "/sessions/{session_id}/registrations",
    response={201: RegistrationOut, 200: RegistrationOut},
    auth=None,
)
def create_registration(request: HttpRequest, session_id: int, payload: RegistrationIn) -> Status:
    """Register for a public session. 201 with `attending` or `waitlisted`; 200 with the existing
    registration when the email is already registered; 409 when closed or full."""
    usage = get_usage(
        request,
        group="event-registration",
        key="ip",
        rate=public_form_rate,
        method="POST",
        increment=True,
    )
    if usage and usage["should_limit"]:
        raise HttpError(
            429, "Too many registrations from this address. Wait a while and try again."
        )
    session = get_object_or_404(Session.objects.select_related("event"), pk=session_id)
    event = access.require_visible(request.user, session.event)
    answers = services.validate_answers(
        questions=selectors.event_questions(event), answers=payload.answers
    )
    try:
        registration, created = services.register(
            session=session,
            name=payload.name,
            email=str(payload.email),
            language=payload.language,
            dietary=payload.dietary,
            accessibility=payload.accessibility,
            answers=answers,
        )
    except (services.RegistrationClosed, services.SessionFull) as exc:
        raise HttpError(409, str(exc)) from exc
    if not created:
        # Never hand out another person's registration: the status only, no id or cancel link.
        return Status(
            200,
            {
                "id": None,
                "session_id": session.pk,
                "status": registration.status,
                "cancel_token": None,
            },
        )
    body = {
        "id": registration.pk,
        "session_id": session.pk,
        "status": registration.status,
        "cancel_token": services.cancel_token(registration),
    }
    return Status(201, body)


@router.delete("/registrations/{token}", response={204: None}, auth=None)
def cancel_registration(request: HttpRequest, token: str) -> Status:
    registration = services.registration_from_token(token)
    if registration is None:
        raise HttpError(404, "No such registration.")
    try:
        services.cancel(registration=registration)
    except services.TooLate as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(204, None)


@router.post("", response={201: EventOut}, auth=TokenAuth())
def create_event(request: HttpRequest, payload: EventIn) -> Status:
    actor = actor_for(request.user)
    if not actor.is_coordinator:
        raise PermissionDenied
    event = services.create_event(
        county=county_of(actor),
        data=payload.dict(),
        organisers=[request.user],
        actor=request.user,
        request=request,
    )
    return Status(201, _event_out(event))


@router.post("/{event_id}/sessions", response={201: SessionOut}, auth=TokenAuth())
def create_session(request: HttpRequest, event_id: int, payload: SessionIn) -> Status:
    event = access.access_event_for_organiser(request.user, event_id)
    session = services.create_session(
        event=event, data=payload.dict(), actor=request.user, request=request
    )
    return Status(201, _session_out(session))


class EventPatch(Schema):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    title_fi: str = Field(default=None, min_length=1, max_length=200)
    title_sv: str = Field(default=None, max_length=200)
    title_en: str = Field(default=None, max_length=200)
    description_fi: str = Field(default=None, max_length=10000)
    description_sv: str = Field(default=None, max_length=10000)
    description_en: str = Field(default=None, max_length=10000)
    status: Literal["draft", "published"] = None  # type: ignore[assignment]
    registration_opens_at: AwareDatetime | None = None
    registration_closes_days: int = Field(default=None, ge=0, le=365)
    waitlist: bool = None  # type: ignore[assignment]
    ask_dietary: bool = None  # type: ignore[assignment]
    ask_accessibility: bool = None  # type: ignore[assignment]

    @field_validator(
        "title_fi", "title_sv", "title_en", "description_fi", "description_sv", "description_en"
    )
    @classmethod
    def no_nul(cls, value: str) -> str:
        if value is None:
            raise ValueError("Give text, not null.")
        if "\x00" in value:
            raise ValueError("Text must not contain NUL characters.")
        return value.strip()


class SessionPatch(Schema):
    """Only the fields sent are changed. A new capacity promotes people from the waitlist;
    one below the places taken is a conflict (409)."""

    model_config = ConfigDict(extra="forbid")

    starts_at: AwareDatetime = None  # type: ignore[assignment]
    ends_at: AwareDatetime = None  # type: ignore[assignment]
    venue: str = Field(default=None, max_length=200)
    address: str = Field(default=None, max_length=200)
    capacity: int = Field(default=None, ge=1, le=100000)

    _no_nul = field_validator("venue", "address")(_without_nul)


def _sent(payload: Schema) -> dict:
    """The fields the client sent; null is accepted only where the field may be empty."""
    data = payload.dict(exclude_unset=True)
    nulls = [k for k, v in data.items() if v is None and k != "registration_opens_at"]
    if nulls:
        raise DjangoValidationError(dict.fromkeys(nulls, "This field cannot be null."))
    return data


@router.patch("/{event_id}", response=EventOut, auth=TokenAuth())
def update_event(request: HttpRequest, event_id: int, payload: EventPatch) -> dict:
    """Change an event: coordinators, and staff named as its organisers."""
    event = access.access_event_for_organiser(request.user, event_id)
    event = services.update_event(
        event=event, data=_sent(payload), actor=request.user, request=request
    )
    return _event_out(event)


@router.patch("/sessions/{session_id}", response=SessionOut, auth=TokenAuth())
def update_session(request: HttpRequest, session_id: int, payload: SessionPatch) -> dict:
    session = access.access_session_for_organiser(request.user, session_id)
    try:
        session = services.update_session(
            session=session, data=_sent(payload), actor=request.user, request=request
        )
    except DjangoValidationError as exc:
        below = hasattr(exc, "error_dict") and any(
            e.code == services.BELOW_ATTENDING for e in exc.error_dict.get("capacity", [])
        )
        if below:
            raise HttpError(409, " ".join(exc.message_dict["capacity"])) from exc
        raise
    return _session_out(Session.objects.select_related("event").get(pk=session.pk))
