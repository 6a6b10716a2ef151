"""A signed-in person's own data across Kuulu: what they did and what came of it, the
machine-readable download, and erasure that follows each record type's retention rule.

Records are found by the account (user links) and, for records that the registers keep by
address (feedback, formal complaints, initiative signatures), by the account's verified email.
The JSON format is documented in docs/MY_DATA.md. Erasure never removes what the law requires
to be kept (formal complaints, initiatives and the audit log); it says which, why and until when.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

EXPORT_FORMAT = "kuulu.my-data/1"
LIMIT = 500


@dataclass(frozen=True)
class Came:
    """What came of a record: a published outcome on the impact trail."""

    title: str
    path: str


@dataclass(frozen=True)
class Record:
    type: str  # machine key, see docs/MY_DATA.md
    label: str
    title: str
    at: datetime | None
    status: str
    path: str = ""
    outcomes: list[Came] = field(default_factory=list)


def _participants_of(user: Any):  # type: ignore[no-untyped-def]
    """The person's participants in conversations: by the account, and those that lost the link
    when the person erased their data, by the keyed hash each kept (`deliberation.models.
    person_key`). Such a participant is still the person's data: they can take part as it again,
    and the votes they add then are theirs to see and download."""
    from kuulu.deliberation.models import Participant, person_key

    unlinked = (
        Participant.objects.filter(user__isnull=True)
        .exclude(person_key="")
        .values_list("conversation_id", flat=True)
        .distinct()
    )
    keys = [person_key(conversation_id, user.pk) for conversation_id in unlinked]
    return Participant.objects.filter(Q(user=user) | Q(user__isnull=True, person_key__in=keys))


def _outcomes_for(kind: str, ids: list[Any]) -> dict[str, list[Came]]:
    from django.urls import reverse

    from kuulu.outcomes.models import OutcomeInput

    found: dict[str, list[Came]] = {}
    if not ids:
        return found
    for link in OutcomeInput.objects.filter(
        kind=kind, object_id__in=[str(i) for i in ids], outcome__is_published=True
    ).select_related("outcome"):
        found.setdefault(link.object_id, []).append(
            Came(link.outcome.title, reverse("outcomes:detail", args=[link.outcome_id]))
        )
    return found


def _questions_of(user: Any) -> Any:
    """Questions asked signed in, and those asked signed out with the account's address and
    confirmed from the link sent to it (an unconfirmed one may have been typed by anyone)."""
    from kuulu.questions.models import Question

    email = (user.email or "").strip()
    mine = Q(asker=user)
    if email:
        mine |= Q(asker__isnull=True, asker_email__iexact=email) & ~Q(
            status=Question.Status.UNVERIFIED
        )
    return Question.objects.filter(mine)


def records_for(user: Any) -> list[Record]:
    """Everything the person did, newest first, each with what came of it."""
    from django.urls import reverse

    from kuulu.budgeting.models import Ballot
    from kuulu.events.models import Registration
    from kuulu.feedback.models import Complaint, Feedback, InitiativeSigner
    from kuulu.panels.models import Volunteer
    from kuulu.questions.models import Answer
    from kuulu.surveys.models import Participation

    email = (user.email or "").strip()
    rows: list[Record] = []

    feedback = list(
        Feedback.objects.filter(contact_email__iexact=email).order_by("-received_at")[:LIMIT]
        if email
        else []
    )
    came = _outcomes_for("feedback", [f.pk for f in feedback])
    for item in feedback:
        rows.append(
            Record(
                "feedback",
                _("Feedback"),
                f"{item.get_kind_display()} {item.reference}",
                item.received_at,
                item.get_status_display(),
                outcomes=came.get(str(item.pk), []),
            )
        )
    if email:
        for item in Complaint.objects.filter(complainant_email__iexact=email).order_by(
            "-received_at"
        )[:LIMIT]:
            rows.append(
                Record(
                    "complaint",
                    _("Formal complaint"),
                    str(getattr(item, "reference", "") or _("Formal complaint")),
                    item.received_at,
                    item.get_status_display(),
                )
            )
        signed = list(
            InitiativeSigner.objects.filter(email__iexact=email).select_related("initiative")[
                :LIMIT
            ]
        )
        came = _outcomes_for("initiative", [s.initiative_id for s in signed])
        for signer in signed:
            initiative = signer.initiative
            rows.append(
                Record(
                    "initiative_signature",
                    _("Initiative signed"),
                    str(getattr(initiative, "title", "") or initiative),
                    getattr(signer, "created_at", None) or initiative.received_at,
                    initiative.get_status_display(),
                    outcomes=came.get(str(initiative.pk), []),
                )
            )
    for registration in (
        Registration.objects.filter(user=user, anonymised_at__isnull=True)
        .select_related("session__event")
        .order_by("-created_at")[:LIMIT]
    ):
        rows.append(
            Record(
                "registration",
                _("Registration"),
                f"{registration.session.event.title} "
                f"{timezone.localtime(registration.session.starts_at):%d.%m.%Y}",
                registration.created_at,
                registration.get_status_display(),
                reverse("events:detail", args=[registration.session.event_id]),
            )
        )
    participations = list(Participation.objects.filter(user=user).select_related("survey")[:LIMIT])
    came = _outcomes_for("survey", [p.survey_id for p in participations])
    for participation in participations:
        rows.append(
            Record(
                "survey",
                _("Survey answered"),
                participation.survey.title,
                participation.submitted_at,
                _("answered"),
                outcomes=came.get(str(participation.survey_id), []),
            )
        )
    volunteers = list(Volunteer.objects.filter(user=user).select_related("panel")[:LIMIT])
    came = _outcomes_for("panel_statement", [v.panel_id for v in volunteers])
    for volunteer in volunteers:
        rows.append(
            Record(
                "panel",
                _("Panel"),
                volunteer.panel.title,
                volunteer.created_at,
                _("member") if volunteer.selected else _("volunteered"),
                reverse("panels:detail", args=[volunteer.panel_id]),
                came.get(str(volunteer.panel_id), []),
            )
        )
    for ballot in Ballot.objects.filter(user=user).select_related("budget__process")[:LIMIT]:
        rows.append(
            Record(
                "ballot",
                _("Vote cast"),
                f"{ballot.budget.process.title}: {ballot.budget.name}",
                ballot.submitted_at or ballot.created_at,
                ballot.get_status_display(),
                reverse("budgeting:process", args=[ballot.budget.process_id]),
            )
        )
    participants = list(_participants_of(user).select_related("conversation")[:LIMIT])
    came = _outcomes_for("polis_report", [p.conversation_id for p in participants])
    for participant in participants:
        rows.append(
            Record(
                "conversation",
                _("Conversation"),
                participant.conversation.topic,
                participant.created_at,
                _("took part")
                if participant.user_id is not None
                else _("took part; kept without a link to your account since you erased your data"),
                reverse("deliberation:detail", args=[participant.conversation_id]),
                came.get(str(participant.conversation_id), []),
            )
        )
    asked = list(_questions_of(user).order_by("-created_at")[:LIMIT])
    answered: dict[int, list[Came]] = {}
    links = Answer.outcomes.through.objects.filter(
        answer__question__in=[q.pk for q in asked], outcome__is_published=True
    ).select_related("outcome", "answer")
    for link in links.order_by("outcome_id"):
        answered.setdefault(link.answer.question_id, []).append(
            Came(link.outcome.title, reverse("outcomes:detail", args=[link.outcome_id]))
        )
    for question in asked:
        rows.append(
            Record(
                "question",
                _("Question to the leadership"),
                (question.public_text or question.text)[:120],
                question.created_at,
                question.get_status_display(),
                reverse("questions:detail", args=[question.pk]) if question.public_text else "",
                answered.get(question.pk, []),
            )
        )
    rows.sort(key=lambda r: r.at or timezone.now(), reverse=True)
    return rows


def export_data(user: Any, *, now: datetime | None = None) -> dict[str, Any]:
    """The person's data as one JSON-ready object (format in docs/MY_DATA.md)."""
    from kuulu.follows.models import Follow

    now = now or timezone.now()
    records = []
    for record in records_for(user):
        row = asdict(record)
        row.pop("label")
        row["at"] = record.at.isoformat() if record.at else None
        records.append(row)
    follows = [
        {
            "target": f.target_key,
            "name": f.target_label,
            "delivery": f.delivery,
            "phone": f.phone,
            "since": f.created_at.isoformat(),
        }
        for f in Follow.objects.filter(user=user).order_by("id")
    ]
    from kuulu.assisted.selectors import assisted_actions_of, participation_history

    titles = {row.assisted.pk: row.title for row in participation_history(user) if row.assisted}
    assisted = [
        {
            "kind": action.kind,
            "title": titles.get(action.pk, ""),
            "at": action.created_at.isoformat(),
            "service_point": action.unit.name,
            "helped_by": action.staff_person.full_name,
            "consent": action.consent_method,
            "consented_at": action.consented_at.isoformat(),
            "representative": action.representative_name,
            "note": action.consent_note,
        }
        for action in assisted_actions_of(user)
    ]
    from kuulu.identity.models import StrongIdentity
    from kuulu.organisation.models import Person

    person = Person.objects.filter(user=user).select_related("municipality").first()
    identity = StrongIdentity.objects.filter(user=user).first()
    return {
        "format": EXPORT_FORMAT,
        "generated_at": now.isoformat(),
        "account": {
            "email": user.email,
            "language": getattr(user, "language", ""),
            "joined": user.date_joined.isoformat() if getattr(user, "date_joined", None) else None,
        },
        # What the county's register holds on the person (resident, staff or elected official)
        # and the strong identification (never the identity code: only its keyed hash is kept).
        "person": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
            "home_municipality": person.municipality.name if person.municipality_id else "",
            "job_title": person.job_title,
        }
        if person is not None
        else None,
        "identification": {
            "level": identity.level,
            "birth_date": identity.birth_date.isoformat() if identity.birth_date else None,
            "home_municipality_code": identity.home_municipality_code,
            "identified_at": identity.identified_at.isoformat(),
        }
        if identity is not None
        else None,
        "records": records,
        "follows": follows,
        "assisted": assisted,
    }


