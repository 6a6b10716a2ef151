"""Writes for panels: setting up, the invitation sample and letters, volunteer registration,
the draw and its verification, deleting personal data, the workspace, statement and response."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any, TypeGuard

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.core import pseudonyms, signed_links
from kuulu.core.audit import record_event
from kuulu.organisation.models import County, Municipality
from kuulu.panels import sortition
from kuulu.panels.models import (
    DrawJob,
    DrawMethod,
    DrawRecord,
    ExpertHearing,
    Invitee,
    Material,
    Meeting,
    Panel,
    Quota,
    Stratum,
    Volunteer,
)
from kuulu.panels.sample import SampleFile, read_sample
from kuulu.panels.strata import DEFAULT_STRATA

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 12  # 60 bits
MAX_SEED = 10**12
CONFIRM_SALT = "kuulu.panels.volunteer-email"
# Long enough to open the link after the draw: it is mailed at registration.
CONFIRM_MAX_AGE = 60 * 24 * 3600


# --- Panels and strata -----------------------------------------------------------------------


@transaction.atomic
def create_panel(
    *, county: County, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Panel:
    """A new panel in planning, with the five default strata."""
    panel = Panel(county=county, **data)
    _check_channel(panel)
    panel.full_clean()
    panel.save()
    municipalities = list(
        Municipality.objects.filter(county=county).order_by("name").values_list("name", flat=True)
    )
    for position, default in enumerate(DEFAULT_STRATA):
        Stratum.objects.create(
            panel=panel,
            key=default.key,
            label_fi=default.label_fi,
            label_sv=default.label_sv,
            label_en=default.label_en,
            choices=list(default.choices) or municipalities,
            position=position,
        )
    record_event(action="create", obj=panel, actor=actor, request=request)
    return panel


@transaction.atomic
def update_panel(
    *, panel: Panel, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Panel:
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    changed = [name for name, value in data.items() if getattr(panel, name) != value]
    if "seats" in changed and hasattr(panel, "draw"):
        raise ValidationError({"seats": _("The seats cannot change after the draw.")})
    for name, value in data.items():
        setattr(panel, name, value)
    _check_channel(panel)
    panel.full_clean()
    panel.save()
    record_event(action="update", obj=panel, actor=actor, request=request, changed_fields=changed)
    return panel


def _check_channel(panel: Panel) -> None:
    if panel.channel is not None and panel.channel.county_id != panel.county_id:
        raise ValidationError({"channel": _("Choose a channel of the panel's own county.")})


def _before_volunteering(panel: Panel) -> None:
    if panel.volunteers.exists() or hasattr(panel, "draw"):
        raise ValidationError(_("The strata cannot change once volunteers have answered them."))


@transaction.atomic
def add_stratum(
    *,
    panel: Panel,
    key: str,
    labels: dict[str, str],
    choices: list[str],
    actor: Any = None,
    request: Any = None,
) -> Stratum:
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    _before_volunteering(panel)
    choices = list(dict.fromkeys(c.strip() for c in choices if c.strip()))
    if len(choices) < 2:
        raise ValidationError({"choices_text": _("Give at least two answer options.")})
    # An option is a quota's value: longer ones could get no quota (nor be stored as one).
    longest = Quota._meta.get_field("value").max_length
    if any(len(c) > longest for c in choices):
        raise ValidationError(
            {
                "choices_text": _("An answer option can be at most %(max)d characters long.")
                % {"max": longest}
            }
        )
    if Stratum.objects.filter(panel=panel, key=key).exists():
        raise ValidationError({"key": _("The panel already has a stratum with this key.")})
    position = panel.strata.order_by("-position").values_list("position", flat=True).first() or 0
    stratum = Stratum.objects.create(
        panel=panel, key=key, choices=choices, position=position + 1, **labels
    )
    record_event(action="create", obj=stratum, actor=actor, request=request)
    return stratum


@transaction.atomic
def delete_stratum(*, stratum: Stratum, actor: Any = None, request: Any = None) -> None:
    panel = Panel.objects.select_for_update().get(pk=stratum.panel_id)
    _before_volunteering(panel)
    record_event(action="delete", obj=stratum, actor=actor, request=request)
    stratum.delete()


@transaction.atomic
def set_quotas(
    *,
    panel: Panel,
    quotas: dict[int, dict[str, tuple[int, int]]],
    actor: Any = None,
    request: Any = None,
) -> int:
    """Replace the panel's quotas: {stratum id: {answer value: (min, max)}}. Values not given
    get no quota row: that answer is not limited (from none up to every seat)."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if hasattr(panel, "draw"):
        raise ValidationError(_("The quotas cannot change after the draw."))
    strata = {s.pk: s for s in panel.strata.all()}
    errors = []
    rows = []
    for stratum_id, values in quotas.items():
        stratum = strata.get(stratum_id)
        if stratum is None:
            raise ValidationError(_("A quota names a stratum of another panel."))
        for value, (low, high) in values.items():
            if value not in stratum.choices:
                errors.append(
                    _("%(stratum)s: %(value)s is not an answer option.")
                    % {"stratum": stratum.label, "value": value}
                )
            elif low < 0 or high < 0:
                errors.append(_("Quotas cannot be negative."))
            elif low > high:
                errors.append(
                    _("%(stratum)s, %(value)s: at least %(min)d is more than at most %(max)d.")
                    % {"stratum": stratum.label, "value": value, "min": low, "max": high}
                )
            else:
                rows.append(Quota(stratum=stratum, value=value, min=low, max=high))
    if errors:
        raise ValidationError(errors)
    Quota.objects.filter(stratum__panel=panel).delete()
    Quota.objects.bulk_create(rows)
    record_event(action="update", obj=panel, actor=actor, request=request, summary="quotas set")
    return len(rows)


