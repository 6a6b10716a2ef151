"""``manage.py pb_count``: counts a Pabulib file without the database, JSON on request."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kuulu.budgeting.counting import count
from kuulu.budgeting.counting.pabulib import parse

DATA = Path(__file__).parent / "data" / "pabulib"
ASSEN = DATA / "Netherlands_Assen_2025.pb"


@pytest.mark.parametrize("rule", ["greedy", "equal-shares"])
def test_json_output_has_the_selected_ids_and_cost(rule):
    out = StringIO()

    call_command("pb_count", str(ASSEN), "--rule", rule, "--json", stdout=out)

    printed = json.loads(out.getvalue().strip().splitlines()[-1])
    expected = count(parse(ASSEN.read_text(encoding="utf-8")), rule)
    assert printed == {
        "rule": rule,
        "selected": list(expected.selected),
        "cost": expected.cost,
        "budget": 100000,
    }


def test_equal_shares_json_for_assen_names_the_official_winners():
    out = StringIO()

    call_command("pb_count", str(ASSEN), "--rule", "equal-shares", "--json", stdout=out)

    printed = json.loads(out.getvalue())
    assert sorted(printed["selected"]) == sorted(
        ["249", "276", "282", "285", "288", "303", "306", "312", "315", "318", "330", "336", "345"]
    )
    assert printed["cost"] == 94837


def test_table_output_lists_every_project_with_its_reason():
    out = StringIO()

    call_command("pb_count", str(ASSEN), "--rule", "greedy", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "greedy: 9 of 32 projects funded, cost 99792 of 100000."
    assert len(lines) == 33
    assert lines[1].split() == ["318", "8982", "87", "funded"]


def test_malformed_file_prints_line_numbered_errors_and_fails(tmp_path):
    bad = tmp_path / "bad.pb"
    bad.write_text(
        "META\nkey;value\nbudget;x\nPROJECTS\nproject_id;cost\n1;abc\n"
        "VOTES\nvoter_id;vote\n1;2\n1;1\n",
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="4 error"):
        call_command("pb_count", str(bad), "--json", stdout=out, stderr=err)

    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        f"{bad}:3: budget 'x' is not a whole number",
        f"{bad}:6: project '1': cost 'abc' is not a whole number",
        f"{bad}:9: vote for unknown project '2'",
        f"{bad}:10: voter '1' has a second ballot",
    ]


def test_number_too_large_to_count_fails_clearly(tmp_path):
    big = tmp_path / "big.pb"
    big.write_text(
        "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;100000000000000000000000\n"
        "VOTES\nvoter_id;vote\n1;1\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="too large to count"):
        call_command("pb_count", str(big))


def test_missing_file_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("pb_count", str(tmp_path / "nope.pb"))
