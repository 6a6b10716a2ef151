"""A change log for the indicators' cache (PostgreSQL only).

A statement-level trigger appends one row to `feedback_indicator_change` whenever a statement
inserts, deletes or truncates feedback items or updates a column the indicators read (also a
bulk or conditional UPDATE that leaves `updated_at` alone). The feedback indicators'
fingerprint is then (count, max id) of this small log instead of checksums over every item
(`kuulu/indicators/sources/feedback.py`). The log only grows: committed rows never disappear,
so a change committed late with a lower id still raises the count. Other databases (SQLite in
the tests) keep the checksums.
"""

from django.db import migrations

FORWARD = """
CREATE TABLE feedback_indicator_change (
    id bigserial PRIMARY KEY,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION feedback_indicator_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feedback_indicator_change DEFAULT VALUES;
    RETURN NULL;
END
$$;
CREATE TRIGGER feedback_indicator_change
    AFTER INSERT OR DELETE
        OR UPDATE OF id, county_id, unit_id, received_at, answered_at, due_on, score
    ON feedback_feedback
    FOR EACH STATEMENT EXECUTE FUNCTION feedback_indicator_change();
CREATE TRIGGER feedback_indicator_truncate
    AFTER TRUNCATE ON feedback_feedback
    FOR EACH STATEMENT EXECUTE FUNCTION feedback_indicator_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS feedback_indicator_truncate ON feedback_feedback;
DROP TRIGGER IF EXISTS feedback_indicator_change ON feedback_feedback;
DROP FUNCTION IF EXISTS feedback_indicator_change();
DROP TABLE IF EXISTS feedback_indicator_change;
"""


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_open_unit_due_index")]

    operations = [migrations.RunPython(forward, backward)]
