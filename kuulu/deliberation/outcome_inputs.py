"""Polis conversation reports as inputs of the impact trail (see kuulu/outcomes/inputs.py).
Shown publicly only as aggregates (the topic and how many took part)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.deliberation.access import can_moderate, moderates
from kuulu.deliberation.models import Conversation, Participant, Statement
from kuulu.organisation.access import actor_for, same_county
from kuulu.outcomes.inputs import Choice, InputAdapter, period_bounds, register, short


def _count(rows: QuerySet) -> Coalesce:
    """The number of `rows` as a subquery (no join, so two counts do not multiply)."""
    return Coalesce(
        Subquery(rows.order_by().values("conversation").annotate(n=Count("pk")).values("n")),
        0,
    )


@register
class ConversationReportAdapter(InputAdapter):
    kind = "polis_report"
    received_field = "closes_at"  # what `received` filters the period on
    verbose_name = gettext_lazy("Conversation report")
    model = Conversation
    select_related = ("unit",)

    def can_view(self, user: Any, obj: Conversation) -> bool:
        actor = actor_for(user)
        if not actor.is_staff or not same_county(actor, obj.county_id):
            return False
        return obj.is_published or moderates(user, obj)

    def label(self, obj: Conversation) -> str:
        return short(obj.topic, 200)

    def staff_url(self, obj: Conversation) -> str:
        return reverse("deliberation:report", args=[obj.pk])

    def queryset(self) -> QuerySet:
        """Conversations with their public figures counted in the same query, for the
        outcomes' bulk `resolve` (a list of inputs makes no query per conversation).
        Counted, not read from the numbering counters: those count rejected and waiting
        statements too, and an import's is the highest Polis id (which starts at 0)."""
        waiting_shown = Q(status=Statement.Status.PENDING) & ~Q(
            conversation__moderation=Conversation.Moderation.PRE
        )
        shown = Q(status=Statement.Status.ACCEPTED) | waiting_shown
        return (
            super()
            .queryset()
            .annotate(
                n_participants=_count(Participant.objects.filter(conversation=OuterRef("pk"))),
                n_statements=_count(Statement.objects.filter(shown, conversation=OuterRef("pk"))),
            )
        )

    def public_summary(self, obj: Conversation) -> str | None:
        if not obj.is_published:
            return None
        return _(
            "Conversation “%(topic)s”: %(participants)s participants, %(statements)s statements"
        ) % {
            "topic": obj.topic,
            "participants": obj.n_participants,
            "statements": obj.n_statements,
        }

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        if not actor_for(user).is_staff:
            return []
        qs = Conversation.objects.filter(county_id=county_id)
        if not can_moderate(user):
            qs = qs.filter(is_published=True)
        if query.strip():
            qs = qs.filter(topic__icontains=query.strip())
        return [Choice(key=str(c.pk), label=self.label(c)) for c in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        low, high = period_bounds(start, end)
        qs = Conversation.objects.filter(county_id=county_id, closes_at__range=(low, high))
        if unit_path:
            qs = qs.filter(unit__path__startswith=unit_path)
        return qs
