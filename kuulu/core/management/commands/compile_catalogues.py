"""Compile the gettext catalogues (.po to .mo) in pure Python, so set-up needs no system gettext."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every .po catalogue under LOCALE_PATHS into .mo files."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count = 0
        for root in settings.LOCALE_PATHS:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file, locale=po_path.parts[-3])
                with mo_path.open("wb") as mo_file:
                    write_mo(mo_file, catalog, use_fuzzy=False)
                count += 1
        self.stdout.write(f"Compiled {count} catalogue(s).")
