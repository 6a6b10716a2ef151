"""Form behaviour every Kuulu form shares: errors tied to their fields for screen readers, email
fields an email column can hold, dates in the years a date may fall in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from kuulu.core.dates import year_in_range, year_out_of_range_message


class AccessibleErrorsMixin:
    """After validation, point each invalid field's aria-describedby at its error text."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            bound = self[name]  # type: ignore[index]
            widget = self.fields[name].widget  # type: ignore[attr-defined]
            ids = [f"{bound.auto_id}_errors"]
            if self.fields[name].help_text:  # type: ignore[attr-defined]
                ids.insert(0, f"{bound.auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(ids)
            widget.attrs["aria-invalid"] = "true"


DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


class YearRangeMixin:
    """Every date and time field of the form takes years FIRST_YEAR..LAST_YEAR only (see
    `core.dates`): a year typed as 0001 or 9999 is a slip, and PostgreSQL stores a year-1 time
    Python cannot read back, so every page showing the row failed. The field gets the translated
    error and nothing is saved. A field that must take other years (a birth date) sets
    `any_year = True` on itself."""

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if not isinstance(field, DATE_FIELDS) or getattr(field, "any_year", False):
                continue
            if name in self.cleaned_data and not year_in_range(self.cleaned_data[name]):  # type: ignore[attr-defined]
                self.add_error(  # type: ignore[attr-defined]
                    name,
                    forms.ValidationError(year_out_of_range_message(), code="year_out_of_range"),
                )


class KuuluForm(AccessibleErrorsMixin, YearRangeMixin, forms.Form):
    pass


class KuuluModelForm(AccessibleErrorsMixin, YearRangeMixin, forms.ModelForm):
    pass


# What an email column holds (Django's model EmailField, RFC 5321's path limit).
EMAIL_MAX_LENGTH = 254


class EmailField(forms.EmailField):
    """An email field that refuses what no email column can store. Django's form field
    accepts 320 characters; the model field's column holds 254, so on PostgreSQL an address of
    255-320 characters (valid by its syntax) was a server error when saved."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        super().__init__(**kwargs)


class HoneypotField(forms.CharField):
    """A text field people never see or reach by keyboard, and that form-filling robots fill.

    Rendered visually hidden (still announced to screen readers, with a label asking to leave it
    empty) by includes/field.html; anything typed in it fails validation, so nothing is saved."""

    is_honeypot = True

    def __init__(self, **kwargs: Any) -> None:
        from django.utils.translation import gettext_lazy as _

        kwargs.setdefault("label", _("Leave this field empty"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            from django.utils.translation import gettext as _

            raise ValidationError(
                _("This field must be left empty. It helps us keep automated spam out."),
                code="honeypot",
            )


class HoneypotMixin(forms.Form):
    """Adds the honeypot field `website` to a public form."""

    website = HoneypotField()


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def blank_translations(data: dict[str, Any]) -> dict[str, Any]:
    """django-modeltranslation's form fields give None for an empty translation (`name_sv`);
    the models store ''. Other None values (empty choices, dates) are left as they are."""
    suffixes = tuple(f"_{code}" for code, _name in settings.LANGUAGES)
    return {k: ("" if v is None and k.endswith(suffixes) else v) for k, v in data.items()}
