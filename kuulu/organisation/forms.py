from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm, KuuluModelForm
from kuulu.organisation.models import Municipality, Ngo, Person, Unit


class PersonSearchForm(KuuluForm):
    q = forms.CharField(
        label=_("Search by name, email or job title"), required=False, max_length=100
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Person.Kind.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("Unit (and the units below it)"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("All units"),
    )

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class PersonForm(KuuluModelForm):
    create_account = forms.BooleanField(
        label=_("Create a sign-in account and send an invitation by email"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language of emails"), choices=settings.LANGUAGES, initial="fi"
    )

    class Meta:
        model = Person
        fields = [
            "kind",
            "first_name",
            "last_name",
            "email",
            "phone",
            "unit",
            "job_title_fi",
            "job_title_sv",
            "job_title_en",
            "is_manager",
            "is_coordinator",
            "municipality",
            "ngo",
            "position_fi",
            "is_active",
        ]
        labels = {
            "job_title_fi": _("Job title in Finnish"),
            "job_title_sv": _("Job title in Swedish"),
            "job_title_en": _("Job title in English"),
            "position_fi": _("Position (elected officials)"),
        }

    def __init__(self, *args: object, county_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Open units only (as the HR sync), and the person's own even if it has closed since,
        # so that their record can still be edited without moving them.
        open_or_own = Q(is_active=True) | Q(pk=self.instance.unit_id)
        self.fields["unit"].queryset = (
            Unit.objects.filter(county_id=county_id).filter(open_or_own).order_by("path")
        )
        self.fields["municipality"].queryset = Municipality.objects.filter(county_id=county_id)
        self.fields["ngo"].queryset = Ngo.objects.filter(county_id=county_id)
        if self.instance.pk and self.instance.user_id:
            del self.fields["create_account"]
            del self.fields["language"]


class UnitForm(KuuluModelForm):
    class Meta:
        model = Unit
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "code",
            "kind",
            "parent",
            "municipalities",
            "is_active",
        ]
        labels = {
            "name_fi": _("Name in Finnish"),
            "name_sv": _("Name in Swedish"),
            "name_en": _("Name in English"),
            "parent": _("Parent unit"),
        }
        widgets = {"municipalities": forms.CheckboxSelectMultiple}

    def __init__(self, *args: object, county_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_fi"].required = True
        parents = Unit.objects.filter(county_id=county_id).order_by("path")
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.fields["municipalities"].queryset = Municipality.objects.filter(county_id=county_id)


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": ".csv,.json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class HrSyncUploadForm(KuuluForm):
    """The HR files to preview: a JSON document, or a units CSV and/or a people CSV."""

    MAX_BYTES = 20 * 1024 * 1024

    files = _MultipleFileField(
        label=_("Files"),
        help_text=_(
            "A JSON document, or a units CSV file and a people CSV file (UTF-8). "
            "The format is described in the guide."
        ),
    )
    partial = forms.BooleanField(
        label=_("The files list only some units or people"),
        required=False,
        help_text=_("Then units and people missing from the files are not deactivated."),
    )

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        if len(files) > 2:
            raise forms.ValidationError(_("Choose at most two files."))
        for f in files:
            if f.size > self.MAX_BYTES:
                raise forms.ValidationError(_("A file may be at most 20 MB."))
            if not f.name.lower().endswith((".csv", ".json")):
                raise forms.ValidationError(_("Choose CSV or JSON files."))
        return files
