"""Reads for participation channels: the directory, public member lists, the representation
rule of statutory councils, hearing records, yearly reports and meeting fees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kuulu.channels.models import (
    Application,
    Attendance,
    Channel,
    ConsentRecord,
    Meeting,
    Membership,
    Role,
    StatementRequest,
)
from kuulu.organisation.models import County, Municipality

ROLE_ORDER = {role: index for index, role in enumerate(Role.values)}


@dataclass(frozen=True)
class KindGroup:
    kind: str
    label: str
    channels: list[Channel]


def published_channels(county: County | None) -> QuerySet[Channel]:
    if county is None:
        return Channel.objects.none()
    return Channel.objects.filter(county=county, is_published=True).order_by("kind", "name")


def directory(county: County | None) -> list[KindGroup]:
    """Published channels grouped by type, in the order of `Channel.Kind` (one query)."""
    by_kind: dict[str, list[Channel]] = {}
    for channel in published_channels(county):
        by_kind.setdefault(channel.kind, []).append(channel)
    return [
        KindGroup(kind=value, label=str(label), channels=by_kind[value])
        for value, label in Channel.Kind.choices
        if value in by_kind
    ]


def ways_to_participate(county: County | None) -> list[Channel]:
    """The portal's list of every way to take part: all published channels, by type."""
    return list(published_channels(county))


def all_channels(county: County | None) -> QuerySet[Channel]:
    if county is None:
        return Channel.objects.none()
    return Channel.objects.filter(county=county).annotate(
        pending=Count("applications", filter=Q(applications__status=Application.Status.PENDING))
    )


def _sorted(memberships: list[Membership]) -> list[Membership]:
    return sorted(
        memberships,
        key=lambda m: (ROLE_ORDER.get(m.role, 9), m.person.last_name, m.person.first_name, m.pk),
    )


def current_members(channel: Channel, *, on: date | None = None) -> list[Membership]:
    on = on or timezone.localdate()
    return _sorted(
        list(
            Membership.objects.current(on)
            .filter(channel=channel)
            .select_related("person", "represents", "is_deputy_for__person")
        )
    )


def public_members(channel: Channel, *, on: date | None = None) -> list[Membership]:
    """Current members shown on the public page: statutory councils only, and only people
    whose consent for this channel allows public listing and has not been withdrawn."""
    if channel.kind != Channel.Kind.STATUTORY_COUNCIL:
        return []
    on = on or timezone.localdate()
    listed = ConsentRecord.objects.filter(
        person_id=OuterRef("person_id"),
        channel_id=channel.pk,
        public_listing=True,
        withdrawn_at__isnull=True,
    )
    return _sorted(
        list(
            Membership.objects.current(on)
            .filter(channel=channel)
            .filter(Exists(listed))
            .select_related("person", "represents")
        )
    )


@dataclass(frozen=True)
class Representation:
    """The county act's rule for statutory councils: at least one member from each
    municipality's corresponding council. Deputies do not count."""

    applies: bool
    missing: list[Municipality] = field(default_factory=list)
    municipality_count: int = 0

    @property
    def complete(self) -> bool:
        return self.applies and not self.missing


def representation(channel: Channel, *, on: date | None = None) -> Representation:
    if channel.kind != Channel.Kind.STATUTORY_COUNCIL:
        return Representation(applies=False)
    on = on or timezone.localdate()
    represented = (
        Membership.objects.current(on)
        .filter(channel_id=channel.pk, represents_id=OuterRef("pk"))
        .exclude(role=Role.DEPUTY)
    )
    municipalities = list(
        Municipality.objects.filter(county_id=channel.county_id)
        .annotate(represented=Exists(represented))
        .order_by("name")
    )
    return Representation(
        applies=True,
        missing=[m for m in municipalities if not m.represented],
        municipality_count=len(municipalities),
    )


