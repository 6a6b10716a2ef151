"""Writes for participation channels: the directory, applications and their review,
memberships with terms and seats, consent and its withdrawal, councils' statements and
responses, meetings, attendance and fees.

Memberships of a channel are added one at a time under a lock on the channel's row, so two
coordinators cannot both fill the same seat for overlapping terms."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.channels.models import (
    Application,
    Attendance,
    Channel,
    ChannelFee,
    ConsentRecord,
    Meeting,
    Membership,
    Response,
    Role,
    Statement,
    StatementRequest,
)
from kuulu.core.audit import record_event
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.organisation.models import County, Municipality, Person, Unit

# Paths under /channels/ that a channel's address name must not take.
RESERVED_SLUGS = {
    "manage",
    "space",
    "meetings",
    "applications",
    "requests",
    "memberships",
    "consents",
}
# A meeting starts in these years. Others are typing slips, and a year-1 time on the Helsinki
# clock falls before year 1 in UTC, which Python cannot hold: saving it failed.
CHANNEL_FIELDS = {
    f"{name}_{code}"
    for name in ("name", "purpose", "who_may_join", "how_to_join", "meeting_rhythm")
    for code in ("fi", "sv", "en")
} | {
    "kind",
    "council",
    "slug",
    "contact_name",
    "contact_email",
    "accepts_applications",
    "is_published",
}


def _refresh_front_page() -> None:
    from kuulu.portal.services import invalidate_front_page

    transaction.on_commit(invalidate_front_page)


def _check_channel_data(data: dict[str, Any]) -> None:
    unknown = set(data) - CHANNEL_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    if "slug" in data and data["slug"] in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address name is reserved. Choose another.")})


def _full_clean(channel: Channel) -> None:
    channel.full_clean(exclude=["county"], validate_unique=False, validate_constraints=False)
    if (channel.kind == Channel.Kind.STATUTORY_COUNCIL) != bool(channel.council):
        raise ValidationError(
            {"council": _("A statutory council names its council type; other channels do not.")}
        )
    clash = Channel.objects.filter(county_id=channel.county_id, slug=channel.slug)
    if channel.pk:
        clash = clash.exclude(pk=channel.pk)
    if clash.exists():
        raise ValidationError({"slug": _("Another channel already uses this address name.")})


@transaction.atomic
def create_channel(
    *, county: County, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Channel:
    _check_channel_data(data)
    if not (data.get("name_fi") or "").strip():
        raise ValidationError({"name_fi": _("Give the channel a name in Finnish.")})
    channel = Channel(county=county, **data)
    _full_clean(channel)
    try:
        with transaction.atomic():
            channel.save()
    except IntegrityError:
        raise ValidationError(
            {"slug": _("Another channel already uses this address name.")}
        ) from None
    record_event(action="create", obj=channel, actor=actor, request=request)
    _refresh_front_page()
    return channel


@transaction.atomic
def update_channel(
    *, channel: Channel, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Channel:
    _check_channel_data(data)
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    changed = [k for k, v in data.items() if getattr(channel, k) != v]
    for key in changed:
        setattr(channel, key, data[key])
    if changed:
        _full_clean(channel)
        channel.save(update_fields=[*changed, "updated_at"])
        record_event(
            action="update", obj=channel, actor=actor, request=request, changed_fields=changed
        )
        _refresh_front_page()
    return channel


@transaction.atomic
def set_fees(
    *,
    channel: Channel,
    fees: dict[str, Decimal | None],
    actor: Any = None,
    request: Any = None,
) -> None:
    """Set the fee per meeting for each role; None or no entry removes the role's fee."""
    changed = []
    for role in Role.values:
        amount = fees.get(role)
        if amount is not None and amount < 0:
            raise ValidationError({f"fee_{role}": _("A fee cannot be negative.")})
        current = ChannelFee.objects.filter(channel=channel, role=role).first()
        if amount is None and current is not None:
            current.delete()
            changed.append(role)
        elif amount is not None and (current is None or current.amount != amount):
            ChannelFee.objects.update_or_create(
                channel=channel, role=role, defaults={"amount": amount}
            )
            changed.append(role)
    if changed:
        record_event(
            action="update",
            obj=channel,
            actor=actor,
            request=request,
            summary="meeting fees changed",
            changed_fields=[f"fee_{role}" for role in changed],
        )


# --- Applications --------------------------------------------------------------------------


