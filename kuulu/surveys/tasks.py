"""Survey emails in the recipient's language, sent by the task worker. Links with tokens are
made when the email is sent, so no raw token sits in the queue table or the database."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from kuulu.surveys.models import Invitation, Response
from kuulu.surveys.services import issue_invitation_token, renew_resume_token


def _send(template: str, context: dict, to: str) -> None:
    subject = " ".join(render_to_string(f"surveys/email/{template}_subject.txt", context).split())
    body = render_to_string(f"surveys/email/{template}_body.txt", context)
    EmailMessage(subject, body, None, [to]).send()


@task()
def send_survey_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("survey").filter(pk=invitation_id).first()
    if invitation is None or invitation.used_at is not None or not invitation.email:
        return
    raw = issue_invitation_token(invitation.pk)
    if raw is None:
        return
    with translation.override(invitation.language):
        url = settings.KUULU_BASE_URL.rstrip("/") + reverse(
            "surveys:invitation", kwargs={"token": raw}
        )
        context = {
            "survey": invitation.survey,
            "url": url,
            "site_name": settings.KUULU_SITE_NAME,
        }
        _send("invitation", context, invitation.email)


@task()
def send_resume_link(response_id: int, email: str, language: str) -> None:
    """Email a new link for continuing an unfinished response. The address is used for this
    email only and is not stored with the response."""
    response = (
        Response.objects.select_related("survey")
        .filter(pk=response_id, status=Response.Status.IN_PROGRESS)
        .first()
    )
    if response is None:
        return
    raw = renew_resume_token(response=response)
    with translation.override(language if language in ("fi", "sv", "en") else "fi"):
        url = settings.KUULU_BASE_URL.rstrip("/") + reverse(
            "surveys:resume", kwargs={"survey_id": response.survey_id, "token": raw}
        )
        context = {
            "survey": response.survey,
            "url": url,
            "closes_at": response.survey.closes_at,
            "site_name": settings.KUULU_SITE_NAME,
        }
        _send("resume", context, email)
