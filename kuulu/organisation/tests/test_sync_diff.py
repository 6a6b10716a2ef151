"""Planning an HR sync against a snapshot (pure)."""

from __future__ import annotations

from kuulu.organisation.sync.diff import (
    ExistingPerson,
    ExistingUnit,
    FieldChange,
    Snapshot,
    code_for,
    plan_sync,
)
from kuulu.organisation.sync.parse import Document, PersonRow, UnitRow


def unit(id, ext, parent_id=None, code=None, name="X", active=True, kind="unit"):
    return ExistingUnit(id, ext, code or f"c{id}", parent_id, name, "", "", kind, active)


def person(id, ext, unit_id, email=None, active=True, user_id=None, manager=False):
    return ExistingPerson(
        id,
        ext,
        "staff",
        email or f"p{id}@example.test",
        "F",
        "L",
        unit_id,
        "",
        "",
        "",
        "",
        manager,
        active,
        user_id,
        None if user_id is None else True,
    )


def urow(row, ext, parent=None, name="X", **kw):
    return UnitRow(row, ext, parent, name, **kw)


def prow(row, ext, unit, email=None, **kw):
    return PersonRow(row, ext, "F", "L", email or f"{ext.lower()}@example.test", unit, **kw)


def problems(plan):
    return [(p.section, p.row, p.field, p.code) for p in plan.problems]


SNAP = Snapshot(
    units=(unit(1, "A", kind="service_area"), unit(2, "A1", 1), unit(3, "B", kind="service_area")),
    people=(person(10, "P1", 2, user_id=100), person(11, "P2", 2)),
)


def test_the_same_state_plans_no_change():
    doc = Document(
        (urow(2, "A", kind="service_area"), urow(3, "A1", "A"), urow(4, "B")),
        (prow(2, "P1", "A1", email="p10@example.test"),),
        full=False,
    )
    plan = plan_sync(doc, SNAP)
    assert plan.ok
    assert plan.units == ()
    assert [(c.action, c.external_id) for c in plan.people] == []


def test_a_moved_unit_keeps_its_row_and_a_missing_one_is_deactivated_in_a_full_file():
    doc = Document((urow(2, "B"), urow(3, "A1", "B")), None)
    plan = plan_sync(doc, SNAP)
    assert plan.ok
    by_ext = {c.external_id: c for c in plan.units}
    assert by_ext["A1"].action == "moved"
    assert by_ext["A1"].target_id == 2
    assert by_ext["A1"].fields == (FieldChange("parent", "A", "B"),)
    assert by_ext["A"].action == "deactivated"
    assert "B" not in by_ext
    assert plan.counts["units"] == {
        "added": 0,
        "changed": 0,
        "moved": 1,
        "deactivated": 1,
        "reactivated": 0,
    }


def test_a_cycle_is_reported_on_every_row_in_it():
    doc = Document((urow(2, "X", "Z"), urow(3, "Y", "X"), urow(4, "Z", "Y"), urow(5, "W")), None)
    plan = plan_sync(doc, SNAP)
    assert problems(plan) == [
        ("units", 2, "parent", "cycle"),
        ("units", 3, "parent", "cycle"),
        ("units", 4, "parent", "cycle"),
    ]


def test_a_partial_file_can_close_a_cycle_through_a_unit_it_does_not_list():
    # A1 is under A in Kuulu; the file puts A under A1.
    doc = Document((urow(2, "A", "A1"),), None, full=False)
    assert problems(plan_sync(doc, SNAP)) == [("units", 2, "parent", "cycle")]


def test_duplicate_ids_unknown_parents_and_taken_codes_are_reported():
    doc = Document(
        (urow(2, "N1"), urow(3, "N1"), urow(4, "N2", "nope"), urow(5, "N3", code="c3")), None
    )
    assert problems(plan_sync(doc, SNAP)) == [
        ("units", 3, "code", "duplicate"),
        ("units", 3, "id", "duplicate"),
        ("units", 4, "parent", "unknown_parent"),
        ("units", 5, "code", "code_taken"),
    ]


