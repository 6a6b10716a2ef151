"""Registration emails in the registrant's language, sent by the task worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from kuulu.events.ical import calendar_for
from kuulu.events.models import Registration
from kuulu.events.services import cancel_token

KINDS = {
    "confirmed",
    "waitlisted",
    "promoted",
    "cancelled",
    "event_cancelled",
    "event_changed",
    "reminder",
}


@task()
def send_registration_email(registration_id: int, kind: str) -> None:
    registration = (
        Registration.objects.select_related("session__event").filter(pk=registration_id).first()
    )
    if registration is None or registration.anonymised_at is not None or kind not in KINDS:
        return
    session = registration.session
    with translation.override(registration.language):
        cancel_url = settings.KUULU_BASE_URL.rstrip("/") + reverse(
            "events:cancel", kwargs={"token": cancel_token(registration)}
        )
        context = {
            "registration": registration,
            "session": session,
            "event": session.event,
            "cancel_url": cancel_url,
            "site_name": settings.KUULU_SITE_NAME,
        }
        subject = " ".join(render_to_string(f"events/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"events/email/{kind}_body.txt", context)
        with_place = registration.status == Registration.Status.ATTENDING
        attachment = (
            calendar_for([session], with_links=with_place)
            if kind in {"confirmed", "promoted", "event_changed", "event_cancelled", "reminder"}
            else None
        )
    message = EmailMessage(subject, body, None, [registration.email])
    if attachment is not None:
        message.attach(f"event-{session.event_id}.ics", attachment, "text/calendar")
    message.send()
