"""Failed sign-in throttling, by django-axes (settings: AXES_*, LOGIN_*; docs/ARCHITECTURE.md).

Axes counts failures in the database, so every app server sees the same counts. Two limits
apply at once: LOGIN_FAILURE_LIMIT failures for one account name (from any address) and
LOGIN_IP_LIMIT failures from one address (for any account names, set higher because an office
or a library shares one address). Either one pauses sign-in for LOGIN_COOLOFF_MINUTES. Account
names that do not exist are counted exactly like real ones, so the pause tells nothing about
who has an account.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kuulu.core.audit import client_ip


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account name as sign-in sees it (case and spaces ignored), so that variants of one
    address share one count."""
    value = None
    if credentials:
        value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None:
        value = request.POST.get("username")
    if not value:
        return None
    return str(value).strip().lower()


def client_address(request: HttpRequest) -> str | None:
    """The client's address, read the same way as for the audit log (kuulu.core.audit)."""
    return client_ip(request)


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    return settings.LOGIN_FAILURE_LIMIT


class LoginAttemptHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, higher limit per address.

    Axes compares one failure count with one limit. The count returned here is the larger of the
    account's failures and the address's failures scaled to the account limit, so that it reaches
    LOGIN_FAILURE_LIMIT exactly when the account has LOGIN_FAILURE_LIMIT failures or the address
    has LOGIN_IP_LIMIT failures.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        account_limit = max(1, settings.LOGIN_FAILURE_LIMIT)
        address_limit = max(1, settings.LOGIN_IP_LIMIT)
        counts = []
        for parameter, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS,
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            total = sum(attempts.values_list("failures_since_start", flat=True))
            if parameter == "ip_address":
                total = total * account_limit // address_limit
            counts.append(total)
        return max(counts, default=0)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The sign-in page in the user's language saying that signing in is paused (429)."""
    from kuulu.accounts.forms import LoginForm

    form = LoginForm(request)
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "throttled": True,
            "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
            "next": request.POST.get("next", ""),
        },
        status=429,
    )
