"""Reads for the experience-expert bank: the bank search, match suggestions, request lists,
the expert's own page and the payroll export."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kuulu.experts import matching
from kuulu.experts.models import (
    Engagement,
    ExperienceArea,
    ExpertProfile,
    ExpertRequest,
    Language,
    Offer,
)
from kuulu.organisation.models import Municipality

ROTATION_WINDOW = timedelta(days=365)
COUNTED = [Engagement.Status.AGREED, Engagement.Status.DONE]


def areas_for(county_id: int) -> QuerySet[ExperienceArea]:
    return ExperienceArea.objects.filter(county_id=county_id)


def bank_profiles(
    *,
    county_id: int,
    area: ExperienceArea | None = None,
    language: str = "",
    municipality: Municipality | None = None,
    type: str = "",
) -> QuerySet[ExpertProfile]:
    """Profiles in the bank for the staff search, with what the limited card shows."""
    profiles = ExpertProfile.objects.in_bank().filter(county_id=county_id)
    if area is not None:
        profiles = profiles.filter(areas=area)
    if language:
        # JSON text of the list: '["fi", "sv"]' contains '"sv"' (works on SQLite and PostgreSQL).
        profiles = profiles.filter(languages__icontains=f'"{language}"')
    if municipality is not None:
        profiles = profiles.filter(municipalities=municipality)
    if type:
        profiles = profiles.filter(preferred_types__icontains=f'"{type}"')
    return profiles.distinct().select_related("person").prefetch_related("areas", "municipalities")


def profile_detail(profile: ExpertProfile) -> ExpertProfile:
    return (
        ExpertProfile.objects.select_related("person", "person__user")
        .prefetch_related("areas", "municipalities", "trainings__ngo")
        .get(pk=profile.pk)
    )


def rotation_counts(
    county_id: int, on: date, profile_ids: list[int] | None = None
) -> dict[int, tuple[int, date | None]]:
    """Per profile: engagements in the 12 months before `on`, and the date of the last one."""
    engagements = Engagement.objects.filter(profile__county_id=county_id, status__in=COUNTED)
    if profile_ids is not None:
        engagements = engagements.filter(profile_id__in=profile_ids)
    rows = (
        engagements.values("profile_id")
        .annotate(
            recent=Count("id", filter=Q(date__gt=on - ROTATION_WINDOW, date__lte=on)),
            last=Max("date", filter=Q(date__lte=on)),
        )
        .values_list("profile_id", "recent", "last")
    )
    return {pk: (recent, last) for pk, recent, last in rows}


def candidates_for(county_id: int, on: date) -> list[matching.Candidate]:
    """Every profile that could be suggested, as plain data: four queries in all, whatever
    the size of the bank."""
    profiles = list(
        ExpertProfile.objects.in_bank()
        .filter(county_id=county_id, available=True)
        .exclude(unavailable_until__gte=on)
        .values_list("id", "languages", "remote_ok", "unavailable_until", "preferred_types")
    )
    areas: dict[int, set[int]] = defaultdict(set)
    through = ExpertProfile.areas.through.objects.filter(expertprofile__county_id=county_id)
    for profile_id, area_id in through.values_list("expertprofile_id", "experiencearea_id"):
        areas[profile_id].add(area_id)
    municipalities: dict[int, set[int]] = defaultdict(set)
    through = ExpertProfile.municipalities.through.objects.filter(
        expertprofile__county_id=county_id
    )
    for profile_id, municipality_id in through.values_list("expertprofile_id", "municipality_id"):
        municipalities[profile_id].add(municipality_id)
    rotation = rotation_counts(county_id, on)
    return [
        matching.Candidate(
            id=pk,
            areas=frozenset(areas.get(pk, ())),
            languages=frozenset(languages or ()),
            municipalities=frozenset(municipalities.get(pk, ())),
            remote_ok=remote_ok,
            available=True,
            unavailable_until=unavailable_until,
            types=frozenset(types or ()),
            assignments_last_12_months=rotation.get(pk, (0, None))[0],
            last_assignment_on=rotation.get(pk, (0, None))[1],
        )
        for pk, languages, remote_ok, unavailable_until, types in profiles
    ]


def need_for(expert_request: ExpertRequest) -> matching.Need:
    return matching.Need(
        areas=frozenset(a.pk for a in expert_request.areas.all()),
        language=expert_request.language,
        on=expert_request.date_from,
        type=expert_request.type,
        remote=expert_request.remote,
        municipality_id=expert_request.municipality_id,
    )


def suggestions_for(expert_request: ExpertRequest, *, limit: int = 10) -> list[matching.Suggestion]:
    need = need_for(expert_request)
    return matching.rank(candidates_for(expert_request.county_id, need.on), need, limit=limit)


@dataclass(frozen=True)
class ExplainedSuggestion:
    """A suggestion with its profile and a sentence a coordinator can read."""

    suggestion: matching.Suggestion
    profile: ExpertProfile
    explanation: str
    offer: Offer | None
    agreement_ok: bool


def explain(suggestion: matching.Suggestion, need: matching.Need, municipality_name: str) -> str:
    parts = [
        _("matches %(matched)s of %(needed)s areas")
        % {"matched": suggestion.matched_areas, "needed": suggestion.needed_areas}
        if suggestion.needed_areas
        else _("no areas asked"),
        _("speaks %(language)s") % {"language": str(Language(need.language).label)},
    ]
    if suggestion.place is matching.Place.MUNICIPALITY:
        parts.append(_("in %(municipality)s") % {"municipality": municipality_name})
    elif suggestion.place is matching.Place.REMOTE:
        parts.append(_("works remotely"))
    else:
        parts.append(_("does not name the municipality"))
    if suggestion.preferred_type:
        parts.append(_("prefers this type of assignment"))
    count = suggestion.candidate.assignments_last_12_months
    parts.append(
        ngettext(
            "%(count)s assignment in the last 12 months",
            "%(count)s assignments in the last 12 months",
            count,
        )
        % {"count": count}
    )
    return ", ".join(parts)


def explained_suggestions(
    expert_request: ExpertRequest, *, limit: int = 10
) -> list[ExplainedSuggestion]:
    need = need_for(expert_request)
    suggestions = matching.rank(
        candidates_for(expert_request.county_id, need.on), need, limit=limit
    )
    ids = [s.candidate.id for s in suggestions]
    profiles = ExpertProfile.objects.select_related("person").prefetch_related("areas").in_bulk(ids)
    offers = {o.profile_id: o for o in Offer.objects.filter(request=expert_request)}
    municipality_name = str(expert_request.municipality or "")
    return [
        ExplainedSuggestion(
            suggestion=s,
            profile=profiles[s.candidate.id],
            explanation=explain(s, need, municipality_name),
            offer=offers.get(s.candidate.id),
            agreement_ok=profiles[s.candidate.id].agreement_valid_on(need.on),
        )
        for s in suggestions
        if s.candidate.id in profiles
    ]


def _request_list() -> QuerySet[ExpertRequest]:
    return ExpertRequest.objects.select_related(
        "requested_by", "unit", "municipality", "engagement__profile__person"
    ).prefetch_related("areas")


def requests_by(person_id: int) -> QuerySet[ExpertRequest]:
    return _request_list().filter(requested_by_id=person_id).order_by("-date_from", "-id")


def request_queue(*, county_id: int | None, status: str = "") -> QuerySet[ExpertRequest]:
    requests = _request_list().annotate(
        pending_offers=Count("offers", filter=Q(offers__status=Offer.Status.PENDING))
    )
    if county_id:
        requests = requests.filter(county_id=county_id)
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("status", "date_from", "id")


def request_offers(expert_request: ExpertRequest) -> QuerySet[Offer]:
    return expert_request.offers.select_related("profile__person").order_by("created_at", "id")


def offers_for_expert(profile: ExpertProfile) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(profile=profile)
        .select_related("request__municipality")
        .prefetch_related(Prefetch("request__areas"))
        .order_by("-created_at", "-id")
    )


def engagements_for_expert(profile: ExpertProfile) -> QuerySet[Engagement]:
    return Engagement.objects.filter(profile=profile).select_related("request__municipality")


@dataclass(frozen=True)
class PayrollRow:
    engagement: Engagement
    expert_name: str
    payee_number: str
    cost_centre: str

    @property
    def values(self) -> list[Any]:
        e = self.engagement
        return [
            self.expert_name,
            self.payee_number,
            e.date.isoformat(),
            str(e.get_type_display()),
            _money(e.hours) if e.hours is not None else "",
            str(e.get_fee_basis_display()),
            _money(e.fee_amount),
            _money(e.travel_km),
            _money(e.km_allowance),
            _money(e.tickets_amount),
            _money(e.per_diem_amount),
            _money(e.travel_amount),
            _money(e.total_amount),
            self.cost_centre,
        ]


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def payroll_header() -> list[str]:
    return [
        _("Expert"),
        _("Payee number"),
        _("Date"),
        _("Assignment type"),
        _("Hours"),
        _("Fee basis"),
        _("Fee"),
        _("Kilometres"),
        _("Kilometre allowance"),
        _("Tickets"),
        _("Per diem"),
        _("Travel total"),
        _("Total"),
        _("Cost centre"),
    ]


def payroll_rows(*, county_id: int | None, first: date) -> list[PayrollRow]:
    """Done engagements in the month starting at `first`, one row each, by date."""
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    engagements = Engagement.objects.filter(
        status=Engagement.Status.DONE, date__gte=first, date__lt=following
    ).select_related("profile__person", "request__unit")
    if county_id:
        engagements = engagements.filter(profile__county_id=county_id)
    return [
        PayrollRow(
            engagement=e,
            expert_name=e.profile.person.full_name,
            payee_number=e.profile.payee_number,
            cost_centre=e.request.cost_centre or (e.request.unit.code if e.request.unit else ""),
        )
        for e in engagements.order_by("date", "id")
    ]