def consent_text(channel: Channel) -> str:
    """What an applicant agrees to, in the page's language; stored with the application as
    the text the person actually saw."""
    return _(
        "Kuulu stores your name, email address, phone number, home municipality and what you "
        "wrote in this application so that the participation coordinator can review it and "
        "contact you about %(channel)s. If you become a member, your role and term are stored "
        "for as long as you are a member, and your name and role are shown on the public page "
        "only if you allow it below. You can withdraw your consent at any time; your "
        "membership then ends and your application is deleted after the retention period."
    ) % {"channel": channel.name}


@transaction.atomic
def submit_application(
    *,
    channel: Channel,
    name: str,
    email: str,
    motivation: str,
    consent: bool,
    phone: str = "",
    municipality: Municipality | None = None,
    seat_wish: str = "",
    public_listing: bool = False,
    language: str = "fi",
) -> Application:
    """A member of the public applies to join. Without consent nothing is stored."""
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    email = email.strip().lower()
    if not consent:
        errors["consent"] = _(
            "Your application cannot be stored without your consent. Tick the box to agree."
        )
    if not name:
        errors["name"] = _("Give your name.")
    if not email:
        errors["email"] = _("Give your email address.")
    if not motivation.strip():
        errors["motivation"] = _("Tell us briefly why you want to join.")
    if municipality is not None and municipality.county_id != channel.county_id:
        errors["municipality"] = _("Choose a municipality of the county.")
    if errors:
        raise ValidationError(errors)
    if not (channel.is_published and channel.accepts_applications):
        raise ValidationError(_("This channel does not take applications through Kuulu."))
    # The same form sent twice (a double click, a reload) is one application: the coordinator
    # would otherwise accept one copy and reject the other, emailing both decisions. Applicants
    # of a channel are served one at a time so that two copies at once find each other.
    Channel.objects.select_for_update().filter(pk=channel.pk).values_list("pk").first()
    same = (
        Application.objects.filter(
            channel=channel,
            status=Application.Status.PENDING,
            email=email,
            name=name,
            motivation=motivation.strip(),
        )
        .order_by("pk")
        .first()
    )
    if same is not None:
        return same
    return Application.objects.create(
        channel=channel,
        name=name,
        email=email,
        phone=phone.strip(),
        municipality=municipality,
        language=language,
        motivation=motivation.strip(),
        seat_wish=seat_wish.strip(),
        public_listing=public_listing,
        consent_text=consent_text(channel),
        consent_given_at=timezone.now(),
    )


def _notify_applicant(application: Application) -> None:
    from kuulu.channels.tasks import send_application_decision

    transaction.on_commit(partial(send_application_decision.enqueue, application_id=application.pk))


def _person_for(application: Application) -> Person:
    """The applicant's Person in the county: an existing one with the same email, else a new
    resident. A concurrent insert of the same email loses to the unique index and is re-read."""
    from kuulu.organisation import services as organisation_services

    county = application.channel.county
    existing = Person.objects.filter(county=county, email__iexact=application.email).first()
    if existing is not None:
        return existing
    first, _space, last = application.name.partition(" ")
    try:
        with transaction.atomic():
            return organisation_services.create_person(
                county=county,
                data={
                    "kind": Person.Kind.RESIDENT,
                    "first_name": first[:80],
                    "last_name": last[:80],
                    "email": application.email,
                    "phone": application.phone,
                    "municipality": application.municipality,
                },
            )
    except IntegrityError:
        return Person.objects.get(county=county, email__iexact=application.email)


def _lock_pending(application: Application) -> Application:
    application = (
        Application.objects.select_for_update().select_related("channel").get(pk=application.pk)
    )
    if application.status != Application.Status.PENDING:
        raise ValidationError(_("This application has already been decided."))
    return application


