"""Staff pages: moderation and review, merges, plans and costing, booth entry and
reconciliation, turnout, counting, overrides, exports, Pabulib counts, follow-up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuulu.budgeting import (
    access,
    implementation,
    paper,
    plans,
    processes,
    proposals,
    results,
    selectors,
)
from kuulu.budgeting.forms import (
    DecisionForm,
    ImplementationForm,
    MergeForm,
    OverrideForm,
    PabulibImportForm,
    PaperBallotForm,
    PlanForm,
    ReviewForm,
)
from kuulu.budgeting.models import PaperBallot
from kuulu.core.forms import add_service_errors
from kuulu.core.numbers import id_from


@login_required
@require_GET
def manage(request: HttpRequest, process_id: int) -> HttpResponse:
    process = access.access_process_for_coordinator(request.user, process_id)
    queue = selectors.moderation_queue(process)
    return render(
        request,
        "budgeting/staff/manage.html",
        {
            "process": process,
            "phase": processes.current_phase(process),
            "budgets": list(selectors.budgets_of(process)),
            "voting_closed": processes.voting_closed(process),
            **queue,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access.access_proposal_for_reviewer(request.user, proposal_id)
    county = proposal.process.county
    action = request.POST.get("action") if request.method == "POST" else None
    review_form = ReviewForm(
        request.POST if action == "review" else None,
        county=county,
        initial={
            "feasibility": proposal.feasibility,
            "legality": proposal.legality,
            "cost_estimate": proposal.cost_estimate,
            "responsible_unit": proposal.responsible_unit,
        },
    )
    decision_form = DecisionForm(request.POST if action == "decide" else None)
    merge_form = MergeForm(request.POST if action == "merge" else None, proposal=proposal)
    can_manage = access.can_manage(request.user, proposal.process)
    form = {"review": review_form, "decide": decision_form, "merge": merge_form}.get(action or "")
    if form is not None and (action == "review" or can_manage) and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "review":
                proposals.review_proposal(
                    proposal=proposal,
                    actor=request.user,
                    feasibility=data["feasibility"],
                    legality=data["legality"],
                    cost_estimate=data["cost_estimate"],
                    responsible_unit=data["responsible_unit"],
                )
            elif action == "decide":
                proposals.decide_proposal(
                    proposal=proposal,
                    accept=data["accept"],
                    reason=data["reason"],
                    actor=request.user,
                )
            else:
                proposals.merge_proposals(
                    duplicate=proposal, into=data["into"], actor=request.user, note=data["note"]
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("budgeting:review", proposal.pk)
    if action in ("hide", "show") and can_manage:
        proposals.set_hidden(proposal=proposal, hidden=action == "hide", actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("budgeting:review", proposal.pk)
    return render(
        request,
        "budgeting/staff/review.html",
        {
            "proposal": proposal,
            "process": proposal.process,
            "review_form": review_form,
            "decision_form": decision_form,
            "merge_form": merge_form,
            "can_manage": can_manage,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def moderate_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access.access_comment_for_moderator(request.user, comment_id)
    proposals.moderate_comment(
        comment=comment, hidden=request.POST.get("hidden") == "1", actor=request.user
    )
    messages.success(request, _("Saved."))
    return redirect("budgeting:manage", comment.proposal.process_id)


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = access.access_process_for_coordinator(request.user, process_id)
    form = PlanForm(request.POST or None, process=process)
    return _plan_form(request, process, form)


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, budget_id: int) -> HttpResponse:
    """Keyboard-only entry: the form is in the order of the sheet, focus starts on the first
    field, and after saving the same page opens empty for the next sheet at the same booth."""
    budget = access.access_budget_for_booth(request.user, budget_id)
    plan_list = list(budget.plans.order_by("title", "id"))
    booth = request.GET.get("booth") or request.POST.get("booth")
    form = PaperBallotForm(
        request.POST or None,
        budget=budget,
        plans=plan_list,
        county=budget.process.county,
        voter_check=budget.process.voter_check,
        initial={"booth": booth},
    )
    entered = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entered = paper.enter_paper_ballot(
                budget=budget,
                booth=data["booth"],
                sheet=data["sheet"],
                choices=form.choices(),
                identity_code=data.get("identity_code", ""),
                voting_code=data.get("voting_code", ""),
                email=data.get("email", ""),
                age_band=data["age_band"],
                municipality_code=data["municipality_code"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Sheet %(sheet)s saved: %(status)s.")
                % {"sheet": entered.sheet, "status": entered.get_status_display()},
            )
            return redirect(f"{request.path}?booth={entered.booth_id}")
    return render(
        request,
        "budgeting/staff/paper_entry.html",
        {
            "budget": budget,
            "process": budget.process,
            "form": form,
            "voting_open": processes.voting_open(budget.process),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reconciliation(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = access.access_budget_for_coordinator(request.user, budget_id)
    if request.method == "POST":
        paper_id = id_from(request.POST.get("paper"))
        if paper_id is None:
            raise Http404
        item = access.access_paper_for_coordinator(request.user, paper_id)
        if item.budget_id != budget.pk:
            raise Http404  # a sheet of another budget: this page neither shows nor settles it
        try:
            paper.resolve_mismatch(paper=item, use=request.POST.get("use", ""), actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
        return redirect("budgeting:reconciliation", budget.pk)
    outcome = paper.reconcile(budget)
    return render(
        request,
        "budgeting/staff/reconciliation.html",
        {
            "budget": budget,
            "process": budget.process,
            "booths": paper.booth_subtotals(budget),
            "statuses": PaperBallot.Status.choices,
            "mismatches": budget.paper_ballots.filter(
                status=PaperBallot.Status.MISMATCH
            ).select_related("booth"),
            "outcome": outcome,
        },
    )


@login_required
@require_GET
def turnout(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = access.access_budget_for_coordinator(request.user, budget_id)
    return render(
        request,
        "budgeting/staff/turnout.html",
        {"budget": budget, "process": budget.process, "turnout": selectors.turnout(budget)},
    )


@login_required
@require_POST
def count(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = access.access_budget_for_coordinator(request.user, budget_id)
    try:
        results.request_count(budget=budget, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("budgeting:manage", budget.process_id)
    messages.success(
        request, _("The count has started. The results page shows it when it is done.")
    )
    return redirect("budgeting:results", budget.pk)


@login_required
@require_http_methods(["GET", "POST"])
def override(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.access_plan_for_coordinator(request.user, plan_id)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            results.override_result(
                plan=plan,
                funded=form.cleaned_data["funded"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The change and its reason are now public."))
            return redirect("budgeting:results", plan.budget_id)
    return render(
        request,
        "budgeting/staff/override.html",
        {"plan": plan, "process": plan.budget.process, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def export_pabulib(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = access.access_budget_for_coordinator(request.user, budget_id)
    try:
        text = results.export_pabulib(budget=budget, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("budgeting:manage", budget.process_id)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kuulu_budget_{budget.pk}.pb"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def pabulib_count(request: HttpRequest) -> HttpResponse:
    """Count a Pabulib file (e.g. an earlier vote or another city's) without storing it."""
    if not access.can_manage(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = PabulibImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = results.count_file(text=form.cleaned_data["file"], rule=form.cleaned_data["rule"])
    return render(
        request,
        "budgeting/staff/pabulib.html",
        {"form": form, "outcome": outcome, "reason_text": results.reason_text},
        status=400 if form.errors or (outcome and outcome.errors) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access.access_plan_for_follow_up(request.user, plan_id)
    form = ImplementationForm(
        request.POST or None,
        request.FILES or None,
        county=plan.budget.process.county,
        initial={
            "status": plan.status,
            "progress": plan.progress,
            "responsible_unit": plan.responsible_unit,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            implementation.update_implementation(
                plan=plan,
                actor=request.user,
                status=data["status"],
                progress=data["progress"],
                responsible_unit=data["responsible_unit"],
                text=data["text"],
                photo=data.get("photo"),
                photo_alt=data["photo_alt"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("budgeting:plan", plan.pk)
    return render(
        request,
        "budgeting/staff/follow_up.html",
        {"plan": plan, "process": plan.budget.process, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def voting_codes(request: HttpRequest, process_id: int) -> HttpResponse:
    """Make one-time voting codes for letters: a CSV for the mail merge is the only place the
    codes exist; Kuulu keeps their keyed hashes."""
    from kuulu.budgeting import voters
    from kuulu.budgeting.forms import CodesForm
    from kuulu.core.audit import record_event
    from kuulu.core.spreadsheets import csv_response

    process = access.access_process_for_coordinator(request.user, process_id)
    form = CodesForm(request.POST or None, county=process.county)
    if request.method == "POST" and form.is_valid():
        municipality = form.cleaned_data["municipality"]
        codes = voters.issue_codes(
            process=process,
            count=form.cleaned_data["count"],
            municipality_code=municipality.code if municipality else "",
        )
        record_event(
            action="export", obj=process, actor=request.user, summary=f"voting codes: {len(codes)}"
        )
        return csv_response(
            f"voting_codes_{process.pk}.csv", [_("voting code")], ([code] for code in codes)
        )
    return render(
        request,
        "budgeting/staff/codes.html",
        {"process": process, "form": form, "issued": process.codes.count()},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def phases(request: HttpRequest, process_id: int) -> HttpResponse:
    """The seven phases' dates and public explanations in fi, sv and en, saved together."""
    from django.utils import timezone

    from kuulu.budgeting.forms import PhaseForm

    process = access.access_process_for_coordinator(request.user, process_id)
    rows = list(process.phases.all())
    forms = []
    for phase in rows:
        initial = {
            "starts_at": timezone.localtime(phase.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(phase.ends_at).strftime("%Y-%m-%dT%H:%M"),
            **{name: getattr(phase, name) for name in processes.TEXT_FIELDS},
        }
        forms.append((phase, PhaseForm(request.POST or None, prefix=phase.kind, initial=initial)))
    error = None
    if request.method == "POST" and all(form.is_valid() for _phase, form in forms):
        try:
            processes.edit_phases(
                process=process,
                data={phase.kind: form.cleaned_data for phase, form in forms},
                actor=request.user,
            )
        except ValidationError as exc:
            error = exc.messages
        else:
            messages.success(request, _("The phases have been saved."))
            return redirect("budgeting:manage", process.pk)
    invalid = request.method == "POST"
    return render(
        request,
        "budgeting/staff/phases.html",
        {"process": process, "forms": forms, "errors": error},
        status=400 if invalid else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def process_new(request: HttpRequest) -> HttpResponse:
    from kuulu.budgeting.forms import ProcessForm
    from kuulu.organisation.access import require_coordinator
    from kuulu.organisation.selectors import default_county

    actor = require_coordinator(request.user)
    form = ProcessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        county = default_county() if actor.county_id is None else process_county(actor.county_id)
        process = processes.create_process(
            county=county,
            title=data["title_fi"],
            starts_at=data["starts_at"],
            actor=request.user,
            title_fi=data["title_fi"],
            title_sv=data["title_sv"],
            title_en=data["title_en"],
            voter_check=data["voter_check"],
            rule=data["rule"],
            duplicate_rule=data["duplicate_rule"],
            double_entry=data["double_entry"],
        )
        messages.success(request, _("The process has been created. Set its phases next."))
        return redirect("budgeting:phases", process.pk)
    return render(
        request,
        "budgeting/staff/simple_form.html",
        {"form": form, "heading": _("New participatory budgeting process"), "back": None},
        status=400 if form.errors else 200,
    )


def process_county(county_id: int):  # type: ignore[no-untyped-def]
    from kuulu.organisation.models import County

    return County.objects.get(pk=county_id)


@login_required
@require_http_methods(["GET", "POST"])
def budget_new(request: HttpRequest, process_id: int) -> HttpResponse:
    from kuulu.budgeting.forms import BudgetForm
    from kuulu.budgeting.models import Budget
    from kuulu.core.audit import record_event

    process = access.access_process_for_coordinator(request.user, process_id)
    form = BudgetForm(request.POST or None, county=process.county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        budget = Budget.objects.create(
            process=process,
            name=data["name_fi"],
            name_fi=data["name_fi"],
            name_sv=data["name_sv"],
            name_en=data["name_en"],
            municipality=data["municipality"],
            amount=data["amount"],
            vote_type=data["vote_type"],
            max_picks=data["max_picks"],
            points=data["points"],
            min_age=data["min_age"],
            residents_only=data["residents_only"],
        )
        record_event(action="create", obj=budget, actor=request.user)
        messages.success(request, _("The budget has been created."))
        return redirect("budgeting:manage", process.pk)
    return render(
        request,
        "budgeting/staff/simple_form.html",
        {"form": form, "heading": _("New budget"), "back": process},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def publish(request: HttpRequest, process_id: int) -> HttpResponse:
    from kuulu.budgeting.models import Process
    from kuulu.core.audit import record_event

    process = access.access_process_for_coordinator(request.user, process_id)
    value = request.POST.get("published") == "1"
    Process.objects.filter(pk=process.pk).update(is_published=value)
    record_event(action="update", obj=process, actor=request.user, changed_fields=["is_published"])
    messages.success(request, _("Saved."))
    return redirect("budgeting:manage", process.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Change a plan's text, cost or linked proposals; refused once voting has started."""
    plan = access.access_plan_for_coordinator(request.user, plan_id)
    process = plan.budget.process
    form = PlanForm(
        request.POST or None,
        process=process,
        initial={
            "budget": plan.budget,
            **{name: getattr(plan, name) for name in plans.TEXT_FIELDS},
            "cost": plan.cost,
            "ideas": list(plan.ideas.all()),
        },
    )
    return _plan_form(request, process, form, plan)


def _plan_form(
    request: HttpRequest, process: Any, form: PlanForm, plan: Any = None
) -> HttpResponse:
    """Save a new plan (`plan` None) or changes to one, or show the form with its errors."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = plans.save_plan(
                plan=plan,
                budget=data["budget"],
                title=data["title_fi"],
                description=data["description_fi"],
                cost=data["cost"],
                ideas=data["ideas"],
                actor=request.user,
                **{name: data[name] for name in plans.TEXT_FIELDS},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("budgeting:plan", plan.pk)
    return render(
        request,
        "budgeting/staff/plan_form.html",
        {"process": process, "form": form, "plan": plan},
        status=400 if form.errors else 200,
    )
