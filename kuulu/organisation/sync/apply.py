"""Writing an HR sync. Every interface (workspace page, API, management command, scheduled
run) calls `preview_sync` and `apply_sync` here.

Applying locks the county row and every unit of the county, then plans again against what is in
the database now, so two syncs (or a sync and a unit move in the workspace) never interleave: the
second waits and then sees the first one's result. Writes are set-based (bulk inserts and
updates), all in one transaction; a plan with any problem writes nothing but the run record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from kuulu.accounts.models import User
from kuulu.core.audit import client_ip, record_event
from kuulu.core.models import AuditEvent
from kuulu.organisation.models import County, HrSyncRun, Person, Unit
from kuulu.organisation.sync.diff import (
    ADDED,
    DEACTIVATED,
    REACTIVATED,
    Change,
    Plan,
    plan_sync,
)
from kuulu.organisation.sync.parse import Document
from kuulu.organisation.sync.selectors import snapshot_for

PREVIEW_VALID = timedelta(hours=1)
PERSON_FIELD = {"title_fi": "job_title_fi", "title_sv": "job_title_sv", "title_en": "job_title_en"}


@dataclass(frozen=True)
class SyncResult:
    run: HrSyncRun
    plan: Plan
    applied: bool
    stale: bool = False


def preview_sync(*, county: County, document: Document) -> Plan:
    """What the document would change now (nothing is written)."""
    return plan_sync(document, snapshot_for(county=county, document=document))


@transaction.atomic
def stage_preview(
    *, county: County, document: Document, actor: Any = None, source: str = HrSyncRun.Source.WEB
) -> tuple[HrSyncRun, Plan]:
    """A preview for the workspace's confirm step: the run keeps the parsed document until it is
    confirmed (or refused) so the file need not be sent twice."""
    purge_stale_previews()
    plan = preview_sync(county=county, document=document)
    run = HrSyncRun.objects.create(
        county=county,
        created_by=_user(actor),
        source=source,
        status=HrSyncRun.Status.PREVIEWED if plan.ok else HrSyncRun.Status.REJECTED,
        is_full=document.full,
        document=document.to_json() if plan.ok else None,
        fingerprint=plan.fingerprint() if plan.ok else "",
        counts=plan.counts,
        problem_count=len(plan.problems),
    )
    return run, plan


def purge_stale_previews(*, now: Any = None) -> int:
    """Previews nobody confirmed within the hour lose their copy of the file."""
    cutoff = (now or timezone.now()) - PREVIEW_VALID
    return HrSyncRun.objects.filter(
        status=HrSyncRun.Status.PREVIEWED, created_at__lt=cutoff
    ).update(status=HrSyncRun.Status.EXPIRED, document=None)


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def apply_sync(
    *,
    county: County,
    document: Document,
    actor: Any = None,
    request: Any = None,
    source: str = HrSyncRun.Source.COMMAND,
    run: HrSyncRun | None = None,
    expected_fingerprint: str | None = None,
) -> SyncResult:
    """Apply the document, or nothing. With `expected_fingerprint`, apply only the very change
    set the preview showed (else the result is `stale` and nothing is written)."""
    County.objects.select_for_update().filter(pk=county.pk).values_list("pk").get()
    list(Unit.objects.select_for_update().filter(county=county).values_list("pk"))
    plan = preview_sync(county=county, document=document)
    if run is not None and run.pk is not None:
        # A preview confirmed twice at once: the second waited for the lock and finds it done.
        current = HrSyncRun.objects.select_for_update().get(pk=run.pk)
        if current.status != HrSyncRun.Status.PREVIEWED:
            return SyncResult(current, plan, applied=False, stale=True)
    if run is None:
        run = HrSyncRun(county=county, created_by=_user(actor), source=source)
    run.is_full = document.full
    run.counts = plan.counts
    run.problem_count = len(plan.problems)
    if not plan.ok:
        run.status = HrSyncRun.Status.REJECTED
        run.document = None
        run.save()
        return SyncResult(run, plan, applied=False)
    if expected_fingerprint is not None and plan.fingerprint() != expected_fingerprint:
        run.status = HrSyncRun.Status.EXPIRED
        run.document = None
        run.save()
        return SyncResult(run, plan, applied=False, stale=True)

    now = timezone.now()
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        unit_pks = _apply_units(county, plan.units, now)
        _apply_people(county, plan.people, unit_pks, now)
    run.status = HrSyncRun.Status.APPLIED
    run.applied_at = now
    run.document = None
    run.fingerprint = plan.fingerprint()
    run.save()
    _audit(run, plan, actor=_user(actor), request=request, source=source)
    return SyncResult(run, plan, applied=True)


def _apply_units(county: County, changes: Iterable[Change], now: Any) -> dict[str, int]:
    changes = list(changes)
    added = [c for c in changes if c.action == ADDED]
    updated = [c for c in changes if c.action != ADDED]
    pks = dict(
        Unit.objects.filter(county=county, external_id__gt="").values_list("external_id", "pk")
    )
    # Adopted units have no external id in the database yet.
    pks.update({c.external_id: c.target_id for c in updated if c.target_id is not None})
    # New units go in level by level, parents first, so each row is written once with its
    # parent; the plan has refused any loop, so every round places at least one unit.
    waiting = list(added)
    while waiting:
        ready = [c for c in waiting if not c.values["parent"] or c.values["parent"] in pks]
        level = [
            Unit(
                county=county,
                parent_id=pks[c.values["parent"]] if c.values["parent"] else None,
                external_id=c.values["external_id"],
                name=c.values["name_fi"],
                name_fi=c.values["name_fi"],
                name_sv=c.values["name_sv"] or None,
                name_en=c.values["name_en"] or None,
                kind=c.values["kind"],
                code=c.values["code"],
                is_active=True,
                path="",
                depth=0,
            )
            for c in ready
        ]
        if not level:
            raise RuntimeError("HR sync: new units whose parents never appear")
        Unit.objects.bulk_create(level, batch_size=500)
        pks.update({u.external_id: u.pk for u in level})
        placed = {id(c) for c in ready}
        waiting = [c for c in waiting if id(c) not in placed]

    objects = Unit.objects.in_bulk([c.target_id for c in updated])
    written: set[str] = set()
    touched: list[Unit] = []
    for c in updated:
        unit = objects[c.target_id]
        for f in c.fields:
            if f.field == "parent":
                unit.parent_id = pks[f.new] if f.new else None
                written.add("parent")
            elif f.field == "name_fi":
                unit.name_fi = f.new
                written.update({"name", "name_fi"})
            elif f.field in ("name_sv", "name_en"):
                setattr(unit, f.field, f.new or None)
                written.add(f.field)
            else:
                setattr(unit, f.field, f.new)
                written.add(f.field)
        unit.updated_at = now
        touched.append(unit)
    if touched:
        Unit.objects.bulk_update(
            touched, sorted(written | {"parent", "updated_at"}), batch_size=500
        )
    _recompute_paths(county)
    return pks


def _recompute_paths(county: County) -> None:
    """Paths and depths of the whole county from the parent links: the moved units keep their
    rows (and everything linked to them); only their subtree's paths change."""
    rows = list(Unit.objects.filter(county=county).values_list("pk", "parent_id", "path", "depth"))
    parent_of = {pk: parent for pk, parent, _, _ in rows}
    computed: dict[int, tuple[str, int]] = {}

    def resolve(pk: int) -> tuple[str, int]:
        chain = []
        node: int | None = pk
        while node is not None and node not in computed:
            chain.append(node)
            node = parent_of[node]
        prefix, depth = computed[node] if node is not None else ("", -1)
        for item in reversed(chain):
            prefix, depth = f"{prefix}{item}/", depth + 1
            computed[item] = (prefix, depth)
        return computed[pk]

    stale = []
    for pk, _parent, path, depth in rows:
        new_path, new_depth = resolve(pk)
        if (new_path, new_depth) != (path, depth):
            stale.append(Unit(pk=pk, path=new_path, depth=new_depth))
    if stale:
        Unit.objects.bulk_update(stale, ["path", "depth"], batch_size=500)


