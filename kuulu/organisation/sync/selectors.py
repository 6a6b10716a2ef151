"""Reads for the HR sync: the snapshot a plan is made against, and the runs so far."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from kuulu.accounts.models import User
from kuulu.organisation.models import County, HrSyncRun, Person, Unit
from kuulu.organisation.sync.diff import ExistingPerson, ExistingUnit, Snapshot
from kuulu.organisation.sync.parse import Document


def snapshot_for(*, county: County, document: Document) -> Snapshot:
    """Every unit of the county; the people with an external id or an email address of the
    file; and which person owns each of the file's email addresses as a sign-in account."""
    units = tuple(
        ExistingUnit(
            id=u["id"],
            external_id=u["external_id"],
            code=u["code"],
            parent_id=u["parent_id"],
            name_fi=u["name_fi"] or "",
            name_sv=u["name_sv"] or "",
            name_en=u["name_en"] or "",
            kind=u["kind"],
            is_active=u["is_active"],
        )
        for u in Unit.objects.filter(county=county)
        .order_by("id")
        .values(
            "id",
            "external_id",
            "code",
            "parent_id",
            "name_fi",
            "name_sv",
            "name_en",
            "kind",
            "is_active",
        )
    )
    emails = sorted({r.email for r in document.people or () if r.email})
    people_q = Q(external_id__gt="")
    if emails:
        people_q |= Q(email_lower__in=emails)
    rows = (
        Person.objects.filter(county=county)
        .annotate(email_lower=Lower("email"))
        .filter(people_q)
        .order_by("id")
        .values(
            "id",
            "external_id",
            "kind",
            "email",
            "first_name",
            "last_name",
            "unit_id",
            "job_title_fi",
            "job_title_sv",
            "job_title_en",
            "phone",
            "is_manager",
            "is_active",
            "user_id",
            "user__is_active",
        )
    )
    people = tuple(
        ExistingPerson(
            id=p["id"],
            external_id=p["external_id"],
            kind=p["kind"],
            email=p["email"],
            first_name=p["first_name"],
            last_name=p["last_name"],
            unit_id=p["unit_id"],
            title_fi=p["job_title_fi"] or "",
            title_sv=p["job_title_sv"] or "",
            title_en=p["job_title_en"] or "",
            phone=p["phone"],
            is_manager=p["is_manager"],
            is_active=p["is_active"],
            user_id=p["user_id"],
            user_active=p["user__is_active"],
        )
        for p in rows
    )
    accounts: dict[str, int | None] = {}
    if emails:
        for email, person_id in (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .values_list("email_lower", "person__id")
        ):
            accounts[email] = person_id
    return Snapshot(units=units, people=people, accounts=accounts)


def recent_runs(*, county: County, limit: int = 20) -> QuerySet[HrSyncRun]:
    return (
        HrSyncRun.objects.filter(county=county)
        .exclude(status=HrSyncRun.Status.PREVIEWED)
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )
