from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.core import forms as core_forms
from kuulu.core.forms import HoneypotMixin, KuuluForm
from kuulu.feedback.models import Feedback, Theme
from kuulu.organisation.models import Unit


class AskForm(HoneypotMixin, KuuluForm):
    text = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Do not write your identity code, phone number or health details: the question is "
            "public. We hide such details if we find them."
        ),
    )
    display_name = forms.CharField(
        label=_("Name shown with the question"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to ask anonymously."),
    )
    email = core_forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Not shown. We send a link to confirm it, and tell you when it is answered."),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label="-"
    )
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Unit.objects.none(), required=False, empty_label="-"
    )
    rules = forms.BooleanField(label=_("I have read the rules for questions."))

    def __init__(self, *args: Any, county: Any, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(county=county, is_active=True)
        self.fields["service"].queryset = Unit.objects.filter(
            county=county, kind=Unit.Kind.SERVICE_AREA, is_active=True
        )
        if signed_in:
            del self.fields["email"]
        else:
            self.fields["email"].required = True


class SupportForm(KuuluForm):
    email = core_forms.EmailField(label=_("Email address"), required=False)


class ModerateForm(KuuluForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("reject", _("Do not publish"))],
        widget=forms.RadioSelect,
    )


class RouteForm(KuuluForm):
    person = forms.ModelChoiceField(label=_("Who answers"), queryset=None)  # type: ignore[arg-type]
    due_on = forms.DateField(label=_("Answer due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AnswerForm(KuuluForm):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}))
    answerer_title = forms.CharField(label=_("Your title"), max_length=160, required=False)
    media = forms.FileField(
        label=_("Video or audio recording"),
        required=False,
        help_text=_("MP4, WebM, MP3, Ogg or WAV. A transcript is required with a recording."),
    )
    transcript = forms.CharField(
        label=_("Transcript"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    outcomes = forms.ModelMultipleChoiceField(
        label=_("Outcomes on the impact trail"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, outcomes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].queryset = outcomes


class ConvertForm(KuuluForm):
    to = forms.ChoiceField(
        label=_("Move to"),
        choices=[("feedback", _("feedback")), ("complaint", _("formal complaint"))],
        widget=forms.RadioSelect,
    )
    feedback_kind = forms.ChoiceField(
        label=_("Type of feedback"), choices=Feedback.Kind.choices, required=False
    )
    reason = forms.CharField(
        label=_("Why (sent to the asker)"), widget=forms.Textarea(attrs={"rows": 3})
    )
