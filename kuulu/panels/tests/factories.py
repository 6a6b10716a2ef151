from __future__ import annotations

from typing import Any

from django.utils import timezone

from kuulu.organisation.models import County
from kuulu.panels import services
from kuulu.panels.models import Invitee, Panel, Volunteer


def make_panel(county: County, *, status: str = Panel.Status.VOLUNTEERING, **data: Any) -> Panel:
    data.setdefault("title_fi", "Asukaspaneeli")
    data.setdefault("title_en", "Resident panel")
    data.setdefault("seats", 4)
    panel = services.create_panel(county=county, data=data)
    Panel.objects.filter(pk=panel.pk).update(status=status)
    panel.refresh_from_db()
    return panel


def make_invitee(panel: Panel, number: int, *, code: str | None = None, **data: Any) -> Invitee:
    data.setdefault("first_name", "Aino")
    data.setdefault("last_name", "Heikkinen")
    data.setdefault("street_address", "Kauppakatu 1")
    data.setdefault("postal_code", "87100")
    data.setdefault("post_office", "KAJAANI")
    data.setdefault("language", "fi")
    code = code or f"CODE-{panel.pk}-{number}"
    return Invitee.objects.create(
        panel=panel,
        sample_id=f"S{number}",
        code_hash=services.hash_code(code),
        code_issued_at=timezone.now(),
        **data,
    )


ANSWERS = {
    "age": "45-64",
    "gender": "woman",
    "municipality": "Kajaani",
    "language": "fi",
    "education": "higher",
}


def make_volunteer(panel: Panel, number: int, **answers: str) -> Volunteer:
    invitee = make_invitee(panel, number)
    return Volunteer.objects.create(
        panel=panel,
        invitee=invitee,
        code_hash=invitee.code_hash,
        answers={**ANSWERS, **answers},
        email=f"v{number}@example.test",
        consent_at=timezone.now(),
    )


def open_quotas(panel: Panel) -> None:
    """Quotas that let anyone sit: 0..seats for every answer."""
    services.set_quotas(
        panel=panel,
        quotas={s.pk: dict.fromkeys(s.choices, (0, panel.seats)) for s in panel.strata.all()},
    )


def _posted(value: Any, field: Any) -> Any:
    value = field.prepare_value(value)
    return "" if value is None else value


def admin_change_form_data(response: Any) -> dict[str, Any]:
    """What the admin's change page would post back unchanged: the form and every inline."""
    form = response.context["adminform"].form
    data = {
        form.add_prefix(name): _posted(form[name].value(), f) for name, f in form.fields.items()
    }
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for child in formset.forms:
            for name, f in child.fields.items():
                data[child.add_prefix(name)] = _posted(child[name].value(), f)
    return {k: v for k, v in data.items() if v is not False}
