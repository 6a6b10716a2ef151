"""`python manage.py mask_text FILE.jsonl`: masked text per line, a clear error per bad line."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kuulu.core.masking_batch import mask_lines


def _run(path: Path, *args: str) -> list[dict]:
    out, err = StringIO(), StringIO()
    call_command("mask_text", str(path), *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Asun Kauppakatu 12 B 34, puh. 040 123 4567"}),
        json.dumps({"id": "b", "text": ""}),
        "{not json",
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": "d", "text": "x" * 4001}),
        json.dumps(["text"]),
        json.dumps({"id": "e"}),
        "",
        json.dumps({"id": "f", "text": "hetu 131052-308t"}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe\n")
    out = _run(path)
    assert out[0] == {"id": "a", "text": "Asun [osoite], puh. [puhelin]"}
    assert out[1] == {"id": "b", "line": 2, "error": "`text` is empty"}
    assert out[2]["line"] == 3
    assert out[2]["error"].startswith("invalid JSON")
    assert out[3] == {"id": "c", "line": 4, "error": "`text` must be a string"}
    assert out[4]["error"] == "`text` is longer than 4000 characters (4001)"
    assert out[5]["error"] == "a line must be a JSON object with a `text` key"
    assert out[6] == {"id": "e", "line": 7, "error": "missing `text`"}
    assert out[7] == {"id": "f", "text": "hetu [henkilötunnus]"}  # the blank line is skipped
    assert out[8] == {"line": 10, "error": "not UTF-8 text"}
    assert len(out) == 9


def test_exactly_4000_characters_is_accepted() -> None:
    [out] = mask_lines([json.dumps({"text": "a" * 4000})])
    assert out == {"text": "a" * 4000}


def test_missing_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("mask_text", str(tmp_path / "missing.jsonl"))


@pytest.mark.django_db
def test_county_keeps_its_unit_addresses(tmp_path: Path) -> None:
    from kuulu.organisation.models import County, Unit

    county = County.objects.create(name="Testi", slug="testi")
    Unit.objects.create(
        county=county, name="Terveysasema", code="ta", description="Käynti Sotkamontie 13."
    )
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "Sotkamontie 13 ja kotini Kalliokuja 4 B 12"}) + "\n")
    assert _run(path, "--county", "testi") == [{"text": "Sotkamontie 13 ja kotini [osoite]"}]
    assert _run(path) == [{"text": "[osoite] ja kotini [osoite]"}]
    with pytest.raises(CommandError, match="No county"):
        _run(path, "--county", "nope")
