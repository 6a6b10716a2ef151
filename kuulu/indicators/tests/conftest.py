"""The tests of this app assert the English source texts of messages and pages, so they run
with English active (URLs reversed in them then start with /en/). The Finnish and Swedish
catalogues are checked for completeness in core/tests/test_languages.py."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield
