from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm


class TokenForm(KuuluForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("Which integration uses the token, e.g. the intranet."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token that is valid until revoked."),
    )

    def clean_expires_on(self):  # type: ignore[no-untyped-def]
        value = self.cleaned_data.get("expires_on")
        if value and value <= timezone.localdate():
            raise forms.ValidationError(_("The date must be in the future."))
        return value
