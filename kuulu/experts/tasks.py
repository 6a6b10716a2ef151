"""Emails of the experience-expert bank in the recipient's language, sent by the task worker.
Tasks take ids only; the answer link is signed when the email is sent."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from kuulu.experts.models import Engagement, Offer
from kuulu.experts.services import offer_token


def _language(person) -> str:  # type: ignore[no-untyped-def]
    user = getattr(person, "user", None)
    return getattr(user, "language", None) or settings.LANGUAGE_CODE


def _send(kind: str, context: dict, to: str, language: str) -> None:
    with translation.override(language):
        context = {**context, "site_name": settings.KUULU_SITE_NAME}
        subject = " ".join(render_to_string(f"experts/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"experts/email/{kind}_body.txt", context)
    EmailMessage(subject, body, None, [to]).send()


@task()
def send_offer_email(offer_id: int) -> None:
    offer = (
        Offer.objects.select_related("request__municipality", "profile__person__user")
        .filter(pk=offer_id, status=Offer.Status.PENDING)
        .first()
    )
    if offer is None or not offer.profile.in_bank or not offer.profile.person.email:
        return
    person = offer.profile.person
    language = _language(person)
    with translation.override(language):
        answer_url = settings.KUULU_BASE_URL.rstrip("/") + reverse(
            "experts:offer_answer", kwargs={"token": offer_token(offer)}
        )
    _send(
        "offer",
        {"offer": offer, "request": offer.request, "person": person, "answer_url": answer_url},
        person.email,
        language,
    )


@task()
def send_engagement_email(engagement_id: int) -> None:
    """Tells the requesting professional that an expert accepted."""
    engagement = (
        Engagement.objects.select_related("request__requested_by__user", "profile__person")
        .filter(pk=engagement_id)
        .first()
    )
    if engagement is None:
        return
    requester = engagement.request.requested_by
    if not requester.email:
        return
    language = _language(requester)
    with translation.override(language):
        url = settings.KUULU_BASE_URL.rstrip("/") + reverse(
            "experts:engagement", kwargs={"engagement_id": engagement.pk}
        )
    _send(
        "accepted",
        {"engagement": engagement, "request": engagement.request, "person": requester, "url": url},
        requester.email,
        language,
    )
