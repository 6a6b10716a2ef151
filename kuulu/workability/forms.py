"""Forms of the work-ability pages. They check the shape of input; services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm
from kuulu.organisation.models import Person
from kuulu.workability.hrfile import MAX_BYTES
from kuulu.workability.models import Figure

GOAL_FIGURES = [f for f in Figure if f != Figure.HEADCOUNT]
MONTH_CHOICES = [
    (12, _("12 months")),
    (24, _("24 months")),
    (36, _("36 months")),
    (60, _("5 years")),
]


class ImportForm(KuuluForm):
    file = forms.FileField(
        label=_("CSV file from the HR system"),
        help_text=_(
            "Semicolon or comma separated, UTF-8 or Excel's Windows encoding, decimal comma or "
            "point. The columns are described below."
        ),
    )
    replace = forms.BooleanField(
        label=_("Replace months already stored"),
        required=False,
        help_text=_(
            "Without this, a unit's month that is already stored is an error. With it, the "
            "file's figures replace the stored ones for the months in the file."
        ),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload.read()


class TrendForm(KuuluForm):
    figure = forms.ChoiceField(label=_("Figure"), choices=Figure.choices, required=False)
    months = forms.TypedChoiceField(
        label=_("Period"), choices=MONTH_CHOICES, coerce=int, required=False, empty_value=24
    )


class GoalsForm(KuuluForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for figure in GOAL_FIGURES:
            self.fields[figure.value] = forms.DecimalField(
                label=figure.label,
                required=False,
                min_value=0,
                max_digits=9,
                decimal_places=2,
                localize=True,
                help_text=_("Leave empty for no goal."),
            )


class HrPartnerForm(KuuluForm):
    person = forms.ModelChoiceField(label=_("Staff member"), queryset=Person.objects.none())

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            county=county, kind=Person.Kind.STAFF, is_active=True
        ).order_by("last_name", "first_name", "id")
