"""A quiz attempt keeps which questions were right by the answer key when it was scored, and the
pass mark of that moment, so that its page never re-scores it with a key edited since.

Earlier attempts get them from the key and pass mark of today, which is all that is known, but
only where they agree with what the attempt stored: when the key of today gives another score
(or the pass mark of today another pass), the key was changed since and the attempt's
per-question marks are left unknown rather than shown wrong."""

from django.db import migrations, models

BATCH = 500


def _key_of(apps, module_id):  # type: ignore[no-untyped-def]
    """{question id: right choice ids} of a quiz today (the rule of learning.scoring)."""
    choice = apps.get_model("learning", "QuizChoice")
    question = apps.get_model("learning", "QuizQuestion")
    key = {q: set() for q in question.objects.filter(module_id=module_id).values_list("pk", flat=True)}
    for question_id, choice_id in choice.objects.filter(
        question__module_id=module_id, is_correct=True
    ).values_list("question_id", "pk"):
        key[question_id].add(choice_id)
    return key


def fill_results(apps, schema_editor):  # type: ignore[no-untyped-def]
    attempt = apps.get_model("learning", "QuizAttempt")
    module = apps.get_model("learning", "Module")
    module_ids = attempt.objects.values_list("module_id", flat=True).distinct().order_by()
    for quiz in module.objects.filter(pk__in=list(module_ids)).only("pk", "pass_mark"):
        key = _key_of(apps, quiz.pk)
        batch = []
        rows = attempt.objects.filter(module_id=quiz.pk, results__isnull=True)
        for row in rows.only("pk", "answers", "score", "passed").iterator(chunk_size=BATCH):
            if key:
                chosen = {int(q): set(c) for q, c in (row.answers or {}).items()}
                results = {
                    str(q): bool(right) and chosen.get(q, set()) == right
                    for q, right in key.items()
                }
                score = sum(results.values()) * 100 // len(results)
                row.results = results if score == row.score else None
            if (row.score >= quiz.pass_mark) == row.passed:
                row.pass_mark = quiz.pass_mark
            batch.append(row)
            if len(batch) >= BATCH:
                attempt.objects.bulk_update(batch, ["results", "pass_mark"])
                batch = []
        attempt.objects.bulk_update(batch, ["results", "pass_mark"])


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="quizattempt",
            name="pass_mark",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="quizattempt",
            name="results",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(fill_results, migrations.RunPython.noop),
    ]
