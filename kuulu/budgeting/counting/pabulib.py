"""Read and write the Pabulib format (pabulib.org), the open data format of participatory budgeting.

A file has three sections, each a line ``META``, ``PROJECTS`` or ``VOTES`` followed by a header
row and semicolon-separated rows: META ``key;value`` (``budget`` and ``vote_type`` among them),
PROJECTS (``project_id;cost;...``), VOTES (``voter_id;vote;...``, ``vote`` a comma-separated list
of project ids, ``points`` alongside it for cumulative and scoring ballots).

:func:`parse` checks the whole file and either returns an :class:`Election` or raises
:class:`PabulibError` listing every problem with its line number; nothing half-read is returned.
:func:`dump` writes an election back, with the voters numbered 1, 2, 3... so that an export
carries no voter identifiers.
"""

from __future__ import annotations

import csv
import io
import re

from .model import (
    ORDINAL_VOTE_TYPE,
    POINTS_VOTE_TYPES,
    Ballot,
    Election,
    Project,
    is_approval_vote_type,
)

SECTIONS = ("meta", "projects", "votes")
_WHOLE = re.compile(r"^\s*(\d+)(?:[.,]0*)?\s*$")
_INTEGER = re.compile(r"^\s*-?\d+\s*$")


class PabulibError(ValueError):
    """A malformed Pabulib file; ``errors`` lists ``(line number, message)``, first line is 1."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("\n".join(f"line {line}: {message}" for line, message in errors))


def _whole_number(text: str) -> int | None:
    """``"4000"``, ``"4000.0"`` or ``"4000,00"`` as 4000; anything else (or negative) as None."""
    match = _WHOLE.match(text)
    return int(match.group(1)) if match else None


def _known_vote_type(vote_type: str) -> bool:
    return (
        is_approval_vote_type(vote_type)
        or vote_type in POINTS_VOTE_TYPES
        or vote_type == ORDINAL_VOTE_TYPE
    )


def _split(line: str) -> list[str]:
    return next(csv.reader([line], delimiter=";"), [])


def parse(text: str) -> Election:
    """Parse a Pabulib file; raise :class:`PabulibError` with every error found."""
    errors: list[tuple[int, str]] = []
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    project_rows: list[tuple[int, dict[str, str]]] = []
    vote_rows: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    section = ""
    header: list[str] | None = None
    lines = text.lstrip("\ufeff").splitlines()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        row = _split(raw)
        first = row[0].strip().lower() if row else ""
        if first in SECTIONS and all(not cell.strip() for cell in row[1:]):
            if first in seen:
                errors.append((number, f"section {first.upper()} appears twice"))
            seen[first] = number
            section, header = first, None
            continue
        if not section:
            errors.append((number, "expected a META, PROJECTS or VOTES section line"))
            continue
        if header is None:
            header = [cell.strip() for cell in row]
            required = {"meta": ["key", "value"], "projects": ["project_id", "cost"]}.get(
                section, ["voter_id", "vote"]
            )
            missing = [name for name in required if name not in header]
            if missing:
                errors.append(
                    (
                        number,
                        f"the {section.upper()} header lacks the column(s) {', '.join(missing)}",
                    )
                )
            continue
        if len(row) > len(header):
            errors.append((number, f"{len(row)} fields but the header has {len(header)}"))
            continue
        cells = {header[i]: row[i].strip() for i in range(len(row))}
        if section == "meta":
            key = row[0].strip()
            if len(row) < 2:
                errors.append((number, f"META entry {key!r} has no value"))
                continue
            if key in meta:
                errors.append((number, f"META key {key!r} appears twice"))
            meta[key] = row[1].strip()
            meta_lines[key] = number
        elif section == "projects":
            project_rows.append((number, cells))
        else:
            vote_rows.append((number, cells))

    for name in SECTIONS:
        if name not in seen:
            errors.append((len(lines), f"the {name.upper()} section is missing"))

    budget = 0
    if "budget" not in meta:
        if "meta" in seen:
            errors.append((seen["meta"], "META has no budget"))
    else:
        parsed = _whole_number(meta["budget"])
        if parsed is None:
            errors.append(
                (meta_lines["budget"], f"budget {meta['budget']!r} is not a whole number")
            )
        else:
            budget = parsed
    vote_type = meta.get("vote_type", "approval")
    if not _known_vote_type(vote_type):
        errors.append((meta_lines["vote_type"], f"unknown vote_type {vote_type!r}"))
    uses_points = vote_type in POINTS_VOTE_TYPES

    projects: list[Project] = []
    known: set[str] = set()
    for number, cells in project_rows:
        pid = cells.get("project_id", "")
        if not pid:
            errors.append((number, "project without a project_id"))
            continue
        if pid in known:
            errors.append((number, f"project {pid!r} is listed twice"))
            continue
        known.add(pid)
        cost = _whole_number(cells.get("cost", ""))
        if cost is None:
            errors.append(
                (number, f"project {pid!r}: cost {cells.get('cost', '')!r} is not a whole number")
            )
            continue
        projects.append(Project(id=pid, cost=cost, name=cells.get("name", "")))

    ballots: list[Ballot] = []
    voters: set[str] = set()
    for number, cells in vote_rows:
        voter = cells.get("voter_id", "")
        if not voter:
            errors.append((number, "vote without a voter_id"))
            continue
        if voter in voters:
            errors.append((number, f"voter {voter!r} has a second ballot"))
            continue
        voters.add(voter)
        chosen = [pid.strip() for pid in cells.get("vote", "").split(",") if pid.strip()]
        problem = False
        for pid in chosen:
            if pid not in known:
                errors.append((number, f"vote for unknown project {pid!r}"))
                problem = True
        if len(set(chosen)) != len(chosen):
            errors.append((number, "the same project appears twice in one vote"))
            problem = True
        if problem:
            continue
        if uses_points:
            points_text = [p.strip() for p in cells.get("points", "").split(",") if p.strip()]
            if len(points_text) != len(chosen):
                errors.append(
                    (number, f"{len(chosen)} projects but {len(points_text)} points values")
                )
                continue
            if not all(_INTEGER.match(p) for p in points_text):
                errors.append((number, "points must be whole numbers"))
                continue
            ballots.append(
                Ballot(
                    voter_id=voter,
                    approvals=tuple(chosen),
                    points=dict(zip(chosen, (int(p) for p in points_text), strict=True)),
                )
            )
        else:
            ballots.append(Ballot(voter_id=voter, approvals=tuple(chosen)))

    if errors:
        errors.sort(key=lambda item: item[0])
        raise PabulibError(errors)
    return Election(
        budget=budget, projects=projects, ballots=ballots, vote_type=vote_type, meta=meta
    )


def dump(election: Election) -> str:
    """Write ``election`` as Pabulib text, voters renumbered 1..n (no voter ids leave Kuulu)."""
    uses_points = election.vote_type in POINTS_VOTE_TYPES
    support: dict[str, int] = {project.id: 0 for project in election.projects}
    score: dict[str, int] = {project.id: 0 for project in election.projects}
    for ballot in election.ballots:
        if ballot.points is not None:
            for pid, value in ballot.points.items():
                if value > 0:
                    support[pid] = support.get(pid, 0) + 1
                    score[pid] = score.get(pid, 0) + value
        else:
            for pid in ballot.approvals:
                support[pid] = support.get(pid, 0) + 1
                score[pid] = score.get(pid, 0) + 1
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    meta.update(
        budget=str(election.budget),
        vote_type=election.vote_type,
        num_projects=str(len(election.projects)),
        num_votes=str(len(election.ballots)),
    )
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])
    out.write("PROJECTS\n")
    if uses_points:
        writer.writerow(["project_id", "cost", "votes", "score", "name"])
    else:
        writer.writerow(["project_id", "cost", "votes", "name"])
    for project in election.projects:
        if uses_points:
            row = [project.id, project.cost, support[project.id], score[project.id]]
        else:
            row = [project.id, project.cost, support[project.id]]
        writer.writerow([*row, project.name])
    out.write("VOTES\n")
    writer.writerow(["voter_id", "vote", "points"] if uses_points else ["voter_id", "vote"])
    for number, ballot in enumerate(election.ballots, start=1):
        if uses_points:
            items = [(pid, value) for pid, value in (ballot.points or {}).items()]
            writer.writerow(
                [
                    number,
                    ",".join(pid for pid, _ in items),
                    ",".join(str(value) for _, value in items),
                ]
            )
        else:
            writer.writerow([number, ",".join(ballot.approvals)])
    return out.getvalue()
