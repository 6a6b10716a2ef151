"""Forms of Follow and be told: the shape of input only; services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.follows.models import Follow
from kuulu.follows.selectors import Target


class FollowForm(forms.Form):
    target = forms.ChoiceField(label=_("What do you want to follow?"))
    delivery = forms.ChoiceField(
        label=_("How do you want to be told?"),
        choices=Follow.Delivery.choices,
        initial=Follow.Delivery.DIGEST,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Mobile number (only for text messages)"),
        required=False,
        max_length=32,
        help_text=_("For example 040 123 4567, or +46 70 123 4567 from abroad."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, targets: list[Target], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.targets = {t.key: t for t in targets}
        self.fields["target"].choices = [(t.key, t.label) for t in targets]
