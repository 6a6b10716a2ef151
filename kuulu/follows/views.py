"""Pages of Follow and be told: a person's follows, and unsubscribing from a message's link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kuulu.core.forms import add_service_errors
from kuulu.core.ratelimits import public_form_rate
from kuulu.follows import access, selectors, services
from kuulu.follows.forms import FollowForm
from kuulu.organisation.access import actor_for, county_of
from kuulu.organisation.selectors import default_county


def _is_page_of_this_site(request: HttpRequest, back: str) -> bool:
    """A path of this site as the Follow button sends it (``/fi/...``), nothing else: not a
    view name (redirect() would try to reverse a plain word), another site or a control
    character that would reach the Location header."""
    return (
        back.startswith("/")
        and back.isprintable()
        and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(group="follows-add", key="user", rate=public_form_rate, method="POST", block=True)
def mine(request: HttpRequest) -> HttpResponse:
    if not access.can_follow(request.user):
        raise PermissionDenied
    # A person of a county follows its things; residents and system admins, who belong to
    # none, the installation's (404 when it has no county yet).
    county = county_of(actor_for(request.user))
    targets = selectors.followable_targets(county)
    county_of_target = dict.fromkeys((t.key for t in targets), county)
    portal = default_county()
    if request.method == "POST" and portal is not None and portal.pk != county.pk:
        # The Follow button of a public page, which shows the installation's county, works
        # for a person of another county too.
        extra = [t for t in selectors.followable_targets(portal) if t.key not in county_of_target]
        targets = [*targets, *extra]
        county_of_target.update(dict.fromkeys((t.key for t in extra), portal))
    initial = {"target": request.GET.get("target", "")}
    form = FollowForm(request.POST or None, targets=targets, initial=initial)
    if request.method == "POST" and form.is_valid():
        target = form.targets[form.cleaned_data["target"]]
        try:
            followed = services.follow(
                user=request.user,
                county_id=county_of_target[target.key].pk,
                target_kind=target.kind,
                target_key=target.key,
                target_label=target.label,
                delivery=form.cleaned_data["delivery"],
                phone=form.cleaned_data["phone"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_service_errors(form, exc)
            else:  # the number's errors
                form.add_error("phone", exc)
        else:
            messages.success(request, _("You now follow %(target)s.") % {"target": target.label})
            if followed.waits_for_phone_code:
                messages.info(
                    request,
                    _("We sent a code to your number. Type it below to start the text messages."),
                )
            back = request.POST.get("next", "")
            if _is_page_of_this_site(request, back):
                # The Follow button: back to the page it was on.
                return HttpResponseRedirect(back)
            return redirect("follows:mine")
    return render(
        request,
        "follows/mine.html",
        {
            "form": form,
            "follows": selectors.follows_of(request.user),
            "figures": selectors.delivery_figures(county_id=actor_for(request.user).county_id)
            if access.can_see_delivery_figures(request.user)
            else None,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def remove(request: HttpRequest, follow_id: int) -> HttpResponse:
    item = access.access_follow_for_owner(request.user, follow_id)
    services.unfollow(user=request.user, follow_id=item.pk)
    messages.success(request, _("You no longer follow %(target)s.") % {"target": item.target_label})
    return redirect("follows:mine")


@login_required
@require_POST
@ratelimit(group="follows-code", key="user", rate=public_form_rate, block=True)
def confirm_phone(request: HttpRequest, follow_id: int) -> HttpResponse:
    item = access.access_follow_for_owner(request.user, follow_id)
    try:
        services.confirm_phone(
            user=request.user, follow_id=item.pk, code=request.POST.get("code", "")[:20]
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("Your number is confirmed. Text messages about %(target)s start now.")
            % {"target": item.target_label},
        )
    return redirect("follows:mine")


@login_required
@require_POST
@ratelimit(group="follows-code", key="user", rate=public_form_rate, block=True)
def resend_code(request: HttpRequest, follow_id: int) -> HttpResponse:
    item = access.access_follow_for_owner(request.user, follow_id)
    try:
        services.resend_phone_code(user=request.user, follow_id=item.pk)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("We sent a new code to your number."))
    return redirect("follows:mine")


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to the link with no session and no
# CSRF token; the signed, single-use token in the URL is what authorises the request.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@ratelimit(group="follows-unsub", key="ip", rate=public_form_rate, method="POST", block=True)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        result = services.unsubscribe(token=token)
    else:
        result = services.check_unsubscribe(token)
    status = 200 if result.ok else 410 if result.reason in ("used", "expired") else 400
    return render(
        request,
        "follows/unsubscribe.html",
        {"result": result, "done": request.method == "POST" and result.ok},
        status=status,
    )
