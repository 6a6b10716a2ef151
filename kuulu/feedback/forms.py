"""Forms check the shape of input; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kuulu.core import forms as core_forms
from kuulu.core.forms import HoneypotMixin, KuuluForm
from kuulu.feedback.models import (
    TEXT_MAX_LENGTH,
    Complaint,
    ComplaintAnswer,
    Feedback,
    InitiativeSigner,
    ReplyTemplate,
    Secrecy,
    Theme,
)
from kuulu.organisation.models import County, Municipality, Unit

TOO_LONG = _(
    "The text is too long: at most %(limit_value)d characters fit (it has %(show_value)d)."
)


def long_text(label: Any, *, required: bool = True, help_text: Any = "", rows: int = 6) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files; each is checked by the service from its bytes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def score_choices() -> list[tuple[str, str]]:
    return [("", _("No answer"))] + [(str(n), str(n)) for n in range(11)]


class UnitSearchForm(KuuluForm):
    q = forms.CharField(
        label=_("Find the unit or service"),
        required=False,
        max_length=100,
        help_text=_("For example: home care, health centre, Kajaani."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def _new_submission_key() -> str:
    import secrets

    return secrets.token_urlsafe(16)


class FeedbackForm(HoneypotMixin, KuuluForm):
    """The public feedback form."""

    # A fresh key each time the form is shown: sending the same form twice (a double click, a
    # reload) makes one case, while two people writing the same words make two.
    submission_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, initial=_new_submission_key
    )

    kind = forms.ChoiceField(
        label=_("What kind of feedback is it?"),
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
    )
    text = long_text(
        _("Your feedback"),
        help_text=_(
            "Tell what happened or what you suggest. Please do not write your personal identity "
            "code or other people's health details. At most 4,000 characters."
        ),
    )
    score = forms.TypedChoiceField(
        label=_(
            "How likely would you recommend the service to a friend? (0 = not at all, "
            "10 = very likely)"
        ),
        choices=score_choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    wants_reply = forms.BooleanField(label=_("I want a reply"), required=False)
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = core_forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Needed for a reply by email. Only the staff handling your feedback see it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    language = forms.ChoiceField(label=_("Language of the reply"), choices=settings.LANGUAGES)
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_("Photos (JPEG, PNG, WebP) or PDF documents, at most 10 MB each, 5 files."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("wants_reply") and not (data.get("contact_email") or data.get("contact_phone")):
            self.add_error(
                "contact_email", _("To get a reply, give an email address or a phone number.")
            )
        return data


class StaffFeedbackForm(FeedbackForm):
    """Feedback a staff member received by phone, on paper or in person."""

    website = None  # signed-in staff get no honeypot

    channel = forms.ChoiceField(
        label=_("How was the feedback received?"),
        choices=[
            (Feedback.Channel.PHONE, Feedback.Channel.PHONE.label),
            (Feedback.Channel.PAPER, Feedback.Channel.PAPER.label),
            (Feedback.Channel.IN_PERSON, Feedback.Channel.IN_PERSON.label),
        ],
        widget=forms.RadioSelect,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("Not known")
    )
    field_order = ["channel", "unit", "kind", "text"]

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(county=county, is_active=True).order_by(
            "path"
        )
        self.fields["text"].help_text = _(
            "Write down what the customer said. At most 4,000 characters."
        )
        self.fields["score"].label = _("Recommendation score, if the customer gave one")
        self.fields["contact_name"].label = _("Customer's name")
        self.fields["language"].label = _("Customer's language")
        del self.fields["attachments"]


class ComplaintForm(HoneypotMixin, KuuluForm):
    act = forms.ChoiceField(
        label=_("What does the complaint concern?"),
        choices=[
            (Complaint.Act.PATIENT, _("Health care (patient act)")),
            (Complaint.Act.SOCIAL_CARE, _("Social care (social-care client act)")),
        ],
        widget=forms.RadioSelect,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit or service"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("I do not know"),
    )
    relationship = forms.ChoiceField(
        label=_("Whose care is it about?"),
        choices=Complaint.Relationship.choices,
        widget=forms.RadioSelect,
        initial=Complaint.Relationship.SELF,
    )
    subject_name = forms.CharField(
        label=_("Name of the person the complaint is about"),
        max_length=160,
        required=False,
        help_text=_("Only if you make the complaint on behalf of someone else."),
    )
    complainant_name = forms.CharField(
        label=_("Your name"), max_length=160, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    complainant_email = core_forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    complainant_phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    complainant_address = forms.CharField(
        label=_("Postal address"),
        max_length=300,
        required=False,
        help_text=_("Give at least one way to send you the written answer."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    description = long_text(
        _("What happened?"),
        help_text=_(
            "Tell when and where it happened and what was wrong. At most 4,000 characters."
        ),
    )
    desired_outcome = long_text(_("What would you like to happen?"), required=False, rows=3)
    language = forms.ChoiceField(label=_("Language of the answer"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(county=county, is_active=True).order_by(
            "path"
        )


class InitiativeForm(HoneypotMixin, KuuluForm):
    title = forms.CharField(label=_("Title of the initiative"), max_length=200)
    text = long_text(
        _("The initiative"),
        help_text=_("What do you propose, and why? At most 4,000 characters."),
        rows=8,
    )
    unit = forms.ModelChoiceField(
        label=_("Service it concerns (optional)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Not one service"),
    )
    language = forms.ChoiceField(label=_("Language of the answer"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            county=county, is_active=True, kind=Unit.Kind.SERVICE_AREA
        ).order_by("path")


class SignerForm(KuuluForm):
    name = forms.CharField(label=_("Name"), max_length=160, required=False)
    basis = forms.ChoiceField(
        label=_("On what basis?"),
        choices=[("", _("Choose")), *InitiativeSigner.Basis.choices],
        required=False,
    )
    organisation = forms.CharField(
        label=_("Organisation or municipality name"), max_length=160, required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Home municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Not given"),
    )
    email = core_forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    address = forms.CharField(label=_("Postal address"), max_length=300, required=False)

    def __init__(self, *args: Any, county: County | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if county is not None:
            self.fields["municipality"].queryset = Municipality.objects.filter(county=county)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("name") and not data.get("basis"):
            self.add_error("basis", _("Choose the basis for making the initiative."))
        return data


SignerFormSet = forms.formset_factory(SignerForm, extra=3, max_num=20, absolute_max=20)


# --- Handling ---------------------------------------------------------------------------------


class QueueFilterForm(KuuluForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open")), ("all", _("All")), *Feedback.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Feedback.Kind.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )
    mine = forms.BooleanField(label=_("Only cases assigned to me"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    untriaged = forms.BooleanField(label=_("Only unconfirmed type, theme or unit"), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class TriageForm(KuuluForm):
    kind = forms.ChoiceField(label=_("Type"), choices=Feedback.Kind.choices)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("No theme")
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(county=county, is_active=True)
        self.fields["unit"].queryset = Unit.objects.filter(county=county, is_active=True).order_by(
            "path"
        )


class StatusForm(KuuluForm):
    status = forms.ChoiceField(label=_("New status"), choices=Feedback.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("When you mark it answered without a reply here, say how it was answered."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": TOO_LONG},
    )


class AssignForm(KuuluForm):
    assignee = forms.ChoiceField(label=_("Handler"), required=False)

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody (the unit's queue)"))] + [
            (str(u.pk), u.get_full_name() or u.email) for u in candidates
        ]


class NoteForm(KuuluForm):
    text = long_text(_("Internal note"), rows=3)


class TemplatePickForm(KuuluForm):
    template = forms.ModelChoiceField(
        label=_("Start from a template"),
        queryset=ReplyTemplate.objects.none(),
        required=False,
        empty_label=_("No template"),
    )

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReplyTemplate.objects.filter(
            county=county, is_active=True
        )


class ReplyForm(KuuluForm):
    template = forms.ModelChoiceField(
        queryset=ReplyTemplate.objects.none(), required=False, widget=forms.HiddenInput
    )
    text = long_text(
        _("Reply"),
        help_text=_(
            "Thank, acknowledge, explain, tell what happens next and how to get in touch. "
            "Sent by email in the customer's language."
        ),
        rows=10,
    )
    # How many replies the page showed (services.send_reply refuses a reply when another
    # handler replied since); a form without it counts as having seen none.
    replies_seen = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReplyTemplate.objects.filter(
            county=county, is_active=True
        )


class ForwardForm(KuuluForm):
    unit = forms.ModelChoiceField(label=_("Forward to unit"), queryset=Unit.objects.none())
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(county=county, is_active=True).order_by(
            "path"
        )


class SecrecyForm(KuuluForm):
    secrecy = forms.ChoiceField(label=_("Secrecy label"), choices=Secrecy.choices)


class PublishForm(KuuluForm):
    masked_text = long_text(
        _("What was said (masked)"),
        help_text=_("Check that no one can be recognised. Edit freely."),
    )
    masked_response = long_text(_("What we did (masked)"))


class HandlerForm(KuuluForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    email = core_forms.EmailField(label=_("Staff member's email address"))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


# --- Complaints and initiatives for handlers --------------------------------------------------


class ComplaintStatusForm(KuuluForm):
    status = forms.ChoiceField(label=_("New status"), choices=Complaint.Status.choices)


class ComplaintAnswerForm(KuuluForm):
    text = forms.CharField(
        label=_("Answer"), max_length=TEXT_MAX_LENGTH * 2, widget=forms.Textarea(attrs={"rows": 8})
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=TEXT_MAX_LENGTH * 2,
        help_text=_("The facts and rules the answer rests on."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    signer_name = forms.CharField(label=_("Signed by (name)"), max_length=160)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=160)
    sent_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}))
    delivery = forms.ChoiceField(label=_("Sent by"), choices=ComplaintAnswer.Delivery.choices)


class ComplaintHandlerForm(KuuluForm):
    email = core_forms.EmailField(label=_("Add a handler by email address"))


class ComplaintNoteForm(KuuluForm):
    text = long_text(_("Internal note"), rows=3)


class NoticeForm(KuuluForm):
    handler_email = core_forms.EmailField(
        label=_("Handler's email address (optional)"),
        required=False,
        help_text=_("A staff member who then sees the initiative in Kuulu."),
    )
    handler_description = forms.CharField(
        label=_("Who handles it"),
        max_length=300,
        help_text=_("As told to the initiators, e.g. the director of services for older people."),
    )
    expected_decision = forms.CharField(
        label=_("When it will be decided"), max_length=200, required=False
    )
    sent_on = forms.DateField(
        label=_("Notice sent on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class OutcomeForm(KuuluForm):
    outcome = long_text(_("What was done"), rows=6)
    sent_on = forms.DateField(
        label=_("Outcome sent on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReportYearForm(KuuluForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=[])

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
