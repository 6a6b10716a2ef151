"""Public pages: processes and phases, proposing, discussing, voting, results, follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kuulu.budgeting import access, ballots, processes, proposals, results, selectors, voters
from kuulu.budgeting.forms import (
    BallotForm,
    CodeForm,
    CommentForm,
    EmailCodeForm,
    EmailStartForm,
    ProposalForm,
)
from kuulu.budgeting.models import Budget, Phase, Process, Proposal
from kuulu.core.forms import add_service_errors
from kuulu.core.ratelimits import public_form_rate, vote_ip_rate
from kuulu.identity import requirements


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    items = [
        (process, processes.current_phase(process))
        for process in selectors.public_processes().order_by("-id")
    ]
    return render(
        request,
        "budgeting/index.html",
        {"items": items, "can_manage": access.can_manage(request.user)},
    )


@require_GET
def process_detail(request: HttpRequest, process_id: int) -> HttpResponse:
    process = access.access_process_for_public(request.user, process_id)
    budgets = list(selectors.budgets_of(process))
    return render(
        request,
        "budgeting/process.html",
        {
            "process": process,
            "phase": processes.current_phase(process),
            "phases": list(process.phases.all()),
            "budgets": budgets,
            "proposals": selectors.public_proposals(process)[:200],
            "proposals_open": processes.proposals_open(process),
            "voting_open": processes.voting_open(process),
            "voting_closed": processes.voting_closed(process),
            "funded": selectors.funded_plans(process) if processes.voting_closed(process) else [],
            "can_manage": access.can_manage(request.user, process),
        },
    )


@require_http_methods(["GET", "POST"])
@ratelimit(group="pb-propose", key="ip", rate=public_form_rate, method="POST", block=True)
def propose(request: HttpRequest, process_id: int) -> HttpResponse:
    process = access.access_process_for_public(request.user, process_id)
    signed_in = request.user.is_authenticated
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        county=process.county,
        signed_in=signed_in,
    )
    is_open = processes.proposals_open(process)
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = proposals.submit_proposal(
                process=process,
                title=data["title"],
                description=data["description"],
                municipality=data.get("municipality"),
                target_group=data["target_group"],
                rough_cost=data.get("rough_cost"),
                image=data.get("image"),
                image_alt=data.get("image_alt", ""),
                user=request.user if signed_in else None,
                email=data.get("email", ""),
                language=get_language() or "fi",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request,
                "budgeting/propose_thanks.html",
                {"process": process, "proposal": proposal},
            )
    status = 409 if request.method == "POST" and not is_open else 200
    return render(
        request,
        "budgeting/propose.html",
        {"process": process, "form": form, "open": is_open},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # Opening the link only shows a button: mail scanners open links, people press buttons.
    try:
        if request.method == "GET":
            proposal = proposals.check_confirm_link(token=token)
            return render(request, "budgeting/confirm.html", {"proposal": proposal})
        proposal = proposals.confirm_email(token=token)
    except ValidationError as exc:
        return render(
            request, "budgeting/confirm.html", {"error": " ".join(exc.messages)}, status=400
        )
    return render(request, "budgeting/confirm.html", {"proposal": proposal, "confirmed": True})


@require_GET
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access.access_proposal_for_public(request.user, proposal_id)
    return _proposal_page(request, proposal, CommentForm())


def _proposal_page(
    request: HttpRequest, proposal: Proposal, form: CommentForm, status: int = 200
) -> HttpResponse:
    staff = access.can_manage(request.user, proposal.process)
    return render(
        request,
        "budgeting/proposal.html",
        {
            "proposal": proposal,
            "process": proposal.process,
            "credited": proposals.credited(proposal, public=not staff),
            "events": proposal.events.select_related("other"),
            "show_hidden_titles": staff,
            "comments": selectors.visible_comments(proposal),
            "plans": proposal.plan_set.select_related("budget"),
            "discussion_open": processes.discussion_open(proposal.process),
            "can_discuss": access.can_discuss(request.user),
            "can_review": access.can_review(request.user, proposal),
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
@ratelimit(group="pb-comment", key="user", rate=public_form_rate, method="POST", block=True)
def proposal_comment(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access.access_proposal_for_public(request.user, proposal_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            proposals.add_comment(
                proposal=proposal, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect("budgeting:proposal", proposal.pk)
    return _proposal_page(request, proposal, form, status=400)


@login_required
@require_POST
def proposal_support(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access.access_proposal_for_public(request.user, proposal_id)
    try:
        added = proposals.support(proposal=proposal, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("budgeting:proposal", proposal.pk)
    if added:
        messages.success(request, _("Thank you for your support."))
    else:
        messages.info(request, _("You already support this proposal."))
    return redirect("budgeting:proposal", proposal.pk)


# --- Voting ------------------------------------------------------------------------------------


def _identify_page(
    request: HttpRequest, budget: Budget, *, form=None, email_form=None, status: int = 200
) -> HttpResponse:  # type: ignore[no-untyped-def]
    process = budget.process
    if process.voter_check == Process.VoterCheck.STRONG:
        level = process.identification
        if requirements.RANK[requirements.Level(level)] < 2:
            level = requirements.Level.SUBSTANTIAL
        return requirements.prompt_response(
            request, requirements.IdentificationRequired(level, "not_identified")
        )
    return render(
        request,
        "budgeting/identify.html",
        {
            "budget": budget,
            "process": process,
            "code_form": form if form is not None else CodeForm(),
            "email_form": email_form if email_form is not None else EmailStartForm(),
            "verify_form": EmailCodeForm(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@ratelimit(group="pb-vote", key="ip", rate=vote_ip_rate, method="POST", block=True)
def vote(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = access.access_budget_for_public(request.user, budget_id)
    process = budget.process
    if not processes.voting_open(process):
        return render(
            request,
            "budgeting/vote_closed.html",
            {"budget": budget, "process": process},
            status=409 if request.method == "POST" else 200,
        )
    voter = voters.current(request, process)
    if voter is None:
        return _identify_page(request, budget)
    plans = list(budget.plans.order_by("title", "id"))
    existing = ballots.ballot_of(budget, voter)
    form = BallotForm(
        request.POST or None,
        budget=budget,
        plans=plans,
        initial_choices=existing.choices if existing else None,
    )
    not_eligible = voters.eligibility_error(budget, voter)
    if request.method == "POST" and form.is_valid() and not not_eligible:
        try:
            ballot = ballots.cast_ballot(
                budget=budget,
                voter=voter,
                choices=form.choices(),
                submit="save_draft" not in request.POST,
                language=get_language() or "fi",
                user=request.user,
                costs={str(p.pk): p.cost for p in plans},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if ballot.status == ballot.Status.DRAFT:
                messages.info(request, _("Your ballot is saved but not submitted yet."))
                return redirect("budgeting:vote", budget.pk)
            return render(
                request,
                "budgeting/receipt.html",
                {"budget": budget, "process": process, "ballot": ballot, "plans": plans},
            )
    return render(
        request,
        "budgeting/vote.html",
        {
            "budget": budget,
            "process": process,
            "form": form,
            "plans": plans,
            "ballot": existing,
            "not_eligible": not_eligible,
            "voting_phase": next(
                (p for p in process.phases.all() if p.kind == Phase.Kind.VOTING), None
            ),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@require_POST
@ratelimit(group="pb-code", key="ip", rate=vote_ip_rate, method="POST", block=True)
def vote_code(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = access.access_budget_for_public(request.user, budget_id)
    form = CodeForm(request.POST)
    if budget.process.voter_check != Process.VoterCheck.CODE or not processes.voting_open(
        budget.process
    ):
        return redirect("budgeting:vote", budget.pk)
    if form.is_valid():
        try:
            voter = voters.voter_for_code(process=budget.process, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            voters.remember(request, budget.process, voter)
            return redirect("budgeting:vote", budget.pk)
    return _identify_page(request, budget, form=form, status=400)


@require_POST
@ratelimit(group="pb-email", key="ip", rate=public_form_rate, method="POST", block=True)
def vote_email(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = access.access_budget_for_public(request.user, budget_id)
    if budget.process.voter_check != Process.VoterCheck.EMAIL or not processes.voting_open(
        budget.process
    ):
        return redirect("budgeting:vote", budget.pk)
    form = EmailStartForm(request.POST)
    if not form.is_valid():
        return _identify_page(request, budget, email_form=form, status=400)
    voters.start_email_code(
        process=budget.process, email=form.cleaned_data["email"], language=get_language() or ""
    )
    return render(
        request,
        "budgeting/email_code.html",
        {
            "budget": budget,
            "process": budget.process,
            "form": EmailCodeForm(initial={"email": form.cleaned_data["email"]}),
        },
    )


@require_POST
@ratelimit(group="pb-email-verify", key="ip", rate=vote_ip_rate, method="POST", block=True)
def vote_email_verify(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = access.access_budget_for_public(request.user, budget_id)
    if budget.process.voter_check != Process.VoterCheck.EMAIL:
        return redirect("budgeting:vote", budget.pk)
    form = EmailCodeForm(request.POST)
    if form.is_valid():
        try:
            voter = voters.voter_for_email_code(
                process=budget.process,
                email=form.cleaned_data["email"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            voters.remember(request, budget.process, voter)
            return redirect("budgeting:vote", budget.pk)
    return render(
        request,
        "budgeting/email_code.html",
        {"budget": budget, "process": budget.process, "form": form},
        status=400,
    )


# --- Results and follow-up ---------------------------------------------------------------------


@require_GET
def budget_results(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = access.access_budget_for_public(request.user, budget_id)
    return render(
        request,
        "budgeting/results.html",
        {
            "budget": budget,
            "process": budget.process,
            "result": results.published_result(budget),
            "voting_closed": processes.voting_closed(budget.process),
            "can_manage": access.can_manage(request.user, budget.process),
        },
    )


@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.access_plan_for_public(request.user, plan_id)
    from kuulu.budgeting.implementation import is_funded

    closed = processes.voting_closed(plan.budget.process)
    return render(
        request,
        "budgeting/plan.html",
        {
            "plan": plan,
            "process": plan.budget.process,
            "ideas": plan.ideas.filter(is_hidden=False),
            "funded": closed and is_funded(plan),
            "updates": plan.updates.all(),
            "overrides": plan.overrides.all() if closed else [],
            "can_follow_up": access.can_follow_up(request.user, plan),
        },
    )
