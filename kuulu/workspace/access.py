"""Who sees which workspace modules, the audit log and accessibility feedback."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.access import Actor, actor_for
from kuulu.organisation.models import Person
from kuulu.organisation.selectors import only_county
from kuulu.portal.models import AccessibilityFeedback


@dataclass(frozen=True)
class Module:
    key: str
    title: str | Promise
    description: str | Promise
    url_name: str


def modules_for(actor: Actor) -> list[Module]:
    """The workspace modules this actor may open, in display order."""
    modules: list[Module] = []
    if can_see_leadership_view(actor):
        modules.append(
            Module(
                "leadership",
                _("Leadership view"),
                _("Programme status, indicators against targets and what is overdue, by area."),
                "workspace:leadership",
            )
        )
    from kuulu.indicators.access import can_view_indicators
    from kuulu.outcomes.access import can_manage_outcomes
    from kuulu.programme.access import can_keep_programme
    from kuulu.reports.access import can_manage_reports

    if can_view_indicators(actor):
        modules.append(
            Module(
                "indicators",
                _("Indicators"),
                _("Participation figures from every module by the four perspectives."),
                "indicators:dashboard",
            )
        )
    if can_keep_programme(actor):
        modules.append(
            Module(
                "programme",
                _("Participation programme"),
                _("Goals, measures and indicators of the programme, and their follow-up."),
                "programme:manage",
            )
        )
    if actor.is_staff:
        modules.append(
            Module(
                "programme-follow-up",
                _("Measures to follow up"),
                _("Programme measures you are responsible for, and their quarterly follow-up."),
                "programme:follow_up_list",
            )
        )
    if can_manage_outcomes(actor):
        modules.append(
            Module(
                "outcomes",
                _("What came of it"),
                _("Outcomes and decisions, the inputs they drew on, and publishing them."),
                "outcomes:manage",
            )
        )
    if can_manage_reports(actor):
        modules.append(
            Module(
                "reports",
                _("Yearly reports"),
                _("The yearly participation report: figures, narrative and publishing."),
                "reports:manage",
            )
        )
    if actor.is_staff:
        modules.append(
            Module(
                "units",
                _("Units"),
                _("The county's service areas, units and teams."),
                "organisation:unit_tree",
            )
        )
    if actor.is_coordinator or actor.is_manager:
        modules.append(
            Module(
                "people",
                _("People"),
                _("Staff and other people the county works with."),
                "organisation:people",
            )
        )
    if actor.is_coordinator:  # organisation.access.can_sync_organisation
        modules.append(
            Module(
                "hr-sync",
                _("HR and organisation sync"),
                _("Import units and staff from the HR system's files, with a preview."),
                "organisation:hr_sync",
            )
        )
    modules.append(
        Module(
            "events",
            _("Training calendar"),
            _("Trainings and learning events, and registering for them."),
            "events:calendar",
        )
    )
    if actor.is_staff:
        modules.append(
            Module(
                "my-assignments",
                _("My mandatory training"),
                _("Courses and events you must complete, with due dates."),
                "assignments:mine",
            )
        )
    if actor.is_coordinator or actor.is_manager:
        modules.append(
            Module(
                "assignments",
                _("Mandatory training"),
                _("Assign training, follow completion by unit and see who is overdue."),
                "assignments:list",
            )
        )
    if actor.is_staff:
        modules.append(
            Module(
                "learning",
                _("E-learning"),
                _("Courses, quizzes and your progress in the competence programme."),
                "learning:courses",
            )
        )
        modules.append(
            Module(
                "media",
                _("Media library"),
                _("Podcasts and recordings with transcripts."),
                "learning:media",
            )
        )
    if actor.is_staff:
        modules.append(
            Module(
                "experts",
                _("Experience experts"),
                _("Find and request experience experts; coordinators offer and follow up."),
                "experts:bank",
            )
        )
    if actor.is_staff:
        modules.append(
            Module(
                "surveys",
                _("Surveys"),
                _("Build surveys, invite respondents and use the instrument library."),
                "surveys:manage",
            )
        )
        from kuulu.assessments.access import MODULE_DESCRIPTION, MODULE_TITLE

        modules.append(
            Module("assessments", MODULE_TITLE, MODULE_DESCRIPTION, "assessments:manage")
        )
        from kuulu.methods import access as methods

        modules.append(
            Module("methods", methods.MODULE_TITLE, methods.MODULE_DESCRIPTION, "methods:work")
        )
    from kuulu.workability import access as workability

    if workability.can_use_workability(actor):
        modules.append(
            Module(
                "work-ability",
                workability.MODULE_TITLE,
                workability.MODULE_DESCRIPTION,
                "workability:index",
            )
        )
    from kuulu.codevelopment import access as codevelopment

    if codevelopment.can_use(actor):
        modules.append(
            Module(
                "codevelopment",
                codevelopment.MODULE_TITLE,
                codevelopment.MODULE_DESCRIPTION,
                "codevelopment:index",
            )
        )
    from kuulu.assisted.access import can_assist

    if can_assist(actor):
        modules.append(
            Module(
                "assisted",
                _("Help a resident"),
                _(
                    "Record feedback, registrations, paper survey answers and ballots for a "
                    "resident, with their consent."
                ),
                "assisted:start",
            )
        )
    if not actor.is_staff:
        modules.append(
            Module(
                "my-participation",
                _("My participation"),
                _("What you have taken part in, and what staff recorded for you."),
                "participation:mine",
            )
        )
    from kuulu.feedback.access import actor_handles_complaints, actor_handles_feedback

    if actor_handles_feedback(actor):
        modules.append(
            Module(
                "feedback",
                _("Feedback"),
                _("Customer feedback to handle: queue, replies and due dates."),
                "feedback:queue",
            )
        )
    if actor_handles_complaints(actor):
        modules.append(
            Module(
                "complaints",
                _("Formal complaints"),
                _("Formal complaints to answer in writing. Every view is logged."),
                "feedback:complaints",
            )
        )
    if actor.person_kind == Person.Kind.EXPERIENCE_EXPERT:
        modules.append(
            Module(
                "my-expert-page",
                _("My experience-expert page"),
                _("Your profile, offers to answer and your assignments."),
                "experts:me",
            )
        )
    modules.append(
        Module(
            "coordination",
            _("Coordination model"),
            _("Who coordinates what in participation work."),
            "coordination:public",
        )
    )
    if actor.is_coordinator:
        modules.append(
            Module(
                "channels",
                _("Participation channels"),
                _("Councils, panels and groups: members, applications, statements and meetings."),
                "channels:manage",
            )
        )
        modules.append(
            Module(
                "panels",
                _("Resident panels"),
                _("Panels chosen by sortition: sample, letters, quotas, draw and statement."),
                "panels:manage",
            )
        )
        modules.append(
            Module(
                "budgeting",
                _("Participatory budgeting"),
                _("Proposals, plans, ballots, paper ballots, counting and follow-up."),
                "budgeting:index",
            )
        )
        modules.append(
            Module(
                "deliberation",
                _("Conversations"),
                _("Polis-style conversations: moderation, results, import and export."),
                "deliberation:manage",
            )
        )
        modules.append(
            Module(
                "data-collection",
                _("Data-collection calendar"),
                _("Regular surveys and national collections, their results and residents' part."),
                "datacollection:manage",
            )
        )
        modules.append(
            Module(
                "audit",
                _("Audit log"),
                _("Who viewed or changed sensitive records, and when."),
                "workspace:audit_log",
            )
        )
        modules.append(
            Module(
                "a11y",
                _("Accessibility feedback"),
                _("Feedback to answer within 14 days."),
                "workspace:accessibility_feedback",
            )
        )
        modules.append(
            Module(
                "tokens",
                _("API tokens"),
                _("Access for integrations, created and revoked here."),
                "integrations:tokens",
            )
        )
    if actor.is_admin:
        modules.append(
            Module(
                "admin",
                _("Administration site"),
                _("Technical administration for system administrators."),
                "admin:index",
            )
        )
    return modules


def can_see_leadership_view(actor: Actor) -> bool:
    """Directors and the board: coordinators and system admins, managers of a service area
    (a top-level unit, whose path has one step) and the county's elected officials."""
    if actor.is_coordinator:
        return True
    if actor.is_manager and actor.unit_path and actor.unit_path.count("/") == 1:
        return True
    return actor.person_kind == Person.Kind.ELECTED_OFFICIAL and actor.county_id is not None


