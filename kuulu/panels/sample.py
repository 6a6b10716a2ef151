"""Reading an invitation sample: a CSV extract of the population register. No Django models.

Required columns: sample_id, first_name, last_name, street_address, postal_code, post_office,
language (fi or sv); optional: municipality. Other columns are ignored, except a personal
identity code, which is refused: the invitation letters do not need it. Every row is checked
and every problem reported with its line number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

REQUIRED = (
    "sample_id",
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "post_office",
    "language",
)
OPTIONAL = ("municipality",)
LIMITS = {
    "sample_id": 40,
    "first_name": 100,
    "last_name": 100,
    "street_address": 200,
    "post_office": 100,
    "municipality": 100,
}
IDENTITY_CODE_COLUMNS = {"hetu", "henkilötunnus", "henkilotunnus", "ssn", "identity_code"}
IDENTITY_CODE = re.compile(r"\b\d{6}[-+ABCDEFUVWXY]\d{3}[0-9A-Y]\b", re.IGNORECASE)
LANGUAGES = {"fi": "fi", "sv": "sv", "suomi": "fi", "svenska": "sv", "ruotsi": "sv"}
MAX_ROWS = 20000


@dataclass(frozen=True)
class RowError:
    line: int
    messages: tuple[str, ...]


@dataclass
class SampleFile:
    rows: list[dict[str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.errors


def _read_rows(reader: Any, result: SampleFile) -> Iterator[list[str]]:
    """The reader's rows; a row the csv module cannot read (an opening quotation mark never
    closed swallows the rest of the file into one cell, past its size limit) ends the file
    with an error on the line where that row starts."""
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            result.errors.append(
                RowError(
                    start,
                    (
                        _(
                            "The file cannot be read from this line on. Check that every "
                            "quotation mark is closed."
                        ),
                    ),
                )
            )
            return
        yield cells


def read_sample(data: bytes, existing_ids: set[str] = frozenset()) -> SampleFile:  # type: ignore[assignment]
    result = SampleFile()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(RowError(1, (_("The file is not UTF-8 text. Save it as UTF-8 CSV."),)))
        return result
    if not text.strip():
        result.errors.append(RowError(1, (_("The file is empty."),)))
        return result
    if "\x00" in text:
        # PostgreSQL text cannot hold NUL; a UTF-16 file without a byte order mark has them.
        result.errors.append(
            RowError(1, (_("The file contains NUL characters. Save it as UTF-8 CSV."),))
        )
        return result
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = _read_rows(reader, result)
    header_cells = next(rows, None)
    if header_cells is None:
        return result
    header = [cell.strip().lower() for cell in header_cells]
    header_problems = []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        header_problems.append(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
    if IDENTITY_CODE_COLUMNS & set(header):
        header_problems.append(
            _("Remove the personal identity code column: the letters do not need it.")
        )
    if header_problems:
        result.errors.append(RowError(1, tuple(header_problems)))
        return result
    seen: dict[str, int] = {}
    for cells in rows:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append(
                RowError(line, (_("At most %(max)d rows can be imported.") % {"max": MAX_ROWS},))
            )
            break
        problems: list[str] = []
        if len(cells) != len(header):
            result.errors.append(
                RowError(
                    line,
                    (
                        _("The row has %(found)d cells; the header has %(expected)d.")
                        % {"found": len(cells), "expected": len(header)},
                    ),
                )
            )
            continue
        raw = dict(zip(header, (cell.strip() for cell in cells), strict=True))
        row = {name: raw.get(name, "") for name in (*REQUIRED, *OPTIONAL)}
        for name in REQUIRED:
            if not row[name]:
                problems.append(_("%(column)s is empty.") % {"column": name})
        for name, limit in LIMITS.items():
            if len(row[name]) > limit:
                problems.append(
                    _("%(column)s is longer than %(limit)d characters.")
                    % {"column": name, "limit": limit}
                )
        if row["postal_code"] and not re.fullmatch(r"[0-9]{5}", row["postal_code"]):
            problems.append(_("postal_code must be five digits."))
        language = LANGUAGES.get(row["language"].lower())
        if row["language"] and language is None:
            problems.append(_("language must be fi or sv."))
        row["language"] = language or ""
        if any(IDENTITY_CODE.search(value) for value in raw.values()):
            problems.append(_("The row seems to contain a personal identity code; remove it."))
        sample_id = row["sample_id"]
        if sample_id in seen:
            problems.append(
                _("sample_id %(id)s is already on line %(line)d.")
                % {"id": sample_id, "line": seen[sample_id]}
            )
        elif sample_id in existing_ids:
            problems.append(_("sample_id %(id)s has already been imported.") % {"id": sample_id})
        if sample_id:
            seen.setdefault(sample_id, line)
        if problems:
            result.errors.append(RowError(line, tuple(problems)))
        else:
            result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, (_("The file has a header but no rows."),)))
    return result
