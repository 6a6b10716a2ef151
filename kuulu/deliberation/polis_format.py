"""Reading and writing the Polis open-data CSV layout. No Django imports.

A folder holds comments.csv and votes.csv (full history) or participants-votes.csv (latest votes
only). In these files agree = 1, disagree = -1, pass = 0, as in Kuulu.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from kuulu.core.spreadsheets import DANGEROUS, safe_cell

COMMENT_COLUMNS_OLD = [
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
]
# The layout we write: the classic columns plus is-meta and is-seed (read by name, as in newer
# Polis exports), so meta and seed statements survive a round trip.
COMMENT_COLUMNS = [
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "is-meta",
    "is-seed",
    "comment-body",
]
MAX_TIMESTAMP = 10**13  # milliseconds up to year 2286
MAX_FIELD = 100_000

VOTE_COLUMNS = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
PARTICIPANT_FIXED = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogues without importing Django: the import
    page words it in the reader's language (`views.polis_error_text`); the command prints it
    in English."""
    return message


class PolisFormatError(ValueError):
    """A malformed export: names the file and line so the person importing can fix it.

    `template` is an English message (the catalogues' msgid) with %(name)s placeholders filled
    from `params`; `message` is it filled in."""

    def __init__(self, file: str, line: int, template: str, **params: object) -> None:
        message = template % params if params else template
        super().__init__(f"{file}, line {line}: {message}")
        self.file, self.line, self.message = file, line, message
        self.template, self.params = template, params


@dataclass(frozen=True)
class Comment:
    comment_id: int
    author_id: int
    body: str
    moderated: int = 0  # -1 rejected, 0 unmoderated, 1 accepted
    timestamp: int = 0
    datetime: str = ""
    is_meta: bool = False
    is_seed: bool = False


class VoteRow(NamedTuple):
    """One vote. A named tuple rather than a frozen dataclass: an import creates one per vote,
    and a tuple is built about three times faster."""

    timestamp: int
    datetime: str
    comment_id: int
    voter_id: int
    vote: int


class VoteColumns(Sequence[VoteRow]):
    """Votes held as numpy columns (one array per field) rather than one object per vote: the
    wide-layout reader fills them without a Python loop over votes, and engine_votes hands the
    arrays to the engine as they are. Iterating still gives VoteRow tuples, made on demand."""

    def __init__(self, voter_id, comment_id, vote) -> None:  # type: ignore[no-untyped-def]
        self.voter_id, self.comment_id, self.vote = voter_id, comment_id, vote

    def __len__(self) -> int:
        return len(self.vote)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return VoteRow(
            0, "", int(self.comment_id[index]), int(self.voter_id[index]), int(self.vote[index])
        )

    def __iter__(self):  # type: ignore[no-untyped-def]
        for comment, voter, vote in zip(
            self.comment_id.tolist(), self.voter_id.tolist(), self.vote.tolist(), strict=True
        ):
            yield VoteRow(0, "", comment, voter, vote)


@dataclass
class PolisExport:
    comments: list[Comment]
    votes: Sequence[VoteRow]  # in the order cast (a VoteColumns from the wide layout)
    topic: str = ""
    description: str = ""
    groups: dict[int, int] = field(default_factory=dict)  # participant id -> group number

    def latest_votes(self) -> dict[tuple[int, int], int]:
        latest: dict[tuple[int, int], int] = {}
        for row in self.votes:
            latest[(row.voter_id, row.comment_id)] = row.vote
        return latest


def _int(value: str | None, file: str, line: int, column: str) -> int:
    if value is None:
        raise PolisFormatError(
            file,
            line,
            gettext_noop("column %(column)s is missing on this line"),
            column=repr(column),
        )
    text = value.strip()
    if text == "":
        return 0
    try:
        number = float(text)
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(text)
        return int(number)
    except (ValueError, OverflowError) as exc:
        raise PolisFormatError(
            file,
            line,
            gettext_noop("column %(column)s must be a number, not %(value)s"),
            column=repr(column),
            value=repr(value),
        ) from exc


def _timestamp(value: str | None, file: str, line: int) -> int:
    number = _int(value, file, line, "timestamp")
    if not 0 <= number <= MAX_TIMESTAMP:
        raise PolisFormatError(
            file, line, gettext_noop("the timestamp %(value)s is out of range"), value=repr(value)
        )
    return number


