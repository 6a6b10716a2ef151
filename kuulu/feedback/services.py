"""Writes for feedback, formal complaints and initiatives.

Every change of a case locks its row first (`select_for_update`), so two handlers working on the
same item take turns and the second sees the first one's result. Emails and triage run after
commit as tasks. Audit summaries name the kind of change, never personal data.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.working_days import deadline
from kuulu.feedback.models import (
    TEXT_MAX_LENGTH,
    Complaint,
    ComplaintAnswer,
    ComplaintEvent,
    ComplaintRouting,
    Feedback,
    FeedbackAttachment,
    FeedbackEvent,
    FeedbackHandler,
    Initiative,
    InitiativeSigner,
    PublishedFeedback,
    ReplyTemplate,
    Theme,
    new_reference,
)
from kuulu.feedback.rollup import schedule_rollup
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import County, Person, Unit

DUPLICATE_WINDOW = timedelta(minutes=10)
LANGUAGES = {"fi", "sv", "en"}

# --- Attachments ------------------------------------------------------------------------------

MAX_ATTACHMENTS = 5


def sniff_content_type(head: bytes) -> str | None:
    """The content type from the file's first bytes; None for anything but JPEG, PNG, WebP
    and PDF. The name and the browser's claim are not trusted."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check_attachment(upload: UploadedFile) -> str:
    """Raise a field error unless the file is an allowed type within the size limit."""
    if upload.size is None or upload.size > settings.FEEDBACK_ATTACHMENT_MAX_BYTES:
        limit = settings.FEEDBACK_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(
            {
                "attachments": _("%(name)s is larger than %(limit)s MB.")
                % {"name": upload.name, "limit": limit}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            {
                "attachments": _("%(name)s is not an image (JPEG, PNG, WebP) or a PDF document.")
                % {"name": upload.name}
            }
        )
    return content_type


def _save_attachments(feedback: Feedback, uploads: Sequence[UploadedFile]) -> None:
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}}
        )
    checked = [(upload, check_attachment(upload)) for upload in uploads]
    for upload, content_type in checked:
        extension = {
            "image/jpeg": "jpg",
            "image/png": "png",
            "image/webp": "webp",
            "application/pdf": "pdf",
        }[content_type]
        attachment = FeedbackAttachment(
            feedback=feedback,
            original_name=(upload.name or "file")[-200:],
            content_type=content_type,
            size=upload.size or 0,
        )
        # The stored name is ours, not the customer's: no path tricks, no personal data.
        attachment.file.save(f"{new_reference('F', 12)}.{extension}", upload, save=False)
        attachment.save()


# --- Feedback intake --------------------------------------------------------------------------


def due_date_for(kind: str, *, wants_reply: bool, received: date) -> date:
    """The handling target of feedback received on ``received``: its type's number of days
    (at most the reply days when a reply is wanted), moved to the next working day when it
    ends on a weekend or holiday, as a statutory time limit would."""
    days = settings.FEEDBACK_DUE_DAYS.get(kind, settings.FEEDBACK_REPLY_DUE_DAYS)
    if wants_reply:
        days = min(days, settings.FEEDBACK_REPLY_DUE_DAYS)
    return deadline(received + timedelta(days=days))


def complaint_due_date(received: date) -> date:
    """The county's target for answering a formal complaint received on ``received``."""
    return deadline(received + timedelta(days=settings.FEEDBACK_COMPLAINT_DUE_DAYS))


