"""The demo county's resident with a full participation history: Ella Komulainen
(osallistuja@kuulu.example, a demo login), so that "My participation" (/fi/my-participation/)
shows every kind of record and what came of it.

Everything goes through the modules' own services, as if she had used the site and staff had
handled her cases: two pieces of feedback (one answered and published on "you said, we did",
one in progress), an initiative she signed (handled and decided), a registration for the NGO
afternoon, the home-care customer-experience survey, membership of the resident panel (whose
statement and the board's response are published), a ballot in the youth budget, two
questions to the leadership (one answered, one waiting), follows, and links from her feedback,
initiative and survey to a published outcome on the impact trail.

Runs after the other demo hooks (it uses what they made). Idempotent: each part is found by
her account or address and made only when missing; nothing is made twice.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kuulu.organisation.models import County, Person

EMAIL = "osallistuja@kuulu.example"
NAME = "Ella Komulainen"
BIRTH_YEAR_AGE = 24  # young enough for the youth budget (12-29)

FEEDBACK_ANSWERED = (
    "Äitini kotihoidon iltakäynti Kajaanissa jäi viime viikolla kahdesti väliin. Olisi hyvä, "
    "jos iltakäyntejä olisi enemmän ja omaiselle kerrottaisiin, jos käynti siirtyy."
)
FEEDBACK_REPLY = (
    "Kiitos, että kerroit. Selvitimme asian: iltavuorossa oli kaksi sairauspoissaoloa eikä "
    "sijaisia saatu. Iltakäyntejä lisätään, ja jatkossa omaiselle soitetaan aina, jos käynti "
    "siirtyy."
)
FEEDBACK_OPEN = (
    "Sote-keskuksen pysäköintialueen valaistus on pimeällä heikko. Voisiko valoja lisätä "
    "ennen talvea?"
)
INITIATIVE_TITLE = "Penkit ja katos Kajaanin sote-keskuksen bussipysäkille"
INITIATIVE_TEXT = (
    "Ehdotamme, että sote-keskuksen bussipysäkille rakennetaan katos ja penkit. Moni "
    "vastaanotolle tuleva odottaa bussia pitkään, ja iäkkäille seisominen on raskasta."
)
INITIATIVE_OUTCOME = (
    "Aluehallitus päätti rakentaa pysäkille katoksen ja kaksi penkkiä kaupungin kanssa. "
    "Kiitos aloitteesta!"
)
QUESTION_ANSWERED = "Miten kotihoidon iltakäyntien määrää aiotaan lisätä Kajaanissa?"
ANSWER = (
    "Kiitos kysymyksestä. Iltakäyntejä lisätään kaikissa kunnissa: Kajaaniin perustetaan "
    "toinen iltatiimi, ja etenemistä voi seurata vaikutuspolulla."
)
QUESTION_OPEN = "Voisiko sote-keskuksen ajanvarauksen avata myös lauantaisin?"
OUTCOME_TITLE_FI = "Kotihoidon iltakäynnit laajennetaan kaikkiin kuntiin"


def _staff(county: County, email: str) -> Person | None:
    return Person.objects.filter(county=county, email=email, user__isnull=False).first()


def load_participant_demo(county: County) -> int:
    """Create what is missing of her history; returns how many things were made now."""
    from kuulu.accounts.models import User

    user = User.objects.filter(email__iexact=EMAIL).first()
    if user is None:  # made by workspace.demo.PEOPLE; nothing to do without her account
        return 0
    coordinator = _staff(county, "koordinaattori@kuulu.example")
    manager = _staff(county, "esihenkilo@kuulu.example")
    if coordinator is None or manager is None:
        return 0
    parts = (
        _feedback(county, user, manager, coordinator),
        _initiative(county, user, manager, coordinator),
        _registration(county, user),
        _survey(county, user),
        _panel(county, user),
        _ballot(county, user),
        _questions(county, user, manager),
        _follows(county, user),
        _outcome_links(county, coordinator),
    )
    return sum(parts)


def _feedback(county: County, user: Any, manager: Person, coordinator: Person) -> int:
    from kuulu.feedback import services
    from kuulu.feedback.models import Feedback, Theme
    from kuulu.organisation.models import Unit

    made = 0
    unit = Unit.objects.filter(county=county, code="older-homecare").first()
    mine = Feedback.objects.filter(county=county, contact_email__iexact=EMAIL)
    if not mine.filter(text=FEEDBACK_ANSWERED).exists():
        feedback, _created = services.submit_feedback(
            county=county,
            kind=Feedback.Kind.DISSATISFACTION,
            text=FEEDBACK_ANSWERED,
            unit=unit,
            theme=Theme.objects.filter(county=county, code="waiting").first(),
            wants_reply=True,
            contact_name=NAME,
            contact_email=EMAIL,
        )
        services.change_status(
            feedback=feedback, status=Feedback.Status.IN_PROGRESS, user=manager.user
        )
        services.send_reply(feedback=feedback, text=FEEDBACK_REPLY, user=manager.user)
        draft = services.publication_draft(feedback)
        services.publish_feedback(
            feedback=feedback,
            masked_text=draft.masked_text,
            masked_response=draft.masked_response,
            user=coordinator.user,
        )
        made += 1
    if not mine.filter(text=FEEDBACK_OPEN).exists():
        feedback, _created = services.submit_feedback(
            county=county,
            kind=Feedback.Kind.IDEA,
            text=FEEDBACK_OPEN,
            unit=Unit.objects.filter(county=county, code="health-centre-kajaani").first(),
            theme=Theme.objects.filter(county=county, code="safety").first(),
            wants_reply=True,
            contact_name=NAME,
            contact_email=EMAIL,
        )
        services.change_status(
            feedback=feedback, status=Feedback.Status.IN_PROGRESS, user=coordinator.user
        )
        made += 1
    return made


def _initiative(county: County, user: Any, manager: Person, coordinator: Person) -> int:
    from django.utils import timezone

    from kuulu.feedback import services
    from kuulu.feedback.models import InitiativeSigner
    from kuulu.organisation.models import Municipality, Unit

    if InitiativeSigner.objects.filter(
        email__iexact=EMAIL, initiative__title=INITIATIVE_TITLE
    ).exists():
        return 0
    initiative, _created = services.submit_initiative(
        county=county,
        title=INITIATIVE_TITLE,
        text=INITIATIVE_TEXT,
        unit=Unit.objects.filter(county=county, code="health-centre-kajaani").first(),
        signers=[
            {
                "name": NAME,
                "basis": InitiativeSigner.Basis.RESIDENT,
                "email": EMAIL,
                "municipality": Municipality.objects.filter(county=county, code="205").first(),
            }
        ],
    )
    today = timezone.localdate()
    initiative = services.send_handler_notice(
        initiative=initiative,
        handled_by=manager.user,
        handler_description="Sote-keskuksen tilapalvelut ja Kajaanin kaupunki",
        expected_decision="Aluehallitus",
        sent_on=today,
        user=coordinator.user,
    )
    services.record_initiative_outcome(
        initiative=initiative, outcome=INITIATIVE_OUTCOME, sent_on=today, user=coordinator.user
    )
    return 1


def _registration(county: County, user: Any) -> int:
    from kuulu.events import services
    from kuulu.events.models import Registration, Session

    if Registration.objects.filter(user=user, session__event__county=county).exists():
        return 0
    session = (
        Session.objects.filter(
            event__county=county, event__title_fi="Järjestöiltapäivä", event__for_public=True
        )
        .select_related("event")
        .order_by("starts_at")
        .first()
    )
    if session is None or not session.registration_open():
        return 0
    services.register(session=session, name=NAME, email=EMAIL, language="fi", user=user)
    return 1


def _survey(county: County, user: Any) -> int:
    from kuulu.surveys import services
    from kuulu.surveys.models import Participation, Question, Survey, participation_key

    survey = Survey.objects.filter(county=county, title_fi="Kotihoidon asiakaskokemus").first()
    if survey is None or not survey.is_accepting():
        return 0
    # by the keyed hash, which outlives the demo person's erasure of their data
    if Participation.objects.filter(
        survey=survey, person_key=participation_key(survey.pk, user.pk)
    ).exists():
        return 0
    raw: dict[str, Any] = {}
    for question in survey.current_version.questions.all():
        if question.kind == Question.Kind.SCALE_0_10:
            raw[question.key] = 8
        elif question.kind == Question.Kind.LIKERT:
            raw[question.key] = 4
        elif question.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            raw[question.key] = "Hoitajat ovat ystävällisiä, mutta iltakäyntejä tarvitaan lisää."
    services.submit_answers(survey=survey, raw=raw, user=user, language="fi")
    return 1


def _panel(county: County, user: Any) -> int:
    """She is one of the members drawn to the resident panel: her account is linked to a
    selected volunteer the way the draw links member accounts (by the volunteer's confirmed
    address)."""
    from django.utils import timezone

    from kuulu.panels import services
    from kuulu.panels.demo import RESIDENT_PANEL
    from kuulu.panels.models import Panel, Volunteer

    if Volunteer.objects.filter(user=user).exists():
        return 0
    panel = Panel.objects.filter(county=county, title_fi=RESIDENT_PANEL).first()
    if panel is None:
        return 0
    member = (
        panel.volunteers.filter(selected=True, user__isnull=True, language="fi")
        .order_by("id")
        .first()
    )
    if member is None:
        return 0
    member.email = EMAIL
    member.email_confirmed_at = timezone.now()
    member.save(update_fields=["email", "email_confirmed_at"])
    services._link_member_accounts(panel)
    return 1


def _ballot(county: County, user: Any) -> int:
    from django.utils import timezone

    from kuulu.budgeting import ballots, processes, voters
    from kuulu.budgeting.demo import CURRENT
    from kuulu.budgeting.models import Ballot, Budget, Process

    process = Process.objects.filter(county=county, title_fi=CURRENT).first()
    if process is None or not processes.voting_open(process):
        return 0
    if Ballot.objects.filter(user=user, budget__process=process).exists():
        return 0
    budget = (
        Budget.objects.filter(process=process, municipality__isnull=True).order_by("pk").first()
    )
    if budget is None:
        return 0
    plans = list(budget.plans.order_by("cost", "pk"))
    if not plans:
        return 0
    # A voting code from a letter, as every voter of this process has.
    (code,) = voters.issue_codes(
        process=process,
        count=1,
        municipality_code="205",
        birth_year=timezone.localdate().year - BIRTH_YEAR_AGE,
    )
    voter = voters.voter_for_code(process=process, code=code)
    ballots.cast_ballot(
        budget=budget,
        voter=voter,
        choices={str(plans[0].pk): 1},
        language="fi",
        user=user,
    )
    return 1


def _questions(county: County, user: Any, manager: Person) -> int:
    from django.utils import timezone

    from kuulu.questions import services
    from kuulu.questions.models import Question

    made = 0
    for text in (QUESTION_ANSWERED, QUESTION_OPEN):
        if Question.objects.filter(county=county, asker=user, text=text).exists():
            continue
        question = services.ask_question(
            county=county, text=text, user=user, display_name="Ella K.", language="fi"
        )
        made += 1
        if text != QUESTION_ANSWERED or question.status != Question.Status.OPEN:
            continue
        question = services.route(
            question=question,
            person=manager,
            due_on=timezone.localdate() + timedelta(days=14),
            actor=None,
        )
        outcomes = _published_outcome(county)
        services.publish_answer(
            question=question,
            text=ANSWER,
            answerer=manager,
            outcomes=[outcomes] if outcomes else (),
        )
    return made


def _follows(county: County, user: Any) -> int:
    from kuulu.follows import services
    from kuulu.follows.models import Follow
    from kuulu.follows.selectors import followable_targets

    made = 0
    wanted = {"service": "email", "process": "email", "channel": "digest"}
    for target in followable_targets(county):
        delivery = wanted.pop(target.kind, None)
        if delivery is None:
            continue
        if Follow.objects.filter(user=user, target_key=target.key, delivery=delivery).exists():
            continue
        services.follow(
            user=user,
            county_id=county.pk,
            target_kind=target.kind,
            target_key=target.key,
            target_label=target.label,
            delivery=delivery,
        )
        made += 1
    return made


def _published_outcome(county: County) -> Any:
    from kuulu.outcomes.models import Outcome

    return Outcome.objects.filter(
        county=county, title_fi=OUTCOME_TITLE_FI, is_published=True
    ).first()


def _outcome_links(county: County, coordinator: Person) -> int:
    """Her answered feedback, the initiative and the survey are inputs of the published home
    care outcome; the coordinator links them as on the outcome's page."""
    from kuulu.feedback.models import Feedback, InitiativeSigner
    from kuulu.outcomes.inputs import adapter as adapter_for
    from kuulu.outcomes.links import link_input
    from kuulu.outcomes.models import OutcomeInput
    from kuulu.surveys.models import Participation

    outcome = _published_outcome(county)
    if outcome is None:
        return 0
    inputs: list[tuple[str, Any]] = []
    feedback = Feedback.objects.filter(
        county=county, contact_email__iexact=EMAIL, text=FEEDBACK_ANSWERED
    ).first()
    if feedback is not None:
        inputs.append(("feedback", feedback))
    signer = (
        InitiativeSigner.objects.filter(email__iexact=EMAIL, initiative__title=INITIATIVE_TITLE)
        .select_related("initiative")
        .first()
    )
    if signer is not None:
        inputs.append(("initiative", signer.initiative))
    participation = (
        Participation.objects.filter(
            user__email__iexact=EMAIL, survey__county=county, survey__title_fi__contains="Kotihoid"
        )
        .select_related("survey")
        .first()
    )
    if participation is not None:
        inputs.append(("survey", participation.survey))
    made = 0
    for kind, obj in inputs:
        adapter = adapter_for(kind)
        if adapter is None:
            continue
        key = adapter.key(obj)
        if OutcomeInput.objects.filter(outcome=outcome, kind=kind, object_id=key).exists():
            continue
        link_input(outcome=outcome, kind=kind, key=key, user=coordinator.user)
        made += 1
    return made
