"""Regression tests for problems found in review: account takeover, data leaks, half-saves."""

import pytest
from django.test import Client
from django.urls import reverse

from kuulu.accounts.models import User
from kuulu.organisation import services
from kuulu.organisation.models import Person
from kuulu.organisation.tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_coordinator_cannot_edit_a_system_admins_person_record(clients, org):
    admin_person = make_person(org.county, kind="staff", unit=org.area_a, with_user=False)
    admin_person.user = org.admin
    admin_person.save()
    url = reverse("organisation:person_edit", args=[admin_person.pk])
    data = {
        "kind": "staff",
        "first_name": "X",
        "last_name": "Y",
        "email": "attacker@example.test",
        "unit": org.area_a.pk,
        "is_active": "on",
    }
    assert clients["coordinator"].post(url, data).status_code == 403
    assert User.objects.get(pk=org.admin.pk).email == "admin@example.test"
    assert clients["admin"].get(url).status_code == 200


def test_email_change_of_an_account_tells_the_old_address(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_person(person=org.staff_person, data={"email": "new@example.test"})
    assert User.objects.get(pk=org.staff.pk).email == "new@example.test"
    assert [m.to for m in mailoutbox] == [["staff@example.test"]]


def test_clearing_the_email_of_a_person_with_an_account_is_refused(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.update_person(person=org.staff_person, data={"email": ""})
    assert "email" in excinfo.value.message_dict
    assert User.objects.get(pk=org.staff.pk).email == "staff@example.test"
    assert Person.objects.get(pk=org.staff_person.pk).email == "staff@example.test"


def test_people_search_finds_job_titles_in_any_language(clients, org):
    services.update_person(person=org.other_staff_person, data={"job_title_fi": "Koordinaattori"})
    response = clients["coordinator"].get("/sv/workspace/organisation/people/?q=koordinaattori")
    assert list(response.context["people"]) == [org.other_staff_person]


def test_admin_sign_in_goes_through_the_throttled_sign_in(db):
    response = Client().get("/fi/admin/login/?next=/fi/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/?next=")


def test_language_links_never_point_off_site():
    html = Client().get("//evil.example/x").content.decode()
    assert "evil.example" not in html
    assert 'href="/sv/" lang="sv"' in html


@pytest.mark.parametrize("field", ["name_fi", "name_sv", "name_en"])
def test_the_unit_api_refuses_a_name_with_a_nul_character(org, field):
    # PostgreSQL cannot store text holding NUL: a 422 for the integration, not a 500.
    import json

    from kuulu.integrations import services as token_services
    from kuulu.organisation.models import Unit

    token = token_services.create_token(user=org.coordinator, name="t").raw
    body = {"code": "nul", "name_fi": "Yksikkö", field: "Yksi\x00kkö"}
    response = Client().post(
        "/api/v1/units",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert not Unit.objects.filter(code="nul").exists()
