"""The indicators' change log (PostgreSQL only; see `kuulu/indicators/change_log.py`).

One statement-level trigger per table that an indicator source reads appends a row naming the
table to `indicators_change`. The tables are frozen here; a source that starts reading another
table adds it in a new migration (a test compares each source's `WATCHES` with the triggers,
and with the tables its computation reads). Feedback items keep their own log (feedback
migration 0005). Other databases have no log.
"""

from django.db import migrations

TABLES = (
    "assessments_assessment",
    "assessments_dialogue",
    "assignments_assignment",
    "assignments_assignment_units",
    "assignments_teamcompletion",
    "assignments_teamcompletion_participants",
    "budgeting_process",
    "budgeting_proposal",
    "channels_channel",
    "channels_membership",
    "channels_statement",
    "channels_statementrequest",
    "codevelopment_evaluation",
    "codevelopment_experiment",
    "codevelopment_experiment_units",
    "codevelopment_goodpractice",
    "datacollection_collection",
    "deliberation_conversation",
    "deliberation_statement",
    "deliberation_vote",
    "events_event",
    "events_registration",
    "events_session",
    "experts_engagement",
    "experts_expertrequest",
    "feedback_complaint",
    "feedback_complaintanswer",
    "feedback_initiative",
    "feedback_publishedfeedback",
    "indicators_manualindicator",
    "indicators_manualvalue",
    "learning_coursecompletion",
    "methods_methoduse",
    "organisation_person",
    "organisation_unit",
    "organisation_unit_municipalities",
    "outcomes_outcome",
    "outcomes_outcomeinput",
    "panels_drawrecord",
    "panels_panel",
    "questions_question",
    "surveys_answer",
    "surveys_instrument",
    "surveys_instrumentitem",
    "surveys_invitation",
    "surveys_page",
    "surveys_question",
    "surveys_response",
    "surveys_survey",
    "surveys_survey_units",
    "surveys_surveyversion",
)

CREATE = """
CREATE TABLE indicators_change (
    id bigserial PRIMARY KEY,
    tbl text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX indicators_change_tbl_id ON indicators_change (tbl, id);
CREATE FUNCTION indicators_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicators_change (tbl) VALUES (TG_TABLE_NAME);
    RETURN NULL;
END
$$;
"""

TRIGGER = """
CREATE TRIGGER indicators_change AFTER INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION indicators_note_change();
CREATE TRIGGER indicators_change_truncate AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION indicators_note_change();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS indicators_change ON {table};
DROP TRIGGER IF EXISTS indicators_change_truncate ON {table};
"""

DROP = """
DROP FUNCTION IF EXISTS indicators_note_change() CASCADE;
DROP TABLE IF EXISTS indicators_change;
"""


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE)
    for table in TABLES:
        schema_editor.execute(TRIGGER.format(table=schema_editor.quote_name(table)))


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(DROP_TRIGGER.format(table=schema_editor.quote_name(table)))
    schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_manual_indicators"),
        ("assessments", "0001_assessments_and_dialogues"),
        ("assignments", "0002_initial"),
        ("budgeting", "0001_initial"),
        ("channels", "0002_membership_councils_meetings"),
        ("codevelopment", "0001_initial"),
        ("datacollection", "0001_collections"),
        ("deliberation", "0002_participant_person_key"),
        ("events", "0004_session_waitlisted_count"),
        ("experts", "0001_expert_bank"),
        ("feedback", "0008_feedback_suggested_theme_alternative"),
        ("learning", "0001_initial"),
        ("methods", "0001_method_cards_experts_uses"),
        ("organisation", "0002_hr_sync_external_ids"),
        ("outcomes", "0001_outcomes"),
        ("panels", "0002_fair_draw"),
        ("questions", "0002_support_keys_hashed"),
        ("surveys", "0005_participation_person_key"),
    ]

    operations = [migrations.RunPython(forward, backward)]
