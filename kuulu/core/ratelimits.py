"""Rate limits for public forms, read from settings at request time."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def public_form_rate(group: str, request: HttpRequest) -> str:
    return settings.PUBLIC_FORM_LIMIT


def vote_rate(group: str, request: HttpRequest) -> str:
    return settings.VOTE_LIMIT


def statement_rate(group: str, request: HttpRequest) -> str:
    return settings.STATEMENT_LIMIT


def vote_ip_rate(group: str, request: HttpRequest) -> str:
    return settings.VOTE_IP_LIMIT


def statement_ip_rate(group: str, request: HttpRequest) -> str:
    return settings.STATEMENT_IP_LIMIT


def open311_read_rate(group: str, request: HttpRequest) -> str:
    return settings.OPEN311_READ_LIMIT
