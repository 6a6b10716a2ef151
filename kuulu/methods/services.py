"""Writes of the methods bank: cards, import and export, the expert pool, support and uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.errors import duplicate_error
from kuulu.methods import exchange
from kuulu.methods.models import (
    ExpertMethod,
    MethodCard,
    MethodExpert,
    MethodUse,
    SupportRequest,
)
from kuulu.organisation.models import County, Municipality, Person, Unit

LANGS = exchange.LANGUAGES


# --- cards and the exchange format --------------------------------------------------------------


def card_to_exchange(card: MethodCard) -> dict[str, Any]:
    data: dict[str, Any] = {"uid": str(card.uid), "slug": card.slug}
    for name in exchange.TEXT_FIELDS:
        data[name] = {lang: getattr(card, f"{name}_{lang}") or "" for lang in LANGS}
    data["perspectives"] = card.perspective_list
    data["audiences"] = card.audience_list
    data["effort"] = card.effort
    data["cost"] = card.cost
    data["tool"] = card.tool
    if card.source_county:
        data["written_by"] = card.source_county
    data["licence"] = card.licence
    return data


def is_locally_edited(card: MethodCard) -> bool:
    """An imported card whose content differs from what was imported; a card written here and
    never imported counts as local work too."""
    if not card.imported_hash:
        return True
    return exchange.content_hash(card_to_exchange(card)) != card.imported_hash


def export_cards(*, county: County, cards: Any = None, contact: str = "") -> dict[str, Any]:
    cards = cards if cards is not None else MethodCard.objects.filter(county=county)
    return {
        "format": exchange.FORMAT,
        "version": exchange.VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "provenance": {"county": county.name, "county_slug": county.slug, "contact": contact},
        "licence": "CC-BY-4.0",
        "cards": [card_to_exchange(c) for c in cards.order_by("slug")],
    }


def _framed(codes: list[str]) -> str:
    return f",{','.join(sorted(codes))}," if codes else ""


def _apply_content(card: MethodCard, data: dict[str, Any]) -> None:
    for name in exchange.TEXT_FIELDS:
        texts = data.get(name) or {}
        for lang in LANGS:
            setattr(card, f"{name}_{lang}", (texts.get(lang) or "").strip())
    card.perspectives = _framed(data.get("perspectives") or [])
    card.audiences = _framed(data.get("audiences") or [])
    card.effort = data["effort"]
    card.cost = data["cost"]
    card.tool = data.get("tool") or ""


@dataclass(frozen=True)
class FieldChange:
    field: str
    local: str
    incoming: str


@dataclass(frozen=True)
class ImportItem:
    uid: str
    slug: str
    name: str
    action: str  # "new", "update", "unchanged", "conflict"
    changes: tuple[FieldChange, ...] = ()


@dataclass
class ImportPlan:
    provenance: str
    licence: str
    items: list[ImportItem] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)


def _flat(data: dict[str, Any]) -> dict[str, str]:
    flat: dict[str, str] = {}
    for name in exchange.TEXT_FIELDS:
        for lang in LANGS:
            flat[f"{name}.{lang}"] = ((data.get(name) or {}).get(lang) or "").strip()
    for name in ("perspectives", "audiences"):
        flat[name] = ", ".join(sorted(data.get(name) or []))
    for name in ("effort", "cost", "tool"):
        flat[name] = data.get(name) or ""
    return flat


def plan_import(*, county: County, document: dict[str, Any]) -> ImportPlan:
    """What importing a (validated) document would do, card by card, with a field diff."""
    exchange.validate(document)
    uids = [str(c["uid"]) for c in document["cards"]]
    existing = {str(c.uid): c for c in MethodCard.objects.filter(county=county, uid__in=uids)}
    plan = ImportPlan(provenance=document["provenance"]["county"], licence=document["licence"])
    for data in document["cards"]:
        uid = str(data["uid"])
        name = data["name"]["fi"]
        card = existing.get(uid)
        if card is None:
            plan.items.append(ImportItem(uid, data["slug"], name, "new"))
            continue
        local = _flat(card_to_exchange(card))
        incoming = _flat(data)
        changes = tuple(
            FieldChange(key, local[key], incoming[key])
            for key in local
            if local[key] != incoming[key]
        )
        if not changes:
            action = "unchanged"
        elif is_locally_edited(card):
            action = "conflict"
        else:
            action = "update"
        plan.items.append(ImportItem(uid, card.slug, name, action, changes))
    return plan


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    kept_local: int


@transaction.atomic
def import_cards(
    *,
    county: County,
    document: dict[str, Any],
    actor: Any = None,
    overwrite: frozenset[str] = frozenset(),
    publish: bool = False,
) -> ImportResult:
    """Import a validated document: new cards are created, cards unchanged here since their last
    import are updated, and cards edited here are kept unless their uid is in `overwrite`
    (the coordinator chose so after seeing the diff). All or nothing."""
    # One import of a county at a time: the same file confirmed twice at once (a double click)
    # would otherwise plan the same new cards twice and fail on their identifiers. The second
    # waits here and then finds them unchanged.
    County.objects.select_for_update().filter(pk=county.pk).values_list("pk").get()
    plan = plan_import(county=county, document=document)
    by_uid = {str(c["uid"]): c for c in document["cards"]}
    existing = {
        str(c.uid): c
        for c in MethodCard.objects.select_for_update().filter(county=county, uid__in=list(by_uid))
    }
    taken = set(MethodCard.objects.filter(county=county).values_list("slug", flat=True))
    provenance = document["provenance"]["county"]
    created = updated = unchanged = kept = 0
    now = timezone.now()
    for item in plan.items:
        data = by_uid[item.uid]
        if item.action == "unchanged":
            unchanged += 1
            continue
        if item.action == "conflict" and item.uid not in overwrite:
            kept += 1
            continue
        card = existing.get(item.uid)
        if card is None:
            slug = data["slug"]
            n = 2
            while slug in taken:
                slug = f"{data['slug'][:70]}-{n}"
                n += 1
            taken.add(slug)
            card = MethodCard(county=county, uid=item.uid, slug=slug)
            card.status = MethodCard.Status.PUBLISHED if publish else MethodCard.Status.DRAFT
            created += 1
        else:
            updated += 1
        _apply_content(card, data)
        card.source_county = data.get("written_by") or provenance
        card.licence = data.get("licence") or document["licence"]
        card.imported_hash = exchange.content_hash(data)
        card.imported_at = now
        card.full_clean(exclude=["county", "uid"])
        card.save()
    if actor is not None:
        record_event(
            action="methods.import",
            object_type="methods.methodcard",
            actor=actor,
            summary=f"imported method cards: {created} new, {updated} updated, {kept} kept",
        )
    return ImportResult(created, updated, unchanged, kept)


@transaction.atomic
def save_card(*, card: MethodCard, actor: Any) -> MethodCard:
    """Save a card edited by the coordinator (the form has filled it in). A short name another
    card of the county has is refused as a field error (the form does not know the county)."""
    creating = card.pk is None
    taken = _("Another method card of the county has this short name.")
    same = MethodCard.objects.filter(county_id=card.county_id, slug=card.slug)
    if same.exclude(pk=card.pk).exists():
        raise duplicate_error("slug", taken)
    try:
        with transaction.atomic():
            card.save()
    except IntegrityError as exc:  # the same name saved at the same moment
        raise duplicate_error("slug", taken) from exc
    record_event(
        action="methods.card_created" if creating else "methods.card_changed", obj=card, actor=actor
    )
    return card


# --- the expert pool and support ---------------------------------------------------------------


@transaction.atomic
def add_expert(
    *,
    county: County,
    person: Person,
    languages: list[str],
    municipalities: list[Municipality] = (),  # type: ignore[assignment]
    note: str = "",
) -> MethodExpert:
    if person.county_id != county.pk or person.kind != Person.Kind.STAFF:
        raise ValidationError(_("Only staff of the county can be method experts."))
    expert, _created = MethodExpert.objects.update_or_create(
        person=person,
        defaults={"county": county, "languages": _framed(languages), "note": note},
    )
    expert.municipalities.set(municipalities)
    return expert


def set_expert_active(
    *, expert: MethodExpert, active: bool, actor: Any, request: Any = None
) -> None:
    """Put an expert in the pool or take them out. The wanted state comes from the button the
    coordinator pressed, so two coordinators pressing the same button at once agree (a toggle
    would undo the other's press)."""
    changed = (
        MethodExpert.objects.filter(pk=expert.pk)
        .exclude(is_active=active)
        .update(is_active=active, updated_at=timezone.now())
    )
    expert.is_active = active
    if changed:
        record_event(
            action="methods.expert_toggled",
            obj=expert,
            actor=actor,
            request=request,
            summary="in the pool" if active else "out of the pool",
        )


def add_skill(
    *,
    expert: MethodExpert,
    method: MethodCard,
    trained_on: date | None = None,
    trained_by: str = "",
    earlier_uses: int = 0,
) -> ExpertMethod:
    if method.county_id != expert.county_id:
        raise ValidationError(_("The method belongs to another county."))
    skill, _created = ExpertMethod.objects.update_or_create(
        expert=expert,
        method=method,
        defaults={"trained_on": trained_on, "trained_by": trained_by, "earlier_uses": earlier_uses},
    )
    return skill


@transaction.atomic
def request_support(
    *,
    unit: Unit,
    method: MethodCard,
    need: str,
    actor: Any,
    language: str = "fi",
    municipality: Municipality | None = None,
    wanted_by: date | None = None,
) -> SupportRequest:
    if method.county_id != unit.county_id:
        raise ValidationError(_("The method belongs to another county."))
    return SupportRequest.objects.create(
        county_id=unit.county_id,
        unit=unit,
        method=method,
        need=need.strip(),
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        language=language,
        municipality=municipality,
        wanted_by=wanted_by,
    )


@transaction.atomic
def assign_expert(*, support: SupportRequest, expert: MethodExpert, actor: Any) -> SupportRequest:
    support = SupportRequest.objects.select_for_update().get(pk=support.pk)
    if support.status in (SupportRequest.Status.DONE, SupportRequest.Status.CANCELLED):
        raise ValidationError(_("This request is already closed."))
    if (
        expert.county_id != support.county_id
        or not expert.is_active
        or not Person.objects.filter(pk=expert.person_id, is_active=True).exists()
    ):
        raise ValidationError(_("Choose an active method expert of the county."))
    support.expert = expert
    support.status = SupportRequest.Status.ASSIGNED
    support.assigned_at = timezone.now()
    support.save(update_fields=["expert", "status", "assigned_at", "updated_at"])
    record_event(action="methods.expert_assigned", obj=support, actor=actor)
    return support


@transaction.atomic
def record_support(*, support: SupportRequest, support_given: str, actor: Any) -> SupportRequest:
    support = SupportRequest.objects.select_for_update().get(pk=support.pk)
    if support.status in (SupportRequest.Status.DONE, SupportRequest.Status.CANCELLED):
        raise ValidationError(_("This request is already closed."))
    if support.expert_id is None:
        raise ValidationError(_("Assign a method expert before recording the support."))
    if not support_given.strip():
        raise ValidationError(_("Describe the support that was given."))
    support.support_given = support_given.strip()
    support.status = SupportRequest.Status.DONE
    support.completed_at = timezone.now()
    support.save(update_fields=["support_given", "status", "completed_at", "updated_at"])
    record_event(action="methods.support_recorded", obj=support, actor=actor)
    return support


@transaction.atomic
def cancel_support(*, support: SupportRequest, actor: Any) -> SupportRequest:
    """The unit no longer needs the help (or asked twice): the request closes without support."""
    support = SupportRequest.objects.select_for_update().get(pk=support.pk)
    if support.status in (SupportRequest.Status.DONE, SupportRequest.Status.CANCELLED):
        raise ValidationError(_("This request is already closed."))
    support.status = SupportRequest.Status.CANCELLED
    support.completed_at = timezone.now()
    support.save(update_fields=["status", "completed_at", "updated_at"])
    record_event(action="methods.support_cancelled", obj=support, actor=actor)
    return support


@transaction.atomic
def log_use(
    *,
    unit: Unit,
    method: MethodCard,
    used_on: date,
    with_whom: str,
    participants: int,
    result: str = "",
    expert: MethodExpert | None = None,
    support: SupportRequest | None = None,
    actor: Any = None,
) -> MethodUse:
    if method.county_id != unit.county_id:
        raise ValidationError(_("The method belongs to another county."))
    if used_on > timezone.localdate():
        raise ValidationError(_("A use cannot be logged before it has happened."))
    if participants < 0:
        raise ValidationError(_("The number of participants cannot be negative."))
    return MethodUse.objects.create(
        county_id=unit.county_id,
        unit=unit,
        method=method,
        used_on=used_on,
        with_whom=with_whom.strip(),
        participants=participants,
        result=result.strip(),
        expert=expert,
        support=support,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
