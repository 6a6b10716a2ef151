"""Training calendar API: public events, sessions and registration; organisers' writes."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_ratelimit.core import get_usage
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import AwareDatetime, ConfigDict, Field, field_validator

from kuulu.core.ratelimits import public_form_rate
from kuulu.events import access, selectors, services
from kuulu.events.models import Event, Session
from kuulu.integrations.auth import TokenAuth
from kuulu.organisation.access import ANONYMOUS, actor_for
from kuulu.organisation.selectors import default_county

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


class EventOut(Schema):
    id: int
    title: str
    description: str
    format: str
    language: str
    status: str
    for_public: bool
    sessions: list[SessionOut]


class RegistrationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=160)
    email: str = Field(max_length=254)
    language: str = Field(default="fi", pattern="^(fi|sv|en)$")
    dietary: str = Field(default="", max_length=500)
    accessibility: str = Field(default="", max_length=500)

    @field_validator("name", "dietary", "accessibility")
    @classmethod
    def no_control_characters(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("Text must not contain NUL characters.")
        return value.strip()

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


class SessionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    starts_at: AwareDatetime
    ends_at: AwareDatetime
    venue: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=200)
    capacity: int = Field(ge=1, le=100000)


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
    access.access_event_for_viewer(request.user, session.event_id)
    try:
        registration, created = services.register(
            session=session,
            name=payload.name,
            email=str(payload.email),
            language=payload.language,
            dietary=payload.dietary,
            accessibility=payload.accessibility,
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
    if not actor_for(request.user).is_coordinator:
        raise PermissionDenied
    county = default_county()
    if county is None:
        raise PermissionDenied
    event = Event.objects.create(county=county, **payload.dict())
    event.organisers.add(request.user)
    return Status(201, _event_out(event))


@router.post("/{event_id}/sessions", response={201: SessionOut}, auth=TokenAuth())
def create_session(request: HttpRequest, event_id: int, payload: SessionIn) -> Status:
    event = access.access_event_for_organiser(request.user, event_id)
    if payload.ends_at <= payload.starts_at:
        from django.core.exceptions import ValidationError

        raise ValidationError({"ends_at": "A session must end after it starts."})
    session = Session.objects.create(event=event, **payload.dict())
    return Status(201, _session_out(session))
