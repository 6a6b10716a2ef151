"""Writes to the organisation. Each function checks its rules, writes in one transaction,
records an audit event and starts side effects only after commit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.errors import DUPLICATE, duplicate_error
from kuulu.organisation.models import County, Person, Unit

PERSON_FIELDS = (
    "kind",
    "first_name",
    "last_name",
    "email",
    "phone",
    "unit",
    "job_title",
    "job_title_fi",
    "job_title_sv",
    "job_title_en",
    "is_manager",
    "is_coordinator",
    "municipality",
    "ngo",
    "position",
    "position_fi",
    "position_sv",
    "position_en",
    "is_active",
)


UNIT_TRANSLATED_FIELDS = {
    f"{name}_{lang}" for name in ("name", "description") for lang in ("fi", "sv", "en")
} - {"name_fi"}


def _code_taken(*, county: County, code: str, exclude_pk: int | None = None) -> bool:
    qs = Unit.objects.filter(county=county, code=code)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


@transaction.atomic
def create_unit(
    *,
    county: County,
    name_fi: str,
    code: str,
    kind: str = Unit.Kind.UNIT,
    parent: Unit | None = None,
    actor: Any = None,
    request: Any = None,
    **translations: str,
) -> Unit:
    """Add a unit under `parent` (or a top-level service area). The path uses the new id,
    so concurrent inserts under one parent cannot collide."""
    if parent is not None and parent.county_id != county.pk:
        raise ValidationError({"parent": _("The parent unit belongs to another county.")})
    if _code_taken(county=county, code=code):
        raise duplicate_error("code", _("Another unit already uses this code."))
    unknown = set(translations) - UNIT_TRANSLATED_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    if not name_fi.strip():
        raise ValidationError({"name_fi": _("Give the unit a name in Finnish.")})
    unit = Unit(county=county, parent=parent, name_fi=name_fi, code=code, kind=kind, **translations)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:
        raise duplicate_error("code", _("Another unit already uses this code.")) from exc
    prefix = parent.path if parent is not None else ""
    unit.path = f"{prefix}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent is not None else 0
    unit.save(update_fields=["path", "depth"])
    record_event(action="create", obj=unit, actor=actor, request=request, summary="unit created")
    return unit


@transaction.atomic
def update_unit(
    *, unit: Unit, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Unit:
    """Change a unit's own fields (not its place in the tree; see move_unit)."""
    allowed = {"code", "kind", "is_active", "name_fi", *UNIT_TRANSLATED_FIELDS}
    changed = []
    for field, value in data.items():
        if field not in allowed:
            raise ValidationError(_("Unknown field: %(field)s.") % {"field": field})
        if getattr(unit, field) != value:
            setattr(unit, field, value)
            changed.append(field)
    if "code" in changed and _code_taken(county=unit.county, code=unit.code, exclude_pk=unit.pk):
        raise duplicate_error("code", _("Another unit already uses this code."))
    if changed:
        try:
            with transaction.atomic():
                unit.save(update_fields=[*changed, "updated_at"])
        except IntegrityError as exc:
            raise duplicate_error("code", _("Another unit already uses this code.")) from exc
        record_event(
            action="update", obj=unit, actor=actor, request=request, changed_fields=changed
        )
    return unit


@transaction.atomic
def move_unit(
    *, unit: Unit, new_parent: Unit | None, actor: Any = None, request: Any = None
) -> Unit:
    """Put a unit (and its whole subtree) under another parent.

    Locks every unit of the county first: two concurrent moves (A under B, B under A) would
    otherwise both pass the cycle check and leave a loop in the tree.
    """
    list(Unit.objects.select_for_update().filter(county_id=unit.county_id).values_list("pk"))
    unit.refresh_from_db()
    if new_parent is not None:
        new_parent.refresh_from_db()
        if new_parent.county_id != unit.county_id:
            raise ValidationError({"parent": _("The new parent belongs to another county.")})
        if new_parent.path.startswith(unit.path):
            raise ValidationError(
                {"parent": _("A unit cannot be moved under itself or one of its own units.")}
            )
    if unit.parent_id == (new_parent.pk if new_parent else None):
        return unit
    old_path, old_depth = unit.path, unit.depth
    new_path = f"{new_parent.path if new_parent else ''}{unit.pk}/"
    depth_shift = (new_parent.depth + 1 if new_parent else 0) - old_depth
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_shift,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    record_event(
        action="update",
        obj=unit,
        actor=actor,
        request=request,
        changed_fields=["parent"],
        summary="unit moved",
    )
    return unit


