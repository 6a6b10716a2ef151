"""Paper ballots at service points: entry by booth staff (optionally twice), review of
differences, per-booth subtotals and the process's rule for people who voted twice.

The voter is identified at the booth as the process identifies voters online (personal
identity code for strong identification, the voting code on the letter or sheet, or the email
address), turned into the same voter key an online ballot carries and then forgotten; only the
key is stored. Another identifier than the process's is refused: its key could never match the
person's online ballot, and they would be counted twice. A voting code must be one issued for
the process; entering it does not use it up, so its holder may still vote online and the
duplicate rule decides. A second paper ballot of the same person is flagged as a duplicate,
never counted; a paper ballot of someone who also voted online is settled by the process's
duplicate rule.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.budgeting import ballots, voters
from kuulu.budgeting.models import Ballot, Budget, PaperBallot, Process
from kuulu.core.audit import record_event
from kuulu.identity.person_keys import age_on
from kuulu.organisation.models import Unit


def voter_key_for(
    *, budget: Budget, identity_code: str = "", voting_code: str = "", email: str = ""
) -> str:
    """The voter key of a sheet. The voter is identified as the process identifies voters
    online, so that the key is the one their online ballot carries and the duplicate rule sees
    one person: by personal identity code in a strong-identification vote (it gives the person
    key strong identification gives), by the voting code in a code vote, by the email address in
    an email vote. Any other identifier could not be matched with the person's online ballot
    (they would be counted twice) and is refused.

    A voter identified by their identity code must be the budget's minimum age or older, as
    online. A voting code must be one issued for this process, and the voter it was issued to
    must be allowed to vote on the budget, as online (the letter's birth year and municipality,
    when the code carries them)."""
    method = budget.process.voter_check
    given = {
        Process.VoterCheck.STRONG: identity_code.strip(),
        Process.VoterCheck.CODE: voting_code.strip(),
        Process.VoterCheck.EMAIL: email.strip(),
    }
    if not given[method] or any(value for kind, value in given.items() if kind != method):
        refusal = ValidationError(_(voters.BOOTH_IDENTIFICATION[method]), code="identification")
        raise ValidationError({voters.BOOTH_FIELDS[method]: refusal})
    if method == Process.VoterCheck.EMAIL:
        return voters.paper_key_from_email(email)
    if method == Process.VoterCheck.STRONG:
        key, born = voters.paper_key_from_identity_code(identity_code)
        if age_on(born, timezone.localdate()) < budget.min_age:
            raise ValidationError(
                {
                    "identity_code": _(
                        "By this identity code the voter is younger than %(age)s, the minimum "
                        "age for this budget."
                    )
                    % {"age": budget.min_age}
                },
                code="too_young",
            )
        return key
    voter = voters.voter_for_paper_code(process=budget.process, code=voting_code)
    if voter.age is not None and voter.age < budget.min_age:
        raise ValidationError(
            {
                "voting_code": _(
                    "By this voting code the voter is younger than %(age)s, the minimum age "
                    "for this budget."
                )
                % {"age": budget.min_age}
            },
            code="too_young",
        )
    error = voters.eligibility_error(budget, voter)
    if error:
        raise ValidationError({"voting_code": error}, code="not_eligible")
    return voter.key


def _same(a: dict[str, int], b: dict[str, int]) -> bool:
    return {k: v for k, v in a.items() if v} == {k: v for k, v in b.items() if v}


def enter_paper_ballot(
    *,
    budget: Budget,
    booth: Unit,
    sheet: str,
    choices: dict[str, Any],
    identity_code: str = "",
    voting_code: str = "",
    email: str = "",
    age_band: str = "",
    municipality_code: str = "",
    actor: Any,
) -> PaperBallot:
    """Enter one sheet. With double entry, the first entry waits for a second by someone else;
    the second either confirms it or marks a mismatch for review. Nothing is saved on error."""
    process = budget.process
    sheet = sheet.strip()
    if not sheet:
        raise ValidationError({"sheet": _("Enter the sheet number.")})
    if booth.county_id != process.county_id:
        raise ValidationError({"booth": _("Choose a service point of the county.")})
    cleaned = ballots.check_choices(
        vote_type=budget.vote_type,
        amount=budget.amount,
        max_picks=budget.max_picks,
        points=budget.points,
        costs=ballots.plan_costs(budget),
        choices=choices,
    )
    key = voter_key_for(
        budget=budget, identity_code=identity_code, voting_code=voting_code, email=email
    )
    with transaction.atomic():
        existing = (
            PaperBallot.objects.select_for_update()
            .filter(budget=budget, booth=booth, sheet=sheet)
            .order_by("pk")
            .first()
        )
        if existing is not None:
            if existing.status != PaperBallot.Status.AWAITING_SECOND:
                raise ValidationError(
                    {"sheet": _("This sheet number has already been entered.")}, code="duplicate"
                )
            if existing.entered_by_id == getattr(actor, "pk", None):
                raise ValidationError(
                    {"sheet": _("The second entry must be made by another person.")}
                )
            existing.second_choices = cleaned
            existing.second_voter_key = key
            existing.second_entered_by = actor
            matches = _same(existing.choices, cleaned) and existing.voter_key == key
            existing.status = (
                PaperBallot.Status.ACCEPTED if matches else PaperBallot.Status.MISMATCH
            )
            existing.save()
            record_event(action="update", obj=existing, actor=actor, summary="second entry")
            return existing
        try:
            with transaction.atomic():
                paper = PaperBallot.objects.create(
                    budget=budget,
                    booth=booth,
                    sheet=sheet,
                    voter_key=key,
                    choices=cleaned,
                    status=(
                        PaperBallot.Status.AWAITING_SECOND
                        if process.double_entry
                        else PaperBallot.Status.ACCEPTED
                    ),
                    age_band=age_band,
                    municipality_code=municipality_code,
                    entered_by=actor,
                )
        except IntegrityError:
            raise ValidationError(
                {"sheet": _("This sheet number has already been entered.")}, code="duplicate"
            ) from None
        record_event(action="create", obj=paper, actor=actor, summary="paper ballot entered")
    return paper


@transaction.atomic
def resolve_mismatch(*, paper: PaperBallot, use: str, actor: Any) -> PaperBallot:
    """Settle a mismatch after looking at the sheet: keep the first or the second entry."""
    paper = PaperBallot.objects.select_for_update().get(pk=paper.pk)
    if paper.status != PaperBallot.Status.MISMATCH:
        raise ValidationError(_("This ballot has no difference to review."))
    if use == "second":
        paper.choices = paper.second_choices or {}
        paper.voter_key = paper.second_voter_key or paper.voter_key
    elif use != "first":
        raise ValidationError(_("Choose which entry is right."))
    paper.status = PaperBallot.Status.ACCEPTED
    paper.note = f"reviewed: {use} entry"
    paper.save()
    record_event(action="update", obj=paper, actor=actor, summary="paper mismatch resolved")
    return paper


@dataclass(frozen=True)
class Reconciliation:
    counted_paper: list[PaperBallot]
    excluded_online_keys: frozenset[str]
    duplicates: int
    superseded: int


def reconcile(budget: Budget, *, now: Any = None) -> Reconciliation:
    """Apply the duplicate rule and write the paper ballots' statuses (idempotent); says which
    ballots count."""
    reconciliation, changes = _apply_duplicate_rule(budget)
    PaperBallot.objects.bulk_update(changes, ["status"])
    return reconciliation


def counted_ballots(budget: Budget) -> Reconciliation:
    """Which ballots the duplicate rule counts, as `reconcile` would say, writing nothing (for
    pages that only read, such as turnout)."""
    return _apply_duplicate_rule(budget)[0]


def _apply_duplicate_rule(budget: Budget) -> tuple[Reconciliation, list[PaperBallot]]:
    """Among a person's paper ballots the first entered counts, the others are duplicates;
    against an online ballot, the process's rule decides. The result and the paper ballots
    whose status it changes (set on the instances, not saved)."""
    rule = budget.process.duplicate_rule
    online = dict(
        Ballot.objects.filter(budget=budget, status=Ballot.Status.SUBMITTED).values_list(
            "voter_key", "submitted_at"
        )
    )
    papers = list(
        PaperBallot.objects.filter(
            budget=budget,
            status__in=[
                PaperBallot.Status.ACCEPTED,
                PaperBallot.Status.DUPLICATE,
                PaperBallot.Status.SUPERSEDED,
            ],
        ).order_by("entered_at", "id")
    )
    seen: set[str] = set()
    counted: list[PaperBallot] = []
    excluded: set[str] = set()
    changes: list[PaperBallot] = []
    for paper in papers:
        if paper.voter_key in seen:
            status = PaperBallot.Status.DUPLICATE
        elif paper.voter_key in online and (
            rule == Process.DuplicateRule.ONLINE_OVERRIDES
            or (online[paper.voter_key] or timezone.now()) < paper.entered_at
        ):
            status = PaperBallot.Status.SUPERSEDED
        else:
            status = PaperBallot.Status.ACCEPTED
            if paper.voter_key in online:
                excluded.add(paper.voter_key)  # first vote counts: the paper came first
            counted.append(paper)
        seen.add(paper.voter_key)
        if paper.status != status:
            paper.status = status
            changes.append(paper)
    tally = Counter(p.status for p in papers)
    result = Reconciliation(
        counted_paper=counted,
        excluded_online_keys=frozenset(excluded),
        duplicates=tally[PaperBallot.Status.DUPLICATE],
        superseded=tally[PaperBallot.Status.SUPERSEDED],
    )
    return result, changes


@dataclass(frozen=True)
class BoothTotal:
    booth: Unit
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def booth_subtotals(budget: Budget) -> list[BoothTotal]:
    """Sheets per service point by status: what the booth reports and what was accepted."""
    rows = (
        PaperBallot.objects.filter(budget=budget)
        .values("booth", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    per: dict[int, dict[str, int]] = {}
    for row in rows:
        per.setdefault(row["booth"], {})[row["status"]] = row["n"]
    units = Unit.objects.in_bulk(list(per))
    return sorted(
        (BoothTotal(booth=units[pk], counts=counts) for pk, counts in per.items()),
        key=lambda t: str(t.booth),
    )
