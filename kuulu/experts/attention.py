"""What needs attention in the experience-expert bank (the workspace home): for coordinators,
open requests no expert has been offered yet (none pending) and, apart, open requests whose
date has passed; for an experience expert, offers
waiting for their answer. One aggregate query each."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.experts.models import ExpertRequest, Offer
from kuulu.organisation.access import Actor
from kuulu.organisation.models import Person
from kuulu.workspace.attention import AttentionItem, Urgency, provider, urgency_for

SOON_DAYS = 7


@provider
def expert_requests_waiting(actor: Actor, today: date) -> list[AttentionItem]:
    if actor.is_coordinator:
        # A request whose last day has passed can no longer be offered to anyone: it is not
        # waiting for an offer but for the coordinator to close it, so it is counted apart.
        pending = Offer.objects.filter(request=OuterRef("pk"), status=Offer.Status.PENDING)
        requests = ExpertRequest.objects.filter(status=ExpertRequest.Status.OPEN).annotate(
            last_day=Coalesce("date_to", "date_from")
        )
        if actor.county_id:
            requests = requests.filter(county_id=actor.county_id)
        waiting = Q(last_day__gte=today) & ~Q(Exists(pending))
        found = requests.aggregate(
            count=Count("pk", filter=waiting),
            first=Min("date_from", filter=waiting),
            past=Count("pk", filter=Q(last_day__lt=today)),
            first_past=Min("date_from", filter=Q(last_day__lt=today)),
        )
        return [
            AttentionItem(
                key="expert-requests",
                label=_("Expert requests waiting for an offer to an expert"),
                count=found["count"],
                url=reverse("experts:queue"),
                urgency=urgency_for(found["first"], today=today, soon_days=SOON_DAYS),
                due=found["first"],
            ),
            AttentionItem(
                key="expert-requests-past",
                label=_("Open expert requests whose date has passed: cancel them"),
                count=found["past"],
                url=reverse("experts:queue"),
                urgency=Urgency.TO_DO,
                due=found["first_past"],
            ),
        ]
    if actor.person_kind == Person.Kind.EXPERIENCE_EXPERT and actor.person_id is not None:
        found = Offer.objects.filter(
            profile__person_id=actor.person_id, status=Offer.Status.PENDING
        ).aggregate(count=Count("pk"), first=Min("request__date_from"))
        return [
            AttentionItem(
                key="expert-offers",
                label=_("Offers of an assignment waiting for your answer"),
                count=found["count"],
                url=reverse("experts:me"),
                urgency=urgency_for(found["first"], today=today)
                if found["first"] and found["first"] >= today
                else Urgency.TO_DO,
                due=found["first"],
            )
        ]
    return []
