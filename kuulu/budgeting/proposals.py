"""Proposals: residents' ideas, email confirmation, staff review, merging duplicates, public
reasons, comments and support with moderation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.budgeting import processes
from kuulu.budgeting.models import (
    Process,
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalSupport,
)
from kuulu.core import signed_links
from kuulu.core.audit import record_event

CONFIRM_SALT = "kuulu.budgeting.proposal-confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


@transaction.atomic
def submit_proposal(
    *,
    process: Process,
    title: str,
    description: str,
    municipality: Any = None,
    target_group: str = Proposal.TargetGroup.EVERYONE,
    rough_cost: int | None = None,
    image: Any = None,
    image_alt: str = "",
    user: Any = None,
    email: str = "",
    language: str = "fi",
) -> Proposal:
    """Signed-in residents' proposals are public at once; others confirm their email first."""
    if not processes.proposals_open(process):
        raise ValidationError(_("Proposals are not being taken in this process now."))
    signed_in = user is not None and user.is_authenticated
    if not signed_in and not email:
        raise ValidationError({"email": _("Give your email address to confirm the proposal.")})
    if image and not image_alt.strip():
        raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})
    if municipality is not None and municipality.county_id != process.county_id:
        raise ValidationError({"municipality": _("Choose a municipality of the county.")})
    proposal = Proposal.objects.create(
        process=process,
        title=title.strip(),
        description=description.strip(),
        municipality=municipality,
        target_group=target_group,
        rough_cost=rough_cost,
        image=image or "",
        image_alt=image_alt.strip(),
        author=user if signed_in else None,
        contact_email=(email or (user.email if signed_in else "")).strip(),
        email_verified_at=timezone.now() if signed_in else None,
        language=language,
        status=Proposal.Status.SUBMITTED if signed_in else Proposal.Status.UNVERIFIED,
    )
    ProposalEvent.objects.create(proposal=proposal, kind="submitted")
    record_event(action="create", obj=proposal, actor=user if signed_in else None)
    if not signed_in:
        from kuulu.budgeting.tasks import send_proposal_confirmation

        transaction.on_commit(lambda: send_proposal_confirmation.enqueue(proposal.pk))
    return proposal


def confirmation_token(proposal: Proposal) -> str:
    return signed_links.make_token({"p": proposal.pk}, salt=CONFIRM_SALT, compress=True)


def check_confirm_link(*, token: str) -> Proposal:
    """The proposal behind a confirmation link, without confirming it: the link's page asks
    for a button press, so that a mail scanner that opens links confirms nothing."""
    data = signed_links.read_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    proposal = Proposal.objects.filter(pk=data.get("p")).first()
    if proposal is None:
        raise signed_links.invalid_link()
    return proposal


@transaction.atomic
def confirm_email(*, token: str) -> Proposal:
    """Confirm from the link in the confirmation email: the proposal is published. Pressing
    the button again changes nothing."""
    data = signed_links.read_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    proposal = Proposal.objects.select_for_update().filter(pk=data.get("p")).first()
    if proposal is None:
        raise signed_links.invalid_link()
    if proposal.status == Proposal.Status.UNVERIFIED:
        proposal.status = Proposal.Status.SUBMITTED
        proposal.email_verified_at = timezone.now()
        proposal.save(update_fields=["status", "email_verified_at", "updated_at"])
        ProposalEvent.objects.create(proposal=proposal, kind="confirmed")
    return proposal


REVIEW_FIELDS = ("feasibility", "legality", "cost_estimate", "responsible_unit")


@transaction.atomic
def review_proposal(*, proposal: Proposal, actor: Any, **fields: Any) -> Proposal:
    """Record staff's assessment (feasibility, legality, cost estimate, responsible unit)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status in (Proposal.Status.MERGED, Proposal.Status.UNVERIFIED):
        raise ValidationError(_("This proposal cannot be reviewed."))
    unit = fields.get("responsible_unit")
    if unit is not None and unit.county_id != proposal.process.county_id:
        raise ValidationError({"responsible_unit": _("Choose a unit of the county.")})
    changed = []
    for name in REVIEW_FIELDS:
        if name in fields and getattr(proposal, name) != fields[name]:
            setattr(proposal, name, fields[name])
            changed.append(name)
    if proposal.status == Proposal.Status.SUBMITTED:
        proposal.status = Proposal.Status.IN_REVIEW
        changed.append("status")
    proposal.save(update_fields=[*changed, "updated_at"])
    ProposalEvent.objects.create(proposal=proposal, kind="reviewed")
    record_event(action="update", obj=proposal, actor=actor, changed_fields=changed)
    return proposal


@transaction.atomic
def decide_proposal(*, proposal: Proposal, accept: bool, reason: str, actor: Any) -> Proposal:
    """Take a proposal forward to co-development, or not, with a public reason."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status in (Proposal.Status.MERGED, Proposal.Status.UNVERIFIED):
        raise ValidationError(_("This proposal cannot be decided on."))
    if not accept and not reason.strip():
        raise ValidationError(
            {"reason": _("Give the public reason why the proposal is not taken forward.")}
        )
    proposal.status = Proposal.Status.ACCEPTED if accept else Proposal.Status.REJECTED
    proposal.public_reason = reason.strip()
    proposal.save(update_fields=["status", "public_reason", "updated_at"])
    ProposalEvent.objects.create(
        proposal=proposal, kind="accepted" if accept else "rejected", note=reason.strip()
    )
    record_event(action="update", obj=proposal, actor=actor, changed_fields=["status"])
    return proposal


