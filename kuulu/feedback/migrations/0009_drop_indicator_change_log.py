"""Drop the feedback items' own change log (migration 0005, PostgreSQL only).

The indicators' shared change log now records changes to feedback items too, with the same
column-listed trigger (indicators migration 0003), so one log, one pruning and one way to read
a fingerprint serve every source.
"""

import importlib

from django.db import migrations

DROP = """
DROP TRIGGER IF EXISTS feedback_indicator_truncate ON feedback_feedback;
DROP TRIGGER IF EXISTS feedback_indicator_change ON feedback_feedback;
DROP FUNCTION IF EXISTS feedback_indicator_change();
DROP TABLE IF EXISTS feedback_indicator_change;
"""


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        created = importlib.import_module("kuulu.feedback.migrations.0005_indicator_change_log")
        schema_editor.execute(created.FORWARD)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0008_feedback_suggested_theme_alternative")]

    operations = [migrations.RunPython(forward, backward)]
