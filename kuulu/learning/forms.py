from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm, KuuluModelForm
from kuulu.learning.models import Course, MediaItem, Module, QuizQuestion
from kuulu.learning.services import ChoiceInput

MAX_CHOICES = 6
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = ["pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods", "txt"]


class MediaFilterForm(KuuluForm):
    series = forms.ChoiceField(label=_("Series"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *MediaItem.Kind.choices]
    )

    def __init__(self, *args: Any, series: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = [("", _("All series")), *((s, s) for s in series)]


class CourseForm(KuuluModelForm):
    class Meta:
        model = Course
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "language",
            "estimated_minutes",
            "internal_only",
        ]
        labels = {
            "title_fi": _("Title in Finnish"),
            "title_sv": _("Title in Swedish"),
            "title_en": _("Title in English"),
            "description_fi": _("Description in Finnish"),
            "description_sv": _("Description in Swedish"),
            "description_en": _("Description in English"),
        }
        widgets = {
            "description_fi": forms.Textarea(attrs={"rows": 4}),
            "description_sv": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_fi"].required = True


class ModuleForm(KuuluModelForm):
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("For video and audio: a link to the recording. It is shown as a plain link."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        widget=forms.FileInput,
        validators=[FileExtensionValidator(ATTACHMENT_TYPES)],
        help_text=_(
            "PDF or office document, at most 20 MB. Whoever may read the course may download it."
        ),
    )
    pass_mark = forms.IntegerField(
        label=_("Pass mark (%)"),
        min_value=0,
        max_value=100,
        initial=80,
        help_text=_("For quizzes: the share of right answers needed to pass."),
    )

    class Meta:
        model = Module
        fields = [
            "kind",
            "title_fi",
            "title_sv",
            "title_en",
            "body_fi",
            "body_sv",
            "body_en",
            "url",
            "media",
            "attachment",
            "pass_mark",
        ]
        labels = {
            "title_fi": _("Title in Finnish"),
            "title_sv": _("Title in Swedish"),
            "title_en": _("Title in English"),
            "body_fi": _("Text in Finnish"),
            "body_sv": _("Text in Swedish"),
            "body_en": _("Text in English"),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "body_fi": forms.Textarea(attrs={"rows": 8}),
            "body_sv": forms.Textarea(attrs={"rows": 8}),
            "body_en": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_fi"].required = True
        self.fields["media"].queryset = MediaItem.objects.filter(county_id=county_id).order_by(
            "series", "episode_number", "id"
        )
        self.fields["media"].empty_label = _("None")
        if self.instance.pk and self.instance.attachment:
            self.fields["attachment"].help_text = _(
                "A file is attached. Choose a new file only to replace it."
            )

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload and getattr(upload, "size", 0) > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


def _choice_fields(number: int) -> dict[str, forms.Field]:
    return {
        f"choice_{number}_fi": forms.CharField(
            label=_("Option %(number)d in Finnish") % {"number": number},
            max_length=300,
            required=False,
        ),
        f"choice_{number}_sv": forms.CharField(
            label=_("Option %(number)d in Swedish") % {"number": number},
            max_length=300,
            required=False,
        ),
        f"choice_{number}_en": forms.CharField(
            label=_("Option %(number)d in English") % {"number": number},
            max_length=300,
            required=False,
        ),
        f"choice_{number}_correct": forms.BooleanField(
            label=_("Option %(number)d is right") % {"number": number}, required=False
        ),
    }


class QuestionForm(KuuluForm):
    """A quiz question with up to six answer options. Empty option rows are ignored."""

    text_fi = forms.CharField(label=_("Question in Finnish"), max_length=500)
    text_sv = forms.CharField(label=_("Question in Swedish"), max_length=500, required=False)
    text_en = forms.CharField(label=_("Question in English"), max_length=500, required=False)
    multiple = forms.BooleanField(
        label=_("Several right answers"),
        required=False,
        help_text=_("Learners tick every right one. Otherwise exactly one option is right."),
    )
    explanation_fi = forms.CharField(
        label=_("Explanation in Finnish"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown after answering."),
    )
    explanation_sv = forms.CharField(
        label=_("Explanation in Swedish"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    explanation_en = forms.CharField(
        label=_("Explanation in English"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_CHOICES + 1):
            self.fields.update(_choice_fields(number))

    QUESTION_FIELDS = (
        "text_fi",
        "text_sv",
        "text_en",
        "multiple",
        "explanation_fi",
        "explanation_sv",
        "explanation_en",
    )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.QUESTION_FIELDS]

    def choice_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (n, [self[f"choice_{n}_{suffix}"] for suffix in ("fi", "sv", "en", "correct")])
            for n in range(1, MAX_CHOICES + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for number in range(1, MAX_CHOICES + 1):
            filled = any(data.get(f"choice_{number}_{code}") for code in ("sv", "en"))
            marked = data.get(f"choice_{number}_correct")
            if (filled or marked) and not (data.get(f"choice_{number}_fi") or "").strip():
                self.add_error(
                    f"choice_{number}_fi", _("Write the option in Finnish or leave the row empty.")
                )
        return data

    def question_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.QUESTION_FIELDS} | {
            "multiple": bool(self.cleaned_data.get("multiple"))
        }

    def choices(self) -> list[ChoiceInput]:
        rows = []
        for number in range(1, MAX_CHOICES + 1):
            text_fi = (self.cleaned_data.get(f"choice_{number}_fi") or "").strip()
            if not text_fi:
                continue
            rows.append(
                ChoiceInput(
                    text_fi=text_fi,
                    text_sv=(self.cleaned_data.get(f"choice_{number}_sv") or "").strip(),
                    text_en=(self.cleaned_data.get(f"choice_{number}_en") or "").strip(),
                    is_correct=bool(self.cleaned_data.get(f"choice_{number}_correct")),
                )
            )
        return rows

    @staticmethod
    def initial_for(question: QuizQuestion) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(question, name) for name in QuestionForm.QUESTION_FIELDS
        }
        for number, choice in enumerate(question.choices.order_by("position", "id"), start=1):
            initial[f"choice_{number}_fi"] = choice.text_fi
            initial[f"choice_{number}_sv"] = choice.text_sv
            initial[f"choice_{number}_en"] = choice.text_en
            initial[f"choice_{number}_correct"] = choice.is_correct
        return initial


class QuizForm(KuuluForm):
    """One field per question: radio buttons for one right answer, checkboxes for several.
    Every question must be answered before the sheet is scored."""

    def __init__(self, *args: Any, questions: list[QuizQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            choices = [(str(c.pk), c.text) for c in question.choices.all()]
            label = f"{number}. {question.text}"
            if question.multiple:
                field: forms.Field = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Tick every right answer."),
                    error_messages={"required": _("Answer this question.")},
                )
            else:
                field = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Answer this question.")},
                )
            self.fields[f"q{question.pk}"] = field

    def answers(self) -> dict[int, list[int]]:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            values = value if isinstance(value, list) else [value] if value else []
            answers[question.pk] = [int(v) for v in values]
        return answers
