import pytest
from django.core.exceptions import ValidationError

from kuulu.assessments import dialogues
from kuulu.assessments.models import DialogueNote
from kuulu.assessments.tests.factories import make_dialogue

pytestmark = pytest.mark.django_db


def test_a_planned_dialogue_gets_the_ground_rules_in_three_languages(org):
    dialogue = make_dialogue(org.staff_person)
    assert dialogue.ground_rules_fi.startswith("1. Puhumme omasta kokemuksestamme")
    assert dialogue.ground_rules_sv.startswith("1. Vi talar utifrån egna erfarenheter")
    assert dialogue.ground_rules_en.startswith("1. We speak from our own experience")
    with pytest.raises(ValidationError):
        make_dialogue(org.resident_person)


def test_notes_carry_no_author(org):
    field_names = {f.name for f in DialogueNote._meta.get_fields()}
    assert field_names == {
        "id",
        "dialogue",
        "theme",
        "text",
        "public_text",
        "masked_kinds",
        "created_at",
    }


def test_publishing_masks_identity_codes_phones_and_emails(org):
    dialogue = make_dialogue(org.staff_person)
    theme = dialogues.add_theme(dialogue=dialogue, title="Kyydit")
    dialogues.add_note(dialogue=dialogue, theme=theme, text="Soita 040 123 4567 niin tulen.")
    dialogues.add_note(dialogue=dialogue, text="Hetuni on 131052-308T, kirjoita a.b@example.fi")
    dialogues.add_note(dialogue=dialogue, text="Kerho on hyvä.")
    counts = dialogues.publish_dialogue(
        dialogue=dialogue, learnt="Kyyti ratkaisee paljon.", held_count=11
    )
    assert counts == {"phone": 1, "identity_code": 1, "email": 1}
    notes = list(dialogue.notes.order_by("pk"))
    assert [n.masked_kinds for n in notes] == [["phone"], ["identity_code", "email"], []]
    public = " ".join(n.public_text for n in notes)
    for secret in ("040 123 4567", "131052-308T", "a.b@example.fi"):
        assert secret not in public
    assert notes[2].public_text == "Kerho on hyvä."
    dialogue.refresh_from_db()
    assert dialogue.is_published
    assert (dialogue.public_learnt, dialogue.held_count) == ("Kyyti ratkaisee paljon.", 11)


def test_a_published_dialogue_takes_no_more_notes_and_needs_a_summary(org):
    dialogue = make_dialogue(org.staff_person)
    with pytest.raises(ValidationError) as caught:
        dialogues.publish_dialogue(dialogue=dialogue, learnt=" ", held_count=None)
    assert caught.value.message_dict == {"learnt": ["Write what was learnt before publishing."]}
    dialogues.publish_dialogue(dialogue=dialogue, learnt="Opittiin.", held_count=None)
    with pytest.raises(ValidationError):
        dialogues.add_note(dialogue=dialogue, text="Myöhässä")
    with pytest.raises(ValidationError):
        dialogues.publish_dialogue(dialogue=dialogue, learnt="Uudestaan", held_count=None)
    assert dialogue.notes.count() == 0


def test_a_note_cannot_use_another_dialogues_theme(org):
    first, second = make_dialogue(org.staff_person), make_dialogue(org.staff_person)
    theme = dialogues.add_theme(dialogue=first, title="Teema")
    with pytest.raises(ValidationError):
        dialogues.add_note(dialogue=second, theme=theme, text="x")


def test_changing_the_plan_writes_only_the_plan_and_refuses_a_published_dialogue(org):
    from kuulu.assessments.models import Dialogue

    dialogue = make_dialogue(org.staff_person)
    stale = Dialogue.objects.get(pk=dialogue.pk)
    # Meanwhile, another request moves the dialogue on (here: held, summary written).
    Dialogue.objects.filter(pk=dialogue.pk).update(status="held", public_learnt="Opittiin.")
    dialogues.update_plan(dialogue=stale, theme="Uusi teema")
    fresh = Dialogue.objects.get(pk=dialogue.pk)
    assert (fresh.theme, fresh.status, fresh.public_learnt) == ("Uusi teema", "held", "Opittiin.")
    dialogues.publish_dialogue(dialogue=fresh, learnt="Opittiin.", held_count=8)
    with pytest.raises(ValidationError):
        dialogues.update_plan(dialogue=stale, theme="Myöhässä")
    assert Dialogue.objects.get(pk=dialogue.pk).theme == "Uusi teema"