def test_a_hand_typed_unit_and_person_are_adopted_by_code_and_email():
    snap = Snapshot(
        units=(unit(1, "", code="sote"),),
        people=(person(10, "", 1, email="maija@example.test", user_id=100),),
        accounts={"maija@example.test": 10},
    )
    doc = Document(
        (urow(2, "HR-1", code="sote", name="X"),),
        (prow(2, "E1", "HR-1", email="maija@example.test"),),
    )
    plan = plan_sync(doc, snap)
    assert plan.ok
    assert [(c.action, c.target_id) for c in plan.units] == [("changed", 1)]
    assert plan.units[0].fields == (FieldChange("external_id", "", "HR-1"),)
    assert plan.people[0].target_id == 10
    assert plan.people[0].fields == (FieldChange("external_id", "", "E1"),)


def test_people_leave_when_marked_or_absent_and_return_reactivated():
    snap = Snapshot(
        units=SNAP.units,
        people=(person(10, "P1", 2), person(11, "P2", 2), person(12, "P3", 2, active=False)),
    )
    doc = Document(
        (urow(2, "A"), urow(3, "A1", "A"), urow(4, "B")),
        (
            prow(2, "P1", "A1", email="p10@example.test", active=False),
            prow(3, "P3", "A1", email="p12@example.test"),
        ),
    )
    plan = plan_sync(doc, snap)
    actions = {c.external_id: c.action for c in plan.people}
    assert actions == {"P1": "deactivated", "P2": "deactivated", "P3": "reactivated"}


def test_people_in_unknown_or_closed_units_and_clashing_emails_are_reported():
    snap = Snapshot(units=SNAP.units, people=SNAP.people, accounts={"taken@example.test": 99})
    doc = Document(
        (urow(2, "A"), urow(3, "A1", "A", active=False)),
        (
            prow(2, "N1", "ZZ"),
            prow(3, "N2", "A1"),
            prow(4, "N3", "A", email="p10@example.test"),
            prow(5, "N4", "A", email="taken@example.test"),
            prow(6, "N5", "A", email="taken@example.test"),
        ),
    )
    assert problems(plan_sync(doc, snap)) == [
        ("people", 2, "unit", "unknown_unit"),
        ("people", 3, "unit", "unit_closed"),
        ("people", 4, "email", "email_taken"),
        ("people", 5, "email", "account_taken"),
        ("people", 6, "email", "account_taken"),
        ("people", 6, "email", "duplicate"),
    ]


def test_a_new_unit_gets_a_code_from_its_id_and_a_new_person_an_account():
    doc = Document((urow(2, "Z 9", name="Uusi"),), (prow(2, "N1", "Z 9"),), full=False)
    plan = plan_sync(doc, SNAP)
    assert plan.ok
    assert plan.units[0].values["code"] == code_for("Z 9") == "hr-z-9"
    assert plan.units[0].values["kind"] == "service_area"
    assert plan.people[0].action == "added"
    assert plan.people[0].values["is_manager"] is False


def test_the_fingerprint_names_the_change_set():
    one = plan_sync(Document((urow(2, "Q"),), None, full=False), SNAP)
    two = plan_sync(Document((urow(2, "Q", name="Other"),), None, full=False), SNAP)
    again = plan_sync(Document((urow(2, "Q"),), None, full=False), SNAP)
    assert one.fingerprint() == again.fingerprint()
    assert one.fingerprint() != two.fingerprint()


def test_a_leaver_is_never_adopted_by_email():
    snap = Snapshot(units=SNAP.units, people=(person(10, "", None, email="x@example.test"),))
    doc = Document(None, (prow(2, "E1", "A1", email="x@example.test", active=False),))
    plan = plan_sync(doc, snap)
    assert plan.ok
    assert plan.people == ()


def test_an_email_change_onto_an_unlinked_account_is_reported():
    snap = Snapshot(
        units=SNAP.units,
        people=(person(10, "P1", 2, email="old@example.test", user_id=100),),
        accounts={"new@example.test": None},
    )
    doc = Document(None, (prow(2, "P1", "A1", email="new@example.test"),), full=False)
    assert problems(plan_sync(doc, snap)) == [("people", 2, "email", "account_taken")]
    # A new person takes an unlinked account over: that is linking, not a clash.
    doc = Document(None, (prow(2, "P9", "A1", email="new@example.test"),), full=False)
    assert plan_sync(doc, snap).ok
