"""Every date and time field of every form takes the years 2000-2100 only (core.dates)."""

from __future__ import annotations

import datetime

import pytest
from django import forms

from kuulu.core.forms import DATE_FIELDS, KuuluForm, KuuluModelForm, YearRangeMixin
from kuulu.core.tests.test_email_fields import _form_classes


def test_every_form_with_a_date_field_checks_its_years():
    """A form outside the shared base classes would let a year-1 date through to the database:
    PostgreSQL stores a year-1 time on the Helsinki clock that Python cannot read back."""
    checked = 0
    missing = []
    for form_class in _form_classes():
        dated = [
            name
            for name, field in form_class.base_fields.items()
            if isinstance(field, DATE_FIELDS) and not getattr(field, "any_year", False)
        ]
        if not dated:
            continue
        checked += 1
        if not issubclass(form_class, YearRangeMixin):
            missing.append(f"{form_class.__module__}.{form_class.__name__}")
    assert missing == []
    assert checked >= 25  # the forms with a date field were all found


class _Dated(KuuluForm):
    day = forms.DateField()
    at = forms.DateTimeField(required=False)
    born = forms.DateField(required=False)
    born.any_year = True  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("day", "valid"),
    [
        ("2000-01-01", True),
        ("2100-12-31", True),
        ("1999-12-31", False),
        ("2101-01-01", False),
        ("0001-01-01", False),
        ("9999-12-31", False),
    ],
)
def test_a_date_outside_the_years_is_the_fields_error(day, valid):
    form = _Dated(data={"day": day})

    assert form.is_valid() is valid
    if not valid:
        assert form.has_error("day", code="year_out_of_range")
        assert "day" not in form.cleaned_data


def test_a_time_outside_the_years_is_the_fields_error_and_any_year_opts_out():
    form = _Dated(data={"day": "2025-01-01", "at": "0001-01-01 10:00", "born": "1931-05-02"})

    assert not form.is_valid()
    assert form.has_error("at", code="year_out_of_range")
    assert form.cleaned_data["born"] == datetime.date(1931, 5, 2)


@pytest.mark.django_db
def test_a_model_forms_generated_date_field_is_checked_too():
    from kuulu.codevelopment.forms import ExperimentForm

    form_fields = ExperimentForm.base_fields
    dated = [n for n, f in form_fields.items() if isinstance(f, DATE_FIELDS)]
    assert dated, "ExperimentForm has date fields from its model"
    assert issubclass(ExperimentForm, KuuluModelForm)
