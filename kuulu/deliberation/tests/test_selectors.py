import pytest

from kuulu.deliberation import selectors, services
from kuulu.deliberation.models import Snapshot
from kuulu.deliberation.tests.factories import make_conversation
from kuulu.organisation.tests.factories import make_county

pytestmark = pytest.mark.django_db


def _stats(agree, disagree, seen):
    counts = {"agree": agree, "disagree": disagree, "seen": seen}
    return {"all": counts, "groups": [counts]}


def test_a_rejected_statement_leaves_the_groups_at_once():
    """Found in review: a statement rejected after the last analysis lost its text but stayed in
    its group's table as an empty row with its shares, and as the group's blank "what sets it
    apart", until the next recomputation."""
    conversation = make_conversation(make_county())
    first, second, _third = conversation.statements.all()
    Snapshot.objects.create(
        conversation=conversation,
        data={
            "group_sizes": [12],
            "representative": {
                "0": [
                    {"statement": first.number, "direction": "agree"},
                    {"statement": second.number, "direction": "disagree"},
                ]
            },
            "statement_stats": {
                str(first.number): _stats(9, 1, 10),
                str(second.number): _stats(2, 8, 10),
            },
        },
    )
    services.moderate_statement(statement=first, status="rejected")

    report = selectors.report(conversation)

    assert [(s["number"], s["text"]) for s in report["groups"][0].statements] == [
        (second.number, second.text)
    ]
    assert report["groups"][0].statements[0]["disagree_pct"] == 80


def test_a_group_keeps_its_statements_while_none_is_rejected():
    conversation = make_conversation(make_county())
    first = conversation.statements.first()
    Snapshot.objects.create(
        conversation=conversation,
        data={
            "group_sizes": [5],
            "representative": {"0": [{"statement": first.number, "direction": "agree"}]},
            "statement_stats": {str(first.number): _stats(4, 1, 5)},
        },
    )

    report = selectors.report(conversation)

    assert report["groups"][0].size == 5
    assert [(s["text"], s["agree_pct"]) for s in report["groups"][0].statements] == [
        (first.text, 80)
    ]
