"""The shipped content: the two assessment templates and the Erätauko ground rules, in Finnish,
Swedish and English. Written for Kuulu; the coordinator edits the templates afterwards.

Each text is a (fi, sv, en) triple."""

from __future__ import annotations

from dataclasses import dataclass

Text = tuple[str, str, str]

GROUND_RULES: Text = (
    "1. Puhumme omasta kokemuksestamme ja kerromme, mitä olemme itse nähneet ja eläneet.\n"
    "2. Kuuntelemme toisia kiinnostuneina ja yritämme ymmärtää, miksi he ajattelevat niin.\n"
    "3. Emme keskeytä, eikä kenenkään tarvitse väitellä tai voittaa ketään.\n"
    "4. Jokainen saa puheenvuoron, ja hiljaisuudellekin on tilaa.\n"
    "5. Erilaiset näkemykset ovat tervetulleita; etsimme ymmärrystä, emme yksimielisyyttä.\n"
    "6. Muistiinpanoihin ei kirjata nimiä: mitä täällä sanotaan, ei yhdistetä kehenkään.",
    "1. Vi talar utifrån egna erfarenheter och berättar vad vi själva har sett och varit med om.\n"
    "2. Vi lyssnar nyfiket på varandra och försöker förstå varför de andra tänker som de gör.\n"
    "3. Vi avbryter inte, och ingen behöver debattera eller vinna över någon.\n"
    "4. Alla får komma till tals, och det får också finnas tystnad.\n"
    "5. Olika synsätt är välkomna; vi söker förståelse, inte enighet.\n"
    "6. Inga namn antecknas: det som sägs här kopplas inte till någon person.",
    "1. We speak from our own experience and tell what we have seen and lived ourselves.\n"
    "2. We listen to each other with curiosity and try to understand why others think as they "
    "do.\n"
    "3. We do not interrupt, and nobody has to argue or win anyone over.\n"
    "4. Everyone gets a turn to speak, and there is room for silence too.\n"
    "5. Different views are welcome; we look for understanding, not agreement.\n"
    "6. No names are written down: what is said here is not linked to anyone.",
)


@dataclass(frozen=True)
class StepSeed:
    title: Text
    prompt: Text
    required: bool = True
    matrix: bool = False


@dataclass(frozen=True)
class TemplateSeed:
    kind: str
    name: Text
    description: Text
    steps: tuple[StepSeed, ...]


CHILDREN = TemplateSeed(
    kind="children",
    name=(
        "Lapsivaikutusten arviointi",
        "Bedömning av konsekvenser för barn",
        "Children's impact assessment",
    ),
    description=(
        "Arvioi ennen päätöstä, miten asia vaikuttaa lapsiin ja nuoriin, ja kuule heitä itseään.",
        "Bedöm före beslutet hur ärendet påverkar barn och unga, och hör dem själva.",
        "Assess before the decision how the matter affects children and young people, and hear "
        "them yourselves.",
    ),
    steps=(
        StepSeed(
            ("Keihin lapsiin asia vaikuttaa", "Vilka barn ärendet påverkar", "Children affected"),
            (
                "Ketkä lapset ja nuoret asia koskee suoraan tai välillisesti? Mieti ikäryhmiä, "
                "alueita, perhetilanteita sekä lapsia, joilla on erityisiä tarpeita.",
                "Vilka barn och unga berörs direkt eller indirekt? Tänk på åldersgrupper, "
                "områden, familjesituationer och barn med särskilda behov.",
                "Which children and young people does the matter concern directly or "
                "indirectly? Think of age groups, areas, family situations and children with "
                "special needs.",
            ),
        ),
        StepSeed(
            ("Lasten näkemykset", "Barnens synpunkter", "Children's views"),
            (
                "Miten lapsia kuultiin (kysely, raati, kouluvierailu, nuorisovaltuusto) ja mitä "
                "he sanoivat? Jos heitä ei kuultu, kerro miksi.",
                "Hur hördes barnen (enkät, panel, skolbesök, ungdomsfullmäktige) och vad sade de? "
                "Om de inte hördes, berätta varför.",
                "How were children heard (survey, panel, school visit, youth council) and what "
                "did they say? If they were not heard, say why.",
            ),
        ),
        StepSeed(
            (
                "Vaikutukset oikeuksiin ja hyvinvointiin",
                "Konsekvenser för rättigheter och välbefinnande",
                "Effects on rights and wellbeing",
            ),
            (
                "Miten asia vaikuttaa lasten oikeuksiin (lapsen etu, syrjimättömyys, osallisuus) "
                "ja hyvinvointiin, turvallisuuteen, palveluihin ja perheiden arkeen?",
                "Hur påverkar ärendet barnens rättigheter (barnets bästa, icke-diskriminering, "
                "delaktighet) och välbefinnande, trygghet, tjänster och familjernas vardag?",
                "How does the matter affect children's rights (the best interests of the child, "
                "non-discrimination, participation) and their wellbeing, safety, services and "
                "families' everyday life?",
            ),
        ),
        StepSeed(
            ("Vaihtoehtojen vertailu", "Jämförelse av alternativen", "Alternatives compared"),
            (
                "Mitkä ratkaisuvaihtoehdot on harkittu, ja miten ne eroavat lasten kannalta?",
                "Vilka alternativ har övervägts, och hur skiljer de sig ur barnens synvinkel?",
                "Which alternatives were considered, and how do they differ for children?",
            ),
        ),
        StepSeed(
            ("Johtopäätös", "Slutsats", "Conclusion"),
            (
                "Mitä päätöksessä on otettava huomioon lasten vuoksi? Miten lapsille kerrotaan "
                "päätöksestä ja miten vaikutuksia seurataan?",
                "Vad ska beaktas i beslutet för barnens skull? Hur berättar man beslutet för "
                "barnen och hur följs konsekvenserna upp?",
                "What must the decision take into account for children's sake? How will "
                "children be told about the decision, and how will the effects be followed up?",
            ),
        ),
    ),
)

