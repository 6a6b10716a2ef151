"""Writes of the quarterly follow-up: one entry per measure and quarter. Recording one also
sets the measure's status to the entry's, so the tree and the portal show where it stands."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.errors import duplicate_error
from kuulu.programme import history
from kuulu.programme.models import FollowUp, Measure, MeasureStatus
from kuulu.programme.quarters import Quarter

FOLLOW_UP_FIELDS = ("year", "quarter", "status", "note", "evidence_links")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(measure: Measure, data: Mapping[str, Any], today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    programme = measure.goal.perspective.programme
    if not programme.is_approved:
        errors["__all__"] = _("Follow-up starts when the programme has been approved.")
    year, quarter = data.get("year"), data.get("quarter")
    # Both are required and checked here, so that saving cannot fail on the quarter's check
    # constraint or a missing value: the only IntegrityError left is the one-per-quarter one.
    year_ok = _is_int(year) and programme.start_year <= year <= programme.end_year
    quarter_ok = _is_int(quarter) and 1 <= quarter <= 4
    if not year_ok:
        errors["year"] = _("Choose a year of the programme period %(period)s.") % {
            "period": programme.period_label
        }
    if not quarter_ok:
        errors["quarter"] = _("Choose a quarter from 1 to 4.")
    elif year_ok and Quarter(year, quarter).start > today:
        errors["quarter"] = _("A quarter that has not started yet cannot be followed up.")
    if data.get("status") not in MeasureStatus.values:
        errors["status"] = _("Choose a status.")
    validate = URLValidator(schemes=["http", "https"])
    for line in (data.get("evidence_links") or "").splitlines():
        if not line.strip():
            continue
        try:
            validate(line.strip())
        except ValidationError:
            errors["evidence_links"] = _(
                "Each line must be a web address starting with https:// (or http://): %(line)s"
            ) % {"line": line.strip()[:80]}
            break
    return errors


@transaction.atomic
def record_follow_up(
    *,
    measure: Measure,
    data: Mapping[str, Any],
    today: date,
    user: Any = None,
    request: HttpRequest | None = None,
) -> FollowUp:
    """Add the follow-up of a quarter, or change it if the quarter already has one."""
    measure = (
        Measure.objects.select_for_update()
        .select_related("goal__perspective__programme")
        .get(pk=measure.pk)
    )
    programme = measure.goal.perspective.programme
    errors = _check(measure, data, today)
    if errors:
        raise ValidationError(errors)
    entry = FollowUp.objects.filter(
        measure=measure, year=data["year"], quarter=data["quarter"]
    ).first()
    creating = entry is None
    if entry is None:
        entry = FollowUp(measure=measure, recorded_by=history._user(user))
        before = {}
    else:
        before = history.snapshot(entry)
    for name in FOLLOW_UP_FIELDS:
        value = data.get(name)
        setattr(entry, name, "" if value is None and name in ("note", "evidence_links") else value)
    entry.evidence_links = "\n".join(entry.links)
    if not creating:
        entry.recorded_by = history._user(user) or entry.recorded_by
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        # `_check` has ruled out a missing value and the quarter's check constraint, so this can
        # only be the one-per-quarter constraint: a parallel request recorded the quarter first.
        raise duplicate_error(
            "quarter", _("This measure already has a follow-up for the quarter.")
        ) from exc
    # A new entry is a report with its own who and when, not an edit of the programme; changing
    # an entry later is, and so is the measure's status that follows from it.
    if not creating:
        history.record_update(programme=programme, obj=entry, before=before, user=user)
    # The newest quarter's entry sets where the measure stands.
    newest = measure.follow_ups.order_by("-year", "-quarter").first()
    if newest is not None and newest.pk == entry.pk and measure.status != entry.status:
        status_before = history.snapshot(measure)
        measure.status = entry.status
        measure.save(update_fields=["status", "updated_at"])
        history.record_update(programme=programme, obj=measure, before=status_before, user=user)
    record_event(
        action="create" if creating else "update",
        obj=entry,
        actor=user,
        request=request,
        summary="programme follow-up recorded" if creating else "programme follow-up changed",
        changed_fields=list(FOLLOW_UP_FIELDS),
    )
    return entry
