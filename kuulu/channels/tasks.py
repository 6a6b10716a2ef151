"""Emails to applicants in their own language, sent by the task worker after commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from kuulu.channels.models import Application, Membership


@task()
def send_application_decision(application_id: int) -> None:
    application = Application.objects.select_related("channel").filter(pk=application_id).first()
    if application is None or application.status == Application.Status.PENDING:
        return
    kind = "accepted" if application.status == Application.Status.ACCEPTED else "rejected"
    membership = (
        Membership.objects.filter(application=application).order_by("id").first()
        if kind == "accepted"
        else None
    )
    language = application.language if application.language in dict(settings.LANGUAGES) else "fi"
    with translation.override(language):
        context = {
            "application": application,
            "channel": application.channel,
            "membership": membership,
            "site_name": settings.KUULU_SITE_NAME,
        }
        subject = " ".join(render_to_string(f"channels/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"channels/email/{kind}_body.txt", context)
    EmailMessage(subject, body, None, [application.email]).send()
