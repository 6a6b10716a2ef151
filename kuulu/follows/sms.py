"""Sending text messages through a provider interface.

`FOLLOWS_SMS_BACKEND` names the backend: "console" (development, the default: writes to the
log without the number) or "http" (a provider's JSON HTTP API). The HTTP backend posts
``{"sender": ..., "destination": "+358...", "text": ...}`` with a bearer token to
`FOLLOWS_SMS_URL` and treats a 2xx answer as accepted; this request shape fits the Nordic
gateways that take JSON (the field names are configurable in `FOLLOWS_SMS_FIELDS`).
A failure raises `SmsError`; the caller retries.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from typing import Protocol

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The provider did not accept the message (the caller retries)."""


@dataclass(frozen=True)
class Sms:
    to: str  # E.164
    text: str
    # What the development console may show of the message (the number never): a number
    # confirmation's code, so that the demo can be tried without a phone. Empty: length only.
    console_note: str = ""


class SmsBackend(Protocol):
    def send(self, message: Sms) -> None: ...


class ConsoleBackend:
    """Development: logs the text's length, never the number or the text. Keeps the last
    messages in memory (for tests and a developer's shell), bounded so a long-running worker
    does not grow."""

    sent: deque[Sms]

    def __init__(self, keep: int = 200) -> None:
        self.sent = deque(maxlen=keep)

    def send(self, message: Sms) -> None:
        self.sent.append(message)
        if message.console_note:
            logger.info(
                "SMS (console backend): %d characters; %s", len(message.text), message.console_note
            )
        else:
            logger.info("SMS (console backend): %d characters", len(message.text))


class HttpBackend:
    """A provider's JSON HTTP API with a bearer token."""

    def __init__(
        self,
        *,
        url: str,
        token: str,
        sender: str,
        timeout: float = 10.0,
        fields: dict[str, str] | None = None,
    ) -> None:
        if not url or not token:
            raise ImproperlyConfigured(
                "FOLLOWS_SMS_BACKEND is http but FOLLOWS_SMS_URL or FOLLOWS_SMS_TOKEN is empty."
            )
        self.url = url
        self.token = token
        self.sender = sender
        self.timeout = timeout
        self.fields = {"sender": "sender", "to": "destination", "text": "text", **(fields or {})}

    def send(self, message: Sms) -> None:
        body = {
            self.fields["sender"]: self.sender,
            self.fields["to"]: message.to,
            self.fields["text"]: message.text,
        }
        try:
            reply = requests.post(
                self.url,
                json=body,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise SmsError(type(exc).__name__) from exc
        if not 200 <= reply.status_code < 300:
            raise SmsError(f"HTTP {reply.status_code}")


_console = ConsoleBackend()


def backend() -> SmsBackend:
    name = getattr(settings, "FOLLOWS_SMS_BACKEND", "console")
    if name == "console":
        return _console
    if name == "http":
        return HttpBackend(
            url=getattr(settings, "FOLLOWS_SMS_URL", ""),
            token=getattr(settings, "FOLLOWS_SMS_TOKEN", ""),
            sender=getattr(settings, "FOLLOWS_SMS_SENDER", "Kuulu"),
            fields=getattr(settings, "FOLLOWS_SMS_FIELDS", None),
        )
    raise ImproperlyConfigured(f"Unknown FOLLOWS_SMS_BACKEND {name!r}.")