def _text(value: str | None, file: str, line: int, column: str, limit: int) -> str:
    if value is None:
        raise PolisFormatError(
            file,
            line,
            gettext_noop("column %(column)s is missing on this line"),
            column=repr(column),
        )
    if len(value) > limit:
        raise PolisFormatError(
            file,
            line,
            gettext_noop("column %(column)s is longer than %(limit)s characters"),
            column=repr(column),
            limit=limit,
        )
    if "\x00" in value:
        # PostgreSQL cannot store a NUL character in text: the import failed with a server error.
        raise PolisFormatError(
            file,
            line,
            gettext_noop("column %(column)s contains a NUL character"),
            column=repr(column),
        )
    return value


def _rows(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PolisFormatError(path.name, 1, gettext_noop("the file is not UTF-8 text")) from exc
    csv.field_size_limit(MAX_FIELD)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise PolisFormatError(
            path.name, 1, gettext_noop("missing column(s): %(columns)s"), columns=", ".join(missing)
        )
    rows = []
    try:
        for record in reader:
            if None in record:
                raise PolisFormatError(
                    path.name, reader.line_num, gettext_noop("more values than columns")
                )
            if any(value is None for value in record.values()):
                raise PolisFormatError(
                    path.name, reader.line_num, gettext_noop("fewer values than columns")
                )
            rows.append((reader.line_num, record))
    except csv.Error as exc:
        raise PolisFormatError(
            path.name,
            reader.line_num,
            gettext_noop("the CSV cannot be read (%(reason)s)"),
            reason=str(exc),
        ) from exc
    return rows


def _id(value: str, file: str, line: int, column: str) -> int:
    number = _int(value, file, line, column)
    if number < 0 or number > 2**31 - 1:
        raise PolisFormatError(
            file,
            line,
            gettext_noop("column %(column)s must be a whole number from 0, not %(value)s"),
            column=repr(column),
            value=repr(value),
        )
    return number


def _vote(value: str, file: str, line: int) -> int:
    vote = _int(value, file, line, "vote")
    if vote not in (-1, 0, 1):
        raise PolisFormatError(
            file, line, gettext_noop("a vote must be 1, -1 or 0, not %(value)s"), value=repr(value)
        )
    return vote


_VOTE_TEXT = {"1": 1, "-1": -1, "0": 0}


def _participant_votes_columnar(text: str, seen_ids: set[int]) -> VoteColumns | None:
    """The wide layout parsed as bytes by numpy: every comma and newline is found at once, each
    cell's length and first byte give its vote ("" none, "1", "0", "-1"). Only the participant
    column is converted per row. Returns None for anything outside that simple shape (quotes,
    blank or ragged lines, other cell text), and the caller falls back to the checking reader."""
    import numpy as np

    if '"' in text or "\r" in text:
        return None
    newline = text.find("\n")
    if newline < 0:
        return None
    header = text[:newline].split(",")
    if "participant" not in header:
        return None
    voter_at = header.index("participant")
    columns = [(i, int(c)) for i, c in enumerate(header) if re.fullmatch(r"[0-9]+", c.strip())]
    if any(comment not in seen_ids for _i, comment in columns):
        return None
    body = text[newline + 1 :].encode("ascii", errors="replace")
    if not body:
        empty = np.empty(0, np.int64)
        return VoteColumns(empty, empty, np.empty(0, np.int8))
    if not body.endswith(b"\n"):
        body += b"\n"
    raw = np.frombuffer(body, np.uint8)
    is_sep = (raw == 44) | (raw == 10)
    ends = np.flatnonzero(is_sep)  # the comma or newline that closes each cell
    width = len(header)
    n_rows = int(np.count_nonzero(raw == 10))
    if len(ends) != n_rows * width or np.any(raw[ends[width - 1 :: width]] != 10):
        return None  # a ragged or blank line: the checking reader names it
    # Only non-empty cells are looked at: a byte that is not a separator after one that is.
    opens = np.flatnonzero(~is_sep[1:] & is_sep[:-1]) + 1
    if not is_sep[0]:
        opens = np.concatenate([[0], opens])
    cell = np.searchsorted(ends, opens)  # index of the cell each non-empty one is
    row, col = np.divmod(cell, width)
    length = ends[cell] - opens
    kind = np.full(width, -1, np.int64)  # -1 other column, else the comment's position
    kind[[i for i, _c in columns]] = np.arange(len(columns))
    voter_cells = col == voter_at
    if int(np.count_nonzero(voter_cells)) != n_rows:
        return None
    try:
        voters = np.array(
            [
                int(body[a:b])
                for a, b in zip(
                    opens[voter_cells].tolist(), ends[cell[voter_cells]].tolist(), strict=True
                )
            ],
            np.int64,
        )
    except ValueError:
        return None
    if np.any(voters < 0) or np.any(voters > 2**31 - 1):
        return None
    is_vote = kind[col] >= 0
    row, opens, length, position = row[is_vote], opens[is_vote], length[is_vote], kind[col[is_vote]]
    first = raw[opens]
    second = raw[np.minimum(opens + 1, len(raw) - 1)]
    agree = (length == 1) & (first == ord("1"))
    passed = (length == 1) & (first == ord("0"))
    disagree = (length == 2) & (first == ord("-")) & (second == ord("1"))
    if not np.all(agree | passed | disagree):
        return None
    value = agree.astype(np.int8) - disagree.astype(np.int8)
    ids = np.array([c for _i, c in columns], np.int64)
    return VoteColumns(voters[row], ids[position], value)  # row by row, header order, as cast


def _participant_votes(path: Path, seen_ids: set[int]) -> Sequence[VoteRow]:
    """The wide layout (one row per participant, one column per comment), read with a plain
    csv.reader: no per-row dicts, and each non-empty cell is looked up in a small table; only
    a cell outside the table goes through the slow, error-reporting parser."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PolisFormatError(path.name, 1, gettext_noop("the file is not UTF-8 text")) from exc
    fast = _participant_votes_columnar(text, seen_ids)
    if fast is not None:
        return fast
    name = path.name
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        if "participant" not in header:
            raise PolisFormatError(
                name, 1, gettext_noop("missing column(s): %(columns)s"), columns="participant"
            )
        voter_at = header.index("participant")
        columns = [(i, int(c)) for i, c in enumerate(header) if re.fullmatch(r"[0-9]+", c.strip())]
        for _i, comment in columns:
            if comment not in seen_ids:
                raise PolisFormatError(
                    name,
                    1,
                    gettext_noop("comment column %(comment)s is not in comments.csv"),
                    comment=comment,
                )
        width = len(header)
        first = columns[0][0] if columns else width
        contiguous = [i for i, _c in columns] == list(range(first, first + len(columns)))
        ids = [c for _i, c in columns]
        table = _VOTE_TEXT
        votes: list[VoteRow] = []
        append = votes.append
        for record in reader:
            line = reader.line_num
            if len(record) != width:
                if not record or record == [""]:
                    continue  # a blank line, as DictReader skips it
                raise PolisFormatError(
                    name,
                    line,
                    gettext_noop("more values than columns")
                    if len(record) > width
                    else gettext_noop("fewer values than columns"),
                )
            voter = _id(record[voter_at], name, line, "participant")
            cells = (
                record[first : first + len(ids)] if contiguous else [record[i] for i, _c in columns]
            )
            # compress() skips the empty cells in C: only cast votes reach the Python loop.
            for comment, cell in zip(compress(ids, cells), compress(cells, cells), strict=True):
                if cell:
                    vote = table.get(cell)
                    if vote is None:
                        if not cell.strip():
                            continue
                        vote = _vote(cell.strip(), name, line)
                    append(VoteRow(0, "", comment, voter, vote))
    except csv.Error as exc:
        raise PolisFormatError(
            name,
            reader.line_num,
            gettext_noop("the CSV cannot be read (%(reason)s)"),
            reason=str(exc),
        ) from exc
    return votes


def read_export(folder: Path) -> PolisExport:
    folder = Path(folder)
    comments_path = folder / "comments.csv"
    if not comments_path.exists():
        raise PolisFormatError("comments.csv", 0, gettext_noop("the file is missing"))
    comments = []
    seen_ids: set[int] = set()
    for line, row in _rows(comments_path, ["comment-id", "author-id", "moderated", "comment-body"]):
        comment_id = _id(row["comment-id"], "comments.csv", line, "comment-id")
        if comment_id in seen_ids:
            raise PolisFormatError(
                "comments.csv",
                line,
                gettext_noop("comment-id %(comment)s appears twice"),
                comment=comment_id,
            )
        seen_ids.add(comment_id)
        moderated = _int(row["moderated"], "comments.csv", line, "moderated")
        if moderated not in (-1, 0, 1):
            raise PolisFormatError(
                "comments.csv", line, gettext_noop("moderated must be -1, 0 or 1")
            )
        comments.append(
            Comment(
                comment_id=comment_id,
                author_id=_id(row["author-id"], "comments.csv", line, "author-id"),
                body=_unprotect(
                    _text(row["comment-body"], "comments.csv", line, "comment-body", 2000)
                ),
                moderated=moderated,
                timestamp=_timestamp(row.get("timestamp", "") or "", "comments.csv", line),
                datetime=_text(
                    row.get("datetime", "") or "", "comments.csv", line, "datetime", 100
                ),
                is_meta=(row.get("is-meta", "") or "").strip().lower() in {"1", "true"},
                is_seed=(row.get("is-seed", "") or "").strip().lower() in {"1", "true"},
            )
        )
    votes: Sequence[VoteRow] = []
    if (folder / "votes.csv").exists():
        for line, row in _rows(folder / "votes.csv", ["comment-id", "voter-id", "vote"]):
            comment_id = _id(row["comment-id"], "votes.csv", line, "comment-id")
            if comment_id not in seen_ids:
                raise PolisFormatError(
                    "votes.csv",
                    line,
                    gettext_noop("comment-id %(comment)s is not in comments.csv"),
                    comment=comment_id,
                )
            votes.append(
                VoteRow(
                    timestamp=_timestamp(row.get("timestamp", "") or "", "votes.csv", line),
                    datetime=_text(
                        row.get("datetime", "") or "", "votes.csv", line, "datetime", 100
                    ),
                    comment_id=comment_id,
                    voter_id=_id(row["voter-id"], "votes.csv", line, "voter-id"),
                    vote=_vote(row["vote"], "votes.csv", line),
                )
            )
        # Votes are applied in time order; the file order breaks ties.
        votes.sort(key=lambda v: v.timestamp)  # type: ignore[attr-defined]
    elif (folder / "participants-votes.csv").exists():
        votes = _participant_votes(folder / "participants-votes.csv", seen_ids)
    else:
        raise PolisFormatError(
            "votes.csv", 0, gettext_noop("neither votes.csv nor participants-votes.csv is present")
        )
    summary: dict[str, str] = {}
    if (folder / "summary.csv").exists():
        csv.field_size_limit(MAX_FIELD)
        reader = csv.reader(io.StringIO(_summary_text(folder / "summary.csv"), newline=""))
        try:
            for record in reader:
                if len(record) >= 2:
                    summary[record[0]] = record[1]
                    if record[0] in ("topic", "conversation-description") and "\x00" in record[1]:
                        raise PolisFormatError(
                            "summary.csv",
                            reader.line_num,
                            gettext_noop("%(key)s contains a NUL character"),
                            key=repr(record[0]),
                        )
        except csv.Error as exc:
            # e.g. a value over MAX_FIELD: this was a server error.
            raise PolisFormatError(
                "summary.csv",
                reader.line_num,
                gettext_noop("the CSV cannot be read (%(reason)s)"),
                reason=str(exc),
            ) from exc
    return PolisExport(
        comments=comments,
        votes=votes,
        topic=summary.get("topic", ""),
        description=summary.get("conversation-description", ""),
    )


def _summary_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PolisFormatError(path.name, 1, gettext_noop("the file is not UTF-8 text")) from exc


_protect = safe_cell  # a statement a spreadsheet would run as a formula gets an apostrophe


def _unprotect(body: str) -> str:
    """Undo _protect on import, so that export then import gives the same text."""
    return body[1:] if body.startswith("'") and body[1:].startswith(DANGEROUS) else body


def _datetime_text(timestamp: int) -> str:
    seconds = timestamp / 1000 if timestamp > 10**11 else timestamp
    return datetime.fromtimestamp(seconds, tz=UTC).strftime(
        "%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)"
    )


def write_export(folder: Path, export: PolisExport) -> list[Path]:
    """Write comments.csv, votes.csv, participants-votes.csv and summary.csv."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    latest = export.latest_votes()
    agrees: dict[int, int] = {}
    disagrees: dict[int, int] = {}
    for (_voter, comment), vote in latest.items():
        if vote == 1:
            agrees[comment] = agrees.get(comment, 0) + 1
        elif vote == -1:
            disagrees[comment] = disagrees.get(comment, 0) + 1
    written = []

    def open_csv(name: str):  # type: ignore[no-untyped-def]
        path = folder / name
        written.append(path)
        return path.open("w", encoding="utf-8", newline="")

    with open_csv("comments.csv") as handle:
        writer = csv.writer(handle)
        writer.writerow(COMMENT_COLUMNS)
        for c in sorted(export.comments, key=lambda c: c.comment_id):
            writer.writerow(
                [
                    c.timestamp,
                    c.datetime or _datetime_text(c.timestamp),
                    c.comment_id,
                    c.author_id,
                    agrees.get(c.comment_id, 0),
                    disagrees.get(c.comment_id, 0),
                    c.moderated,
                    int(c.is_meta),
                    int(c.is_seed),
                    _protect(c.body),
                ]
            )
    with open_csv("votes.csv") as handle:
        writer = csv.writer(handle)
        writer.writerow(VOTE_COLUMNS)
        for v in export.votes:
            writer.writerow(
                [
                    v.timestamp,
                    v.datetime or _datetime_text(v.timestamp),
                    v.comment_id,
                    v.voter_id,
                    v.vote,
                ]
            )
    voted_comments = sorted({comment for (_voter, comment) in latest})
    voters = list(dict.fromkeys(v.voter_id for v in export.votes))
    authored: dict[int, int] = {}
    for c in export.comments:
        authored[c.author_id] = authored.get(c.author_id, 0) + 1
    with open_csv("participants-votes.csv") as handle:
        writer = csv.writer(handle)
        writer.writerow(PARTICIPANT_FIXED + [str(c) for c in voted_comments])
        for voter in sorted(voters):
            cells = [latest.get((voter, c)) for c in voted_comments]
            given = [x for x in cells if x is not None]
            group = export.groups.get(voter)
            writer.writerow(
                [
                    voter,
                    "" if group is None else group,
                    authored.get(voter, 0),
                    len(given),
                    sum(1 for x in given if x == 1),
                    sum(1 for x in given if x == -1),
                    *["" if x is None else x for x in cells],
                ]
            )
    with open_csv("summary.csv") as handle:
        writer = csv.writer(handle)
        for key, value in (
            ("topic", export.topic),
            ("url", ""),
            ("views", ""),
            ("voters", len(voters)),
            ("voters-in-conv", len(export.groups)),
            ("commenters", len(authored)),
            ("comments", len(voted_comments)),
            ("groups", len(set(export.groups.values()))),
            ("conversation-description", export.description),
        ):
            writer.writerow([key, value])
    return written


def engine_votes(export: PolisExport):  # type: ignore[no-untyped-def]
    """The export's votes as engine input; rejected and meta comments are moderated out."""
    import numpy as np

    from kuulu.deliberation.engine import Votes

    moderated_out = frozenset(
        c.comment_id for c in export.comments if c.moderated == -1 or c.is_meta
    )
    meta = frozenset(c.comment_id for c in export.comments if c.is_meta)
    if isinstance(export.votes, VoteColumns):  # already columns: no per-vote work at all
        return Votes(
            participant=export.votes.voter_id,
            statement=export.votes.comment_id,
            value=export.votes.vote,
            moderated_out=moderated_out,
            meta=meta,
        )
    n = len(export.votes)

    def column(name: str) -> np.ndarray:  # map + attrgetter run in C: no per-vote tuples
        return np.fromiter(map(attrgetter(name), export.votes), np.int64, n)

    return Votes(
        participant=column("voter_id"),
        statement=column("comment_id"),
        value=column("vote").astype(np.int8),
        moderated_out=moderated_out,
        meta=meta,
    )