@transaction.atomic
def edit_unit(
    *,
    unit: Unit,
    data: dict[str, Any],
    parent: Unit | None,
    municipalities: Any,
    actor: Any = None,
    request: Any = None,
) -> Unit:
    """Change a unit's fields, place in the tree and municipalities together, or not at all."""
    unit = update_unit(unit=unit, data=data, actor=actor, request=request)
    if parent != unit.parent:
        unit = move_unit(unit=unit, new_parent=parent, actor=actor, request=request)
    unit.municipalities.set(municipalities)
    return unit


def _check_person_rules(person: Person) -> None:
    errors: dict[str, Any] = {}
    if person.kind == Person.Kind.STAFF and person.unit_id is None:
        errors["unit"] = _("A staff member must belong to a unit.")
    if person.kind != Person.Kind.STAFF and (person.is_manager or person.is_coordinator):
        errors["kind"] = _("Only staff members can be managers or coordinators.")
    if person.kind == Person.Kind.NGO_CONTACT and person.ngo_id is None:
        errors["ngo"] = _("An NGO contact must name the NGO.")
    if person.unit_id is not None and person.unit.county_id != person.county_id:
        errors["unit"] = _("The unit belongs to another county.")
    if person.email:
        clash = Person.objects.filter(county_id=person.county_id, email__iexact=person.email)
        if person.pk:
            clash = clash.exclude(pk=person.pk)
        if clash.exists():
            errors["email"] = ValidationError(
                _("Another person already has this email address."), code=DUPLICATE
            )
    if errors:
        raise ValidationError(errors)


def _save_person(person: Person, **save_kwargs: Any) -> None:
    try:
        with transaction.atomic():
            person.save(**save_kwargs)
    except IntegrityError as exc:
        # Lost a race with a concurrent save of the same address; the constraint is the judge.
        raise duplicate_error("email", _("Another person already has this email address.")) from exc


@transaction.atomic
def create_person(
    *,
    county: County,
    data: dict[str, Any],
    create_account: bool = False,
    language: str = "fi",
    actor: Any = None,
    request: Any = None,
) -> Person:
    """Add a person. With `create_account`, also a sign-in account; an invitation email to set
    a password is sent by the task worker after commit."""
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    person = Person(county=county, **data)
    if person.email:
        person.email = person.email.strip().lower()
    _check_person_rules(person)
    _save_person(person)
    if create_account:
        _attach_account(person=person, language=language)
    record_event(
        action="create", obj=person, actor=actor, request=request, summary="person created"
    )
    return person


def _attach_account(*, person: Person, language: str) -> None:
    from kuulu.accounts import services as account_services

    if not person.email:
        raise ValidationError({"email": _("An email address is needed for a sign-in account.")})
    person.user = account_services.create_account(email=person.email, language=language)
    person.save(update_fields=["user", "updated_at"])
    account_services.invite_after_commit(user=person.user)


@transaction.atomic
def update_person(
    *,
    person: Person,
    data: dict[str, Any],
    create_account: bool = False,
    language: str = "fi",
    actor: Any = None,
    request: Any = None,
) -> Person:
    """Change a person's record. Roles live here, so every change is audit-logged by field name."""
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = []
    for field, value in data.items():
        if field == "email" and isinstance(value, str):
            value = value.strip().lower()
        if getattr(person, field) != value:
            setattr(person, field, value)
            changed.append(field)
    if changed:
        _check_person_rules(person)
        _save_person(person, update_fields=[*changed, "updated_at"])
        if "email" in changed and person.user_id is not None:
            from kuulu.accounts import services as account_services

            if not person.email:
                raise ValidationError(
                    {"email": _("A person with a sign-in account needs an email address.")}
                )
            account_services.change_email(user=person.user, email=person.email)
        if "is_active" in changed and person.user_id is not None:
            # The account follows the record both ways, as in the HR sync: a person made
            # active again (back from leave, or deactivated by mistake) can sign in again,
            # where a closed account would also refuse them a password reset.
            if not person.is_active:
                from kuulu.accounts import services as account_services

                account_services.deactivate_account(user=person.user)
            elif not person.user.is_active:
                person.user.is_active = True
                person.user.save(update_fields=["is_active"])
    if create_account and person.user_id is None:
        _attach_account(person=person, language=language)
        changed.append("user")
    if changed:
        record_event(
            action="update", obj=person, actor=actor, request=request, changed_fields=changed
        )
    return person
