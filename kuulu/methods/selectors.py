"""Reads of the methods bank: card search, the expert pool and adoption figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils.translation import get_language

from kuulu.methods.models import MethodCard, MethodExpert, MethodUse
from kuulu.organisation.models import County, Unit


@dataclass(frozen=True)
class CardFilters:
    q: str = ""
    perspective: str = ""
    audience: str = ""
    effort: str = ""
    cost: str = ""
    tool: str = ""


def shown_name() -> Coalesce | F:
    """The name a card shows in the active language (the Finnish one when it has none in
    that language), to order a list the way its reader reads it."""
    language = (get_language() or "fi")[:2]
    if language not in ("sv", "en"):
        return F("name_fi")
    return Coalesce(NullIf(f"name_{language}", Value("")), "name_fi")


def published_cards(*, filters: CardFilters, county: County | None = None) -> QuerySet[MethodCard]:
    """Published cards matching every filter given; the free text looks in the name and summary
    in all three languages."""
    qs = MethodCard.objects.filter(status=MethodCard.Status.PUBLISHED)
    if county is not None:
        qs = qs.filter(county=county)
    return filter_cards(qs, filters)


def filter_cards(qs: QuerySet[MethodCard], filters: CardFilters) -> QuerySet[MethodCard]:
    if filters.perspective:
        qs = qs.filter(perspectives__contains=f",{filters.perspective},")
    if filters.audience:
        qs = qs.filter(audiences__contains=f",{filters.audience},")
    if filters.effort:
        qs = qs.filter(effort=filters.effort)
    if filters.cost:
        qs = qs.filter(cost=filters.cost)
    if filters.tool:
        qs = qs.filter(tool=filters.tool)
    text = filters.q.strip()[:100]
    if text:
        match = Q()
        for lang in ("fi", "sv", "en"):
            match |= Q(**{f"name_{lang}__icontains": text})
            match |= Q(**{f"summary_{lang}__icontains": text})
        qs = qs.filter(match)
    return qs.only(
        "pk",
        "slug",
        "county_id",
        "name_fi",
        "name_sv",
        "name_en",
        "summary_fi",
        "summary_sv",
        "summary_en",
        "perspectives",
        "audiences",
        "effort",
        "cost",
        "tool",
        "duration_fi",
        "duration_sv",
        "duration_en",
        "status",
    )


@dataclass(frozen=True)
class ExpertRow:
    expert: MethodExpert
    methods: list[tuple[MethodCard, date | None, str, int]]  # method, trained on, by, times used


def experts(
    *,
    county: County,
    method_id: int | None = None,
    municipality_id: int | None = None,
    language: str = "",
    expert_id: int | None = None,
) -> list[ExpertRow]:
    """Active experts of the county, each with the methods they know and how many times they have
    used each (earlier uses plus uses and support recorded in Kuulu). With `expert_id`: that one
    expert, active or taken out of the pool."""
    qs = MethodExpert.objects.filter(county=county).select_related("person", "person__unit")
    # The pool is the experts still in it who still work for the county (a leaver's person
    # record is deactivated, by hand or by the HR sync, while the expert row stays).
    qs = (
        qs.filter(pk=expert_id)
        if expert_id is not None
        else qs.filter(is_active=True, person__is_active=True)
    )
    if method_id:
        qs = qs.filter(skills__method_id=method_id)
    if municipality_id:
        qs = qs.filter(municipalities__id=municipality_id)
    if language:
        qs = qs.filter(languages__contains=f",{language},")
    qs = qs.distinct().prefetch_related("skills__method", "municipalities")
    rows = list(qs)
    ids = [e.pk for e in rows]
    used: dict[tuple[int, int], int] = defaultdict(int)
    for row in (
        MethodUse.objects.filter(expert_id__in=ids)
        .values("expert_id", "method_id")
        .annotate(n=Count("pk"))
    ):
        used[(row["expert_id"], row["method_id"])] += row["n"]
    from kuulu.methods.models import SupportRequest

    for row in (
        SupportRequest.objects.filter(
            expert_id__in=ids, status=SupportRequest.Status.DONE, uses__isnull=True
        )
        .values("expert_id", "method_id")
        .annotate(n=Count("pk"))
    ):
        used[(row["expert_id"], row["method_id"])] += row["n"]
    return [
        ExpertRow(
            expert=e,
            methods=[
                (
                    s.method,
                    s.trained_on,
                    s.trained_by,
                    s.earlier_uses + used[(e.pk, s.method_id)],
                )
                for s in sorted(e.skills.all(), key=lambda s: s.method.name)
            ],
        )
        for e in rows
    ]


@dataclass(frozen=True)
class UnitAdoption:
    unit: Unit
    per_year: list[int]  # uses in each of `Adoption.years`
    uses: int
    participants: int
    methods: list[str]  # the methods the unit has used, by name


@dataclass(frozen=True)
class Adoption:
    years: list[int]
    rows: list[UnitAdoption]  # the units (and teams) that logged uses, in tree order
    by_method: list[tuple[str, int, int, int]]  # method, uses, units, participants
    units_without: list[Unit]
    total_uses: int
    units_using: int
    units_total: int


def adoption(*, county: County, start: date, end: date) -> Adoption:
    """Uses of methods per unit (with the methods it used) and year, and per method, in
    [start, end], and the active units of the
    county (below the service-area level) that have used no method in the period."""
    uses = MethodUse.objects.filter(county=county, used_on__gte=start, used_on__lte=end)
    # Two grouped scans: (unit, method) for who used what and the per-method figures, and
    # (unit, year) for the time series; each returns at most units x methods (or years) rows.
    pairs = (
        uses.values_list("unit_id", "method_id")
        .annotate(n=Count("pk"), people=Sum("participants"))
        .order_by()
    )
    per_year_rows = (
        uses.annotate(year=ExtractYear("used_on"))
        .values_list("unit_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    unit_methods: dict[int, set[int]] = defaultdict(set)
    unit_people: dict[int, int] = defaultdict(int)
    method_units: dict[int, int] = defaultdict(int)
    method_uses: dict[int, int] = defaultdict(int)
    method_people: dict[int, int] = defaultdict(int)
    for unit_id, method_id, n, count_people in pairs:
        unit_methods[unit_id].add(method_id)
        unit_people[unit_id] += count_people or 0
        method_units[method_id] += 1
        method_uses[method_id] += n
        method_people[method_id] += count_people or 0
    per_unit: dict[int, dict[int, int]] = defaultdict(dict)
    years: set[int] = set()
    for unit_id, year, n in per_year_rows:
        per_unit[unit_id][year] = n
        years.add(year)
    unit_ids = set(unit_methods)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    names = {
        c.pk: c.name
        for c in MethodCard.objects.filter(pk__in=set(method_uses)).only(
            "pk", "name_fi", "name_sv", "name_en"
        )
    }
    year_list = sorted(years)
    rows = sorted(
        (
            UnitAdoption(
                unit=units[u],
                per_year=[per_unit[u].get(y, 0) for y in year_list],
                uses=sum(per_unit[u].values()),
                participants=unit_people[u],
                methods=sorted(names.get(m, "?") for m in unit_methods[u]),
            )
            for u in per_unit
        ),
        key=lambda r: r.unit.path,
    )
    by_method = sorted(
        (
            (names.get(m, "?"), method_uses[m], method_units[m], method_people[m])
            for m in method_uses
        ),
        key=lambda r: (-r[1], r[0]),
    )
    # A unit has adopted a method when it, or a team under it, has logged a use.
    used_paths = [u.path for u in units.values()]
    candidates = list(
        Unit.objects.filter(county=county, is_active=True, kind=Unit.Kind.UNIT).order_by("path")
    )
    using = [u for u in candidates if any(p.startswith(u.path) for p in used_paths)]
    using_ids = {u.pk for u in using}
    without = [u for u in candidates if u.pk not in using_ids]
    return Adoption(
        years=year_list,
        rows=rows,
        by_method=by_method,
        units_without=without,
        total_uses=sum(method_uses.values()),
        units_using=len(using),
        units_total=len(candidates),
    )


def recent_uses(*, county: County, units: Any = None, limit: int = 20) -> QuerySet[MethodUse]:
    qs = MethodUse.objects.filter(county=county).select_related("unit", "method")
    if units is not None:
        qs = qs.filter(unit__in=units)
    return qs[:limit]