def require_leadership_viewer(user: Any) -> tuple[Actor, int]:
    """The actor and the county whose figures they see: their own (a system admin of no
    county sees the installation's county)."""
    actor = actor_for(user)
    if not can_see_leadership_view(actor):
        raise PermissionDenied
    county_id = actor.county_id
    if county_id is None:
        from kuulu.organisation.selectors import default_county

        county = default_county()
        if county is None:
            raise PermissionDenied
        county_id = county.pk
    return actor, county_id


def can_search_audit_log(user: Any) -> bool:
    return actor_for(user).is_coordinator


def audit_log_county(user: Any) -> int | None:
    """Whose audit events a coordinator searches: None for all of them (a system admin, or any
    coordinator of an installation with one county, as always), else the id of the
    coordinator's own county, whose staff's events are theirs. An audit event names its actor,
    not a county; another county's actors act only in their own county, and events without a
    county's actor (failed sign-ins, the public) are left to the system admins."""
    actor = actor_for(user)
    if actor.is_admin or only_county() is not None:
        return None
    return actor.county_id or 0


def require_feedback_handler(user: Any) -> Actor:
    actor = actor_for(user)
    if not actor.is_coordinator:
        raise PermissionDenied
    return actor


def accessibility_feedback_county(actor: Actor) -> int | None:
    """Whose accessibility feedback a handler sees and answers: None for all of it (system
    admins), else the id of the coordinator's own county (feedback records the county that
    received it; another county's, or feedback received before there was any county, is not
    theirs)."""
    if actor.is_admin:
        return None
    return actor.county_id or 0


def access_accessibility_feedback_for_handler(user: Any, feedback_id: int) -> AccessibilityFeedback:
    actor = require_feedback_handler(user)
    feedback = get_object_or_404(AccessibilityFeedback, pk=feedback_id)
    county_id = accessibility_feedback_county(actor)
    if county_id is not None and feedback.county_id != county_id:
        raise PermissionDenied
    return feedback
