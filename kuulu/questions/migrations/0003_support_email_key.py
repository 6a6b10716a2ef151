"""Supports get `email_key`: the keyed hash of the supporter's email address, also for a
signed-in supporter (of the account's address), so that a person who supported signed in and
again by email counts once. Existing rows are filled in; a person already counted twice on a
question (an account's support and a confirmed support by the same address) keeps the one
support, and the question's count goes down by the duplicates removed. The unique constraint
comes in the next migration, after the rows are in order."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Greatest

from kuulu.core.pseudonyms import keyed_hash

SUPPORT_SALT = "kuulu.questions.support"  # the salt of services.supporter_key, fixed here


def email_key(email):  # type: ignore[no-untyped-def]
    return "h" + keyed_hash(SUPPORT_SALT, email.strip().lower())


def fill_email_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    support = apps.get_model("questions", "Support")
    question = apps.get_model("questions", "Question")
    user = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    support.objects.filter(key__startswith="h").update(email_key=F("key"))
    user_ids = {
        int(key[1:])
        for key in support.objects.filter(key__startswith="u").values_list("key", flat=True)
        if key[1:].isdigit()
    }
    emails = dict(user.objects.filter(pk__in=user_ids).values_list("pk", "email"))
    removed: dict[int, int] = {}
    for row in support.objects.filter(key__startswith="u").order_by("pk").iterator():
        email = emails.get(int(row.key[1:])) if row.key[1:].isdigit() else None
        if not email or not email.strip():
            continue
        hashed = email_key(email)
        # The account's support stays; the same person's support by email goes.
        twins = support.objects.filter(question_id=row.question_id, email_key=hashed)
        for twin in twins.exclude(pk=row.pk):
            twin.delete()
            removed[row.question_id] = removed.get(row.question_id, 0) + 1
        row.email_key = hashed
        row.save(update_fields=["email_key"])
    for question_id, count in removed.items():
        question.objects.filter(pk=question_id).update(
            support_count=Greatest(F("support_count") - count, 0)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0002_support_keys_hashed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="support",
            name="email_key",
            field=models.CharField(blank=True, default="", max_length=80),
        ),
        migrations.RunPython(fill_email_keys, migrations.RunPython.noop),
    ]
