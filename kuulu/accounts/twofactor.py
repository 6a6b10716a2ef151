"""Two-factor sign-in: a time-based one-time code (TOTP) from an authenticator app, and
single-use recovery codes, both kept by django-otp (docs/ARCHITECTURE.md, "Sign-in protection").

Who must use it (with KUULU_REQUIRE_2FA on, the production default): system administrators,
participation coordinators, unit managers (they handle their unit's feedback), staff named as
feedback handlers of a unit, and handlers of formal complaints (responsible directors and people
added to a complaint). Anyone else may turn it on from the profile page; whoever has it is asked
for a code at every sign-in.

The flow: password sign-in, then the verification page (or, for someone who must have two-factor
sign-in and has none, the enrolment page). Until then TwoFactorMiddleware lets the session reach
nothing but those pages and signing out. django-otp marks the session verified (the device's id
in the session); an identity provider that did the second factor itself can mark it too
(mark_verified_by_identity_provider).
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kuulu.core.audit import record_event
from kuulu.organisation.access import actor_for

PENDING_KEY = "kuulu_2fa_pending"  # signed in with a password; a code is still owed
CHECKED_KEY = "kuulu_2fa_checked"  # when the session was last found not to need two factors
NEXT_KEY = "kuulu_2fa_next"  # where to go after the second step
IDP_KEY = "kuulu_2fa_idp"  # the identity provider did the second factor (SSO)
RECHECK_SECONDS = 300  # a role given mid-session is enforced within this time
RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
STATIC_NAME = "recovery"

_LANGUAGE_PREFIX = re.compile(r"^/(?:fi|sv|en)/")
# Reachable before the second step (paths without the language prefix).
_OPEN_PATHS = ("accounts/two-factor/verify/", "accounts/two-factor/enrol/", "accounts/logout/")
_OPEN_ROOTS = ("/static/", "/media/", "/healthz", "/readyz", "/metrics", "/robots.txt")


# --- Who needs it -------------------------------------------------------------------------------


def handles_cases(user: Any) -> bool:
    """Named feedback handler of an active unit, or handler or responsible director of formal
    complaints (one query)."""
    from kuulu.accounts.models import User
    from kuulu.feedback.models import Complaint, ComplaintRouting, FeedbackHandler

    return (
        User.objects.filter(pk=user.pk)
        .filter(
            Q(Exists(FeedbackHandler.objects.filter(user_id=OuterRef("pk"), unit__is_active=True)))
            | Q(Exists(ComplaintRouting.objects.filter(director_id=OuterRef("pk"))))
            | Q(Exists(Complaint.objects.filter(director_id=OuterRef("pk"))))
            | Q(Exists(Complaint.handlers.through.objects.filter(user_id=OuterRef("pk"))))
        )
        .exists()
    )


def role_needs_two_factor(user: Any) -> bool:
    """Does this person's role call for a second factor (whatever KUULU_REQUIRE_2FA says)?"""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    actor = actor_for(user)
    if actor.is_coordinator or actor.is_manager:
        return True
    if not actor.is_staff:
        return False
    return handles_cases(user)


def two_factor_required(user: Any) -> bool:
    return settings.KUULU_REQUIRE_2FA and role_needs_two_factor(user)


# --- Devices ------------------------------------------------------------------------------------


def authenticator(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_second_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(user: Any) -> TOTPDevice:
    """The not yet confirmed authenticator being set up: the same one on every reload, so the
    QR code the person scanned stays valid until they confirm it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice, title: str) -> str:
    """The device's otpauth:// address as an inline SVG (segno's own markup: a path with
    attributes only, so the Content Security Policy needs no inline-style exception)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=5,
        border=4,
        svgclass="qr-code",
        title=title,
        lineclass=None,
    )
    return buffer.getvalue().decode()


def _new_recovery_codes(user: Any) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=STATIC_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


@transaction.atomic
def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code from it. On success the old authenticator goes,
    ten new recovery codes are made (returned, shown once), and the session is verified."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(_digits(code)):
        record_event(action="2fa_enrol_failed", obj=user, request=request)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _verified(request, device)
    record_event(action="2fa_enrolled", obj=user, request=request)
    return codes


@transaction.atomic
def regenerate_recovery_codes(request: HttpRequest) -> list[str]:
    codes = _new_recovery_codes(request.user)
    record_event(action="2fa_codes_renewed", obj=request.user, request=request)
    return codes


@dataclass(frozen=True)
class Verification:
    ok: bool
    throttled: bool = False
    used_recovery_code: bool = False


def _digits(code: str) -> str:
    return re.sub(r"\s", "", code or "")


