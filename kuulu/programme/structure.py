"""Writes to the programme's structure: the programme, its approval, perspectives, goals, goal
indicators and measures. Keyword-only; each runs in one transaction, validates with field names
(ValidationError), writes the history once the programme is approved, and is audit-logged.

`data` dicts carry model field names (translated fields as `title_fi`, `title_sv`, ...); views
pass a form's cleaned data, the spreadsheet import its parsed rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.dates import FIRST_YEAR, LAST_YEAR, year_in_range, year_out_of_range_message
from kuulu.core.errors import DUPLICATE, duplicate_error
from kuulu.indicators.types import Perspective as PerspectiveKind
from kuulu.organisation.models import County, Person, Unit
from kuulu.programme import history
from kuulu.programme.models import (
    Goal,
    GoalIndicator,
    Measure,
    ParticipationProgramme,
    ProgrammePerspective,
)

# Keusote's four perspectives (seed 001), the structure every new programme starts from.
DEFAULT_PERSPECTIVES: tuple[tuple[PerspectiveKind, str, str, str], ...] = (
    (
        PerspectiveKind.INFORMATION,
        "Tieto ja asiointi",
        "Information och ärenden",
        "Information and transactions",
    ),
    (
        PerspectiveKind.SERVICE,
        "Palvelutilanne",
        "Servicesituationen",
        "The service situation",
    ),
    (PerspectiveKind.DEVELOPMENT, "Kehittäminen", "Utveckling", "Development"),
    (PerspectiveKind.STRATEGY, "Strateginen taso", "Strategisk nivå", "The strategy level"),
)

PROGRAMME_FIELDS = (
    "title_fi",
    "title_sv",
    "title_en",
    "description_fi",
    "description_sv",
    "description_en",
    "start_year",
    "end_year",
)
PERSPECTIVE_FIELDS = ("title_fi", "title_sv", "title_en")
GOAL_FIELDS = (
    "perspective",
    "title_fi",
    "title_sv",
    "title_en",
    "description_fi",
    "description_sv",
    "description_en",
)
INDICATOR_FIELDS = ("code", "baseline", "baseline_year", "target", "target_year")
MEASURE_FIELDS = (
    "title_fi",
    "title_sv",
    "title_en",
    "description_fi",
    "description_sv",
    "description_en",
    "responsible_unit",
    "responsible_person",
    "starts_on",
    "due_on",
    "hours",
    "status",
)


def _assign(obj: models.Model, data: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    """Set the given fields from `data` (missing keys are left alone); return the changed ones.
    Text fields take '' for None (modeltranslation's forms give None for an empty language)."""
    changed = []
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        field = obj._meta.get_field(name)
        if value is None and isinstance(field, models.CharField | models.TextField):
            value = ""
        attname = field.attname if not field.is_relation else name
        current = getattr(obj, attname)
        if current != value:
            setattr(obj, attname, value)
            changed.append(name)
    return changed


def _clean(obj: models.Model) -> None:
    if hasattr(obj, "title_fi") and not (obj.title_fi or "").strip():
        raise ValidationError({"title_fi": _("Give the title in Finnish.")})
    obj.full_clean()


def _programme_of(obj: models.Model) -> ParticipationProgramme:
    if isinstance(obj, ParticipationProgramme):
        return obj
    if isinstance(obj, ProgrammePerspective):
        return obj.programme
    if isinstance(obj, Goal):
        return obj.perspective.programme
    if isinstance(obj, GoalIndicator | Measure):
        return obj.goal.perspective.programme
    raise TypeError(type(obj))


def _audit(
    action: str, obj: models.Model, user: Any, request: HttpRequest | None, summary: str, fields=()
) -> None:  # type: ignore[no-untyped-def]
    record_event(
        action=action,
        obj=obj,
        actor=user,
        request=request,
        summary=summary,
        changed_fields=fields,
    )


def _update(
    obj: models.Model,
    data: Mapping[str, Any],
    fields: tuple[str, ...],
    *,
    user: Any,
    request: HttpRequest | None,
    check: Any = None,
) -> models.Model:
    programme = _programme_of(obj)
    before = history.snapshot(obj)
    changed = _assign(obj, data, fields)
    if check is not None:
        check(obj)
    _clean(obj)
    obj.save()
    history.record_update(programme=programme, obj=obj, before=before, user=user)
    _audit(
        "update", obj, user, request, f"programme {history.PART_NAMES[type(obj)]} changed", changed
    )
    return obj


def _create(
    obj: models.Model,
    data: Mapping[str, Any],
    fields: tuple[str, ...],
    *,
    user: Any,
    request: HttpRequest | None,
    check: Any = None,
) -> models.Model:
    programme = _programme_of(obj)
    _assign(obj, data, fields)
    if check is not None:
        check(obj)
    _clean(obj)
    obj.save()
    history.record_created(programme=programme, obj=obj, user=user)
    _audit("create", obj, user, request, f"programme {history.PART_NAMES[type(obj)]} added")
    return obj


def _remove(obj: models.Model, *, user: Any, request: HttpRequest | None) -> None:
    programme = _programme_of(obj)
    object_id = obj.pk
    history.record_removed(programme=programme, obj=obj, object_id=object_id, user=user)
    record_event(
        action="delete",
        object_type=obj._meta.label_lower,
        object_id=object_id,
        actor=user,
        request=request,
        summary=f"programme {history.PART_NAMES[type(obj)]} removed",
    )
    obj.delete()


def _refuse_same_title(siblings: models.QuerySet, data: Mapping[str, Any], message: str) -> None:
    """A field error when a sibling already has the Finnish title (case and the spaces around
    it aside): a double-clicked "Save" on an add form posts it twice."""
    title = (data.get("title_fi") or "").strip()
    if title and siblings.filter(title_fi__iexact=title).exists():
        raise duplicate_error("title_fi", message)


def _next_position(qs: models.QuerySet) -> int:
    last = qs.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _move(obj: models.Model, siblings: models.QuerySet, offset: int) -> bool:
    """Move `obj` up (-1) or down (+1) among its siblings; positions are renumbered 0..n."""
    ordered = list(siblings.select_for_update().order_by("position", "id"))
    index = next(i for i, o in enumerate(ordered) if o.pk == obj.pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    type(obj).objects.bulk_update(ordered, ["position"])
    return True


# --- Programme --------------------------------------------------------------------------------


@transaction.atomic
def create_programme(
    *,
    county: County,
    data: Mapping[str, Any],
    user: Any = None,
    request: HttpRequest | None = None,
) -> ParticipationProgramme:
    """A draft programme with Keusote's four perspectives."""
    programme = ParticipationProgramme(county=county)
    _assign(programme, data, PROGRAMME_FIELDS)
    _clean(programme)
    programme.save()
    ProgrammePerspective.objects.bulk_create(
        ProgrammePerspective(
            programme=programme,
            kind=kind.value,
            title=fi,
            title_fi=fi,
            title_sv=sv,
            title_en=en,
            position=position,
        )
        for position, (kind, fi, sv, en) in enumerate(DEFAULT_PERSPECTIVES)
    )
    _audit("create", programme, user, request, "participation programme added")
    return programme


@transaction.atomic
def update_programme(
    *,
    programme: ParticipationProgramme,
    data: Mapping[str, Any],
    user: Any = None,
    request: HttpRequest | None = None,
) -> ParticipationProgramme:
    programme = ParticipationProgramme.objects.select_for_update().get(pk=programme.pk)
    _update(programme, data, PROGRAMME_FIELDS, user=user, request=request)
    return programme


@transaction.atomic
def approve_programme(
    *,
    programme: ParticipationProgramme,
    approval_body: str,
    approved_on: date | None,
    minutes_url: str = "",
    user: Any = None,
    request: HttpRequest | None = None,
) -> ParticipationProgramme:
    """Record the approval. From now on every edit keeps history. Approving again corrects the
    approval details (with history)."""
    programme = ParticipationProgramme.objects.select_for_update().get(pk=programme.pk)
    errors = {}
    if not (approval_body or "").strip():
        errors["approval_body"] = _("Name the body that approved the programme.")
    if approved_on is None:
        errors["approved_on"] = _("Give the date of the approval.")
    elif not year_in_range(approved_on):
        errors["approved_on"] = year_out_of_range_message()
    if errors:
        raise ValidationError(errors)
    if not programme.perspectives.filter(goals__isnull=False).exists():
        raise ValidationError(_("Add at least one goal before approving the programme."))
    data = {
        "approval_body": approval_body.strip(),
        "approved_on": approved_on,
        "minutes_url": minutes_url or "",
        "status": ParticipationProgramme.Status.APPROVED,
    }
    fields = ("approval_body", "approved_on", "minutes_url", "status")
    if programme.is_approved:
        return _update(programme, data, fields, user=user, request=request)  # type: ignore[return-value]
    _assign(programme, data, fields)
    _clean(programme)
    programme.save()
    _audit("update", programme, user, request, "participation programme approved", fields)
    return programme


# --- Perspectives -----------------------------------------------------------------------------


@transaction.atomic
def add_perspective(
    *,
    programme: ParticipationProgramme,
    data: Mapping[str, Any],
    user: Any = None,
    request: HttpRequest | None = None,
) -> ProgrammePerspective:
    programme = ParticipationProgramme.objects.select_for_update().get(pk=programme.pk)
    _refuse_same_title(
        programme.perspectives.all(),
        data,
        _("The programme already has a perspective with this title."),
    )
    perspective = ProgrammePerspective(
        programme=programme, position=_next_position(programme.perspectives.all())
    )
    return _create(perspective, data, PERSPECTIVE_FIELDS, user=user, request=request)  # type: ignore[return-value]


@transaction.atomic
def update_perspective(
    *,
    perspective: ProgrammePerspective,
    data: Mapping[str, Any],
    user: Any = None,
    request: HttpRequest | None = None,
) -> ProgrammePerspective:
    return _update(perspective, data, PERSPECTIVE_FIELDS, user=user, request=request)  # type: ignore[return-value]


@transaction.atomic
def remove_perspective(
    *, perspective: ProgrammePerspective, user: Any = None, request: HttpRequest | None = None
) -> None:
    if perspective.goals.exists():
        raise ValidationError(
            _("This perspective has goals. Move them to another perspective or remove them first.")
        )
    _remove(perspective, user=user, request=request)


@transaction.atomic
def move_perspective(*, perspective: ProgrammePerspective, offset: int, user: Any = None) -> bool:
    before = history.snapshot(perspective)
    moved = _move(perspective, perspective.programme.perspectives.all(), offset)
    if moved:
        perspective.refresh_from_db()
        history.record_update(
            programme=perspective.programme, obj=perspective, before=before, user=user
        )
    return moved


# --- Goals ------------------------------------------------------------------------------------


@transaction.atomic
def add_goal(
    *,
    perspective: ProgrammePerspective,
    data: Mapping[str, Any],
    user: Any = None,
    request: HttpRequest | None = None,
) -> Goal:
    # The perspective's row is locked so that a double-clicked "Save" (two requests at once) is
    # checked one request at a time: the second finds the goal the first added.
    perspective = ProgrammePerspective.objects.select_for_update().get(pk=perspective.pk)
    _refuse_same_title(
        perspective.goals.all(),
        data,
        _("The perspective already has a goal with this title."),
    )
    goal = Goal(perspective=perspective, position=_next_position(perspective.goals.all()))
    data = {k: v for k, v in data.items() if k != "perspective"}
    return _create(goal, data, GOAL_FIELDS, user=user, request=request)  # type: ignore[return-value]


@transaction.atomic
def update_goal(
    *,
    goal: Goal,
    data: Mapping[str, Any],
    user: Any = None,
    request: HttpRequest | None = None,
) -> Goal:
    programme_id = goal.perspective.programme_id
    new_perspective = data.get("perspective")
    if new_perspective is not None and new_perspective.programme_id != programme_id:
        raise ValidationError({"perspective": _("Choose a perspective of this programme.")})
    if new_perspective is not None and new_perspective.pk != goal.perspective_id:
        data = {**data, "position": _next_position(new_perspective.goals.all())}
        return _update(goal, data, (*GOAL_FIELDS, "position"), user=user, request=request)  # type: ignore[return-value]
    return _update(goal, data, GOAL_FIELDS, user=user, request=request)  # type: ignore[return-value]


@transaction.atomic
def remove_goal(*, goal: Goal, user: Any = None, request: HttpRequest | None = None) -> None:
    if goal.measures.exists():
        raise ValidationError(_("This goal has measures. Remove them first."))
    _remove(goal, user=user, request=request)


@transaction.atomic
def move_goal(*, goal: Goal, offset: int, user: Any = None) -> bool:
    before = history.snapshot(goal)
    moved = _move(goal, goal.perspective.goals.all(), offset)
    if moved:
        goal.refresh_from_db()
        history.record_update(
            programme=goal.perspective.programme, obj=goal, before=before, user=user
        )
    return moved


# --- Goal indicators --------------------------------------------------------------------------


def indicator_codes(*, county_id: int) -> dict[str, Any]:
    """The indicator catalogue by code (built-in and the county's manual indicators)."""
    from kuulu.indicators import selectors as indicator_selectors

    return {d.code: d for d in indicator_selectors.indicator_catalogue(county_id=county_id)}


def check_indicator_values(
    data: Mapping[str, Any], *, county_id: int, codes: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """Field errors of a goal indicator's values (also used by the import)."""
    codes = codes if codes is not None else indicator_codes(county_id=county_id)
    errors: dict[str, str] = {}
    if data.get("code") not in codes:
        errors["code"] = _("Choose an indicator of the catalogue.")
    if data.get("baseline") is not None and data.get("baseline_year") is None:
        errors["baseline_year"] = _("Give the year of the baseline.")
    if data.get("target") is None:
        errors["target"] = _("Give the target value.")
    if data.get("target_year") is None:
        errors["target_year"] = _("Give the year by which the target is to be reached.")
    baseline_year, target_year = data.get("baseline_year"), data.get("target_year")
    for name, year in (("baseline_year", baseline_year), ("target_year", target_year)):
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            errors[name] = _("Give a whole number from %(low)s to %(high)s.") % {
                "low": FIRST_YEAR,
                "high": LAST_YEAR,
            }
    if (
        baseline_year is not None
        and target_year is not None
        and target_year < baseline_year
        and "target_year" not in errors
    ):
        errors["target_year"] = _("The target year cannot be before the baseline year.")
    definition = codes.get(data.get("code") or "")
    low = getattr(definition, "min_value", None)
    high = getattr(definition, "max_value", None)
    if definition is not None and getattr(definition, "unit", "") == "%":
        low = 0 if low is None else low
        high = 100 if high is None else high
    for name in ("baseline", "target"):
        value = data.get(name)
        if value is None:
            continue
        if not _is_finite(value):  # NaN and infinity fit a float column but mean nothing
            errors[name] = _("Give a number.")
        elif (low is not None and value < low) or (high is not None and value > high):
            errors[name] = _("The value must be between %(low)s and %(high)s.") % {
                "low": f"{low:g}" if low is not None else "…",
                "high": f"{high:g}" if high is not None else "…",
            }
    return errors


def _is_finite(value: Any) -> bool:
    try:
        return math.isfinite(value)
    except (TypeError, ValueError):
        return False


def _indicator_check(county_id: int, data: Mapping[str, Any]):  # type: ignore[no-untyped-def]
    def check(indicator: GoalIndicator) -> None:
        values = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
        errors = check_indicator_values(values, county_id=county_id)
        if errors:
            raise ValidationError(errors)

    return check


@contextmanager
def _one_per_goal() -> Iterator[None]:
    """An indicator the goal already has is an error on the indicator field, whether the model's
    check finds the row or, when the same indicator is added twice at once (a double-clicked
    button), the later insert breaks the unique constraint, which was a crash."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise duplicate_error("code", _("This goal already has this indicator.")) from exc
    except ValidationError as exc:
        found = getattr(exc, "error_dict", {}).get(NON_FIELD_ERRORS, [])
        if any(error.code == DUPLICATE for error in found):
            raise duplicate_error("code", _("This goal already has this indicator.")) from exc
        raise


@transaction.atomic
def add_indicator(
    *,
    goal: Goal,
    data: Mapping[str, Any],
    user: Any = None,
    request: HttpRequest | None = None,
) -> GoalIndicator:
    county_id = goal.perspective.programme.county_id
    indicator = GoalIndicator(goal=goal)
    with _one_per_goal():
        return _create(  # type: ignore[return-value]
            indicator,
            data,
            INDICATOR_FIELDS,
            user=user,
            request=request,
            check=_indicator_check(county_id, data),
        )


@transaction.atomic
def update_indicator(
    *,
    indicator: GoalIndicator,
    data: Mapping[str, Any],
    user: Any = None,
    request: HttpRequest | None = None,
) -> GoalIndicator:
    county_id = indicator.goal.perspective.programme.county_id
    with _one_per_goal():
        return _update(  # type: ignore[return-value]
            indicator,
            data,
            INDICATOR_FIELDS,
            user=user,
            request=request,
            check=_indicator_check(county_id, data),
        )


@transaction.atomic
def remove_indicator(
    *, indicator: GoalIndicator, user: Any = None, request: HttpRequest | None = None
) -> None:
    _remove(indicator, user=user, request=request)


# --- Measures ---------------------------------------------------------------------------------


def check_measure_people(
    *, county_id: int, unit: Unit | None, person: Person | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if unit is not None and unit.county_id != county_id:
        errors["responsible_unit"] = _("Choose a unit of this county.")
    if person is not None and (
        person.county_id != county_id or person.kind != Person.Kind.STAFF or not person.is_active
    ):
        errors["responsible_person"] = _("Choose an active staff member of this county.")
    return errors


def _measure_check(county_id: int):  # type: ignore[no-untyped-def]
    def check(measure: Measure) -> None:
        errors = check_measure_people(
            county_id=county_id, unit=measure.responsible_unit, person=measure.responsible_person
        )
        for name in ("starts_on", "due_on"):
            if not year_in_range(getattr(measure, name)):
                errors[name] = year_out_of_range_message()
        if errors:
            raise ValidationError(errors)

    return check


@transaction.atomic
def add_measure(
    *,
    goal: Goal,
    data: Mapping[str, Any],
    user: Any = None,
    request: HttpRequest | None = None,
) -> Measure:
    goal = (
        Goal.objects.select_for_update(of=("self",))
        .select_related("perspective__programme")
        .get(pk=goal.pk)
    )
    _refuse_same_title(
        goal.measures.all(), data, _("The goal already has a measure with this title.")
    )
    measure = Measure(goal=goal, position=_next_position(goal.measures.all()))
    county_id = goal.perspective.programme.county_id
    return _create(  # type: ignore[return-value]
        measure, data, MEASURE_FIELDS, user=user, request=request, check=_measure_check(county_id)
    )


@transaction.atomic
def update_measure(
    *,
    measure: Measure,
    data: Mapping[str, Any],
    user: Any = None,
    request: HttpRequest | None = None,
) -> Measure:
    measure = (
        Measure.objects.select_for_update()
        .select_related("goal__perspective__programme")
        .get(pk=measure.pk)
    )
    county_id = measure.goal.perspective.programme.county_id
    return _update(  # type: ignore[return-value]
        measure, data, MEASURE_FIELDS, user=user, request=request, check=_measure_check(county_id)
    )


@transaction.atomic
def remove_measure(
    *, measure: Measure, user: Any = None, request: HttpRequest | None = None
) -> None:
    if measure.follow_ups.exists():
        raise ValidationError(
            _("This measure has follow-ups. Set its status to cancelled instead of removing it.")
        )
    _remove(measure, user=user, request=request)


@transaction.atomic
def move_measure(*, measure: Measure, offset: int, user: Any = None) -> bool:
    before = history.snapshot(measure)
    moved = _move(measure, measure.goal.measures.all(), offset)
    if moved:
        measure.refresh_from_db()
        history.record_update(
            programme=measure.goal.perspective.programme, obj=measure, before=before, user=user
        )
    return moved
