import pytest

from kuulu.organisation.access import Role, actor_for


@pytest.mark.django_db
def test_roles_follow_the_person_record(org):
    assert actor_for(org.admin).roles == {Role.ADMIN}
    assert actor_for(org.coordinator).roles == {Role.COORDINATOR, Role.STAFF}
    assert actor_for(org.manager).roles == {Role.MANAGER, Role.STAFF}
    assert actor_for(org.staff).roles == {Role.STAFF}
    assert actor_for(org.resident).roles == {Role.RESIDENT}


@pytest.mark.django_db
def test_manager_manages_only_own_subtree(org):
    manager = actor_for(org.manager)
    assert manager.manages(org.unit_a)
    assert manager.manages(org.team_a1)
    assert not manager.manages(org.area_a)
    assert not manager.manages(org.unit_b)


@pytest.mark.django_db
def test_inactive_person_has_no_staff_role(org):
    org.staff_person.is_active = False
    org.staff_person.save()
    org.staff.refresh_from_db()
    assert actor_for(org.staff).roles == {Role.RESIDENT}


def test_leadable_units_by_role(org):
    from kuulu.organisation.access import leadable_units

    county = org.county.pk
    everything = set(leadable_units(actor_for(org.coordinator), county))
    assert {org.unit_a, org.team_a1, org.unit_b} <= everything
    assert set(leadable_units(actor_for(org.manager), county)) == {org.unit_a, org.team_a1}
    # Staff lead nothing, even within their own unit; residents neither.
    assert list(leadable_units(actor_for(org.staff), county)) == []
    assert list(leadable_units(actor_for(org.resident), county)) == []


def test_county_of_is_the_own_county_or_the_installations(org):
    from django.contrib.auth.models import AnonymousUser

    from kuulu.organisation.access import county_of

    assert county_of(actor_for(org.staff)) == org.county
    assert county_of(actor_for(AnonymousUser())) == org.county
