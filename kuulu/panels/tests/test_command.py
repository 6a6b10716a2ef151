"""`manage.py draw_panel`: through call_command, and once as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]

VOLUNTEERS = "id,age,gender\n" + "".join(
    f"{i},{['young', 'old'][i % 2]},{['woman', 'man', 'woman'][i % 3]}\n" for i in range(1, 21)
)
QUOTAS = "stratum,value,min,max\nage,young,2,3\nage,old,2,3\ngender,woman,2,3\ngender,man,2,3\n"


@pytest.fixture
def files(tmp_path):  # type: ignore[no-untyped-def]
    def write(volunteers: str | bytes = VOLUNTEERS, quotas: str | bytes = QUOTAS):  # type: ignore[no-untyped-def]
        v, q = tmp_path / "volunteers.csv", tmp_path / "quotas.csv"
        for path, data in ((v, volunteers), (q, quotas)):
            path.write_bytes(data if isinstance(data, bytes) else data.encode())
        return str(v), str(q)

    return write


def run(volunteers: str, quotas: str, *extra: str, seats: int = 5, seed: int = 11) -> str:
    out = StringIO()
    call_command(
        "draw_panel",
        "--volunteers",
        volunteers,
        "--quotas",
        quotas,
        "--seats",
        str(seats),
        "--seed",
        str(seed),
        *extra,
        stdout=out,
    )
    return out.getvalue()


def test_json_output_is_deterministic_and_meets_the_quotas(files):
    v, q = files()
    first = json.loads(run(v, q, "--json"))
    assert first == json.loads(run(v, q, "--json"))
    assert set(first) == {
        "seed",
        "seats",
        "selected",
        "counts",
        "input_hash",
        "algorithm",
        "excluded",
        "min_probability",
        "probabilities",
    }
    assert first["algorithm"] == "kuulu-maximin-1"
    assert sum(first["probabilities"].values()) == pytest.approx(5)
    assert first["min_probability"] == pytest.approx(min(first["probabilities"].values()))
    assert (first["seed"], first["seats"], len(first["selected"])) == (11, 5, 5)
    assert sum(first["counts"]["age"].values()) == 5
    assert 2 <= first["counts"]["gender"]["woman"] <= 3
    assert len(first["input_hash"]) == 64


def test_rows_in_another_order_give_the_same_draw(files):
    v, q = files()
    first = json.loads(run(v, q, "--json"))
    header, *rows = VOLUNTEERS.splitlines()
    v2, q2 = files("\n".join([header, *reversed(rows)]) + "\n", QUOTAS)
    assert json.loads(run(v2, q2, "--json")) == first


def test_the_stratified_draw_is_an_option(files):
    v, q = files()
    result = json.loads(run(v, q, "--json", "--method", "stratified"))
    assert result["algorithm"] == "kuulu-greedy-2"
    assert result["min_probability"] is None
    assert len(result["selected"]) == 5


def test_plain_output_lists_ids_and_counts(files):
    v, q = files()
    out = run(v, q)
    assert "Seed: 11" in out
    assert "Selected (5):" in out
    assert "Achieved counts (min-max):" in out
    assert "    young: " in out
    assert "Smallest selection probability: " in out


def test_infeasible_quotas_exit_non_zero_and_name_the_values(files):
    v, q = files(quotas=QUOTAS.replace("age,old,2,3", "age,old,12,13"))
    with pytest.raises(CommandError) as caught:
        run(v, q, seats=12)
    message = str(caught.value)
    assert "age=old (needed 12, available 10)" in message
    assert "Stratum values lacking volunteers" in message
    assert "Smallest quota changes that make a panel possible:" in message
    assert "age=old: 12-13 -> 10-13" in message


@pytest.mark.parametrize(
    ("volunteers", "quotas", "message"),
    [
        ("age,gender\nyoung,woman\n", QUOTAS, "no `id` column"),
        ("id,age,gender\n1,young,man\n1,old,man\n", QUOTAS, "id 1 is already on line 2"),
        (VOLUNTEERS, "stratum,value,min,max\nage,young,x,3\n", "'x' is not a whole number"),
        (VOLUNTEERS, "stratum,value,min,max\nage,young,4,3\n", "min 4 is more than max 3"),
        (VOLUNTEERS, "stratum,value,min,max\nregion,north,0,3\n", "'region' is not a column"),
        (VOLUNTEERS, "stratum,value\nage,young\n", "missing: min, max"),
        ("", QUOTAS, "the file is empty"),
        (VOLUNTEERS, "stratum,value,min,max\n", "no quotas"),
        ("id,age\n1,nuori\n".encode("utf-16"), QUOTAS, "not UTF-8"),
        (VOLUNTEERS, "stratum,value,min,max\nage,young,1,2\nage,young,1,2\n", "already on"),
        (VOLUNTEERS, "stratum,value,min,max\nage,young,-1,2\n", "cannot be negative"),
        # Only blank cells: no header row (was an IndexError).
        (" , \n", QUOTAS, "the file is empty"),
        (VOLUNTEERS, ";\n", "the file is empty"),
        # An unclosed quotation mark reads the rest as one cell, past the csv module's size
        # limit (was a csv.Error traceback).
        ('id,age,gender\n1,"young' + "x" * 200_000 + "\n", QUOTAS, "line 2: .*quotation"),
        (VOLUNTEERS, 'stratum,value,min,max\nage,"young' + "x" * 200_000, "quotation"),
    ],
)
def test_bad_files_give_a_clear_error(files, volunteers, quotas, message):
    v, q = files(volunteers, quotas)
    with pytest.raises(CommandError, match=message):
        run(v, q)


def test_a_byte_order_mark_is_accepted(files):
    v, q = files("\ufeff" + VOLUNTEERS, "\ufeff" + QUOTAS)
    assert json.loads(run(v, q, "--json"))["selected"]


def test_missing_file_and_bad_seats(files, tmp_path):
    v, q = files()
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "nope.csv"), q)
    with pytest.raises(CommandError, match="at least 1"):
        run(v, q, seats=0)


def test_semicolon_separated_files_are_read(files):
    v, q = files(VOLUNTEERS.replace(",", ";"), QUOTAS.replace(",", ";"))
    assert len(json.loads(run(v, q, "--json"))["selected"]) == 5


def test_command_runs_as_a_process_and_exits_1_when_infeasible(files):
    v, q = files()
    ok = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "draw_panel",
            "--volunteers",
            v,
            "--quotas",
            q,
            "--seats",
            "5",
            "--seed",
            "3",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "kuulu.test_settings", "PATH": "/usr/bin:/bin"},
    )
    assert ok.returncode == 0, ok.stderr
    assert len(json.loads(ok.stdout)["selected"]) == 5
    bad = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "draw_panel",
            "--volunteers",
            v,
            "--quotas",
            q,
            "--seats",
            "50",
            "--seed",
            "3",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "kuulu.test_settings", "PATH": "/usr/bin:/bin"},
    )
    assert bad.returncode == 1
    assert "50 seats but only 20 volunteers" in bad.stderr
