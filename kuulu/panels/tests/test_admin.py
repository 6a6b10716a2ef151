"""The Django admin keeps what decided the draw: the seats once drawn, the strata once answered."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kuulu.panels import services
from kuulu.panels.models import Panel, Stratum
from kuulu.panels.tests.factories import (
    admin_change_form_data,
    make_panel,
    make_volunteer,
    open_quotas,
)

pytestmark = pytest.mark.django_db


def _url(panel: Panel) -> str:
    return reverse("admin:panels_panel_change", args=[panel.pk])


def _age_label_form(data: dict[str, Any]) -> str:
    return next(k for k, v in data.items() if k.endswith("-key") and v == "age").replace(
        "-key", "-label_fi"
    )


def test_a_drawn_panels_seats_and_strata_cannot_be_changed_in_the_admin(clients, org):
    panel = make_panel(org.county, seats=2)
    for number in range(3):
        make_volunteer(panel, number)
    open_quotas(panel)
    services.run_draw(panel=panel, seed=5, method="stratified")
    page = clients["admin"].get(_url(panel))
    assert page.status_code == 200
    assert "seats" not in page.context["adminform"].form.fields
    data = admin_change_form_data(page)
    strata = [(s.pk, s.key, s.label_fi, s.choices) for s in Stratum.objects.filter(panel=panel)]

    response = clients["admin"].post(
        _url(panel),
        {
            **data,
            "seats": "3",
            _age_label_form(data): "Muutettu",
            "title_fi": "Uusi nimi",
        },
    )

    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.title_fi == "Uusi nimi"  # what did not decide the draw still changes
    assert panel.seats == 2
    assert [
        (s.pk, s.key, s.label_fi, s.choices) for s in Stratum.objects.filter(panel=panel)
    ] == strata
    assert services.verify_draw(panel=panel).matches


def test_strata_cannot_be_changed_in_the_admin_once_volunteers_answered(clients, org):
    panel = make_panel(org.county, seats=2)
    make_volunteer(panel, 1)
    page = clients["admin"].get(_url(panel))
    data = admin_change_form_data(page)
    before = list(Stratum.objects.filter(panel=panel).values_list("pk", "label_fi"))

    response = clients["admin"].post(
        _url(panel), {**data, _age_label_form(data): "Muutettu", "seats": "5"}
    )

    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.seats == 5  # not drawn yet: the seats may still change
    assert list(Stratum.objects.filter(panel=panel).values_list("pk", "label_fi")) == before


def test_strata_are_edited_in_the_admin_before_anyone_answers(clients, org):
    panel = make_panel(org.county, seats=2)
    data = admin_change_form_data(clients["admin"].get(_url(panel)))

    response = clients["admin"].post(_url(panel), {**data, _age_label_form(data): "Ikäryhmä"})

    assert response.status_code == 302
    assert Stratum.objects.get(panel=panel, key="age").label_fi == "Ikäryhmä"


def test_a_drawn_panel_cannot_be_deleted_or_moved_to_another_county_in_the_admin(clients, org):
    from kuulu.organisation.tests.factories import make_county

    other = make_county()
    panel = make_panel(org.county, seats=2)
    for number in range(3):
        make_volunteer(panel, number)
    open_quotas(panel)
    services.run_draw(panel=panel, seed=5, method="stratified")
    page = clients["admin"].get(_url(panel))
    assert "county" not in page.context["adminform"].form.fields
    data = admin_change_form_data(page)
    clients["admin"].post(_url(panel), {**data, "county": str(other.pk)})
    delete = clients["admin"].post(
        reverse("admin:panels_panel_delete", args=[panel.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    panel.refresh_from_db()
    assert panel.county_id == org.county.pk
    assert services.verify_draw(panel=panel).matches


def test_a_panel_nobody_has_answered_can_still_be_deleted_in_the_admin(clients, org):
    panel = make_panel(org.county, seats=2)
    response = clients["admin"].post(
        reverse("admin:panels_panel_delete", args=[panel.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Panel.objects.filter(pk=panel.pk).exists()
