"""The instrument library: shipped files, import and export, locked wording."""

from __future__ import annotations

import io
import json

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kuulu.surveys import instruments, services
from kuulu.surveys.models import Instrument, Question
from kuulu.surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db

MINIMAL = """
key: wellbeing
version: "2"
name: {fi: Hyvinvointi, en: Wellbeing}
locked_wording: true
scoring: {method: mean, items: [a, b], scale: [1, 5], rescale: true}
items:
  - {key: a, kind: likert, text: {fi: Väite A}, scale: [1, 5]}
  - {key: b, kind: likert, text: {fi: Väite B}, scale: [1, 5]}
"""


def test_shipped_instruments_load_and_reload():
    call_command("load_instruments", stdout=io.StringIO())
    keys = set(Instrument.objects.values_list("key", flat=True))
    assert keys == {
        "participation-competence-managers",
        "participation-competence-staff",
        "event-feedback",
        "recommendation",
        "thl-inclusion-indicator",
        "staff-wellbeing-pulse",
    }
    call_command("load_instruments", stdout=io.StringIO())
    assert Instrument.objects.count() == 6
    thl = Instrument.objects.get(key="thl-inclusion-indicator")
    assert thl.locked_wording
    assert thl.scoring["method"] == "sum"
    assert list(thl.items.values_list("key", flat=True)) == [f"item_{i}" for i in range(1, 11)]
    assert Instrument.objects.get(key="recommendation").scoring == {
        "method": "nps",
        "items": ["recommend"],
    }


def test_export_then_import_gives_the_same_definition(org):
    instrument = instruments.store(instruments.parse(MINIMAL))
    for fmt in ("yaml", "json"):
        text = instruments.dump(instrument, fmt)
        again = instruments.parse(text, fmt)
        assert again.raw["items"][0]["text"] == {"fi": "Väite A"}
        assert again.raw["scoring"] == instrument.scoring
    copy = instruments.store(
        instruments.parse(instruments.dump(instrument, "json"), "json"), county=org.county
    )
    assert copy.county == org.county
    assert instruments.export(copy) == instruments.export(instrument)


def test_every_problem_is_reported_with_its_place():
    bad = {
        "key": "bad key!",
        "name": {"sv": "Bara svenska"},
        "colour": "red",
        "items": [
            {"key": "a", "kind": "likert", "text": {"fi": "A"}, "scale": [1, 1]},
            {"key": "a", "kind": "guess", "text": "B"},
            {"key": "c", "kind": "single", "text": {"fi": "C"}, "choices": [{"value": "x"}]},
        ],
        "scoring": {"method": "sum", "items": ["a", "zzz"]},
    }
    with pytest.raises(instruments.InstrumentFormatError) as exc:
        instruments.validate(bad)
    assert exc.value.problems == [
        "colour: unknown field",
        "key: must be a short identifier of letters, numbers, - and _",
        "name.fi: the Finnish text is required",
        "items[0].scale: must be [lowest, highest] with 2 to 11 points",
        "items[1].key: a is used twice",
        "items[1].kind: must be one of single, multiple, likert, scale_0_10, number, short_text, "
        "long_text, matrix, ranking, date",
        "items[2].choices: give at least two options",
        "scoring.items: zzz is not an item of this instrument",
        "scoring.items: only scale and number items can be scored",
    ]


def test_unreadable_file():
    with pytest.raises(instruments.InstrumentFormatError) as exc:
        instruments.parse("{not json", "json")
    assert exc.value.problems[0].startswith("the file cannot be read:")


def test_same_version_is_not_overwritten_by_accident():
    instruments.store(instruments.parse(MINIMAL))
    with pytest.raises(instruments.InstrumentFormatError) as exc:
        instruments.store(instruments.parse(MINIMAL))
    assert exc.value.problems == ["version 2 of wellbeing already exists; give a new version"]


def test_county_version_of_a_locked_shipped_instrument_stays_locked(org):
    instruments.load_shipped()
    thl = Instrument.objects.get(key="thl-inclusion-indicator")
    data = instruments.export(thl)
    data["version"] = "2024"
    data["locked_wording"] = False
    for index, item in enumerate(data["items"], 1):
        item["text"] = {"fi": f"Virallinen väittämä {index}"}
    stored = instruments.store(instruments.validate(data), county=org.county)
    assert stored.locked_wording


def test_adding_an_instrument_copies_items_as_questions(org):
    instruments.load_shipped()
    survey = make_survey(org.county)
    instrument = Instrument.objects.get(key="participation-competence-managers")
    page = services.add_instrument(survey=survey, instrument=instrument, actor=None)
    questions = list(page.questions.order_by("position"))
    assert len(questions) == 12
    assert questions[0].instrument_item.instrument == instrument
    assert questions[0].key == "knows_methods"
    assert questions[0].scale_labels["fi"][0] == "Täysin eri mieltä"
    assert [c.value for c in questions[10].choices.all()] == [
        "training",
        "method_expert",
        "peer",
        "time",
    ]


def test_locked_wording_cannot_be_edited(org):
    instruments.load_shipped()
    survey = make_survey(org.county)
    thl = Instrument.objects.get(key="thl-inclusion-indicator")
    page = services.add_instrument(survey=survey, instrument=thl, actor=None)
    question = page.questions.get(key="item_1")
    assert question.locked
    changed = services.spec_of(question)
    changed.text = {"fi": "Oma muotoilu"}
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.update_question(survey=survey, question=question, spec=changed, actor=None)
    assert "may not be changed" in exc.value.message_dict["text_fi"][0]
    question.refresh_from_db()
    assert question.text_fi.startswith("Väittämä 1")
    # Only "required" may change.
    allowed = services.spec_of(question)
    allowed.required = False
    services.update_question(survey=survey, question=question, spec=allowed, actor=None)
    question.refresh_from_db()
    assert question.required is False


