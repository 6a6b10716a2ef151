"""Impact assessments as guided work, and Erätauko dialogues.

An assessment follows a template (children's impact assessment, impact assessment in advance)
made of steps; each step's answer is saved as a draft until the assessment is completed with a
summary for a decision draft, and then perhaps published. A dialogue is planned, run (themes and
anonymous notes, never names) and its summary published after masking.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Person, Unit


class AssessmentTemplate(TimeStampedModel):
    """A guided assessment's shape, kept by the coordinator: ordered steps with prompts."""

    class Kind(models.TextChoices):
        CHILDREN = "children", _("Children's impact assessment")
        ADVANCE = "advance", _("Impact assessment in advance")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")

    def __str__(self) -> str:
        return self.name


class TemplateStep(models.Model):
    """One step of a template: a question to work through, perhaps required before completion.
    A matrix step compares options against their effects on groups."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Written answer")
        MATRIX = "matrix", _("Options and their effects on groups")

    template = models.ForeignKey(AssessmentTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(_("prompt"), blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    is_required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("template step")
        verbose_name_plural = _("template steps")

    def __str__(self) -> str:
        return self.title


class Assessment(TimeStampedModel):
    """One impact assessment of a matter under preparation, for a decision draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        COMPLETE = "complete", _("complete")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.PROTECT, related_name="assessments"
    )
    title = models.CharField(_("matter assessed"), max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    collaborators = models.ManyToManyField(Person, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="draft")
    summary = models.TextField(_("summary for the decision draft"), blank=True)
    decision_title = models.CharField(_("decision draft"), max_length=200, blank=True)
    decision_body = models.CharField(_("decision-maker"), max_length=200, blank=True)
    decision_number = models.CharField(_("item or record number"), max_length=60, blank=True)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    decision_url = models.URLField(_("link to the decision draft"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    public_summary = models.TextField(_("published summary"), blank=True)
    # The start form's one-time key: the same form sent twice (a double click, a reload, two
    # workers taking the retried request) starts one assessment, not two.
    submission_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("impact assessment")
        verbose_name_plural = _("impact assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(status="complete"),
                name="assessment_published_only_when_complete",
            ),
            models.UniqueConstraint(
                fields=["owner", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="assessment_started_once_per_submission",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class StepAnswer(models.Model):
    """The saved (draft) answer of one step. A matrix answer keeps its options, groups and
    cells as JSON: {"options": [...], "groups": [...], "cells": {"<option>|<group>": text}}."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    step = models.ForeignKey(TemplateStep, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("answer"), blank=True)
    matrix = models.JSONField(_("matrix"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        ordering = ["step__position", "pk"]
        verbose_name = _("step answer")
        verbose_name_plural = _("step answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "step"], name="one_answer_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.step_id}"


class ViewsRequest(TimeStampedModel):
    """An assessment's request to hear children's views through a Kuulu survey or panel: linked
    to an existing one at once, or left open for the coordinator to set up."""

    class Channel(models.TextChoices):
        SURVEY = "survey", _("survey")
        PANEL = "panel", _("panel")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for the coordinator")
        LINKED = "linked", _("linked")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="requests")
    channel = models.CharField(_("through"), max_length=8, choices=Channel.choices)
    note = models.TextField(_("what to ask and from whom"), blank=True)
    survey = models.ForeignKey(
        "surveys.Survey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    panel = models.ForeignKey(
        "panels.Panel", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request for children's views")
        verbose_name_plural = _("requests for children's views")


class Dialogue(TimeStampedModel):
    """An Erätauko dialogue: a facilitated conversation of 6 to 25 people under shared ground
    rules. A dialogue, not a decision: its product is what was learnt."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    theme = models.CharField(_("theme"), max_length=200)
    invitation = models.TextField(_("invitation"))
    participants = models.TextField(
        _("who is invited"),
        blank=True,
        help_text=_("Groups, not names: for example residents of the area and home-care staff."),
    )
    planned_count = models.PositiveSmallIntegerField(
        _("planned number of participants"), default=12
    )
    held_count = models.PositiveSmallIntegerField(_("number who took part"), null=True, blank=True)
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    facilitator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ground_rules = models.TextField(_("ground rules"))
    is_announced = models.BooleanField(_("invitation public on the portal"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="planned")
    learnt = models.TextField(_("what was learnt"), blank=True)
    public_learnt = models.TextField(_("published summary"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("Erätauko dialogue")
        verbose_name_plural = _("Erätauko dialogues")

    def __str__(self) -> str:
        return self.theme

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class DialogueTheme(models.Model):
    """A theme that came up in the dialogue, recorded by the facilitator."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("theme"), max_length=200)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("dialogue theme")
        verbose_name_plural = _("dialogue themes")

    def __str__(self) -> str:
        return self.title


class DialogueNote(models.Model):
    """A view heard in the dialogue, written down without a name. Nobody is recorded as its
    author, so a view can never be traced to a participant. `public_text` is the masked text
    set when the summary is published; `masked_kinds` what masking found."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="notes")
    theme = models.ForeignKey(
        DialogueTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    text = models.TextField(_("note"))
    public_text = models.TextField(_("published text"), blank=True)
    masked_kinds = models.JSONField(_("masked"), default=list, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("dialogue note")
        verbose_name_plural = _("dialogue notes")

    def __str__(self) -> str:
        return f"{self.dialogue_id}/{self.pk}"
