from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluModelForm
from kuulu.datacollection.models import Collection
from kuulu.organisation.models import Person


class CollectionForm(KuuluModelForm):
    class Meta:
        model = Collection
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
            "source",
            "organiser",
            "responsible",
            "survey",
            "schedule",
            "month",
            "first_year",
            "last_year",
            "target_group_fi",
            "target_group_sv",
            "target_group_en",
            "results_url",
            "results_note",
            "residents_involved",
            "residents_involvement",
            "residents_involved_on",
            "is_public",
            "is_active",
        ]
        labels = {
            "name_fi": _("Name in Finnish"),
            "name_sv": _("Name in Swedish"),
            "name_en": _("Name in English"),
            "description_fi": _("Description in Finnish"),
            "description_sv": _("Description in Swedish"),
            "description_en": _("Description in English"),
            "target_group_fi": _("Target group in Finnish"),
            "target_group_sv": _("Target group in Swedish"),
            "target_group_en": _("Target group in English"),
        }
        widgets = {
            "month": forms.Select(
                choices=[(m, m) for m in range(1, 13)],
            ),
            "residents_involved_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: object, county_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        from kuulu.surveys.models import Survey

        self.fields["name_fi"].required = True
        self.fields["target_group_fi"].required = True
        # The person already named stays a choice after leaving (an HR sync deactivates them):
        # otherwise the edit page offered no such option and any save quietly cleared who was
        # responsible, or refused the form when the id was sent back.
        self.fields["responsible"].queryset = Person.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.responsible_id),
            county_id=county_id,
            kind=Person.Kind.STAFF,
        )
        self.fields["results_url"].assume_scheme = "https"
        self.fields["survey"].queryset = Survey.objects.filter(county_id=county_id)
        months = [
            (1, _("January")),
            (2, _("February")),
            (3, _("March")),
            (4, _("April")),
            (5, _("May")),
            (6, _("June")),
            (7, _("July")),
            (8, _("August")),
            (9, _("September")),
            (10, _("October")),
            (11, _("November")),
            (12, _("December")),
        ]
        self.fields["month"].widget = forms.Select(choices=months)
