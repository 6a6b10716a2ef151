from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client

from kuulu.core.management.commands.compile_catalogues import catalogue_paths

BASE = Path(settings.BASE_DIR).resolve()
CATALOGUES = [p for p in catalogue_paths() if p.parts[-3] in ("fi", "sv")]


def test_every_app_catalogue_is_found():
    assert BASE / "kuulu" / "locale" / "fi" / "LC_MESSAGES" / "django.po" in CATALOGUES
    assert len(CATALOGUES) >= 2


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_catalogue_translates_every_message(po_path):
    language = po_path.parts[-3]
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    missing = [
        m.id
        for m in catalog
        if m.id and (not m.string or m.fuzzy or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("language", "heading", "skip"),
    [
        ("fi", "Osallistu ja vaikuta", "Siirry sisältöön"),
        ("sv", "Delta och påverka", "Hoppa till innehållet"),
        ("en", "Participate and influence", "Skip to content"),
    ],
)
@pytest.mark.django_db
def test_front_page_is_in_the_url_language(language, heading, skip):
    html = Client().get(f"/{language}/").content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert skip in html


def test_active_language_is_the_two_letter_code_in_use_or_the_default():
    from django.utils import translation

    from kuulu.core.i18n import active_language

    with translation.override("sv"):
        assert active_language() == "sv"
    with translation.override("en-gb"):
        assert active_language() == "en"
    with translation.override(None):  # outside a request: no language is active
        assert active_language() == "fi"
        assert active_language(default="en") == "en"
