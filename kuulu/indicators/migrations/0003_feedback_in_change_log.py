"""Feedback items in the shared change log (PostgreSQL only; see `change_log.py`).

Feedback items had a log of their own (feedback migration 0005, dropped by 0009). Their
trigger now appends to `indicators_change` like every other watched table, but as before only
for an INSERT, a DELETE, a TRUNCATE, or an UPDATE of a column an indicator reads: a handler
editing a case's text or notes, which happens all day on the largest table, does not make
every county's feedback figures recompute. A source that starts reading another column of
`feedback_feedback` adds it here in a new migration.
"""

from django.db import migrations

COLUMNS = ("id", "county_id", "unit_id", "received_at", "answered_at", "due_on", "score")

FORWARD = f"""
CREATE TRIGGER indicators_change
    AFTER INSERT OR DELETE OR UPDATE OF {", ".join(COLUMNS)} ON feedback_feedback
    FOR EACH STATEMENT EXECUTE FUNCTION indicators_note_change();
CREATE TRIGGER indicators_change_truncate AFTER TRUNCATE ON feedback_feedback
    FOR EACH STATEMENT EXECUTE FUNCTION indicators_note_change();
INSERT INTO indicators_change (tbl) VALUES ('feedback_feedback');
"""

BACKWARD = """
DROP TRIGGER IF EXISTS indicators_change ON feedback_feedback;
DROP TRIGGER IF EXISTS indicators_change_truncate ON feedback_feedback;
DELETE FROM indicators_change WHERE tbl = 'feedback_feedback';
"""


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_change_log"),
        ("feedback", "0009_drop_indicator_change_log"),
    ]

    operations = [migrations.RunPython(forward, backward)]
