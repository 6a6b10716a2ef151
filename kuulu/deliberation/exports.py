"""A conversation in the Polis open-data layout, as a ZIP of CSV files."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from kuulu.deliberation.models import Conversation, Statement, VoteEvent
from kuulu.deliberation.polis_format import Comment, PolisExport, VoteRow, write_export

MODERATED = {
    Statement.Status.ACCEPTED: 1,
    Statement.Status.PENDING: 0,
    Statement.Status.REJECTED: -1,
}


def _millis(moment) -> int:  # type: ignore[no-untyped-def]
    return int(moment.timestamp() * 1000)


def polis_export_for(conversation: Conversation) -> PolisExport:
    comments = [
        Comment(
            comment_id=s.number,
            author_id=s.author.number if s.author else 0,
            body=s.text,
            moderated=MODERATED[s.status],
            timestamp=s.imported_timestamp
            if s.imported_timestamp is not None
            else _millis(s.created_at),
            datetime=s.imported_datetime,
            is_meta=s.is_meta,
            is_seed=s.is_seed,
        )
        for s in conversation.statements.select_related("author").order_by("number")
    ]
    votes = [
        VoteRow(
            timestamp=ts if ts is not None else _millis(cast_at),
            datetime=dt,
            comment_id=statement,
            voter_id=voter,
            vote=value,
        )
        for ts, dt, cast_at, statement, voter, value in VoteEvent.objects.filter(
            conversation=conversation
        )
        .order_by("cast_at", "id")
        .values_list(
            "imported_timestamp",
            "imported_datetime",
            "cast_at",
            "statement__number",
            "participant__number",
            "value",
        )
        .iterator(chunk_size=5000)
    ]
    snapshot = conversation.snapshots.order_by("-computed_at", "-id").first()
    groups = {
        int(k): int(v) for k, v in (snapshot.data.get("groups", {}) if snapshot else {}).items()
    }
    return PolisExport(
        comments=comments,
        votes=votes,
        topic=conversation.topic,
        description=conversation.description,
        groups=groups,
    )


def export_zip(conversation: Conversation) -> bytes:
    buffer = io.BytesIO()
    with (
        tempfile.TemporaryDirectory() as folder,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for path in write_export(Path(folder), polis_export_for(conversation)):
            archive.write(path, arcname=path.name)
    return buffer.getvalue()
