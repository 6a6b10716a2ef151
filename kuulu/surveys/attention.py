"""What needs attention in surveys (the workspace home): open surveys closing within a week
whose response rate is still low, for their owners and the county's coordinators.

A response rate needs a known audience: invitation surveys (invitations sent) and staff surveys
(active staff of the chosen units' subtrees). Public surveys have none and are left out. A fixed
number of queries: the closing surveys (with their units), then, only if there are any, one
grouped count each of responses, invitations and staff."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.access import Actor
from kuulu.organisation.models import Person
from kuulu.surveys.models import Invitation, Response, Survey
from kuulu.workspace.attention import AttentionItem, provider, urgency_for

WITHIN_DAYS = 7
LOW_RESPONSE_RATE = 0.3  # below 30 % of the known audience


def _audience_sizes(surveys: list[Survey]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    invited = [s.pk for s in surveys if s.audience == Survey.Audience.INVITATION]
    if invited:
        sizes.update(
            Invitation.objects.filter(survey_id__in=invited, sent_at__isnull=False)
            .values("survey_id")
            .annotate(n=Count("pk"))
            .values_list("survey_id", "n")
        )
    staff = [s for s in surveys if s.audience == Survey.Audience.STAFF and s.units.all()]
    if staff:
        counts = {}
        for survey in staff:
            in_units = Q()
            for unit in survey.units.all():
                in_units |= Q(unit__path__startswith=unit.path)
            counts[f"s{survey.pk}"] = Count("pk", filter=in_units)
        found = Person.objects.filter(
            county_id=staff[0].county_id, kind=Person.Kind.STAFF, is_active=True
        ).aggregate(**counts)
        sizes.update({s.pk: found[f"s{s.pk}"] for s in staff})
    return sizes


@provider
def surveys_closing_with_low_response(actor: Actor, today: date) -> list[AttentionItem]:
    if not actor.is_staff:
        return []
    start = timezone.make_aware(datetime.combine(today, time.min))
    end = start + timedelta(days=WITHIN_DAYS + 1)
    surveys = Survey.objects.filter(
        status=Survey.Status.OPEN,
        closes_at__gte=start,
        closes_at__lt=end,
        audience__in=[Survey.Audience.INVITATION, Survey.Audience.STAFF],
    ).prefetch_related("units")
    if actor.is_coordinator:
        if actor.county_id:
            surveys = surveys.filter(county_id=actor.county_id)
    else:
        surveys = surveys.filter(owner_id=actor.user_id, county_id=actor.county_id)
    closing = list(surveys.order_by("closes_at", "id"))
    if not closing:
        return []
    responses = dict(
        Response.objects.filter(
            survey_id__in=[s.pk for s in closing], status=Response.Status.SUBMITTED
        )
        .values("survey_id")
        .annotate(n=Count("pk"))
        .values_list("survey_id", "n")
    )
    sizes = _audience_sizes(closing)
    low = [
        s
        for s in closing
        if sizes.get(s.pk) and responses.get(s.pk, 0) / sizes[s.pk] < LOW_RESPONSE_RATE
    ]
    if not low:
        return []
    due = timezone.localtime(low[0].closes_at).date()
    url = (
        reverse("surveys:results", args=[low[0].pk]) if len(low) == 1 else reverse("surveys:manage")
    )
    return [
        AttentionItem(
            key="surveys-low-response",
            label=_("Surveys closing within 7 days with fewer than 30 % answered"),
            count=len(low),
            url=url,
            urgency=urgency_for(due, today=today),
            due=due,
        )
    ]
