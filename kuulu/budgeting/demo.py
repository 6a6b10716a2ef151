"""Demo participatory budgeting: last year's county budget (counted by Equal Shares, funded plans
being built, with updates), and this year's youth budget open for voting with voting codes
DEMO-0000-0001 to DEMO-0000-0020 (DEMO-0000-0021 is on the paper ballot entered at a booth).

Idempotent by the processes' Finnish titles. Votes are fictional; they go through the same
services as real ones, so the demo's result is a real count."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

from django.utils import timezone

from kuulu.budgeting import ballots, paper, processes, proposals, results, voters
from kuulu.budgeting.models import (
    Ballot,
    Budget,
    Phase,
    Plan,
    PlanUpdate,
    Process,
    Proposal,
    ProposalEvent,
    VotingCode,
)
from kuulu.organisation.models import County, Municipality, Person, Unit

PAST = "Kainuun osallistuva budjetointi 2025"
CURRENT = "Nuorten budjetti 2026"
DEMO_CODES = [f"DEMO-0000-{i:04d}" for i in range(1, 21)]
# The letter code of the voter whose paper ballot the demo enters at a service point: issued like
# the others (a sheet with a code never issued is refused), kept apart so that the twenty codes
# above stay free for trying the online ballot.
PAPER_CODE = "DEMO-0000-0021"

PHASE_TEXTS = {
    "information": (
        "Kerromme, mihin rahaa voi käyttää ja miten mukaan pääsee.",
        "Vi berättar vad pengarna kan användas till och hur man deltar.",
        "We tell what the money can be used for and how to take part.",
        "Lue ohjeet ja kysy, jos jokin on epäselvää.",
        "Läs anvisningarna och fråga om något är oklart.",
        "Read the instructions and ask if anything is unclear.",
    ),
    "proposals": (
        "Asukkaat tekevät ehdotuksia.",
        "Invånarna lämnar förslag.",
        "Residents make proposals.",
        "Tee ehdotus, kommentoi ja kannata muiden ehdotuksia.",
        "Lämna förslag, kommentera och stöd andras förslag.",
        "Make a proposal, comment on and support others' proposals.",
    ),
    "review": (
        "Asiantuntijat arvioivat ehdotusten toteutettavuuden ja kustannukset.",
        "Experter bedömer förslagens genomförbarhet och kostnader.",
        "Experts assess the proposals' feasibility and cost.",
        "Seuraa arvioita ehdotusten sivuilla.",
        "Följ bedömningarna på förslagens sidor.",
        "Follow the assessments on the proposals' pages.",
    ),
    "codevelopment": (
        "Ehdotuksista tehdään yhdessä kustannusarvioituja suunnitelmia.",
        "Förslagen utvecklas tillsammans till kostnadsberäknade planer.",
        "Proposals are developed together into costed plans.",
        "Tule työpajaan kehittämään suunnitelmia.",
        "Kom till en workshop och utveckla planerna.",
        "Come to a workshop to develop the plans.",
    ),
    "voting": (
        "Äänestetään suunnitelmista verkossa tai palvelupisteissä.",
        "Man röstar om planerna på nätet eller vid serviceställen.",
        "Voting on the plans online or at service points.",
        "Äänestä! Voit muuttaa ääntäsi äänestyksen loppuun asti.",
        "Rösta! Du kan ändra din röst tills röstningen slutar.",
        "Vote! You can change your vote until voting ends.",
    ),
    "results": (
        "Äänet lasketaan ja tulokset julkaistaan perusteluineen.",
        "Rösterna räknas och resultaten publiceras med motiveringar.",
        "The votes are counted and the results published with reasons.",
        "Katso, mitkä suunnitelmat toteutetaan ja miksi.",
        "Se vilka planer som genomförs och varför.",
        "See which plans will be built and why.",
    ),
    "implementation": (
        "Voittaneet suunnitelmat toteutetaan.",
        "De vinnande planerna genomförs.",
        "The winning plans are built.",
        "Seuraa toteutuksen etenemistä.",
        "Följ hur genomförandet framskrider.",
        "Follow how the work progresses.",
    ),
}

PAST_PLANS = [
    (
        "Ulkokuntosali Kajaanin rantapuistoon",
        "Utegym i strandparken i Kajana",
        "Outdoor gym in Kajaani's shore park",
        40_000,
        "205",
    ),
    (
        "Nuorten iltakahvila Kuhmoon",
        "Ungdomskafé på kvällarna i Kuhmo",
        "Evening youth café in Kuhmo",
        25_000,
        "290",
    ),
    (
        "Esteetön luontopolku Vuokattiin",
        "Tillgänglig naturstig i Vuokatti",
        "Accessible nature trail in Vuokatti",
        60_000,
        "765",
    ),
    (
        "Kylätalon kuntoutusvälineet Suomussalmelle",
        "Rehabiliteringsutrustning för byhuset i Suomussalmi",
        "Rehabilitation equipment for Suomussalmi's village hall",
        20_000,
        "777",
    ),
    (
        "Ikäihmisten liikuntaryhmät kaikkiin kuntiin",
        "Motionsgrupper för äldre i alla kommuner",
        "Exercise groups for older people in every municipality",
        70_000,
        "",
    ),
    (
        "Perhekeskuksen leikkipiha Paltamoon",
        "Lekgård vid familjecentret i Paltamo",
        "Play yard at Paltamo's family centre",
        30_000,
        "620",
    ),
]

CURRENT_PLANS = [
    (
        "Skeittiparkki Kajaaniin",
        "Skejtpark i Kajana",
        "Skatepark in Kajaani",
        18_000,
        "Paikka, jossa voi skeitata ja potkulautailla.",
        "205",
    ),
    (
        "Nuorisotilan pelihuone",
        "Spelrum i ungdomsgården",
        "Games room at the youth centre",
        8_000,
        "Pelikoneet ja sohvat nuorisotilaan.",
        "205",
    ),
    (
        "Kesätyöseteli 50 nuorelle",
        "Sommarjobbssedel för 50 unga",
        "Summer job voucher for 50 young people",
        20_000,
        "Raha, jolla yritys voi palkata nuoren kesäksi.",
        "",
    ),
    (
        "Mielenterveyschatti iltaisin",
        "Chatt för psykisk hälsa på kvällarna",
        "Evening mental health chat",
        15_000,
        "Voit jutella aikuisen kanssa netissä illalla.",
        "",
    ),
    (
        "Frisbeegolfrata Sotkamoon",
        "Discgolfbana i Sotkamo",
        "Disc golf course in Sotkamo",
        12_000,
        "Rata, jolla heitetään frisbeetä koreihin.",
        "765",
    ),
]


def _phase_texts(process: Process) -> None:
    for phase in process.phases.all():
        texts = PHASE_TEXTS[phase.kind]
        phase.explanation_fi, phase.explanation_sv, phase.explanation_en = texts[:3]
        phase.what_you_can_do_fi, phase.what_you_can_do_sv, phase.what_you_can_do_en = texts[3:]
        phase.explanation, phase.what_you_can_do = texts[0], texts[3]
        phase.save()


def _key(label: str) -> str:
    return hashlib.sha256(f"kuulu-demo-voter:{label}".encode()).hexdigest()


def _cast(budget: Budget, plans: list[Plan], count: int, rng: random.Random, prefix: str) -> None:
    """Fictional ballots straight into the table (the services refuse votes outside the voting
    dates, and the past process's voting ended long ago)."""
    weights = [rng.random() + 0.2 for _ in plans]
    bands = ["12-17", "18-29", "30-49", "50-64", "65+"]
    codes = list(budget.process.county.municipalities.values_list("code", flat=True))
    rows = []
    for i in range(count):
        chosen: dict[str, int] = {}
        spent = 0
        for plan in rng.sample(plans, k=len(plans), counts=None):
            if (
                rng.random() < weights[plans.index(plan)] * 0.6
                and spent + plan.cost <= budget.amount
            ):
                chosen[str(plan.pk)] = 1
                spent += plan.cost
        if not chosen:
            chosen[str(plans[0].pk)] = 1
        rows.append(
            Ballot(
                budget=budget,
                voter_key=_key(f"{prefix}{i}"),
                voter_check="code",
                choices=chosen,
                age_band=rng.choice(bands),
                municipality_code=rng.choice(codes) if codes else "",
                language=rng.choice(["fi"] * 8 + ["sv", "en"]),
                receipt=f"D{i:09d}",
                submitted_at=timezone.now() - timedelta(days=200),
            )
        )
    Ballot.objects.bulk_create(rows)


def _plan(
    budget: Budget, names: tuple, cost: int, plain: str = "", unit: Unit | None = None
) -> Plan:
    fi, sv, en = names
    return Plan.objects.create(
        budget=budget,
        title=fi,
        title_fi=fi,
        title_sv=sv,
        title_en=en,
        description=fi,
        description_fi=f"{fi}. Suunniteltu yhdessä asukkaiden kanssa.",
        description_sv=f"{sv}. Planerad tillsammans med invånarna.",
        description_en=f"{en}. Planned together with residents.",
        plain_description_fi=plain,
        plain_description=plain,
        cost=cost,
        responsible_unit=unit,
    )


def _past(county: County, coordinator_user, unit: Unit | None) -> int:  # type: ignore[no-untyped-def]
    start = timezone.now() - timedelta(days=300)
    process = processes.create_process(
        county=county,
        title=PAST,
        title_fi=PAST,
        title_sv="Deltagande budgetering i Kajanaland 2025",
        title_en="Kainuu participatory budgeting 2025",
        summary_fi="Asukkaat päättivät 245 000 euron käytöstä.",
        summary_sv="Invånarna bestämde hur 245 000 euro används.",
        summary_en="Residents decided how 245,000 euros are spent.",
        starts_at=start,
        is_published=True,
        voter_check=Process.VoterCheck.STRONG,
        rule=Process.Rule.EQUAL_SHARES,
    )
    _phase_texts(process)
    budget = Budget.objects.create(
        process=process,
        name="Koko Kainuu",
        name_fi="Koko Kainuu",
        name_sv="Hela Kajanaland",
        name_en="All of Kainuu",
        amount=150_000,
        min_age=12,
        residents_only=True,
    )
    plans = []
    for fi, sv, en, cost, _code in PAST_PLANS:
        idea = Proposal.objects.create(
            process=process,
            title=fi,
            description=f"{fi}: asukkaan ehdotus.",
            status=Proposal.Status.ACCEPTED,
            feasibility="yes",
            legality="yes",
            cost_estimate=cost,
            municipality=Municipality.objects.filter(county=county, code=_code).first(),
        )
        ProposalEvent.objects.create(proposal=idea, kind="submitted", at=start + timedelta(days=20))
        ProposalEvent.objects.create(proposal=idea, kind="accepted", at=start + timedelta(days=50))
        plan = _plan(budget, (fi, sv, en), cost, unit=unit)
        plan.ideas.add(idea)
        plans.append(plan)
    rejected = Proposal.objects.create(
        process=process,
        title="Uusi uimahalli Kajaaniin",
        description="Kajaaniin tarvitaan uusi uimahalli.",
        status=Proposal.Status.REJECTED,
        public_reason=(
            "Uimahalli on kunnan eikä hyvinvointialueen tehtävä, ja se maksaisi moninkertaisesti "
            "koko budjetin verran. Välitimme ehdotuksen Kajaanin kaupungille."
        ),
    )
    ProposalEvent.objects.create(proposal=rejected, kind="rejected", note=rejected.public_reason)
    _cast(budget, plans, 420, random.Random(2025), "past")  # noqa: S311 - demo data
    run_id = results.run_count(budget_id=budget.pk)
    funded = [line.plan_id for line in budget.count_runs.get(pk=run_id).lines.filter(funded=True)]
    texts = [
        ("Suunnittelu aloitettu yhdessä ehdottajien kanssa.", 20, "planning"),
        ("Hankinta tehty, rakentaminen alkaa keväällä.", 45, "in_progress"),
    ]
    for index, plan in enumerate(Plan.objects.filter(pk__in=funded).order_by("pk")):
        for text, progress, status in texts[: 1 + index % 2]:
            PlanUpdate.objects.create(
                plan=plan, text=text, progress=progress, author=coordinator_user
            )
            plan.progress, plan.status = progress, status
        if index == 0:
            plan.progress, plan.status = 100, Plan.Status.DONE
            PlanUpdate.objects.create(
                plan=plan, text="Valmis ja käytössä!", progress=100, author=coordinator_user
            )
        plan.save()
    return 1


def _current(county: County, unit: Unit | None, booth: Unit | None, staff_user) -> int:  # type: ignore[no-untyped-def]
    # voting began five days ago and runs nine more days
    start = timezone.now() - timedelta(days=100)
    process = processes.create_process(
        county=county,
        title=CURRENT,
        title_fi=CURRENT,
        title_sv="Ungdomsbudget 2026",
        title_en="Youth budget 2026",
        summary_fi="12-29-vuotiaat päättävät 50 000 euron käytöstä.",
        summary_sv="12-29-åringar bestämmer hur 50 000 euro används.",
        summary_en="People aged 12 to 29 decide how 50,000 euros are spent.",
        starts_at=start,
        is_published=True,
        voter_check=Process.VoterCheck.CODE,
        rule=Process.Rule.EQUAL_SHARES,
        duplicate_rule=Process.DuplicateRule.ONLINE_OVERRIDES,
        double_entry=True,
    )
    _phase_texts(process)
    VotingCode.objects.bulk_create(
        VotingCode(process=process, code_hash=voters.hash_code(code))
        for code in [*DEMO_CODES, PAPER_CODE]
    )
    county_budget = Budget.objects.create(
        process=process,
        name="Koko Kainuu",
        name_fi="Koko Kainuu",
        name_sv="Hela Kajanaland",
        name_en="All of Kainuu",
        amount=50_000,
        min_age=12,
        residents_only=False,
    )
    kajaani = Municipality.objects.filter(county=county, code="205").first()
    local = Budget.objects.create(
        process=process,
        name="Kajaani",
        name_fi="Kajaani",
        name_sv="Kajana",
        name_en="Kajaani",
        municipality=kajaani,
        amount=26_000,
        vote_type=Budget.VoteType.CHOOSE,
        max_picks=2,
        min_age=12,
        residents_only=False,
    )
    plans = []
    for fi, sv, en, cost, plain, code in CURRENT_PLANS:
        budget = local if code == "205" else county_budget
        plans.append(_plan(budget, (fi, sv, en), cost, plain=plain, unit=unit))
        Proposal.objects.create(
            process=process,
            title=fi,
            description=plain,
            status=Proposal.Status.ACCEPTED,
            target_group=Proposal.TargetGroup.YOUNG,
        )
    first = Proposal.objects.filter(process=process).order_by("pk").first()
    dup = Proposal.objects.create(
        process=process,
        title="Skeittipaikka keskustaan",
        description="Skeittirampit keskustaan.",
        status=Proposal.Status.SUBMITTED,
        target_group=Proposal.TargetGroup.YOUNG,
    )
    proposals.merge_proposals(duplicate=dup, into=first, actor=None)
    county_plans = [p for p in plans if p.budget_id == county_budget.pk]
    rng = random.Random(2026)  # noqa: S311 - demo data
    for i in range(12):
        chosen = rng.sample(county_plans, k=rng.randint(1, 2))
        ballots.cast_ballot(
            budget=county_budget,
            voter=voters.Voter(key=_key(f"current{i}"), kind="email", age=rng.randint(12, 29)),
            choices={str(p.pk): 1 for p in chosen},
            language="fi",
        )
    if booth is not None and staff_user is not None:
        paper.enter_paper_ballot(
            budget=county_budget,
            booth=booth,
            sheet="1",
            choices={str(county_plans[0].pk): 1},
            voting_code=PAPER_CODE,
            age_band="12-17",
            actor=staff_user,
        )
    return 1


def load_budgeting_demo(county: County) -> int:
    """Create the two demo processes when missing; returns how many were created."""
    created = 0
    coordinator = Person.objects.filter(
        county=county, is_coordinator=True, user__isnull=False
    ).first()
    staff = (
        Person.objects.filter(
            county=county, kind=Person.Kind.STAFF, user__isnull=False, is_coordinator=False
        )
        .select_related("unit")
        .first()
    )
    unit = Unit.objects.filter(county=county, is_active=True).order_by("path").first()
    if not Process.objects.filter(county=county, title_fi=PAST).exists():
        created += _past(county, coordinator.user if coordinator else None, unit)
    if not Process.objects.filter(county=county, title_fi=CURRENT).exists():
        created += _current(
            county,
            unit,
            staff.unit if staff else unit,
            staff.user if staff else None,
        )
    return created


__all__ = ["DEMO_CODES", "PAPER_CODE", "Phase", "load_budgeting_demo"]
