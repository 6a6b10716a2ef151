"""Forms for channels. They check the shape of input; rules that span rows live in services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.channels.models import Attendance, Channel, Meeting, Membership, Role
from kuulu.core import forms as core_forms
from kuulu.core.forms import KuuluForm, KuuluModelForm
from kuulu.organisation.models import Municipality, Person, Unit

DATE = {"type": "date"}

TRANSLATED_LABELS = {
    "name_fi": _("Name in Finnish"),
    "name_sv": _("Name in Swedish"),
    "name_en": _("Name in English"),
    "purpose_fi": _("Purpose in Finnish"),
    "purpose_sv": _("Purpose in Swedish"),
    "purpose_en": _("Purpose in English"),
    "who_may_join_fi": _("Who may join, in Finnish"),
    "who_may_join_sv": _("Who may join, in Swedish"),
    "who_may_join_en": _("Who may join, in English"),
    "how_to_join_fi": _("How to join, in Finnish"),
    "how_to_join_sv": _("How to join, in Swedish"),
    "how_to_join_en": _("How to join, in English"),
    "meeting_rhythm_fi": _("Meeting rhythm in Finnish"),
    "meeting_rhythm_sv": _("Meeting rhythm in Swedish"),
    "meeting_rhythm_en": _("Meeting rhythm in English"),
}


class ChannelForm(KuuluModelForm):
    class Meta:
        model = Channel
        fields = [
            "kind",
            "council",
            *TRANSLATED_LABELS,
            "slug",
            "contact_name",
            "contact_email",
            "accepts_applications",
            "is_published",
        ]
        labels = TRANSLATED_LABELS
        widgets = {
            f"{name}_{code}": forms.Textarea(attrs={"rows": 3})
            for name in ("purpose", "who_may_join", "how_to_join")
            for code in ("fi", "sv", "en")
        }
        help_texts = {
            "slug": _("Used in the page address: lowercase letters, digits and hyphens."),
            "council": _("Only for statutory councils."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_fi"].required = True
        self.fields["purpose_fi"].required = True
        for role, label in Role.choices:
            fee = None
            if self.instance.pk:
                fee = next((f.amount for f in self.instance.fees.all() if f.role == role), None)
            self.fields[f"fee_{role}"] = forms.DecimalField(
                label=_("Meeting fee for %(role)s (EUR)") % {"role": label},
                required=False,
                min_value=0,
                max_digits=8,
                decimal_places=2,
                initial=fee,
            )

    def channel_data(self) -> dict[str, Any]:
        from kuulu.core.forms import blank_translations

        return blank_translations(
            {k: v for k, v in self.cleaned_data.items() if not k.startswith("fee_")}
        )

    def fees(self) -> dict[str, Any]:
        return {role: self.cleaned_data.get(f"fee_{role}") for role in Role.values}


class ApplicationForm(KuuluForm):
    name = forms.CharField(label=_("Your name"), max_length=160)
    email = core_forms.EmailField(label=_("Email address"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Home municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("(not given)"),
    )
    motivation = forms.CharField(
        label=_("Why would you like to join?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    seat_wish = forms.CharField(
        label=_("Role or seat you apply for"),
        max_length=160,
        required=False,
        help_text=_("For example the municipality you would represent. Leave empty if none."),
    )
    language = forms.ChoiceField(label=_("Language of our reply"), choices=settings.LANGUAGES)
    public_listing = forms.BooleanField(
        label=_("If I become a member, my name and role may be shown on the public page."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree that my application is stored as described above."),
        required=False,
    )

    def __init__(self, *args: Any, channel: Channel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            county_id=channel.county_id
        )
        if channel.kind != Channel.Kind.STATUTORY_COUNCIL:
            del self.fields["public_listing"]


class _TermFields(KuuluForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    term_start = forms.DateField(label=_("Term starts"), widget=forms.DateInput(attrs=DATE))
    term_end = forms.DateField(
        label=_("Term ends"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("Leave empty for a term without a set end."),
    )
    seat = forms.CharField(
        label=_("Seat"),
        max_length=80,
        required=False,
        help_text=_('For example "Kuhmo" or "seat 3". Terms for the same seat cannot overlap.'),
    )
    represents = forms.ModelChoiceField(
        label=_("Represents the council of"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("For statutory councils: the municipality whose council the member is from."),
    )

    def __init__(self, *args: Any, channel: Channel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["represents"].queryset = Municipality.objects.filter(
            county_id=channel.county_id
        )
        self.fields["term_start"].initial = timezone.localdate()
        if channel.kind != Channel.Kind.STATUTORY_COUNCIL:
            del self.fields["represents"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("A term cannot end before it starts."))
        return data


class AcceptForm(_TermFields):
    pass


class MembershipForm(_TermFields):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    is_deputy_for = forms.ModelChoiceField(
        label=_("Deputy for"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("(nobody)"),
    )
    consent_text = forms.CharField(
        label=_("What the person agreed to be stored and why"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Record the consent the person gave on paper or by email, if any."),
    )
    public_listing = forms.BooleanField(
        label=_("The person agreed to their name and role being shown publicly"),
        required=False,
    )

    field_order = ["person", "role", "term_start", "term_end", "seat", "represents"]

    def __init__(self, *args: Any, channel: Channel, **kwargs: Any) -> None:
        super().__init__(*args, channel=channel, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            county_id=channel.county_id, is_active=True
        )
        self.fields["is_deputy_for"].queryset = (
            Membership.objects.current(timezone.localdate())
            .filter(channel=channel)
            .exclude(role=Role.DEPUTY)
            .select_related("person", "channel")
        )


class RejectForm(KuuluForm):
    reason = forms.CharField(
        label=_("Reason, sent to the applicant"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EndTermForm(KuuluForm):
    on = forms.DateField(label=_("Last day of the term"), widget=forms.DateInput(attrs=DATE))


class StatementRequestForm(KuuluForm):
    title = forms.CharField(label=_("Matter"), max_length=200)
    draft_text = forms.CharField(
        label=_("Draft or a summary of it"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    draft_url = forms.URLField(label=_("Link to the draft"), required=False, assume_scheme="https")
    deadline = forms.DateField(
        label=_("Deadline for the statement"), widget=forms.DateInput(attrs=DATE)
    )
    requesting_unit = forms.ModelChoiceField(
        label=_("Requesting unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(not given)"),
    )

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requesting_unit"].queryset = Unit.objects.active().filter(county_id=county_id)


class StatementForm(KuuluForm):
    text = forms.CharField(
        label=_("Statement"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    given_on = forms.DateField(label=_("Given on"), widget=forms.DateInput(attrs=DATE))
    given_by = forms.CharField(
        label=_("Given by"),
        max_length=200,
        help_text=_("For example: the council at its meeting."),
    )


class ResponseForm(KuuluForm):
    text = forms.CharField(
        label=_("Response"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    responder = forms.CharField(
        label=_("Decision-maker"),
        max_length=200,
        help_text=_("For example: the county board."),
    )
    responded_on = forms.DateField(label=_("Responded on"), widget=forms.DateInput(attrs=DATE))


class MeetingForm(KuuluForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online = forms.BooleanField(label=_("Online meeting"), required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line."),
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        local = timezone.localtime(meeting.starts_at)
        return {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "online": meeting.online,
            "agenda": "\n".join(meeting.agenda),
            "minutes": meeting.minutes,
            "status": meeting.status,
        }

    def meeting_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            # Entered on the Helsinki wall clock (the project's time zone).
            "starts_at": timezone.make_aware(datetime.combine(data["date"], data["time"])),
            "place": data["place"],
            "online": data["online"],
            "agenda": data["agenda"].splitlines(),
            "minutes": data["minutes"],
            "status": data["status"],
        }


class AttendanceForm(KuuluForm):
    """One choice per member whose term covers the meeting's day."""

    def __init__(self, *args: Any, memberships: list[Membership], current: dict, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.memberships = memberships
        for membership in memberships:
            label = f"{membership.person.full_name} ({membership.get_role_display()})"
            existing = current.get(membership.pk)
            self.fields[f"m_{membership.pk}"] = forms.ChoiceField(
                label=label,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=existing.status if existing else None,
            )

    def statuses(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[f"m_{m.pk}"]
            for m in self.memberships
            if self.cleaned_data.get(f"m_{m.pk}")
        }


class FeePeriodForm(KuuluForm):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs=DATE))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs=DATE))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period cannot end before it starts."))
        return data
