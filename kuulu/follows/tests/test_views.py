"""The follows page, removing a follow and the unsubscribe link, with the role matrix."""

from __future__ import annotations

import pytest
from django.test import Client

from kuulu.follows import services
from kuulu.follows.models import Follow
from kuulu.follows.tests.factories import make_follow

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_anonymous_is_sent_to_sign_in_and_nothing_is_made(org):
    response = Client().post(
        "/en/follow/", {"target": f"county:{org.county.pk}", "delivery": "email"}
    )
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    assert not Follow.objects.exists()


@pytest.mark.parametrize("role", ["resident", "staff", "other_staff", "manager", "coordinator"])
def test_everyone_signed_in_can_follow_for_themselves(org, role):
    user = getattr(org, role)
    client = _client(user)
    page = client.get("/en/follow/")
    assert page.status_code == 200
    assert "Follow something new" in page.text
    response = client.post("/en/follow/", {"target": f"unit:{org.unit_a.pk}", "delivery": "digest"})
    assert response.status_code == 302
    assert list(Follow.objects.values_list("user_id", "target_key", "delivery")) == [
        (user.pk, f"unit:{org.unit_a.pk}", "digest")
    ]


def test_unpublished_channels_and_processes_cannot_be_followed_or_seen(org):
    from kuulu.budgeting.tests.factories import make_process
    from kuulu.channels.tests.factories import make_channel

    hidden_channel = make_channel(org.county, name_fi="Piilokanava", is_published=False)
    hidden_process = make_process(org.county, title="Piilobudjetti", is_published=False)
    shown_process = make_process(org.county, title="Avoin budjetti")
    client = _client(org.resident)
    page = client.get("/en/follow/")
    assert "Avoin budjetti" in page.text
    assert "Piilokanava" not in page.text
    assert "Piilobudjetti" not in page.text
    for key in (f"channel:{hidden_channel.pk}", f"process:budgeting:{hidden_process.pk}"):
        client.post("/en/follow/", {"target": key, "delivery": "email"})
    assert not Follow.objects.exists()
    client.post(
        "/en/follow/", {"target": f"process:budgeting:{shown_process.pk}", "delivery": "email"}
    )
    assert Follow.objects.get().target_key == f"process:budgeting:{shown_process.pk}"


def test_an_sms_follow_with_a_bad_number_is_refused_with_a_message(org):
    response = _client(org.resident).post(
        "/en/follow/", {"target": f"county:{org.county.pk}", "delivery": "sms", "phone": "123"}
    )
    assert response.status_code == 400
    assert "Enter a mobile number such as 040 123 4567" in response.text
    assert not Follow.objects.exists()


@pytest.mark.parametrize("role", ["staff", "other_staff", "manager", "coordinator"])
def test_nobody_removes_anothers_follow(org, role):
    item = make_follow(org.resident, org.county)
    response = _client(getattr(org, role)).post(f"/en/follow/{item.pk}/remove/")
    assert response.status_code == 404
    assert Follow.objects.filter(pk=item.pk).exists()


def test_the_owner_removes_a_follow(org):
    item = make_follow(org.resident, org.county)
    response = _client(org.resident).post(f"/en/follow/{item.pk}/remove/")
    assert response.status_code == 302
    assert not Follow.objects.exists()


def test_only_coordinators_see_the_delivery_figures(org):
    assert "Messages sent (all residents)" not in _client(org.manager).get("/en/follow/").text
    assert "Messages sent (all residents)" in _client(org.coordinator).get("/en/follow/").text


def test_unsubscribe_without_signing_in_confirms_then_works_once(org):
    item = make_follow(org.resident, org.county, label="Kainuu")
    url = f"/en/follow/stop/{services.unsubscribe_token(item.pk)}/"
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop the messages about Kainuu?" in page.text
    assert Follow.objects.exists()  # a GET (a mail scanner) changes nothing
    done = client.post(url, {"List-Unsubscribe": "One-Click"})  # RFC 8058, no CSRF token
    assert done.status_code == 200
    assert "You will get no more messages about Kainuu." in done.text
    assert not Follow.objects.exists()
    again = client.post(url)
    assert again.status_code == 410
    assert "already been used" in again.text


