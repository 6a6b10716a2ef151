"""Write `kuulu/core/data/everyday_words.txt` and `kuulu/core/data/name_tagger.json`: the
everyday words of the triage corpus's training split and the masking's name tagger trained on
the labelled masking cases (see `kuulu.core.masking_tagger`). Run after adding masking cases,
changing the masking rules or the triage corpus; a test checks that the model is up to date."""

from django.core.management.base import BaseCommand

from kuulu.core import masking_tagger, masking_tagger_training
from kuulu.feedback.triage import corpus


class Command(BaseCommand):
    help = "Train the masking's name tagger on the labelled masking cases."

    def handle(self, *args, **options):
        texts = [item.text for item in corpus.examples("train")]
        masking_tagger_training.write_everyday_words(
            masking_tagger_training.everyday_word_counts(texts)
        )
        masking_tagger.everyday_words.cache_clear()
        model = masking_tagger_training.build()
        masking_tagger_training.write_model(model)
        masking_tagger._model.cache_clear()
        cut = model["threshold"]
        figures = model["leave_one_writer_out"][str(cut)]
        self.stdout.write(
            f"{len(model['weights'])} weights, threshold {cut}; leaving one writer out: "
            f"hidden {figures['recall']}, kept {figures['keep_rate']}"
        )
