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
