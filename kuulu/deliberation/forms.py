from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kuulu.core.forms import KuuluForm, KuuluModelForm
from kuulu.deliberation.models import Conversation
from kuulu.organisation.models import Unit

VOTES = {"agree": 1, "disagree": -1, "pass": 0}


class VoteForm(KuuluForm):
    statement = forms.IntegerField(min_value=1)
    vote = forms.ChoiceField(
        choices=[("agree", _("Agree")), ("disagree", _("Disagree")), ("pass", _("Pass / unsure"))]
    )


MAX_STATEMENT = 140


class StatementForm(KuuluForm):
    text = forms.CharField(
        label=_("Your statement"),
        help_text=_("One clear thought others can agree or disagree with, at most 140 characters."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_STATEMENT}),
    )

    def clean_text(self) -> str:
        """Measured as it is stored, every run of white space one space: a line break is sent
        as two characters (CR LF), although the browser's limit counted it as one, so a
        statement the box let through was refused as too long."""
        text = " ".join(self.cleaned_data["text"].split())
        if len(text) > MAX_STATEMENT:
            raise forms.ValidationError(
                _("A statement can be at most %(max)d characters; this one has %(n)d.")
                % {"max": MAX_STATEMENT, "n": len(text)}
            )
        return text


class ConversationForm(KuuluModelForm):
    seed_statements = forms.CharField(
        label=_("Seed statements"),
        required=False,
        help_text=_("One statement per line, at most 140 characters each. They are shown first."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    class Meta:
        model = Conversation
        fields = [
            "topic_fi",
            "topic_sv",
            "topic_en",
            "description_fi",
            "description_sv",
            "description_en",
            "unit",
            "decision_fi",
            "decision_sv",
            "decision_en",
            "opens_at",
            "closes_at",
            "moderation",
            "require_sign_in",
            "allow_statements",
            "is_published",
        ]
        labels = {
            "topic_fi": _("Topic in Finnish"),
            "topic_sv": _("Topic in Swedish"),
            "topic_en": _("Topic in English"),
            "description_fi": _("Description in Finnish"),
            "description_sv": _("Description in Swedish"),
            "description_en": _("Description in English"),
            "decision_fi": _("Decision it informs in Finnish"),
            "decision_sv": _("Decision it informs in Swedish"),
            "decision_en": _("Decision it informs in English"),
        }
        widgets = {
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "moderation": forms.RadioSelect,
        }

    def __init__(self, *args: object, county_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic_fi"].required = True
        self.fields["unit"].queryset = Unit.objects.filter(county_id=county_id).order_by("path")
        if self.instance.pk:
            del self.fields["seed_statements"]

    def clean_seed_statements(self) -> list[str]:
        lines = [
            line.strip()
            for line in self.cleaned_data.get("seed_statements", "").splitlines()
            if line.strip()
        ]
        too_long = [n for n, line in enumerate(lines, start=1) if len(line) > 140]
        if too_long:
            raise forms.ValidationError(
                _("Line %(line)d is longer than 140 characters.") % {"line": too_long[0]}
            )
        return lines


class ImportForm(KuuluForm):
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    archive = forms.FileField(
        label=_("Polis export as a ZIP file"),
        help_text=_(
            "The folder with comments.csv and votes.csv (or participants-votes.csv), zipped."
        ),
    )