# --- The invitation sample and letters ------------------------------------------------------


def hash_code(code: str) -> str:
    """A keyed hash of an invitation code: the database alone cannot reveal or test codes."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    key = f"kuulu.panels.invitation:{pseudonyms.secret()}".encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


@transaction.atomic
def import_sample(
    *, panel: Panel, data: bytes, actor: Any = None, request: Any = None
) -> SampleFile:
    """Check every row; import nothing unless the whole file is clean."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if hasattr(panel, "draw") or panel.sample_deleted_at is not None:
        raise ValidationError(_("The panel has been drawn; no sample can be imported any more."))
    existing = set(panel.invitees.values_list("sample_id", flat=True))
    result = read_sample(data, existing_ids=existing)
    if not result.is_clean:
        return result
    Invitee.objects.bulk_create(Invitee(panel=panel, **row) for row in result.rows)
    panel.invited_count = panel.invitees.count()
    panel.save(update_fields=["invited_count", "updated_at"])
    record_event(
        action="create",
        obj=panel,
        actor=actor,
        request=request,
        summary=f"invitation sample imported: {len(result.rows)} rows",
    )
    return result


@dataclass(frozen=True)
class Letter:
    invitee: Invitee
    code: str


@transaction.atomic
def issue_invitations(*, panel: Panel, actor: Any = None, request: Any = None) -> list[Letter]:
    """A new invitation code for every invitee who has not registered, for the letters.
    Codes are not stored (only their hashes), so issuing again replaces the earlier codes of
    those who have not yet registered."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if hasattr(panel, "draw"):
        raise ValidationError(_("The panel has been drawn; no more invitations are sent."))
    now = timezone.now()
    letters = []
    invitees = list(panel.invitees.filter(volunteer__isnull=True).order_by("id"))
    for invitee in invitees:
        code = new_code()
        invitee.code_hash = hash_code(code)
        invitee.code_issued_at = now
        letters.append(Letter(invitee, code))
    Invitee.objects.bulk_update(invitees, ["code_hash", "code_issued_at"])
    if panel.status == Panel.Status.PLANNING:
        panel.status = Panel.Status.INVITING
        panel.save(update_fields=["status", "updated_at"])
    record_event(
        action="export",
        obj=panel,
        actor=actor,
        request=request,
        summary=f"invitation letters made: {len(letters)}",
    )
    return letters


# --- Volunteer registration ------------------------------------------------------------------


@transaction.atomic
def register_volunteer(
    *,
    panel: Panel,
    code: str,
    answers: dict[str, str],
    email: str = "",
    phone: str = "",
    consent: bool,
    language: str = "fi",
    user: Any = None,
) -> Volunteer:
    """Register an invitee as a volunteer. One registration per invitation code: the unique
    constraint decides a race, and the loser is told the code has been used.

    The panel's row is locked first, as the draw and changes to the strata lock it, so a
    registration lands wholly before the draw (and is in its pool) or after it (and is refused:
    registration has closed), and the answers are checked against the strata as they are when
    the volunteer is saved."""
    errors: dict[str, list[str]] = {}
    if not consent:
        errors["consent"] = [_("You can take part only if you agree to how your data is used.")]
    email, phone = email.strip().lower(), phone.strip()
    if not email and not phone:
        errors["email"] = [_("Give an email address or a phone number so we can reach you.")]
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    strata = list(panel.strata.all())
    clean_answers = {}
    for stratum in strata:
        value = answers.get(stratum.key, "")
        if value not in stratum.choices:
            errors[f"stratum_{stratum.key}"] = [_("Choose one of the options.")]
        else:
            clean_answers[stratum.key] = value
    if not panel.volunteering_open():
        raise ValidationError(_("Registration of volunteers for this panel is closed."))
    code_hash = hash_code(code)
    invitee = Invitee.objects.filter(panel=panel, code_hash=code_hash).first()
    if invitee is None:
        errors["code"] = [_("This invitation code is not valid. Check it against your letter.")]
    if errors:
        raise ValidationError(errors)
    signed_in = getattr(user, "is_authenticated", False)
    now = timezone.now()
    confirmed = signed_in and email == user.email.lower()
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.create(
                panel=panel,
                invitee=invitee,
                code_hash=code_hash,
                answers=clean_answers,
                email=email,
                email_confirmed_at=now if confirmed else None,
                # the link is mailed below, once the registration is saved
                confirmation_sent_at=now if email and not confirmed else None,
                phone=phone,
                language=language,
                consent_at=now,
                user=user if signed_in else None,
            )
    except IntegrityError as exc:
        # The same registration sent again (a double tap, or the posted form sent again on
        # reload) is the one already saved: the sender is thanked, not told the code is used.
        saved = Volunteer.objects.filter(panel=panel, code_hash=code_hash).first()
        if saved is not None and (saved.answers, saved.email, saved.phone) == (
            clean_answers,
            email,
            phone,
        ):
            return saved
        raise ValidationError(
            {"code": [_("This invitation code has already been used.")]}, code="duplicate"
        ) from exc
    record_event(action="create", obj=volunteer, actor=user, summary="volunteer registered")
    if volunteer.email and volunteer.email_confirmed_at is None:
        from kuulu.panels.tasks import send_volunteer_confirmation

        transaction.on_commit(partial(send_volunteer_confirmation.enqueue, volunteer.pk))
    return volunteer


def _email_digest(email: str) -> str:
    """Binds a confirmation link to the address it was mailed to, without putting the address
    (or a hash anyone could test addresses against) in the link."""
    key = f"kuulu.panels.volunteer-email:{pseudonyms.secret()}".encode()
    return hmac.new(key, email.encode(), hashlib.sha256).hexdigest()[:16]


def confirmation_token(volunteer: Volunteer) -> str:
    return signed_links.make_token(
        {"v": volunteer.pk, "e": _email_digest(volunteer.email)}, salt=CONFIRM_SALT
    )


def _link_holds(volunteer: Volunteer | None, data: dict[str, Any]) -> TypeGuard[Volunteer]:
    """The link's volunteer still has the address the link was mailed to."""
    return (
        volunteer is not None
        and bool(volunteer.email)
        and volunteer.contact_deleted_at is None
        and hmac.compare_digest(str(data.get("e", "")), _email_digest(volunteer.email))
    )


