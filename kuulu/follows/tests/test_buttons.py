"""The Follow control on module pages ({% follow_button obj %}): rendered for what can be
followed, a form for the signed-in and a link for others; following needs sign-in and CSRF
and is idempotent."""

from __future__ import annotations

import pytest
from django.test import Client

from kuulu.budgeting.tests.factories import make_process
from kuulu.channels.tests.factories import make_channel
from kuulu.deliberation.tests.factories import make_conversation
from kuulu.follows.models import Follow
from kuulu.follows.templatetags.follows import target_key

pytestmark = pytest.mark.django_db


def _pages(org) -> dict[str, str]:  # type: ignore[no-untyped-def]
    process = make_process(org.county)
    conversation = make_conversation(org.county)
    channel = make_channel(org.county)
    return {
        f"process:budgeting:{process.pk}": f"/en/budgeting/{process.pk}/",
        f"process:deliberation:{conversation.pk}": f"/en/conversations/{conversation.pk}/",
        f"channel:{channel.pk}": f"/en/channels/{channel.slug}/",
    }


def test_signed_in_resident_gets_a_form_on_each_module_page(org):
    client = Client()
    client.force_login(org.resident)
    for key, path in _pages(org).items():
        page = client.get(path)
        assert page.status_code == 200, path
        assert f'<input type="hidden" name="target" value="{key}">' in page.text, path
        assert 'action="/en/follow/"' in page.text
        assert "csrfmiddlewaretoken" in page.text


def test_anonymous_gets_a_link_with_the_target_preselected(org):
    for key, path in _pages(org).items():
        page = Client().get(path)
        assert page.status_code == 200, path
        assert f'href="/en/follow/?target={key.replace(":", "%3A")}"' in page.text, path
        assert 'name="target"' not in page.text


def test_following_from_the_button_is_idempotent_and_then_says_so(org):
    pages = _pages(org)
    key, path = next(iter(pages.items()))
    client = Client()
    client.force_login(org.resident)
    for _ in range(2):
        response = client.post("/en/follow/", {"target": key, "delivery": "digest"})
        assert response.status_code == 302
    assert list(Follow.objects.values_list("user_id", "target_key", "delivery")) == [
        (org.resident.pk, key, "digest")
    ]
    page = client.get(path)
    assert "You follow this." in page.text
    assert f'name="target" value="{key}"' not in page.text


def test_the_button_brings_the_person_back_to_the_page_but_never_off_site(org):
    key, path = next(iter(_pages(org).items()))
    client = Client()
    client.force_login(org.resident)
    page = client.get(path)
    assert f'<input type="hidden" name="next" value="{path}">' in page.text
    response = client.post("/en/follow/", {"target": key, "delivery": "digest", "next": path})
    assert response.status_code == 302
    assert response["Location"] == path
    for outside in ("https://evil.example/", "//evil.example/x"):
        response = client.post(
            "/en/follow/", {"target": key, "delivery": "digest", "next": outside}
        )
        assert response["Location"] == "/en/follow/"


@pytest.mark.parametrize("back", ["profile", "a\x00b", "/en/x\x00y", "/en/\x7f", "javascript:x"])
def test_a_back_address_that_is_no_page_of_the_site_leads_to_the_follows(org, back):
    """The hidden field comes back as posted: a word was taken for a view name (a 500), and a
    control character would have reached the Location header."""
    key = next(iter(_pages(org)))
    client = Client(raise_request_exception=False)
    client.force_login(org.resident)

    response = client.post("/en/follow/", {"target": key, "delivery": "digest", "next": back})

    assert response.status_code == 302
    assert response["Location"] == "/en/follow/"
    assert Follow.objects.count() == 1


def test_the_follow_post_needs_a_csrf_token(org):
    key = next(iter(_pages(org)))
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.resident)
    response = client.post("/en/follow/", {"target": key, "delivery": "digest"})
    assert response.status_code == 403
    assert not Follow.objects.exists()


def test_the_follow_post_needs_sign_in(org):
    key = next(iter(_pages(org)))
    response = Client().post("/en/follow/", {"target": key, "delivery": "digest"})
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    assert not Follow.objects.exists()


def test_unpublished_conversations_and_other_objects_get_no_control(org):
    conversation = make_conversation(org.county, is_published=False)
    assert target_key(conversation) is None
    assert target_key(org.resident) is None
    assert target_key(None) is None
    assert target_key(org.unit_a) == f"unit:{org.unit_a.pk}"