def pending_applications(channel: Channel) -> QuerySet[Application]:
    return Application.objects.filter(
        channel=channel, status=Application.Status.PENDING
    ).select_related("municipality")


def consents(channel: Channel) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(channel=channel).select_related("person")


def hearing_record(channel: Channel) -> list[StatementRequest]:
    """Every request for the council's statement (withdrawn ones left out), newest first,
    with the statement and the response."""
    return list(
        StatementRequest.objects.filter(channel=channel)
        .exclude(status=StatementRequest.Status.WITHDRAWN)
        .select_related("statement", "response", "requesting_unit")
        .order_by("-requested_on", "-id")
    )


def statement_requests(channel: Channel) -> list[StatementRequest]:
    return list(
        StatementRequest.objects.filter(channel=channel)
        .select_related("statement", "response", "requesting_unit")
        .order_by("-requested_on", "-id")
    )


@dataclass(frozen=True)
class YearlyReport:
    year: int
    requests: int
    on_time: int
    late: int
    not_given: int
    pending: int
    responses: int
    rows: list[StatementRequest]


def yearly_report(channel: Channel, year: int, *, today: date | None = None) -> YearlyReport:
    """Requests made in the year: statements on time, late, not given (deadline passed with no
    statement) and still pending (deadline not yet passed), and responses given."""
    today = today or timezone.localdate()
    rows = [r for r in hearing_record(channel) if r.requested_on.year == year]
    rows.reverse()
    on_time = late = not_given = pending = responses = 0
    for row in rows:
        statement = getattr(row, "statement", None)
        if statement is None:
            if row.deadline < today:
                not_given += 1
            else:
                pending += 1
        elif statement.given_on > row.deadline:
            late += 1
        else:
            on_time += 1
        if getattr(row, "response", None) is not None:
            responses += 1
    return YearlyReport(
        year=year,
        requests=len(rows),
        on_time=on_time,
        late=late,
        not_given=not_given,
        pending=pending,
        responses=responses,
        rows=rows,
    )


def report_years(channel: Channel) -> list[int]:
    years = {
        d.year
        for d in StatementRequest.objects.filter(channel=channel).dates("requested_on", "year")
    }
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def meetings(channel: Channel) -> QuerySet[Meeting]:
    return Meeting.objects.filter(channel=channel).order_by("-starts_at")


def attendance_for(meeting: Meeting) -> dict[int, Attendance]:
    return {a.membership_id: a for a in meeting.attendances.all()}


def channels_of_person(person_id: int | None) -> list[Channel]:
    """Channels where the person has a current term (their workspaces)."""
    if person_id is None:
        return []
    today = timezone.localdate()
    ids = Membership.objects.current(today).filter(person_id=person_id).values("channel_id")
    return list(Channel.objects.filter(pk__in=ids))


@dataclass(frozen=True)
class FeeRow:
    meeting_date: date
    channel: str
    last_name: str
    first_name: str
    role: str
    status: str
    fee: Decimal


def fee_rows(county: County, *, start: date, end: date) -> list[FeeRow]:
    """Attendance with fees of meetings held in the period, for payroll: names, role and
    amount, never identity codes or contact details. A meeting set back to planned (put off
    after its attendance was recorded) was not held and pays nothing."""
    attendances = (
        Attendance.objects.filter(
            meeting__channel__county=county,
            meeting__status=Meeting.Status.HELD,
            meeting__starts_at__date__gte=start,
            meeting__starts_at__date__lte=end,
        )
        .select_related("meeting__channel", "membership__person")
        .order_by("meeting__starts_at", "membership__person__last_name", "id")
    )
    return [
        FeeRow(
            meeting_date=timezone.localtime(a.meeting.starts_at).date(),
            channel=a.meeting.channel.name,
            last_name=a.membership.person.last_name,
            first_name=a.membership.person.first_name,
            role=a.membership.get_role_display(),
            status=a.get_status_display(),
            fee=a.fee,
        )
        for a in attendances
    ]