def check_confirmation_link(*, token: str) -> Volunteer:
    """The volunteer behind a confirmation link, without confirming anything: the link's page
    asks for a button press, so that a mail scanner that opens links confirms nothing."""
    data = signed_links.read_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    volunteer = Volunteer.objects.select_related("panel").filter(pk=data.get("v")).first()
    if not _link_holds(volunteer, data):
        raise signed_links.invalid_link()
    return volunteer


@transaction.atomic
def confirm_volunteer_email(*, token: str) -> Volunteer:
    """The volunteer pressed the button on the page of the link mailed to their address: the
    address is confirmed, and a member (selected now or later, by the draw) is linked to the
    account with that address."""
    data = signed_links.read_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    found = Volunteer.objects.filter(pk=data.get("v")).first()
    if found is None:
        raise signed_links.invalid_link()
    # The panel first, as the draw locks it, then the volunteer.
    panel = Panel.objects.select_for_update().filter(pk=found.panel_id).first()
    volunteer = Volunteer.objects.select_for_update().filter(pk=found.pk).first()
    if panel is None or not _link_holds(volunteer, data):
        raise signed_links.invalid_link()
    if volunteer.email_confirmed_at is None:
        volunteer.email_confirmed_at = timezone.now()
        volunteer.save(update_fields=["email_confirmed_at"])
        record_event(action="update", obj=volunteer, summary="volunteer email confirmed")
    _link_member_accounts(panel)
    volunteer.refresh_from_db()
    return volunteer


