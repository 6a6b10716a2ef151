"""Compile the gettext catalogues (.po to .mo) in pure Python, so set-up needs no system gettext."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_paths() -> list[Path]:
    """The project catalogue and the apps' own: an app made in a later wave keeps its messages in
    `kuulu/<app>/locale/`, which Django reads for installed apps after LOCALE_PATHS."""
    roots = [Path(root) for root in settings.LOCALE_PATHS]
    roots += sorted((Path(settings.BASE_DIR) / "kuulu").glob("*/locale"))
    seen: dict[Path, None] = {}
    for root in roots:
        for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
            seen.setdefault(po_path.resolve())
    return list(seen)


class Command(BaseCommand):
    help = "Compile every .po catalogue (LOCALE_PATHS and each app's locale/) into .mo files."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count = 0
        for po_path in catalogue_paths():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parts[-3])
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            count += 1
        self.stdout.write(f"Compiled {count} catalogue(s).")
