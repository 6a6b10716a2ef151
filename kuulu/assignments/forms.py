from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm
from kuulu.events.models import Event
from kuulu.learning.models import Course
from kuulu.organisation.models import Person, Unit


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return "— " * obj.depth + str(obj)


class AssignmentForm(KuuluForm):
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("Choose a course or an event, not both."),
    )
    units = UnitChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A service area or unit includes everyone below it. Tick none to assign the whole county's staff."
        ),
    )
    managers_only = forms.BooleanField(label=_("Managers only"), required=False)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    remind_days_before = forms.IntegerField(
        label=_("Reminder (days before the due date)"), min_value=0, max_value=90, initial=7
    )
    note = forms.CharField(
        label=_("Note to the learners"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(
            county_id=county_id, status=Course.Status.PUBLISHED
        )
        self.fields["event"].queryset = Event.objects.filter(
            county_id=county_id, status=Event.Status.PUBLISHED
        )
        # Teams are left out to keep the list short; their unit covers them.
        self.fields["units"].queryset = (
            Unit.objects.active().filter(county_id=county_id).exclude(kind=Unit.Kind.TEAM)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("course")) == bool(data.get("event")):
            self.add_error("course", _("Choose either a course or an event."))
        return data


class TeamChoiceForm(KuuluForm):
    unit = forms.ModelChoiceField(label=_("Team or unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class TeamCompletionForm(KuuluForm):
    completed_on = forms.DateField(
        label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Who took part"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("For example: watched the recorded lecture together in the team meeting."),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = people
        self.fields["completed_on"].initial = timezone.localdate()