@transaction.atomic
def send_confirmation_links(
    *, panel: Panel, resend: bool = False, actor: Any = None, request: Any = None
) -> int:
    """Mail the link that confirms their address to the volunteers who have not been sent one
    (`selectors.volunteers_to_send_confirmation`): those who registered before links were
    mailed at registration. Returns how many are queued; run again, it queues none, unless
    `resend` (then everyone still unconfirmed gets a new link)."""
    from kuulu.panels.selectors import volunteers_to_send_confirmation
    from kuulu.panels.tasks import send_volunteer_confirmation

    # The panel first, as registration and the draw lock it: two runs at once queue each
    # link once, and the draw cannot change who is a member while the links are chosen.
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    ids = list(volunteers_to_send_confirmation(panel, resend=resend).values_list("pk", flat=True))
    if not ids:
        return 0
    Volunteer.objects.filter(pk__in=ids).update(confirmation_sent_at=timezone.now())
    for volunteer_id in ids:
        transaction.on_commit(partial(send_volunteer_confirmation.enqueue, volunteer_id))
    record_event(
        action="update",
        obj=panel,
        actor=actor,
        request=request,
        summary=f"confirmation links sent to {len(ids)} volunteers",
    )
    return len(ids)


# --- The draw --------------------------------------------------------------------------------


class DrawFailed(Exception):
    """The quotas cannot be met; nothing was saved. `problems` (`sortition.Problem`) are
    translated by `reasons`; `shortages` are the stratum values short of volunteers;
    `relaxations` the smallest quota changes that would make a panel possible."""

    def __init__(
        self,
        problems: tuple[sortition.Problem, ...],
        shortages: tuple[sortition.Shortage, ...] = (),
        relaxations: tuple[sortition.Relaxation, ...] = (),
    ):
        self.problems = problems
        self.shortages = shortages
        self.relaxations = relaxations
        super().__init__(" ".join(self.reasons))

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(describe_problem(p) for p in self.problems)

    @classmethod
    def from_infeasible(cls, exc: sortition.Infeasible) -> DrawFailed:
        return cls(exc.problems, exc.shortages, exc.relaxations)


def describe_problem(problem: sortition.Problem) -> str:
    """A `sortition.Problem` in the user's language."""
    values = {
        "stratum": problem.stratum,
        "value": problem.value,
        "needed": problem.needed,
        "available": problem.available,
    }
    texts = {
        "seats": _("There are %(needed)d seats but only %(available)d volunteers."),
        "min_sum": _(
            "The minimums of %(stratum)s add up to %(needed)d, more than the %(available)d seats."
        ),
        "max_sum": _(
            "The answers of %(stratum)s can fill at most %(available)d of the %(needed)d seats."
        ),
        "shortage": _(
            "%(stratum)s = %(value)s: needs at least %(needed)d, but only %(available)d "
            "volunteered (%(missing)d short)."
        ),
        "combination": _(
            "Each quota can be met on its own, but not all of them together with these volunteers."
        ),
        "stuck": _(
            "The stratified draw found no selection meeting every quota in %(needed)d attempts; "
            "loosen the quotas or use the maximally fair draw."
        ),
        "changed": _(
            "Volunteers' answers changed while the draw was computed; start the draw again."
        ),
        "no_quotas": _("Set the quotas before the draw."),
        "lost": _("The computation was interrupted; start the draw again."),
    }
    if problem.kind not in texts:  # "error": a message already in words
        return problem.value
    values["missing"] = max(0, problem.needed - problem.available)
    return texts[problem.kind] % values


def draw_inputs(panel: Panel) -> tuple[list[sortition.Volunteer], list[sortition.Quota]]:
    """The engine's inputs from the database: volunteers by id with their answers, and quotas."""
    volunteers = [
        sortition.Volunteer(str(pk), answers)
        for pk, answers in panel.volunteers.order_by("id").values_list("id", "answers")
    ]
    quotas = [
        sortition.Quota(key, value, low, high)
        for key, value, low, high in Quota.objects.filter(stratum__panel=panel).values_list(
            "stratum__key", "value", "min", "max"
        )
    ]
    return volunteers, quotas


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED)