ADVANCE = TemplateSeed(
    kind="advance",
    name=(
        "Vaikutusten ennakkoarviointi",
        "Förhandsbedömning av konsekvenser",
        "Impact assessment in advance",
    ),
    description=(
        "Vertaa päätösvaihtoehtoja ja niiden vaikutuksia eri ryhmiin ennen päätöstä.",
        "Jämför beslutsalternativen och deras konsekvenser för olika grupper före beslutet.",
        "Compare the decision options and their effects on different groups before the decision.",
    ),
    steps=(
        StepSeed(
            ("Asia ja tavoite", "Ärendet och målet", "The matter and its aim"),
            (
                "Mitä ollaan päättämässä ja mihin päätöksellä pyritään?",
                "Vad ska beslutas och vad vill man uppnå med beslutet?",
                "What is being decided, and what is the decision meant to achieve?",
            ),
        ),
        StepSeed(
            (
                "Vaihtoehdot ja vaikutukset ryhmittäin",
                "Alternativ och konsekvenser per grupp",
                "Options and effects by group",
            ),
            (
                "Kirjaa jokaisen vaihtoehdon vaikutus jokaiseen ryhmään, myös sukupuolten "
                "tasa-arvoon ja kieliryhmiin (suomen-, ruotsin- ja saamenkieliset).",
                "Beskriv varje alternativs konsekvens för varje grupp, också för jämställdheten "
                "och språkgrupperna (finsk-, svensk- och samiskspråkiga).",
                "Record each option's effect on each group, including gender equality and "
                "language groups (Finnish, Swedish and Sámi speakers).",
            ),
            matrix=True,
        ),
        StepSeed(
            ("Tietopohja ja kuuleminen", "Kunskapsunderlag och hörande", "Evidence and hearing"),
            (
                "Mihin tietoon arvio perustuu, ja keitä asukkaita, asiakkaita tai "
                "vaikuttamistoimielimiä kuultiin?",
                "Vilka uppgifter bygger bedömningen på, och vilka invånare, klienter eller "
                "påverkansorgan hördes?",
                "What evidence is the assessment based on, and which residents, customers or "
                "influence councils were heard?",
            ),
            required=False,
        ),
        StepSeed(
            ("Johtopäätös ja seuranta", "Slutsats och uppföljning", "Conclusion and follow-up"),
            (
                "Mitä vaihtoehtoa esitetään ja miksi? Miten haittoja lievennetään ja vaikutuksia "
                "seurataan?",
                "Vilket alternativ föreslås och varför? Hur lindras olägenheterna och hur följs "
                "konsekvenserna upp?",
                "Which option is proposed and why? How are harms eased, and how will the "
                "effects be followed up?",
            ),
        ),
    ),
)

TEMPLATES = (CHILDREN, ADVANCE)

# The groups a new options-by-effects matrix starts with (fi, sv, en); the author edits them.
DEFAULT_GROUPS: tuple[Text, ...] = (
    ("Lapset ja nuoret", "Barn och unga", "Children and young people"),
    ("Ikäihmiset", "Äldre", "Older people"),
    ("Vammaiset henkilöt", "Personer med funktionsnedsättning", "People with disabilities"),
    ("Sukupuolten tasa-arvo", "Jämställdhet mellan könen", "Gender equality"),
    ("Ruotsinkieliset", "Svenskspråkiga", "Swedish speakers"),
    ("Saamenkieliset", "Samiskspråkiga", "Sámi speakers"),
)
