"""Participatory budgeting on the impact trail (see kuulu/outcomes/inputs.py): a funded plan is
an input an outcome can draw on ("residents voted for this"), and so is a resident's proposal.
Both are public once published; proposers are contacted only through their confirmed email."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.budgeting import access
from kuulu.budgeting.models import Plan, Proposal
from kuulu.outcomes.inputs import (
    Choice,
    Contact,
    InputAdapter,
    masked,
    period_bounds,
    register,
    short,
)


@register
class PlanAdapter(InputAdapter):
    kind = "budgeting_plan"
    verbose_name = gettext_lazy("Participatory budgeting plan")
    model = Plan
    select_related = ("budget__process", "responsible_unit")

    def county_id(self, obj: Plan) -> int | None:
        return obj.budget.process.county_id

    def units(self, obj: Plan) -> list[Any]:
        return [obj.responsible_unit] if obj.responsible_unit_id else []

    def can_view(self, user: Any, obj: Plan) -> bool:
        return access.can_manage(user, obj.budget.process) or access.can_follow_up(user, obj)

    def label(self, obj: Plan) -> str:
        return f"{short(obj.title, 120)} ({obj.budget.name})"

    def staff_url(self, obj: Plan) -> str:
        return reverse("budgeting:plan", args=[obj.pk])

    def public_summary(self, obj: Plan) -> str | None:
        if not obj.budget.process.is_published:
            return None
        return _("Participatory budgeting plan: %(title)s (%(cost)s €)") % {
            "title": short(obj.title, 200),
            "cost": obj.cost,
        }

    def contributors(self, obj: Plan) -> list[Contact]:
        return [
            Contact(email=p.contact_email, language=p.language)
            for p in obj.ideas.all()
            if p.contact_email and p.email_verified_at
        ]

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        if not access.can_manage(user):
            return []
        qs = Plan.objects.filter(budget__process__county_id=county_id).select_related("budget")
        if query.strip():
            qs = qs.filter(title__icontains=query.strip())
        return [Choice(key=str(p.pk), label=self.label(p)) for p in qs[:limit]]


@register
class ProposalAdapter(InputAdapter):
    kind = "budgeting_proposal"
    received_field = "created_at"
    verbose_name = gettext_lazy("Participatory budgeting proposal")
    model = Proposal
    select_related = ("process", "responsible_unit")
    county_field = "process__county"

    def county_id(self, obj: Proposal) -> int | None:
        return obj.process.county_id

    def units(self, obj: Proposal) -> list[Any]:
        return [obj.responsible_unit] if obj.responsible_unit_id else []

    def can_view(self, user: Any, obj: Proposal) -> bool:
        return access.can_review(user, obj)

    def label(self, obj: Proposal) -> str:
        return short(obj.title, 120)

    def staff_url(self, obj: Proposal) -> str:
        return reverse("budgeting:review", args=[obj.pk])

    def public_summary(self, obj: Proposal) -> str | None:
        if not obj.is_public or not obj.process.is_published:
            return None
        return _("Resident's proposal: %(title)s") % {"title": short(masked(obj.title), 200)}

    def contributors(self, obj: Proposal) -> list[Contact]:
        if obj.contact_email and obj.email_verified_at:
            return [Contact(email=obj.contact_email, language=obj.language)]
        return []

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        if not access.can_manage(user):
            return []
        qs = Proposal.objects.filter(process__county_id=county_id).exclude(status="unverified")
        if query.strip():
            qs = qs.filter(Q(title__icontains=query.strip()))
        return [Choice(key=str(p.pk), label=self.label(p)) for p in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        low, high = period_bounds(start, end)
        qs = Proposal.objects.filter(
            process__county_id=county_id, created_at__range=(low, high)
        ).exclude(status="unverified")
        if unit_path:
            qs = qs.filter(responsible_unit__path__startswith=unit_path)
        return qs
