"""Assignment emails in each person's language, sent by the task worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from kuulu.assignments.models import Assignment
from kuulu.assignments.selectors import statuses

KINDS = {"assigned", "reminder"}
BATCH = 100


@task()
def send_assignment_emails(assignment_id: int, kind: str) -> int:
    """Email everyone the assignment covers who has not completed it yet. Returns the count."""
    assignment = (
        Assignment.objects.select_related("course", "event").filter(pk=assignment_id).first()
    )
    if assignment is None or kind not in KINDS or assignment.status != Assignment.Status.ACTIVE:
        return 0
    messages = []
    for status in statuses(assignment):
        person = status.person
        if status.done_on is not None:
            continue
        user = person.user
        address = person.email or (user.email if user else "")
        if not address:
            continue
        language = (user.language if user else "") or "fi"
        with translation.override(language):
            context = {
                "assignment": assignment,
                "person": person,
                "url": settings.KUULU_BASE_URL.rstrip("/") + reverse("assignments:mine"),
                "site_name": settings.KUULU_SITE_NAME,
            }
            subject = " ".join(
                render_to_string(f"assignments/email/{kind}_subject.txt", context).split()
            )
            body = render_to_string(f"assignments/email/{kind}_body.txt", context)
        messages.append(EmailMessage(subject, body, None, [address]))
    connection = get_connection()
    for start in range(0, len(messages), BATCH):
        connection.send_messages(messages[start : start + BATCH])
    return len(messages)
