import pytest
from django.core.exceptions import ValidationError

from kuulu.accounts.models import User
from kuulu.core.errors import is_duplicate
from kuulu.core.models import AuditEvent
from kuulu.organisation import services
from kuulu.organisation.models import Person, Unit
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

pytestmark = pytest.mark.django_db


def test_create_unit_builds_path_and_depth():
    county = make_county()
    area = make_unit(county, code="area")
    unit = make_unit(county, parent=area, code="unit")
    team = make_unit(county, parent=unit, code="team")

    assert area.path == f"{area.pk}/"
    assert team.path == f"{area.pk}/{unit.pk}/{team.pk}/"
    assert (area.depth, unit.depth, team.depth) == (0, 1, 2)
    assert list(Unit.objects.subtree_of(unit)) == [unit, team]


def test_create_unit_rejects_duplicate_code_and_saves_nothing():
    county = make_county()
    make_unit(county, code="same")

    with pytest.raises(ValidationError) as excinfo:
        make_unit(county, code="same")

    assert is_duplicate(excinfo.value)
    assert Unit.objects.filter(code="same").count() == 1


def test_create_unit_rejects_parent_from_another_county():
    parent = make_unit(make_county(), code="p")
    with pytest.raises(ValidationError) as excinfo:
        make_unit(make_county(), parent=parent, code="child")
    assert "parent" in excinfo.value.message_dict
    assert not Unit.objects.filter(code="child").exists()


def test_create_unit_requires_finnish_name():
    with pytest.raises(ValidationError) as excinfo:
        services.create_unit(county=make_county(), name_fi="  ", code="x")
    assert "name_fi" in excinfo.value.message_dict


def test_move_unit_moves_whole_subtree():
    county = make_county()
    a = make_unit(county, code="a")
    b = make_unit(county, code="b")
    unit = make_unit(county, parent=a, code="u")
    team = make_unit(county, parent=unit, code="t")

    services.move_unit(unit=unit, new_parent=b)

    team.refresh_from_db()
    unit.refresh_from_db()
    assert unit.parent_id == b.pk
    assert unit.path == f"{b.pk}/{unit.pk}/"
    assert team.path == f"{b.pk}/{unit.pk}/{team.pk}/"
    assert team.depth == 2
    assert list(Unit.objects.subtree_of(a)) == [a]


def test_move_unit_to_top_level():
    county = make_county()
    a = make_unit(county, code="a")
    unit = make_unit(county, parent=a, code="u")
    services.move_unit(unit=unit, new_parent=None)
    unit.refresh_from_db()
    assert (unit.path, unit.depth, unit.parent_id) == (f"{unit.pk}/", 0, None)


def test_move_unit_under_its_own_descendant_is_refused_and_nothing_changes():
    county = make_county()
    a = make_unit(county, code="a")
    unit = make_unit(county, parent=a, code="u")
    team = make_unit(county, parent=unit, code="t")

    with pytest.raises(ValidationError):
        services.move_unit(unit=unit, new_parent=team)
    with pytest.raises(ValidationError):
        services.move_unit(unit=unit, new_parent=unit)

    unit.refresh_from_db()
    assert unit.parent_id == a.pk
    assert unit.path == f"{a.pk}/{unit.pk}/"


def test_update_unit_records_changed_fields_in_audit_log():
    county = make_county()
    unit = make_unit(county, code="u", name_fi="Vanha")
    services.update_unit(unit=unit, data={"name_fi": "Uusi", "name_sv": "Ny"})
    event = AuditEvent.objects.filter(object_type="organisation.unit", action="update").get()
    assert event.changed_fields == ["name_fi", "name_sv"]
    unit.refresh_from_db()
    assert (unit.name_fi, unit.name_sv) == ("Uusi", "Ny")


def test_update_unit_rejects_unknown_field():
    unit = make_unit(make_county(), code="u")
    with pytest.raises(ValidationError):
        services.update_unit(unit=unit, data={"path": "1/"})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "staff"}, "unit"),
        ({"kind": "resident", "is_manager": True}, "kind"),
        ({"kind": "ngo_contact"}, "ngo"),
    ],
)
def test_create_person_enforces_role_rules(data, field):
    county = make_county()
    with pytest.raises(ValidationError) as excinfo:
        services.create_person(county=county, data={"first_name": "A", "last_name": "B", **data})
    assert field in excinfo.value.message_dict
    assert Person.objects.count() == 0


def test_create_person_refuses_duplicate_email_case_insensitively():
    county = make_county()
    make_person(county, email="maija@example.test", with_user=False)
    with pytest.raises(ValidationError) as excinfo:
        services.create_person(
            county=county,
            data={
                "kind": "resident",
                "first_name": "M",
                "last_name": "M",
                "email": "Maija@Example.test",
            },
        )
    assert is_duplicate(excinfo.value)
    assert Person.objects.count() == 1


def test_create_person_with_account_sends_invitation_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    county = make_county()
    unit = make_unit(county, code="u")
    with django_capture_on_commit_callbacks(execute=True):
        person = services.create_person(
            county=county,
            data={
                "kind": "staff",
                "unit": unit,
                "first_name": "Ville",
                "last_name": "V",
                "email": "ville@example.test",
            },
            create_account=True,
            language="sv",
        )
    person.refresh_from_db()
    assert person.user.email == "ville@example.test"
    assert not person.user.has_usable_password()
    assert person.user.language == "sv"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ville@example.test"]
    assert "/sv/accounts/password-reset/" in mailoutbox[0].body


def test_update_person_deactivation_closes_the_account():
    county = make_county()
    person = make_person(county)
    services.update_person(person=person, data={"is_active": False})
    assert not User.objects.get(pk=person.user_id).is_active


def test_update_person_audit_names_fields_but_holds_no_values():
    county = make_county()
    unit = make_unit(county, code="u")
    person = make_person(county, kind="staff", unit=unit)
    services.update_person(person=person, data={"is_manager": True, "phone": "0401234567"})
    event = AuditEvent.objects.get(object_type="organisation.person", action="update")
    assert event.changed_fields == ["is_manager", "phone"]
    assert "0401234567" not in event.summary


def test_a_person_made_active_again_by_hand_can_sign_in_again(org):
    # As the HR sync does for a leaver who comes back (docs/HR_SYNC.md).
    person = org.other_staff_person
    services.update_person(person=person, data={"is_active": False})
    assert User.objects.get(pk=person.user_id).is_active is False

    services.update_person(person=Person.objects.get(pk=person.pk), data={"is_active": True})

    # Django's backends, sessions and the password reset refuse an inactive account.
    assert User.objects.get(pk=person.user_id).is_active is True
