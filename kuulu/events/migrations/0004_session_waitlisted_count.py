from django.db import migrations, models
from django.db.models import Count, Q


def count_waitlists(apps, schema_editor):
    """Existing sessions start with their waitlists counted from the registrations."""
    Session = apps.get_model("events", "Session")
    sessions = Session.objects.annotate(
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted"))
    ).filter(waiting__gt=0)
    for session in sessions:
        Session.objects.filter(pk=session.pk).update(waitlisted_count=session.waiting)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_event_questions"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="waitlisted_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_waitlists, migrations.RunPython.noop),
    ]
