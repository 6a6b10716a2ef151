"""Counting a budget's ballots, publishing the result, overrides with public reasons, and the
anonymised Pabulib export and import.

A count is computed outside any transaction (the engine is pure), then written whole in one
transaction that also moves the budget's `published_result` to it. A count interrupted at any
point leaves the published result as it was: either the new one is in and published, or
nothing of it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kuulu.budgeting import counting, paper, processes
from kuulu.budgeting.counting.pabulib import PabulibError, dump, parse
from kuulu.budgeting.models import (
    Ballot,
    Budget,
    CountRun,
    PaperBallot,
    Plan,
    PlanResult,
    ResultOverride,
)
from kuulu.core.audit import record_event

REASONS = {
    counting.REASON_FUNDED: gettext_lazy("Funded: enough voters shared its cost."),
    counting.REASON_COMPLETION: gettext_lazy(
        "Funded from the money left over after the equal shares were spent."
    ),
    counting.REASON_OVER_BUDGET: gettext_lazy("Not funded: the money left was not enough."),
    counting.REASON_NOT_ENOUGH_SUPPORT: gettext_lazy(
        "Not funded: its supporters' shares of the budget did not cover its cost."
    ),
    counting.REASON_NO_VOTES: gettext_lazy("Not funded: nobody voted for it."),
}


def reason_text(code: str) -> str:
    return str(REASONS.get(code, code))


def election_for(budget: Budget) -> tuple[counting.Election, int, int]:
    """The budget's counted ballots as the engine's Election, with how many were online and on
    paper. Voter ids are sequence numbers: nothing links them to a person."""
    reconciliation = paper.reconcile(budget)
    plans = list(budget.plans.order_by("pk").values_list("pk", "cost", "title"))
    projects = [counting.Project(id=str(pk), cost=cost, name=title) for pk, cost, title in plans]
    cumulative = budget.vote_type == Budget.VoteType.CUMULATIVE
    rows = (
        Ballot.objects.filter(budget=budget, status=Ballot.Status.SUBMITTED)
        .exclude(voter_key__in=reconciliation.excluded_online_keys)
        .order_by("pk")
        .values_list("choices", flat=True)
    )
    ballots: list[counting.Ballot] = []

    def add(choices: dict[str, int]) -> None:
        voter_id = str(len(ballots) + 1)
        if cumulative:
            ballots.append(counting.Ballot(voter_id=voter_id, points=dict(choices)))
        else:
            ballots.append(counting.Ballot(voter_id=voter_id, approvals=tuple(sorted(choices))))

    for choices in rows.iterator(chunk_size=5000):
        add(choices)
    online = len(ballots)
    for sheet in reconciliation.counted_paper:
        add(sheet.choices)
    election = counting.Election(
        budget=budget.amount,
        projects=projects,
        ballots=ballots,
        vote_type=budget.vote_type,
        meta={
            "description": f"Kuulu {budget.process.pk}/{budget.pk}",
            "country": "Finland",
            "unit": budget.municipality.name if budget.municipality_id else "county",
            "instance": str(budget.process.pk),
            "currency": "EUR",
            **({"max_length": str(budget.max_picks)} if budget.max_picks else {}),
            **({"max_sum_points": str(budget.points)} if budget.points else {}),
        },
    )
    return election, online, len(ballots) - online


def _unsettled_paper(budget: Budget) -> int:
    return PaperBallot.objects.filter(
        budget=budget,
        status__in=[PaperBallot.Status.AWAITING_SECOND, PaperBallot.Status.MISMATCH],
    ).count()


def check_countable(budget: Budget) -> None:
    """Refuse a count while voting is open or while paper ballots are unsettled: a sheet waiting
    for its second entry or with differing entries is counted by no rule, so counting then would
    leave those voters' votes out of the published result without a word."""
    if not processes.voting_closed(budget.process):
        raise ValidationError(_("Votes are counted after voting has closed."))
    unsettled = _unsettled_paper(budget)
    if unsettled:
        raise ValidationError(
            ngettext(
                "%(n)s paper ballot waits for its second entry or for a review of differing "
                "entries, and it would not be counted. Settle it before counting.",
                "%(n)s paper ballots wait for their second entry or for a review of differing "
                "entries, and they would not be counted. Settle them before counting.",
                unsettled,
            )
            % {"n": unsettled},
            code="unsettled_paper",
        )


def run_count(*, budget_id: int, publish: bool = True, fail_after_lines: int | None = None) -> int:
    """Count and (by default) publish. Returns the CountRun id. `fail_after_lines` exists for the
    test that proves an interrupted count changes nothing."""
    budget = Budget.objects.select_related("process", "municipality").get(pk=budget_id)
    check_countable(budget)
    election, online, on_paper = election_for(budget)
    result = counting.count(election, budget.process.rule)
    by_id = {o.id: o for o in result.outcomes}
    with transaction.atomic():
        Budget.objects.select_for_update().filter(pk=budget.pk).order_by("pk").first()
        run = CountRun.objects.create(
            budget=budget,
            rule=result.rule,
            ballots_counted=online,
            paper_counted=on_paper,
            selected=list(result.selected),
            cost=result.cost,
            rounds=[
                {
                    "number": r.number,
                    "project_id": r.project_id,
                    "funded": r.funded,
                    "detail": dict(r.detail),
                }
                for r in result.rounds
            ],
        )
        for written, (project_id, outcome) in enumerate(sorted(by_id.items()), start=1):
            if fail_after_lines is not None and written > fail_after_lines:
                raise RuntimeError("count interrupted")
            PlanResult.objects.create(
                run=run,
                plan_id=int(project_id),
                votes=outcome.votes,
                score=outcome.score,
                cost=outcome.cost,
                funded=outcome.funded,
                reason=outcome.reason,
            )
        if publish:
            run.published_at = timezone.now()
            run.save(update_fields=["published_at"])
            Budget.objects.filter(pk=budget.pk).update(published_result=run)
        record_event(action="create", obj=run, summary=f"count by {result.rule}")
    return run.pk


