"""Writes of Erätauko dialogues: planning, the facilitator's themes and anonymous notes during
the session, and publishing the summary after masking personal data out of every text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.assessments import seed
from kuulu.assessments.models import Dialogue, DialogueNote, DialogueTheme
from kuulu.core.audit import record_event
from kuulu.core.masking import mask_text
from kuulu.organisation.models import County, Person

# What the facilitator must know before publishing: these kinds are looked for in every note.
CHECKED_KINDS = ("identity_code", "possible_identity_code", "phone", "email", "name", "address")
KIND_LABELS = {
    "identity_code": gettext_lazy("identity code"),
    "possible_identity_code": gettext_lazy("identity code"),
    "phone": gettext_lazy("phone number"),
    "email": gettext_lazy("email address"),
    "name": gettext_lazy("name"),
    "address": gettext_lazy("street address"),
}


def default_ground_rules() -> dict[str, str]:
    return {
        f"ground_rules_{lang}": text
        for lang, text in zip(("fi", "sv", "en"), seed.GROUND_RULES, strict=True)
    }


def _facilitator_ok(person: Person, county_id: int) -> None:
    if person.county_id != county_id or person.kind != Person.Kind.STAFF or not person.is_active:
        raise ValidationError(
            {"facilitator": _("The facilitator must be an active staff member of the county.")}
        )


@transaction.atomic
def plan_dialogue(
    *,
    county: County,
    facilitator: Person,
    theme: str,
    invitation: str,
    created_by: Person | None = None,
    actor: Any = None,
    **fields: Any,
) -> Dialogue:
    _facilitator_ok(facilitator, county.pk)
    for name, value in default_ground_rules().items():
        fields.setdefault(name, value)
    dialogue = Dialogue.objects.create(
        county=county,
        facilitator=facilitator,
        created_by=created_by,
        theme=theme,
        invitation=invitation,
        **fields,
    )
    record_event(action="create", obj=dialogue, actor=actor, summary="dialogue planned")
    return dialogue


@transaction.atomic
def update_plan(*, dialogue: Dialogue, actor: Any = None, **fields: Any) -> Dialogue:
    # Lock the row and write only the plan's fields: a whole-row save from the caller's copy
    # could undo a publishing that committed meanwhile.
    locked = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    if locked.published_at is not None:
        raise ValidationError(_("A published dialogue can no longer be changed."))
    if "facilitator" in fields:
        _facilitator_ok(fields["facilitator"], dialogue.county_id)
    for name, value in fields.items():
        setattr(dialogue, name, value)
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "updated_at"])
    record_event(action="update", obj=dialogue, actor=actor, changed_fields=list(fields))
    return dialogue


def _check_open(dialogue: Dialogue) -> None:
    # Read from the database, under a lock: the caller's copy may predate the publishing.
    locked = Dialogue.objects.select_for_update().filter(pk=dialogue.pk).values("published_at")
    if locked.get()["published_at"] is not None:
        raise ValidationError(_("The summary is published; notes can no longer be changed."))


@transaction.atomic
def add_theme(*, dialogue: Dialogue, title: str, actor: Any = None) -> DialogueTheme:
    _check_open(dialogue)
    if not title.strip():
        raise ValidationError({"title": _("Write the theme.")})
    last = dialogue.themes.order_by("-position").values_list("position", flat=True).first()
    theme = DialogueTheme.objects.create(
        dialogue=dialogue, title=title.strip(), position=(last or 0) + 1
    )
    record_event(action="update", obj=dialogue, actor=actor, summary="theme added")
    return theme


@transaction.atomic
def add_note(
    *, dialogue: Dialogue, text: str, theme: DialogueTheme | None = None, actor: Any = None
) -> DialogueNote:
    """Write down a view heard, without a name: no author is stored with the note."""
    _check_open(dialogue)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    if theme is not None and theme.dialogue_id != dialogue.pk:
        raise ValidationError({"theme": _("Choose a theme of this dialogue.")})
    note = DialogueNote.objects.create(dialogue=dialogue, theme=theme, text=text.strip())
    record_event(action="update", obj=dialogue, actor=actor, summary="note added")
    return note


@transaction.atomic
def remove_note(*, note: DialogueNote, actor: Any = None) -> None:
    _check_open(note.dialogue)
    dialogue = note.dialogue
    note.delete()
    record_event(action="update", obj=dialogue, actor=actor, summary="note removed")


@dataclass(frozen=True)
class MaskedText:
    original: str
    masked: str
    kinds: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.kinds)

    @property
    def labels(self) -> list[str]:
        return [str(KIND_LABELS.get(kind, kind)) for kind in self.kinds]


def mask(text: str) -> MaskedText:
    result = mask_text(text or "")
    return MaskedText(
        original=text or "", masked=result.text, kinds=tuple(f.kind for f in result.findings)
    )


def theme_previews(dialogue: Dialogue) -> list[MaskedText]:
    """The themes as the public sees them: typed during the session, so masked like the notes
    (never stored masked: the title can be corrected until and after publishing)."""
    return [mask(theme.title) for theme in dialogue.themes.all()]


def public_content(dialogue: Dialogue) -> tuple[list[str], list[tuple[str, str]]]:
    """The masked theme titles and, per note, its masked theme title and masked text; nothing
    before the summary is published."""
    if not dialogue.is_published:
        return [], []
    titles = {theme.pk: mask(theme.title).masked for theme in dialogue.themes.all()}
    notes = [
        (titles.get(note.theme_id, "") if note.theme_id else "", note.public_text)
        for note in dialogue.notes.all()
    ]
    return list(titles.values()), notes


def masking_counts(items: list[MaskedText]) -> dict[str, int]:
    """How many of each kind of personal data masking found across the texts."""
    return dict(Counter(kind for item in items for kind in item.kinds))


def labelled_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    """The counts by translated label (both identity-code kinds under one label)."""
    merged: Counter[str] = Counter()
    for kind, count in counts.items():
        merged[str(KIND_LABELS.get(kind, kind))] += count
    return sorted(merged.items())


@transaction.atomic
def publish_dialogue(
    *, dialogue: Dialogue, learnt: str, held_count: int | None, actor: Any = None
) -> dict[str, int]:
    """Publish the summary: every note and the summary are masked (identity codes, phone
    numbers, emails, names, addresses) and only the masked texts are shown to the public.
    Returns the counts of what was masked, for the facilitator."""
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    if dialogue.is_published:
        raise ValidationError(_("The summary is already published."))
    if not learnt.strip():
        raise ValidationError({"learnt": _("Write what was learnt before publishing.")})
    masked_items: list[MaskedText] = []
    notes = list(dialogue.notes.all())
    for note in notes:
        item = mask(note.text)
        masked_items.append(item)
        note.public_text = item.masked
        note.masked_kinds = list(item.kinds)
    DialogueNote.objects.bulk_update(notes, ["public_text", "masked_kinds"])
    masked_items.extend(theme_previews(dialogue))
    summary = mask(learnt.strip())
    masked_items.append(summary)
    dialogue.learnt = learnt.strip()
    dialogue.public_learnt = summary.masked
    dialogue.held_count = held_count
    dialogue.status = Dialogue.Status.HELD
    dialogue.published_at = timezone.now()
    dialogue.save()
    record_event(action="update", obj=dialogue, actor=actor, summary="summary published")
    return masking_counts(masked_items)
