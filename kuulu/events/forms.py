from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kuulu.core import forms as core_forms
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.core.forms import KuuluForm, KuuluModelForm
from kuulu.events.models import ONLINE_URL_MAX_LENGTH, Event, EventQuestion, Programme, Session
from kuulu.events.services import ANSWER_MAX_LENGTH
from kuulu.organisation.models import Municipality, Person


class CalendarFilterForm(KuuluForm):
    audience = forms.ChoiceField(
        label=_("For whom"),
        required=False,
        choices=[
            ("", _("Everyone")),
            ("managers", _("managers")),
            ("staff", _("staff")),
            ("elected", _("elected officials")),
            ("ngos", _("NGOs")),
            ("public", _("the public")),
        ],
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.all(),
        empty_label=_("All municipalities"),
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All formats")), *Event.Format.choices]
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        required=False,
        queryset=Programme.objects.none(),
        empty_label=_("All programmes"),
    )

    def __init__(self, *args: object, public_only: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Internal programmes are not named to the public.
        programmes = Programme.objects.all()
        if public_only:
            programmes = programmes.filter(events__for_public=True).distinct()
        self.fields["programme"].queryset = programmes


class RegistrationForm(KuuluForm):
    name = forms.CharField(
        label=_("Name"), max_length=160, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = core_forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"), choices=settings.LANGUAGES, initial="fi"
    )
    dietary = forms.CharField(label=_("Dietary needs"), max_length=500, required=False)
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        max_length=500,
        required=False,
        help_text=_(
            "For example an induction loop, a sign language interpreter or step-free access."
        ),
    )

    def __init__(
        self,
        *args: object,
        event: Event,
        questions: list[EventQuestion] = (),  # type: ignore[assignment]
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not event.ask_dietary:
            del self.fields["dietary"]
        if not event.ask_accessibility:
            del self.fields["accessibility"]
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = question_field(question)

    def answers(self) -> dict[str, str]:
        """The answers to the extra questions, keyed by question id; empty answers left out."""
        return {
            str(q.pk): self.cleaned_data[f"q_{q.pk}"]
            for q in self.questions
            if self.cleaned_data.get(f"q_{q.pk}")
        }


def question_field(question: EventQuestion) -> forms.Field:
    """A form field for an extra question, with the same rules as `services.validate_answers`."""
    label = question.text
    messages = {"required": _("Answer this question.")}
    if question.kind == EventQuestion.Kind.YES_NO:
        return forms.ChoiceField(
            label=label,
            required=question.required,
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
            error_messages={**messages, "invalid_choice": _("Choose yes or no.")},
        )
    if question.kind == EventQuestion.Kind.CHOICE:
        return forms.ChoiceField(
            label=label,
            required=question.required,
            choices=[(c, c) for c in question.choices],
            widget=forms.RadioSelect,
            error_messages={
                **messages,
                "invalid_choice": _("Choose one of the options given."),
            },
        )
    return forms.CharField(
        label=label,
        required=question.required,
        max_length=ANSWER_MAX_LENGTH,
        error_messages={
            **messages,
            "max_length": _("Keep the answer to at most %(limit_value)d characters."),
        },
    )


class TeamRegistrationForm(KuuluForm):
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.none(), empty_label=None
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Team members to register"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Staff of your unit and the units below it."),
        error_messages={
            "required": _("Choose at least one person."),
            "invalid_choice": _(
                "You can register only staff of your own unit and the units below it."
            ),
            "invalid_pk_value": _("Choose people from the list."),
        },
    )

    def __init__(
        self, *args: object, sessions: list[Session], candidates: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(pk__in=[s.pk for s in sessions])
        self.fields["session"].label_from_instance = _session_label
        self.fields["session"].error_messages["invalid_choice"] = _(
            "Registration for that session is not open."
        )
        self.fields["people"].queryset = candidates
        self.fields["people"].label_from_instance = _person_label


def _session_label(session: Session) -> str:
    from django.utils import formats, timezone

    local = timezone.localtime(session.starts_at)
    place = session.venue or (_("online") if session.online_url else "")
    when = formats.date_format(local, "l j.n.Y H:i")
    return f"{when}, {place}" if place else when


def _person_label(person: Person) -> str:
    unit = person.unit.name if person.unit else ""
    return f"{person.full_name} ({unit})" if unit else person.full_name


TRANSLATED_LABELS = {
    "title_fi": _("Title in Finnish"),
    "title_sv": _("Title in Swedish"),
    "title_en": _("Title in English"),
    "description_fi": _("Description in Finnish"),
    "description_sv": _("Description in Swedish"),
    "description_en": _("Description in English"),
}


AUDIENCE_FIELDS = {
    "for_managers": _("managers"),
    "for_staff": _("staff"),
    "for_elected": _("elected officials"),
    "for_ngos": _("NGOs"),
    "for_public": _("the public"),
}


class EventForm(KuuluModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("For whom"),
        required=False,
        choices=list(AUDIENCE_FIELDS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Events for the public are shown to everyone; the others only to staff."),
    )
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"),
        required=False,
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Staff members who may edit this event and see its registrations. Coordinators "
            "always can."
        ),
    )

    class Meta:
        model = Event
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "programme",
            "part_number",
            "format",
            "language",
            "facilitators",
            "registration_opens_at",
            "registration_closes_days",
            "waitlist",
            "ask_dietary",
            "ask_accessibility",
            "status",
        ]
        labels = {
            **TRANSLATED_LABELS,
            "part_number": _("Part number in the programme"),
            "language": _("Language of the event"),
            "registration_opens_at": _("Registration opens"),
        }
        help_texts = {
            "registration_opens_at": _(
                "Date and time in Finnish time. Leave empty to open registration at once."
            ),
            "facilitators": _("One per line."),
        }
        widgets = {
            "format": forms.RadioSelect,
            "status": forms.RadioSelect,
            "registration_opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description_fi": forms.Textarea(attrs={"rows": 4}),
            "description_sv": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "facilitators": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args: object, county_id: int, choose_organisers: bool = True, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_fi"].required = True
        self.fields["programme"].queryset = Programme.objects.filter(county_id=county_id)
        status = self.fields["status"]
        keep = [Event.Status.DRAFT, Event.Status.PUBLISHED]
        if self.instance.pk and self.instance.status == Event.Status.CANCELLED:
            keep = [Event.Status.CANCELLED]  # services._check_event: it stays cancelled
        status.choices = [c for c in Event.Status.choices if c[0] in keep]
        people = Person.objects.filter(
            county_id=county_id, kind=Person.Kind.STAFF, is_active=True, user__isnull=False
        ).order_by("last_name", "first_name", "id")
        self.fields["organisers"].queryset = people
        self.fields["organisers"].label_from_instance = _person_label
        if self.instance.pk and not self.is_bound:
            self.initial["organisers"] = list(
                people.filter(user__in=self.instance.organisers.all()).values_list("pk", flat=True)
            )
        self.order_fields([*self.Meta.fields[:10], "audiences"])
        if self.instance.pk and not self.is_bound:
            self.initial["audiences"] = [f for f in AUDIENCE_FIELDS if getattr(self.instance, f)]
        if not choose_organisers:
            # Only coordinators name organisers; an organiser cannot add others or drop out.
            del self.fields["organisers"]

    def clean_registration_opens_at(self) -> object:
        value = self.cleaned_data.get("registration_opens_at")
        if not year_in_range(value):
            raise forms.ValidationError(year_out_of_range_message())
        return value

    def event_data(self) -> dict:
        """The event's own fields, with the audience choices as the model's flags."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("organisers", "audiences")}
        chosen = set(self.cleaned_data.get("audiences", []))
        data.update({name: name in chosen for name in AUDIENCE_FIELDS})
        data["facilitators"] = data.get("facilitators") or ""
        return data

    def organiser_users(self) -> list | None:
        """The chosen organisers' accounts, or None when this form does not choose them."""
        if "organisers" not in self.fields:
            return None
        return [p.user for p in self.cleaned_data.get("organisers", [])]


class AgendaRowForm(KuuluForm):
    time = forms.CharField(label=_("Time"), max_length=20, required=False)
    item = forms.CharField(label=_("Item"), max_length=200, required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("item") and not data.get("time"):
            self.add_error("time", _("Give a time for the item."))
        if data.get("time") and not data.get("item"):
            self.add_error("item", _("Say what happens at this time."))
        return data


AgendaFormSet = forms.formset_factory(AgendaRowForm, extra=3, max_num=40, absolute_max=60)


def agenda_rows(formset: forms.BaseFormSet) -> list[dict[str, str]]:
    return [
        {"time": f.cleaned_data["time"].strip(), "item": f.cleaned_data["item"].strip()}
        for f in formset.forms
        if f.cleaned_data.get("time") or f.cleaned_data.get("item")
    ]


class SessionForm(KuuluModelForm):
    """Date and times on the Helsinki wall clock; the view makes them aware."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=ONLINE_URL_MAX_LENGTH,
        assume_scheme="https",
        help_text=_("Shown only to people who have a place."),
    )

    class Meta:
        model = Session
        fields = ["venue", "address", "municipality", "capacity"]
        labels = {"capacity": _("Places")}

    def __init__(self, *args: object, county_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(county_id=county_id)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        order = ["date", "start_time", "end_time", "venue", "address", "municipality"]
        self.order_fields([*order, "online_url", "capacity"])
        if self.instance.pk and not self.is_bound:
            from django.utils import timezone

            start = timezone.localtime(self.instance.starts_at)
            end = timezone.localtime(self.instance.ends_at)
            self.initial.update(
                date=start.date(),
                start_time=start.time(),
                end_time=end.time(),
                online_url=self.instance.online_url,
            )

    def clean_date(self) -> object:
        value = self.cleaned_data.get("date")
        if not year_in_range(value):
            raise forms.ValidationError(year_out_of_range_message())
        return value

    def session_data(self) -> dict:
        from datetime import datetime

        from django.utils import timezone

        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return {
            "starts_at": datetime.combine(data["date"], data["start_time"], tzinfo=zone),
            "ends_at": datetime.combine(data["date"], data["end_time"], tzinfo=zone),
            "venue": data["venue"],
            "address": data["address"],
            "municipality": data["municipality"],
            "online_url": data["online_url"],
            "capacity": data["capacity"],
        }


class QuestionForm(KuuluModelForm):
    choices_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For “one of given options”: one option per line."),
    )

    class Meta:
        model = EventQuestion
        fields = ["text_fi", "text_sv", "text_en", "kind", "required", "position"]
        labels = {
            "text_fi": _("Question in Finnish"),
            "text_sv": _("Question in Swedish"),
            "text_en": _("Question in English"),
            "position": _("Position in the form"),
        }
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text_fi"].required = True
        self.order_fields([*self.Meta.fields[:4], "choices_text", "required", "position"])
        if self.instance.pk and not self.is_bound:
            self.initial["choices_text"] = "\n".join(self.instance.choices)

    def clean_choices_text(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("choices_text", "").splitlines()
            if line.strip()
        ]

    def question_data(self) -> dict:
        data = {
            k: self.cleaned_data[k]
            for k in ("text_fi", "text_sv", "text_en", "kind", "required", "position")
        }
        data["choices"] = self.cleaned_data["choices_text"]
        return {k: ("" if v is None and k.startswith("text_") else v) for k, v in data.items()}
