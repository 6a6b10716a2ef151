"""Writes for Ask the leadership: asking, moderation, support, routing, answers, conversion."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.core import pseudonyms, signed_links
from kuulu.core.audit import record_event
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.core.i18n import active_language
from kuulu.core.masking import NAME, find_personal_data, mask_text, replace_findings
from kuulu.organisation.models import County, Person, Unit
from kuulu.questions.models import ANSWERER_NAME_MAX, Answer, Question, Support
from kuulu.questions.moderation import held_reason
from kuulu.questions.signals import question_answered

CONFIRM_SALT = "kuulu.questions.confirm"
SUPPORT_SALT = "kuulu.questions.support"
TOKEN_MAX_AGE = 3 * 24 * 3600
MAX_LENGTH = 2000
MEDIA_MAX_BYTES = 200 * 1024 * 1024


# --- Asking ---------------------------------------------------------------------------------


def ask_question(
    *,
    county: County,
    text: str,
    user: Any = None,
    email: str = "",
    display_name: str = "",
    language: str = "fi",
    theme: Any = None,
    service: Unit | None = None,
    request: Any = None,
) -> Question:
    """Signed-in askers' questions go to publication at once; others confirm their email
    first. Either way the text is masked, and a question that breaks the rules is held."""
    signed_in = bool(getattr(user, "is_authenticated", False))
    email = (email or "").strip().lower()
    errors: dict[str, str] = {}
    if not (text or "").strip():
        errors["text"] = _("Write your question.")
    elif len(text) > MAX_LENGTH:
        errors["text"] = _("The question is longer than %(n)s characters.") % {"n": MAX_LENGTH}
    if not signed_in and not email:
        errors["email"] = _("Give your email address; we send you a link to confirm it.")
    if theme is not None and theme.county_id != county.pk:
        errors["theme"] = _("Choose a theme of this county.")
    if service is not None and service.county_id != county.pk:
        errors["service"] = _("Choose a service of this county.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        question = Question.objects.create(
            county=county,
            text=text.strip(),
            display_name=" ".join((display_name or "").split())[:80],
            asker=user if signed_in else None,
            asker_email=email or (getattr(user, "email", "") if signed_in else ""),
            language=language if language in ("fi", "sv", "en") else "fi",
            theme=theme,
            service=service,
        )
        record_event(action="create", obj=question, request=request, summary="question asked")
        if signed_in:
            _publish_or_hold(question)
        else:
            from kuulu.questions.tasks import send_question_confirmation

            transaction.on_commit(
                partial(send_question_confirmation.enqueue, question_id=question.pk)
            )
    return question


def _masked_display_name(name: str) -> tuple[str, set[str]]:
    """The name shown, published beside the question, keeps the name the asker chose but not
    an identity code, phone number, email or street address typed into it."""
    findings = [f for f in find_personal_data(name) if f.kind != NAME]
    return replace_findings(name, findings)[:80], {f.kind for f in findings}


def _publish_or_hold(question: Question) -> None:
    masked = mask_text(question.text)
    question.public_text = masked.text
    question.display_name, name_kinds = _masked_display_name(question.display_name)
    question.masked_kinds = ",".join(sorted(set(masked.kinds) | name_kinds))[:120]
    # The name shown is published beside the question: it is held by the same rules.
    reason = held_reason(question.text) or held_reason(question.display_name)
    if reason:
        question.status = Question.Status.HELD
        question.held_reason = reason
    else:
        question.status = Question.Status.OPEN
        question.published_at = timezone.now()
    question.save(
        update_fields=[
            "public_text",
            "display_name",
            "masked_kinds",
            "status",
            "held_reason",
            "published_at",
            "updated_at",
        ]
    )


def confirmation_token(question: Question) -> str:
    return signed_links.make_token({"q": question.pk}, salt=CONFIRM_SALT, compress=True)


def _link_data(token: str, salt: str) -> dict[str, Any]:
    return signed_links.read_token(token, salt=salt, max_age=TOKEN_MAX_AGE)


def check_confirm_link(*, token: str) -> Question:
    """The question behind a confirmation link, without confirming it: the link's page asks
    for a button press, so that a mail scanner that opens links confirms nothing."""
    question = Question.objects.filter(pk=_link_data(token, CONFIRM_SALT).get("q")).first()
    if question is None:
        raise signed_links.invalid_link()
    return question


def confirm_email(*, token: str) -> Question:
    """Confirm from the link in the confirmation email: the question goes to publication (or
    to the moderation queue). A link works once; an old one fails safely."""
    data = _link_data(token, CONFIRM_SALT)
    with transaction.atomic():
        question = Question.objects.select_for_update().filter(pk=data.get("q")).first()
        if question is None:
            raise signed_links.invalid_link()
        if question.status == Question.Status.UNVERIFIED:
            _publish_or_hold(question)
    return question


# --- Moderation -----------------------------------------------------------------------------


def moderate(*, question: Question, publish: bool, actor: Any, request: Any = None) -> Question:
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.status != Question.Status.HELD:
            raise ValidationError(_("Only a held question can be moderated."))
        if publish:
            question.status = Question.Status.OPEN
            question.published_at = timezone.now()
        else:
            question.status = Question.Status.REJECTED
        question.save(update_fields=["status", "published_at", "updated_at"])
        record_event(
            action="update", obj=question, actor=actor, request=request, changed_fields=["status"]
        )
    return question


# --- Support --------------------------------------------------------------------------------


def _add_support(question: Question, *, key: str, email_key: str) -> bool:
    """Count one person's support; False when they had already supported the question, under
    either key (the unique constraints decide, so two requests at once count once)."""
    try:
        with transaction.atomic():
            Support.objects.create(question=question, key=key, email_key=email_key)
    except IntegrityError:
        return False
    Question.objects.filter(pk=question.pk).update(support_count=F("support_count") + 1)
    return True


def support(*, question: Question, user: Any = None, email: str = "") -> bool:
    """Support a public question, once per person. A signed-in person's support counts at
    once (returns True if it was new); an email address is sent a confirmation link first
    (returns False). A signed-in person and an email address are the same person when the
    address is the account's: the support counts once, whichever way came first."""
    if not question.is_public:
        raise ValidationError(_("This question cannot be supported."))
    if getattr(user, "is_authenticated", False):
        account_email = getattr(user, "email", "") or ""
        return _add_support(
            question,
            key=f"u{user.pk}",
            email_key=supporter_key(account_email) if account_email.strip() else "",
        )
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Give your email address, or sign in.")})
    from kuulu.questions.tasks import send_support_confirmation

    # The link is sent also when the address has already supported: the page does not tell
    # anyone whether an address supports a question; only its owner learns it, from the link.
    token = signed_links.make_token(
        {"q": question.pk, "h": supporter_key(email)}, salt=SUPPORT_SALT
    )
    # The supporter reads the email in the language of the page they supported on (the task
    # runs in the worker, whose own language is the default).
    language = active_language()
    transaction.on_commit(
        partial(
            send_support_confirmation.enqueue,
            question_id=question.pk,
            email=email,
            token=token,
            language=language if language in ("fi", "sv", "en") else "fi",
        )
    )
    return False


