import json

import pytest
from django.core.management import CommandError, call_command

from kuulu.deliberation.engine import analyse
from kuulu.deliberation.polis_format import (
    Comment,
    PolisExport,
    PolisFormatError,
    VoteRow,
    engine_votes,
    read_export,
    write_export,
)
from kuulu.deliberation.tests.synthetic import planted


def synthetic_export(n=120, m=20, seed=3) -> PolisExport:
    votes, _, _ = planted(n, m, groups=2, seed=seed)
    comments = [
        Comment(
            comment_id=j,
            author_id=j % 7,
            body=f'Väite {j}, "lainaus"\nrivi',
            moderated=1,
            timestamp=1700000000000 + j,
        )
        for j in range(m)
    ]
    comments[5] = Comment(
        comment_id=5, author_id=1, body="Hylätty", moderated=-1, timestamp=1700000000005
    )
    rows = [
        VoteRow(1700000001000 + i, "", int(s), int(p), int(v))
        for i, (p, s, v) in enumerate(
            zip(votes.participant, votes.statement, votes.value, strict=True)
        )
    ]
    rows.append(VoteRow(1800000000000, "", 0, int(votes.participant[0]), -1))  # a changed vote
    return PolisExport(comments=comments, votes=rows, topic="Sote-keskuksen aukioloajat")


def test_export_then_import_round_trips_exactly(tmp_path):
    original = synthetic_export()
    original.groups = {1: 0, 2: 1}
    write_export(tmp_path / "a", original)
    again = read_export(tmp_path / "a")
    assert [c.body for c in again.comments] == [c.body for c in original.comments]
    assert [(c.comment_id, c.author_id, c.moderated, c.timestamp) for c in again.comments] == [
        (c.comment_id, c.author_id, c.moderated, c.timestamp) for c in original.comments
    ]
    assert [(v.timestamp, v.comment_id, v.voter_id, v.vote) for v in again.votes] == [
        (v.timestamp, v.comment_id, v.voter_id, v.vote) for v in original.votes
    ]
    assert again.topic == original.topic
    write_export(tmp_path / "b", again)
    for name in ("comments.csv", "votes.csv"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()


def test_participants_votes_only_folder_gives_latest_votes(tmp_path):
    original = synthetic_export()
    write_export(tmp_path / "a", original)
    (tmp_path / "a" / "votes.csv").unlink()
    again = read_export(tmp_path / "a")
    assert {(v.voter_id, v.comment_id): v.vote for v in again.votes} == original.latest_votes()


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        (
            "votes.csv",
            "timestamp,datetime,comment-id,voter-id,vote\n1,,0,1,1\n2,,0,2,7\n",
            "votes.csv, line 3: a vote must be",
        ),
        (
            "votes.csv",
            "timestamp,datetime,comment-id,voter-id,vote\n1,,99,1,1\n",
            "votes.csv, line 2: comment-id 99",
        ),
        (
            "votes.csv",
            "timestamp,comment-id,vote\n1,0,1\n",
            "votes.csv, line 1: missing column(s): voter-id",
        ),
        (
            "comments.csv",
            "comment-id,author-id,moderated,comment-body\n0,1,1,a\n0,1,1,b\n",
            "comments.csv, line 3: comment-id 0 appears twice",
        ),
        (
            "comments.csv",
            "comment-id,author-id,moderated,comment-body\nx,1,1,a\n",
            "comments.csv, line 2: column 'comment-id'",
        ),
    ],
)
def test_malformed_import_names_file_and_line(tmp_path, file, content, message):
    (tmp_path / "comments.csv").write_text("comment-id,author-id,moderated,comment-body\n0,1,1,a\n")
    (tmp_path / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n1,,0,1,1\n")
    (tmp_path / file).write_text(content)
    with pytest.raises(PolisFormatError) as excinfo:
        read_export(tmp_path)
    assert str(excinfo.value).startswith(message)


def test_missing_votes_file_is_a_clear_error(tmp_path):
    (tmp_path / "comments.csv").write_text("comment-id,author-id,moderated,comment-body\n0,1,1,a\n")
    with pytest.raises(PolisFormatError, match=r"neither votes\.csv nor participants-votes\.csv"):
        read_export(tmp_path)


def test_rejected_comments_are_moderated_out_in_the_engine():
    export = synthetic_export()
    votes = engine_votes(export)
    assert votes.moderated_out == frozenset({5})
    analysis = analyse(votes)
    reps = [r.statement_index for group in analysis.representative for r in group]
    assert list(analysis.matrix.statement_ids).index(5) not in reps


def test_analyze_polis_export_command_prints_one_json_object(tmp_path, capsys):
    export = synthetic_export()
    write_export(tmp_path, export)
    call_command("analyze_polis_export", str(tmp_path), "--json")
    out = capsys.readouterr().out.strip()
    result = json.loads(out)
    assert result["participants"] == 120
    assert result["statements"] == 20
    assert result["votes"] == len(export.latest_votes())
    assert result["k"] == 2
    assert set(result["groups"].values()) == {0, 1}
    assert set(result["representative"]) == {"0", "1"}
    assert {
        "read",
        "matrix",
        "pca",
        "base_clusters",
        "group_clusters",
        "repness",
        "consensus",
    } <= set(result["seconds"])


def test_analyze_polis_export_command_reports_bad_folder(tmp_path):
    with pytest.raises(CommandError, match=r"comments\.csv"):
        call_command("analyze_polis_export", str(tmp_path), "--json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "timestamp,datetime,comment-id,voter-id,vote\n1,,0\n",
            "votes.csv, line 2: fewer values than columns",
        ),
        (
            "timestamp,datetime,comment-id,voter-id,vote\ninf,,0,1,1\n",
            "votes.csv, line 2: column 'timestamp'",
        ),
        (
            "timestamp,datetime,comment-id,voter-id,vote\n1e400,,0,1,1\n",
            "votes.csv, line 2: column 'timestamp'",
        ),
        (
            "timestamp,datetime,comment-id,voter-id,vote\n1000000000000000,,0,1,1\n",
            "votes.csv, line 2: the timestamp",
        ),
        (
            "timestamp,datetime,comment-id,voter-id,vote\n1," + "x" * 101 + ",0,1,1\n",
            "votes.csv, line 2: column 'datetime'",
        ),
    ],
)
def test_more_malformed_votes_are_clear_errors(tmp_path, content, message):
    (tmp_path / "comments.csv").write_text("comment-id,author-id,moderated,comment-body\n0,1,1,a\n")
    (tmp_path / "votes.csv").write_text(content)
    with pytest.raises(PolisFormatError) as excinfo:
        read_export(tmp_path)
    assert str(excinfo.value).startswith(message)


