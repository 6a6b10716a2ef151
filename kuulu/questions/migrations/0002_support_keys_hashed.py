"""Support keys of email supporters held the address ("e<email>"); they become the keyed hash
("h<hash>") that services.supporter_key gives, so the table holds no addresses."""

from django.db import migrations

from kuulu.core.pseudonyms import keyed_hash

SUPPORT_SALT = "kuulu.questions.support"  # the salt of services.supporter_key, fixed here


def hash_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    support = apps.get_model("questions", "Support")
    for row in support.objects.filter(key__startswith="e").iterator():
        email = row.key[1:].strip().lower()
        row.key = "h" + keyed_hash(SUPPORT_SALT, email)
        row.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial")]

    operations = [migrations.RunPython(hash_keys, migrations.RunPython.noop)]