def supporter_key(email: str) -> str:
    """The support key of an email address: "h" and a keyed hash, so that neither the table
    nor the link (which web servers log) holds the address."""
    return "h" + pseudonyms.keyed_hash(SUPPORT_SALT, email.strip().lower())


def check_support_link(*, token: str) -> Question:
    """The public question behind a support link, without counting the support."""
    return _support_link(token)[0]


def _support_link(token: str) -> tuple[Question, dict[str, Any]]:
    data = _link_data(token, SUPPORT_SALT)
    question = Question.objects.filter(pk=data.get("q")).first()
    if question is None or not question.is_public:
        raise signed_links.invalid_link()
    return question, data


def confirm_support(*, token: str) -> tuple[Question, bool]:
    """Count the support of a confirmed email address. Returns the question and whether the
    support was new: False when the address (or the account with this address) had already
    supported it."""
    question, data = _support_link(token)
    # "e" is the address itself, in links sent before the keyed hash; they work until expiry
    key = data.get("h") or (supporter_key(data["e"]) if data.get("e") else "")
    if not isinstance(key, str) or not key.startswith("h"):
        raise signed_links.invalid_link()
    key = key[:80]
    return question, _add_support(question, key=key, email_key=key)


# --- Routing and answering ------------------------------------------------------------------


