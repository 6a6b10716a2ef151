"""The budgeting tests read messages in English: each test runs with English active (after the
root conftest's default language), so a Finnish translation never changes what they compare."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield
