"""What needs attention in the participation channels (the workspace home): statement requests
waiting for a council's statement, and statements waiting for the decision-maker's response.

Coordinators: one aggregate over the county's requests. Council members and secretaries: their
current memberships (one small query), then one aggregate over their councils' requests."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.channels.models import Channel, Membership, Role, StatementRequest
from kuulu.organisation.access import Actor
from kuulu.workspace.attention import AttentionItem, Urgency, provider, urgency_for

SOON_DAYS = 7


def _coordinator_items(actor: Actor, today: date) -> list[AttentionItem]:
    requests = StatementRequest.objects.filter(
        status__in=[StatementRequest.Status.REQUESTED, StatementRequest.Status.STATEMENT_GIVEN]
    )
    if actor.county_id:
        requests = requests.filter(channel__county_id=actor.county_id)
    waiting = Q(status=StatementRequest.Status.REQUESTED)
    given = Q(status=StatementRequest.Status.STATEMENT_GIVEN)
    found = requests.aggregate(
        waiting=Count("pk", filter=waiting),
        deadline=Min("deadline", filter=waiting),
        waiting_first=Min("channel_id", filter=waiting),
        waiting_last=Max("channel_id", filter=waiting),
        given=Count("pk", filter=given),
        given_first=Min("channel_id", filter=given),
        given_last=Max("channel_id", filter=given),
    )

    def link(first: int | None, last: int | None) -> str:
        # All in one channel: straight to its page, which lists its requests.
        if first is not None and first == last:
            return reverse("channels:manage_channel", args=[first])
        return reverse("channels:manage")

    return [
        AttentionItem(
            key="statement-requests",
            label=_("Statement requests waiting for a council's statement"),
            count=found["waiting"],
            url=link(found["waiting_first"], found["waiting_last"]),
            urgency=urgency_for(found["deadline"], today=today, soon_days=SOON_DAYS),
            due=found["deadline"],
        ),
        AttentionItem(
            key="statement-responses",
            label=_("Council statements waiting for the decision-maker's response"),
            count=found["given"],
            url=link(found["given_first"], found["given_last"]),
            urgency=Urgency.TO_DO,
        ),
    ]


def _member_items(actor: Actor, today: date) -> list[AttentionItem]:
    memberships = list(
        Membership.objects.current(today)
        .filter(person_id=actor.person_id, channel__kind=Channel.Kind.STATUTORY_COUNCIL)
        .values_list("channel_id", "role", "channel__slug")
    )
    if not memberships:
        return []
    channel_ids = {channel_id for channel_id, _role, _slug in memberships}
    found = StatementRequest.objects.filter(
        channel_id__in=channel_ids, status=StatementRequest.Status.REQUESTED
    ).aggregate(count=Count("pk"), deadline=Min("deadline"), first=Min("pk"))
    secretary_of = {c for c, role, _slug in memberships if role == Role.SECRETARY}
    if found["count"] == 1 and len(channel_ids) == 1 and secretary_of:
        # The secretary records the statement on the request's page.
        url = reverse("channels:request_detail", args=[found["first"]])
    elif len(channel_ids) == 1:
        url = reverse("channels:hearings", args=[memberships[0][2]])
    else:
        url = reverse("channels:directory")
    return [
        AttentionItem(
            key="statement-requests-council",
            label=_("Statement requests your council has been asked to answer"),
            count=found["count"],
            url=url,
            urgency=urgency_for(found["deadline"], today=today, soon_days=SOON_DAYS),
            due=found["deadline"],
        )
    ]


@provider
def statement_requests(actor: Actor, today: date) -> list[AttentionItem]:
    if actor.is_coordinator:
        return _coordinator_items(actor, today)
    if actor.person_id is None:
        return []
    return _member_items(actor, today)
