"""Triage suggestions and replies to customers, run by the task worker after commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from kuulu.feedback.models import FeedbackEvent


@task()
def triage_feedback(feedback_id: int) -> None:
    from kuulu.feedback.services import apply_suggestions

    apply_suggestions(feedback_id)


@task()
def send_feedback_reply(event_id: int) -> None:
    """Email a handler's reply in the language the customer wrote in. Claimed with a
    conditional UPDATE, so a retried task never sends twice."""
    event = (
        FeedbackEvent.objects.select_related("feedback__unit")
        .filter(pk=event_id, kind=FeedbackEvent.Kind.REPLY, sent_at__isnull=True)
        .first()
    )
    if event is None:
        return
    feedback = event.feedback
    if not feedback.contact_email or feedback.anonymised_at is not None:
        return
    if not FeedbackEvent.objects.filter(pk=event.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    ):
        return
    with translation.override(feedback.language):
        context = {"feedback": feedback, "reply": event, "site_name": settings.KUULU_SITE_NAME}
        subject = " ".join(render_to_string("feedback/email/reply_subject.txt", context).split())
        body = render_to_string("feedback/email/reply_body.txt", context)
    EmailMessage(subject, body, None, [feedback.contact_email]).send()


@task()
def rebuild_feedback_rollup(county_id: int, day: str) -> None:
    """Recompute the dashboard roll-up of one received day (ISO date) of a county."""
    from datetime import date

    from kuulu.feedback.rollup import rebuild_rollup

    rebuild_rollup(county_id, {date.fromisoformat(day)})


@task()
def compute_emerging_topics(county_id: int) -> None:
    """Group the county's recent feedback into emerging topics (feedback/topics/)."""
    from kuulu.feedback.topics.services import compute_topics

    compute_topics(county_id)
