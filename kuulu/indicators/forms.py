"""Forms of the indicators app: the dashboard filters, manual indicators, values, CSV import."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm, KuuluModelForm, blank_translations
from kuulu.indicators.models import PERSONS_MAX, ManualIndicator
from kuulu.indicators.types import Period
from kuulu.organisation.models import County, Municipality, Unit

QUARTERS = [("", _("whole year")), ("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


def _unit_label(unit: Unit) -> str:
    depth = unit.path.count("/") - 1
    return "\u2003" * max(depth, 0) + str(unit.name)


class FilterForm(KuuluForm):
    """GET filters of the dashboard and the exports. Empty means the default."""

    unit = forms.ModelChoiceField(
        label=_("Unit and the units below it"), queryset=Unit.objects.none(), required=False
    )
    service_area = forms.ModelChoiceField(
        label=_("Service area"), queryset=Unit.objects.none(), required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    quarter = forms.ChoiceField(label=_("Quarter"), choices=QUARTERS, required=False)

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(county=county).order_by("path")
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = _unit_label
        self.fields["service_area"].queryset = units.filter(parent=None)
        self.fields["municipality"].queryset = Municipality.objects.filter(county=county)

    def period(self, today: date) -> Period:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        quarter = data.get("quarter")
        if year is None:
            return Period.quarter(today.year, (today.month - 1) // 3 + 1)
        return Period.quarter(year, int(quarter)) if quarter else Period.year(year)

    @property
    def explicit(self) -> bool:
        """True when the viewer chose any scope filter (even "the whole county")."""
        return "unit" in self.data


class ManualIndicatorForm(KuuluModelForm):
    class Meta:
        model = ManualIndicator
        fields = [
            "code",
            "name_fi",
            "name_sv",
            "name_en",
            "definition_fi",
            "definition_sv",
            "definition_en",
            "unit",
            "perspective",
            "direction",
            "min_value",
            "max_value",
            "counts_persons",
            "is_active",
        ]
        widgets = {
            "definition_fi": forms.Textarea(attrs={"rows": 3}),
            "definition_sv": forms.Textarea(attrs={"rows": 3}),
            "definition_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_fi"].required = True
        self.fields["definition_fi"].required = True

    def _post_clean(self) -> None:
        # Uniqueness and the rules across fields are the service's job (it reports them).
        pass

    def indicator_data(self) -> dict[str, Any]:
        return blank_translations(dict(self.cleaned_data))


class PersonsField(forms.IntegerField):
    """A number of persons in plain digits (int() would also read other scripts' digits and
    "1_000"), from 0 to the most the column holds."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, max_value=PERSONS_MAX, **kwargs)

    def to_python(self, value: Any) -> int | None:
        text = str(value).strip() if value is not None else ""
        if text and not re.fullmatch(r"-?[0-9]+", text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ManualValueForm(KuuluForm):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    quarter = forms.ChoiceField(label=_("Quarter"), choices=QUARTERS, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("the whole county"),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    persons = PersonsField(
        label=_("Number of persons"),
        required=False,
        help_text=_("How many persons the value is over (respondents), if known."),
    )
    source_note = forms.CharField(label=_("Source"), max_length=300, required=False)

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(county=county).order_by("path")
        self.fields["unit"].label_from_instance = _unit_label

    def period(self) -> Period:
        year = self.cleaned_data["year"]
        quarter = self.cleaned_data.get("quarter")
        return Period.quarter(year, int(quarter)) if quarter else Period.year(year)


class ImportForm(KuuluForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: indicator (code), period (2025 or 2025 Q1), value, and optionally unit "
            "(unit code), persons and source. Comma or semicolon separated, UTF-8."
        ),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Save the file as UTF-8 text.")) from None
        # The csv module reads a NUL character into a cell, and PostgreSQL refuses it in a text
        # column: a source note holding one was a server error.
        if "\x00" in text:
            raise forms.ValidationError(_("Null characters are not allowed."), code="null")
        return text
