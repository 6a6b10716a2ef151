from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.core import forms as core_forms
from kuulu.core.forms import KuuluForm


class AccessibilityFeedbackForm(KuuluForm):
    message = forms.CharField(
        label=_("What did not work?"),
        help_text=_("Tell us which page or part of the service was hard to use and how."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    page_url = forms.CharField(
        label=_("Address of the page (if you know it)"), max_length=500, required=False
    )
    contact_email = core_forms.EmailField(
        label=_("Your email address, if you want a reply"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