def _check_seed(seed: int) -> None:
    if not 0 <= seed < 2**63:
        raise ValidationError({"seed": _("The seed must be a whole number from 0 upwards.")})


def _check_can_draw(panel: Panel) -> None:
    if hasattr(panel, "draw"):
        raise ValidationError(_("This panel has already been drawn."), code="duplicate")
    if panel.status not in (Panel.Status.INVITING, Panel.Status.VOLUNTEERING):
        raise ValidationError(_("The draw is made after volunteer registration."))


def select_panel(
    volunteers: list[sortition.Volunteer],
    quotas: list[sortition.Quota],
    seats: int,
    seed: int,
    method: str,
    progress: Any = None,
) -> sortition.Selection:
    """Run the engine; infeasible quotas raise `DrawFailed` with translated reasons and the
    suggested relaxations. The solver (highspy) is imported only here."""
    from kuulu.panels import fairness

    if not quotas:
        raise DrawFailed((sortition.Problem("no_quotas"),))
    try:
        if method == DrawMethod.STRATIFIED:
            try:
                return sortition.select(volunteers, quotas, seats, seed)
            except sortition.Infeasible as exc:
                relaxations = fairness.suggest_relaxations(volunteers, quotas, seats)
                raise sortition.Infeasible(exc.problems, exc.shortages, relaxations) from exc
        return fairness.select_maximin(volunteers, quotas, seats, seed, progress=progress)
    except sortition.Infeasible as exc:
        raise DrawFailed.from_infeasible(exc) from exc
    except sortition.QuotaError as exc:
        raise DrawFailed((sortition.Problem("error", value=str(exc)),)) from exc


@transaction.atomic
def run_draw(
    *,
    panel: Panel,
    seed: int | None = None,
    method: str = DrawMethod.MAXIMIN,
    actor: Any = None,
    request: Any = None,
    selection: sortition.Selection | None = None,
) -> DrawRecord:
    """Draw the panel, record the draw, mark the selected volunteers, link their accounts (by
    a confirmed email address) so they can open the workspace, and delete the sample's personal
    data. Infeasible quotas raise `DrawFailed` and nothing is saved. `selection` is a selection
    computed beforehand (by the task worker) from the inputs as they are now: if the inputs
    have changed since, `DrawFailed` is raised."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    _check_can_draw(panel)
    if method not in DrawMethod.values:
        raise ValidationError({"method": _("Choose a method of selection.")})
    seed = new_seed() if seed is None else seed
    _check_seed(seed)
    # A draw made here at once (not the job's own) would overtake a fair draw being computed
    # on the worker, requested by another coordinator, and make that one fail as drawn.
    if (
        selection is None
        and panel.draw_jobs.filter(
            status__in=[DrawJob.Status.QUEUED, DrawJob.Status.RUNNING],
            created_at__gte=timezone.now() - STALE_JOB,
        ).exists()
    ):
        raise ValidationError(_("The draw of this panel is already being computed."))
    volunteers, quotas = draw_inputs(panel)
    if selection is None:
        selection = select_panel(volunteers, quotas, panel.seats, seed, method)
    elif selection.input_hash != sortition.input_hash(
        volunteers, quotas, panel.seats, selection.algorithm
    ):
        raise DrawFailed((sortition.Problem("changed"),))
    record = DrawRecord.objects.create(
        panel=panel,
        method=method,
        seed=selection.seed,
        seats=panel.seats,
        algorithm=selection.algorithm,
        input_hash=selection.input_hash,
        quotas=[[q.stratum, q.value, q.min, q.max] for q in quotas],
        inputs=[[v.id, dict(v.features)] for v in volunteers],
        selected_ids=[int(i) for i in selection.selected],
        counts={k: dict(v) for k, v in selection.counts.items()},
        probabilities=dict(selection.probabilities),
        min_probability=selection.min_probability,
        distribution=selection.distribution,
        drawn_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    panel.volunteers.filter(pk__in=record.selected_ids).update(selected=True)
    _link_member_accounts(panel)
    panel.status = Panel.Status.DRAWN
    panel.save(update_fields=["status", "updated_at"])
    delete_sample(panel=panel, actor=actor, request=request)
    record_event(
        action="create",
        obj=record,
        actor=actor,
        request=request,
        summary=f"panel drawn ({method}): seed {record.seed}, {len(record.selected_ids)} seats",
    )
    return record


# A job still queued or running after this long is taken as lost (the worker stopped) and may
# be replaced by a new request.
STALE_JOB = timedelta(minutes=30)


@transaction.atomic
def request_draw(
    *,
    panel: Panel,
    seed: int | None = None,
    method: str = DrawMethod.MAXIMIN,
    actor: Any = None,
    request: Any = None,
) -> DrawRecord | DrawJob:
    """Start the draw. The stratified draw runs at once and returns its record; the maximally
    fair draw is computed on the task worker: a `DrawJob` is returned and its progress is
    shown on the panel's page. The seed is fixed (and recorded on the job) now."""
    if method == DrawMethod.STRATIFIED:
        return run_draw(panel=panel, seed=seed, method=method, actor=actor, request=request)
    if method not in DrawMethod.values:
        raise ValidationError({"method": _("Choose a method of selection.")})
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    _check_can_draw(panel)
    seed = new_seed() if seed is None else seed
    _check_seed(seed)
    # Quotas that cannot be met are reported at once (one small integer program), not later.
    volunteers, quotas = draw_inputs(panel)
    if not quotas:
        raise DrawFailed((sortition.Problem("no_quotas"),))
    from kuulu.panels import fairness

    try:
        infeasible = fairness.infeasibility(volunteers, quotas, panel.seats)
    except sortition.QuotaError as exc:
        raise DrawFailed((sortition.Problem("error", value=str(exc)),)) from exc
    if infeasible is not None:
        raise DrawFailed.from_infeasible(infeasible)
    now = timezone.now()
    stale = panel.draw_jobs.filter(
        status__in=[DrawJob.Status.QUEUED, DrawJob.Status.RUNNING], created_at__lt=now - STALE_JOB
    )
    stale.update(
        status=DrawJob.Status.FAILED, finished_at=now, problems=[asdict(sortition.Problem("lost"))]
    )
    if panel.draw_jobs.filter(status__in=[DrawJob.Status.QUEUED, DrawJob.Status.RUNNING]).exists():
        raise ValidationError(_("The draw of this panel is already being computed."))
    job = DrawJob.objects.create(
        panel=panel,
        method=method,
        seed=seed,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        action="create", obj=job, actor=actor, request=request, summary=f"draw requested ({method})"
    )
    from kuulu.panels.tasks import compute_draw

    transaction.on_commit(partial(compute_draw.enqueue, job_id=job.pk))
    return job


