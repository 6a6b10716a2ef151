"""Forms of assisted participation. They check the shape of input; the services the rules."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kuulu.assisted.models import AssistedAction
from kuulu.core import forms as core_forms
from kuulu.core.forms import KuuluForm
from kuulu.feedback.models import TEXT_MAX_LENGTH, Feedback
from kuulu.organisation.models import Municipality, Person, Unit

LANGUAGE_CHOICES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]


class ResidentSearchForm(KuuluForm):
    q = forms.CharField(
        label=_("Find a resident by name, email address or phone number"),
        max_length=100,
        required=False,
        help_text=_("At least three characters. Shows at most ten residents."),
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        details = [d for d in (obj.email, obj.phone) if d]
        if obj.municipality_id:
            details.append(obj.municipality.name)
        return f"{obj.full_name} ({', '.join(details)})" if details else obj.full_name


class StartVisitForm(KuuluForm):
    """Whom the staff member is helping, where, and the resident's consent."""

    WHO_FOUND, WHO_NEW, WHO_NONE = "found", "new", "none"

    who = forms.ChoiceField(
        label=_("Who are you helping?"),
        choices=[
            (WHO_FOUND, _("A resident found by the search")),
            (WHO_NEW, _("A new resident record with contact details")),
            (
                WHO_NONE,
                _(
                    "No record: the resident stays anonymous or leaves contact details only "
                    "in this matter"
                ),
            ),
        ],
        widget=forms.RadioSelect,
    )
    resident = PersonChoiceField(
        label=_("Resident found"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    first_name = forms.CharField(label=_("First name"), max_length=80, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=80, required=False)
    email = core_forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Home municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Not given"),
    )
    invite = forms.BooleanField(
        label=_("Send the resident an email to create a sign-in account"),
        required=False,
        help_text=_(
            "With an account the resident sees what they took part in, and that you "
            "helped, on their own page."
        ),
    )
    unit = forms.ModelChoiceField(label=_("Service point"), queryset=Unit.objects.none())
    consent_method = forms.ChoiceField(
        label=_("How did the resident consent?"),
        choices=AssistedAction.ConsentMethod.choices,
        widget=forms.RadioSelect,
    )
    representative_name = forms.CharField(
        label=_("Name of the guardian or representative"),
        max_length=160,
        required=False,
        help_text=_("Only when a guardian or representative consented for the resident."),
    )
    consent_note = forms.CharField(
        label=_("Note on consent"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example where a written consent is kept. No health details."),
    )
    confirmed = forms.BooleanField(
        label=_(
            "The resident agreed that I record their participation on their behalf, and "
            "knows that it will show as made with my help."
        ),
        error_messages={"required": _("Confirm the resident's consent before you go on.")},
    )

    def __init__(
        self,
        *args: Any,
        residents: Any,
        units: Any,
        municipalities: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents
        self.fields["unit"].queryset = units
        self.fields["municipality"].queryset = municipalities

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        who = data.get("who")
        if who == self.WHO_FOUND and not data.get("resident"):
            self.add_error("resident", _("Choose the resident from the search results."))
        if who == self.WHO_NEW:
            if not data.get("first_name"):
                self.add_error("first_name", _("Give the resident's first name."))
            if not data.get("last_name"):
                self.add_error("last_name", _("Give the resident's last name."))
        return data


class AssistedFeedbackForm(KuuluForm):
    channel = forms.ChoiceField(
        label=_("How was the feedback given?"),
        choices=[
            (Feedback.Channel.IN_PERSON, Feedback.Channel.IN_PERSON.label),
            (Feedback.Channel.PHONE, Feedback.Channel.PHONE.label),
            (Feedback.Channel.PAPER, Feedback.Channel.PAPER.label),
        ],
        widget=forms.RadioSelect,
        initial=Feedback.Channel.IN_PERSON,
    )
    kind = forms.ChoiceField(
        label=_("Type of feedback"), choices=Feedback.Kind.choices, widget=forms.RadioSelect
    )
    unit = forms.ModelChoiceField(
        label=_("Unit the feedback concerns"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Not known"),
    )
    text = forms.CharField(
        label=_("The resident's feedback"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Write down what the resident said, in their words. At most 4,000 characters."),
    )
    language = forms.ChoiceField(label=_("Resident's language"), choices=LANGUAGE_CHOICES)
    score = forms.IntegerField(
        label=_("Recommendation score from 0 to 10, if the resident gave one"),
        min_value=0,
        max_value=10,
        required=False,
    )
    wants_reply = forms.BooleanField(label=_("The resident wants a reply"), required=False)
    contact_name = forms.CharField(label=_("Resident's name"), max_length=160, required=False)
    contact_email = core_forms.EmailField(label=_("Email address"), required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_key", secrets.token_urlsafe(16))
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:  # type: ignore[override]
        from django.utils import timezone

        start = timezone.localtime(obj.starts_at)
        place = f", {obj.venue}" if obj.venue else ""
        return f"{obj.event.title} {start:%d.%m.%Y %H:%M}{place}"


class AssistedRegistrationForm(KuuluForm):
    session = SessionChoiceField(label=_("Event and time"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Resident's name"), max_length=160)
    email = core_forms.EmailField(
        label=_("Resident's email address"),
        help_text=_("The confirmation and the cancellation link are sent here."),
    )
    language = forms.ChoiceField(label=_("Language of the emails"), choices=settings.LANGUAGES)
    dietary = forms.CharField(label=_("Dietary needs"), max_length=500, required=False)
    accessibility = forms.CharField(label=_("Accessibility needs"), max_length=500, required=False)

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kuulu.events.models import Session

        self.fields["session"].queryset = Session.objects.filter(
            pk__in=[s.pk for s in sessions]
        ).select_related("event")


class SurveyChoiceForm(KuuluForm):
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=None, empty_label=None)

    def __init__(self, *args: Any, surveys: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kuulu.surveys.models import Survey

        self.fields["survey"].queryset = Survey.objects.filter(pk__in=[s.pk for s in surveys])


class ConversationChoiceForm(KuuluForm):
    conversation = forms.ModelChoiceField(label=_("Conversation"), queryset=None, empty_label=None)

    def __init__(self, *args: Any, conversations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kuulu.deliberation.models import Conversation

        self.fields["conversation"].queryset = Conversation.objects.filter(
            pk__in=[c.pk for c in conversations]
        )


VOTE_CHOICES = [
    ("", _("Not marked")),
    ("1", _("Agree")),
    ("-1", _("Disagree")),
    ("0", _("Pass / unsure")),
]


class BallotForm(KuuluForm):
    """One choice per statement, as marked on the paper ballot."""

    def __init__(self, *args: Any, statements: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statements = statements
        for statement in statements:
            self.fields[f"s_{statement.pk}"] = forms.ChoiceField(
                label=statement.text,
                choices=VOTE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )

    def votes(self) -> dict[int, int]:
        return {
            s.pk: int(self.cleaned_data[f"s_{s.pk}"])
            for s in self.statements
            if self.cleaned_data.get(f"s_{s.pk}") not in (None, "")
        }
