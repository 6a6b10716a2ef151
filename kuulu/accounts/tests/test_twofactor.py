"""Two-factor sign-in: who needs it, enrolment, verification, recovery codes, enforcement,
and the reset by an admin or coordinator."""

import re
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import client_for
from kuulu.accounts import twofactor
from kuulu.core.models import AuditEvent
from kuulu.feedback.models import Complaint, ComplaintRouting, FeedbackHandler
from kuulu.feedback.tests.factories import make_complaint
from kuulu.organisation.tests.factories import make_county, make_person

pytestmark = pytest.mark.django_db

REQUIRED = override_settings(KUULU_REQUIRE_2FA=True)
VERIFY = "/en/accounts/two-factor/verify/"
ENROL = "/en/accounts/two-factor/enrol/"


@pytest.fixture(autouse=True)
def _english(org):
    for user in (org.admin, org.coordinator, org.manager, org.staff, org.other_staff, org.resident):
        user.language = "en"
        user.save(update_fields=["language"])
    with translation.override("en"):
        yield


def code_for(device, drift=0):
    device.refresh_from_db()
    return str(totp(device.bin_key, device.step, device.t0, device.digits, drift)).zfill(6)


def sign_in(user, password, client=None):
    client = client or Client()
    response = client.post("/en/accounts/login/", {"username": user.email, "password": password})
    return client, response