def answerers(county: County):  # type: ignore[no-untyped-def]
    """Directors and managers who can be asked to answer."""
    return (
        Person.objects.filter(county=county, kind=Person.Kind.STAFF, is_active=True)
        .filter(is_manager=True)
        .exclude(user__isnull=True)
        .order_by("last_name", "first_name")
    )


def route(
    *, question: Question, person: Person, due_on: date, actor: Any, request: Any = None
) -> Question:
    errors: dict[str, str] = {}
    if not answerers(question.county).filter(pk=person.pk).exists():
        errors["person"] = _("Choose a director or manager of this county.")
    if due_on < timezone.localdate():
        errors["due_on"] = _("The due date cannot be in the past.")
    elif not year_in_range(due_on):
        # A slip such as 9999 would never make the question late.
        errors["due_on"] = year_out_of_range_message()
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.status not in (Question.Status.OPEN, Question.Status.ROUTED):
            raise ValidationError(_("Only a published, unanswered question can be routed."))
        question.status = Question.Status.ROUTED
        question.routed_to = person
        question.due_on = due_on
        question.routed_at = timezone.now()
        question.save(update_fields=["status", "routed_to", "due_on", "routed_at", "updated_at"])
        record_event(
            action="update",
            obj=question,
            actor=actor,
            request=request,
            changed_fields=["status", "routed_to", "due_on"],
        )
        from kuulu.questions.tasks import send_routed_notice

        transaction.on_commit(partial(send_routed_notice.enqueue, question_id=question.pk))
    return question


def sniff_media(head: bytes) -> str | None:
    """The content type of a recording from its first bytes; None for anything else."""
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "audio/mp4" if brand in (b"M4A ", b"M4B ") else "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    return None


MEDIA_EXTENSIONS = {
    "audio/mp4": "m4a",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "audio/wav": "wav",
}