def _apply_people(
    county: County, changes: Iterable[Change], unit_pks: dict[str, int], now: Any
) -> None:
    from kuulu.accounts import services as account_services

    changes = list(changes)
    needs_account = [
        c for c in changes if c.action == ADDED or any(f.field == "account" for f in c.fields)
    ]
    languages = {c.values["email"]: c.values.get("language") for c in needs_account}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=list(languages))}
    new_users = []
    for email, language in languages.items():
        if email not in users:
            # The file's language only seeds a new account; the owner's own choice wins after.
            user = User(email=email, language=language or settings.LANGUAGE_CODE)
            user.set_unusable_password()
            new_users.append(user)
            users[email] = user
    User.objects.bulk_create(new_users, batch_size=500)

    added = [
        Person(
            county=county,
            kind=Person.Kind.STAFF,
            external_id=c.values["external_id"],
            first_name=c.values["first_name"],
            last_name=c.values["last_name"],
            email=c.values["email"],
            unit_id=unit_pks[c.values["unit"]],
            job_title=c.values["title_fi"],
            job_title_fi=c.values["title_fi"] or None,
            job_title_sv=c.values["title_sv"] or None,
            job_title_en=c.values["title_en"] or None,
            phone=c.values["phone"],
            is_manager=c.values["is_manager"],
            is_active=True,
            user_id=users[c.values["email"]].pk,
        )
        for c in changes
        if c.action == ADDED
    ]
    Person.objects.bulk_create(added, batch_size=500)

    updated = [c for c in changes if c.action != ADDED]
    objects = Person.objects.select_related("user").in_bulk([c.target_id for c in updated])
    written: set[str] = set()
    deactivate_users: list[int] = []
    reactivate_users: list[int] = []
    for c in updated:
        person = objects[c.target_id]
        for f in c.fields:
            if f.field == "unit":
                person.unit_id = unit_pks[f.new]
                written.add("unit")
            elif f.field == "account":
                person.user_id = users[f.new].pk
                written.add("user")
            elif f.field == "email":
                person.email = f.new
                written.add("email")
                if person.user is not None:
                    account_services.change_email(user=person.user, email=f.new)
            elif f.field in PERSON_FIELD:
                setattr(person, PERSON_FIELD[f.field], f.new or None)
                written.add(PERSON_FIELD[f.field])
                if f.field == "title_fi":
                    written.add("job_title")
            else:
                setattr(person, f.field, f.new)
                written.add(f.field)
        if c.action == DEACTIVATED and person.user_id is not None:
            deactivate_users.append(person.user_id)
        if c.action == REACTIVATED and person.user_id is not None:
            reactivate_users.append(person.user_id)
        person.updated_at = now
    if updated:
        Person.objects.bulk_update(
            list(objects.values()), sorted(written | {"updated_at"}), batch_size=500
        )
    # Sessions end with the account: Django's backend refuses inactive users on every request.
    User.objects.filter(pk__in=deactivate_users, is_active=True).update(is_active=False)
    User.objects.filter(pk__in=reactivate_users, is_active=False).update(is_active=True)
    if settings.HR_SYNC_SEND_INVITATIONS:
        for user in new_users:
            account_services.invite_after_commit(user=user)


