"""Forms of the programme pages. They check the shape of input; rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm, KuuluModelForm
from kuulu.indicators.models import ManualIndicator
from kuulu.organisation.models import Person, Unit
from kuulu.programme.models import (
    FollowUp,
    Goal,
    GoalIndicator,
    Measure,
    MeasureStatus,
    ParticipationProgramme,
    ProgrammePerspective,
)

LANGUAGE_LABELS = {
    "title_fi": _("Title in Finnish"),
    "title_sv": _("Title in Swedish"),
    "title_en": _("Title in English"),
    "description_fi": _("Description in Finnish"),
    "description_sv": _("Description in Swedish"),
    "description_en": _("Description in English"),
}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _ServiceForm(KuuluModelForm):
    """A model form whose cleaned data goes to a service: the instance is left untouched (the
    service compares before and after for the history) and the service validates the rules."""

    def _post_clean(self) -> None:
        pass


class _TitleForm(_ServiceForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "title_fi" in self.fields:
            self.fields["title_fi"].required = True


class ProgrammeForm(_TitleForm):
    class Meta:
        model = ParticipationProgramme
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "start_year",
            "end_year",
        ]
        labels = LANGUAGE_LABELS


class ApprovalForm(_ServiceForm):
    minutes_url = forms.URLField(
        label=_("link to the minutes"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = ParticipationProgramme
        fields = ["approval_body", "approved_on"]  # and the declared minutes_url
        widgets = {"approved_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approval_body"].required = True
        self.fields["approved_on"].required = True


class PerspectiveForm(_TitleForm):
    class Meta:
        model = ProgrammePerspective
        fields = ["title_fi", "title_sv", "title_en"]
        labels = LANGUAGE_LABELS


class GoalForm(_TitleForm):
    class Meta:
        model = Goal
        fields = [
            "perspective",
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
        ]
        labels = LANGUAGE_LABELS

    def __init__(self, *args: Any, programme: ParticipationProgramme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perspective"].queryset = programme.perspectives.order_by("position", "id")
        self.fields["perspective"].empty_label = None


class IndicatorForm(_ServiceForm):
    code = forms.ChoiceField(label=_("Indicator"))

    class Meta:
        model = GoalIndicator
        fields = ["code", "baseline", "baseline_year", "target", "target_year"]

    def __init__(self, *args: Any, catalogue: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [
            (d.code, f"{d.name} ({_unit_label(d.unit)})")
            for d in sorted(catalogue, key=lambda d: str(d.name))
        ]


def _unit_label(unit: str) -> str:
    """The catalogue's unit ("days") in the page's language; "%" as it is."""
    if unit == "%" or unit not in ManualIndicator.Unit.values:
        return unit
    return str(ManualIndicator.Unit(unit).label)


class MeasureForm(_TitleForm):
    class Meta:
        model = Measure
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "responsible_unit",
            "responsible_person",
            "starts_on",
            "due_on",
            "hours",
            "status",
        ]
        labels = LANGUAGE_LABELS
        widgets = {"starts_on": DATE, "due_on": DATE}

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Unit.objects.filter(
            county_id=county_id, is_active=True
        ).order_by("path")
        self.fields["responsible_person"].queryset = Person.objects.filter(
            county_id=county_id, kind=Person.Kind.STAFF, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["responsible_person"].label_from_instance = lambda p: p.full_name


class FollowUpForm(_ServiceForm):
    # Declared with its bounds: `_post_clean` is skipped, so the model's validators never run.
    quarter = forms.IntegerField(
        label=capfirst(FollowUp._meta.get_field("quarter").verbose_name),
        min_value=1,
        max_value=4,
        widget=forms.Select(choices=[(q, f"Q{q}") for q in range(1, 5)]),
    )

    class Meta:
        model = FollowUp
        fields = ["year", "quarter", "status", "note", "evidence_links"]
        widgets = {"evidence_links": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = MeasureStatus.choices
        self.fields["note"].help_text = _(
            "The latest note is shown on the portal with the measure: write no personal data."
        )


class ImportForm(KuuluForm):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("The same sheets and columns as the export."),
    )

    def clean_workbook(self) -> Any:
        workbook = self.cleaned_data["workbook"]
        if workbook.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        if not workbook.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel workbook (.xlsx)."))
        return workbook
