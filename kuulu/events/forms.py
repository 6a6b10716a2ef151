from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm
from kuulu.events.models import Event, Programme
from kuulu.organisation.models import Municipality


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
    email = forms.EmailField(
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

    def __init__(self, *args: object, event: Event, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not event.ask_dietary:
            del self.fields["dietary"]
        if not event.ask_accessibility:
            del self.fields["accessibility"]
