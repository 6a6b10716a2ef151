"""Reads of the organisation."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from kuulu.organisation.access import Actor
from kuulu.organisation.models import County, Person, Unit


def default_county() -> County | None:
    """Kuulu serves one county per installation; the first one is it."""
    return County.objects.order_by("id").first()


@dataclass
class UnitNode:
    unit: Unit
    staff_count: int
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(*, county: County | None) -> list[UnitNode]:
    """The whole unit tree in one query, built in memory (ordered by path, parents first)."""
    if county is None:
        return []
    units = (
        Unit.objects.filter(county=county)
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("path")
    )
    nodes: dict[int, UnitNode] = {}
    roots: list[UnitNode] = []
    for unit in units:
        node = UnitNode(unit=unit, staff_count=unit.staff_count)
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def people_visible_to(actor: Actor) -> QuerySet[Person]:
    """Coordinators see everyone; managers see the staff of their subtree; others no one."""
    qs = Person.objects.select_related("unit", "user", "ngo", "municipality")
    if actor.is_coordinator:
        return qs
    if actor.is_manager and actor.unit_path:
        return qs.filter(unit__path__startswith=actor.unit_path)
    return qs.none()


def search_people(
    *, actor: Actor, query: str = "", kind: str = "", unit_id: int | None = None, limit: int = 100
) -> list[Person]:
    qs = people_visible_to(actor)
    query = query.strip()
    if query:
        for word in query.split()[:4]:
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(job_title_fi__icontains=word)
                | Q(job_title_sv__icontains=word)
                | Q(job_title_en__icontains=word)
            )
    if kind:
        qs = qs.filter(kind=kind)
    if unit_id:
        unit = Unit.objects.filter(pk=unit_id).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    return list(qs.order_by("last_name", "first_name", "id")[:limit])


def unit_chain(unit: Unit) -> list[Unit]:
    """The unit and its ancestors from the top, in one query."""
    ids = [int(part) for part in unit.path.split("/") if part]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
