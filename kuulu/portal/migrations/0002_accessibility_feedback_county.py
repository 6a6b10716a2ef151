"""Accessibility feedback records the county that received it, so that each county's
coordinators see and answer only their own. Feedback received before came through the public
side, which is the installation's first county (organisation.selectors.default_county); it is
given that county here."""

import django.db.models.deletion
from django.db import migrations, models


def fill_county(apps, schema_editor):  # type: ignore[no-untyped-def]
    county = apps.get_model("organisation", "County").objects.order_by("id").first()
    if county is not None:
        feedback = apps.get_model("portal", "AccessibilityFeedback")
        feedback.objects.filter(county__isnull=True).update(county=county)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_hr_sync_external_ids"),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessibilityfeedback",
            name="county",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="accessibility_feedback",
                to="organisation.county",
                verbose_name="county",
            ),
        ),
        migrations.RunPython(fill_county, migrations.RunPython.noop),
    ]