# --- erasure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """What erasure does to one record type, and why."""

    type: str
    label: str
    count: int
    action: str  # "erase", "anonymise", "keep"
    reason: str
    keep_until: datetime | None = None


def _years(days: int) -> int:
    return max(1, round(days / 365))


def erasure_plan(user: Any, *, now: datetime | None = None) -> list[Rule]:
    """What a request would do now, per record type; nothing is changed."""
    from kuulu.budgeting.models import Ballot
    from kuulu.deliberation.models import Participant
    from kuulu.events.models import Registration
    from kuulu.feedback.models import Complaint, Feedback, InitiativeSigner
    from kuulu.follows.models import Follow
    from kuulu.panels.models import Volunteer
    from kuulu.surveys.models import Participation

    now = now or timezone.now()
    email = (user.email or "").strip()
    rules: list[Rule] = []
    by_email = bool(email)
    complaints = (
        Complaint.objects.filter(complainant_email__iexact=email)
        if by_email
        else Complaint.objects.none()
    )
    if complaints.exists():
        latest = complaints.order_by("-received_at").first()
        rules.append(
            Rule(
                "complaint",
                _("Formal complaints"),
                complaints.count(),
                "keep",
                _(
                    "A formal complaint and its answer are administrative records that the "
                    "county must keep (patient act 10 §, social welfare client act 23 §). They "
                    "are deleted %(years)d years after they were received."
                )
                % {"years": _years(settings.COMPLAINT_RETENTION_DAYS)},
                latest.received_at + timedelta(days=settings.COMPLAINT_RETENTION_DAYS),
            )
        )
    signatures = (
        InitiativeSigner.objects.filter(email__iexact=email)
        if by_email
        else InitiativeSigner.objects.none()
    )
    if signatures.exists():
        rules.append(
            Rule(
                "initiative_signature",
                _("Initiatives signed"),
                signatures.count(),
                "keep",
                _(
                    "An initiative and its signers are kept so that the county can show who "
                    "made it and what was done (county act 30 §). They are deleted %(years)d "
                    "years after the initiative was received."
                )
                % {"years": _years(settings.INITIATIVE_RETENTION_DAYS)},
            )
        )
    feedback = (
        Feedback.objects.filter(contact_email__iexact=email, anonymised_at__isnull=True)
        if by_email
        else Feedback.objects.none()
    )
    open_feedback = feedback.exclude(status__in=[Feedback.Status.CLOSED, Feedback.Status.ANSWERED])
    if open_feedback.exists():
        rules.append(
            Rule(
                "feedback_open",
                _("Feedback being handled"),
                open_feedback.count(),
                "keep",
                _(
                    "Your contact details stay until the feedback has been answered, so that "
                    "the answer can reach you. Ask again after that."
                ),
            )
        )
    done = feedback.count() - open_feedback.count()
    if done:
        rules.append(
            Rule(
                "feedback",
                _("Feedback that has been answered"),
                done,
                "anonymise",
                _(
                    "Your name and contact details are removed and personal details in the "
                    "text are masked; the feedback stays in the statistics without them."
                ),
            )
        )
    simple = [
        (
            "follow",
            _("Follows and messages"),
            Follow.objects.filter(user=user).count(),
            "erase",
            _("Deleted: you get no more messages."),
        ),
        (
            "survey",
            _("Survey answers kept linked to you"),
            Participation.objects.filter(user=user).count(),
            "anonymise",
            _("The link to you is removed; the answers stay in the results without your name."),
        ),
        (
            "registration",
            _("Event registrations"),
            Registration.objects.filter(user=user, anonymised_at__isnull=True).count(),
            "anonymise",
            _("Your name and contact details are removed from the registrations."),
        ),
        (
            "panel",
            _("Panels"),
            Volunteer.objects.filter(user=user).count(),
            "anonymise",
            _("Your contact details are removed; the panel keeps only its count of members."),
        ),
        (
            "ballot",
            _("Votes cast"),
            Ballot.objects.filter(user=user).count(),
            "anonymise",
            _("The link to you is removed; your vote stays counted."),
        ),
        (
            "conversation",
            _("Conversations"),
            Participant.objects.filter(user=user).count(),
            "anonymise",
            _("The link to you is removed; your votes on statements stay in the results."),
        ),
        (
            "question",
            _("Questions to the leadership"),
            _questions_of(user).count(),
            "anonymise",
            _(
                "Your name and address are removed; a published question and its answer stay "
                "public without them."
            ),
        ),
    ]
    rules.extend(Rule(t, label, n, action, reason) for t, label, n, action, reason in simple if n)
    rules.append(
        Rule(
            "audit",
            _("Log of who handled your data"),
            0,
            "keep",
            _(
                "The log of who read or changed personal data is kept for %(years)d years to "
                "protect you and to show lawful handling."
            )
            % {"years": _years(int(settings.AUDIT_RETENTION.days))},
        )
    )
    return rules


