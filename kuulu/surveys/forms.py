"""Forms of the survey builder, the instrument library and the respondent's extras. They check
the shape of input; services enforce the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kuulu.core import forms as core_forms
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.core.forms import KuuluForm, KuuluModelForm, blank_translations
from kuulu.organisation.models import Unit
from kuulu.surveys.models import Condition, Instrument, Question, Survey
from kuulu.surveys.services import LANGS, Option, QuestionSpec

LANG_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}


class SurveyForm(KuuluModelForm):
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to open when you open the survey."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = Survey
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "title_fi_plain",
            "description_fi_plain",
            "thanks_fi",
            "thanks_sv",
            "thanks_en",
            "kind",
            "audience",
            "units",
            "anonymous",
            "opens_at",
            "closes_at",
            "series",
            "round_label",
            "event",
            "min_group_size",
        ]
        widgets = {
            "units": forms.CheckboxSelectMultiple,
            "audience": forms.RadioSelect,
            "description_fi": forms.Textarea(attrs={"rows": 3}),
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_fi_plain": forms.Textarea(attrs={"rows": 3}),
            "thanks_fi": forms.Textarea(attrs={"rows": 2}),
            "thanks_sv": forms.Textarea(attrs={"rows": 2}),
            "thanks_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kuulu.events.models import Event

        self.fields["title_fi"].required = True
        self.fields["units"].queryset = Unit.objects.filter(county=county, is_active=True)
        self.fields["units"].help_text = _(
            "For a staff survey: staff of these units and every unit below them may answer."
        )
        self.fields["event"].queryset = Event.objects.filter(county=county)
        self.fields["units"].required = False

    # Checked here as well as in the service: the model's own validation compares the two times
    # in the database, which fails on a year-1 time before the service is reached.
    def clean_opens_at(self) -> Any:
        return self._in_years("opens_at")

    def clean_closes_at(self) -> Any:
        return self._in_years("closes_at")

    def _in_years(self, name: str) -> Any:
        value = self.cleaned_data.get(name)
        if not year_in_range(value):
            raise forms.ValidationError(year_out_of_range_message())
        return value

    def survey_data(self) -> dict[str, Any]:
        data = blank_translations(dict(self.cleaned_data))
        data.pop("units", None)
        for name in ("title_fi_plain", "description_fi_plain", "series", "round_label"):
            data[name] = data.get(name) or ""
        return data


class PageForm(KuuluForm):
    title_fi = forms.CharField(label=_("Title in Finnish"), max_length=200, required=False)
    title_sv = forms.CharField(label=_("Title in Swedish"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    title_fi_plain = forms.CharField(
        label=_("Title in plain Finnish"), max_length=200, required=False
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _options_text(options: list[Option], lang: str) -> str:
    if lang == "fi":
        return "\n".join(f"{o.value} | {o.labels.get('fi', '')}" for o in options)
    if lang == "fi_plain":
        return "\n".join(o.plain for o in options)
    return "\n".join(o.labels.get(lang, "") for o in options)


class QuestionForm(KuuluForm):
    """A question of any type. Options and statements are given one per line; in Finnish as
    "value | label" so that the value stays the same across versions."""

    kind = forms.ChoiceField(label=_("Question type"), choices=Question.Kind.choices)
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        required=False,
        help_text=_(
            "A short identifier kept across versions and rounds, for comparing results. "
            "Made from the question when left empty."
        ),
    )
    text_fi = forms.CharField(label=_("Question in Finnish"), max_length=500)
    text_sv = forms.CharField(label=_("Question in Swedish"), max_length=500, required=False)
    text_en = forms.CharField(label=_("Question in English"), max_length=500, required=False)
    text_fi_plain = forms.CharField(
        label=_("Question in plain Finnish"), max_length=500, required=False
    )
    help_fi = forms.CharField(
        label=_("Help text in Finnish"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_sv = forms.CharField(
        label=_("Help text in Swedish"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_en = forms.CharField(
        label=_("Help text in English"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_fi_plain = forms.CharField(
        label=_("Help text in plain Finnish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    options_fi = forms.CharField(
        label=_("Options in Finnish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            'For choice and ranking questions: one option per line, as "value | label", '
            'e.g. "kajaani | Kajaani". The value may be left out for a new option.'
        ),
    )
    options_sv = forms.CharField(
        label=_("Options in Swedish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, in the same order."),
    )
    options_en = forms.CharField(
        label=_("Options in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, in the same order."),
    )
    rows_fi = forms.CharField(
        label=_("Statements in Finnish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('For a matrix: one statement per line, as "key | statement".'),
    )
    rows_sv = forms.CharField(
        label=_("Statements in Swedish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, in the same order."),
    )
    rows_en = forms.CharField(
        label=_("Statements in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, in the same order."),
    )
    scale_min = forms.IntegerField(
        label=_("Scale from"),
        required=False,
        min_value=-10,
        max_value=10,
        help_text=_("For agreement scales and matrices; 1 when left empty."),
    )
    scale_max = forms.IntegerField(
        label=_("Scale to"),
        required=False,
        min_value=-9,
        max_value=20,
        help_text=_("5 when left empty."),
    )
    scale_labels_fi = forms.CharField(
        label=_("Scale labels in Finnish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One label per scale point, lowest first; an empty line leaves a point unlabelled."
        ),
    )
    scale_labels_sv = forms.CharField(
        label=_("Scale labels in Swedish"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    scale_labels_en = forms.CharField(
        label=_("Scale labels in English"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    number_min = forms.DecimalField(
        label=_("Smallest number"), required=False, max_digits=12, decimal_places=2
    )
    number_max = forms.DecimalField(
        label=_("Largest number"), required=False, max_digits=12, decimal_places=2
    )
    max_length = forms.IntegerField(
        label=_("Longest answer (characters)"),
        required=False,
        min_value=1,
        max_value=20000,
        help_text=_("For text questions: 300 for short and 4,000 for long text when left empty."),
    )
    background = forms.ChoiceField(
        label=_("Background for group comparison"),
        choices=Question.Background.choices,
        required=False,
    )

    LOCKED_ALLOWED = ("required",)

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locked = locked
        if locked:
            # Licensed wording: only "required" can change; the rest is shown, not editable.
            for name, field in self.fields.items():
                if name not in self.LOCKED_ALLOWED:
                    field.disabled = True
                    field.required = False

    @staticmethod
    def initial_for(spec: QuestionSpec) -> dict[str, Any]:
        def scale_text(lang: str) -> str:
            return "\n".join(spec.scale_labels.get(lang, []))

        initial: dict[str, Any] = {
            "kind": spec.kind,
            "key": spec.key,
            "text_fi_plain": spec.text_fi_plain,
            "help_fi_plain": spec.help_fi_plain,
            "required": spec.required,
            "scale_min": spec.scale_min,
            "scale_max": spec.scale_max,
            "number_min": spec.number_min,
            "number_max": spec.number_max,
            "max_length": spec.max_length,
            "background": spec.background,
        }
        for lang in LANGS:
            initial[f"text_{lang}"] = spec.text.get(lang, "")
            initial[f"help_{lang}"] = spec.help.get(lang, "")
            initial[f"options_{lang}"] = _options_text(spec.choices, lang)
            initial[f"rows_{lang}"] = _options_text(spec.rows, lang)
            initial[f"scale_labels_{lang}"] = scale_text(lang)
        return initial

    def _options(self, prefix: str) -> list[Option]:
        from django.utils.text import slugify

        fi = _lines(self.cleaned_data.get(f"{prefix}_fi", ""))
        others = {
            lang: _lines(self.cleaned_data.get(f"{prefix}_{lang}", "")) for lang in ("sv", "en")
        }
        options = []
        used: set[str] = set()
        for index, line in enumerate(fi):
            if "|" in line:
                value, label = (part.strip() for part in line.split("|", 1))
            else:
                value, label = "", line
            if not value:
                value = (slugify(label)[:40] or f"option-{index + 1}").replace("-", "_")
                base, n = value, 2
                while value in used:
                    value, n = f"{base}_{n}", n + 1
            used.add(value)
            labels = {"fi": label}
            for lang, lines in others.items():
                if index < len(lines):
                    labels[lang] = lines[index]
            options.append(Option(value, labels))
        return options

    def to_spec(self) -> QuestionSpec:
        data = self.cleaned_data
        scale_labels = {}
        for lang in LANGS:
            text = data.get(f"scale_labels_{lang}") or ""
            lines = [line.strip() for line in text.splitlines()]
            while lines and not lines[-1]:
                lines.pop()
            if any(lines):
                scale_labels[lang] = lines
        return QuestionSpec(
            kind=data["kind"],
            key=data.get("key") or "",
            text={lang: data.get(f"text_{lang}") or "" for lang in LANGS},
            help={lang: data.get(f"help_{lang}") or "" for lang in LANGS},
            text_fi_plain=data.get("text_fi_plain") or "",
            help_fi_plain=data.get("help_fi_plain") or "",
            required=bool(data.get("required")),
            scale_min=data.get("scale_min"),
            scale_max=data.get("scale_max"),
            scale_labels=scale_labels,
            number_min=data.get("number_min"),
            number_max=data.get("number_max"),
            max_length=data.get("max_length"),
            background=data.get("background") or "",
            choices=self._options("options"),
            rows=self._options("rows"),
        )


class ConditionForm(KuuluForm):
    target = forms.ChoiceField(label=_("Show"))
    source = forms.ChoiceField(label=_("only when the answer to"))
    operator = forms.ChoiceField(label=_("Comparison"), choices=Condition.Operator.choices)
    values = forms.CharField(
        label=_("Values"),
        required=False,
        max_length=500,
        help_text=_("Option values or numbers, separated by commas."),
    )

    def __init__(self, *args: Any, questionnaire: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = []
        sources = []
        for number, page in enumerate(questionnaire.pages, 1):
            page_name = page.title or _("Page %(number)s") % {"number": number}
            if number > 1:
                targets.append((f"page:{page.pk}", _("the page: %(page)s") % {"page": page_name}))
            for question in questionnaire.questions(page):
                label = f"{page_name}: {question.text}"
                if number > 1:
                    targets.append((f"question:{question.pk}", label))
                if question.kind != Question.Kind.MATRIX:
                    sources.append((str(question.pk), f"{label} ({question.key})"))
        self.fields["target"].choices = targets
        self.fields["source"].choices = sources

    def value_list(self) -> list[str]:
        return [v.strip() for v in (self.cleaned_data.get("values") or "").split(",") if v.strip()]


class InviteEmailsForm(KuuluForm):
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, or separated by commas."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        help_text=_("People with an account get it in their own language."),
    )

    def clean_emails(self) -> list[str]:
        from django.core.validators import validate_email

        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        emails = _lines(raw)
        bad = []
        for email in emails:
            # Django's validator takes up to 320 characters; the invitation's email column holds
            # 254, so a longer address would fail on saving (a server error on PostgreSQL).
            if len(email) > core_forms.EMAIL_MAX_LENGTH:
                bad.append(email)
                continue
            try:
                validate_email(email)
            except forms.ValidationError:
                bad.append(email)
        if bad:
            raise forms.ValidationError(
                _("These are not valid email addresses: %(emails)s")
                % {"emails": ", ".join(bad[:10])}
            )
        if len(emails) > 5000:
            raise forms.ValidationError(_("Invite at most 5,000 people at a time."))
        return emails


class InviteUnitsForm(KuuluForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Invites the staff of these units and every unit below them."),
    )

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(county=county, is_active=True)


class AddInstrumentForm(KuuluForm):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=Instrument.objects.none())

    def __init__(self, *args: Any, instruments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments


class InstrumentImportForm(KuuluForm):
    file = forms.FileField(
        label=_("Instrument file (YAML or JSON)"),
        help_text=_("At most 1 MB. The format is described on the instrument library page."),
    )
    replace = forms.BooleanField(
        label=_("Replace the same version if the county already has it"), required=False
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class ResumeEmailForm(KuuluForm):
    email = core_forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send the link to this address only and do not store it."),
    )


def decimal_or_none(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
