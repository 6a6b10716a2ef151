"""Coordinators' management of API tokens."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kuulu.integrations import access, services
from kuulu.integrations.forms import TokenForm


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    token_list = access.tokens_visible_to(request.user)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data["expires_on"]
        expires_at = timezone.make_aware(datetime.combine(expires, time.max)) if expires else None
        issued = services.create_token(
            user=request.user,
            name=form.cleaned_data["name"],
            expires_at=expires_at,
            request=request,
        )
        form = TokenForm()
    return render(
        request,
        "integrations/tokens.html",
        {"tokens": list(token_list), "form": form, "issued": issued},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access.access_token_for_revoker(request.user, token_id)
    services.revoke_token(token=token, actor=request.user, request=request)
    messages.success(
        request, _("The token has been revoked. Integrations using it stop working now.")
    )
    return redirect("integrations:tokens")
