"""Test settings: only what makes tests fast and hermetic differs from kuulu.settings."""

import os

os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from kuulu.settings import *  # noqa: F403
from kuulu.settings import STORAGES, VAR_DIR

# `make test` runs the suite in several processes (pytest-xdist). Each has its own database
# (pytest-django adds the worker's name) and, here, its own upload folders.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
MEDIA_ROOT = VAR_DIR / "test" / _WORKER / "media"
FEEDBACK_PRIVATE_ROOT = VAR_DIR / "test" / _WORKER / "private"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test gets a fresh rate-limit cache (see conftest); a unique location keeps workers apart.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
}
SECURE_COOKIES = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
# Two-factor sign-in is off for the suite, so tests that sign staff in with force_login reach
# their pages; kuulu/accounts/tests turn it on (override_settings) to test it.
KUULU_REQUIRE_2FA = False
