"""Two-factor sign-in pages: verify, enrol, recovery codes, turn off, and the reset by an admin
or coordinator. The logic lives in kuulu.accounts.twofactor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kuulu.accounts import twofactor
from kuulu.accounts.forms import CodeForm
from kuulu.accounts.models import User


def _after(request: HttpRequest) -> str:
    return twofactor.pop_next(request, reverse("workspace:home"))


def _codes_page(request: HttpRequest, codes: list[str], *, first_time: bool) -> HttpResponse:
    """The recovery codes, shown this once (never stored in the session or a cache)."""
    return render(
        request,
        "accounts/two_factor_codes.html",
        {
            "codes": [twofactor.format_code(code) for code in codes],
            "first_time": first_time,
            "continue_url": _after(request) if first_time else reverse("accounts:profile"),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app or a recovery code."""
    user = request.user
    if twofactor.is_verified(request):
        return redirect(_after(request))
    if not twofactor.has_second_factor(user):
        request.session.pop(twofactor.PENDING_KEY, None)
        if twofactor.two_factor_required(user):
            return redirect("accounts:two_factor_enrol")
        return redirect(_after(request))
    form = CodeForm(
        request.POST or None,
        help_text=_(
            "The six digits your authenticator app shows for Kuulu. If you do not have your "
            "phone, type one of your recovery codes instead."
        ),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        result = twofactor.verify(request, form.cleaned_data["code"])
        if result.ok:
            if result.used_recovery_code:
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)s are left. If you lost "
                        "your phone, set up the app again from your profile."
                    )
                    % {"left": left},
                )
            return redirect(_after(request))
        if result.throttled:
            form.add_error("code", _("Too many wrong codes in a row. Wait a minute and try again."))
            status = 429
        else:
            form.add_error(
                "code",
                _(
                    "The code is not right. Check that you use the newest code, that your "
                    "phone's clock is right, and try again."
                ),
            )
    return render(request, "accounts/two_factor_verify.html", {"form": form}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code and the same secret as text, then a code from the
    app confirms it, and the recovery codes are shown once."""
    user = request.user
    if twofactor.has_second_factor(user) and not twofactor.is_verified(request):
        # Replacing an authenticator needs the current one (or a recovery code) first.
        return redirect("accounts:two_factor_verify")
    device = twofactor.pending_authenticator(user)
    form = CodeForm(
        request.POST or None,
        help_text=_("The six digits the app shows for Kuulu after you added it."),
    )
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            return _codes_page(request, codes, first_time=True)
        form.add_error(
            "code",
            _(
                "The code is not right. Check that you added the account shown on this page "
                "and that your phone's clock is right, and try again."
            ),
        )
    # segno's own SVG markup: no user input but the escaped otpauth address.
    svg = mark_safe(twofactor.qr_svg(device, _("QR code for your authenticator app")))  # noqa: S308
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": svg,
            "secret": twofactor.secret_for_display(device),
            "required": twofactor.two_factor_required(user),
            "replacing": twofactor.has_second_factor(user),
        },
    )


def _require_verified(request: HttpRequest) -> None:
    if not twofactor.has_second_factor(request.user) or not twofactor.is_verified(request):
        raise PermissionDenied


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    _require_verified(request)
    if request.method == "POST":
        codes = twofactor.regenerate_recovery_codes(request)
        return _codes_page(request, codes, first_time=False)
    return render(
        request,
        "accounts/two_factor_recovery.html",
        {"left": twofactor.recovery_codes_left(request.user)},
    )


@login_required
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    """Turn one's own two-factor sign-in off; not for those who must have it."""
    _require_verified(request)
    if twofactor.two_factor_required(request.user):
        raise PermissionDenied
    twofactor.remove_second_factor(user=request.user, actor=request.user, request=request)
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:profile")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """An admin (anyone) or a coordinator (people of their county) removes a person's
    authenticator and recovery codes after a lost phone; recorded in the audit log. The person
    sets up a new one at their next sign-in."""
    target = get_object_or_404(User.objects.select_related("person"), pk=user_id)
    if not twofactor.can_reset_second_factor(request.user, target):
        raise PermissionDenied
    if request.method == "POST":
        twofactor.remove_second_factor(user=target, actor=request.user, request=request)
        messages.success(
            request,
            _(
                "The second factor was reset. The person sets up an authenticator app again "
                "at their next sign-in."
            ),
        )
        return redirect("accounts:two_factor_reset", user_id=target.pk)
    return render(
        request,
        "accounts/two_factor_reset.html",
        {
            "target": target,
            "has_second_factor": twofactor.has_second_factor(target),
            "codes_left": twofactor.recovery_codes_left(target),
        },
    )
