"""A participant keeps a keyed hash of conversation and person (`models.person_key`), which
stays when the person erases their data (the user link goes), so that coming back does not give
them a second vote. Existing participants with a user get their key here."""

from django.conf import settings
from django.db import migrations, models
from django.utils.crypto import salted_hmac

PERSON_KEY_SALT = "kuulu.deliberation.participant"  # the salt of models.person_key


def fill_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    participant = apps.get_model("deliberation", "Participant")
    for row in participant.objects.filter(person_key="", user__isnull=False).iterator():
        row.person_key = salted_hmac(
            PERSON_KEY_SALT, f"{row.conversation_id}:{row.user_id}", algorithm="sha256"
        ).hexdigest()
        row.save(update_fields=["person_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("deliberation", "0001_conversations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="person_key",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="participant",
            constraint=models.UniqueConstraint(
                condition=models.Q(("person_key", ""), _negated=True),
                fields=("conversation", "person_key"),
                name="participant_person_key_unique",
            ),
        ),
    ]