def test_a_forged_unsubscribe_link_is_refused(org):
    make_follow(org.resident, org.county)
    response = Client().post("/en/follow/stop/not-a-token/")
    assert response.status_code == 400
    assert Follow.objects.count() == 1


def test_an_account_without_an_email_address_is_told_to_choose_text_messages(org):
    from kuulu.organisation.tests.factories import make_user

    identified = make_user(email="resident-0a1b2c3d4e5f60718293@identified.invalid")
    for language, expected in [
        ("en", "Your account has no email address, so email cannot reach you."),
        ("fi", "Tililläsi ei ole sähköpostiosoitetta"),
        ("sv", "Ditt konto har ingen e-postadress"),
    ]:
        response = _client(identified).post(
            f"/{language}/follow/", {"target": f"county:{org.county.pk}", "delivery": "digest"}
        )
        assert response.status_code == 400
        assert expected in response.text
    assert not Follow.objects.exists()


def test_delivery_figures_are_labelled_in_the_language_and_limited_to_the_county(org):
    """The figures showed the raw keys ("delivery_sent", "digest_empty") in every language,
    and counted every county's messages on any county's coordinator's page."""
    from django.utils import timezone

    from kuulu.follows.models import Announcement, Delivery, Digest
    from kuulu.organisation.tests.factories import make_county

    other = make_county()
    for county, count in ((org.county, 2), (other, 5)):
        announcement = Announcement.objects.create(
            county=county,
            kind="survey",
            object_key=f"surveys.survey:{county.pk}",
            title="x",
            path="/x/",
            targets=[f"county:{county.pk}"],
            created_at=timezone.now(),
        )
        for n in range(count):
            user = make_follow(
                org.resident if n == 0 and county == org.county else _user(n, county),
                county,
            ).user
            Delivery.objects.create(
                user=user,
                announcement=announcement,
                channel="email",
                status="sent",
                next_attempt_at=timezone.now(),
            )
    make_follow(org.resident, org.county, delivery="digest")
    Digest.objects.create(
        user=org.resident, period="2026-W49", status="empty", claimed_at=timezone.now()
    )

    page = _client(org.coordinator).get("/en/follow/").text
    finnish = _client(org.coordinator).get("/fi/follow/").text

    assert "delivery_sent" not in page
    assert "digest_empty" not in page
    assert '<th scope="row">Messages at once: sent</th><td>2</td>' in page
    assert '<th scope="row">Weekly digests: nothing to tell</th><td>1</td>' in page
    assert "Heti lähtevät viestit: lähetetty" in finnish


def _user(n, county):  # type: ignore[no-untyped-def]
    from kuulu.organisation.tests.factories import make_person

    return make_person(county, kind="resident", email=f"f{county.pk}-{n}@example.test").user


def test_a_person_of_a_second_county_follows_their_own_countys_things(org):
    from kuulu.organisation.tests.factories import make_county, make_person, make_unit

    second = make_county(name_en="Second county", name_fi="Toinen alue")
    their_unit = make_unit(second, code="s-area", name_fi="Toisen alueen palvelut")
    person = make_person(second, kind="staff", unit=their_unit)
    client = _client(person.user)
    page = client.get("/en/follow/")
    assert page.status_code == 200
    assert "Toisen alueen palvelut" in page.text
    assert org.unit_a.name not in page.text
    response = client.post("/en/follow/", {"target": f"unit:{their_unit.pk}", "delivery": "email"})
    assert response.status_code == 302
    assert list(Follow.objects.values_list("user_id", "county_id", "target_key")) == [
        (person.user.pk, second.pk, f"unit:{their_unit.pk}")
    ]


def test_the_follow_button_of_a_public_page_works_for_a_person_of_another_county(org):
    # Public pages show the installation's (first) county; its Follow button posts its target.
    from kuulu.organisation.tests.factories import make_county, make_person, make_unit

    second = make_county()
    person = make_person(second, kind="staff", unit=make_unit(second, code="s-area"))
    response = _client(person.user).post(
        "/en/follow/",
        {"target": f"unit:{org.unit_a.pk}", "delivery": "email", "next": "/en/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert list(Follow.objects.values_list("user_id", "county_id", "target_key")) == [
        (person.user.pk, org.county.pk, f"unit:{org.unit_a.pk}")
    ]
