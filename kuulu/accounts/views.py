"""Sign in, sign out, password reset and profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import get_usage

from kuulu.accounts import services, twofactor
from kuulu.accounts.forms import LoginForm, PasswordResetRequestForm, ProfileForm
from kuulu.core.audit import record_event
from kuulu.core.i18n import path_in_language
from kuulu.organisation.access import actor_for


def set_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=True,
    )
    return response


class LoginView(auth_views.LoginView):
    """Password sign-in. Failed attempts are counted by django-axes (kuulu.accounts.throttling);
    a locked-out account or address gets the same page with a 429. Someone with two-factor
    sign-in goes on to the code page (or, if they must have it and have none, to enrolment)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        record_event(action="login_failed", object_type="accounts.user", request=self.request)
        return super().form_invalid(form)

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        record_event(action="login", obj=user, actor=user, request=self.request)
        step = twofactor.next_step(self.request)
        if step is not None:
            twofactor.remember_next(self.request, path_in_language(response.url, user.language))
            with translation.override(user.language):
                target = reverse(step)
        else:
            target = path_in_language(response.url, user.language)
        return set_language_cookie(HttpResponseRedirect(target), user.language)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    if request.user.is_authenticated:
        record_event(action="logout", obj=request.user, request=request)
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("portal:front")


def _reset_address_key(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST":
        usage = get_usage(
            request,
            group="password-reset",
            key="ip",
            rate=settings.PUBLIC_FORM_LIMIT,
            method="POST",
            increment=True,
        )
        if usage and usage["should_limit"]:
            return render(request, "429.html", status=429)
        if form.is_valid():
            # A few messages an hour per address at most, so the form cannot flood a mailbox;
            # past that nothing is sent, and the answer is still the same.
            per_address = get_usage(
                request,
                group="password-reset-address",
                key=_reset_address_key,
                rate=settings.PASSWORD_RESET_ADDRESS_LIMIT,
                method="POST",
                increment=True,
            )
            if not (per_address and per_address["should_limit"]):
                services.request_password_reset(email=form.cleaned_data["email"], request=request)
            return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset.html", {"form": form})


def password_reset_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_done.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_user(self, uidb64: str):  # type: ignore[no-untyped-def]
        # A link made before the account was linked to the organisation's sign-in is no longer
        # honoured: it shows as an invalid link.
        user = super().get_user(uidb64)
        if user is not None and not services.password_reset_allowed(user):
            return None
        return user

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        replaced = self.user.has_usable_password()
        response = super().form_valid(form)
        services.password_set_by_link(user=self.user, replaced=replaced, request=self.request)
        return response


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_complete.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, initial={"language": user.language})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.set_language(user=user, language=language)
        messages.success(request, _("Your choices have been saved."))
        target = path_in_language(reverse("accounts:profile"), language)
        return set_language_cookie(HttpResponseRedirect(target), language)
    person = getattr(user, "person", None)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "person": person,
            "actor": actor_for(user),
            "two_factor_on": twofactor.has_second_factor(user),
            "two_factor_required": twofactor.two_factor_required(user),
            "recovery_codes_left": twofactor.recovery_codes_left(user),
        },
    )


def admin_login_redirect(request: HttpRequest) -> HttpResponse:
    """The Django admin's sign-in goes through Kuulu's own (throttled, audited) sign-in."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    return redirect_to_login(target, login_url=reverse("accounts:login"))
