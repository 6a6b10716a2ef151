"""Write `kuulu/core/data/register_word_clashes.txt`: the names of other countries' lists that
feedback uses as words (see `kuulu.core.masking_register`), and `kuulu/core/data/name_words.txt`:
the names of every list that a dictionary knows as words. Run after a Faker upgrade, a change to
the triage corpus or to the name lists; a test checks that both files are up to date."""

from django.core.management.base import BaseCommand

from kuulu.core import masking_register
from kuulu.feedback.triage import corpus


def clash_file_text() -> str:
    given, family = masking_register.register_names()
    texts = [item.text for split in ("train", "dev") for item in corpus.examples(split)]
    clashes = masking_register.compute_word_clashes(given | family, texts)
    header = (
        "# Names from Faker's per-country lists that feedback uses as words.\n"
        "# Written by `python manage.py register_word_clashes`; do not edit by hand.\n"
    )
    return header + "\n".join(clashes) + "\n"


def name_words_file_text() -> str:
    from kuulu.core import masking_names

    given, _family = masking_register.register_names()
    names = masking_names.ALL_NAMES | masking_names.REGISTER_ONLY | given
    words = masking_register.compute_name_words(names)
    header = (
        "# Names of the hand lists and Faker's lists that simplemma's fi, sv or en dictionary\n"
        "# knows as everyday words. Written by `python manage.py register_word_clashes`.\n"
    )
    return header + "\n".join(words) + "\n"


class Command(BaseCommand):
    help = "Write the list of other countries' names that are everyday words in feedback."

    def handle(self, *args, **options):
        text = clash_file_text()
        masking_register.CLASHES_FILE.parent.mkdir(exist_ok=True)
        masking_register.CLASHES_FILE.write_text(text, encoding="utf-8")
        count = text.count("\n") - 2
        self.stdout.write(f"{count} clashes written to {masking_register.CLASHES_FILE}")
        words = name_words_file_text()
        masking_register.NAME_WORDS_FILE.write_text(words, encoding="utf-8")
        count = words.count("\n") - 2
        self.stdout.write(f"{count} name words written to {masking_register.NAME_WORDS_FILE}")
