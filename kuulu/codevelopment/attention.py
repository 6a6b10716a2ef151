"""What needs attention in co-development (the workspace home): experiments past their end date
that have not been evaluated, for the people who keep them (the owner, managers of their units,
coordinators). One aggregate query, none for residents."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.codevelopment.models import Experiment
from kuulu.organisation.access import Actor
from kuulu.workspace.attention import AttentionItem, Urgency, provider


@provider
def experiments_to_evaluate(actor: Actor, today: date) -> list[AttentionItem]:
    if not actor.is_staff:
        return []
    qs = Experiment.objects.filter(
        status__in=[Experiment.Status.RUNNING, Experiment.Status.ENDED],
        ends_on__lt=today,
        evaluation__isnull=True,
    )
    if actor.county_id is not None:
        qs = qs.filter(county_id=actor.county_id)
    if not actor.is_coordinator:
        mine = Q(owner_id=actor.person_id) if actor.person_id else Q(pk__in=[])
        if actor.is_manager and actor.unit_path:
            mine |= Q(units__path__startswith=actor.unit_path)
        qs = qs.filter(mine)
    row = qs.aggregate(n=Count("pk", distinct=True), due=Min("ends_on"))
    if not row["n"]:
        return []
    return [
        AttentionItem(
            key="codevelopment-experiments-to-evaluate",
            label=_("Ended experiments waiting for their “Kokeilut käyttöön” evaluation"),
            count=row["n"],
            url=reverse("codevelopment:index"),
            urgency=Urgency.OVERDUE,
            due=row["due"],
        )
    ]