# Progress is written at most this often (seconds), so the page can follow the computation.
PROGRESS_INTERVAL = 0.5


def execute_draw_job(job_id: int) -> DrawJob:
    """The task worker's part: compute the maximin distribution outside any transaction,
    writing progress to the job, then record the draw (`run_draw`, which checks the inputs
    have not changed). Runs a job once: a job no longer queued is left alone."""
    import time

    started = DrawJob.objects.filter(pk=job_id, status=DrawJob.Status.QUEUED).update(
        status=DrawJob.Status.RUNNING, started_at=timezone.now(), phase="check"
    )
    job = DrawJob.objects.select_related("panel").get(pk=job_id)
    if not started:
        return job
    panel = job.panel
    last = [0.0]

    def progress(report: Any) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_INTERVAL:
            return
        last[0] = now
        DrawJob.objects.filter(pk=job_id).update(
            phase=report.phase,
            panels_found=report.panels,
            lower=report.lower,
            upper=report.upper,
        )

    try:
        volunteers, quotas = draw_inputs(panel)
        selection = select_panel(
            volunteers, quotas, panel.seats, job.seed, job.method, progress=progress
        )
        run_draw(
            panel=panel,
            seed=job.seed,
            method=job.method,
            actor=job.requested_by,
            selection=selection,
        )
    except DrawFailed as exc:
        _finish_job(job_id, DrawJob.Status.FAILED, exc)
    except ValidationError as exc:
        problems = tuple(sortition.Problem("error", value=m) for m in exc.messages)
        _finish_job(job_id, DrawJob.Status.FAILED, DrawFailed(problems))
    except Exception:
        # Not left "running": the page says so and a new draw can be started at once.
        _finish_job(job_id, DrawJob.Status.FAILED, DrawFailed((sortition.Problem("lost"),)))
        raise
    else:
        DrawJob.objects.filter(pk=job_id).update(
            status=DrawJob.Status.DONE,
            finished_at=timezone.now(),
            lower=selection.min_probability or 0.0,
            upper=selection.min_probability or 0.0,
        )
    return DrawJob.objects.get(pk=job_id)


