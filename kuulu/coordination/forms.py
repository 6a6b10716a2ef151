from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kuulu.coordination.models import CoordinationTask
from kuulu.core.forms import KuuluModelForm
from kuulu.organisation.models import Person, Unit


class TaskForm(KuuluModelForm):
    class Meta:
        model = CoordinationTask
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "status",
            "responsible_unit",
            "responsible_person",
        ]
        labels = {
            "title_fi": _("Title in Finnish"),
            "title_sv": _("Title in Swedish"),
            "title_en": _("Title in English"),
            "description_fi": _("Description in Finnish"),
            "description_sv": _("Description in Swedish"),
            "description_en": _("Description in English"),
        }

    def __init__(self, *args: object, county_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_fi"].required = True
        self.fields["responsible_unit"].queryset = Unit.objects.filter(
            county_id=county_id, is_active=True
        )
        self.fields["responsible_person"].queryset = Person.objects.filter(
            county_id=county_id, kind=Person.Kind.STAFF, is_active=True
        )
