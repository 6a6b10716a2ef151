from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("questions", "0003_support_email_key")]

    operations = [
        migrations.AddConstraint(
            model_name="support",
            constraint=models.UniqueConstraint(
                condition=models.Q(("email_key", ""), _negated=True),
                fields=("question", "email_key"),
                name="question_support_once_per_email",
            ),
        ),
    ]
