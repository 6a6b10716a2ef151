"""The coordination model's starting content: five areas and their tasks, in our own words,
after the structure of the Pirkanmaa model (seed 002). Plain data, no Django imports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    fi: str
    sv: str
    en: str


@dataclass(frozen=True)
class AreaSeed:
    number: int
    title: Text
    description: Text
    tasks: tuple[Text, ...]


AREAS: tuple[AreaSeed, ...] = (
    AreaSeed(
        1,
        Text(
            "Yhteinen tahtotila ja ymmärrys osallisuudesta",
            "Gemensam vilja och förståelse för delaktighet",
            "Shared will and understanding of participation",
        ),
        Text(
            "Sovitaan yhdessä, mitä asiakkaiden osallisuudella tavoitellaan, ja vahvistetaan osaamista yhteisillä materiaaleilla ja oppimistilaisuuksilla.",
            "Vi kommer överens om vad kundernas delaktighet ska uppnå och stärker kunnandet med gemensamt material och lärtillfällen.",
            "Agree together on what customer participation aims at, and build competence with shared materials and learning events.",
        ),
        (
            Text(
                "Yhteiset tavoitteet, käsitteet ja laatukriteerit osallisuudelle",
                "Gemensamma mål, begrepp och kvalitetskriterier för delaktighet",
                "Shared goals, concepts and quality criteria for participation",
            ),
            Text(
                "Osallisuusosaamisen syventäminen materiaalein ja yhteisin oppimistilaisuuksin",
                "Fördjupat kunnande om delaktighet genom material och gemensamma lärtillfällen",
                "Deepening participation competence through materials and joint learning events",
            ),
        ),
    ),
    AreaSeed(
        2,
        Text(
            "Väylät, verkostot ja ryhmät",
            "Kanaler, nätverk och grupper",
            "Channels, networks and groups",
        ),
        Text(
            "Pidetään yllä väyliä, joiden kautta asiakkaat ja asukkaat pääsevät mukaan, ja tuetaan ammattilaisia niiden käytössä.",
            "Vi upprätthåller kanaler genom vilka kunder och invånare kan delta och stöder personalen i att använda dem.",
            "Keep up the channels through which customers and residents take part, and support professionals in using them.",
        ),
        (
            Text("Vaikuttajaverkosto", "Påverkarnätverket", "Influencer network"),
            Text(
                "Kokemusasiantuntijapankki",
                "Banken för erfarenhetsexperter",
                "Experience-expert bank",
            ),
            Text(
                "Vertaistoiminta: vertaisryhmät ja vertaistukijat",
                "Kamratverksamhet: kamratgrupper och kamratstödjare",
                "Peer activities: peer groups and peer supporters",
            ),
            Text(
                "Asiakkaiden mukaan tulo yhteiskehittämiseen, kehittäjäryhmiin ja oppimisverkostoihin",
                "Kundernas deltagande i samutveckling, utvecklingsgrupper och lärnätverk",
                "Bringing customers into co-development, development groups and learning networks",
            ),
            Text(
                "Kehittäjäasiakasryhmät ja asiakasraadit",
                "Utvecklarkundgrupper och kundpaneler",
                "Developer-customer groups and customer panels",
            ),
            Text(
                "Ohjeet ja yhteiset materiaalit ammattilaisille kokemusasiantuntijoiden kanssa työskentelyyn",
                "Anvisningar och gemensamt material för personal som arbetar med erfarenhetsexperter",
                "Guidance and shared materials for professionals working with experience experts",
            ),
        ),
    ),
    AreaSeed(
        3,
        Text("Yhteiset menetelmät", "Gemensamma metoder", "Shared methods"),
        Text(
            "Otetaan käyttöön yhtenäisiä osallisuuden menetelmiä ja tuetaan niiden osaamista.",
            "Vi inför enhetliga metoder för delaktighet och stöder kunnandet i dem.",
            "Adopt shared participation methods and support the competence to use them.",
        ),
        (
            Text(
                "Menetelmäkoulutukset ja yhteiset oppimistilaisuudet",
                "Metodutbildningar och gemensamma lärtillfällen",
                "Method trainings and joint learning events",
            ),
            Text(
                "Menetelmäosaajien joukko (osallisuuden osaajapankki)",
                "Metodexpertpoolen",
                "Method expert pool",
            ),
            Text(
                "Menetelmien käyttöönoton seuranta",
                "Uppföljning av hur metoderna tas i bruk",
                "Following how methods are adopted",
            ),
            Text(
                "Suunnittelutuki esimerkiksi lapsivaikutusten arviointiin ja osallistuvaan budjetointiin",
                "Planeringsstöd till exempel för bedömning av konsekvenser för barn och deltagande budgetering",
                "Planning support, e.g. for child impact assessment and participatory budgeting",
            ),
        ),
    ),
    AreaSeed(
        4,
        Text(
            "Hyvinvointi- ja kokemustieto",
            "Information om välfärd och erfarenheter",
            "Wellbeing and experience data",
        ),
        Text(
            "Kerätään ja käytetään asukkaiden hyvinvointi- ja kokemustietoa järjestelmällisesti; asukkaat ovat mukana tiedon tulkinnassa.",
            "Vi samlar in och använder information om invånarnas välfärd och erfarenheter systematiskt; invånarna deltar i tolkningen.",
            "Collect and use residents' wellbeing and experience data systematically; residents take part in interpreting it.",
        ),
        (
            Text(
                "Kerätyn tiedon kokoaminen ja yhteensovittaminen",
                "Sammanställning och samordning av insamlad information",
                "Gathering and combining the data already collected",
            ),
            Text(
                "Puuttuvan tiedon tunnistaminen ja kerääminen sopivin menetelmin",
                "Att identifiera saknad information och samla in den med lämpliga metoder",
                "Identifying missing data and collecting it with fitting methods",
            ),
            Text(
                "Säännöllisten tiedonkeruiden yhteensovittaminen",
                "Samordning av regelbundna datainsamlingar",
                "Coordinating regular data collections",
            ),
            Text(
                "Yksiköiden tukeminen tiedonkeruussa osallistavin menetelmin",
                "Stöd till enheterna vid datainsamling med delaktiggörande metoder",
                "Supporting units in collecting data with participatory methods",
            ),
        ),
    ),
    AreaSeed(
        5,
        Text(
            "Läpinäkyvyys ja tiedonsaanti",
            "Öppenhet och tillgång till information",
            "Transparency and information",
        ),
        Text(
            "Kerrotaan toiminnasta saavutettavasti ja eri ryhmien tarpeet huomioiden.",
            "Vi informerar om verksamheten tillgängligt och med hänsyn till olika gruppers behov.",
            "Tell about the work accessibly and with the needs of different groups in mind.",
        ),
        (
            Text(
                "Osallistu ja vaikuta -osion ylläpito",
                "Underhåll av avsnittet Delta och påverka",
                "Maintaining the Participate and influence section",
            ),
            Text(
                "Osallisuuden väylistä tiedottaminen",
                "Information om kanalerna för delaktighet",
                "Communicating the channels of participation",
            ),
        ),
    ),
)
