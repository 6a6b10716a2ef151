from kuulu.assessments import matrix


def test_lines_are_trimmed_distinct_and_limited():
    assert matrix.lines(" A \n\nB\nA\n") == ["A", "B"]
    assert len(matrix.lines("\n".join(str(i) for i in range(30)))) == matrix.MAX_LINES


def test_a_matrix_is_complete_only_with_every_cell_written():
    grid = matrix.build(["A", "B"], ["Lapset"], {"0-0": "hyvä", "1-0": " ", "5-5": "pois"})
    assert grid == {
        "options": ["A", "B"],
        "groups": ["Lapset"],
        "cells": {"0-0": "hyvä", "1-0": ""},
    }
    assert not matrix.is_complete(grid)
    grid["cells"]["1-0"] = "huono"
    assert matrix.is_complete(grid)
    assert not matrix.is_complete({"options": [], "groups": ["x"], "cells": {}})
    assert not matrix.is_complete(None)


def test_rows_name_the_form_fields():
    rows = matrix.rows({"options": ["A"], "groups": ["x", "y"], "cells": {"0-1": "t"}})
    assert rows == [matrix.Row(option="A", cells=(("cell_0-0", ""), ("cell_0-1", "t")))]