def _fingerprint(parts: Iterable[Any], at: datetime) -> tuple[str, str]:
    """Hashes of a submission in the current and the previous time window."""
    content = "\x1f".join(str(part) for part in parts)
    window = int(at.timestamp() // DUPLICATE_WINDOW.total_seconds())
    return tuple(  # type: ignore[return-value]
        hashlib.sha256(f"{content}\x1e{w}".encode()).hexdigest() for w in (window, window - 1)
    )


_Case = TypeVar("_Case", Feedback, Complaint, Initiative)


def _create_once(
    model: type[_Case], parts: Iterable[Any], at: datetime, create: Callable[[str], _Case]
) -> tuple[_Case, bool]:
    """Make a case once per submission: the same parts within the duplicate window answer with
    the case already made (False). ``create(fingerprint)`` makes the rows in one transaction;
    when a twin request (a double click, a client's retry) commits first, the unique
    fingerprint stops the second and it answers with the twin's case."""
    current, previous = _fingerprint(parts, at)
    existing = model.objects.filter(fingerprint__in=[current, previous]).first()  # type: ignore[attr-defined]
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(current), True
    except IntegrityError:
        twin = model.objects.filter(fingerprint=current).first()  # type: ignore[attr-defined]
        if twin is None:
            raise
        return twin, False


def _check_text(errors: dict[str, str], field: str, text: str, *, required: bool = True) -> None:
    if required and not text.strip():
        errors[field] = _("Write your message.")
    elif len(text) > TEXT_MAX_LENGTH:
        errors[field] = _(
            "The text is %(length)s characters long; at most %(limit)s characters fit."
        ) % {"length": len(text), "limit": TEXT_MAX_LENGTH}


def _unique_reference(model: type, prefix: str) -> str:
    for _attempt in range(10):
        reference = new_reference(prefix)
        if not model.objects.filter(reference=reference).exists():  # type: ignore[attr-defined]
            return reference
    return new_reference(prefix, length=8)


def submit_feedback(
    *,
    county: County,
    kind: str,
    text: str,
    channel: str = Feedback.Channel.WEB,
    unit: Unit | None = None,
    theme: Theme | None = None,
    language: str = "fi",
    score: int | None = None,
    wants_reply: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    attachments: Sequence[UploadedFile] = (),
    entered_by: Any = None,
    source_client: str = "",
    location_text: str = "",
    latitude: Any = None,
    longitude: Any = None,
    received_at: datetime | None = None,
    submission_key: str = "",
    request: Any = None,
) -> tuple[Feedback, bool]:
    """Receive one piece of feedback. The same submission within a few minutes returns the
    case already made (created = False). The reference exists only once the row is committed:
    callers show it after this function returns."""
    contact_email = contact_email.strip().lower()
    contact_phone = contact_phone.strip()
    contact_name = " ".join(contact_name.split())
    errors: dict[str, str] = {}
    if kind not in Feedback.Kind.values:
        errors["kind"] = _("Choose the type of feedback.")
    if channel not in Feedback.Channel.values:
        errors["channel"] = _("Choose how the feedback was received.")
    _check_text(errors, "text", text)
    if language not in LANGUAGES:
        errors["language"] = _("Choose Finnish, Swedish or English.")
    if score is not None and not 0 <= score <= 10:
        errors["score"] = _("The score is a number from 0 to 10.")
    if wants_reply and not (contact_email or contact_phone):
        errors["contact_email"] = _("To get a reply, give an email address or a phone number.")
    if unit is not None and (unit.county_id != county.pk or not unit.is_active):
        errors["unit"] = _("Choose a unit of this county.")
    if theme is not None and theme.county_id != county.pk:
        errors["theme"] = _("Choose a theme of this county.")
    if errors:
        raise ValidationError(errors)

    received_at = received_at or timezone.now()

    def create(fingerprint: str) -> Feedback:
        feedback = Feedback.objects.create(
            county=county,
            reference=_unique_reference(Feedback, "PA"),
            kind=kind,
            channel=channel,
            unit=unit,
            theme=theme,
            text=text,
            language=language,
            score=score,
            wants_reply=wants_reply,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            location_text=location_text,
            latitude=latitude,
            longitude=longitude,
            entered_by=entered_by if getattr(entered_by, "is_authenticated", False) else None,
            source_client=source_client,
            received_at=received_at,
            due_on=due_date_for(
                kind, wants_reply=wants_reply, received=timezone.localdate(received_at)
            ),
            fingerprint=fingerprint,
        )
        _save_attachments(feedback, attachments)
        FeedbackEvent.objects.create(
            feedback=feedback,
            kind=FeedbackEvent.Kind.RECEIVED,
            to_value=channel,
            actor=feedback.entered_by,
            at=received_at,
        )
        record_event(action="create", obj=feedback, request=request, summary="feedback received")
        return feedback

    feedback, created = _create_once(
        Feedback,
        [
            county.pk,
            kind,
            unit.pk if unit else "",
            text.strip(),
            contact_email,
            contact_phone,
            score,
            source_client,
            submission_key,
        ],
        received_at,
        create,
    )
    if not created:
        return feedback, False
    from kuulu.feedback.tasks import triage_feedback

    transaction.on_commit(partial(triage_feedback.enqueue, feedback_id=feedback.pk))
    schedule_rollup(feedback)
    return feedback, True


def apply_suggestions(feedback_id: int) -> bool:
    """Ask the triage module for a type, theme and unit and store them as suggestions. The
    handler confirms or corrects them; nothing else changes. Returns whether it ran."""
    try:
        from kuulu.feedback.triage import suggest
    except ImportError:
        return False
    feedback = Feedback.objects.filter(pk=feedback_id).select_related("county").first()
    if feedback is None or feedback.triage_confirmed or feedback.anonymised_at is not None:
        return False
    suggestion = suggest(feedback.text, county=feedback.county, language=feedback.language)
    if suggestion is None:
        return False
    fields: dict[str, Any] = {}
    kind = getattr(suggestion, "kind", "") or ""
    if kind in Feedback.Kind.values:
        fields["suggested_kind"] = kind
    theme = getattr(suggestion, "theme", None)
    alternative = getattr(suggestion, "theme_alternative", None)
    codes = [code for code in (theme, alternative) if isinstance(code, str)]
    themes = (
        {
            t.code: t
            for t in Theme.objects.filter(county=feedback.county, code__in=codes, is_active=True)
        }
        if codes
        else {}
    )
    if isinstance(theme, str):
        theme = themes.get(theme)
    if theme is not None:
        fields["suggested_theme"] = theme
    fields["suggested_theme_alternative"] = themes.get(alternative) if alternative else None
    unit = getattr(suggestion, "unit", None)
    unit_id = getattr(suggestion, "unit_id", None)
    if unit is None and unit_id:
        unit = Unit.objects.filter(county=feedback.county, pk=unit_id, is_active=True).first()
    if isinstance(unit, str):
        unit = Unit.objects.filter(county=feedback.county, code=unit, is_active=True).first()
    if unit is not None:
        fields["suggested_unit"] = unit
    fields["triage_model_version"] = str(getattr(suggestion, "model_version", "") or "")[:40]
    fields["triage_unsure"] = bool(getattr(suggestion, "unsure", False))
    for name, value in fields.items():
        setattr(feedback, name, value)
    Feedback.objects.filter(pk=feedback.pk, triage_confirmed=False).update(
        **{name: getattr(feedback, name) for name in fields}
    )
    return True


# --- Handling ---------------------------------------------------------------------------------


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


def _event(feedback: Feedback, kind: str, actor: Any, **fields: Any) -> FeedbackEvent:
    return FeedbackEvent.objects.create(feedback=feedback, kind=kind, actor=actor, **fields)


def _has_reply(feedback: Feedback) -> bool:
    return feedback.events.filter(kind=FeedbackEvent.Kind.REPLY).exists()


def _reply_count(feedback: Feedback) -> int:
    return feedback.events.filter(kind=FeedbackEvent.Kind.REPLY).count()


def _answered(feedback: Feedback, now: datetime) -> list[str]:
    """Record an answer: `answered_at` stays the first one (due dates and response times are
    about it), `last_answered_at` is the latest (the keeping time counts from it, so a late
    follow-up does not leave the case to be anonymised soon after). The fields changed."""
    feedback.last_answered_at = now
    if feedback.answered_at is not None:
        return ["last_answered_at"]
    feedback.answered_at = now
    return ["answered_at", "last_answered_at"]


@transaction.atomic
def confirm_triage(
    *,
    feedback: Feedback,
    kind: str,
    theme: Theme | None,
    unit: Unit | None,
    user: Any,
    request: Any = None,
) -> Feedback:
    """The handler confirms or corrects the type, theme and unit. The decision is what the
    retraining learns from; a change of unit moves the case to that unit's queue."""
    feedback = _locked(feedback)
    errors = {}
    if kind not in Feedback.Kind.values:
        errors["kind"] = _("Choose the type of feedback.")
    if unit is None:
        errors["unit"] = _("Choose the unit that handles the feedback.")
    elif unit.county_id != feedback.county_id:
        errors["unit"] = _("Choose a unit of this county.")
    if theme is not None and theme.county_id != feedback.county_id:
        errors["theme"] = _("Choose a theme of this county.")
    if errors:
        raise ValidationError(errors)
    before = (feedback.kind, feedback.theme_id, feedback.unit_id)
    _event(
        feedback,
        FeedbackEvent.Kind.TRIAGE,
        user,
        from_value=f"{feedback.kind}/{feedback.theme.code if feedback.theme else '-'}",
        to_value=f"{kind}/{theme.code if theme else '-'}",
        from_unit=feedback.unit,
        to_unit=unit,
    )
    if kind != feedback.kind:
        feedback.due_on = due_date_for(
            kind,
            wants_reply=feedback.wants_reply,
            received=timezone.localdate(feedback.received_at),
        )
    if unit != feedback.unit:
        feedback.assignee = None
    feedback.kind, feedback.theme, feedback.unit = kind, theme, unit
    feedback.triage_confirmed = True
    feedback.save(
        update_fields=[
            "kind",
            "theme",
            "unit",
            "due_on",
            "assignee",
            "triage_confirmed",
            "updated_at",
        ]
    )
    changed = [
        name
        for name, old, new in zip(
            ("kind", "theme", "unit"),
            before,
            (kind, feedback.theme_id, feedback.unit_id),
            strict=True,
        )
        if old != new
    ]
    record_event(
        action="update",
        obj=feedback,
        actor=user,
        request=request,
        summary="triage confirmed" if not changed else "triage corrected",
        changed_fields=changed or ["triage_confirmed"],
    )
    if changed:
        schedule_rollup(feedback)
    from kuulu.feedback.triage.tasks import schedule_retraining

    transaction.on_commit(partial(schedule_retraining, feedback.county_id))
    return feedback


# Which status may follow which. Closing needs more: see `change_status`.
TRANSITIONS = {
    Feedback.Status.RECEIVED: {Feedback.Status.IN_PROGRESS, Feedback.Status.CLOSED},
    Feedback.Status.IN_PROGRESS: {
        Feedback.Status.ANSWERED,
        Feedback.Status.CLOSED,
        Feedback.Status.RECEIVED,
    },
    Feedback.Status.ANSWERED: {Feedback.Status.CLOSED, Feedback.Status.IN_PROGRESS},
    Feedback.Status.CLOSED: {Feedback.Status.IN_PROGRESS},
}


@transaction.atomic
def change_status(
    *, feedback: Feedback, status: str, user: Any, note: str = "", request: Any = None
) -> Feedback:
    """Move a case along received → in progress → answered → closed (or reopen it).

    Marking a case answered without a reply sent through Kuulu needs a note saying how it
    was answered (e.g. by phone). A case whose customer wanted a reply cannot be closed
    before it is answered. Setting the status a case already has changes nothing, but a note
    given with it (a second "answered by phone") is kept as a note."""
    feedback = _locked(feedback)
    current = feedback.status
    if status == current:
        note = note.strip()
        if note:
            if len(note) > TEXT_MAX_LENGTH:
                raise ValidationError({"note": _("The note is too long.")})
            _event(feedback, FeedbackEvent.Kind.NOTE, user, text=note)
            if current == Feedback.Status.ANSWERED:
                # Answered again (by phone): the keeping time counts from this answer.
                feedback.last_answered_at = timezone.now()
                feedback.save(update_fields=["last_answered_at", "updated_at"])
            record_event(
                action="update", obj=feedback, actor=user, request=request, summary="note added"
            )
        return feedback
    if status not in TRANSITIONS.get(current, set()):
        raise ValidationError(
            {
                "status": _("A case that is %(current)s cannot be marked %(new)s.")
                % {
                    "current": Feedback.Status(current).label,
                    "new": Feedback.Status(status).label
                    if status in Feedback.Status.values
                    else status,
                }
            }
        )
    note = note.strip()
    if len(note) > TEXT_MAX_LENGTH:
        raise ValidationError({"note": _("The note is too long.")})
    if status == Feedback.Status.ANSWERED and not note and not _has_reply(feedback):
        raise ValidationError(
            {"note": _("Say how the customer was answered, for example by phone.")}
        )
    if (
        status == Feedback.Status.CLOSED
        and feedback.wants_reply
        and current != Feedback.Status.ANSWERED
        and not _has_reply(feedback)
    ):
        raise ValidationError(
            {
                "status": _(
                    "The customer asked for a reply. Send a reply, or mark the case answered "
                    "with a note on how it was answered, before closing it."
                )
            }
        )
    now = timezone.now()
    feedback.status = status
    fields = ["status", "updated_at"]
    if status == Feedback.Status.ANSWERED:
        fields += _answered(feedback, now)
    if status == Feedback.Status.CLOSED:
        feedback.closed_at = now
        fields.append("closed_at")
    elif feedback.closed_at is not None:
        feedback.closed_at = None
        fields.append("closed_at")
    feedback.save(update_fields=fields)
    _event(
        feedback, FeedbackEvent.Kind.STATUS, user, from_value=current, to_value=status, text=note
    )
    record_event(
        action="update",
        obj=feedback,
        actor=user,
        request=request,
        summary=f"status {current} to {status}",
        changed_fields=["status"],
    )
    if "answered_at" in fields:
        # The figures count first answers; closing, reopening or answering again changes none
        # of them (the open backlog is read live).
        schedule_rollup(feedback)
    return feedback


@transaction.atomic
def assign_feedback(
    *, feedback: Feedback, assignee: Any, user: Any, request: Any = None
) -> Feedback:
    """Give the case to a handler (None takes it back to the unit's queue). A received case
    assigned to someone is in progress."""
    from kuulu.feedback.access import can_handle_feedback

    feedback = _locked(feedback)
    if assignee is not None and not can_handle_feedback(assignee, feedback):
        raise ValidationError({"assignee": _("This person does not handle the unit's feedback.")})
    previous = feedback.assignee_id
    if previous == (assignee.pk if assignee else None):
        return feedback
    feedback.assignee = assignee
    fields = ["assignee", "updated_at"]
    if assignee is not None and feedback.status == Feedback.Status.RECEIVED:
        feedback.status = Feedback.Status.IN_PROGRESS
        fields.append("status")
        _event(
            feedback,
            FeedbackEvent.Kind.STATUS,
            user,
            from_value=Feedback.Status.RECEIVED,
            to_value=Feedback.Status.IN_PROGRESS,
        )
    feedback.save(update_fields=fields)
    _event(
        feedback,
        FeedbackEvent.Kind.ASSIGNED,
        user,
        from_value=str(previous or ""),
        to_value=str(assignee.pk if assignee else ""),
    )
    record_event(
        action="update",
        obj=feedback,
        actor=user,
        request=request,
        summary="assigned",
        changed_fields=["assignee"],
    )
    return feedback


@transaction.atomic
def add_note(*, feedback: Feedback, text: str, user: Any, request: Any = None) -> FeedbackEvent:
    """An internal note for the handlers; never shown to the customer."""
    feedback = _locked(feedback)
    errors: dict[str, str] = {}
    _check_text(errors, "text", text)
    if errors:
        raise ValidationError(errors)
    event = _event(feedback, FeedbackEvent.Kind.NOTE, user, text=text.strip())
    record_event(action="update", obj=feedback, actor=user, request=request, summary="note added")
    return event


@transaction.atomic
def send_reply(
    *,
    feedback: Feedback,
    text: str,
    user: Any,
    template: ReplyTemplate | None = None,
    replies_seen: int | None = None,
    request: Any = None,
) -> FeedbackEvent:
    """Reply to the customer by email in the feedback's language. The reply is kept in the
    history; the email leaves after commit. The case becomes answered.

    `replies_seen` is how many replies the handler's page showed: when another handler has
    replied since (two handlers answering one case at once), the reply is refused so that the
    customer does not get two answers written without knowledge of each other."""
    feedback = _locked(feedback)
    errors: dict[str, str] = {}
    if replies_seen is not None and _reply_count(feedback) != replies_seen:
        raise ValidationError(
            {
                "text": _(
                    "Another handler sent the customer a reply while you were writing yours. "
                    "Read it in the history; to send yours as well, send it again."
                )
            }
        )
    _check_text(errors, "text", text)
    if not feedback.contact_email:
        errors["text"] = _(
            "The customer gave no email address. Answer by phone and mark the case answered "
            "with a note."
        )
    if feedback.status == Feedback.Status.CLOSED:
        errors["text"] = _("The case is closed. Reopen it before replying.")
    if errors:
        raise ValidationError(errors)
    event = _event(
        feedback,
        FeedbackEvent.Kind.REPLY,
        user,
        text=text.strip(),
        to_value=f"template:{template.pk}" if template else "",
    )
    if feedback.status != Feedback.Status.ANSWERED:
        _event(
            feedback,
            FeedbackEvent.Kind.STATUS,
            user,
            from_value=feedback.status,
            to_value=Feedback.Status.ANSWERED,
        )
        feedback.status = Feedback.Status.ANSWERED
    first_answer = feedback.answered_at is None
    feedback.save(update_fields=["status", "updated_at", *_answered(feedback, timezone.now())])
    record_event(
        action="update",
        obj=feedback,
        actor=user,
        request=request,
        summary="reply sent",
        changed_fields=["status"],
    )
    from kuulu.feedback.tasks import send_feedback_reply

    transaction.on_commit(partial(send_feedback_reply.enqueue, event_id=event.pk))
    if first_answer:
        schedule_rollup(feedback)
    return event


@transaction.atomic
def forward_feedback(
    *, feedback: Feedback, unit: Unit, reason: str, user: Any, request: Any = None
) -> Feedback:
    """Send the case to another unit's queue, with the reason in the history."""
    feedback = _locked(feedback)
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Say why the feedback goes to another unit.")
    elif len(reason) > 1000:
        errors["reason"] = _("Keep the reason under 1,000 characters.")
    if unit.county_id != feedback.county_id or not unit.is_active:
        errors["unit"] = _("Choose a unit of this county.")
    elif unit.pk == feedback.unit_id:
        errors["unit"] = _("The feedback is already with this unit.")
    if errors:
        raise ValidationError(errors)
    _event(
        feedback,
        FeedbackEvent.Kind.FORWARDED,
        user,
        from_unit=feedback.unit,
        to_unit=unit,
        text=reason.strip(),
    )
    feedback.unit = unit
    feedback.assignee = None
    feedback.save(update_fields=["unit", "assignee", "updated_at"])
    record_event(
        action="update",
        obj=feedback,
        actor=user,
        request=request,
        summary="forwarded",
        changed_fields=["unit"],
    )
    schedule_rollup(feedback)
    return feedback


# --- You said, we did -------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationDraft:
    masked_text: str
    masked_response: str


def latest_reply(feedback: Feedback) -> FeedbackEvent | None:
    return feedback.events.filter(kind=FeedbackEvent.Kind.REPLY).order_by("-at", "-id").first()


def publication_draft(feedback: Feedback) -> PublicationDraft:
    """The feedback and its latest reply with identity codes, phone numbers, emails and names
    masked, for the coordinator to check and edit before publishing."""
    from kuulu.core.masking import mask_text

    names = [n for n in (feedback.contact_name,) if n]
    reply = latest_reply(feedback)
    existing = getattr(feedback, "published", None) if feedback.pk else None
    if existing is not None:
        return PublicationDraft(existing.masked_text, existing.masked_response)
    from kuulu.feedback.masking_context import unit_addresses

    keep = unit_addresses(feedback.county_id)  # the county's own unit addresses stay visible
    return PublicationDraft(
        masked_text=mask_text(feedback.text, names=names, keep=keep).text,
        masked_response=mask_text(reply.text, names=names, keep=keep).text if reply else "",
    )


@transaction.atomic
def publish_feedback(
    *,
    feedback: Feedback,
    masked_text: str,
    masked_response: str,
    user: Any,
    request: Any = None,
) -> PublishedFeedback:
    """Show the feedback and the response on the public "you said, we did" list. The texts are
    masked again on save, so an edit cannot bring an identity code or email back."""
    from kuulu.core.masking import mask_text

    feedback = _locked(feedback)
    errors: dict[str, str] = {}
    _check_text(errors, "masked_text", masked_text)
    _check_text(errors, "masked_response", masked_response)
    if feedback.secrecy == "secret":
        errors["masked_text"] = _("Feedback marked secret cannot be published.")
    if feedback.status not in (Feedback.Status.ANSWERED, Feedback.Status.CLOSED):
        errors["masked_response"] = _("Answer the feedback before publishing it.")
    if feedback.anonymised_at is not None:
        errors["masked_text"] = _("Anonymised feedback cannot be published.")
    if errors:
        raise ValidationError(errors)
    names = [n for n in (feedback.contact_name,) if n]
    from kuulu.feedback.masking_context import unit_addresses

    keep = unit_addresses(feedback.county_id)
    published, _created = PublishedFeedback.objects.update_or_create(
        feedback=feedback,
        defaults={
            "masked_text": mask_text(masked_text.strip(), names=names, keep=keep).text,
            "masked_response": mask_text(masked_response.strip(), names=names, keep=keep).text,
            "published_by": user,
            "published_at": timezone.now(),
        },
    )
    _event(feedback, FeedbackEvent.Kind.PUBLISHED, user)
    record_event(action="update", obj=feedback, actor=user, request=request, summary="published")
    return published


@transaction.atomic
def unpublish_feedback(*, feedback: Feedback, user: Any, request: Any = None) -> None:
    feedback = _locked(feedback)
    deleted, _ignored = PublishedFeedback.objects.filter(feedback=feedback).delete()
    if deleted:
        _event(feedback, FeedbackEvent.Kind.UNPUBLISHED, user)
        record_event(
            action="update", obj=feedback, actor=user, request=request, summary="unpublished"
        )


@transaction.atomic
def set_secrecy(*, feedback: Feedback, secrecy: str, user: Any, request: Any = None) -> Feedback:
    feedback = _locked(feedback)
    if secrecy not in ("public", "contains_secret_details", "secret"):
        raise ValidationError({"secrecy": _("Choose a secrecy label.")})
    if secrecy == feedback.secrecy:
        return feedback
    _event(feedback, FeedbackEvent.Kind.STATUS, user, from_value=feedback.secrecy, to_value=secrecy)
    feedback.secrecy = secrecy
    feedback.save(update_fields=["secrecy", "updated_at"])
    if secrecy == "secret":
        PublishedFeedback.objects.filter(feedback=feedback).delete()
    record_event(
        action="update",
        obj=feedback,
        actor=user,
        request=request,
        summary="secrecy label changed",
        changed_fields=["secrecy"],
    )
    return feedback


# --- Handlers of a unit -----------------------------------------------------------------------


def add_feedback_handler(*, unit: Unit, user: Any, by: Any, request: Any = None) -> bool:
    """Name a staff member of the unit's county to handle its feedback. Staff of another county
    would never see the unit's cases (every case is read within the reader's county), so they
    are refused as no staff member, as is anyone who is not staff."""
    actor = actor_for(user)
    if not actor.is_staff or actor.county_id != unit.county_id:
        raise ValidationError({"email": _("No staff member has this email address.")})
    _handler, created = FeedbackHandler.objects.get_or_create(unit=unit, user=user)
    if created:
        record_event(
            action="create", obj=_handler, actor=by, request=request, summary="handler added"
        )
    return created


def remove_feedback_handler(*, handler: FeedbackHandler, by: Any, request: Any = None) -> None:
    record_event(action="delete", obj=handler, actor=by, request=request, summary="handler removed")
    handler.delete()


# --- Formal complaints ------------------------------------------------------------------------


def director_for_unit(unit: Unit | None) -> Any:
    """The responsible director of the unit's nearest ancestor (or itself) that has one."""
    if unit is None:
        return None
    ancestor_ids = [int(part) for part in unit.path.split("/") if part.isdigit()] or [unit.pk]
    routings = {
        r.unit_id: r
        for r in ComplaintRouting.objects.filter(unit_id__in=ancestor_ids).select_related(
            "director"
        )
    }
    for unit_id in reversed(ancestor_ids):
        if unit_id in routings:
            return routings[unit_id].director
    return None


def submit_complaint(
    *,
    county: County,
    act: str,
    complainant_name: str,
    description: str,
    unit: Unit | None = None,
    complainant_email: str = "",
    complainant_phone: str = "",
    complainant_address: str = "",
    relationship: str = Complaint.Relationship.SELF,
    subject_name: str = "",
    desired_outcome: str = "",
    language: str = "fi",
    channel: str = Feedback.Channel.WEB,
    from_feedback_choice: bool = False,
    request: Any = None,
) -> tuple[Complaint, bool]:
    """Receive a formal complaint. It goes to the responsible director of the unit, due in
    FEEDBACK_COMPLAINT_DUE_DAYS. Sending the same complaint twice makes one case."""
    complainant_name = " ".join(complainant_name.split())
    complainant_email = complainant_email.strip().lower()
    errors: dict[str, str] = {}
    if act not in Complaint.Act.values:
        errors["act"] = _("Choose whether the complaint concerns health care or social care.")
    if not complainant_name:
        errors["complainant_name"] = _("Give your name. A formal complaint cannot be anonymous.")
    if not (complainant_email or complainant_phone.strip() or complainant_address.strip()):
        errors["complainant_email"] = _(
            "Give an email address, a phone number or a postal address for the written answer."
        )
    if relationship not in Complaint.Relationship.values:
        errors["relationship"] = _("Choose on whose behalf you make the complaint.")
    if relationship != Complaint.Relationship.SELF and not subject_name.strip():
        errors["subject_name"] = _("Give the name of the person the complaint is about.")
    _check_text(errors, "description", description)
    _check_text(errors, "desired_outcome", desired_outcome, required=False)
    if unit is not None and unit.county_id != county.pk:
        errors["unit"] = _("Choose a unit of this county.")
    if language not in LANGUAGES:
        errors["language"] = _("Choose Finnish, Swedish or English.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()

    def create(fingerprint: str) -> Complaint:
        complaint = Complaint.objects.create(
            county=county,
            reference=_unique_reference(Complaint, "MU"),
            act=act,
            unit=unit,
            complainant_name=complainant_name,
            complainant_email=complainant_email,
            complainant_phone=complainant_phone.strip(),
            complainant_address=complainant_address.strip(),
            relationship=relationship,
            subject_name=" ".join(subject_name.split()),
            description=description,
            desired_outcome=desired_outcome,
            language=language,
            channel=channel,
            received_at=now,
            due_on=complaint_due_date(timezone.localdate(now)),
            director=director_for_unit(unit),
            from_feedback_choice=from_feedback_choice,
            fingerprint=fingerprint,
        )
        ComplaintEvent.objects.create(complaint=complaint, kind=ComplaintEvent.Kind.RECEIVED)
        record_event(
            action="create", obj=complaint, request=request, summary="formal complaint received"
        )
        return complaint

    return _create_once(
        Complaint,
        [county.pk, act, unit.pk if unit else "", complainant_name, description.strip()],
        now,
        create,
    )


def _locked_complaint(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


COMPLAINT_TRANSITIONS = {
    Complaint.Status.RECEIVED: {Complaint.Status.IN_PROGRESS},
    Complaint.Status.IN_PROGRESS: {Complaint.Status.RECEIVED},
    Complaint.Status.ANSWERED: {Complaint.Status.CLOSED},
    Complaint.Status.CLOSED: set(),
}


@transaction.atomic
def change_complaint_status(
    *, complaint: Complaint, status: str, user: Any, request: Any = None
) -> Complaint:
    """Received ↔ in progress, and answered → closed. A complaint becomes answered only by
    recording its written answer."""
    complaint = _locked_complaint(complaint)
    current = complaint.status
    if status == current:
        return complaint
    if status not in COMPLAINT_TRANSITIONS.get(current, set()):
        raise ValidationError(
            {
                "status": _(
                    "A formal complaint is answered only with a written answer, and closed "
                    "only after it."
                )
            }
        )
    complaint.status = status
    complaint.save(update_fields=["status", "updated_at"])
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.STATUS,
        from_value=current,
        to_value=status,
        actor=user,
    )
    record_event(
        action="update",
        obj=complaint,
        actor=user,
        request=request,
        summary=f"status {current} to {status}",
        changed_fields=["status"],
    )
    return complaint


@transaction.atomic
def add_complaint_handler(
    *, complaint: Complaint, handler: Any, user: Any, request: Any = None
) -> None:
    complaint = _locked_complaint(complaint)
    if not handler.is_active:
        raise ValidationError({"handler": _("This account is not active.")})
    from kuulu.feedback.access import can_be_added_as_complaint_handler

    if not can_be_added_as_complaint_handler(handler, complaint):
        raise ValidationError(
            {"handler": _("Only staff of this complaint's county can be added as its handlers.")}
        )
    if complaint.handlers.filter(pk=handler.pk).exists():
        return
    complaint.handlers.add(handler)
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.HANDLER_ADDED,
        to_value=str(handler.pk),
        actor=user,
    )
    record_event(
        action="update",
        obj=complaint,
        actor=user,
        request=request,
        summary="handler added",
        changed_fields=["handlers"],
    )


@transaction.atomic
def add_complaint_note(
    *, complaint: Complaint, text: str, user: Any, request: Any = None
) -> ComplaintEvent:
    complaint = _locked_complaint(complaint)
    errors: dict[str, str] = {}
    _check_text(errors, "text", text)
    if errors:
        raise ValidationError(errors)
    event = ComplaintEvent.objects.create(
        complaint=complaint, kind=ComplaintEvent.Kind.NOTE, text=text.strip(), actor=user
    )
    record_event(action="update", obj=complaint, actor=user, request=request, summary="note added")
    return event


@transaction.atomic
def answer_complaint(
    *,
    complaint: Complaint,
    text: str,
    reasons: str,
    signer_name: str,
    signer_title: str,
    sent_on: date,
    delivery: str,
    user: Any,
    request: Any = None,
) -> ComplaintAnswer:
    """Record the written, reasoned answer with its signer and sent date; the complaint is
    then answered. An answer is recorded once."""
    complaint = _locked_complaint(complaint)
    errors: dict[str, str] = {}
    if hasattr(complaint, "answer"):
        errors["text"] = _("This complaint already has an answer.")
    if not text.strip():
        errors["text"] = _("Write the answer.")
    elif len(text) > TEXT_MAX_LENGTH * 2:
        errors["text"] = _("The answer is too long.")
    if not reasons.strip():
        errors["reasons"] = _("Give the reasons for the answer.")
    elif len(reasons) > TEXT_MAX_LENGTH * 2:
        errors["reasons"] = _("The reasons are too long.")
    if not signer_name.strip():
        errors["signer_name"] = _("Name the person who signs the answer.")
    if not signer_title.strip():
        errors["signer_title"] = _("Give the signer's title.")
    if delivery not in ComplaintAnswer.Delivery.values:
        errors["delivery"] = _("Choose how the answer was sent.")
    if sent_on < timezone.localdate(complaint.received_at):
        errors["sent_on"] = _("The answer cannot be sent before the complaint was received.")
    elif sent_on > timezone.localdate():
        errors["sent_on"] = _("The sent date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    answer = ComplaintAnswer.objects.create(
        complaint=complaint,
        text=text.strip(),
        reasons=reasons.strip(),
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        signed_by=user,
        sent_on=sent_on,
        delivery=delivery,
    )
    ComplaintEvent.objects.create(
        complaint=complaint,
        kind=ComplaintEvent.Kind.ANSWERED,
        from_value=complaint.status,
        to_value=Complaint.Status.ANSWERED,
        actor=user,
    )
    complaint.status = Complaint.Status.ANSWERED
    complaint.save(update_fields=["status", "updated_at"])
    record_event(
        action="update",
        obj=complaint,
        actor=user,
        request=request,
        summary="answer recorded",
        changed_fields=["status", "answer"],
    )
    return answer


# --- Initiatives ------------------------------------------------------------------------------


def one_month_after(day: date) -> date:
    """The same day next month, or the month's last day when it is shorter."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def handler_notice_due_date(received: date) -> date:
    """When the initiators must be told who handles their initiative: one month after it was
    received, on the next working day when that is a weekend or holiday."""
    return deadline(one_month_after(received))


def submit_initiative(
    *,
    county: County,
    title: str,
    text: str,
    signers: Sequence[dict[str, Any]],
    unit: Unit | None = None,
    language: str = "fi",
    request: Any = None,
) -> tuple[Initiative, bool]:
    """Receive an initiative with its initiators. The notice of who handles it is due one
    month after receipt."""
    title = " ".join(title.split())
    errors: dict[str, Any] = {}
    if not title:
        errors["title"] = _("Give the initiative a title.")
    elif len(title) > 200:
        errors["title"] = _("Keep the title under 200 characters.")
    _check_text(errors, "text", text)
    signers = [s for s in signers if (s.get("name") or "").strip()]
    if not signers:
        errors["signers"] = _("Name at least one initiator.")
    for signer in signers:
        if signer.get("basis") not in InitiativeSigner.Basis.values:
            errors["signers"] = _("Give each initiator's basis for making the initiative.")
    if not any(
        (s.get("email") or "").strip()
        or (s.get("phone") or "").strip()
        or (s.get("address") or "").strip()
        for s in signers
    ):
        errors.setdefault(
            "signers",
            _("Give contact details for at least one initiator, so we can tell you the outcome."),
        )
    if unit is not None and unit.county_id != county.pk:
        errors["unit"] = _("Choose a unit of this county.")
    if language not in LANGUAGES:
        errors["language"] = _("Choose Finnish, Swedish or English.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()

    def create(fingerprint: str) -> Initiative:
        initiative = Initiative.objects.create(
            county=county,
            reference=_unique_reference(Initiative, "AL"),
            title=title,
            text=text,
            unit=unit,
            language=language,
            received_at=now,
            handler_notice_due=handler_notice_due_date(timezone.localdate(now)),
            fingerprint=fingerprint,
        )
        contact_marked = False
        for position, signer in enumerate(signers):
            has_contact = bool(
                (signer.get("email") or "").strip()
                or (signer.get("phone") or "").strip()
                or (signer.get("address") or "").strip()
            )
            InitiativeSigner.objects.create(
                initiative=initiative,
                name=" ".join(signer["name"].split()),
                email=(signer.get("email") or "").strip().lower(),
                phone=(signer.get("phone") or "").strip(),
                address=(signer.get("address") or "").strip(),
                basis=signer["basis"],
                organisation=(signer.get("organisation") or "").strip(),
                municipality=signer.get("municipality"),
                is_contact=has_contact and not contact_marked,
                position=position,
            )
            contact_marked = contact_marked or has_contact
        record_event(
            action="create", obj=initiative, request=request, summary="initiative received"
        )
        return initiative

    return _create_once(
        Initiative,
        [county.pk, title, text.strip(), *(s["name"].strip() for s in signers)],
        now,
        create,
    )


@transaction.atomic
def send_handler_notice(
    *,
    initiative: Initiative,
    handled_by: Any,
    handler_description: str,
    expected_decision: str,
    sent_on: date,
    user: Any,
    request: Any = None,
) -> Initiative:
    """Record the notice telling the initiators who handles the initiative and when."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    errors = {}
    if not handler_description.strip():
        errors["handler_description"] = _("Say who handles the initiative.")
    if sent_on < timezone.localdate(initiative.received_at) or sent_on > timezone.localdate():
        errors["sent_on"] = _("Give the date the notice was sent (not in the future).")
    if (
        handled_by is not None
        and not Person.objects.filter(
            user=handled_by, county_id=initiative.county_id, kind=Person.Kind.STAFF, is_active=True
        ).exists()
    ):
        errors["handled_by"] = _("The handler must be a staff member of this county.")
    if errors:
        raise ValidationError(errors)
    initiative.handled_by = handled_by
    initiative.handler_description = handler_description.strip()[:300]
    initiative.expected_decision = expected_decision.strip()[:200]
    initiative.handler_notice_sent_on = sent_on
    if initiative.status == Initiative.Status.RECEIVED:
        initiative.status = Initiative.Status.IN_HANDLING
    initiative.save()
    record_event(
        action="update",
        obj=initiative,
        actor=user,
        request=request,
        summary="handler notice sent",
        changed_fields=["handled_by", "handler_notice_sent_on"],
    )
    return initiative


@transaction.atomic
def record_initiative_outcome(
    *, initiative: Initiative, outcome: str, sent_on: date, user: Any, request: Any = None
) -> Initiative:
    """Record what was done and when the initiators were told."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    errors: dict[str, str] = {}
    _check_text(errors, "outcome", outcome)
    if sent_on < timezone.localdate(initiative.received_at) or sent_on > timezone.localdate():
        errors["sent_on"] = _("Give the date the outcome was sent (not in the future).")
    if errors:
        raise ValidationError(errors)
    initiative.outcome = outcome.strip()
    initiative.outcome_sent_on = sent_on
    initiative.status = Initiative.Status.DECIDED
    initiative.save()
    record_event(
        action="update",
        obj=initiative,
        actor=user,
        request=request,
        summary="outcome sent",
        changed_fields=["outcome", "outcome_sent_on", "status"],
    )
    return initiative


# --- Retention --------------------------------------------------------------------------------


def anonymise_feedback(*, feedback_id: int, now: datetime) -> Feedback:
    """Anonymise one case: contact details and place cleared, the text and the history's texts
    masked, attachments deleted, the public entry withdrawn and the link to the strongly
    identified person who made it removed; the row stays for statistics. Used by retention and
    by a person's own erasure request (kuulu/assisted/mydata.py); running it again is harmless."""
    from kuulu.core.masking import mask_text
    from kuulu.identity.access import unlink_cases

    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=feedback_id)
        first_time = feedback.anonymised_at is None
        names = [feedback.contact_name] if feedback.contact_name else []
        feedback.text = mask_text(feedback.text, names=names).text
        feedback.contact_name = feedback.contact_email = feedback.contact_phone = ""
        feedback.location_text = ""
        feedback.latitude = feedback.longitude = None
        feedback.fingerprint = ""
        feedback.anonymised_at = feedback.anonymised_at or now
        feedback.save()
        for event in feedback.events.exclude(text=""):
            event.text = mask_text(event.text, names=names).text
            event.save(update_fields=["text"])
        for attachment in feedback.attachments.all():
            attachment.file.delete(save=False)
            attachment.delete()
        PublishedFeedback.objects.filter(feedback=feedback).delete()
        # The link to the strongly identified person who made it would undo the rest.
        unlink_cases(Feedback, [feedback.pk])
        if first_time:
            _event(feedback, FeedbackEvent.Kind.ANONYMISED, None)
    return feedback


