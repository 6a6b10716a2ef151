"""Forms of assessments and dialogues: they check the shape of input; the services the rules."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.assessments import matrix as matrix_rules
from kuulu.assessments.models import (
    Assessment,
    AssessmentTemplate,
    Dialogue,
    DialogueTheme,
    TemplateStep,
    ViewsRequest,
)
from kuulu.core.forms import KuuluForm, KuuluModelForm
from kuulu.organisation.models import Person, Unit
from kuulu.panels.models import Panel
from kuulu.surveys.models import Survey

DECISION_FIELDS = [
    "title",
    "unit",
    "decision_title",
    "decision_body",
    "decision_number",
    "decision_date",
    "decision_url",
]


def _staff(county_id: int) -> Any:
    return Person.objects.filter(county_id=county_id, kind="staff", is_active=True).order_by(
        "last_name", "first_name"
    )


class DecisionForm(KuuluModelForm):
    decision_url = forms.URLField(
        label=_("Link to the decision draft"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Assessment
        fields = DECISION_FIELDS
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "decision_title": _("The title of the decision draft this assessment is for."),
            "decision_body": _("For example the county board or a service committee."),
        }

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = Q(pk=self.instance.unit_id) if self.instance.unit_id else Q(pk__in=[])
        self.fields["unit"].queryset = Unit.objects.filter(
            Q(is_active=True) | current, county_id=county_id
        ).order_by("path")
        self.fields["unit"].label = _("Unit")
        self.fields["unit"].required = False


def _new_submission_key() -> str:
    return secrets.token_urlsafe(16)


class StartForm(DecisionForm):
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=AssessmentTemplate.objects.none(), empty_label=None
    )
    # A fresh key each time the form is shown: the same form sent twice starts one assessment.
    submission_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, initial=_new_submission_key
    )
    field_order = ["template", *DECISION_FIELDS]

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, county_id=county_id, **kwargs)
        self.fields["template"].queryset = AssessmentTemplate.objects.filter(
            county_id=county_id, is_active=True
        )


class TextStepForm(KuuluForm):
    text = forms.CharField(label=_("Your answer"), required=False, widget=forms.Textarea)


class MatrixStepForm(KuuluForm):
    """Options and groups one per line; the cells appear once both are given."""

    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line, for example: keep as is, merge units, mobile service."),
    )
    groups = forms.CharField(
        label=_("Groups"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One group per line, including gender equality and language groups."),
    )

    def __init__(self, *args: Any, current: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = current or {}
        self.current = current
        options, groups = current.get("options") or [], current.get("groups") or []
        cells = current.get("cells") or {}
        for o, option in enumerate(options):
            for g, group in enumerate(groups):
                key = matrix_rules.cell_key(o, g)
                self.fields[f"cell_{key}"] = forms.CharField(
                    label=_("%(option)s: effect on %(group)s") % {"option": option, "group": group},
                    required=False,
                    initial=cells.get(key, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def matrix(self) -> dict[str, Any]:
        """The new matrix: cells follow their option and group by text, so reordering or
        removing a line keeps the other cells."""
        data = self.cleaned_data
        old_options, old_groups = (
            self.current.get("options") or [],
            self.current.get("groups") or [],
        )
        typed = {
            (old_options[o], old_groups[g]): data.get(f"cell_{matrix_rules.cell_key(o, g)}", "")
            for o in range(len(old_options))
            for g in range(len(old_groups))
        }
        options, groups = matrix_rules.lines(data["options"]), matrix_rules.lines(data["groups"])
        cells = {
            matrix_rules.cell_key(o, g): typed.get((option, group), "")
            for o, option in enumerate(options)
            for g, group in enumerate(groups)
        }
        return matrix_rules.build(options, groups, cells)


class CompleteForm(KuuluForm):
    summary = forms.CharField(
        label=_("Summary for the decision draft"),
        widget=forms.Textarea,
        required=False,
        help_text=_("This text goes into the decision draft and, if published, on the portal."),
    )


class CollaboratorForm(KuuluForm):
    person = forms.ModelChoiceField(label=_("Staff member"), queryset=Person.objects.none())

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _staff(assessment.county_id).exclude(
            pk=assessment.owner_id
        )


class ViewsRequestForm(KuuluForm):
    channel = forms.ChoiceField(
        label=_("Hear children through"),
        choices=ViewsRequest.Channel.choices,
        widget=forms.RadioSelect,
        initial="survey",
    )
    survey = forms.ModelChoiceField(
        label=_("An existing survey"), queryset=Survey.objects.none(), required=False
    )
    panel = forms.ModelChoiceField(
        label=_("An existing panel"), queryset=Panel.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Or ask the coordinator to set one up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What to ask, from which children, and by when."),
    )

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = Survey.objects.filter(county_id=county_id)
        self.fields["panel"].queryset = Panel.objects.filter(county_id=county_id)


class LinkRequestForm(KuuluForm):
    survey = forms.ModelChoiceField(
        label=_("Survey"), queryset=Survey.objects.none(), required=False
    )
    panel = forms.ModelChoiceField(label=_("Panel"), queryset=Panel.objects.none(), required=False)

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = Survey.objects.filter(county_id=county_id)
        self.fields["panel"].queryset = Panel.objects.filter(county_id=county_id)


class TemplateForm(KuuluModelForm):
    class Meta:
        model = AssessmentTemplate
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
            "is_active",
        ]
        widgets = {
            f"description_{lang}": forms.Textarea(attrs={"rows": 3}) for lang in ["fi", "sv", "en"]
        }


class StepForm(KuuluModelForm):
    class Meta:
        model = TemplateStep
        fields = [
            "position",
            "title_fi",
            "title_sv",
            "title_en",
            "prompt_fi",
            "prompt_sv",
            "prompt_en",
            "kind",
            "is_required",
        ]
        widgets = {
            f"prompt_{lang}": forms.Textarea(attrs={"rows": 3}) for lang in ["fi", "sv", "en"]
        }


class DialogueForm(KuuluModelForm):
    class Meta:
        model = Dialogue
        fields = [
            "theme",
            "invitation",
            "participants",
            "planned_count",
            "starts_at",
            "place",
            "facilitator",
            "unit",
            "is_announced",
            "ground_rules_fi",
            "ground_rules_sv",
            "ground_rules_en",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "participants": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = _staff(county_id)
        self.fields["facilitator"].label = _("Facilitator")
        current = Q(pk=self.instance.unit_id) if self.instance.unit_id else Q(pk__in=[])
        self.fields["unit"].queryset = Unit.objects.filter(
            Q(is_active=True) | current, county_id=county_id
        ).order_by("path")
        self.fields["unit"].label = _("Unit")
        self.fields["unit"].required = False
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["planned_count"].min_value = 2
        for lang in ("fi", "sv", "en"):
            self.fields[f"ground_rules_{lang}"].required = lang == "fi"


class ThemeForm(KuuluForm):
    title = forms.CharField(label=_("New theme"), max_length=200)


class NoteForm(KuuluForm):
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Write the view, not who said it. Never write names or contact details."),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=DialogueTheme.objects.none(), required=False
    )

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = dialogue.themes.all()


class PublishDialogueForm(KuuluForm):
    learnt = forms.CharField(
        label=_("What was learnt"),
        widget=forms.Textarea,
        required=False,
        help_text=_("The insights and next steps the dialogue brought up."),
    )
    held_count = forms.IntegerField(
        label=_("Number who took part"), required=False, min_value=0, max_value=500
    )
    confirm = forms.BooleanField(
        label=_("I have read the masked texts below and they can be published."),
        required=False,
    )
