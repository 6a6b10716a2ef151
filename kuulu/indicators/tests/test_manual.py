from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kuulu.indicators import selectors, services
from kuulu.indicators.models import ManualValue
from kuulu.indicators.tests.test_views import make_manual
from kuulu.indicators.types import IndicatorValue, Period, Scope

TODAY = date(2026, 5, 1)


def test_a_value_out_of_range_is_a_field_error_and_nothing_is_saved(org):
    indicator = make_manual(org.county)

    with pytest.raises(ValidationError) as exc:
        services.set_manual_value(
            indicator=indicator, period=Period.year(2025), value=Decimal("100.5"), actor=None
        )

    assert exc.value.message_dict == {"value": ["The value must be at most 100."]}
    assert not ManualValue.objects.exists()


def test_the_value_form_shows_a_wrong_type_and_an_out_of_range_value_on_the_field(org, clients):
    indicator = make_manual(org.county)
    url = reverse("indicators:manual", args=[indicator.pk])

    text = clients["coordinator"].post(url, {"year": "2025", "value": "paljon"})
    high = clients["coordinator"].post(url, {"year": "2025", "value": "101"})

    assert text.status_code == high.status_code == 422
    assert text.context["form"].errors == {"value": ["Enter a number."]}
    assert high.context["form"].errors == {"value": ["The value must be at most 100."]}
    assert not ManualValue.objects.exists()


def test_the_value_form_takes_persons_in_plain_digits_up_to_what_the_column_holds(org, clients):
    indicator = make_manual(org.county)
    url = reverse("indicators:manual", args=[indicator.pk])

    def errors(persons: str) -> dict:
        response = clients["coordinator"].post(
            url, {"year": "2025", "value": "5", "persons": persons}
        )
        assert response.status_code == 422
        return response.context["form"].errors

    assert errors("99999999999") == {
        "persons": ["Ensure this value is less than or equal to 2147483647."]
    }
    assert errors("\u0661\u0662") == {"persons": ["Enter a whole number."]}  # Arabic-Indic 12
    assert errors("1\u00b2") == {"persons": ["Enter a whole number."]}
    with pytest.raises(ValidationError) as exc:
        services.set_manual_value(
            indicator=indicator,
            period=Period.year(2025),
            value=Decimal("5"),
            persons=2147483648,
            actor=None,
        )
    assert exc.value.message_dict == {"persons": ["Enter a whole number of at most 2,147,483,647."]}
    assert not ManualValue.objects.exists()