def test_formula_like_statements_are_protected_in_export_and_restored_on_import(tmp_path):
    export = PolisExport(
        comments=[
            Comment(comment_id=1, author_id=1, body='=HYPERLINK("http://evil/","x")', moderated=1),
            Comment(
                comment_id=2,
                author_id=1,
                body="Tavallinen",
                moderated=1,
                is_meta=True,
                is_seed=True,
            ),
        ],
        votes=[VoteRow(1, "", 1, 1, 1), VoteRow(2, "", 2, 1, 0)],
    )
    write_export(tmp_path, export)
    text = (tmp_path / "comments.csv").read_text()
    assert "'=HYPERLINK" in text
    again = read_export(tmp_path)
    assert again.comments[0].body == '=HYPERLINK("http://evil/","x")'
    assert (again.comments[1].is_meta, again.comments[1].is_seed) == (True, True)


def test_non_utf8_summary_is_a_clear_error(tmp_path):
    write_export(tmp_path, synthetic_export())
    (tmp_path / "summary.csv").write_bytes(b"topic,\xff\xfe\n")
    with pytest.raises(PolisFormatError, match=r"summary\.csv"):
        read_export(tmp_path)


def _wide(tmp_path, body: str):
    folder = tmp_path / "wide"
    folder.mkdir()
    (folder / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "0,,0,1,0,0,1,a\n0,,1,1,0,0,-1,b\n",
        encoding="utf-8",
    )
    (folder / "participants-votes.csv").write_text(
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n" + body,
        encoding="utf-8",
    )
    return folder


def test_participants_votes_layout_reads_each_cast_vote(tmp_path):
    export = read_export(_wide(tmp_path, "7,0,0,2,1,1,1,-1\n8,,0,1,0,0,, 0 \n9,,0,0,0,0,,\n"))
    assert [(v.voter_id, v.comment_id, v.vote) for v in export.votes] == [
        (7, 0, 1),
        (7, 1, -1),
        (8, 1, 0),
    ]
    votes = engine_votes(export)
    assert votes.participant.tolist() == [7, 7, 8]
    assert votes.value.tolist() == [1, -1, 0]
    assert votes.moderated_out == frozenset({1})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("7,0,0,1,1,0,2,\n", "participants-votes.csv, line 2: a vote must be 1, -1 or 0"),
        ("7,0,0,1,1,0,1\n", "participants-votes.csv, line 2: fewer values than columns"),
        ("7,0,0,1,1,0,1,1,1\n", "participants-votes.csv, line 2: more values than columns"),
        ("x,0,0,1,1,0,1,1\n", "participants-votes.csv, line 2: column 'participant'"),
    ],
)
def test_participants_votes_layout_rejects_bad_rows(tmp_path, body, message):
    with pytest.raises(PolisFormatError) as error:
        read_export(_wide(tmp_path, body))
    assert str(error.value).startswith(message)


