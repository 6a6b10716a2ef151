"""Sign-in with the organisation's account, identification with Suomi.fi, and the client's keys.

The callbacks have no language prefix (the identity provider knows one fixed address); they
answer in the language the person started in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from kuulu.accounts import twofactor
from kuulu.core.audit import record_event
from kuulu.core.i18n import path_in_language
from kuulu.identity import keys, oidc_client, requirements, staff_sso, strong_id
from kuulu.identity.staff_sso import support_contact

BACKEND = "kuulu.identity.backends.OidcBackend"
# Per address, generous: a county office's staff share one address at eight in the morning.
SIGN_IN_RATE = "300/m"


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _refused(request: HttpRequest, *, client: str, code: str, message: str) -> HttpResponse:
    record_event(
        action="sso_refused" if client == "staff" else "strong_id_refused",
        object_type="identity.oidc",
        request=request,
        summary=f"{client}: {code}",
    )
    return render(
        request,
        "identity/refused.html",
        {"message": message, "client": client, "code": code},
        status=403,
    )


@never_cache
@require_GET
@ratelimit(group="identity-sign-in", key="ip", rate=SIGN_IN_RATE, block=True)
def staff_login(request: HttpRequest) -> HttpResponse:
    return _begin(request, oidc_client.staff_client(), "staff", reverse("workspace:home"))


def _begin(request: HttpRequest, client: Any, name: str, default_next: str) -> HttpResponse:
    """Send the browser to the provider, or say why it can't go (an unconfigured client is 404)."""
    if client is None:
        raise Http404
    next_url = _safe_next(request, default_next)
    try:
        return HttpResponseRedirect(oidc_client.begin(request, client, next_url=next_url))
    except oidc_client.TokenRefused as refusal:
        return _refused(request, client=name, code=refusal.code, message=refusal.message)


@never_cache
@require_GET
@ratelimit(group="identity-sign-in", key="ip", rate=SIGN_IN_RATE, block=True)
def staff_callback(request: HttpRequest) -> HttpResponse:
    client = oidc_client.staff_client()
    if client is None:
        raise Http404
    language = oidc_client.pending_language(request) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            result = oidc_client.complete(request, client)
        except oidc_client.TokenRefused as refusal:
            return _refused(request, client="staff", code=refusal.code, message=refusal.message)
        try:
            outcome = staff_sso.sign_in_staff(
                issuer=client.issuer,
                claims=result.claims,
                userinfo=result.userinfo,
                userinfo_refused=result.userinfo_refused,
                request=request,
            )
        except staff_sso.SignInRefused as refusal:
            return _refused(
                request,
                client="staff",
                code=refusal.code,
                message=_(
                    "Your email address belongs to a Kuulu account that is linked to another "
                    "account at the organisation's sign-in service. Contact %(contact)s."
                )
                % {"contact": support_contact()},
            )
        if outcome.deactivated and outcome.closed_here:
            return _refused(
                request,
                client="staff",
                code="account_closed",
                message=_(
                    "Your Kuulu account has been closed. If this is a mistake, contact %(contact)s."
                )
                % {"contact": support_contact()},
            )
        if outcome.deactivated:
            return _refused(
                request,
                client="staff",
                code="deactivated",
                message=_(
                    "Your account has been closed because the organisation's sign-in service "
                    "says you no longer work here. If this is a mistake, contact %(contact)s."
                )
                % {"contact": support_contact()},
            )
        login(request, outcome.user, backend=BACKEND)
        if staff_sso.idp_did_multi_factor(result.claims.get("amr")):
            # The provider did a second factor itself: Kuulu asks for no code of its own.
            twofactor.mark_verified_by_identity_provider(request)
        record_event(action="login", obj=outcome.user, actor=outcome.user, request=request)
        if not outcome.mapping.has_staff_role:
            target = reverse("identity:no_staff_rights")
        else:
            target = result.next_url or reverse("workspace:home")
        return HttpResponseRedirect(path_in_language(target, language))


def no_staff_rights(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/no_staff_rights.html", {"contact": support_contact()})


@never_cache
@require_GET
@ratelimit(group="identity-sign-in", key="ip", rate=SIGN_IN_RATE, block=True)
def resident_identify(request: HttpRequest) -> HttpResponse:
    return _begin(
        request, oidc_client.resident_client(), "resident", reverse("identity:identified")
    )


IDENTIFICATION_MESSAGES = {
    "weak_level": gettext_lazy(
        "The identification was not strong enough. Identify with online banking codes, a "
        "mobile certificate or an identity card."
    ),
    "no_identity_code": gettext_lazy("The identification service did not tell who you are."),
    "invalid_identity_code": gettext_lazy(
        "The identification service gave an invalid identity code."
    ),
}


@never_cache
@require_GET
@ratelimit(group="identity-sign-in", key="ip", rate=SIGN_IN_RATE, block=True)
@sensitive_variables("result")  # error reports never show the claims (the identity code)
def resident_callback(request: HttpRequest) -> HttpResponse:
    client = oidc_client.resident_client()
    if client is None:
        raise Http404
    language = oidc_client.pending_language(request) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            result = oidc_client.complete(request, client)
            identified = strong_id.identify_resident(
                claims=result.claims, current_user=request.user, request=request
            )
        except oidc_client.TokenRefused as refusal:
            return _refused(request, client="resident", code=refusal.code, message=refusal.message)
        except strong_id.IdentificationRefused as refusal:
            return _refused(
                request,
                client="resident",
                code=refusal.code,
                message=str(IDENTIFICATION_MESSAGES[refusal.code]),
            )
        user = identified.identity.user
        if not user.is_active:
            return _refused(
                request,
                client="resident",
                code="inactive",
                message=_("This account has been closed."),
            )
        login(request, user, backend=BACKEND)
        requirements.remember(request, identified.identity)
        # Substantial and high levels of assurance are multi-factor by definition (eIDAS).
        twofactor.mark_verified_by_identity_provider(request)
        record_event(action="login", obj=user, actor=user, request=request)
        target = result.next_url or reverse("identity:identified")
        return HttpResponseRedirect(path_in_language(target, language))


def identified(request: HttpRequest) -> HttpResponse:
    identification = requirements.current(request)
    return render(
        request,
        "identity/identified.html",
        {
            "identification": identification,
            "level_label": requirements.Level(identification.level).label,
        },
    )


@require_GET
def client_jwks(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(keys.public_jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response