def test_a_manual_indicator_cannot_take_a_built_in_code(org, clients):
    response = clients["coordinator"].post(
        reverse("indicators:manual_create"),
        {
            "code": "feedback_nps",
            "name_fi": "NPS",
            "definition_fi": "x",
            "unit": "score",
            "perspective": "service",
            "direction": "higher",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "code": ["A built-in indicator already has this code."]
    }


def test_a_manual_indicator_appears_in_the_catalogue_with_its_values(org):
    indicator = make_manual(org.county, counts_persons=True)
    services.set_manual_value(
        indicator=indicator,
        period=Period.year(2025),
        value=Decimal("71.5"),
        persons=1200,
        actor=None,
    )
    services.set_manual_value(
        indicator=indicator,
        period=Period.quarter(2026, 1),
        value=Decimal("3"),
        persons=3,
        actor=None,
    )
    services.set_manual_value(
        indicator=indicator,
        period=Period.year(2025),
        unit=org.area_a,
        value=Decimal("60"),
        persons=400,
        actor=None,
    )

    codes = [d.code for d in selectors.indicator_catalogue(county_id=org.county.pk)]
    year = selectors.indicator_values(
        scope=Scope(org.county.pk), period=Period.year(2025), codes=[indicator.code], today=TODAY
    )[indicator.code]
    quarters = selectors.indicator_trend(
        scope=Scope(org.county.pk),
        code=indicator.code,
        periods=[Period.quarter(2025, 4), Period.quarter(2026, 1), Period.quarter(2026, 2)],
        today=TODAY,
    )
    area = selectors.indicator_values(
        scope=Scope(org.county.pk, service_area_id=org.area_a.pk),
        period=Period.year(2025),
        codes=[indicator.code],
        today=TODAY,
    )[indicator.code]

    assert codes[-1] == "national-inclusion"
    assert year == IndicatorValue("national-inclusion", 71.5, persons=1200)
    # the yearly figure shows in its quarters; three persons are too few; no value later
    assert [v.value for v in quarters] == [71.5, None, None]
    assert quarters[1].suppressed is True
    assert area.value == 60.0


CSV_OK = (
    "indicator;period;value;unit;persons;source\n"
    "national-inclusion;2024;68,5;;1100;THL\n"
    "national-inclusion;2025 Q1;70;unit-a;;\n"
)


def test_a_csv_import_saves_every_row(org):
    make_manual(org.county)

    count = services.import_manual_values(county=org.county, text=CSV_OK, actor=None)

    assert count == 2
    assert sorted(
        ManualValue.objects.values_list(
            "period_start", "period_end", "unit__code", "value", "persons"
        )
    ) == [
        (date(2024, 1, 1), date(2024, 12, 31), None, Decimal("68.50"), 1100),
        (date(2025, 1, 1), date(2025, 3, 31), "unit-a", Decimal("70.00"), None),
    ]


def test_a_csv_import_lists_every_bad_row_and_column_and_imports_nothing(org, clients):
    make_manual(org.county)
    text = (
        "indicator,period,value,unit,persons\n"
        "national-inclusion,2024,68.5,,\n"
        "unknown,2024,5,,\n"
        "national-inclusion,last year,abc,no-such-unit,many\n"
        "national-inclusion,2025,150,,\n"
        "national-inclusion,2024,69,,\n"
    )

    response = clients["coordinator"].post(
        reverse("indicators:manual_import"),
        {"file": SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv")},
    )

    problems = [(p.row, p.column, p.message) for p in response.context["problems"]]
    assert response.status_code == 422
    assert problems == [
        (3, "indicator", "No manual indicator has this code."),
        (4, "period", "Write the period as a year (2025) or a quarter (2025 Q1)."),
        (4, "value", "Enter a number."),
        (4, "unit", "No unit has this code."),
        (4, "persons", "Enter a whole number of 0 or more."),
        (5, "value", "The value must be at most 100."),
        (6, "period", "The same value is also on line 2."),
    ]
    assert not ManualValue.objects.exists()


def test_a_csv_without_the_required_columns_is_refused(org):
    with pytest.raises(services.ManualImportError) as exc:
        services.import_manual_values(county=org.county, text="indicator;amount\nx;1\n", actor=None)

    assert [(p.row, p.column) for p in exc.value.problems] == [
        (1, "period"),
        (1, "value"),
        (1, "amount"),
    ]


def _import(clients, text: str):  # type: ignore[no-untyped-def]
    return clients["coordinator"].post(
        reverse("indicators:manual_import"),
        {"file": SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv")},
    )


def test_a_csv_import_takes_persons_in_plain_digits_up_to_what_the_column_holds(org, clients):
    make_manual(org.county)
    text = (
        "indicator,period,value,persons\n"
        "national-inclusion,2021,50,2147483647\n"
        "national-inclusion,2022,50,1\u00b2\n"  # a superscript two: isdigit(), but not int()
        "national-inclusion,2023,50,99999999999\n"  # beyond a PostgreSQL integer
        "national-inclusion,2024,50,\u0661\u0662\n"  # Arabic-Indic digits
    )

    response = _import(clients, text)

    assert response.status_code == 422
    assert [(p.row, p.column, p.message) for p in response.context["problems"]] == [
        (3, "persons", "Enter a whole number of 0 or more."),
        (4, "persons", "Enter a whole number of at most 2,147,483,647."),
        (5, "persons", "Enter a whole number of 0 or more."),
    ]
    assert not ManualValue.objects.exists()


def test_an_unclosed_quotation_mark_in_a_large_csv_is_an_error_of_its_line(org, clients):
    make_manual(org.county)
    text = (
        "indicator,period,value,source\n"
        "national-inclusion,2024,50,THL\n"
        'national-inclusion,2025,60,"THL\n'  # the quotation mark is never closed
        + "national-inclusion,2025,60,THL\n"
        * 5000  # 155 000 characters after it
    )

    response = _import(clients, text)

    assert response.status_code == 422
    assert [(p.row, p.column, p.message) for p in response.context["problems"]] == [
        (
            3,
            "",
            "The line cannot be read: a quotation mark is left open or a field is too long.",
        )
    ]
    assert not ManualValue.objects.exists()


def test_a_csv_with_a_nul_character_is_refused_and_nothing_is_imported(org, clients):
    make_manual(org.county)
    text = "indicator,period,value,source\nnational-inclusion,2024,50,THL\x00\n"

    response = _import(clients, text)

    assert response.status_code == 422
    assert response.context["form"].errors == {"file": ["Null characters are not allowed."]}
    assert not ManualValue.objects.exists()
