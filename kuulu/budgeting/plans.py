"""Co-development: costed plans for a budget's ballot, each linking the proposals it came from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kuulu.budgeting import processes
from kuulu.budgeting.models import Budget, Plan, Proposal, ProposalEvent
from kuulu.core.audit import record_event

# A plan's texts per language; `title` and `description` given alone are set in the active
# language (django-modeltranslation), so staff pages pass every language's field.
TEXT_FIELDS = tuple(
    f"{name}_{code}"
    for name in ("title", "description", "plain_description")
    for code in ("fi", "sv", "en")
)


@transaction.atomic
def save_plan(
    *,
    budget: Budget,
    title: str,
    description: str,
    cost: int,
    ideas: Iterable[Proposal] = (),
    plan: Plan | None = None,
    actor: Any = None,
    **fields: Any,
) -> Plan:
    """Create or change a plan. Plans are fixed once voting has started: the ballot is what
    people voted on."""
    process = budget.process
    if processes.voting_open(process) or processes.voting_closed(process):
        raise ValidationError(_("Plans cannot be changed once voting has started."))
    if cost < 1:
        raise ValidationError({"cost": _("Give the plan's cost in euros.")})
    if cost > budget.amount:
        raise ValidationError({"cost": _("The plan costs more than the whole budget.")})
    ideas = list(ideas)
    for idea in ideas:
        if idea.process_id != process.pk:
            raise ValidationError({"ideas": _("Link only proposals of this process.")})
        if idea.status in (Proposal.Status.REJECTED, Proposal.Status.UNVERIFIED):
            raise ValidationError({"ideas": _("A rejected proposal cannot be part of a plan.")})
    created = plan is None
    if plan is None:
        plan = Plan(budget=budget)
    elif plan.budget.process_id != process.pk:
        raise ValidationError({"budget": _("Choose a budget of this process.")})
    else:
        plan.budget = budget
    plan.title, plan.description, plan.cost = title, description, cost
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    plan.ideas.set(ideas)
    for idea in ideas:
        ProposalEvent.objects.get_or_create(proposal=idea, kind="in_plan", note=str(plan.pk))
    record_event(action="create" if created else "update", obj=plan, actor=actor)
    return plan
