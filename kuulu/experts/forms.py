"""Forms of the experience-expert bank. They check the shape of input; services the rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.core.forms import KuuluForm, KuuluModelForm
from kuulu.experts.models import (
    AssignmentType,
    Engagement,
    ExperienceArea,
    ExpertProfile,
    ExpertRequest,
    Language,
)
from kuulu.organisation.models import Municipality, Ngo, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ExperienceArea) -> str:
        return str(obj.name)


class BankFilterForm(KuuluForm):
    area = forms.ModelChoiceField(
        label=_("Experience area"),
        queryset=ExperienceArea.objects.none(),
        required=False,
        empty_label=_("(any)"),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("(any)")), *Language.choices], required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("(any)"),
    )
    type = forms.ChoiceField(
        label=_("Assignment type"),
        choices=[("", _("(any)")), *AssignmentType.choices],
        required=False,
    )

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ExperienceArea.objects.filter(county_id=county_id)
        self.fields["municipality"].queryset = Municipality.objects.filter(county_id=county_id)


class _ProfileFieldsMixin:
    def _setup(self, county_id: int) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        if "areas" in fields:
            fields["areas"].queryset = ExperienceArea.objects.filter(county_id=county_id)
        if "municipalities" in fields:
            fields["municipalities"].queryset = Municipality.objects.filter(county_id=county_id)


class OwnProfileForm(_ProfileFieldsMixin, KuuluModelForm):
    """What the expert may change themself."""

    areas = AreaChoiceField(
        label=_("Experience areas"),
        queryset=ExperienceArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities served"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    preferred_types = forms.MultipleChoiceField(
        label=_("Preferred assignment types"),
        choices=AssignmentType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "areas",
            "languages",
            "municipalities",
            "remote_ok",
            "preferred_types",
            "available",
            "unavailable_until",
            "availability_note",
        ]
        widgets = {
            "unavailable_until": DATE,
            "availability_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup(county_id)


class ProfileForm(OwnProfileForm):
    """The coordinator's form: everything, including fee, agreement and payee number."""

    class Meta(OwnProfileForm.Meta):
        fields = [
            *OwnProfileForm.Meta.fields,
            "fee_basis",
            "fee_amount",
            "payee_number",
            "agreement_signed_on",
            "agreement_valid_until",
            "agreement_reference",
            "consent_given_on",
        ]
        widgets = {
            **OwnProfileForm.Meta.widgets,
            "agreement_signed_on": DATE,
            "agreement_valid_until": DATE,
            "consent_given_on": DATE,
        }


class NewProfileForm(ProfileForm):
    person = forms.ModelChoiceField(
        label=_("Experience expert"),
        queryset=Person.objects.none(),
        help_text=_(
            "People of the kind 'experience expert' without a profile. Add the person under "
            "People first."
        ),
    )

    field_order = ["person"]

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, county_id=county_id, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            county_id=county_id,
            kind=Person.Kind.EXPERIENCE_EXPERT,
            is_active=True,
            expert_profile__isnull=True,
        )
        self.order_fields(["person"])


class TrainingForm(KuuluForm):
    course_name = forms.CharField(label=_("Course"), max_length=200)
    ngo = forms.ModelChoiceField(
        label=_("Trained by (NGO)"),
        queryset=Ngo.objects.none(),
        required=False,
        empty_label=_("(another trainer)"),
    )
    trainer = forms.CharField(
        label=_("Trained by (other)"),
        max_length=200,
        required=False,
        help_text=_("When the trainer is not one of the county's partner NGOs."),
    )
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DATE)

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ngo"].queryset = Ngo.objects.filter(county_id=county_id)


class RequestForm(KuuluModelForm):
    areas = AreaChoiceField(
        label=_("Experience areas"),
        queryset=ExperienceArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ExpertRequest
        fields = [
            "need",
            "areas",
            "type",
            "date_from",
            "date_to",
            "time_note",
            "duration_hours",
            "remote",
            "municipality",
            "place",
            "language",
            "cost_centre",
        ]
        widgets = {
            "date_from": DATE,
            "date_to": DATE,
            "need": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"time_note": _("For example 13.00-15.00.")}

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = ExperienceArea.objects.filter(county_id=county_id)
        self.fields["municipality"].queryset = Municipality.objects.filter(county_id=county_id)
        self.fields["municipality"].required = False

    def _post_clean(self) -> None:
        # The service validates across fields and saves; the model instance is not used.
        pass


class OfferForm(KuuluForm):
    profile = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the expert"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(KuuluForm):
    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class DebriefForm(KuuluModelForm):
    class Meta:
        model = Engagement
        fields = ["status", "hours", "debrief_note"]
        widgets = {"debrief_note": forms.Textarea(attrs={"rows": 5})}


class EngagementForm(KuuluModelForm):
    class Meta:
        model = Engagement
        fields = [
            "status",
            "hours",
            "debrief_note",
            "fee_basis",
            "fee_amount",
            "travel_km",
            "km_allowance",
            "tickets_amount",
            "per_diem_amount",
        ]
        widgets = {"debrief_note": forms.Textarea(attrs={"rows": 5})}


class PayrollForm(KuuluForm):
    month = forms.CharField(
        label=_("Month"),
        help_text=_("Year and month, for example 2026-05."),
        widget=forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}"}),
    )

    def clean_month(self) -> date:
        value = self.cleaned_data["month"].strip()
        try:
            year, month = (int(part) for part in value.split("-"))
            first = date(year, month, 1)
        except ValueError as exc:
            raise forms.ValidationError(_("Give the month as year-month, e.g. 2026-05.")) from exc
        # Other years are typing slips; December 9999 has no following month to end the
        # period with.
        if not year_in_range(first):
            raise forms.ValidationError(year_out_of_range_message())
        return first

    @staticmethod
    def default_month() -> str:
        return timezone.localdate().strftime("%Y-%m")


class WithdrawForm(KuuluForm):
    confirm = forms.BooleanField(
        label=_("I withdraw my consent: remove me from the experience-expert bank."),
    )
