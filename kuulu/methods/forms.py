"""Forms of the methods bank: they check the shape of input; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm
from kuulu.core.numbers import DB_INTEGER_MAX
from kuulu.methods.models import Audience, Cost, Effort, MethodCard, MethodExpert, Perspective, Tool

# The largest value of a PostgreSQL integer column (MethodUse.participants,
# ExpertMethod.earlier_uses): a larger number is a form error, not a database error.
LANGUAGE_CHOICES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
TEXT_FIELDS = (
    "name",
    "summary",
    "when_to_use",
    "when_not_to_use",
    "steps",
    "materials",
    "accessibility",
    "duration",
)


def _blank(choices: Any, label: Any) -> list[tuple[str, Any]]:
    return [("", label), *[(k, v) for k, v in choices if k]]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    perspective = forms.ChoiceField(
        label=_("Perspective"), required=False, choices=_blank(Perspective.choices, _("Any"))
    )
    audience = forms.ChoiceField(
        label=_("Who it reaches"), required=False, choices=_blank(Audience.choices, _("Anyone"))
    )
    effort = forms.ChoiceField(
        label=_("Effort"), required=False, choices=_blank(Effort.choices, _("Any"))
    )
    cost = forms.ChoiceField(
        label=_("Cost"), required=False, choices=_blank(Cost.choices, _("Any"))
    )
    tool = forms.ChoiceField(
        label=_("Kuulu tool"), required=False, choices=_blank(Tool.choices, _("Any"))
    )


class CardForm(forms.ModelForm):
    perspective_codes = forms.MultipleChoiceField(
        label=_("Perspectives"),
        choices=Perspective.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    audience_codes = forms.MultipleChoiceField(
        label=_("Who it reaches"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = MethodCard
        fields = [
            "slug",
            "status",
            *[f"{name}_{lang}" for name in TEXT_FIELDS for lang in ("fi", "sv", "en")],
            "effort",
            "cost",
            "tool",
            "licence",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perspective_codes"].initial = self.instance.perspective_list
        self.fields["audience_codes"].initial = self.instance.audience_list
        for name in ("name", "summary"):
            self.fields[f"{name}_fi"].required = True
        for name in TEXT_FIELDS:
            if name not in ("name", "duration"):
                for lang in ("fi", "sv", "en"):
                    self.fields[f"{name}_{lang}"].widget = forms.Textarea(attrs={"rows": 4})

    def save(self, commit: bool = True) -> MethodCard:
        card = super().save(commit=False)
        codes = self.cleaned_data["perspective_codes"]
        card.perspectives = f",{','.join(sorted(codes))}," if codes else ""
        codes = self.cleaned_data["audience_codes"]
        card.audiences = f",{','.join(sorted(codes))}," if codes else ""
        return card


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Method card file (JSON)"), required=False)
    document = forms.CharField(widget=forms.HiddenInput, required=False)
    publish = forms.BooleanField(label=_("Publish new cards at once"), required=False)

    def raw(self) -> bytes | str:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            if upload.size > 5_000_000:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
            return upload.read()
        return self.cleaned_data.get("document") or ""


class ExpertSearchForm(forms.Form):
    method = forms.ModelChoiceField(
        label=_("Method"), queryset=MethodCard.objects.none(), required=False, empty_label=_("Any")
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=None, required=False, empty_label=_("Any")
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Any")), *LANGUAGE_CHOICES], required=False
    )

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = MethodCard.objects.filter(county=county)
        self.fields["municipality"].queryset = county.municipalities.all()


class SupportRequestForm(KuuluForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    method = forms.ModelChoiceField(label=_("Method"), queryset=None)
    need = forms.CharField(
        label=_("What help is needed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_(
            "For example: planning the method, facilitating it, or both. No names of "
            "residents or customers."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the event"), choices=LANGUAGE_CHOICES)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, required=False)
    wanted_by = forms.DateField(
        label=_("Wanted by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, county: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["method"].queryset = MethodCard.objects.filter(county=county)
        self.fields["municipality"].queryset = county.municipalities.all()


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Method expert"), queryset=None)

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = MethodExpert.objects.filter(
            county=county, is_active=True, person__is_active=True
        ).select_related("person")


class RecordSupportForm(forms.Form):
    support_given = forms.CharField(
        label=_("Support given"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class UseForm(KuuluForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    method = forms.ModelChoiceField(label=_("Method"), queryset=None)
    used_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    with_whom = forms.CharField(
        label=_("With whom"),
        max_length=300,
        help_text=_("Groups, not names: for example residents of a municipality, an association."),
    )
    participants = forms.IntegerField(
        label=_("Number of participants"), min_value=0, max_value=DB_INTEGER_MAX
    )
    result = forms.CharField(
        label=_("What came of it"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    expert = forms.ModelChoiceField(label=_("Method expert"), queryset=None, required=False)

    def __init__(self, *args: Any, county: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["method"].queryset = MethodCard.objects.filter(county=county)
        self.fields["expert"].queryset = MethodExpert.objects.filter(county=county).select_related(
            "person"
        )


class AdoptionForm(KuuluForm):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))


class ExpertForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member of staff"), queryset=None)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kuulu.organisation.models import Person

        self.fields["person"].queryset = Person.objects.filter(
            county=county, kind=Person.Kind.STAFF, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["municipalities"].queryset = county.municipalities.all()


class SkillForm(KuuluForm):
    method = forms.ModelChoiceField(label=_("Method"), queryset=None)
    trained_on = forms.DateField(
        label=_("Trained"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    trained_by = forms.CharField(label=_("Trained by"), required=False, max_length=160)
    earlier_uses = forms.IntegerField(
        label=_("Times used before Kuulu"),
        min_value=0,
        max_value=DB_INTEGER_MAX,
        initial=0,
        required=False,
    )

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = MethodCard.objects.filter(county=county)
