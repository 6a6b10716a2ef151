import pytest
from django.urls import reverse

from kuulu.integrations import services
from kuulu.integrations.models import ApiToken

pytestmark = pytest.mark.django_db

MATRIX = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_create_token_role_matrix(role, clients):
    response = clients[role].post(reverse("integrations:tokens"), {"name": "intranet"})
    assert response.status_code == MATRIX[role]
    assert ApiToken.objects.count() == (1 if MATRIX[role] == 200 else 0)
    if MATRIX[role] == 200:
        token = ApiToken.objects.get()
        html = response.content.decode()
        assert token.prefix in html
        assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("role", list(MATRIX))
def test_revoke_token_role_matrix(role, clients, org):
    token = services.create_token(user=org.coordinator, name="x").token
    response = clients[role].post(reverse("integrations:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    if MATRIX[role] == 200:
        assert response.status_code == 302
        assert token.revoked_at is not None
    else:
        assert response.status_code == MATRIX[role]
        assert token.revoked_at is None


def test_token_form_rejects_past_date(clients):
    response = clients["coordinator"].post(
        reverse("integrations:tokens"), {"name": "x", "expires_on": "2020-01-01"}
    )
    assert response.status_code == 200
    assert ApiToken.objects.count() == 0
    assert 'class="error-summary"' in response.content.decode()


def _other_county_coordinator():
    from kuulu.organisation.tests.factories import make_county, make_person, make_unit

    county = make_county()
    return make_person(
        county, kind="staff", unit=make_unit(county, code="muu"), is_coordinator=True
    )


def test_another_countys_coordinator_neither_sees_nor_revokes_the_tokens(org):
    """A token acts with its owner's permissions in the owner's county: a coordinator of
    another county (a deployment may host several) saw its name and owner in the list and
    could revoke it, stopping this county's integrations."""
    from conftest import client_for

    token = services.create_token(user=org.coordinator, name="intranet-sync").token
    stranger = client_for(_other_county_coordinator().user)

    listing = stranger.get(reverse("integrations:tokens")).content.decode()
    response = stranger.post(reverse("integrations:token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert "intranet-sync" not in listing
    assert token.prefix not in listing
    assert response.status_code == 403
    assert token.revoked_at is None


def test_a_coordinator_still_sees_and_revokes_own_countys_tokens(org, clients):
    token = services.create_token(user=org.coordinator, name="intranet-sync").token
    listing = clients["coordinator"].get(reverse("integrations:tokens")).content.decode()
    response = clients["coordinator"].post(reverse("integrations:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert "intranet-sync" in listing
    assert response.status_code == 302
    assert token.revoked_at is not None


def test_an_expired_token_is_shown_as_expired_with_its_date(org, clients):
    """An expired token (which the API refuses) was listed like a live one, with a Revoke
    button and no date, so nobody could see why an integration had stopped working."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import translation

    helsinki = ZoneInfo("Europe/Helsinki")
    services.create_token(
        user=org.coordinator,
        name="old-sync",
        expires_at=datetime(2020, 3, 31, 23, 59, tzinfo=helsinki),
    )
    live = services.create_token(
        user=org.coordinator, name="new-sync", expires_at=datetime(2099, 1, 1, tzinfo=helsinki)
    ).token

    with translation.override("en"):
        html = clients["coordinator"].get(reverse("integrations:tokens")).content.decode()
        live_revoke = reverse("integrations:token_revoke", args=[live.pk])

    old_row = html[html.index("old-sync") : html.index("</tr>", html.index("old-sync"))]
    assert "<td>expired</td>" in old_row
    assert "Revoke" not in old_row
    assert "2020" in old_row
    assert live_revoke in html
