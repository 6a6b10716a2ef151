from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kuulu.core import forms as core_forms
from kuulu.core.forms import AccessibleErrorsMixin, KuuluForm


class LoginForm(AccessibleErrorsMixin, AuthenticationForm):
    username = core_forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "The email address or password is wrong. Check them and try again; "
            "the password is case-sensitive."
        ),
        # The same words as a wrong password: the page must not tell whether an account exists.
        "inactive": _(
            "The email address or password is wrong. Check them and try again; "
            "the password is case-sensitive."
        ),
    }


class PasswordResetRequestForm(KuuluForm):
    email = core_forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ProfileForm(KuuluForm):
    language = forms.ChoiceField(
        label=_("Language of the service and of emails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )


class CodeForm(KuuluForm):
    """A code from the authenticator app, or (on the verification page) a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args: object, help_text: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text
