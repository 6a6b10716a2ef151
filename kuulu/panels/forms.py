from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.core import forms as core_forms
from kuulu.core.forms import KuuluForm, KuuluModelForm
from kuulu.organisation.models import County
from kuulu.panels.models import DrawMethod, ExpertHearing, Material, Meeting, Panel, Stratum
from kuulu.panels.services import MAX_SEED
from kuulu.panels.strata import choice_label

TRANSLATED_LABELS = {
    "title_fi": _("Title in Finnish"),
    "title_sv": _("Title in Swedish"),
    "title_en": _("Title in English"),
    "description_fi": _("Purpose in Finnish"),
    "description_sv": _("Purpose in Swedish"),
    "description_en": _("Purpose in English"),
}


class PanelForm(KuuluModelForm):
    class Meta:
        model = Panel
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "channel",
            "seats",
            "volunteer_deadline",
            "volunteer_retention_days",
        ]
        labels = TRANSLATED_LABELS
        widgets = {"volunteer_deadline": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: object, county: County, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_fi"].required = True
        self.fields["channel"].empty_label = _("No channel")
        # Only the panel's own county's channels (a deployment may host several counties).
        channels = self.fields["channel"].queryset.filter(county=county)
        self.fields["channel"].queryset = channels


class StratumForm(KuuluForm):
    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=_("A short identifier in lower case, for example housing."),
    )
    label_fi = forms.CharField(label=_("Question in Finnish"), max_length=200)
    label_sv = forms.CharField(label=_("Question in Swedish"), max_length=200, required=False)
    label_en = forms.CharField(label=_("Question in English"), max_length=200, required=False)
    choices_text = forms.CharField(
        label=_("Answer options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line."),
    )

    def stratum_data(self) -> dict:
        data = self.cleaned_data
        return {
            "key": data["key"],
            "labels": {f"label_{code}": data[f"label_{code}"] for code in ("fi", "sv", "en")},
            "choices": data["choices_text"].splitlines(),
        }


class QuotaForm(KuuluForm):
    """Least and most seats for every answer option of every stratum; rows left empty get no
    quota: that answer is not limited (from none up to every seat)."""

    def __init__(self, *args: object, strata: list[Stratum], quotas: dict, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.strata = strata
        self.groups = []
        for stratum in strata:
            rows = []
            for index, value in enumerate(stratum.choices):
                quota = quotas.get((stratum.pk, value))
                label = choice_label(stratum.key, value)
                low = f"s{stratum.pk}_{index}_min"
                high = f"s{stratum.pk}_{index}_max"
                self.fields[low] = forms.IntegerField(
                    label=_("%(answer)s: at least") % {"answer": label},
                    min_value=0,
                    max_value=999,
                    required=False,
                    initial=quota.min if quota else None,
                )
                self.fields[high] = forms.IntegerField(
                    label=_("%(answer)s: at most") % {"answer": label},
                    min_value=0,
                    max_value=999,
                    required=False,
                    initial=quota.max if quota else None,
                )
                rows.append((value, label, low, high))
            self.groups.append((stratum, rows))

    def clean(self) -> dict:
        data = super().clean()
        for _stratum, rows in self.groups:
            for _value, _label, low, high in rows:
                if (data.get(low) is None) != (data.get(high) is None):
                    self.add_error(high, _("Give both numbers, or leave both empty."))
        return data

    def quota_data(self) -> dict[int, dict[str, tuple[int, int]]]:
        result: dict[int, dict[str, tuple[int, int]]] = {}
        for stratum, rows in self.groups:
            for value, _label, low, high in rows:
                if self.cleaned_data.get(low) is not None:
                    result.setdefault(stratum.pk, {})[value] = (
                        self.cleaned_data[low],
                        self.cleaned_data[high],
                    )
        return result

    def field_groups(self) -> list:
        """For the template: per stratum, rows of (label, min field, max field)."""
        return [
            (stratum, [(label, self[low], self[high]) for _v, label, low, high in rows])
            for stratum, rows in self.groups
        ]


class SampleForm(KuuluForm):
    file = forms.FileField(
        label=_("Sample file (CSV)"),
        help_text=_(
            "Columns: sample_id, first_name, last_name, street_address, postal_code, "
            "post_office, language (fi or sv), and optionally municipality. UTF-8."
        ),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class VolunteerForm(KuuluForm):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("The code in your invitation letter, for example ABCD-EFGH-JKLM."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    email = core_forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text=_("Give an email address, a phone number or both."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my answers and contact details are used to choose the panel. If I am "
            "not chosen, my contact details are deleted after the draw."
        ),
        required=False,
    )

    def __init__(self, *args: object, strata: list[Stratum], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.strata = strata
        consent = self.fields.pop("consent")
        for stratum in strata:
            self.fields[f"stratum_{stratum.key}"] = forms.ChoiceField(
                label=stratum.label,
                choices=[(c, choice_label(stratum.key, c)) for c in stratum.choices],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose one of the options."),
                    "invalid_choice": _("Choose one of the options."),
                },
            )
        self.fields["consent"] = consent

    def answers(self) -> dict[str, str]:
        return {s.key: self.cleaned_data.get(f"stratum_{s.key}", "") for s in self.strata}


class DrawForm(KuuluForm):
    method = forms.ChoiceField(
        label=_("Method of selection"),
        choices=DrawMethod.choices,
        initial=DrawMethod.MAXIMIN,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "The maximally fair draw gives every volunteer as equal a chance of selection as "
            "the quotas allow (it maximises the smallest chance) and shows each volunteer's "
            "chance; it is computed in the background and can take a minute. The stratified "
            "random draw fills seats one at a time and is immediate, but some volunteers may "
            "have a much smaller chance than others."
        ),
    )
    seed = forms.IntegerField(
        label=_("Seed of the draw"),
        required=False,
        min_value=0,
        max_value=MAX_SEED - 1,
        help_text=_(
            "Leave empty for a random seed. A seed chosen in public (for example by rolling "
            "dice at an open event) lets anyone check the draw."
        ),
    )

    def clean_method(self) -> str:
        return self.cleaned_data.get("method") or DrawMethod.MAXIMIN


class MeetingForm(KuuluModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "agenda"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
        }


class MaterialForm(KuuluModelForm):
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = Material
        fields = ["title", "url", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class HearingForm(KuuluModelForm):
    class Meta:
        model = ExpertHearing
        fields = ["expert_name", "topic", "held_on"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}


class StatementForm(KuuluForm):
    statement_fi = forms.CharField(
        label=_("Statement in Finnish"), widget=forms.Textarea(attrs={"rows": 8})
    )
    statement_sv = forms.CharField(
        label=_("Statement in Swedish"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    statement_en = forms.CharField(
        label=_("Statement in English"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    statement_date = forms.DateField(
        label=_("Date of the statement"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ResponseForm(KuuluForm):
    response_fi = forms.CharField(
        label=_("Response in Finnish"), widget=forms.Textarea(attrs={"rows": 8})
    )
    response_sv = forms.CharField(
        label=_("Response in Swedish"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    response_en = forms.CharField(
        label=_("Response in English"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    response_by = forms.CharField(
        label=_("Who responded"),
        max_length=200,
        help_text=_("For example: the county board."),
    )
    response_date = forms.DateField(
        label=_("Date of the response"), widget=forms.DateInput(attrs={"type": "date"})
    )
