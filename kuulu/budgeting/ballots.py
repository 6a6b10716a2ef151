"""Online ballots: checking a ballot against its budget's rules and casting it, one per person
per budget, changeable until voting closes.

The one-ballot rule is the database's: `Ballot` has a unique constraint on (budget, voter_key).
Casting updates the person's row if there is one and inserts otherwise; an insert that loses a
race to a concurrent one becomes an update of the winner's row, so two requests of one person
leave one ballot holding the last choices, never two.

A ballot is a draft (saved, not counted) until it is submitted; once submitted it stays
submitted. A later save without submitting is refused rather than withdrawing the counted vote.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kuulu.budgeting import processes, voters
from kuulu.budgeting.models import Ballot, Budget, Process
from kuulu.budgeting.voters import Voter
from kuulu.core.audit import record_event


def check_choices(
    *,
    vote_type: str,
    amount: int,
    max_picks: int | None,
    points: int | None,
    costs: Mapping[str, int],
    choices: Mapping[str, Any],
) -> dict[str, int]:
    """The ballot's choices as {plan id: points}, or ValidationError with a clear message.
    Pure: `costs` holds the budget's plans."""
    cleaned: dict[str, int] = {}
    for key, value in choices.items():
        key = str(key)
        if key not in costs:
            raise ValidationError(_("The ballot names a plan that is not on this ballot."))
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(_("Give points as whole numbers.")) from None
        if number < 0:
            raise ValidationError(_("Points cannot be negative."))
        if number:
            cleaned[key] = number if vote_type == Budget.VoteType.CUMULATIVE else 1
    if not cleaned:
        raise ValidationError(_("Choose at least one plan."))
    if vote_type == Budget.VoteType.APPROVAL:
        total = sum(costs[k] for k in cleaned)
        if total > amount:
            raise ValidationError(
                _(
                    "The plans you chose cost %(total)s euros, more than the budget of "
                    "%(amount)s euros. Remove a plan and try again."
                )
                % {"total": total, "amount": amount}
            )
    elif vote_type == Budget.VoteType.CHOOSE:
        if max_picks is not None and len(cleaned) > max_picks:
            raise ValidationError(
                ngettext(
                    "You can choose at most %(n)s plan. You chose %(chosen)s.",
                    "You can choose at most %(n)s plans. You chose %(chosen)s.",
                    max_picks,
                )
                % {"n": max_picks, "chosen": len(cleaned)}
            )
    elif vote_type == Budget.VoteType.CUMULATIVE:
        total = sum(cleaned.values())
        if points is not None and total > points:
            raise ValidationError(
                _("You gave %(total)s points; you have %(points)s to share.")
                % {"total": total, "points": points}
            )
    return cleaned


def plan_costs(budget: Budget) -> dict[str, int]:
    return {str(pk): cost for pk, cost in budget.plans.values_list("pk", "cost")}


ALREADY_SUBMITTED = gettext_lazy(
    "Your vote has already been submitted and it counts. To change it, make your choices and "
    "submit your changes."
)


def cast_ballot(
    *,
    budget: Budget,
    voter: Voter,
    choices: Mapping[str, Any],
    submit: bool = True,
    language: str = "",
    user: Any = None,
    costs: Mapping[str, int] | None = None,
) -> Ballot:
    """Save the voter's ballot on the budget: the only one of this person, replacing earlier
    choices. `submit=False` saves a draft, which is not counted; it is refused once the ballot has
    been submitted, so a counted vote is never withdrawn by a save (the voter submits changes
    instead). Refused outside the voting dates, for ineligible voters, over the limits, and for
    a voting code someone has used."""
    process: Process = budget.process
    if not processes.voting_open(process):
        raise ValidationError(_("Voting is not open."), code="closed")
    error = voters.eligibility_error(budget, voter)
    if error:
        raise ValidationError(error, code="not_eligible")
    cleaned = check_choices(
        vote_type=budget.vote_type,
        amount=budget.amount,
        max_picks=budget.max_picks,
        points=budget.points,
        costs=costs if costs is not None else plan_costs(budget),
        choices=choices,
    )
    now = timezone.now()
    status = Ballot.Status.SUBMITTED if submit else Ballot.Status.DRAFT
    changes: dict[str, Any] = {"choices": cleaned, "changed_at": now, "status": status}
    if language:
        # The language of the latest save: the receipt and the reminder are mailed in it.
        changes["language"] = language[:5]
    if submit:
        # The time of the first submission: "the first vote counts" compares it with a paper
        # ballot's, and changing one's vote later does not make it a later vote.
        changes["submitted_at"] = Coalesce(
            F("submitted_at"), Value(now, output_field=DateTimeField())
        )
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    mine = Ballot.objects.filter(budget=budget, voter_key=voter.key)
    # A draft never replaces a submitted ballot: the conditional UPDATE leaves a counted vote
    # alone even when a submission of the same person commits first.
    changeable = mine if submit else mine.filter(status=Ballot.Status.DRAFT)
    with transaction.atomic():
        if changeable.update(**changes):
            ballot = mine.get()
            created = False
        elif not submit and mine.exists():
            raise ValidationError(ALREADY_SUBMITTED, code="submitted")
        else:
            # A code is used up by its first ballot; its holder (the session remembers the code
            # for the whole process) still votes once on each of the process's other budgets.
            if (
                voter.kind == Process.VoterCheck.CODE
                and not voters.use_code(process=process, voter_key=voter.key)
                and not Ballot.objects.filter(budget__process=process, voter_key=voter.key).exists()
            ):
                raise ValidationError({"code": _(voters.UNKNOWN_CODE)}, code="unusable")
            try:
                with transaction.atomic():
                    ballot = Ballot.objects.create(
                        budget=budget,
                        voter_key=voter.key,
                        voter_check=voter.kind,
                        user_id=user_id,
                        age_band=voters.age_band(voter.age),
                        municipality_code=voter.municipality_code,
                        receipt=secrets.token_hex(5).upper(),
                        created_at=now,
                        **{**changes, "submitted_at": now if submit else None},
                    )
                created = True
            except IntegrityError:
                # A concurrent request of the same person inserted first: replace its choices
                # (a draft only the other's draft).
                if not changeable.update(**changes):
                    raise ValidationError(ALREADY_SUBMITTED, code="submitted") from None
                ballot = mine.get()
                created = False
        record_event(
            action="create" if created else "update",
            obj=ballot,
            summary="ballot submitted" if submit else "ballot saved",
        )
        if submit and ballot.user_id:
            from kuulu.budgeting.tasks import send_ballot_receipt

            transaction.on_commit(lambda: send_ballot_receipt.enqueue(ballot.pk))
    return ballot


def ballot_of(budget: Budget, voter: Voter | None) -> Ballot | None:
    if voter is None:
        return None
    return Ballot.objects.filter(budget=budget, voter_key=voter.key).first()


def reminders_due(now: Any = None) -> list[int]:
    """Draft ballots of signed-in voters whose process is still open and who were not reminded."""
    now = now or timezone.now()
    return list(
        Ballot.objects.filter(
            status=Ballot.Status.DRAFT,
            reminder_sent_at__isnull=True,
            user__isnull=False,
            budget__process__phases__kind="voting",
            budget__process__phases__starts_at__lte=now,
            budget__process__phases__ends_at__gt=now,
        ).values_list("pk", flat=True)
    )


def claim_reminder(ballot_id: int) -> bool:
    """True once per ballot: a conditional UPDATE, so parallel runs never remind twice."""
    return bool(
        Ballot.objects.filter(
            pk=ballot_id, status=Ballot.Status.DRAFT, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=timezone.now())
    )
