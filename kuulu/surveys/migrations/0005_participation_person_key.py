"""A participation keeps a keyed hash of survey and person (`models.participation_key`), which
enforces one answer per person and stays when the person erases their data (the user link
goes). Existing rows get their key here."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from kuulu.core.pseudonyms import keyed_hash

PARTICIPATION_SALT = "kuulu.surveys.participation"  # the salt of models.participation_key


def drop_unlinked(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Going back: the user link becomes required again, so participations whose person erased
    their data (no user) cannot stay; they are deleted."""
    apps.get_model("surveys", "Participation").objects.filter(user__isnull=True).delete()


def fill_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    participation = apps.get_model("surveys", "Participation")
    for row in participation.objects.filter(person_key="", user__isnull=False).iterator():
        row.person_key = keyed_hash(PARTICIPATION_SALT, f"{row.survey_id}:{row.user_id}")
        row.save(update_fields=["person_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_results_block_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="person_key",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="participation",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill_keys, drop_unlinked),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("person_key", ""), _negated=True),
                fields=("survey", "person_key"),
                name="participation_one_per_person_key",
                violation_error_message="You have already answered this survey.",
            ),
        ),
    ]
