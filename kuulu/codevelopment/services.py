"""Writes of co-development: series, sessions and their registration through the events module,
participants, outputs, experiments and their measures, the "Kokeilut käyttöön" evaluation,
closing, good practices and their adoption, projects and planned figures.

Every function validates the rules that span rows and raises ValidationError naming the field;
permission checks are the caller's (access.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.codevelopment.models import (
    EQUALITY_QUESTIONS,
    DevelopmentProject,
    Evaluation,
    Experiment,
    GoodPractice,
    Impact,
    Measure,
    MeasureValue,
    Participant,
    PlannedFigure,
    PracticeAdoption,
    WorkshopOutput,
    WorkshopSeries,
    WorkshopSession,
)
from kuulu.core.audit import record_event
from kuulu.organisation.models import County, Person, Unit


def _reject_unknown(data: dict[str, Any], allowed: set[str] | frozenset[str]) -> None:
    """A field the service does not take is a caller's mistake: refuse the whole call."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(_("Unknown field: %(field)s.") % {"field": ", ".join(unknown)})


def _same_county(errors: dict[str, str], field: str, obj: Any, county_id: int) -> None:
    if obj is not None and obj.county_id != county_id:
        errors[field] = _("This belongs to another county.")


def _raise(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


def _lock_group(series: WorkshopSeries) -> None:
    """One writer of a series' group at a time: "Add the registered to the group" pressed twice
    at once (or for two sessions) would otherwise add the same registrations and people twice
    and fail on their unique constraints. The second waits and then finds them in the group."""
    WorkshopSeries.objects.select_for_update().filter(pk=series.pk).values_list("pk").get()


# --- workshops ---------------------------------------------------------------------------------


@transaction.atomic
def create_series(
    *,
    county: County,
    unit: Unit,
    title: str,
    description: str = "",
    facilitators: str = "",
    project: DevelopmentProject | None = None,
    user: Any = None,
) -> WorkshopSeries:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the series a title.")
    _same_county(errors, "unit", unit, county.pk)
    _same_county(errors, "project", project, county.pk)
    _raise(errors)
    series = WorkshopSeries.objects.create(
        county=county,
        unit=unit,
        title=title.strip(),
        description=description,
        facilitators=facilitators,
        project=project,
    )
    record_event(action="create", obj=series, actor=user)
    return series


@transaction.atomic
def add_session(
    *, series: WorkshopSeries, title: str, held_on: date, notes: str = "", user: Any = None
) -> WorkshopSession:
    session = WorkshopSession.objects.create(
        series=series, title=title.strip() or series.title, held_on=held_on, notes=notes
    )
    record_event(action="create", obj=session, actor=user)
    return session


@transaction.atomic
def open_registration(
    *,
    session: WorkshopSession,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    venue: str = "",
    user: Any = None,
) -> Any:
    """Create a published staff event with one session in the events module, so that people
    register in the training calendar as for any event, and link the workshop to it."""
    from kuulu.events import services as events

    # Locked and read again: "Open registration" pressed twice at once would otherwise publish
    # two events, one of them linked to nothing.
    linked = (
        WorkshopSession.objects.select_for_update()
        .filter(pk=session.pk)
        .values_list("event_session_id", flat=True)
        .get()
    )
    if linked or session.event_session_id:
        raise ValidationError(_("This workshop already has a registration."))
    series = session.series
    event = events.create_event(
        county=series.county,
        data={
            "title_fi": f"{series.title}: {session.title}"[:200],
            "description_fi": series.description,
            "for_staff": True,
            "facilitators": series.facilitators,
            "status": "published",
            "registration_closes_days": 2,
        },
        organisers=[user] if user is not None and user.is_authenticated else [],
        actor=user,
    )
    event_session = events.create_session(
        event=event,
        data={"starts_at": starts_at, "ends_at": ends_at, "capacity": capacity, "venue": venue},
        actor=user,
    )
    session.event_session = event_session
    session.save(update_fields=["event_session"])
    record_event(action="update", obj=session, actor=user, changed_fields=["event_session"])
    return event_session


@transaction.atomic
def import_registrations(*, session: WorkshopSession, user: Any = None) -> int:
    """Add to the series' group everyone registered (attending) for the linked event session
    who is not in it yet. Profession and unit come from the staff register; gender is not known
    to the events module and is asked from the person or entered by the leader."""
    from kuulu.events.models import Registration

    if not session.event_session_id:
        return 0
    series = session.series
    _lock_group(series)
    registrations = Registration.objects.filter(
        session_id=session.event_session_id,
        status=Registration.Status.ATTENDING,
        anonymised_at__isnull=True,
    ).exclude(pk__in=Participant.objects.filter(registration__isnull=False).values("registration"))
    people = {
        p.user_id: p
        for p in Person.objects.filter(
            county_id=series.county_id, user_id__in=[r.user_id for r in registrations if r.user_id]
        )
    }
    in_group = set(series.participants.exclude(person=None).values_list("person_id", flat=True))
    new: list[Participant] = []
    for registration in registrations:
        person = people.get(registration.user_id) if registration.user_id else None
        if person is not None and person.pk in in_group:
            continue
        role = Participant.Role.STAFF
        if person is not None and person.is_manager:
            role = Participant.Role.MANAGER
        elif person is not None and person.kind == Person.Kind.EXPERIENCE_EXPERT:
            role = Participant.Role.EXPERIENCE_EXPERT
        elif person is not None and person.kind == Person.Kind.RESIDENT:
            role = Participant.Role.DEVELOPER_CUSTOMER
        new.append(
            Participant(
                series=series,
                person=person,
                name=registration.name,
                role=role,
                profession=person.job_title if person is not None else "",
                unit_id=person.unit_id if person is not None else None,
                registration=registration,
            )
        )
        if person is not None:
            in_group.add(person.pk)
    Participant.objects.bulk_create(new)
    added = len(new)
    if added:
        record_event(
            action="update",
            obj=series,
            actor=user,
            summary=f"{added} participants added from registrations",
        )
    return added


PARTICIPANT_FIELDS = {"name", "role", "profession", "unit", "gender", "person"}


@transaction.atomic
def add_participant(
    *, series: WorkshopSeries, data: dict[str, Any], user: Any = None
) -> Participant:
    _reject_unknown(data, PARTICIPANT_FIELDS)
    _lock_group(series)
    errors: dict[str, str] = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("Give the participant's name.")
    if data.get("role") not in Participant.Role.values:
        errors["role"] = _("Choose the participant's role.")
    _same_county(errors, "unit", data.get("unit"), series.county_id)
    person = data.get("person")
    _same_county(errors, "person", person, series.county_id)
    if person is not None and series.participants.filter(person=person).exists():
        errors["person"] = _("This person is already in the group.")
    _raise(errors)
    participant = Participant.objects.create(series=series, **data)
    record_event(action="create", obj=participant, actor=user)
    return participant


@transaction.atomic
def update_participant(
    *, participant: Participant, data: dict[str, Any], user: Any = None
) -> Participant:
    """Change a group member's role, profession, unit or gender (e.g. after registrations were
    added, when the events module did not know the gender)."""
    _reject_unknown(data, PARTICIPANT_FIELDS - {"person"})
    errors: dict[str, str] = {}
    if "name" in data and not (data["name"] or "").strip():
        errors["name"] = _("Give the participant's name.")
    if "role" in data and data["role"] not in Participant.Role.values:
        errors["role"] = _("Choose the participant's role.")
    _same_county(errors, "unit", data.get("unit"), participant.series.county_id)
    _raise(errors)
    changed = [name for name, value in data.items() if getattr(participant, name) != value]
    for name in changed:
        setattr(participant, name, data[name])
    if changed:
        participant.save(update_fields=changed)
        record_event(action="update", obj=participant, actor=user, changed_fields=changed)
    return participant


@transaction.atomic
def remove_participant(*, participant: Participant, user: Any = None) -> None:
    record_event(action="delete", obj=participant, actor=user)
    participant.delete()


@transaction.atomic
def add_output(
    *,
    series: WorkshopSeries,
    kind: str,
    text: str,
    session: WorkshopSession | None = None,
    user: Any = None,
) -> WorkshopOutput:
    errors: dict[str, str] = {}
    if kind not in WorkshopOutput.Kind.values:
        errors["kind"] = _("Choose whether this is a problem or an idea.")
    if not text.strip():
        errors["text"] = _("Write the problem or the idea.")
    if session is not None and session.series_id != series.pk:
        errors["session"] = _("The session belongs to another series.")
    _raise(errors)
    output = WorkshopOutput.objects.create(
        series=series, kind=kind, text=text.strip(), session=session
    )
    record_event(action="create", obj=output, actor=user)
    return output


# --- experiments -------------------------------------------------------------------------------

EXPERIMENT_FIELDS = {
    "title",
    "problem",
    "idea",
    "hypothesis",
    "owner",
    "starts_on",
    "ends_on",
    "participants",
    "participant_count",
    "series",
    "idea_output",
    "project",
}


def _check_experiment(experiment: Experiment, units: list[Unit]) -> None:
    errors: dict[str, str] = {}
    for name in ("title", "problem", "idea", "hypothesis"):
        if not (getattr(experiment, name) or "").strip():
            errors[name] = _("This field is required.")
    if not units:
        errors["units"] = _("Choose at least one unit.")
    elif any(u.county_id != experiment.county_id for u in units):
        errors["units"] = _("This belongs to another county.")
    owner = experiment.owner
    if owner.county_id != experiment.county_id or owner.kind != Person.Kind.STAFF:
        errors["owner"] = _("The owner must be a staff member of the county.")
    if experiment.starts_on and experiment.ends_on and experiment.ends_on < experiment.starts_on:
        errors["ends_on"] = _("An experiment must end after it starts.")
    for name in ("series", "project"):
        _same_county(errors, name, getattr(experiment, name), experiment.county_id)
    if experiment.idea_output is not None and (
        experiment.idea_output.kind != WorkshopOutput.Kind.IDEA
        or experiment.idea_output.series_id != experiment.series_id
    ):
        errors["idea_output"] = _("Choose an idea of the experiment's workshop series.")
    _raise(errors)


@transaction.atomic
def create_experiment(
    *, county: County, data: dict[str, Any], units: list[Unit], user: Any = None
) -> Experiment:
    _reject_unknown(data, EXPERIMENT_FIELDS)
    experiment = Experiment(county=county, **data)
    _check_experiment(experiment, units)
    experiment.save()
    experiment.units.set(units)
    record_event(action="create", obj=experiment, actor=user)
    return experiment


@transaction.atomic
def update_experiment(
    *, experiment: Experiment, data: dict[str, Any], units: list[Unit], user: Any = None
) -> Experiment:
    _reject_unknown(data, EXPERIMENT_FIELDS)
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if experiment.status == Experiment.Status.CLOSED:
        raise ValidationError(_("A closed experiment cannot be changed."))
    for name, value in data.items():
        setattr(experiment, name, value)
    _check_experiment(experiment, units)
    experiment.save()
    experiment.units.set(units)
    record_event(action="update", obj=experiment, actor=user, changed_fields=list(data))
    return experiment


_NEXT = {
    Experiment.Status.PLANNED: {Experiment.Status.RUNNING},
    Experiment.Status.RUNNING: {Experiment.Status.ENDED},
    Experiment.Status.ENDED: {Experiment.Status.RUNNING},
}


@transaction.atomic
def change_status(*, experiment: Experiment, status: str, user: Any = None) -> Experiment:
    """Start or end an experiment. Closing goes through `close_experiment`."""
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if status == Experiment.Status.CLOSED:
        return close_experiment(experiment=experiment, user=user)
    if status not in _NEXT.get(experiment.status, set()):
        raise ValidationError(
            {"status": _("An experiment cannot move from this status to the one chosen.")}
        )
    experiment.status = status
    experiment.save(update_fields=["status", "updated_at"])
    record_event(action="update", obj=experiment, actor=user, changed_fields=["status"])
    return experiment


@transaction.atomic
def close_experiment(*, experiment: Experiment, user: Any = None) -> Experiment:
    """Close an experiment. It needs its "Kokeilut käyttöön" evaluation first."""
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if experiment.status == Experiment.Status.CLOSED:
        return experiment
    if not Evaluation.objects.filter(experiment=experiment).exists():
        raise ValidationError(
            {
                "status": _(
                    "An experiment cannot be closed before it has been evaluated with the "
                    "“Kokeilut käyttöön” model."
                )
            }
        )
    experiment.status = Experiment.Status.CLOSED
    experiment.closed_at = timezone.now()
    experiment.save(update_fields=["status", "closed_at", "updated_at"])
    record_event(action="update", obj=experiment, actor=user, changed_fields=["status"])
    return experiment


def _lock_open(experiment_id: int) -> Experiment:
    """The experiment, locked, refused once closed: closing freezes what was measured too."""
    experiment = Experiment.objects.select_for_update().get(pk=experiment_id)
    if experiment.status == Experiment.Status.CLOSED:
        raise ValidationError(_("A closed experiment cannot be changed."))
    return experiment


@transaction.atomic
def add_measure(*, experiment: Experiment, data: dict[str, Any], user: Any = None) -> Measure:
    _lock_open(experiment.pk)
    errors: dict[str, str] = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("Say what is measured.")
    kind = data.get("kind")
    if kind not in Measure.Kind.values:
        errors["kind"] = _("Choose the source of the measure.")
    if kind == Measure.Kind.SURVEY and data.get("survey") is None:
        errors["survey"] = _("Choose the survey.")
    if kind == Measure.Kind.FEEDBACK_THEME and data.get("feedback_theme") is None:
        errors["feedback_theme"] = _("Choose the feedback theme.")
    for name in ("survey", "feedback_theme"):
        _same_county(errors, name, data.get(name), experiment.county_id)
    _raise(errors)
    if kind != Measure.Kind.SURVEY:
        data["survey"] = None
    if kind != Measure.Kind.FEEDBACK_THEME:
        data["feedback_theme"] = None
    measure = Measure.objects.create(experiment=experiment, **data)
    record_event(action="create", obj=measure, actor=user)
    return measure


@transaction.atomic
def add_measure_value(
    *, measure: Measure, measured_on: date, value: Decimal, note: str = "", user: Any = None
) -> MeasureValue:
    _lock_open(measure.experiment_id)
    if measure.kind != Measure.Kind.MANUAL:
        raise ValidationError(
            {"value": _("Values are recorded only for manual measures; others come from Kuulu.")}
        )
    row = MeasureValue.objects.create(
        measure=measure, measured_on=measured_on, value=value, note=note
    )
    record_event(action="create", obj=row, actor=user)
    return row


# --- the "Kokeilut käyttöön" evaluation --------------------------------------------------------

EVALUATION_TEXT_FIELDS = (
    "what_was_tried",
    "what_happened",
    "benefits_customers",
    "benefits_staff",
    "benefits_organisation",
    "costs_and_effort",
    "what_it_needs",
    "decision_reasons",
)


def evaluation_fields() -> list[str]:
    fields = list(EVALUATION_TEXT_FIELDS[:6])
    for prefix, _group, _dimension in EQUALITY_QUESTIONS:
        fields += [prefix, f"{prefix}_text"]
    return [*fields, "can_be_adopted", "what_it_needs", "decision", "decision_reasons"]


def check_evaluation(data: dict[str, Any]) -> None:
    """Every question answered; every equality impact chosen and explained. "No impact" is an
    answer, but it needs its reason. Errors name the question."""
    errors: dict[str, str] = {}
    labels = {
        f.name: f.verbose_name for f in Evaluation._meta.get_fields() if hasattr(f, "verbose_name")
    }
    for name in EVALUATION_TEXT_FIELDS:
        if not str(data.get(name) or "").strip():
            errors[name] = _("Answer the question “%(question)s”.") % {"question": labels[name]}
    for prefix, _group, _dimension in EQUALITY_QUESTIONS:
        impact = data.get(prefix) or ""
        text = str(data.get(f"{prefix}_text") or "").strip()
        if impact not in Impact.values:
            errors[prefix] = _(
                "Answer the equality question “%(question)s”: choose an impact, or “no impact”."
            ) % {"question": labels[prefix]}
        elif not text:
            if impact == Impact.NONE:
                message = _("Give the reason why there is no %(question)s.")
            else:
                message = _("Describe the %(question)s.")
            errors[f"{prefix}_text"] = message % {"question": labels[prefix]}
    if data.get("can_be_adopted") not in Evaluation.Adoptable.values:
        errors["can_be_adopted"] = _("Say whether it can be adopted.")
    if data.get("decision") not in Evaluation.Decision.values:
        errors["decision"] = _("Choose the decision: adopt, adapt or stop.")
    _raise(errors)


@transaction.atomic
def save_evaluation(
    *, experiment: Experiment, data: dict[str, Any], user: Any = None
) -> Evaluation:
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    _reject_unknown(data, set(evaluation_fields()))
    if experiment.status == Experiment.Status.PLANNED:
        raise ValidationError(_("An experiment is evaluated once it has run."))
    if experiment.status == Experiment.Status.CLOSED:
        raise ValidationError(_("A closed experiment's evaluation cannot be changed."))
    check_evaluation(data)
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    evaluation, created = Evaluation.objects.update_or_create(
        experiment=experiment, defaults={**values, "evaluated_by": user}
    )
    if experiment.status == Experiment.Status.RUNNING:
        experiment.status = Experiment.Status.ENDED
        experiment.save(update_fields=["status", "updated_at"])
    record_event(
        action="create" if created else "update",
        obj=evaluation,
        actor=user,
        changed_fields=list(values),
    )
    return evaluation


# --- good practices ----------------------------------------------------------------------------

PRACTICE_FIELDS = {
    "title",
    "problem",
    "practice",
    "evidence",
    "needs",
    "contact",
    "visibility",
    "method_slugs",
}


def _check_practice(practice: GoodPractice) -> None:
    errors: dict[str, str] = {}
    for name in ("title", "problem", "practice", "evidence", "needs", "contact"):
        if not (getattr(practice, name) or "").strip():
            errors[name] = _("This field is required.")
    if practice.visibility not in GoodPractice.Visibility.values:
        errors["visibility"] = _("Choose who may see the practice.")
    _raise(errors)


@transaction.atomic
def describe_practice(
    *, experiment: Experiment, data: dict[str, Any], user: Any = None
) -> GoodPractice:
    """An adopted experiment becomes a good practice (one per experiment)."""
    _reject_unknown(data, PRACTICE_FIELDS)
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    evaluation = Evaluation.objects.filter(experiment=experiment).first()
    if evaluation is None or evaluation.decision != Evaluation.Decision.ADOPT:
        raise ValidationError(
            _("Only an experiment evaluated and decided to be adopted becomes a good practice.")
        )
    if GoodPractice.objects.filter(experiment=experiment).exists():
        raise ValidationError(_("This experiment has already been described as a good practice."))
    unit = experiment.units.order_by("path").first()
    practice = GoodPractice(
        county_id=experiment.county_id, experiment=experiment, unit=unit, **data
    )
    _check_practice(practice)
    practice.save()
    record_event(action="create", obj=practice, actor=user)
    return practice


@transaction.atomic
def update_practice(
    *, practice: GoodPractice, data: dict[str, Any], user: Any = None
) -> GoodPractice:
    _reject_unknown(data, PRACTICE_FIELDS)
    for name, value in data.items():
        setattr(practice, name, value)
    _check_practice(practice)
    practice.save()
    record_event(action="update", obj=practice, actor=user, changed_fields=list(data))
    return practice


@transaction.atomic
def record_adoption(
    *,
    practice: GoodPractice,
    unit: Unit,
    adopted_on: date,
    note: str = "",
    user: Any = None,
) -> PracticeAdoption:
    errors: dict[str, str] = {}
    _same_county(errors, "unit", unit, practice.county_id)
    if unit.pk == practice.unit_id:
        errors["unit"] = _("The practice was developed in this unit; choose another unit.")
    if adopted_on > timezone.localdate():
        errors["adopted_on"] = _("The date of adoption cannot be in the future.")
    _raise(errors)
    try:
        with transaction.atomic():
            adoption = PracticeAdoption.objects.create(
                practice=practice, unit=unit, adopted_on=adopted_on, note=note, recorded_by=user
            )
    except IntegrityError:
        raise ValidationError(
            {"unit": _("This unit has already been recorded as having adopted the practice.")}
        ) from None
    record_event(action="create", obj=adoption, actor=user)
    return adoption


# --- projects ----------------------------------------------------------------------------------


@transaction.atomic
def create_project(*, county: County, data: dict[str, Any], user: Any = None) -> DevelopmentProject:
    errors: dict[str, str] = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("Give the project a name.")
    if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        errors["ends_on"] = _("A project must end after it starts.")
    manager = data.get("manager")
    if manager is not None and (
        manager.county_id != county.pk or manager.kind != Person.Kind.STAFF
    ):
        errors["manager"] = _("The project manager must be a staff member of the county.")
    _raise(errors)
    project = DevelopmentProject.objects.create(county=county, **data)
    record_event(action="create", obj=project, actor=user)
    return project


@transaction.atomic
def set_planned_figure(
    *, project: DevelopmentProject, metric: str, planned: int, user: Any = None
) -> PlannedFigure:
    if metric not in PlannedFigure.Metric.values:
        raise ValidationError({"metric": _("Choose a figure.")})
    if planned < 0:
        raise ValidationError({"planned": _("A planned figure cannot be negative.")})
    figure, _created = PlannedFigure.objects.update_or_create(
        project=project, metric=metric, defaults={"planned": planned}
    )
    record_event(action="update", obj=project, actor=user, changed_fields=[f"planned:{metric}"])
    return figure
