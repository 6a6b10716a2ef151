"""Identity pages in a real browser, fi/sv/en, checked with axe: the sign-in page with the
organisation-account and Suomi.fi buttons, "identification needed", "signed in without staff
rights", "your identification" and a strongly identified resident's own cases."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_accessibility import LANGUAGES, axe_problems, pytestmark, reflow_problems

__all__ = ["pytestmark"]


def _identified_session_cookie(live_url: str) -> dict:
    """A session as the Suomi.fi callback leaves it (the flow itself: kuulu/identity/tests)."""
    from importlib import import_module

    from kuulu.accounts.models import User
    from kuulu.identity import requirements
    from kuulu.identity.models import StrongIdentity

    user = User.objects.create_user(
        email=f"resident-{timezone.now().timestamp()}@identified.invalid"
    )
    identity = StrongIdentity.objects.create(
        user=user, person_key="b" * 64, level="high", home_municipality_code="205"
    )
    store = import_module(django_settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "kuulu.identity.backends.OidcBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[requirements.SESSION_KEY] = {
        "level": "high",
        "at": timezone.now().timestamp(),
        "identity_id": identity.pk,
        "user_id": user.pk,
    }
    store.save()
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": store.session_key,
        "url": live_url,
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_identity_pages_have_no_serious_accessibility_violations(
    browser, live_server, demo, lang, settings
):
    from kuulu.identity.models import IdentificationPolicy

    settings.KUULU_SSO_ISSUER = "https://idp.example.test"
    settings.KUULU_STRONG_ID_ISSUER = "https://broker.example.test"
    IdentificationPolicy.objects.update_or_create(
        key="feedback.initiative", defaults={"level": "substantial"}
    )
    problems: list[str] = []
    anonymous = browser.new_context()
    page = anonymous.new_page()
    for url, status in (
        (f"/{lang}/accounts/login/", 200),
        (f"/{lang}/feedback/initiative/", 403),
        (f"/{lang}/identity/staff/no-staff-rights/", 200),
        (f"/{lang}/identity/identified/", 200),
    ):
        response = page.goto(live_server.url + url)
        assert response is not None
        assert response.status == status, url
        assert page.evaluate("document.documentElement.lang") == lang
        problems += axe_problems(page)
        page.set_viewport_size({"width": 320, "height": 640})
        problems += reflow_problems(page)
        page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + f"/{lang}/accounts/login/")
    expect(page.locator("a[href*='/identity/staff/']")).to_have_count(1)
    expect(page.locator("a[href*='/identity/suomi-fi/']")).to_have_count(1)
    anonymous.close()

    identified = browser.new_context()
    identified.add_cookies([_identified_session_cookie(live_server.url)])
    page = identified.new_page()
    for url in (f"/{lang}/feedback/mine/", f"/{lang}/identity/identified/"):
        response = page.goto(live_server.url + url)
        assert response is not None
        assert response.status == 200, url
        problems += axe_problems(page)
    identified.close()
    assert problems == []