@transaction.atomic
def merge_proposals(*, duplicate: Proposal, into: Proposal, actor: Any, note: str = "") -> Proposal:
    """Merge a duplicate into another proposal. Nothing is deleted: the duplicate keeps its
    text and history and points to the proposal it joined, whose page credits its proposers;
    supports move over (once per person)."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("A proposal cannot be merged with itself."))
    locked = {
        p.pk: p
        for p in Proposal.objects.select_for_update()
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if duplicate.process_id != into.process_id:
        raise ValidationError(_("Only proposals of the same process can be merged."))
    if into.status == Proposal.Status.MERGED or duplicate.status == Proposal.Status.MERGED:
        raise ValidationError(_("A merged proposal cannot be merged again."))
    if Proposal.Status.UNVERIFIED in (duplicate.status, into.status):
        # Merged, a proposal counts as public: its unconfirmed text would be published.
        raise ValidationError(
            _("A proposal whose email address is not confirmed yet cannot be merged.")
        )
    # Everything merged into the duplicate earlier now belongs to the target too.
    Proposal.objects.filter(merged_into=duplicate).update(merged_into=into)
    duplicate.status = Proposal.Status.MERGED
    duplicate.merged_into = into
    duplicate.save(update_fields=["status", "merged_into", "updated_at"])
    existing = set(into.supports.values_list("user_id", flat=True))
    moved = duplicate.supports.exclude(user_id__in=existing)
    moved.update(proposal=into)
    duplicate.supports.all().delete()
    for proposal in (duplicate, into):
        proposal.support_count = proposal.supports.count()
        proposal.save(update_fields=["support_count"])
    ProposalEvent.objects.create(proposal=duplicate, kind="merged_into", other=into, note=note)
    ProposalEvent.objects.create(proposal=into, kind="merged_from", other=duplicate, note=note)
    record_event(action="update", obj=duplicate, actor=actor, summary="proposal merged")
    return into


def credited(proposal: Proposal, *, public: bool = False) -> list[Proposal]:
    """The proposal and every proposal merged into it: whose ideas it carries. With `public`,
    the merged ones hidden by moderation are left out (their titles are not public)."""
    merged = proposal.merged_from.order_by("created_at", "id")
    if public:
        merged = merged.filter(is_hidden=False)
    return [proposal, *merged]


@transaction.atomic
def set_hidden(*, proposal: Proposal, hidden: bool, actor: Any) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(is_hidden=hidden)
    record_event(action="update", obj=proposal, actor=actor, changed_fields=["is_hidden"])


def add_comment(*, proposal: Proposal, user: Any, text: str) -> ProposalComment:
    if not processes.discussion_open(proposal.process):
        raise ValidationError(_("Comments are closed: voting has started."))
    if not proposal.is_public or proposal.status == Proposal.Status.MERGED:
        raise ValidationError(_("This proposal cannot be commented on."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    return ProposalComment.objects.create(proposal=proposal, author=user, text=text)


@transaction.atomic
def moderate_comment(*, comment: ProposalComment, hidden: bool, actor: Any) -> None:
    ProposalComment.objects.filter(pk=comment.pk).update(is_hidden=hidden)
    record_event(action="update", obj=comment, actor=actor, changed_fields=["is_hidden"])


def support(*, proposal: Proposal, user: Any) -> bool:
    """Support once; False when the person already supports it. The count moves by F()."""
    if not processes.discussion_open(proposal.process):
        raise ValidationError(_("Support is closed: voting has started."))
    if not proposal.is_public or proposal.status == Proposal.Status.MERGED:
        raise ValidationError(_("This proposal cannot be supported."))
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, user=user)
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True