def _finish_job(job_id: int, status: str, exc: DrawFailed) -> None:
    DrawJob.objects.filter(pk=job_id).update(
        status=status,
        finished_at=timezone.now(),
        problems=[asdict(p) for p in exc.problems],
        shortages=[asdict(s) for s in exc.shortages],
        relaxations=[asdict(r) for r in exc.relaxations],
    )


def latest_job(panel: Panel) -> DrawJob | None:
    return panel.draw_jobs.order_by("-created_at", "-id").first()


def job_failure(job: DrawJob) -> DrawFailed:
    """A failed job's problems, shortages and relaxations, for the page (translated there)."""
    return DrawFailed(
        tuple(sortition.Problem(**p) for p in job.problems),
        tuple(sortition.Shortage(**s) for s in job.shortages),
        tuple(sortition.Relaxation(**r) for r in job.relaxations),
    )


def _link_member_accounts(panel: Panel) -> None:
    """Link the members to the accounts with their email addresses: only addresses the member
    has confirmed. An address merely typed at registration could be anyone's, and would give
    that person's account the workspace."""
    from kuulu.accounts.models import User

    members = panel.volunteers.filter(
        selected=True, user__isnull=True, email_confirmed_at__isnull=False
    ).exclude(email="")
    for volunteer in members:
        user = User.objects.filter(email__iexact=volunteer.email, is_active=True).first()
        if user is not None:
            volunteer.user = user
            volunteer.save(update_fields=["user"])


@dataclass(frozen=True)
class Verification:
    matches: bool
    inputs_match: bool
    selection_matches: bool
    recorded_hash: str
    current_hash: str
    # Maximin: the recorded distribution meets every quota, its weights add up to 1 and it
    # gives the recorded probabilities (None for the stratified draw).
    distribution_sound: bool | None = None


def verify_draw(*, panel: Panel, actor: Any = None, request: Any = None) -> Verification:
    """Re-run the recorded draw (its seed, quotas and seats; for the maximally fair draw the
    lottery over the recorded distribution) on the volunteers' answers as they are now, and
    compare the hash of the inputs and the selection."""
    record = panel.draw
    volunteers, _quotas = draw_inputs(panel)
    quotas = [sortition.Quota(*row) for row in record.quotas]
    current_hash = sortition.input_hash(volunteers, quotas, record.seats, record.algorithm)
    distribution_sound = None
    selected: list[int] = []
    if record.distribution:
        from kuulu.panels import fairness

        problems = fairness.check_distribution(
            record.distribution, volunteers, quotas, record.seats
        )
        members = fairness.members_of_types(record.distribution, volunteers)
        recomputed = fairness.probabilities_of(record.distribution, members)
        same = recomputed.keys() == record.probabilities.keys() and all(
            abs(recomputed[k] - record.probabilities[k]) < 1e-9 for k in recomputed
        )
        distribution_sound = not problems and same
        selected = [int(i) for i in fairness.lottery(record.distribution, members, record.seed)]
    else:
        try:
            rerun = sortition.select(
                volunteers, quotas, record.seats, record.seed, algorithm=record.algorithm
            )
            selected = [int(i) for i in rerun.selected]
        except (sortition.Infeasible, sortition.QuotaError):
            selected = []
    selection_matches = sorted(selected) == sorted(record.selected_ids)
    inputs_match = current_hash == record.input_hash
    record_event(action="view", obj=record, actor=actor, request=request, summary="draw verified")
    return Verification(
        matches=inputs_match and selection_matches and distribution_sound is not False,
        inputs_match=inputs_match,
        selection_matches=selection_matches,
        recorded_hash=record.input_hash,
        current_hash=current_hash,
        distribution_sound=distribution_sound,
    )


# --- Personal data ---------------------------------------------------------------------------


@transaction.atomic
def delete_sample(*, panel: Panel, actor: Any = None, request: Any = None) -> int:
    """Delete the invitation sample (names, addresses, code hashes); the count stays on the
    panel. Volunteers keep their answers and their own contact details."""
    deleted, _rows = Invitee.objects.filter(panel=panel).delete()
    Panel.objects.filter(pk=panel.pk).update(sample_deleted_at=timezone.now())
    record_event(
        action="delete",
        obj=panel,
        actor=actor,
        request=request,
        summary=f"invitation sample deleted: {deleted} rows",
    )
    return deleted