def _audit(run: HrSyncRun, plan: Plan, *, actor: Any, request: Any, source: str) -> None:
    """One event for the run with its counts, and one per unit and person it changed, naming
    the changed fields (roles such as manager are among them)."""
    counts = plan.counts
    summary = "hr sync applied: " + "; ".join(
        f"{name} " + " ".join(f"{a}={n}" for a, n in by_action.items() if n)
        for name, by_action in counts.items()
    )
    via = "api" if source == HrSyncRun.Source.API else source
    record_event(action="update", obj=run, actor=actor, request=request, summary=summary, via=via)
    label = f"user:{actor.pk}" if actor is not None else "hr-sync"
    ip = client_ip(request)
    unit_ids = dict(
        Unit.objects.filter(
            county_id=run.county_id, external_id__in=[c.external_id for c in plan.units]
        ).values_list("external_id", "pk")
    )
    person_ids = dict(
        Person.objects.filter(
            county_id=run.county_id, external_id__in=[c.external_id for c in plan.people]
        ).values_list("external_id", "pk")
    )
    events = []
    for object_type, changes, ids in (
        ("organisation.unit", plan.units, unit_ids),
        ("organisation.person", plan.people, person_ids),
    ):
        for c in changes:
            events.append(
                AuditEvent(
                    action="create" if c.action == ADDED else "update",
                    object_type=object_type,
                    object_id=str(ids.get(c.external_id, c.target_id or "")),
                    actor=actor,
                    actor_label=label,
                    summary=f"hr sync {run.pk}: {c.action}",
                    changed_fields=sorted(f.field for f in c.fields),
                    ip_address=ip,
                    via=via,
                )
            )
    AuditEvent.objects.bulk_create(events, batch_size=1000)
