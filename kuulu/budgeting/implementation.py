"""Implementation follow-up: a funded plan's responsible unit, status, progress and updates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kuulu.budgeting.models import Plan, PlanUpdate
from kuulu.core.audit import record_event


def is_funded(plan: Plan) -> bool:
    """Funded in the published result, after any override."""
    run_id = plan.budget.published_result_id
    if run_id is None:
        return False
    override = plan.overrides.order_by("-at", "-id").first()
    if override is not None:
        return override.funded
    return plan.results.filter(run_id=run_id, funded=True).exists()


@transaction.atomic
def update_implementation(
    *,
    plan: Plan,
    actor: Any,
    status: str,
    progress: int,
    responsible_unit: Any = None,
    text: str = "",
    photo: Any = None,
    photo_alt: str = "",
) -> PlanUpdate | None:
    """Record progress on a funded plan; a text makes a public update (with an optional photo)."""
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("budget__process")
        .get(pk=plan.pk)
    )
    if not is_funded(plan):
        raise ValidationError(_("Only funded plans are followed up."))
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Give progress as a percentage from 0 to 100.")})
    if status not in Plan.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if responsible_unit is not None and responsible_unit.county_id != plan.budget.process.county_id:
        raise ValidationError({"responsible_unit": _("Choose a unit of the county.")})
    if photo and not photo_alt.strip():
        raise ValidationError({"photo_alt": _("Describe the photo for people who cannot see it.")})
    plan.status, plan.progress = status, progress
    if responsible_unit is not None:
        plan.responsible_unit = responsible_unit
    plan.save(update_fields=["status", "progress", "responsible_unit", "updated_at"])
    update = None
    if text.strip():
        update = PlanUpdate.objects.create(
            plan=plan,
            text=text.strip(),
            photo=photo or "",
            photo_alt=photo_alt.strip(),
            progress=progress,
            author=actor,
        )
    record_event(action="update", obj=plan, actor=actor, changed_fields=["status", "progress"])
    return update
