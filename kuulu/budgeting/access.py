"""Who may do what in participatory budgeting.

- Everyone: published processes, public proposals, plans and published results; proposing
  (with a confirmed email when not signed in); voting as the process's identification allows.
- Signed-in people: comments and support.
- Staff of the county: entering paper ballots at a service point (booth).
- Managers of the county: reviewing proposals and following up funded plans of their subtree's
  units.
- Coordinators (and system admins): everything else: processes, moderation, merges, plans and
  costing, counting, overrides, turnout, reconciliation, exports.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.budgeting.models import Budget, PaperBallot, Plan, Process, Proposal, ProposalComment
from kuulu.organisation.access import actor_for, same_county


def can_manage(user: Any, process: Process | None = None) -> bool:
    actor = actor_for(user)
    return actor.is_coordinator and (process is None or same_county(actor, process.county_id))


def can_enter_paper(user: Any, process: Process) -> bool:
    actor = actor_for(user)
    return actor.is_staff and actor.county_id is not None and actor.county_id == process.county_id


def can_review(user: Any, proposal: Proposal) -> bool:
    actor = actor_for(user)
    if can_manage(user, proposal.process):
        return True
    if not actor.is_manager or not same_county(actor, proposal.process.county_id):
        return False
    unit = proposal.responsible_unit
    return unit is None or actor.manages(unit)


def can_follow_up(user: Any, plan: Plan) -> bool:
    actor = actor_for(user)
    if can_manage(user, plan.budget.process):
        return True
    unit = plan.responsible_unit
    return bool(
        unit is not None
        and actor.is_manager
        and same_county(actor, plan.budget.process.county_id)
        and actor.manages(unit)
    )


def can_discuss(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def access_process_for_public(user: Any, process_id: int) -> Process:
    process = get_object_or_404(Process.objects.prefetch_related("phases"), pk=process_id)
    if process.is_published or can_manage(user, process):
        return process
    raise Http404


def access_budget_for_public(user: Any, budget_id: int) -> Budget:
    budget = get_object_or_404(
        Budget.objects.select_related("process__county", "municipality").prefetch_related(
            "process__phases"
        ),
        pk=budget_id,
    )
    if budget.process.is_published or can_manage(user, budget.process):
        return budget
    raise Http404


def access_proposal_for_public(user: Any, proposal_id: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("process", "municipality", "merged_into"), pk=proposal_id
    )
    if can_manage(user, proposal.process):
        return proposal
    if proposal.is_public and proposal.process.is_published:
        return proposal
    raise Http404


def access_plan_for_public(user: Any, plan_id: int) -> Plan:
    plan = get_object_or_404(
        Plan.objects.select_related("budget__process", "responsible_unit"), pk=plan_id
    )
    if plan.budget.process.is_published or can_manage(user, plan.budget.process):
        return plan
    raise Http404


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def access_process_for_coordinator(user: Any, process_id: int) -> Process:
    process = get_object_or_404(Process.objects.prefetch_related("phases"), pk=process_id)
    _require(can_manage(user, process))
    return process


def access_budget_for_coordinator(user: Any, budget_id: int) -> Budget:
    budget = get_object_or_404(
        Budget.objects.select_related("process", "municipality"), pk=budget_id
    )
    _require(can_manage(user, budget.process))
    return budget


def access_budget_for_booth(user: Any, budget_id: int) -> Budget:
    budget = get_object_or_404(
        Budget.objects.select_related("process", "municipality"), pk=budget_id
    )
    _require(can_enter_paper(user, budget.process))
    return budget


def access_paper_for_coordinator(user: Any, paper_id: int) -> PaperBallot:
    paper = get_object_or_404(PaperBallot.objects.select_related("budget__process"), pk=paper_id)
    _require(can_manage(user, paper.budget.process))
    return paper


def access_proposal_for_reviewer(user: Any, proposal_id: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("process", "responsible_unit"), pk=proposal_id
    )
    _require(can_review(user, proposal))
    return proposal


def access_proposal_for_coordinator(user: Any, proposal_id: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("process"), pk=proposal_id)
    _require(can_manage(user, proposal.process))
    return proposal


def access_comment_for_moderator(user: Any, comment_id: int) -> ProposalComment:
    comment = get_object_or_404(
        ProposalComment.objects.select_related("proposal__process"), pk=comment_id
    )
    _require(can_manage(user, comment.proposal.process))
    return comment


def access_plan_for_coordinator(user: Any, plan_id: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("budget__process"), pk=plan_id)
    _require(can_manage(user, plan.budget.process))
    return plan


def access_plan_for_follow_up(user: Any, plan_id: int) -> Plan:
    plan = get_object_or_404(
        Plan.objects.select_related("budget__process", "responsible_unit"), pk=plan_id
    )
    _require(can_follow_up(user, plan))
    return plan
