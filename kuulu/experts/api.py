"""Experience-expert bank API: experience areas (public), requests from professionals (token,
staff) and match suggestions (token, coordinators). No sensitive profile fields are served:
suggestions carry the expert's name, the points and the facts that explain them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field, field_validator

from kuulu.core.api import refuse_nul
from kuulu.experts import access, selectors, services
from kuulu.experts.models import AssignmentType, ExperienceArea, Language
from kuulu.integrations.auth import TokenAuth
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import Municipality
from kuulu.organisation.selectors import default_county

router = Router(tags=["experts"])


class AreaOut(Schema):
    id: int
    slug: str
    name: str
    name_fi: str | None
    name_sv: str | None
    name_en: str | None


class RequestIn(Schema):
    need: str = Field(min_length=1, max_length=4000)
    area_ids: list[int] = Field(min_length=1)
    type: AssignmentType
    date_from: date
    date_to: date | None = None
    time_note: str = Field("", max_length=60)
    # The minimum is the service's rule, so its message is translated like the web form's.
    duration_hours: Decimal = Field(max_digits=5, decimal_places=1)
    remote: bool = False
    municipality_id: int | None = None
    place: str = Field("", max_length=200)
    language: Language = Language.FINNISH
    cost_centre: str = Field("", max_length=40)

    @field_validator("need", "time_note", "place", "cost_centre")
    @classmethod
    def no_nul(cls, value: str) -> str:
        return refuse_nul(value)


class RequestOut(Schema):
    id: int
    status: str
    type: str
    date_from: date
    date_to: date | None
    remote: bool
    municipality_id: int | None
    language: str
    area_ids: list[int]


class BreakdownOut(Schema):
    areas: float
    place: float
    type: float
    rotation_recent: float
    rotation_wait: float


class SuggestionOut(Schema):
    profile_id: int
    name: str
    score: float
    breakdown: BreakdownOut
    matched_areas: int
    needed_areas: int
    place: str
    preferred_type: bool
    assignments_last_12_months: int
    explanation: str
    offered: str | None


@router.get("/areas", response=list[AreaOut], auth=None)
def list_areas(request: HttpRequest) -> list[ExperienceArea]:
    county = default_county()
    return list(selectors.areas_for(county.pk)) if county else []


def _request_out(expert_request) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": expert_request.pk,
        "status": expert_request.status,
        "type": expert_request.type,
        "date_from": expert_request.date_from,
        "date_to": expert_request.date_to,
        "remote": expert_request.remote,
        "municipality_id": expert_request.municipality_id,
        "language": expert_request.language,
        "area_ids": sorted(a.pk for a in expert_request.areas.all()),
    }


@router.post("/requests", response={201: RequestOut}, auth=TokenAuth())
def create_request(request: HttpRequest, payload: RequestIn) -> Status:
    """A professional's request for an experience expert (422 with field errors)."""
    _actor, person = access.require_requester(request.user)
    areas = list(ExperienceArea.objects.filter(pk__in=payload.area_ids, county_id=person.county_id))
    if len(areas) != len(set(payload.area_ids)):
        areas = []
    municipality = None
    if payload.municipality_id is not None:
        municipality = get_object_or_404(
            Municipality, pk=payload.municipality_id, county_id=person.county_id
        )
    data = payload.dict(exclude={"area_ids", "municipality_id"})
    data["municipality"] = municipality
    data["type"] = str(payload.type)
    data["language"] = str(payload.language)
    expert_request = services.create_request(
        requested_by=person, data=data, areas=areas, actor=request.user, request=request
    )
    return Status(201, _request_out(expert_request))


@router.get("/requests/{request_id}/suggestions", response=list[SuggestionOut], auth=TokenAuth())
def suggestions(request: HttpRequest, request_id: int) -> list[dict]:
    if not access.can_coordinate(actor_for(request.user)):
        raise PermissionDenied
    expert_request = access.access_request_for_coordinator(request.user, request_id)
    return [
        {
            "profile_id": item.profile.pk,
            "name": item.profile.person.full_name,
            "score": item.suggestion.score,
            "breakdown": item.suggestion.breakdown.__dict__,
            "matched_areas": item.suggestion.matched_areas,
            "needed_areas": item.suggestion.needed_areas,
            "place": str(item.suggestion.place),
            "preferred_type": item.suggestion.preferred_type,
            "assignments_last_12_months": item.suggestion.candidate.assignments_last_12_months,
            "explanation": item.explanation,
            "offered": item.offer.status if item.offer else None,
        }
        for item in selectors.explained_suggestions(expert_request)
    ]
