"""The exchange format as pure functions: validation names the failing field; content hash."""

from __future__ import annotations

import json

import pytest

from kuulu.methods import exchange
from kuulu.methods.tests.factories import card_data, document


def _paths(raw: object) -> list[str]:
    with pytest.raises(exchange.ExchangeError) as info:
        exchange.parse(json.dumps(raw) if not isinstance(raw, str) else raw)
    return [e.path for e in info.value.errors]


def test_a_valid_document_passes():
    doc = document(card_data(), card_data())
    assert exchange.parse(json.dumps(doc)) == doc


def test_wrong_version_is_named():
    doc = document(card_data())
    doc["version"] = 2
    assert _paths(doc) == ["version"]


def test_not_json_names_the_file():
    assert _paths("{not json") == ["(file)"]


def test_every_failing_card_field_is_named():
    bad = card_data(effort="huge", perspectives=["nowhere"])
    bad["name"] = {"sv": "Bara svenska"}
    doc = document(card_data(), bad)
    assert _paths(doc) == ["cards[1].name.fi", "cards[1].perspectives", "cards[1].effort"]


def test_a_uid_twice_is_refused():
    card = card_data()
    assert _paths(document(card, dict(card, slug="other"))) == ["cards[1].uid"]


def test_missing_provenance_and_licence():
    doc = document(card_data())
    doc["provenance"] = {}
    doc["licence"] = ""
    assert _paths(doc) == ["provenance.county", "licence"]


def test_message_is_filled_in():
    doc = document(card_data())
    doc["version"] = 7
    with pytest.raises(exchange.ExchangeError) as info:
        exchange.validate(doc)
    assert info.value.errors[0].text() == (
        "Version 7 is not supported; this Kuulu reads version 1."
    )


def test_content_hash_ignores_order_and_provenance_but_not_text():
    card = card_data(perspectives=["service", "development"])
    same = dict(card, perspectives=["development", "service"], written_by="Elsewhere")
    assert exchange.content_hash(card) == exchange.content_hash(same)
    changed = dict(card, summary={"fi": "Toinen.", "sv": "", "en": ""})
    assert exchange.content_hash(card) != exchange.content_hash(changed)


def test_too_long_or_non_text_provenance_and_licence_are_field_errors():
    doc = document(
        card_data(licence="L" * 41, written_by=["not text"]),
        county="K" * 161,
    )
    doc["licence"] = "CC-BY-4.0 " + "x" * 40
    with pytest.raises(exchange.ExchangeError) as exc:
        exchange.validate(doc)
    assert sorted(e.path for e in exc.value.errors) == [
        "cards[0].licence",
        "cards[0].written_by",
        "licence",
        "provenance.county",
    ]
    fine = document(card_data(licence="CC0-1.0", written_by="Kainuu"))
    exchange.validate(fine)  # no error


def test_a_file_nested_too_deeply_names_the_file_not_a_500():
    # json.loads raises RecursionError (not ValueError) on "[[[[..." thousands deep.
    assert _paths("[" * 100_000) == ["(file)"]


def test_a_nul_character_is_named_before_the_database_refuses_it():
    # PostgreSQL text cannot hold NUL: the import would fail in the database after the preview.
    card = card_data(summary={"fi": "Tiivistelmä\x00", "sv": "", "en": ""}, written_by="A\x00")
    doc = document(card, county="Maakunta\x00")
    assert _paths(doc) == ["provenance.county", "cards[0].written_by", "cards[0].summary.fi"]


def test_a_lone_surrogate_is_named_wherever_it_is():
    # JSON's "\ud800" escape decodes to half a character pair, which no database and no
    # UTF-8 form can hold: the preview itself failed (the hash, the confirm field).
    card = card_data(summary={"fi": "Tiivistelmä \ud800", "sv": "", "en": ""}, licence="A\udc00")
    doc = document(card, county="Maakunta")
    doc["note"] = ["fine", "\udfff"]
    doc["extra\ud800"] = "the key itself"
    raw = json.dumps(doc)  # ASCII: the escapes are read by the JSON parser
    assert "\\ud800" in raw
    assert _paths(raw) == ["cards[0].summary.fi", "cards[0].licence", "note[1]", "(file)"]