def test_columnar_wide_reader_gives_the_same_votes_as_the_checking_reader(tmp_path, monkeypatch):
    from kuulu.deliberation import polis_format

    (tmp_path / "comments.csv").write_text(
        "comment-id,author-id,moderated,comment-body\n3,0,1,a\n5,0,-1,b\n9,0,1,c\n",
        encoding="utf-8",
    )
    (tmp_path / "participants-votes.csv").write_text(
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree,3,5,9\n"
        "12,0,0,3,1,1,1,-1,0\n"
        "4,,0,1,0,1,,,-1\n"
        "7,1,0,2,2,0,1,1,\n",
        encoding="utf-8",
    )
    fast = polis_format.read_export(tmp_path)
    assert isinstance(fast.votes, polis_format.VoteColumns)
    monkeypatch.setattr(polis_format, "_participant_votes_columnar", lambda text, seen: None)
    slow = polis_format.read_export(tmp_path)
    assert (
        list(fast.votes)
        == list(slow.votes)
        == [
            (0, "", 3, 12, 1),
            (0, "", 5, 12, -1),
            (0, "", 9, 12, 0),
            (0, "", 9, 4, -1),
            (0, "", 3, 7, 1),
            (0, "", 5, 7, 1),
        ]
    )
    engine = polis_format.engine_votes(fast)
    assert engine.participant.tolist() == [12, 12, 12, 4, 7, 7]
    assert engine.moderated_out == frozenset({5})


def test_columnar_reader_leaves_unusual_cells_to_the_checking_reader(tmp_path):
    from kuulu.deliberation import polis_format

    (tmp_path / "comments.csv").write_text(
        "comment-id,author-id,moderated,comment-body\n1,0,1,a\n", encoding="utf-8"
    )
    (tmp_path / "participants-votes.csv").write_text(
        "participant,group-id,1\n1,0, 1\n2,0,1.0\n", encoding="utf-8"
    )
    assert [v.vote for v in polis_format.read_export(tmp_path).votes] == [1, 1]
    (tmp_path / "participants-votes.csv").write_text("participant,group-id,1\n1,0,2\n")
    with pytest.raises(polis_format.PolisFormatError, match="line 2"):
        polis_format.read_export(tmp_path)


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        (
            "comments.csv",
            "comment-id,author-id,moderated,comment-body\n0,1,1,a\x00b\n",
            "comments.csv, line 2: column 'comment-body' contains a NUL character",
        ),
        (
            "votes.csv",
            "timestamp,datetime,comment-id,voter-id,vote\n1,x\x00,0,1,1\n",
            "votes.csv, line 2: column 'datetime' contains a NUL character",
        ),
        (
            "summary.csv",
            "topic,Aihe\nconversation-description,a\x00b\n",
            "summary.csv, line 2: 'conversation-description' contains a NUL character",
        ),
    ],
)
def test_nul_characters_are_clear_errors(tmp_path, file, content, message):
    """Found in review: PostgreSQL cannot store a NUL in text, so importing failed with a
    server error."""
    (tmp_path / "comments.csv").write_text("comment-id,author-id,moderated,comment-body\n0,1,1,a\n")
    (tmp_path / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n1,,0,1,1\n")
    (tmp_path / file).write_text(content)
    with pytest.raises(PolisFormatError) as excinfo:
        read_export(tmp_path)
    assert str(excinfo.value) == message


def test_unreadable_summary_is_a_clear_error(tmp_path):
    """Found in review: a description over the CSV field limit was a server error."""
    write_export(tmp_path, synthetic_export())
    (tmp_path / "summary.csv").write_text("topic,Aihe\nconversation-description," + "x" * 100_001)
    with pytest.raises(PolisFormatError) as excinfo:
        read_export(tmp_path)
    assert str(excinfo.value).startswith("summary.csv, line 2: the CSV cannot be read")
