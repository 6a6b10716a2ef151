from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm
from kuulu.core.models import AuditEvent


class AuditSearchForm(KuuluForm):
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    actor = forms.IntegerField(label=_("User id"), required=False, min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditEvent.Action.choices],
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, object_types: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All types")), *[(t, t) for t in object_types]]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date must not be before the start date."))
        return data


class LeadershipPeriodForm(KuuluForm):
    """The period of the leadership view: a year, or one quarter of it."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("The whole year")),
            ("1", _("Q1 (January to March)")),
            ("2", _("Q2 (April to June)")),
            ("3", _("Q3 (July to September)")),
            ("4", _("Q4 (October to December)")),
        ],
    )

    def __init__(self, *args: object, years: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(y), str(y)) for y in years]
