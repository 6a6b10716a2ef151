"""Reading the volunteers and quotas CSV files of `manage.py draw_panel`. No Django imports.

Volunteers: an `id` column and one column per stratum. Quotas: `stratum,value,min,max` rows.
Files are UTF-8; a byte order mark (as spreadsheet programs write) is accepted. Every problem
found is reported at once, with its line number, as `CsvProblem`.
"""

from __future__ import annotations

import csv
import io

from kuulu.panels.sortition import Quota, Volunteer

QUOTA_COLUMNS = ("stratum", "value", "min", "max")
MAX_REPORTED = 50


class CsvProblem(ValueError):
    def __init__(self, name: str, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_REPORTED]
        more = len(problems) - len(shown)
        text = "\n".join(f"  {p}" for p in shown)
        if more:
            text += f"\n  ... and {more} more"
        super().__init__(f"{name}:\n{text}")


def _rows(data: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvProblem(
            name, [f"the file is not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV."]
        ) from exc
    if not text.strip():
        raise CsvProblem(name, ["the file is empty."])
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # An unclosed quotation mark reads the rest of the file as one cell.
            raise CsvProblem(
                name,
                [
                    f"line {start}: the file cannot be read from here on ({exc}); "
                    "check that every quotation mark is closed."
                ],
            ) from exc
        if any(cell.strip() for cell in row):
            rows.append((reader.line_num, row))
    if not rows:
        raise CsvProblem(name, ["the file is empty."])
    header = [cell.strip() for cell in rows[0][1]]
    return header, rows[1:]


def read_volunteers(data: bytes, name: str = "volunteers") -> tuple[list[str], list[Volunteer]]:
    """The stratum columns and the volunteers; an empty cell is a missing answer."""
    header, rows = _rows(data, name)
    problems: list[str] = []
    if "id" not in header:
        raise CsvProblem(name, [f"line 1: there is no `id` column (columns: {', '.join(header)})."])
    if len(set(header)) != len(header):
        problems.append("line 1: a column name appears twice.")
    if any(not column for column in header):
        problems.append("line 1: a column has no name.")
    strata = [column for column in header if column != "id"]
    if not strata:
        problems.append("line 1: there are no stratum columns beside `id`.")
    if not rows:
        problems.append("the file has a header but no volunteers.")
    volunteers: list[Volunteer] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        if len(row) != len(header):
            problems.append(f"line {line}: {len(row)} cells, expected {len(header)}.")
            continue
        cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
        volunteer_id = cells.pop("id")
        if not volunteer_id:
            problems.append(f"line {line}: the id is empty.")
            continue
        if volunteer_id in seen:
            problems.append(
                f"line {line}: id {volunteer_id} is already on line {seen[volunteer_id]}."
            )
            continue
        seen[volunteer_id] = line
        volunteers.append(
            Volunteer(volunteer_id, {key: value for key, value in cells.items() if value})
        )
    if problems:
        raise CsvProblem(name, problems)
    return strata, volunteers


def read_quotas(data: bytes, name: str = "quotas", strata: set[str] | None = None) -> list[Quota]:
    """Quota rows; when `strata` is given, a stratum not among them is an error."""
    header, rows = _rows(data, name)
    missing = [column for column in QUOTA_COLUMNS if column not in header]
    if missing:
        raise CsvProblem(
            name,
            [
                f"line 1: the columns must be {','.join(QUOTA_COLUMNS)}; "
                f"missing: {', '.join(missing)}."
            ],
        )
    problems: list[str] = []
    if not rows:
        problems.append("the file has a header but no quotas.")
    quotas: list[Quota] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        if len(row) != len(header):
            problems.append(f"line {line}: {len(row)} cells, expected {len(header)}.")
            continue
        cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
        stratum, value = cells["stratum"], cells["value"]
        if not stratum or not value:
            problems.append(f"line {line}: the stratum and the value must both be given.")
            continue
        if strata is not None and stratum not in strata:
            problems.append(
                f"line {line}: stratum {stratum!r} is not a column of the volunteers file."
            )
            continue
        bounds = []
        for column in ("min", "max"):
            try:
                number = int(cells[column])
            except ValueError:
                problems.append(f"line {line}: {column} {cells[column]!r} is not a whole number.")
                continue
            if number < 0:
                problems.append(f"line {line}: {column} cannot be negative.")
                continue
            bounds.append(number)
        if len(bounds) != 2:
            continue
        low, high = bounds
        if low > high:
            problems.append(f"line {line}: min {low} is more than max {high}.")
            continue
        if (stratum, value) in seen:
            problems.append(
                f"line {line}: {stratum} = {value} is already on line {seen[(stratum, value)]}."
            )
            continue
        seen[(stratum, value)] = line
        quotas.append(Quota(stratum, value, low, high))
    if problems:
        raise CsvProblem(name, problems)
    return quotas
