"""Retention used to leave behind the links between strongly identified people and the feedback
it anonymised or the initiatives it deleted; this removes the links it left."""

from django.db import migrations


def forget_links(apps, schema_editor):
    CaseLink = apps.get_model("identity", "CaseLink")
    Feedback = apps.get_model("feedback", "Feedback")
    Initiative = apps.get_model("feedback", "Initiative")
    CaseLink.objects.filter(
        object_type="feedback.feedback",
        object_id__in=Feedback.objects.filter(anonymised_at__isnull=False).values("pk"),
    ).delete()
    CaseLink.objects.filter(object_type="feedback.initiative").exclude(
        object_id__in=Initiative.objects.values("pk")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0009_drop_indicator_change_log"),
        ("identity", "0002_external_account_deactivated_by_provider"),
    ]

    operations = [migrations.RunPython(forget_links, migrations.RunPython.noop)]