def delete_unselected_contacts(*, now: Any = None) -> int:
    """Clear the contact details of volunteers not selected, once the panel's retention days
    since the draw have passed. Run daily by the retention job."""
    now = now or timezone.now()
    total = 0
    pending = DrawRecord.objects.filter(
        panel__volunteers__selected=False, panel__volunteers__contact_deleted_at__isnull=True
    ).distinct()
    for record in pending.select_related("panel"):
        if record.drawn_at + timedelta(days=record.panel.volunteer_retention_days) > now:
            continue
        total += Volunteer.objects.filter(
            panel_id=record.panel_id, selected=False, contact_deleted_at__isnull=True
        ).update(email="", phone="", user=None, contact_deleted_at=now)
    return total


# --- Stages, workspace, statement and response -----------------------------------------------

NEXT_STATUS = {
    Panel.Status.PLANNING: Panel.Status.INVITING,
    Panel.Status.INVITING: Panel.Status.VOLUNTEERING,
    Panel.Status.DRAWN: Panel.Status.WORKING,
}


@transaction.atomic
def advance_status(*, panel: Panel, actor: Any = None, request: Any = None) -> Panel:
    """Move to the next stage. The draw, the statement and the response move the later ones."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    target = NEXT_STATUS.get(panel.status)
    if target is None:
        raise ValidationError(_("The panel moves on from this stage by the draw or statement."))
    if (
        target == Panel.Status.VOLUNTEERING
        and not panel.invitees.filter(code_hash__isnull=False).exists()
    ):
        raise ValidationError(_("Make the invitation letters before opening registration."))
    panel.status = target
    panel.save(update_fields=["status", "updated_at"])
    record_event(
        action="update", obj=panel, actor=actor, request=request, changed_fields=["status"]
    )
    return panel


@transaction.atomic
def add_meeting(*, panel: Panel, data: dict[str, Any], actor: Any = None) -> Meeting:
    meeting = Meeting(panel=panel, **data)
    meeting.full_clean()
    meeting.save()
    record_event(action="create", obj=meeting, actor=actor)
    return meeting


@transaction.atomic
def add_material(*, panel: Panel, data: dict[str, Any], actor: Any = None) -> Material:
    material = Material(panel=panel, **data)
    if not material.url and not material.text:
        raise ValidationError({"url": _("Give a link or a text.")})
    material.full_clean()
    material.save()
    record_event(action="create", obj=material, actor=actor)
    return material


@transaction.atomic
def add_hearing(*, panel: Panel, data: dict[str, Any], actor: Any = None) -> ExpertHearing:
    hearing = ExpertHearing(panel=panel, **data)
    hearing.full_clean()
    hearing.save()
    record_event(action="create", obj=hearing, actor=actor)
    return hearing


@transaction.atomic
def delete_workspace_item(*, item: Meeting | Material | ExpertHearing, actor: Any = None) -> None:
    record_event(action="delete", obj=item, actor=actor)
    item.delete()


@transaction.atomic
def publish_statement(
    *, panel: Panel, texts: dict[str, str], given_on: date, actor: Any = None
) -> Panel:
    """The panel's final statement, shown on the public page."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if not hasattr(panel, "draw"):
        raise ValidationError(_("A statement comes after the panel has been drawn."))
    if not texts.get("statement_fi", "").strip():
        raise ValidationError({"statement_fi": _("Write the statement in Finnish.")})
    for name, value in texts.items():
        setattr(panel, name, value.strip())
    panel.statement_date = given_on
    if panel.status in (Panel.Status.DRAWN, Panel.Status.WORKING):
        panel.status = Panel.Status.STATEMENT
    panel.save()
    record_event(action="update", obj=panel, actor=actor, changed_fields=["statement"])
    return panel


@transaction.atomic
def publish_response(
    *, panel: Panel, texts: dict[str, str], by: str, given_on: date, actor: Any = None
) -> Panel:
    """The decision-makers' public response to the statement."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if not panel.statement:
        raise ValidationError(_("The response answers the panel's statement; publish it first."))
    errors = {}
    if not texts.get("response_fi", "").strip():
        errors["response_fi"] = _("Write the response in Finnish.")
    if not by.strip():
        errors["response_by"] = _("Say who responded.")
    if errors:
        raise ValidationError(errors)
    for name, value in texts.items():
        setattr(panel, name, value.strip())
    panel.response_by = by.strip()
    panel.response_date = given_on
    panel.status = Panel.Status.RESPONDED
    panel.save()
    record_event(action="update", obj=panel, actor=actor, changed_fields=["response"])
    return panel