def verify(request: HttpRequest, code: str) -> Verification:
    """Check a code from the authenticator (six digits) or a recovery code (used up). Wrong codes
    slow the device down (django-otp's throttling: 1, 2, 4, ... seconds)."""
    user = request.user
    code = _digits(code)
    if code.isdigit():
        devices: list[Any] = list(TOTPDevice.objects.filter(user=user, confirmed=True))
        recovery = False
    else:
        code = code.replace("-", "").lower()
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
        recovery = True
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            record_event(action="2fa_failed", obj=user, request=request, summary="throttled")
            return Verification(ok=False, throttled=True)
        verified = otp_verify_token(user, device.persistent_id, code)
        if verified is not None:
            _verified(request, verified)
            record_event(
                action="2fa_recovery_used" if recovery else "2fa_verified",
                obj=user,
                request=request,
            )
            return Verification(ok=True, used_recovery_code=recovery)
    record_event(action="2fa_failed", obj=user, request=request)
    return Verification(ok=False)


def _verified(request: HttpRequest, device: Any) -> None:
    request.session.cycle_key()  # a new session id for the more privileged session
    otp_login(request, device)
    request.session.pop(PENDING_KEY, None)


def is_verified(request: HttpRequest) -> bool:
    if request.session.get(IDP_KEY):
        return True
    check: Callable[[], bool] | None = getattr(request.user, "is_verified", None)
    return bool(check and check())


def mark_verified_by_identity_provider(request: HttpRequest) -> None:
    """For single sign-on: call after login() when the identity provider says it did a second
    factor itself (e.g. `amr` contains "mfa"), so Kuulu asks for no code of its own."""
    request.session[IDP_KEY] = True
    request.session.pop(PENDING_KEY, None)


@transaction.atomic
def remove_second_factor(*, user: Any, actor: Any, request: HttpRequest | None) -> int:
    """Delete a person's authenticator and recovery codes and tell them by email. Their sessions
    verified with them stop counting as verified at the next request (the device is gone)."""
    from kuulu.accounts.tasks import send_second_factor_removed

    deleted = TOTPDevice.objects.filter(user=user).delete()[0]
    deleted += StaticDevice.objects.filter(user=user).delete()[0]
    by_self = actor is not None and actor.pk == user.pk
    record_event(
        action="2fa_removed" if by_self else "2fa_reset", obj=user, actor=actor, request=request
    )
    transaction.on_commit(
        partial(send_second_factor_removed.enqueue, user_id=user.pk, by_self=by_self)
    )
    return deleted


def can_reset_second_factor(actor_user: Any, target: Any) -> bool:
    """System admins reset anyone's second factor; coordinators that of people of their own
    county who are not system admins. Nobody resets their own: they use a recovery code."""
    if target is None or actor_user is None or actor_user.pk == target.pk:
        return False
    if getattr(actor_user, "is_superuser", False) and actor_user.is_active:
        return True
    actor = actor_for(actor_user)
    if not actor.is_coordinator or target.is_superuser or target.is_staff:
        return False
    target_person = getattr(target, "person", None)
    return target_person is not None and target_person.county_id == actor.county_id


# --- Sign-in and enforcement --------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="kuulu_2fa_on_login")
def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Every sign-in of someone who has an authenticator owes a code, whatever the setting."""
    if request is None or not hasattr(request, "session"):
        return
    for key in (PENDING_KEY, CHECKED_KEY, IDP_KEY):
        request.session.pop(key, None)
    if has_second_factor(user):
        request.session[PENDING_KEY] = True


def next_step(request: HttpRequest) -> str | None:
    """The name of the page the signed-in user must pass next, if any."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return None
    if request.session.get(PENDING_KEY):
        return "accounts:two_factor_verify"
    if two_factor_required(user):
        return (
            "accounts:two_factor_verify" if has_second_factor(user) else "accounts:two_factor_enrol"
        )
    request.session[CHECKED_KEY] = time.time()
    return None


def remember_next(request: HttpRequest, target: str) -> None:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[NEXT_KEY] = target


def pop_next(request: HttpRequest, default: str) -> str:
    target = request.session.pop(NEXT_KEY, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _open_path(path: str) -> bool:
    if path.startswith(_OPEN_ROOTS):
        return True
    rest = _LANGUAGE_PREFIX.sub("", path, count=1)
    return rest != path and rest.startswith(_OPEN_PATHS)


class TwoFactorMiddleware:
    """A session that owes a second step reaches only that step and signing out. Costs nothing
    for sessions that owe nothing: with the requirement on, the roles are checked again every
    RECHECK_SECONDS, so a role given mid-session is enforced soon."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        blocked = self._check(request)
        return blocked if blocked is not None else self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session = request.session
        pending = session.get(PENDING_KEY, False)
        if not pending:
            if not settings.KUULU_REQUIRE_2FA:
                return None
            checked = session.get(CHECKED_KEY)
            if checked and time.time() - checked < RECHECK_SECONDS:
                return None
        if _open_path(request.path_info) or is_verified(request):
            return None
        step = next_step(request)
        if step is None:
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": "Two-factor sign-in required."}, status=403)
        target = reverse(step)
        if request.method == "GET":
            remember_next(request, request.get_full_path())
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
