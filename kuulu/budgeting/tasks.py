"""Background work for participatory budgeting. Tasks take ids only (the email-code task also
takes the address it mails to, which is stored nowhere else)."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    return settings.KUULU_BASE_URL.rstrip("/") + path


@task()
def count_budget(budget_id: int) -> None:
    """Count a budget and publish the result; a failure leaves the published result intact."""
    from kuulu.budgeting.results import run_count

    run_count(budget_id=budget_id)


@task()
def send_email_code(email_code_id: int, email: str, language: str = "") -> None:
    """Mail the code in the language of the page where it was asked for (the county's default
    language for a task queued before the language was passed)."""
    from kuulu.budgeting.models import EmailCode
    from kuulu.budgeting.voters import email_code_hash

    code = f"{secrets.randbelow(1_000_000):06d}"
    if not EmailCode.objects.filter(pk=email_code_id, used_at__isnull=True).update(
        code_hash=email_code_hash(code)
    ):
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        send_mail(
            _("Your voting code"),
            _("Your code for voting is %(code)s. It is valid for 15 minutes.") % {"code": code},
            None,
            [email],
        )


@task()
def send_proposal_confirmation(proposal_id: int) -> None:
    from kuulu.budgeting.models import Proposal
    from kuulu.budgeting.proposals import confirmation_token

    proposal = Proposal.objects.filter(pk=proposal_id, status="unverified").first()
    if proposal is None or not proposal.contact_email:
        return
    with translation.override(proposal.language):
        link = _absolute(reverse("budgeting:confirm", args=[confirmation_token(proposal)]))
        send_mail(
            _("Confirm your proposal"),
            _(
                "Thank you for your proposal “%(title)s”. Open this link to confirm your email "
                "address; the proposal is published after that.\n\n%(link)s"
            )
            % {"title": proposal.title, "link": link},
            None,
            [proposal.contact_email],
        )


@task()
def send_ballot_receipt(ballot_id: int) -> None:
    from kuulu.budgeting.models import Ballot

    ballot = Ballot.objects.select_related("user", "budget").filter(pk=ballot_id).first()
    if ballot is None or ballot.user is None or not ballot.user.email:
        return
    with translation.override(ballot.language or "fi"):
        send_mail(
            _("Your vote has been recorded"),
            _(
                "Your ballot on “%(budget)s” has been recorded. Receipt: %(receipt)s. You can "
                "change your vote until voting closes."
            )
            % {"budget": ballot.budget.name, "receipt": ballot.receipt},
            None,
            [ballot.user.email],
        )


@task()
def send_ballot_reminders() -> int:
    """One reminder to each signed-in voter who saved a ballot but did not submit it."""
    from kuulu.budgeting.ballots import claim_reminder, reminders_due
    from kuulu.budgeting.models import Ballot

    sent = 0
    for ballot_id in reminders_due():
        if not claim_reminder(ballot_id):
            continue
        ballot = Ballot.objects.select_related("user", "budget__process").get(pk=ballot_id)
        if not ballot.user or not ballot.user.email:
            continue
        with translation.override(ballot.language or "fi"):
            link = _absolute(reverse("budgeting:vote", args=[ballot.budget_id]))
            send_mail(
                _("You have not submitted your vote yet"),
                _(
                    "You saved a ballot on “%(budget)s” but did not submit it. Submit it before "
                    "voting closes: %(link)s"
                )
                % {"budget": ballot.budget.name, "link": link},
                None,
                [ballot.user.email],
            )
        sent += 1
    logger.info("budgeting reminders sent: %s", sent)
    return sent
