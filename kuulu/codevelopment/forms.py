"""Forms check the shape of input; services.py checks the rules (and names the fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kuulu.codevelopment.models import (
    EQUALITY_QUESTIONS,
    DevelopmentProject,
    Evaluation,
    Experiment,
    Gender,
    GoodPractice,
    Impact,
    Measure,
    Participant,
    PlannedFigure,
    WorkshopOutput,
    WorkshopSeries,
)
from kuulu.core.forms import KuuluForm, KuuluModelForm
from kuulu.organisation.models import County, Person, Unit

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


def _units(county: County) -> Any:
    return Unit.objects.filter(county=county, is_active=True).order_by("path")


def _staff(county: County) -> Any:
    return Person.objects.filter(county=county, kind=Person.Kind.STAFF, is_active=True)


class SeriesForm(KuuluForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    description = forms.CharField(label=_("Description"), widget=TEXT, required=False)
    facilitators = forms.CharField(
        label=_("Facilitators"), widget=TEXT, required=False, max_length=2000
    )
    project = forms.ModelChoiceField(
        label=_("Development project"), queryset=DevelopmentProject.objects.none(), required=False
    )

    def __init__(self, *args: Any, county: County, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["project"].queryset = DevelopmentProject.objects.filter(county=county)


class SessionForm(KuuluForm):
    title = forms.CharField(label=_("Title of the session"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), widget=TEXT, required=False)


class RegistrationForm(KuuluForm):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)


class ParticipantForm(KuuluForm):
    name = forms.CharField(label=_("Name"), max_length=160)
    role = forms.ChoiceField(label=_("Role"), choices=Participant.Role.choices)
    profession = forms.CharField(label=_("Profession"), max_length=120, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(county)


class OutputForm(KuuluForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkshopOutput.Kind.choices)
    text = forms.CharField(label=_("Text"), widget=TEXT, max_length=4000)


class ExperimentForm(KuuluModelForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=Unit.objects.none(), widget=forms.SelectMultiple
    )

    class Meta:
        model = Experiment
        fields = [
            "title",
            "problem",
            "idea",
            "hypothesis",
            "owner",
            "starts_on",
            "ends_on",
            "participants",
            "participant_count",
            "series",
            "idea_output",
            "project",
        ]
        widgets = {
            "problem": TEXT,
            "idea": TEXT,
            "hypothesis": TEXT,
            "participants": TEXT,
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args: Any, county: County, led_units: QuerySet, **kwargs: Any) -> None:
        """`led_units`: the units the editor may lead. Units, series and workshop ideas are
        offered from those; what the experiment already has stays choosable."""
        super().__init__(*args, **kwargs)
        current = self.instance if self.instance.pk else None
        led = Q(pk__in=led_units.values("pk"), is_active=True)
        if current is not None:
            led |= Q(pk__in=current.units.values("pk"))
        self.fields["units"].queryset = Unit.objects.filter(led, county=county).order_by("path")
        self.fields["owner"].queryset = _staff(county)
        led_series = Q(unit__in=led_units.values("pk"))
        if current is not None and current.series_id:
            led_series |= Q(pk=current.series_id)
        self.fields["series"].queryset = WorkshopSeries.objects.filter(
            led_series, county=county
        ).order_by("-created_at", "-id")
        led_ideas = Q(series__unit__in=led_units.values("pk"))
        if current is not None and current.idea_output_id:
            led_ideas |= Q(pk=current.idea_output_id)
        self.fields["idea_output"].queryset = WorkshopOutput.objects.filter(
            led_ideas, series__county=county, kind=WorkshopOutput.Kind.IDEA
        )
        self.fields["project"].queryset = DevelopmentProject.objects.filter(county=county)


class StatusForm(KuuluForm):
    status = forms.ChoiceField(label=_("New status"), choices=Experiment.Status.choices)


class MeasureForm(KuuluForm):
    name = forms.CharField(label=_("What is measured"), max_length=200)
    how = forms.CharField(label=_("How it is measured"), widget=TEXT, required=False)
    kind = forms.ChoiceField(label=_("Source"), choices=Measure.Kind.choices)
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=None, required=False)
    feedback_theme = forms.ModelChoiceField(
        label=_("Feedback theme"), queryset=None, required=False
    )
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=40, required=False)

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        from kuulu.feedback.models import Theme
        from kuulu.surveys.models import Survey

        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = Survey.objects.filter(county=county)
        self.fields["feedback_theme"].queryset = Theme.objects.filter(county=county)


class MeasureValueForm(KuuluForm):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.none())
    measured_on = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, experiment: Experiment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = experiment.measures.filter(kind=Measure.Kind.MANUAL)


class EvaluationForm(KuuluModelForm):
    """Every field optional here: the service checks them all at once and names each missing
    answer, the equality-impact answers included."""

    class Meta:
        model = Evaluation
        fields = [
            "what_was_tried",
            "what_happened",
            "benefits_customers",
            "benefits_staff",
            "benefits_organisation",
            "costs_and_effort",
            *[name for prefix, _g, _d in EQUALITY_QUESTIONS for name in (prefix, f"{prefix}_text")],
            "can_be_adopted",
            "what_it_needs",
            "decision",
            "decision_reasons",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = False
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
            if name.endswith(tuple(p for p, _g, _d in EQUALITY_QUESTIONS)):
                field.choices = [("", "---------"), *Impact.choices]


class PracticeForm(KuuluModelForm):
    class Meta:
        model = GoodPractice
        fields = [
            "title",
            "problem",
            "practice",
            "evidence",
            "needs",
            "contact",
            "visibility",
            "method_slugs",
        ]
        widgets = {"problem": TEXT, "practice": TEXT, "evidence": TEXT, "needs": TEXT}


class AdoptionForm(KuuluForm):
    unit = forms.ModelChoiceField(label=_("Unit that adopted it"), queryset=Unit.objects.none())
    adopted_on = forms.DateField(label=_("Adopted"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SearchForm(KuuluForm):
    q = forms.CharField(label=_("Search the good practices"), max_length=200, required=False)


class ProjectForm(KuuluModelForm):
    class Meta:
        model = DevelopmentProject
        fields = ["name", "funder", "funder_code", "starts_on", "ends_on", "manager"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = _staff(county)


class PlannedFigureForm(KuuluForm):
    metric = forms.ChoiceField(label=_("Figure"), choices=PlannedFigure.Metric.choices)
    planned = forms.IntegerField(label=_("Planned"), min_value=0, max_value=10_000_000)
