"""Forms of the yearly reports: the input's shape only; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm
from kuulu.reports.services import MAX_YEAR, MIN_YEAR, NARRATIVE_MAX_LENGTH

DATE = {"type": "date"}


class ReportCreateForm(KuuluForm):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    start = forms.DateField(
        label=_("Period starts"),
        required=False,
        help_text=_("Leave empty for the calendar year."),
        widget=forms.DateInput(attrs=DATE),
    )
    end = forms.DateField(
        label=_("Period ends"),
        required=False,
        help_text=_("Leave empty for the calendar year."),
        widget=forms.DateInput(attrs=DATE),
    )


class NarrativeForm(KuuluForm):
    text_fi = forms.CharField(
        label=_("Text in Finnish"),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "lang": "fi"}),
    )
    text_sv = forms.CharField(
        label=_("Text in Swedish"),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "lang": "sv"}),
    )
    text_en = forms.CharField(
        label=_("Text in English"),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "lang": "en"}),
    )
