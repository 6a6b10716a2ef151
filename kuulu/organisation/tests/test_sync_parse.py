"""Reading HR sync files (pure)."""

from __future__ import annotations

import json

from kuulu.organisation.sync.parse import Document, PersonRow, UnitRow, parse_files, parse_json

UNITS = (
    "id,parent,name_fi,name_sv,kind,code\n"
    "A,,Sote,Vård,service_area,\n"
    "A1,A,Kotihoito,,unit,kotihoito\n"
)
PEOPLE = (
    "id,first_name,last_name,email,unit,title_fi,manager,status\n"
    "P1,Maija,Meikäläinen,Maija.M@Example.test,A1,Lähihoitaja,kyllä,\n"
    "P2,Olli,Ojala,olli@example.test,A1,,0,left\n"
)


def codes(doc: Document) -> list[tuple]:
    return [(p.section, p.row, p.field, p.code) for p in doc.problems]


def test_units_and_people_csvs_are_told_apart_by_their_header():
    doc = parse_files([("b.csv", PEOPLE.encode()), ("a.csv", UNITS.encode())])
    assert doc.problems == ()
    assert doc.units == (
        UnitRow(2, "A", None, "Sote", "Vård", None, "service_area", None, True),
        UnitRow(3, "A1", "A", "Kotihoito", "", None, "unit", "kotihoito", True),
    )
    assert doc.people[0] == PersonRow(
        2,
        "P1",
        "Maija",
        "Meikäläinen",
        "maija.m@example.test",
        "A1",
        "Lähihoitaja",
        None,
        None,
        None,
        True,
        True,
    )
    assert doc.people[1].active is False
    assert doc.people[1].is_manager is False


def test_semicolons_and_a_byte_order_mark_are_read():
    text = "\ufeff" + UNITS.replace(",", ";")
    doc = parse_files([("units.csv", text.encode())])
    assert doc.problems == ()
    assert [u.external_id for u in doc.units] == ["A", "A1"]
    assert doc.people is None


def test_a_missing_required_column_is_reported_on_the_header_row():
    doc = parse_files([("p.csv", b"id,first_name,email,unit\nP1,M,m@example.test,A\n")])
    assert codes(doc) == [("people", 1, "last_name", "missing_column")]
    assert doc.people == ()


def test_a_file_that_is_not_utf8_is_reported_with_its_line():
    content = "id,parent,name_fi\nA,,Sote\nB,A,Päivä\n".encode("latin-1")
    doc = parse_files([("units.csv", content)])
    assert codes(doc) == [("file", 3, "", "encoding")]


def test_bad_values_are_reported_per_row_and_field():
    text = (
        "id,first_name,last_name,email,unit,manager,status\n"
        "P1,M,N,not-an-email,A,maybe,gone\n"
        ",M,N,ok@example.test,A,,\n"
    )
    doc = parse_files([("p.csv", text.encode())])
    assert codes(doc) == [
        ("people", 2, "email", "bad_email"),
        ("people", 2, "status", "bad_choice"),
        ("people", 2, "manager", "not_boolean"),
        ("people", 3, "id", "required"),
    ]


def test_a_row_with_too_many_values_is_reported():
    doc = parse_files([("u.csv", b"id,name_fi\nA,Sote,extra\n")])
    assert codes(doc) == [("units", 2, "", "wrong_column_count")]


def test_a_json_document_is_read_with_item_numbers_as_rows():
    data = {
        "format": "kuulu-hr-sync/1",
        "full": False,
        "units": [{"id": 10, "name_fi": "Sote", "parent": None}],
        "people": [
            {
                "id": "P1",
                "first_name": "M",
                "last_name": "N",
                "email": "m@example.test",
                "unit": "10",
                "manager": True,
            },
            {
                "id": "P2",
                "first_name": "M",
                "last_name": "N",
                "email": "x",
                "unit": "10",
                "colour": "red",
            },
        ],
    }
    doc = parse_files([("hr.json", json.dumps(data).encode())])
    assert doc.full is False
    assert doc.units[0].external_id == "10"
    assert doc.people[0].is_manager is True
    assert codes(doc) == [
        ("people", 2, "colour", "unknown_field"),
        ("people", 2, "email", "bad_email"),
    ]


def test_broken_json_and_an_empty_document_are_refused():
    assert codes(parse_files([("hr.json", b"{\n  nope")])) == [("file", 2, "", "bad_json")]
    assert codes(parse_json({})) == [("file", None, "", "nothing_to_sync")]
    assert codes(parse_json([])) == [("file", None, "", "not_an_object")]


def test_a_document_survives_the_round_trip_through_json():
    doc = parse_files([("a.csv", UNITS.encode()), ("b.csv", PEOPLE.encode())], full=False)
    again = Document.from_json(json.loads(json.dumps(doc.to_json())))
    assert again == doc


def test_a_value_with_a_nul_character_is_a_problem_of_its_row_and_is_not_passed_on():
    people = (
        "id,first_name,last_name,email,unit\n"
        "P1,Mai\x00ja,M,maija@example.test,A1\n"
        "P2,Olli,Ojala,olli\x00@example.test,A1\n"
        "P3,Aino,Aalto,aino@example.test,A1\n"
    )
    doc = parse_files([("people.csv", people.encode())])
    assert codes(doc) == [
        ("people", 2, "first_name", "nul_character"),
        ("people", 3, "email", "nul_character"),
    ]
    # The planner looks the addresses up in the database, which cannot compare NUL.
    assert [(r.first_name, r.email) for r in doc.people] == [
        ("Maija", "maija@example.test"),
        ("Olli", "olli@example.test"),
        ("Aino", "aino@example.test"),
    ]