def request_count(*, budget: Budget, actor: Any) -> None:
    from kuulu.budgeting.tasks import count_budget

    check_countable(budget)
    record_event(action="update", obj=budget, actor=actor, summary="count requested")
    transaction.on_commit(lambda: count_budget.enqueue(budget.pk))


@transaction.atomic
def override_result(*, plan: Plan, funded: bool, reason: str, actor: Any) -> ResultOverride:
    """Change whether a plan is funded after the count, only with a public reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the public reason for the change.")})
    published = Budget.objects.filter(pk=plan.budget_id).values_list("published_result", flat=True)
    if published.first() is None:
        raise ValidationError(_("There is no published result to change."))
    row = ResultOverride.objects.create(plan=plan, funded=funded, reason=reason.strip(), by=actor)
    record_event(action="update", obj=plan, actor=actor, summary="result overridden")
    return row


@dataclass(frozen=True)
class Line:
    plan: Plan
    votes: int
    score: float
    cost: int
    counted_funded: bool
    funded: bool
    reason: str
    override: ResultOverride | None


@dataclass(frozen=True)
class PublishedResult:
    budget: Budget
    run: CountRun
    lines: list[Line]
    rounds: list[dict[str, Any]]

    @property
    def funded_cost(self) -> int:
        return sum(line.cost for line in self.lines if line.funded)


def published_result(budget: Budget) -> PublishedResult | None:
    """The published result with overrides applied; None while voting is open (counts hidden)."""
    if not processes.voting_closed(budget.process) or budget.published_result_id is None:
        return None
    run = CountRun.objects.get(pk=budget.published_result_id)
    latest: dict[int, ResultOverride] = {}
    for row in ResultOverride.objects.filter(plan__budget=budget).order_by("at", "id"):
        latest[row.plan_id] = row
    lines = []
    titles = {}
    # Points decide a cumulative count, so the lines go by points (votes on other ballots,
    # where the two are the same number).
    for result in run.lines.select_related("plan").order_by(
        "-funded", "-score", "-votes", "plan_id"
    ):
        override = latest.get(result.plan_id)
        titles[str(result.plan_id)] = result.plan.title
        lines.append(
            Line(
                plan=result.plan,
                votes=result.votes,
                score=result.score,
                cost=result.cost,
                counted_funded=result.funded,
                funded=override.funded if override else result.funded,
                reason=reason_text(result.reason),
                override=override,
            )
        )
    rounds = [{**r, "title": titles.get(r["project_id"], r["project_id"])} for r in run.rounds]
    return PublishedResult(budget=budget, run=run, lines=lines, rounds=rounds)


def export_pabulib(*, budget: Budget, actor: Any) -> str:
    """The counted ballots in the Pabulib format, anonymised (voters numbered, no other data).
    Refused while voting is open, and while paper ballots are unsettled (as a count is: the file
    would leave those voters out without a word)."""
    if not processes.voting_closed(budget.process):
        raise ValidationError(_("Ballots can be exported after voting has closed."))
    unsettled = _unsettled_paper(budget)
    if unsettled:
        raise ValidationError(
            ngettext(
                "%(n)s paper ballot waits for its second entry or for a review of differing "
                "entries, and it would be left out of the file. Settle it before exporting.",
                "%(n)s paper ballots wait for their second entry or for a review of differing "
                "entries, and they would be left out of the file. Settle them before exporting.",
                unsettled,
            )
            % {"n": unsettled},
            code="unsettled_paper",
        )
    election, _online, _paper = election_for(budget)
    record_event(action="export", obj=budget, actor=actor, summary="pabulib export")
    return dump(election)


@dataclass(frozen=True)
class FileCount:
    result: counting.CountResult | None
    errors: list[tuple[int, str]]
    projects: int = 0
    voters: int = 0


def count_file(*, text: str, rule: str) -> FileCount:
    """Count a Pabulib file without touching the database. Errors come with line numbers."""
    try:
        election = parse(text)
    except PabulibError as exc:
        return FileCount(result=None, errors=list(exc.errors))
    try:
        result = counting.count(election, rule)
    except ValueError as exc:
        return FileCount(result=None, errors=[(0, str(exc))])
    except OverflowError:
        # A cost or points total beyond the engine's 64-bit integers.
        return FileCount(
            result=None, errors=[(0, _("A number in the file is too large to count."))]
        )
    return FileCount(
        result=result,
        errors=[],
        projects=len(election.projects),
        voters=len(election.ballots),
    )
