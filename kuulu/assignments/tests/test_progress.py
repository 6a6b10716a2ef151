from datetime import date

from kuulu.assignments.progress import Learner, Tally, earliest, group_by, roll_up, tally

DUE = date(2026, 12, 1)


def learner(pid: int, path: str, done: date | None = None, manager: bool = False) -> Learner:
    return Learner(
        person_id=pid, unit_path=path, is_manager=manager, municipality_id=None, done_on=done
    )


def test_tally_counts_done_and_overdue_only_after_the_due_date():
    rows = [learner(1, "1/", date(2026, 11, 1)), learner(2, "1/"), learner(3, "1/")]
    before = tally(rows, key="x", due_on=DUE, today=DUE)
    after = tally(rows, key="x", due_on=DUE, today=date(2026, 12, 2))
    assert (before.assigned, before.done, before.overdue) == (3, 1, 0)
    assert (after.assigned, after.done, after.overdue) == (3, 1, 2)
    assert after.not_done == 2


def test_percent_rounds_down_so_almost_done_is_never_shown_as_done():
    assert Tally(key="x", assigned=300, done=299, overdue=0).percent_done == 99
    assert Tally(key="x", assigned=0, done=0, overdue=0).percent_done == 0


def test_roll_up_counts_everyone_in_a_subtree_once_per_ancestor():
    units = {1: "1/", 2: "1/2/", 3: "1/2/3/", 4: "4/"}
    rows = [
        learner(1, "1/2/3/", date(2026, 11, 1)),
        learner(2, "1/2/"),
        learner(3, "1/"),
        learner(4, "4/", date(2026, 11, 2)),
    ]
    rolled = roll_up(rows, units, due_on=DUE, today=DUE)
    assert (rolled[1].assigned, rolled[1].done) == (3, 1)
    assert (rolled[2].assigned, rolled[2].done) == (2, 1)
    assert (rolled[3].assigned, rolled[3].done) == (1, 1)
    assert (rolled[4].assigned, rolled[4].done) == (1, 1)


def test_roll_up_does_not_confuse_unit_10_with_unit_1():
    rolled = roll_up([learner(1, "10/")], {1: "1/", 10: "10/"}, due_on=DUE, today=DUE)
    assert 1 not in rolled
    assert rolled[10].assigned == 1


def test_group_by_role():
    rows = [learner(1, "1/", manager=True), learner(2, "1/", date(2026, 1, 1)), learner(3, "1/")]
    groups = {
        t.key: t
        for t in group_by(rows, lambda r: "m" if r.is_manager else "s", due_on=DUE, today=DUE)
    }
    assert (groups["m"].assigned, groups["m"].done) == (1, 0)
    assert (groups["s"].assigned, groups["s"].done) == (2, 1)


def test_earliest_ignores_missing_dates():
    assert earliest(None, date(2026, 2, 1), date(2026, 1, 1)) == date(2026, 1, 1)
    assert earliest(None, None) is None
