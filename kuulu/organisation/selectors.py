"""Reads of the organisation."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from kuulu.organisation.access import Actor
from kuulu.organisation.models import County, Person, Unit


def default_county() -> County | None:
    """The installation's county for the public side (portal, public forms and APIs): the
    first one. Staff pages use the signed-in person's own (`organisation.access.county_of`)."""
    return County.objects.order_by("id").first()


def only_county() -> County | None:
    """The installation's county when it has exactly one; None when it has none or several
    (a job that changes a county's data must then be told which one)."""
    counties = list(County.objects.order_by("id")[:2])
    return counties[0] if len(counties) == 1 else None


def county_choice_problem(slug: str) -> str:
    """Why a job given the county short name `slug` (empty: none given) has no county to work
    on, in English for operators; empty when it has one (`county_for_job`)."""
    if slug:
        if County.objects.filter(slug=slug).exists():
            return ""
        return f"No county with the short name {slug!r}."
    if only_county() is not None:
        return ""
    slugs = list(County.objects.order_by("id").values_list("slug", flat=True))
    if not slugs:
        return "No county: create one first."
    return (
        "The installation has several counties; name one with --county (" + ", ".join(slugs) + ")."
    )


def county_for_job(slug: str) -> County | None:
    """The county a management command or scheduled job works on: the one named by `slug`, or
    with no name the installation's only county. None when that does not name exactly one."""
    if slug:
        return County.objects.filter(slug=slug).first()
    return only_county()


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
    """Coordinators see everyone of their county (system admins: of every county); managers see
    the staff of their subtree; others no one."""
    qs = Person.objects.select_related("unit", "user", "ngo", "municipality")
    if actor.county_id is not None:
        qs = qs.filter(county_id=actor.county_id)
    if actor.is_coordinator:
        return qs
    if actor.is_manager and actor.unit_path:
        return qs.filter(unit__path__startswith=actor.unit_path)
    return qs.none()


def search_people(
    *, actor: Actor, query: str = "", kind: str = "", unit_id: int | None = None, limit: int = 100
) -> list[Person]:
    if "\x00" in query or "\x00" in kind:
        # No name, address or kind holds a NUL, and PostgreSQL cannot compare text with one.
        return []
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
