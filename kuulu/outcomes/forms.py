"""Forms of the outcomes app: shapes of input only; rules live in records.py and links.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm
from kuulu.organisation.models import Unit
from kuulu.outcomes.inputs import kind_choices
from kuulu.outcomes.models import Status


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        if not obj.is_active:  # an outcome's unit since closed: shown so that it is kept
            return f"{obj.name} ({obj.code}), {_('inactive')}"
        return f"{obj.name} ({obj.code})"


class OutcomeForm(KuuluForm):
    title_fi = forms.CharField(label=_("What was decided or changed (Finnish)"), max_length=200)
    title_sv = forms.CharField(
        label=_("What was decided or changed (Swedish)"), max_length=200, required=False
    )
    title_en = forms.CharField(
        label=_("What was decided or changed (English)"), max_length=200, required=False
    )
    description_fi = forms.CharField(
        label=_("Description (Finnish)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description_sv = forms.CharField(
        label=_("Description (Swedish)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=200,
        required=False,
        help_text=_("A body or a manager, for example: the regional board."),
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())
    decision_url = forms.URLField(
        label=_("Link to the decision document"),
        required=False,
        assume_scheme="https",
        max_length=200,  # the column's length: PostgreSQL refuses a longer link
    )
    units = UnitChoiceField(
        label=_("Units concerned"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    not_done_reason_fi = forms.CharField(
        label=_("Why it was not done (Finnish)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when the status is “not done”."),
    )
    not_done_reason_sv = forms.CharField(
        label=_("Why it was not done (Swedish)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    not_done_reason_en = forms.CharField(
        label=_("Why it was not done (English)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    follow_up_due = forms.DateField(label=_("Follow-up due"), required=False, widget=DateInput())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class ProgressForm(KuuluForm):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    not_done_reason = forms.CharField(
        label=_("Why it was not done"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when the status is “not done”."),
    )


class InputSearchForm(KuuluForm):
    kind = forms.ChoiceField(label=_("Kind of input"), choices=())
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()


class LinkForm(KuuluForm):
    kind = forms.CharField(max_length=40, widget=forms.HiddenInput)
    key = forms.CharField(max_length=64, widget=forms.HiddenInput)


class PublicFilterForm(KuuluForm):
    unit = forms.ChoiceField(label=_("Unit"), required=False, choices=())
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All units"))] + [(u.code, u.name) for u in units]


class ManageFilterForm(KuuluForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    late = forms.BooleanField(label=_("Only late follow-ups"), required=False)
