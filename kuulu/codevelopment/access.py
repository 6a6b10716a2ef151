"""Who may do what in co-development.

- Everyone, residents and the public included: public good practices.
- Staff of the county (HR partners included; they have no extra rights here): workshop series
  and experiments as aggregates (no participant names), internal good practices.
- Managers: lead the series and experiments of their own subtree's units (participants with
  names, sessions, outputs, experiments, evaluations, closing), describe good practices from
  their experiments, and record that a unit of their subtree adopted a practice.
- The owner of an experiment (a staff member): keeps and evaluates that experiment, and edits
  the good practice described from it.
- A project's manager (a staff member): keeps that project and its figures.
- Coordinators (and system admins): everything in the county.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from kuulu.codevelopment.models import (
    DevelopmentProject,
    Experiment,
    GoodPractice,
    WorkshopSeries,
)
from kuulu.organisation.access import Actor, actor_for, same_county
from kuulu.organisation.models import Unit

MODULE_TITLE = _("Co-development and experiments")
MODULE_DESCRIPTION = _(
    "Workshops with staff and customers, experiments and their evaluation, good practices "
    "and project figures for the funder."
)


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def can_use(actor: Actor) -> bool:
    return actor.is_staff


def can_lead_unit(actor: Actor, unit: Unit) -> bool:
    return actor.is_staff and same_county(actor, unit.county_id) and actor.manages(unit)


def can_create(actor: Actor) -> bool:
    """Starting a series or an experiment: managers and coordinators."""
    return actor.is_coordinator or actor.is_manager


def can_view_series(actor: Actor, series: WorkshopSeries) -> bool:
    return actor.is_staff and same_county(actor, series.county_id)


def can_lead_series(actor: Actor, series: WorkshopSeries) -> bool:
    return can_view_series(actor, series) and can_lead_unit(actor, series.unit)


def can_view_experiment(actor: Actor, experiment: Experiment) -> bool:
    return actor.is_staff and same_county(actor, experiment.county_id)


def can_keep_experiment(actor: Actor, experiment: Experiment) -> bool:
    if not can_view_experiment(actor, experiment):
        return False
    if actor.is_coordinator or (
        actor.person_id is not None and experiment.owner_id == actor.person_id
    ):
        return True
    return actor.is_manager and any(actor.manages(u) for u in experiment.units.all())


def can_view_practice(actor: Actor, practice: GoodPractice) -> bool:
    if practice.visibility == GoodPractice.Visibility.PUBLIC:
        return True
    return actor.is_staff and same_county(actor, practice.county_id)


def can_see_practice_internals(actor: Actor, practice: GoodPractice) -> bool:
    """The adoption notes and the experiment behind a practice: staff of its county. Others,
    staff of other counties included, see a public practice as the public does."""
    return actor.is_staff and same_county(actor, practice.county_id)


def can_edit_practice(actor: Actor, practice: GoodPractice) -> bool:
    """Those leading the practice's unit, and whoever keeps the experiment it came from (who
    described it in the first place)."""
    if can_lead_unit(actor, practice.unit):
        return True
    return practice.experiment is not None and can_keep_experiment(actor, practice.experiment)


def can_record_adoption(actor: Actor, practice: GoodPractice) -> bool:
    """Managers (for their subtree's units) and coordinators."""
    return (
        actor.is_staff
        and same_county(actor, practice.county_id)
        and (actor.is_coordinator or actor.is_manager)
    )


def can_view_project(actor: Actor, project: DevelopmentProject) -> bool:
    if not actor.is_staff or not same_county(actor, project.county_id):
        return False
    if actor.is_coordinator:
        return True
    return actor.person_id is not None and project.manager_id == actor.person_id


def can_create_project(actor: Actor) -> bool:
    return actor.is_coordinator


# --- permission-checked fetches ----------------------------------------------------------------


def require_staff_user(user: Any) -> Actor:
    actor = actor_for(user)
    _require(can_use(actor))
    return actor


def access_series_for_staff(user: Any, series_id: int) -> tuple[WorkshopSeries, Actor]:
    series = get_object_or_404(
        WorkshopSeries.objects.select_related("unit", "project"), pk=series_id
    )
    actor = actor_for(user)
    _require(can_view_series(actor, series))
    return series, actor


def access_series_for_leader(user: Any, series_id: int) -> WorkshopSeries:
    series, actor = access_series_for_staff(user, series_id)
    _require(can_lead_series(actor, series))
    return series


def access_experiment_for_staff(user: Any, experiment_id: int) -> tuple[Experiment, Actor]:
    experiment = get_object_or_404(
        Experiment.objects.select_related(
            "owner", "series", "project", "evaluation", "good_practice"
        ).prefetch_related("units"),
        pk=experiment_id,
    )
    actor = actor_for(user)
    _require(can_view_experiment(actor, experiment))
    return experiment, actor


def access_experiment_for_keeper(user: Any, experiment_id: int) -> Experiment:
    experiment, actor = access_experiment_for_staff(user, experiment_id)
    _require(can_keep_experiment(actor, experiment))
    return experiment


def access_practice_for_viewer(user: Any, practice_id: int) -> tuple[GoodPractice, Actor]:
    practice = get_object_or_404(
        GoodPractice.objects.select_related("unit", "experiment"), pk=practice_id
    )
    actor = actor_for(user)
    if not can_view_practice(actor, practice):
        raise Http404
    return practice, actor


def access_project_for_viewer(user: Any, project_id: int) -> DevelopmentProject:
    project = get_object_or_404(DevelopmentProject, pk=project_id)
    _require(can_view_project(actor_for(user), project))
    return project