def enrolled(user):
    """A confirmed authenticator and recovery codes for `user` (as enrolment leaves them)."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = twofactor._new_recovery_codes(user)
    return device, codes


# --- Who needs it -----------------------------------------------------------------------------


def test_roles_that_need_two_factor(org):
    needs = twofactor.role_needs_two_factor
    assert needs(org.admin)
    assert needs(org.coordinator)
    assert needs(org.manager)  # handles the unit's feedback
    assert not needs(org.staff)
    assert not needs(org.other_staff)
    assert not needs(org.resident)


def test_named_feedback_handler_needs_two_factor(org):
    FeedbackHandler.objects.create(unit=org.unit_a, user=org.staff)
    assert twofactor.role_needs_two_factor(org.staff)


def test_feedback_handler_of_a_closed_unit_does_not(org):
    FeedbackHandler.objects.create(unit=org.unit_b, user=org.other_staff)
    org.unit_b.is_active = False
    org.unit_b.save(update_fields=["is_active"])
    assert not twofactor.role_needs_two_factor(org.other_staff)


def test_complaint_director_and_handler_need_two_factor(org):
    ComplaintRouting.objects.create(unit=org.unit_b, director=org.other_staff)
    assert twofactor.role_needs_two_factor(org.other_staff)
    complaint = make_complaint(org.county, unit=org.team_a1)
    complaint.handlers.add(org.staff)
    assert twofactor.role_needs_two_factor(org.staff)
    assert Complaint.objects.filter(handlers=org.staff).exists()


def test_plain_django_staff_flag_needs_two_factor(org):
    org.staff.is_staff = True
    org.staff.save(update_fields=["is_staff"])
    assert twofactor.role_needs_two_factor(org.staff)


def test_requirement_follows_the_setting(org):
    with override_settings(KUULU_REQUIRE_2FA=False):
        assert not twofactor.two_factor_required(org.coordinator)
    with REQUIRED:
        assert twofactor.two_factor_required(org.coordinator)


# --- Enrolment ------------------------------------------------------------------------------


@REQUIRED
def test_coordinator_without_a_device_is_sent_to_enrol_after_password(org, password):
    client, response = sign_in(org.coordinator, password)
    assert response.status_code == 302
    assert response["Location"] == ENROL
    # Every other page sends them back there, until they have enrolled.
    blocked = client.get("/en/workspace/")
    assert blocked.status_code == 302
    assert blocked["Location"] == ENROL
    assert client.get("/en/feedback/").status_code in (302, 404)


@REQUIRED
def test_enrolment_shows_qr_and_secret_then_confirms_and_shows_codes_once(org, password):
    client, _ = sign_in(org.coordinator, password)
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert 'class="qr-code"' in html
    assert "<title>QR code for your authenticator app</title>" in html
    device = TOTPDevice.objects.get(user=org.coordinator, confirmed=False)
    assert twofactor.secret_for_display(device) in html
    # A reload shows the same device (the scanned QR code stays valid).
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=org.coordinator).count() == 1

    wrong = client.post(ENROL, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "The code is not right." in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    device.throttling_failure_timestamp = None
    device.throttling_failure_count = 0
    device.save()
    done = client.post(ENROL, {"code": code_for(device)})
    assert done.status_code == 200
    assert done["Cache-Control"].startswith("max-age=0")
    html = done.content.decode()
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", html)
    assert len(codes) == 10
    stored = set(
        StaticToken.objects.filter(device__user=org.coordinator).values_list("token", flat=True)
    )
    assert {c.replace("-", "") for c in codes} == stored
    device.refresh_from_db()
    assert device.confirmed
    # The session is now verified: staff pages open.
    assert client.get("/en/workspace/").status_code == 200
    assert AuditEvent.objects.filter(
        action="2fa_enrolled", object_id=str(org.coordinator.pk)
    ).exists()


def test_qr_code_has_no_inline_style_or_script(org):
    device = twofactor.pending_authenticator(org.staff)
    svg = twofactor.qr_svg(device, "QR")
    assert "style=" not in svg
    assert "<script" not in svg
    assert "<style" not in svg
    assert svg.startswith("<svg")


@REQUIRED
def test_enrol_cannot_replace_a_device_without_verifying_first(org, password):
    enrolled(org.coordinator)
    client, response = sign_in(org.coordinator, password)
    assert response["Location"] == VERIFY
    attempt = client.get(ENROL)
    assert attempt.status_code == 302
    assert attempt["Location"] == VERIFY
    assert not TOTPDevice.objects.filter(user=org.coordinator, confirmed=False).exists()


# --- Verification on each sign-in -------------------------------------------------------------


@REQUIRED
def test_sign_in_with_a_device_asks_for_a_code_and_returns_to_the_page(org, password):
    device, _ = enrolled(org.coordinator)
    client = Client()
    first = client.get("/en/workspace/")
    assert first.status_code == 302
    login_url = first["Location"]
    response = client.post(
        login_url,
        {"username": org.coordinator.email, "password": password, "next": "/en/workspace/"},
    )
    assert response["Location"] == VERIFY
    assert client.get("/en/workspace/")["Location"] == VERIFY
    ok = client.post(VERIFY, {"code": code_for(device)})
    assert ok.status_code == 302
    assert ok["Location"] == "/en/workspace/"
    assert client.get("/en/workspace/").status_code == 200
    assert AuditEvent.objects.filter(action="2fa_verified").count() == 1


@REQUIRED
def test_a_code_works_only_once(org, password):
    device, _ = enrolled(org.coordinator)
    code = code_for(device)
    first, _ = sign_in(org.coordinator, password)
    assert first.post(VERIFY, {"code": code}).status_code == 302
    second, _ = sign_in(org.coordinator, password)
    replay = second.post(VERIFY, {"code": code})
    assert replay.status_code in (200, 429)
    assert second.get("/en/workspace/")["Location"] == VERIFY


@REQUIRED
def test_wrong_code_is_refused_and_then_throttled(org, password):
    device, _ = enrolled(org.coordinator)
    client, _ = sign_in(org.coordinator, password)
    right = code_for(device)
    wrong = client.post(VERIFY, {"code": "123456" if right != "123456" else "654321"})
    assert wrong.status_code == 200
    assert "The code is not right." in wrong.content.decode()
    # Straight after a failure even the right code waits (django-otp's growing delay).
    throttled = client.post(VERIFY, {"code": right})
    assert throttled.status_code == 429
    assert "Too many wrong codes" in throttled.content.decode()
    assert client.get("/en/workspace/")["Location"] == VERIFY
    # Once the delay has passed, the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )
    assert client.post(VERIFY, {"code": right}).status_code == 302
    assert AuditEvent.objects.filter(action="2fa_failed").count() == 2


@REQUIRED
def test_recovery_code_signs_in_once(org, password):
    _, codes = enrolled(org.coordinator)
    client, _ = sign_in(org.coordinator, password)
    response = client.post(VERIFY, {"code": twofactor.format_code(codes[0]).upper()})
    assert response.status_code == 302
    assert twofactor.recovery_codes_left(org.coordinator) == 9
    assert AuditEvent.objects.filter(action="2fa_recovery_used").count() == 1
    again, _ = sign_in(org.coordinator, password)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert again.get("/en/workspace/")["Location"] == VERIFY


@override_settings(KUULU_REQUIRE_2FA=False)
def test_someone_who_turned_it_on_is_asked_even_when_not_required(org, password):
    device, _ = enrolled(org.staff)
    client, response = sign_in(org.staff, password)
    assert response["Location"] == VERIFY
    assert client.get("/en/workspace/")["Location"] == VERIFY
    assert client.post(VERIFY, {"code": code_for(device)})["Location"] == "/en/workspace/"


@override_settings(KUULU_REQUIRE_2FA=False)
def test_demo_setting_off_lets_a_coordinator_in_with_a_password(org, password):
    client, response = sign_in(org.coordinator, password)
    assert response["Location"] == "/en/workspace/"
    assert client.get("/en/workspace/").status_code == 200


@REQUIRED
def test_staff_without_a_case_role_is_not_asked(org, password):
    client, response = sign_in(org.staff, password)
    assert response["Location"] == "/en/workspace/"
    assert client.get("/en/workspace/").status_code == 200


# --- Enforcement ------------------------------------------------------------------------------


@REQUIRED
def test_force_login_session_of_a_coordinator_is_not_enough(org):
    client = client_for(org.coordinator)
    response = client.get("/en/workspace/")
    assert response.status_code == 302
    assert response["Location"] == ENROL
    admin = client_for(org.admin).get("/en/admin/")
    assert admin.status_code == 302
    assert admin["Location"] == ENROL


@REQUIRED
def test_api_and_htmx_requests_of_an_unverified_session_are_refused(org):
    client = client_for(org.coordinator)
    api = client.get("/api/v1/units")
    assert api.status_code == 403
    assert api.json()["detail"] == "Two-factor sign-in required."
    htmx = client.get("/en/workspace/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == ENROL


@REQUIRED
def test_sign_out_stays_reachable(org):
    client = client_for(org.coordinator)
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@REQUIRED
def test_role_given_mid_session_is_enforced_at_the_next_check(org, password):
    client, _ = sign_in(org.staff, password)
    assert client.get("/en/workspace/").status_code == 200
    FeedbackHandler.objects.create(unit=org.unit_a, user=org.staff)
    # Within the recheck interval the earlier answer holds ...
    assert client.get("/en/workspace/").status_code == 200
    # ... and after it the new role is enforced.
    session = client.session
    session[twofactor.CHECKED_KEY] -= twofactor.RECHECK_SECONDS + 1
    session.save()
    assert client.get("/en/workspace/")["Location"] == ENROL


@REQUIRED
def test_identity_provider_can_mark_the_session_verified(org, rf):
    client = client_for(org.coordinator)
    session = client.session
    session[twofactor.IDP_KEY] = True
    session.save()
    assert client.get("/en/workspace/").status_code == 200


# --- Recovery codes and turning it off ----------------------------------------------------------


@REQUIRED
def test_new_recovery_codes_replace_the_old(org, password):
    device, old = enrolled(org.coordinator)
    client, _ = sign_in(org.coordinator, password)
    client.post(VERIFY, {"code": code_for(device)})
    page = client.post("/en/accounts/two-factor/recovery-codes/")
    new = [
        c.replace("-", "")
        for c in re.findall(r"<code>([a-z2-7-]{9})</code>", page.content.decode())
    ]
    assert len(new) == 10
    assert not set(new) & set(old)
    assert twofactor.recovery_codes_left(org.coordinator) == 10
    assert StaticDevice.objects.filter(user=org.coordinator).count() == 1


def test_recovery_codes_page_needs_a_verified_session(org):
    enrolled(org.staff)
    # Signed in with a password only: sent to the code page.
    pending = client_for(org.staff).post("/en/accounts/two-factor/recovery-codes/")
    assert pending["Location"] == VERIFY
    # A session that never owed a code (the device came later) is refused outright.
    other = client_for(org.other_staff)
    enrolled(org.other_staff)
    assert other.post("/en/accounts/two-factor/recovery-codes/").status_code == 403
    assert twofactor.recovery_codes_left(org.other_staff) == 10


@REQUIRED
def test_turning_off_is_for_those_who_need_not_have_it(org, password):
    device, _ = enrolled(org.staff)
    client, _ = sign_in(org.staff, password)
    client.post(VERIFY, {"code": code_for(device)})
    assert client.post("/en/accounts/two-factor/turn-off/").status_code == 302
    assert not twofactor.has_second_factor(org.staff)
    assert AuditEvent.objects.filter(action="2fa_removed").count() == 1

    cdevice, _ = enrolled(org.coordinator)
    coord, _ = sign_in(org.coordinator, password)
    coord.post(VERIFY, {"code": code_for(cdevice)})
    assert coord.post("/en/accounts/two-factor/turn-off/").status_code == 403
    assert twofactor.has_second_factor(org.coordinator)


def test_profile_shows_the_two_factor_state(org):
    html = client_for(org.staff).get("/en/accounts/profile/").content.decode()
    assert "Set up two-factor sign-in" in html


# --- Reset after a lost device ----------------------------------------------------------------


def _verified_client(user, password):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrolled(user)[0]
    client, _ = sign_in(user, password)
    client.post(VERIFY, {"code": code_for(device)})
    return client


@REQUIRED
def test_admin_resets_a_coordinators_second_factor_with_an_audit_entry(
    org, password, mailoutbox, django_capture_on_commit_callbacks
):
    enrolled(org.coordinator)
    coordinator = _verified_client(org.coordinator, password)
    assert coordinator.get("/en/workspace/").status_code == 200
    admin = _verified_client(org.admin, password)
    url = f"/en/accounts/two-factor/reset/{org.coordinator.pk}/"
    assert admin.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url)
    # The person is told, in their language, so a reset asked for by an impostor is noticed.
    assert [m.to for m in mailoutbox] == [[org.coordinator.email]]
    assert mailoutbox[0].subject.startswith("Two-factor sign-in of your account was reset")
    assert "reset by an administrator" in mailoutbox[0].body
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=org.coordinator).exists()
    assert not StaticDevice.objects.filter(user=org.coordinator).exists()
    event = AuditEvent.objects.get(action="2fa_reset")
    assert event.actor == org.admin
    assert event.object_id == str(org.coordinator.pk)
    # The coordinator's session verified with the old device no longer counts.
    assert coordinator.get("/en/workspace/")["Location"] == ENROL


def test_who_may_reset_whose_second_factor(org):
    can = twofactor.can_reset_second_factor
    outsider = make_person(make_county(), kind="resident")
    assert can(org.admin, org.coordinator)
    assert can(org.coordinator, org.staff)
    assert can(org.coordinator, org.manager)
    assert not can(org.coordinator, org.admin)  # nobody below an admin resets an admin
    assert not can(org.coordinator, org.coordinator)  # not one's own: recovery codes are for that
    assert not can(org.admin, org.admin)
    assert not can(org.manager, org.staff)
    assert not can(org.staff, org.other_staff)
    assert not can(org.coordinator, outsider.user)  # another county's person


def test_reset_page_refuses_others(org, password):
    enrolled(org.other_staff)
    url = f"/en/accounts/two-factor/reset/{org.other_staff.pk}/"
    assert client_for(org.manager).post(url).status_code == 403
    assert client_for(org.staff).get(url).status_code == 403
    assert twofactor.has_second_factor(org.other_staff)
    assert client_for(None).get(url).status_code == 302  # to sign-in


@REQUIRED
def test_admin_site_action_resets_with_an_audit_entry(org, password):
    enrolled(org.staff)
    admin = _verified_client(org.admin, password)
    response = admin.post(
        "/en/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [org.staff.pk, org.admin.pk]},
    )
    assert response.status_code == 302
    assert not twofactor.has_second_factor(org.staff)
    assert twofactor.has_second_factor(org.admin)  # not one's own
    assert AuditEvent.objects.filter(action="2fa_reset", actor=org.admin).count() == 1


def test_device_secrets_are_not_in_the_admin(org):
    from django.contrib import admin as django_admin

    assert not django_admin.site.is_registered(TOTPDevice)
    assert not django_admin.site.is_registered(StaticDevice)


def _request_for(user, session_data):
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get("/en/workspace/")
    request.user = user
    request.session = SessionStore()
    request.session.update(session_data)
    return request


@pytest.mark.parametrize(
    ("required", "session_data"),
    [
        (False, {}),  # the requirement off and nothing owed: the suite's and the demo's case
        (True, {twofactor.CHECKED_KEY: None}),  # checked a moment ago (set below)
    ],
)
def test_middleware_costs_no_query_for_a_session_that_owes_nothing(
    org, required, session_data, django_assert_num_queries
):
    import time

    if twofactor.CHECKED_KEY in session_data:
        session_data[twofactor.CHECKED_KEY] = time.time()
    request = _request_for(org.staff, session_data)
    middleware = twofactor.TwoFactorMiddleware(lambda r: None)
    with override_settings(KUULU_REQUIRE_2FA=required), django_assert_num_queries(0):
        assert middleware._check(request) is None


def test_audit_action_names_fit_the_audit_log():
    """PostgreSQL refuses a longer action (SQLite would silently store it)."""
    from pathlib import Path

    max_length = AuditEvent._meta.get_field("action").max_length
    source = (Path(twofactor.__file__)).read_text()
    names = set(re.findall(r'"(2fa_[a-z_]+)"', source))
    assert {"2fa_verified", "2fa_reset", "2fa_recovery_used"} <= names
    assert all(len(name) <= max_length for name in names), names
