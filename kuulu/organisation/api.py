"""Organisation endpoints of the API: municipalities and units (public), people (coordinators)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field, field_validator

from kuulu.core.api import refuse_nul
from kuulu.core.audit import record_event
from kuulu.integrations.auth import TokenAuth
from kuulu.organisation import access, selectors, services
from kuulu.organisation.models import HrSyncRun, Municipality, Unit

router = Router(tags=["organisation"])


class MunicipalityOut(Schema):
    id: int
    code: str
    name_fi: str
    name_sv: str | None
    name_en: str | None


class UnitOut(Schema):
    id: int
    code: str
    kind: str
    name_fi: str
    name_sv: str | None
    name_en: str | None
    parent_id: int | None
    depth: int
    is_active: bool


class UnitIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    name_fi: str = Field(min_length=1, max_length=160)
    name_sv: str = Field(default="", max_length=160)
    name_en: str = Field(default="", max_length=160)
    kind: Unit.Kind = Unit.Kind.UNIT
    parent_id: int | None = None

    @field_validator("name_fi", "name_sv", "name_en")
    @classmethod
    def no_nul(cls, value: str) -> str:
        return refuse_nul(value)


class PersonOut(Schema):
    id: int
    kind: str
    first_name: str
    last_name: str
    email: str
    unit_id: int | None
    job_title: str
    is_manager: bool
    is_coordinator: bool
    is_active: bool


class MeOut(Schema):
    user_id: int
    roles: list[str]
    unit_id: int | None


@router.get("/municipalities", response=list[MunicipalityOut], auth=None)
def list_municipalities(request: HttpRequest) -> list[Municipality]:
    return list(Municipality.objects.order_by("name_fi"))


@router.get("/units", response=list[UnitOut], auth=None)
def list_units(request: HttpRequest) -> list[Unit]:
    return list(Unit.objects.order_by("path"))


@router.get("/units/{unit_id}", response=UnitOut, auth=None)
def get_unit(request: HttpRequest, unit_id: int) -> Unit:
    return get_object_or_404(Unit, pk=unit_id)


@router.post("/units", response={201: UnitOut}, auth=TokenAuth())
def create_unit(request: HttpRequest, payload: UnitIn) -> Status:
    actor = access.actor_for(request.user)
    if not access.can_edit_units(actor):
        raise PermissionDenied
    county = access.county_of(actor)  # the token owner's own (a system admin's: the installation's)
    parent = get_object_or_404(Unit, pk=payload.parent_id) if payload.parent_id else None
    unit = services.create_unit(
        county=county,
        code=payload.code,
        name_fi=payload.name_fi,
        name_sv=payload.name_sv,
        name_en=payload.name_en,
        kind=payload.kind,
        parent=parent,
        actor=request.user,
        request=request,
    )
    return Status(201, unit)


@router.get("/people", response=list[PersonOut], auth=TokenAuth())
def list_people(request: HttpRequest, q: str = "", kind: str = "") -> list:
    actor = access.actor_for(request.user)
    if not (actor.is_coordinator or actor.is_manager):
        raise PermissionDenied
    people = selectors.search_people(actor=actor, query=q[:100], kind=kind[:30], limit=500)
    record_event(
        action="view",
        object_type="organisation.person",
        request=request,
        via="api",
        summary=f"list of {len(people)}",
    )
    return people


@router.get("/me", response=MeOut, auth=TokenAuth())
def me(request: HttpRequest) -> dict:
    actor = access.actor_for(request.user)
    return {"user_id": actor.user_id, "roles": sorted(actor.roles), "unit_id": actor.unit_id}


class HrSyncIn(Schema):
    """A sync document (docs/HR_SYNC.md) and whether to apply it. Rows are checked one by one
    by the sync itself, so a bad row gets a per-row report rather than a schema error."""

    model_config = ConfigDict(extra="forbid")

    dry_run: bool = True
    full: bool = True
    format: str = "kuulu-hr-sync/1"
    units: list[dict[str, Any]] | None = None
    people: list[dict[str, Any]] | None = None


class HrSyncProblemOut(Schema):
    section: str
    row: int | None
    field: str
    code: str
    message: str


class HrSyncChangeOut(Schema):
    entity: str
    action: str
    external_id: str
    row: int | None
    fields: list[dict[str, str]]


class HrSyncOut(Schema):
    applied: bool
    dry_run: bool
    run_id: int | None
    counts: dict[str, dict[str, int]]
    changes: list[HrSyncChangeOut]
    problems: list[HrSyncProblemOut]


@router.post("/organisation/hr-sync", response={200: HrSyncOut, 422: HrSyncOut}, auth=TokenAuth())
def hr_sync(request: HttpRequest, payload: HrSyncIn) -> Status:
    """Preview (`dry_run`, the default) or apply an HR sync. Coordinators' tokens only. A
    document with any error answers 422 with the per-row report and applies nothing."""
    from kuulu.organisation.sync.apply import apply_sync, preview_sync
    from kuulu.organisation.sync.messages import change_rows, problem_rows
    from kuulu.organisation.sync.sources import document_from_json

    county = access.access_county_for_hr_sync(request.user)
    data = payload.model_dump(exclude={"dry_run"}, exclude_none=True)
    document = document_from_json(data)
    run_id = None
    applied = False
    if payload.dry_run:
        plan = preview_sync(county=county, document=document)
    else:
        result = apply_sync(
            county=county,
            document=document,
            actor=request.user,
            request=request,
            source=HrSyncRun.Source.API,
        )
        plan, applied, run_id = result.plan, result.applied, result.run.pk
    with translation.override(getattr(request.user, "language", None) or "fi"):
        problems = problem_rows(plan)
        changes = change_rows(plan)
    body = {
        "applied": applied,
        "dry_run": payload.dry_run,
        "run_id": run_id,
        "counts": plan.counts,
        "changes": changes if plan.ok else [],
        "problems": problems,
    }
    return Status(200 if plan.ok else 422, body)