def test_locked_question_form_ignores_wording_changes(org, clients):
    instruments.load_shipped()
    survey = make_survey(org.county, org.coordinator)
    thl = Instrument.objects.get(key="thl-inclusion-indicator")
    page = services.add_instrument(survey=survey, instrument=thl, actor=None)
    question = page.questions.get(key="item_2")
    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/questions/{question.pk}/",
        {"kind": "short_text", "text_fi": "Muutettu", "required": ""},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text_fi.startswith("Väittämä 2")
    assert question.kind == Question.Kind.LIKERT
    assert question.required is False


def test_import_and_export_pages(org, clients):
    upload = SimpleUploadedFile("wellbeing.yaml", MINIMAL.encode(), "application/yaml")
    assert (
        clients["staff"].post("/en/surveys/instruments/import/", {"file": upload}).status_code
        == 403
    )
    upload = SimpleUploadedFile("wellbeing.yaml", MINIMAL.encode(), "application/yaml")
    response = clients["coordinator"].post("/en/surveys/instruments/import/", {"file": upload})
    assert response.status_code == 302
    instrument = Instrument.objects.get(key="wellbeing")
    assert instrument.county == org.county
    exported = clients["staff"].get(f"/en/surveys/instruments/{instrument.pk}/export.json")
    assert exported.status_code == 200
    assert json.loads(exported.content)["key"] == "wellbeing"
    assert (
        yaml.safe_load(
            clients["staff"].get(f"/en/surveys/instruments/{instrument.pk}/export.yaml").content
        )["version"]
        == "2"
    )
    assert clients["resident"].get("/en/surveys/instruments/").status_code == 403
    assert clients["anonymous"].get("/en/surveys/instruments/").status_code == 302
    bad = SimpleUploadedFile("bad.json", b'{"key": "x"}', "application/json")
    problems = clients["coordinator"].post("/en/surveys/instruments/import/", {"file": bad})
    assert problems.status_code == 422
    assert b"items: must be a non-empty list" in problems.content
    assert Instrument.objects.count() == 1


def test_import_and_export_commands(tmp_path):
    path = tmp_path / "wellbeing.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    call_command("import_instrument", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("export_instrument", "wellbeing", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["name"] == {"fi": "Hyvinvointi", "en": "Wellbeing"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("key: x\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_instrument", str(bad), stdout=io.StringIO())
    assert "items: must be a non-empty list" in str(exc.value)


def test_keys_that_are_not_text_are_reported_not_a_crash():
    from kuulu.surveys.instruments import InstrumentFormatError, parse

    with pytest.raises(InstrumentFormatError) as exc:
        parse("1: x\nfoo: y\nkey: abc\n", "yaml")
    problems = exc.value.problems
    assert "1: unknown field" in problems
    assert "foo: unknown field" in problems


def test_texts_the_database_cannot_hold_are_reported_not_a_crash(org, clients):
    # PostgreSQL refuses a text longer than its column and a NUL character (in text and in
    # JSON alike); the import page answered 500, or adding the instrument to a survey did.
    bad = {
        "key": "long",
        "name": {"fi": "N" * 201},
        "description": {"fi": "a\x00b"},
        "licence_note": "c\x00",
        "items": [
            {"key": "a", "kind": "likert", "text": {"fi": "T" * 501}},
            {
                "key": "b",
                "kind": "single",
                "text": {"fi": "B", "sv": "\x00"},
                "choices": [
                    {"value": "x", "label": {"fi": "L" * 301}},
                    {"value": "y", "label": "Y"},
                ],
            },
            {"key": "c", "kind": "likert", "text": "C", "scale_labels": {"fi": ["1\x00"] * 5}},
        ],
    }
    with pytest.raises(instruments.InstrumentFormatError) as exc:
        instruments.validate(bad)
    assert exc.value.problems == [
        "name.fi: at most 200 characters",
        "description.fi: must not contain a NUL character",
        "licence_note: must not contain a NUL character",
        "items[0].text.fi: at most 500 characters",
        "items[1].text.sv: must not contain a NUL character",
        "items[1].choices[0].label.fi: at most 300 characters",
        "items[2].scale_labels.fi: must not contain a NUL character",
    ]

    upload = SimpleUploadedFile("long.json", json.dumps(bad).encode(), "application/json")
    response = clients["coordinator"].post("/en/surveys/instruments/import/", {"file": upload})
    assert response.status_code == 422
    assert b"name.fi: at most 200 characters" in response.content
    assert not Instrument.objects.filter(key="long").exists()


def test_a_key_or_version_that_would_break_the_export_file_name_is_reported():
    # "$" let a trailing line break through the key check, and the version took any text:
    # both go into the export's Content-Disposition header, where a line break is a 500.
    data = yaml.safe_load(MINIMAL)
    data["key"] = "wellbeing\n"
    data["version"] = '2"\n'
    with pytest.raises(instruments.InstrumentFormatError) as exc:
        instruments.validate(data)
    assert exc.value.problems == [
        "key: must be a short identifier of letters, numbers, - and _",
        "version: must not contain quotes, slashes or line breaks",
    ]