@transaction.atomic
def erase_my_data(*, user: Any, now: datetime | None = None) -> dict[str, int]:
    """Carry out the plan: erase or anonymise what may go; keep what must stay."""
    from kuulu.budgeting.models import Ballot
    from kuulu.core.audit import record_event
    from kuulu.core.masking import mask_text
    from kuulu.deliberation.models import Participant
    from kuulu.events.models import Registration
    from kuulu.feedback.models import Feedback
    from kuulu.feedback.services import anonymise_feedback
    from kuulu.follows.models import Delivery, Digest, Follow
    from kuulu.panels.models import Volunteer
    from kuulu.surveys.models import Participation, Response

    now = now or timezone.now()
    email = (user.email or "").strip()
    done: dict[str, int] = {}
    done["follow"] = Follow.objects.filter(user=user).delete()[0]
    Delivery.objects.filter(user=user).delete()
    Digest.objects.filter(user=user).delete()
    # The participation's keyed hash stays, so an open survey is still answered once per person.
    done["survey"] = Participation.objects.filter(user=user).update(user=None)
    # A non-anonymous survey's response keeps its user link: drop the link from submitted
    # answers (they stay in the results) and delete unfinished ones.
    Response.objects.filter(user=user, status=Response.Status.IN_PROGRESS).delete()
    Response.objects.filter(user=user).update(user=None)
    registrations = Registration.objects.filter(user=user, anonymised_at__isnull=True)
    done["registration"] = registrations.count()
    for registration in registrations:
        _blank(registration, ["name", "email", "phone", "dietary", "accessibility", "notes"])
        registration.user = None
        registration.anonymised_at = now
        registration.save()
    volunteers = Volunteer.objects.filter(user=user)
    done["panel"] = volunteers.update(email="", phone="", user=None, contact_deleted_at=now)
    done["ballot"] = Ballot.objects.filter(user=user).update(user=None)
    done["conversation"] = Participant.objects.filter(user=user).update(user=None)
    # The asker's own words go too: what stays is the masked text (the published one, if any).
    done["question"] = 0
    for question in _questions_of(user).select_for_update():
        names = [question.display_name] if question.display_name else []
        question.text = question.public_text or mask_text(question.text, names=names).text
        question.asker = None
        question.asker_email = question.display_name = ""
        question.save(update_fields=["text", "asker", "asker_email", "display_name"])
        done["question"] += 1
    if email:
        closed = Feedback.objects.filter(
            Q(status=Feedback.Status.CLOSED) | Q(status=Feedback.Status.ANSWERED),
            contact_email__iexact=email,
            anonymised_at__isnull=True,
        )
        done["feedback"] = 0
        # As the retention run does (attachments, place, history, public entry, identity link).
        for feedback_id in list(closed.values_list("pk", flat=True)):
            anonymise_feedback(feedback_id=feedback_id, now=now)
            done["feedback"] += 1
    from kuulu.assisted.services import anonymise_assisted_actions_of

    # Last: the records of assistance follow what was just unlinked or anonymised.
    done["assisted"] = anonymise_assisted_actions_of(user=user, now=now)
    record_event(
        action="delete",
        object_type="accounts.user",
        object_id=user.pk,
        actor=user,
        summary="erasure request: " + ", ".join(f"{k} {v}" for k, v in sorted(done.items())),
    )
    return done


def _blank(obj: Any, names: list[str]) -> None:
    for name in names:
        if hasattr(obj, name) and isinstance(getattr(obj, name), str):
            setattr(obj, name, "")