def check_media(upload: UploadedFile) -> str:
    if upload.size is None or upload.size > MEDIA_MAX_BYTES:
        raise ValidationError({"media": _("The recording is larger than 200 MB.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_media(head)
    if content_type is None:
        raise ValidationError(
            {"media": _("The file is not a video or audio recording (MP4, WebM, MP3, Ogg, WAV).")}
        )
    return content_type


def publish_answer(
    *,
    question: Question,
    text: str,
    answerer: Person,
    answerer_title: str = "",
    media: UploadedFile | None = None,
    transcript: str = "",
    outcomes: Any = (),
    actor: Any = None,
    request: Any = None,
) -> Answer:
    errors: dict[str, str] = {}
    if not (text or "").strip():
        errors["text"] = _("Write the answer.")
    if media is not None and not (transcript or "").strip():
        errors["transcript"] = _("A recording needs a transcript, so that everyone can read it.")
    answerer_name = f"{answerer.first_name} {answerer.last_name}".strip()
    if len(answerer_name) > ANSWERER_NAME_MAX:
        # Cannot happen with the name fields' own limits; a form error, not a database error.
        errors[NON_FIELD_ERRORS] = _(
            "The answerer's name is longer than %(n)s characters. Shorten it in the person's "
            "details first."
        ) % {"n": ANSWERER_NAME_MAX}
    if errors:
        raise ValidationError(errors)
    content_type = check_media(media) if media is not None else ""
    for outcome in outcomes:
        if outcome.county_id != question.county_id:
            raise ValidationError({"outcomes": _("Choose outcomes of this county.")})
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.status not in (Question.Status.OPEN, Question.Status.ROUTED):
            raise ValidationError(_("Only a published, unanswered question can be answered."))
        answer = Answer(
            question=question,
            text=text.strip(),
            answered_by=answerer,
            answerer_name=answerer_name,
            answerer_title=(answerer_title or answerer.job_title or "").strip(),
            transcript=(transcript or "").strip(),
            media_type=content_type,
            published_at=timezone.now(),
        )
        if media is not None:
            stored = signing.get_cookie_signer().signature(f"{question.pk}{timezone.now()}")[:16]
            answer.media.save(
                f"{question.pk}-{stored}.{MEDIA_EXTENSIONS[content_type]}", media, save=False
            )
        answer.save()
        if outcomes:
            answer.outcomes.set(outcomes)
        question.status = Question.Status.ANSWERED
        question.save(update_fields=["status", "updated_at"])
        record_event(action="create", obj=answer, actor=actor, request=request)
        transaction.on_commit(
            partial(question_answered.send, sender=Question, question=question, answer=answer)
        )
        from kuulu.portal.services import invalidate_front_page
        from kuulu.questions.tasks import send_answer_notice

        transaction.on_commit(invalidate_front_page)
        transaction.on_commit(partial(send_answer_notice.enqueue, question_id=question.pk))
    return answer


# --- Conversion to feedback or a formal complaint -------------------------------------------


def convert(
    *,
    question: Question,
    to: str,
    reason: str,
    actor: Any,
    feedback_kind: str = "dissatisfaction",
    act: str = "",
    request: Any = None,
) -> Question:
    """Move a question that is really feedback or a formal complaint to the feedback register,
    and tell the asker why by email (never silently)."""
    from kuulu.feedback import services as feedback_services

    errors: dict[str, str] = {}
    if to not in (Question.ConvertedTo.FEEDBACK, Question.ConvertedTo.COMPLAINT):
        errors["to"] = _("Choose feedback or a formal complaint.")
    if not (reason or "").strip():
        errors["reason"] = _("Tell the asker why the question is moved.")
    if not question.asker_email:
        errors["to"] = _("The asker left no email address, so they could not be told.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.status in (
            Question.Status.ANSWERED,
            Question.Status.CONVERTED,
            Question.Status.UNVERIFIED,
        ):
            raise ValidationError(_("This question can no longer be moved."))
        service = question.service
        if to == Question.ConvertedTo.FEEDBACK:
            feedback, _created = feedback_services.submit_feedback(
                county=question.county,
                kind=feedback_kind,
                text=question.text,
                unit=service,
                theme=question.theme,
                language=question.language,
                wants_reply=True,
                contact_name=question.display_name,
                contact_email=question.asker_email,
                entered_by=actor,
                source_client="questions",
                request=request,
            )
            question.feedback = feedback
        else:
            name = question.display_name
            if question.asker is not None:
                name = question.asker.get_full_name() or name
            if not name:
                raise ValidationError(
                    {
                        "to": _(
                            "A formal complaint needs the asker's name. Move it to feedback, "
                            "or ask the asker to make the complaint."
                        )
                    }
                )
            complaint, _created = feedback_services.submit_complaint(
                county=question.county,
                act=act or "social_care",
                complainant_name=name,
                complainant_email=question.asker_email,
                description=question.text,
                unit=service,
                language=question.language,
                request=request,
            )
            question.complaint = complaint
        question.status = Question.Status.CONVERTED
        question.converted_to = to
        question.converted_reason = reason.strip()
        question.save()
        record_event(
            action="update",
            obj=question,
            actor=actor,
            request=request,
            changed_fields=["status", "converted_to"],
            summary="question moved to the feedback register",
        )
        from kuulu.questions.tasks import send_conversion_notice

        transaction.on_commit(partial(send_conversion_notice.enqueue, question_id=question.pk))
    return question


def overdue(county_id: int | None, today: date | None = None):  # type: ignore[no-untyped-def]
    today = today or timezone.localdate()
    queryset = Question.objects.filter(status=Question.Status.ROUTED, due_on__lt=today)
    return queryset if county_id is None else queryset.filter(county_id=county_id)


def default_answer_days() -> int:
    return getattr(settings, "QUESTIONS_ANSWER_DAYS", 21)