@transaction.atomic
def accept_application(
    *,
    application: Application,
    role: str = Role.MEMBER,
    term_start: date,
    term_end: date | None = None,
    seat: str = "",
    represents: Municipality | None = None,
    actor: Any = None,
    request: Any = None,
) -> Membership:
    """Accept: the applicant becomes a member (a resident Person is made when needed), their
    consent is recorded, and they are told by email in their language."""
    application = _lock_pending(application)
    person = _person_for(application)
    membership = add_membership(
        channel=application.channel,
        person=person,
        role=role,
        term_start=term_start,
        term_end=term_end,
        seat=seat,
        represents=represents,
        application=application,
        actor=actor,
        request=request,
    )
    ConsentRecord.objects.create(
        person=person,
        channel=application.channel,
        text=application.consent_text,
        public_listing=application.public_listing,
        given_at=application.consent_given_at,
    )
    application.status = Application.Status.ACCEPTED
    application.decided_at = timezone.now()
    application.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    application.person = person
    application.save(update_fields=["status", "decided_at", "decided_by", "person", "updated_at"])
    record_event(
        action="update",
        obj=application,
        actor=actor,
        request=request,
        summary="application accepted",
        changed_fields=["status"],
    )
    _notify_applicant(application)
    return membership


@transaction.atomic
def reject_application(
    *, application: Application, reason: str, actor: Any = None, request: Any = None
) -> Application:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is sent to the applicant.")})
    application = _lock_pending(application)
    application.status = Application.Status.REJECTED
    application.rejection_reason = reason.strip()
    application.decided_at = timezone.now()
    application.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    application.save(
        update_fields=["status", "rejection_reason", "decided_at", "decided_by", "updated_at"]
    )
    record_event(
        action="update",
        obj=application,
        actor=actor,
        request=request,
        summary="application rejected",
        changed_fields=["status", "rejection_reason"],
    )
    _notify_applicant(application)
    return application


# --- Memberships and consent ---------------------------------------------------------------


def _overlaps(start: date, end: date | None):  # type: ignore[no-untyped-def]
    """Terms that share at least one day with [start, end] (an open end runs for ever)."""
    condition = Q(term_end__isnull=True) | Q(term_end__gte=start)
    if end is not None:
        condition &= Q(term_start__lte=end)
    return condition


@transaction.atomic
def add_membership(
    *,
    channel: Channel,
    person: Person,
    role: str = Role.MEMBER,
    term_start: date,
    term_end: date | None = None,
    seat: str = "",
    represents: Municipality | None = None,
    is_deputy_for: Membership | None = None,
    application: Application | None = None,
    actor: Any = None,
    request: Any = None,
) -> Membership:
    """Add a term. A named seat holds one member at a time (and, separately, one deputy):
    overlapping terms for the same seat are refused. The channel's row is locked so that
    concurrent additions are checked one after another."""
    seat = " ".join(seat.split())
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if term_end is not None and term_end < term_start:
        raise ValidationError({"term_end": _("A term cannot end before it starts.")})
    if person.county_id != channel.county_id:
        raise ValidationError({"person": _("Choose a person of the county.")})
    if represents is not None and represents.county_id != channel.county_id:
        raise ValidationError({"represents": _("Choose a municipality of the county.")})
    if is_deputy_for is not None and is_deputy_for.channel_id != channel.pk:
        raise ValidationError(
            {"is_deputy_for": _("A deputy stands in for a member of the same channel.")}
        )
    Channel.objects.select_for_update().filter(pk=channel.pk).first()
    # The same person twice in the same role for the same days is a repeated form (a double
    # click, an applicant accepted who is already a member): listed twice everywhere.
    if (
        Membership.objects.filter(channel=channel, person=person, role=role)
        .filter(_overlaps(term_start, term_end))
        .exists()
    ):
        raise ValidationError(
            {
                "person": ValidationError(
                    _("This person already has a term in this role that overlaps these dates."),
                    code="duplicate",
                )
            }
        )
    if seat:
        same_kind = Q(role=Role.DEPUTY) if role == Role.DEPUTY else ~Q(role=Role.DEPUTY)
        clash = (
            Membership.objects.filter(channel=channel, seat__iexact=seat)
            .filter(same_kind)
            .filter(_overlaps(term_start, term_end))
            .select_related("person")
            .first()
        )
        if clash is not None:
            start = clash.term_start.strftime("%d.%m.%Y")
            term = (
                _("from %(start)s to %(end)s")
                % {"start": start, "end": f"{clash.term_end:%d.%m.%Y}"}
                if clash.term_end
                else _("from %(start)s on") % {"start": start}
            )
            raise ValidationError(
                {
                    "seat": _(
                        "The seat %(seat)s is already held by %(name)s %(term)s. "
                        "Terms for the same seat cannot overlap."
                    )
                    % {"seat": seat, "name": clash.person.full_name, "term": term}
                },
                code="overlap",
            )
    membership = Membership.objects.create(
        channel=channel,
        person=person,
        role=role,
        term_start=term_start,
        term_end=term_end,
        seat=seat,
        represents=represents,
        is_deputy_for=is_deputy_for,
        application=application,
    )
    record_event(
        action="create", obj=membership, actor=actor, request=request, summary="membership added"
    )
    return membership


