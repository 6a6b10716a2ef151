"""Who may see and run the yearly reports.

Everyone: published reports of the installation's county (web page, PDF, figures, API).
Coordinators of the report's county and system admins: drafts and every managing page.
Nobody else sees a draft: to them it does not exist (404 on the public pages)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.organisation.access import Actor, actor_for, require_same_county
from kuulu.organisation.models import County
from kuulu.reports import selectors
from kuulu.reports.models import Report


def can_manage_reports(actor: Actor) -> bool:
    return actor.is_coordinator


def require_report_manager(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_manage_reports(actor):
        raise PermissionDenied
    return actor


def county_for_manager(actor: Actor) -> County:
    """The county a report manager works in: their own; a system admin's is the installation's."""
    from kuulu.organisation.selectors import default_county

    county = (
        County.objects.filter(pk=actor.county_id).first() if actor.county_id else default_county()
    )
    if county is None:
        raise Http404
    return county


def access_report_for_manager(user: Any, report_id: int) -> Report:
    """A report of the manager's own county, draft or published; another county's is refused."""
    actor = require_report_manager(user)
    report = get_object_or_404(
        Report.objects.select_related("county", "published_by"), pk=report_id
    )
    require_same_county(actor, report.county_id)
    return report


def access_published_report(year: int) -> Report:
    """A published report of the installation's county, else not found (drafts included)."""
    from kuulu.organisation.selectors import default_county

    county = default_county()
    report = selectors.published_report(county_id=county.pk if county else None, year=year)
    if report is None:
        raise Http404
    return report
