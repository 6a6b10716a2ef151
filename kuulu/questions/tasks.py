"""Emails of Ask the leadership, sent by the task worker after the transaction commits. Each
message goes out in the asker's language. Tasks take ids (the support task also takes the
address and link it mails, which are stored nowhere)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


def _absolute(path: str) -> str:
    return settings.KUULU_BASE_URL.rstrip("/") + path


@task()
def send_question_confirmation(question_id: int) -> None:
    from kuulu.questions.models import Question
    from kuulu.questions.services import confirmation_token

    question = Question.objects.filter(pk=question_id, status=Question.Status.UNVERIFIED).first()
    if question is None or not question.asker_email:
        return
    with translation.override(question.language):
        link = _absolute(reverse("questions:confirm", args=[confirmation_token(question)]))
        send_mail(
            _("Confirm your question to the leadership"),
            _(
                "Thank you for your question. Open this link to confirm your email address; "
                "the question is published after that, following the published rules.\n\n"
                "%(link)s"
            )
            % {"link": link},
            None,
            [question.asker_email],
        )


@task()
def send_support_confirmation(
    question_id: int, email: str, token: str, language: str = "fi"
) -> None:
    with translation.override(language or "fi"):
        link = _absolute(reverse("questions:support_confirm", args=[token]))
        send_mail(
            _("Confirm your support"),
            _("Open this link to support the question. Your support is counted once.\n\n%(link)s")
            % {"link": link},
            None,
            [email],
        )


@task()
def send_routed_notice(question_id: int) -> None:
    from kuulu.questions.models import Question

    question = Question.objects.select_related("routed_to__user").filter(pk=question_id).first()
    if question is None or question.routed_to is None or not question.routed_to.email:
        return
    # in the language the answerer uses the service in (the worker's own is the default)
    account = question.routed_to.user
    language = getattr(account, "language", "") or "fi"
    with translation.override(language if language in ("fi", "sv", "en") else "fi"):
        link = _absolute(reverse("questions:manage_question", args=[question.pk]))
        due = question.due_on.strftime("%d.%m.%Y") if question.due_on else ""
        send_mail(
            _("A resident's question is waiting for your answer"),
            _("Please answer the question by %(date)s:\n\n%(link)s") % {"date": due, "link": link},
            None,
            [question.routed_to.email],
        )


@task()
def send_conversion_notice(question_id: int) -> None:
    from kuulu.questions.models import Question

    question = (
        Question.objects.select_related("feedback", "complaint").filter(pk=question_id).first()
    )
    if question is None or not question.asker_email:
        return
    with translation.override(question.language):
        if question.converted_to == Question.ConvertedTo.COMPLAINT:
            what = _("a formal complaint")
            reference = question.complaint.reference if question.complaint else ""
        else:
            what = _("feedback")
            reference = question.feedback.reference if question.feedback else ""
        send_mail(
            _("Your question was moved to be handled as %(what)s") % {"what": what},
            _(
                "Your question to the leadership is handled as %(what)s, so that it reaches "
                "the people who can act on it. It is not published as a question.\n\n"
                "Why: %(reason)s\n\nReference: %(reference)s"
            )
            % {"what": what, "reason": question.converted_reason, "reference": reference},
            None,
            [question.asker_email],
        )


@task()
def send_answer_notice(question_id: int) -> None:
    """Tell the asker that their question has been answered, with a link to the answer."""
    from kuulu.questions.models import Question

    question = Question.objects.filter(pk=question_id, status=Question.Status.ANSWERED).first()
    if question is None or not question.asker_email:
        return
    with translation.override(question.language):
        link = _absolute(reverse("questions:detail", args=[question.pk]))
        send_mail(
            _("Your question to the leadership has been answered"),
            _("The answer to your question is published:\n\n%(link)s") % {"link": link},
            None,
            [question.asker_email],
        )