@transaction.atomic
def end_membership(
    *, membership: Membership, on: date, actor: Any = None, request: Any = None
) -> Membership:
    """End a term on the given day (no later than it already ends)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if on < membership.term_start:
        raise ValidationError({"on": _("A term cannot end before it starts.")})
    if membership.term_end is None or membership.term_end > on:
        membership.term_end = on
        membership.save(update_fields=["term_end", "updated_at"])
        record_event(
            action="update",
            obj=membership,
            actor=actor,
            request=request,
            summary="membership ended",
            changed_fields=["term_end"],
        )
    return membership


@transaction.atomic
def withdraw_consent(
    *, consent: ConsentRecord, actor: Any = None, request: Any = None
) -> ConsentRecord:
    """The member withdraws consent: their terms in the channel end today (terms not yet
    started are removed) and their name is no longer listed publicly."""
    consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent
    today = timezone.localdate()
    consent.withdrawn_at = timezone.now()
    consent.public_listing = False
    consent.save(update_fields=["withdrawn_at", "public_listing", "updated_at"])
    memberships = Membership.objects.filter(channel=consent.channel_id, person=consent.person_id)
    for membership in memberships.filter(term_start__gt=today):
        if not membership.attendances.exists():
            membership.delete()
    memberships.filter(term_start__lte=today).filter(
        Q(term_end__isnull=True) | Q(term_end__gt=today)
    ).update(term_end=today, updated_at=timezone.now())
    record_event(
        action="update",
        obj=consent,
        actor=actor,
        request=request,
        summary="consent withdrawn",
        changed_fields=["withdrawn_at"],
    )
    return consent


def delete_expired_applications(*, days: int) -> int:
    """Retention: application data of people who withdrew their consent, and of applications
    that were not accepted, is deleted this many days later. The consent record itself (the
    text and dates) stays as proof of what was agreed. A withdrawal covers only applications
    sent before it: a person who applies again later has given consent anew."""
    cutoff = timezone.now() - timedelta(days=days)
    withdrawn = ConsentRecord.objects.filter(
        withdrawn_at__lt=cutoff,
        withdrawn_at__gt=OuterRef("created_at"),
        person_id=OuterRef("person_id"),
        channel_id=OuterRef("channel_id"),
    )
    deleted, _rows = Application.objects.filter(
        Q(status=Application.Status.REJECTED, decided_at__lt=cutoff) | Q(Exists(withdrawn))
    ).delete()
    return deleted


# --- Statutory councils --------------------------------------------------------------------


@transaction.atomic
def request_statement(
    *,
    channel: Channel,
    title: str,
    deadline: date,
    draft_text: str = "",
    draft_url: str = "",
    requesting_unit: Unit | None = None,
    actor: Any = None,
    request: Any = None,
) -> StatementRequest:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if channel.kind != Channel.Kind.STATUTORY_COUNCIL:
        raise ValidationError(_("Only statutory councils are asked for statements."))
    if not title.strip():
        errors["title"] = _("Name the matter the statement is asked on.")
    if deadline < today:
        errors["deadline"] = _("The deadline is in the past. Give a deadline from today on.")
    if not draft_text.strip() and not draft_url.strip():
        errors["draft_text"] = _("Give the draft, a summary of it or a link to it.")
    if errors:
        raise ValidationError(errors)
    statement_request = StatementRequest.objects.create(
        channel=channel,
        title=title.strip(),
        draft_text=draft_text.strip(),
        draft_url=draft_url.strip(),
        deadline=deadline,
        requested_on=today,
        requesting_unit=requesting_unit,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(action="create", obj=statement_request, actor=actor, request=request)
    return statement_request


def _lock_request(statement_request: StatementRequest) -> StatementRequest:
    return StatementRequest.objects.select_for_update().get(pk=statement_request.pk)


@transaction.atomic
def record_statement(
    *,
    statement_request: StatementRequest,
    text: str,
    given_on: date,
    given_by: str,
    actor: Any = None,
    request: Any = None,
) -> Statement:
    """Record (or correct) the council's statement. After the deadline it is accepted and
    reported as late. Once the decision-maker's response is recorded, the statement stands."""
    statement_request = _lock_request(statement_request)
    if statement_request.status == StatementRequest.Status.WITHDRAWN:
        raise ValidationError(_("The request has been withdrawn."))
    if statement_request.status == StatementRequest.Status.RESPONDED:
        # The public record shows the response next to the statement it answered.
        raise ValidationError(
            _(
                "The decision-maker has already responded to this statement, so it can no "
                "longer be changed."
            )
        )
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Write the statement.")
    if not given_by.strip():
        errors["given_by"] = _("Say who gave the statement.")
    if given_on < statement_request.requested_on:
        errors["given_on"] = _("A statement cannot be given before it was requested.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("A statement cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    statement, created = Statement.objects.update_or_create(
        request=statement_request,
        defaults={
            "text": text.strip(),
            "given_on": given_on,
            "given_by": given_by.strip(),
            "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    if statement_request.status == StatementRequest.Status.REQUESTED:
        statement_request.status = StatementRequest.Status.STATEMENT_GIVEN
        statement_request.save(update_fields=["status", "updated_at"])
    record_event(
        action="create" if created else "update",
        obj=statement,
        actor=actor,
        request=request,
        summary="council statement recorded",
    )
    return statement


@transaction.atomic
def record_response(
    *,
    statement_request: StatementRequest,
    text: str,
    responder: str,
    responded_on: date,
    actor: Any = None,
    request: Any = None,
) -> Response:
    statement_request = _lock_request(statement_request)
    statement = Statement.objects.filter(request=statement_request).first()
    if statement is None:
        raise ValidationError(_("Record the council's statement before the response to it."))
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Write the response.")
    if not responder.strip():
        errors["responder"] = _("Name the decision-maker who responded.")
    if responded_on < statement.given_on:
        errors["responded_on"] = _("A response cannot come before the statement.")
    elif responded_on > timezone.localdate():
        errors["responded_on"] = _("A response cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    response, created = Response.objects.update_or_create(
        request=statement_request,
        defaults={
            "text": text.strip(),
            "responder": responder.strip(),
            "responded_on": responded_on,
            "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    statement_request.status = StatementRequest.Status.RESPONDED
    statement_request.save(update_fields=["status", "updated_at"])
    record_event(
        action="create" if created else "update",
        obj=response,
        actor=actor,
        request=request,
        summary="decision-maker response recorded",
    )
    return response


@transaction.atomic
def withdraw_statement_request(
    *, statement_request: StatementRequest, actor: Any = None, request: Any = None
) -> StatementRequest:
    statement_request = _lock_request(statement_request)
    if statement_request.status != StatementRequest.Status.REQUESTED:
        raise ValidationError(_("A request with a statement cannot be withdrawn."))
    statement_request.status = StatementRequest.Status.WITHDRAWN
    statement_request.save(update_fields=["status", "updated_at"])
    record_event(
        action="update",
        obj=statement_request,
        actor=actor,
        request=request,
        changed_fields=["status"],
    )
    return statement_request


# --- Meetings ------------------------------------------------------------------------------


def _clean_agenda(agenda: list[str]) -> list[str]:
    return [" ".join(item.split()) for item in agenda if item.strip()]


@transaction.atomic
def save_meeting(
    *,
    channel: Channel,
    meeting: Meeting | None = None,
    starts_at: datetime,
    place: str = "",
    online: bool = False,
    agenda: list[str] = (),
    minutes: str = "",
    status: str = Meeting.Status.PLANNED,
    actor: Any = None,
    request: Any = None,
) -> Meeting:
    """Plan a meeting, or change one (minutes are written once it is held)."""
    if not year_in_range(starts_at):
        raise ValidationError({"date": year_out_of_range_message()})
    if not place.strip() and not online:
        raise ValidationError({"place": _("Give the place, or mark the meeting as online.")})
    if status == Meeting.Status.HELD and starts_at > timezone.now():
        raise ValidationError({"status": _("A meeting in the future cannot be marked held.")})
    values = {
        "starts_at": starts_at,
        "place": place.strip(),
        "online": online,
        "agenda": _clean_agenda(list(agenda)),
        "minutes": minutes.strip(),
        "status": status,
    }
    if meeting is None:
        meeting = Meeting.objects.create(channel=channel, **values)
        record_event(action="create", obj=meeting, actor=actor, request=request)
        return meeting
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    changed = [k for k, v in values.items() if getattr(meeting, k) != v]
    for key in changed:
        setattr(meeting, key, values[key])
    if changed:
        meeting.save(update_fields=[*changed, "updated_at"])
        record_event(
            action="update", obj=meeting, actor=actor, request=request, changed_fields=changed
        )
    return meeting


def members_for_meeting(meeting: Meeting):  # type: ignore[no-untyped-def]
    """Memberships whose term covers the meeting's day, in role order."""
    day = timezone.localtime(meeting.starts_at).date()
    return (
        Membership.objects.current(day)
        .filter(channel_id=meeting.channel_id)
        .select_related("person", "is_deputy_for__person")
    )


def _pay_each_person_once(meeting: Meeting) -> None:
    """A person with two memberships covering the meeting's day (say their term as a member
    was not ended when their term as chair began) is listed twice, but attends once: only the
    highest of their fees for the meeting stays, the others are set to nothing."""
    paid = (
        Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT, fee__gt=0)
        .order_by("-fee", "membership_id")
        .values_list("pk", "membership__person_id")
    )
    seen: set[int] = set()
    unpaid = []
    for attendance_id, person_id in paid:
        if person_id in seen:
            unpaid.append(attendance_id)
        seen.add(person_id)
    if unpaid:
        Attendance.objects.filter(pk__in=unpaid).update(fee=Decimal(0))


@transaction.atomic
def record_attendance(
    *,
    meeting: Meeting,
    statuses: dict[int, str],
    actor: Any = None,
    request: Any = None,
) -> int:
    """Record who attended (membership id → status). Present members earn their role's fee,
    from the channel's fees in force when attendance was first recorded, once per person; a deputy who attended is recorded as
    present under their own membership. Returns the number of attendance rows written."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    members = {m.pk: m for m in members_for_meeting(meeting)}
    unknown = set(statuses) - set(members)
    if unknown:
        raise ValidationError(_("Attendance can only be recorded for the channel's members."))
    invalid = {s for s in statuses.values() if s not in Attendance.Status.values}
    if invalid:
        raise ValidationError(_("Choose present, absent or deputy attended."))
    if meeting.fees is None:
        meeting.fees = {
            role: str(amount)
            for role, amount in ChannelFee.objects.filter(
                channel_id=meeting.channel_id
            ).values_list("role", "amount")
        }
        meeting.save(update_fields=["fees", "updated_at"])
    fees = {role: Decimal(amount) for role, amount in meeting.fees.items()}
    recorder = actor if getattr(actor, "is_authenticated", False) else None
    for membership_id, status in statuses.items():
        fee = fees.get(members[membership_id].role, Decimal(0))
        Attendance.objects.update_or_create(
            meeting=meeting,
            membership_id=membership_id,
            defaults={
                "status": status,
                "fee": fee if status == Attendance.Status.PRESENT else Decimal(0),
                "recorded_by": recorder,
            },
        )
    _pay_each_person_once(meeting)
    if meeting.status != Meeting.Status.HELD:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
    record_event(
        action="update",
        obj=meeting,
        actor=actor,
        request=request,
        summary="attendance and fees recorded",
        changed_fields=["attendance"],
    )
    return len(statuses)


@transaction.atomic
def record_consent(
    *,
    person: Person,
    channel: Channel,
    text: str,
    public_listing: bool = False,
    given_at: datetime | None = None,
    actor: Any = None,
    request: Any = None,
) -> ConsentRecord:
    """Record consent given outside Kuulu (on paper, by email) as the text the person saw."""
    if not text.strip():
        raise ValidationError({"consent_text": _("Write what the person agreed to.")})
    consent = ConsentRecord.objects.create(
        person=person,
        channel=channel,
        text=text.strip(),
        public_listing=public_listing,
        given_at=given_at or timezone.now(),
    )
    record_event(action="create", obj=consent, actor=actor, request=request)
    return consent


def run_retention() -> int:
    """The channels' part of the daily retention job. The period is
    CHANNEL_APPLICATION_RETENTION_DAYS (default 90) (check against the county's records plan)."""
    from django.conf import settings

    return delete_expired_applications(
        days=int(getattr(settings, "CHANNEL_APPLICATION_RETENTION_DAYS", 90))
    )
