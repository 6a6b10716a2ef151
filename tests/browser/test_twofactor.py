"""Two-factor sign-in pages (enrolment, recovery codes, verification) in real headless Chromium
with axe-core, in Finnish, Swedish and English, with the requirement on as in production."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from kuulu.accounts.models import User
from kuulu.workspace.demo import DEMO_PASSWORD
from tests.browser.test_accessibility import (  # noqa: F401 - pytestmark marks these as browser tests
    LANGUAGES,
    axe_problems,
    pytestmark,
    reflow_problems,
)

COORDINATOR = "koordinaattori@kuulu.example"


def _code(device: TOTPDevice, ahead: int = 0) -> str:
    """The code `ahead` steps after now, as the server counts now: with the drift it saved when
    the last code was accepted (a code typed across a step boundary at enrolment leaves a drift
    of -1; ignoring it made the sign-in fail now and then on a busy machine)."""
    device.refresh_from_db()
    drift = device.drift + ahead
    return str(totp(device.bin_key, device.step, device.t0, device.digits, drift)).zfill(6)


def _check(page) -> list[str]:  # type: ignore[no-untyped-def]
    problems = axe_problems(page)
    page.set_viewport_size({"width": 320, "height": 640})
    problems += reflow_problems(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    return problems


def _password_step(page, live_url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_url}/{lang}/accounts/login/")
    page.fill("#id_username", COORDINATOR)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_enrol_then_verify_at_the_next_sign_in(browser, live_server, demo, lang):
    User.objects.filter(email=COORDINATOR).update(language=lang)
    problems: list[str] = []
    with override_settings(KUULU_REQUIRE_2FA=True):
        page = browser.new_context().new_page()
        _password_step(page, live_server.url, lang)
        page.wait_for_url("**/accounts/two-factor/enrol/")
        expect(page.locator("figure.qr-figure svg")).to_be_visible()
        assert page.locator("#secret").inner_text().strip()
        problems += [f"enrol: {p}" for p in _check(page)]
        device = TOTPDevice.objects.get(user__email=COORDINATOR, confirmed=False)
        page.fill("#id_code", _code(device))
        page.click("main button[type=submit]")
        expect(page.locator("ul.recovery-codes li")).to_have_count(10)
        problems += [f"codes: {p}" for p in _check(page)]
        page.click("a.button.primary")
        page.wait_for_url("**/workspace/")

        page = browser.new_context().new_page()
        _password_step(page, live_server.url, lang)
        page.wait_for_url("**/accounts/two-factor/verify/")
        problems += [f"verify: {p}" for p in _check(page)]
        page.fill("#id_code", "000000" if _code(device, 1) != "000000" else "111111")
        page.click("main button[type=submit]")
        expect(page.locator("#error-summary")).to_be_visible()
        problems += [f"verify error: {p}" for p in _check(page)]
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )
        page.fill("#id_code", _code(device, 1))
        page.click("main button[type=submit]")
        page.wait_for_url("**/workspace/")
    assert problems == []