def run_feedback_retention(now: datetime | None = None) -> dict[str, int]:
    """Past their keeping time: closed feedback is anonymised (contact details cleared, text
    masked, attachments deleted; the row stays for statistics), closed or answered formal
    complaints and decided initiatives are deleted with everything personal in them, and
    the links to the strongly identified people who made them go too."""
    from kuulu.identity.access import unlink_cases
    from kuulu.identity.models import CaseLink

    now = now or timezone.now()
    counts = {"feedback anonymised": 0, "complaints deleted": 0, "initiatives deleted": 0}
    feedback_cutoff = now - timedelta(days=settings.FEEDBACK_RETENTION_DAYS)
    # Closed cases, and answered ones nobody closed: both are done with.
    # An answered case counts from its latest answer (a row answered before that field was
    # kept, and not filled by the migration, from its first).
    expired = (
        Feedback.objects.alias(answered=Coalesce("last_answered_at", "answered_at"))
        .filter(
            Q(status=Feedback.Status.CLOSED, closed_at__lt=feedback_cutoff)
            | Q(status=Feedback.Status.ANSWERED, answered__lt=feedback_cutoff),
            anonymised_at__isnull=True,
        )
        .values_list("pk", flat=True)
    )
    for feedback_id in list(expired.iterator()):
        anonymise_feedback(feedback_id=feedback_id, now=now)
        counts["feedback anonymised"] += 1
    # Cases anonymised with something left behind (erasure requests did so until 2026-12-07):
    # finished here, so that "anonymised" means the same whichever way a case got there.
    left_behind = (
        Feedback.objects.filter(anonymised_at__isnull=False)
        .filter(
            Exists(FeedbackAttachment.objects.filter(feedback=OuterRef("pk")))
            | Exists(PublishedFeedback.objects.filter(feedback=OuterRef("pk")))
            | Exists(
                CaseLink.objects.filter(
                    object_type=Feedback._meta.label_lower, object_id=OuterRef("pk")
                )
            )
            | ~Q(location_text="")
            | Q(latitude__isnull=False)
            | ~Q(fingerprint="")
        )
        .values_list("pk", flat=True)
    )
    for feedback_id in list(left_behind.iterator()):
        anonymise_feedback(feedback_id=feedback_id, now=now)
        counts["feedback anonymised"] += 1
    complaint_cutoff = now - timedelta(days=settings.COMPLAINT_RETENTION_DAYS)
    complaints = Complaint.objects.filter(
        status__in=[Complaint.Status.ANSWERED, Complaint.Status.CLOSED],
        received_at__lt=complaint_cutoff,
    )
    complaint_ids = list(complaints.values_list("pk", flat=True))
    for complaint_id in complaint_ids:
        record_event(
            action="delete",
            object_type="feedback.complaint",
            object_id=complaint_id,
            summary="retention",
            via="system",
        )
    Complaint.objects.filter(pk__in=complaint_ids).delete()
    counts["complaints deleted"] = len(complaint_ids)
    initiative_cutoff = now - timedelta(days=settings.INITIATIVE_RETENTION_DAYS)
    initiatives = Initiative.objects.filter(
        status=Initiative.Status.DECIDED, received_at__lt=initiative_cutoff
    )
    initiative_ids = list(initiatives.values_list("pk", flat=True))
    unlink_cases(Initiative, initiative_ids)
    Initiative.objects.filter(pk__in=initiative_ids).delete()
    counts["initiatives deleted"] = len(initiative_ids)
    return counts
