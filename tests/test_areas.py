"""Policy areas: the lexicon per area, the heading as a weaker signal, and the guide's area rules."""

from __future__ import annotations

import pytest
from _extraction import corpus_extraction
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.areas import LEXICON, _cached_score, _terms, classify_area
from ontology import policy_area_ids


def test_every_policy_area_has_a_lexicon_and_nothing_else_does() -> None:
    assert set(LEXICON) == set(policy_area_ids())
    assert all(terms for terms in LEXICON.values())


@pytest.mark.parametrize(
    ("text", "heading", "area"),
    [
        (
            "Det kommunale udgiftsloft er udgangspunktet for den kommunale serviceramme for 2020, og "
            "bloktilskuddet reguleres i medfør af DUT.",
            ["2. Kommunernes økonomiske rammer for 2020"],
            "okonomi",
        ),
        (
            "Regeringen og KL vil senest i 2019 igangsætte en evaluering af inklusionsindsatsen i folkeskolen.",
            [],
            "uddannelse",
        ),
        ("Parterne vil følge implementeringen af den nye læreruddannelse.", [], "uddannelse"),
        ("Parterne er enige om at styrke indsatsen for anbragte børn og plejefamilier.", [], "boern-unge"),
        (
            "Regeringen og KL er enige om at følge udviklingen i minimumsnormeringer i dagtilbud.",
            [],
            "boern-unge",
        ),
        ("Parterne vil styrke kvaliteten i ældreplejen på plejehjem og i hjemmeplejen.", [], "aeldre"),
        ("Parterne er enige om at forenkle beskæftigelsesindsatsen for ledige.", [], "beskaeftigelse"),
        ("Parterne vil styrke integrationen af flygtninge på arbejdsmarkedet.", [], "beskaeftigelse"),
        ("Parterne vil følge udgiftsudviklingen på botilbud for borgere med handicap.", [], "social"),
        ("Parterne er enige om at styrke forebyggelsen og det nære sundhedsvæsen.", [], "sundhed"),
        ("Parterne vil styrke cyber- og informationssikkerheden i kommunerne.", [], "digitalisering"),
        (
            "Parterne vil understøtte klimatilpasning og den grønne omstilling af varmeforsyningen.",
            [],
            "klima-miljoe",
        ),
        (
            "Parterne vil se på vedligeholdelsen af de kommunale veje og den kollektive trafik.",
            [],
            "infrastruktur",
        ),
        (
            "Parterne er enige om en ny og fokuseret erhvervsfremmeindsats med en stærk kommunal forankring.",
            [],
            "erhverv-land",
        ),
        (
            "Parterne er enige om at forenkle dokumentationskrav og gennemføre afbureaukratisering.",
            [],
            "administration",
        ),
    ],
)
def test_lexicon_picks_the_subject(text: str, heading: list[str], area: str) -> None:
    primary, secondary = classify_area(text, heading)
    assert primary == area
    assert primary not in secondary
    assert set(secondary) <= policy_area_ids()


def test_heading_decides_when_the_unit_names_no_subject() -> None:
    text = "Parterne vil desuden gå i dialog om de nærmere rammer."
    assert classify_area(text, ["4. Børn og unge", "Dagtilbud"])[0] == "boern-unge"
    assert classify_area(text, ["Folkeskolen"])[0] == "uddannelse"


def test_the_unit_outweighs_its_chapter() -> None:
    # a digitalisation paragraph inside a school chapter is about digitalisation
    text = "Parterne vil styrke it-sikkerheden og cyber- og informationssikkerheden i de digitale løsninger."
    assert classify_area(text, ["4. Folkeskolen"])[0] == "digitalisering"


def test_crisis_compensation_is_economy_and_the_crisis_itself_is_emergency() -> None:
    compensation = "Kommunerne kompenseres for merudgifter til håndtering af COVID-19 i 2021."
    assert classify_area(compensation, ["Indsatsen mod COVID-19 i 2021"]) == ("okonomi", ["beredskab"])
    crisis = "Parterne vil følge smittespredningen under COVID-19-epidemien tæt og drøfte beredskabet."
    assert classify_area(crisis, ["Indsatsen mod COVID-19"])[0] == "beredskab"


def test_financing_a_crisis_effort_is_economy() -> None:
    text = "Det er desuden aftalt, at kommunerne sikres de nødvendige ressourcer til at finansiere COVID-19-indsatsen."
    assert classify_area(text, ["2. Kommunernes økonomiske rammer"])[0] == "okonomi"
    grant = "Regeringen og KL er enige om at målrette et særtilskud til kommuner, der modtager mange fordrevne."
    assert classify_area(grant, ["3. Fordrevne fra Ukraine"])[0] == "okonomi"


def test_compensation_for_refugees_from_the_war_is_economy_but_their_integration_is_employment() -> None:
    heading = ["3. Fordrevne fra Ukraine"]
    compensation = (  # kommuner-2023.txt
        "Der er på den baggrund enighed mellem regeringen og KL om, at kommunerne kompenseres for "
        "nettomerudgifter for 164 mio. kr. i 2022."
    )
    assert classify_area(compensation, heading) == ("okonomi", ["beredskab", "beskaeftigelse"])
    integration = "Parterne vil styrke integrationen af fordrevne fra Ukraine på arbejdsmarkedet."
    assert classify_area(integration, heading)[0] == "beskaeftigelse"


def test_health_it_follows_the_chapter() -> None:
    text = "Parterne er enige om at udbrede et samlet patientoverblik med fælles stamkort i sundhedsvæsenet."
    assert classify_area(text, ["Bilag 2. Data og digitalisering", "Et samlet patientoverblik"]) == (
        "digitalisering",
        ["sundhed"],
    )
    data = (
        "Parterne vil arbejde hen imod en samlet og sikker national infrastruktur for brug af sundhedsdata."
    )
    primary, secondary = classify_area(data, ["5. Den nære sundhed", "Fælles infrastruktur for sundhedsdata"])
    assert (primary, secondary[0]) == ("sundhed", "digitalisering")


def test_health_it_under_a_digitalisation_section_of_a_catch_all_chapter_is_digitalisation() -> None:
    text = "Parterne er enige om et ekstraordinært løft af driftsbevillingen til sundhed.dk på 2,1 mio. kr. i 2024."
    heading = ["5. Øvrige", "Digitalisering", "Fremtidssikring af det digitale fundament",
               "Sammenhæng på tværs i sundhedsvæsenet"]
    assert classify_area(text, heading)[0] == "digitalisering"
    # the unit's own sub-heading is its subject, not its chapter: health data in a knowledge annex stay health
    data = "Regeringen, KL og Danske Regioner er enige om at sikre fremdrift i arbejdet med indberetning af data."
    annex = ["Bilag 1. Bedre viden om velfærd", "Boks 1", "Data på tværs af det nære sundhedsvæsen"]
    assert classify_area(data, annex)[0] == "sundhed"


def test_a_fund_in_a_subject_chapter_takes_the_subject() -> None:
    text = "Parterne er enige om at afsætte en pulje til at understøtte kommunernes arbejde."
    primary, secondary = classify_area(text, ["6. Det specialiserede socialområde", "Pulje"])
    assert (primary, secondary[0]) == ("social", "okonomi")


def test_un_goals_are_climate_and_environment() -> None:
    text = "Regeringen og KL vil fortsat samarbejde om at understøtte kommunernes arbejde med verdensmålene."
    assert classify_area(text, ["9. Øvrige områder", "Verdensmålene"])[0] == "klima-miljoe"


def test_recruitment_of_welfare_staff_is_administration() -> None:
    text = (
        "Regeringen og KL vil i efteråret 2022 drøfte konkrete løsningsspor i forhold til at håndtere "
        "rekrutteringsudfordringerne i ældreplejen og på dagtilbudsområdet."
    )
    assert classify_area(text, ["5. Ældre"])[0] == "administration"


def test_immigration_is_no_water() -> None:
    text = (
        "Derfor vil regeringen arbejde for over tid at begrænse indvandring af flygtninge og familie-sammenførte fra "
        "MENAP(T)-landene, så længe der eksisterer markante integrationsudfordringer, bortset fra den indvandring, som "
        "følger af Danmarks internationale forpligtigelser og af ordningen om modtagelse af kvoteflygtninge."
    )
    assert classify_area(text, ["13. Øvrige", "Indvandring fra MENAP(T)-landene"]) == ("beskaeftigelse", [])


def test_automating_tasks_is_digitalisation_and_psychosis_is_health() -> None:
    automate = (
        "Dertil vil parterne drøfte områder i den offentlige sektor, hvor der kan være et potentiale for at automatisere "
        "opgaver i den offentlige sektor, ligesom der igangsættes indsatser, som kan nedbringe administration og frigøre tid."
    )
    heading = ["Bilag 1. Spor i flerårigt samarbejdsprogram", "Boks 4", "Automatisering og ny teknologi (10-årsplan)"]
    assert classify_area(automate, heading)[0] == "digitalisering"
    pathways = "Herudover bidrager parterne til udarbejdelse af forløbsbeskrivelser for hhv. voksne og børn og unge med psykoselidelser."
    assert classify_area(pathways, ["5. Øvrige", "Opfølgning på 10-årsplanen for psykiatrien"])[0] == "sundhed"


def test_words_that_only_lean_towards_an_area_give_no_secondary_area() -> None:
    """`regionale` leans towards health (the regions run the hospitals), but the regional traffic
    companies are no health subject: a secondary area needs a word of its vocabulary."""
    text = "Regeringen og KL er enige om, at driften af de regionale trafiksselskaber er et kommunalt og regionalt ansvarsområde."
    assert classify_area(text, ["5. Øvrige", "Regionale trafiksselskaber"]) == ("infrastruktur", [])


def test_no_evidence_falls_back_to_administration() -> None:
    assert classify_area("Parterne er enige herom.", []) == ("administration", [])


def _every_term_unfiltered(text: str) -> tuple[tuple[str, float], ...]:
    """`_cached_score` without its prefilter: every term's pattern run on the text."""
    scores: dict[str, float] = {}
    for area, pattern, weight, _, _ in _terms():
        hits = len(pattern.findall(text))
        if hits:
            scores[area] = scores.get(area, 0.0) + weight * min(hits, 2)
    return tuple(scores.items())


def test_the_prefilter_skips_no_term_that_matches_in_the_corpus() -> None:
    texts = {c.text for _, commitments in corpus_extraction() for c in commitments}
    texts |= {title for _, commitments in corpus_extraction() for c in commitments for title in c.heading}
    for text in texts:
        assert tuple((a, total) for a, total, _ in _cached_score.__wrapped__(text)) == _every_term_unfiltered(text)


# Letters re.I matches across case (İ ı ſ K Å), capitals, digits, hyphens, spaces, compounds.
CASE_TEXT = st.lists(
    st.sampled_from(["İ", "ı", "ſ", "\u212a", "\u212b", "Å", "Æ", "Ø", "IT-", "it", "-", " ", "2", "0", "10. ",
                     "DK", "COVID", "servicerammen", "Serviceramme", "DATA", "hjemmePLEJEN", "mia. kr", "sKole",
                     "NemLog-in", "app", "apps", "natur", "lig", "e-handel", "Borger.dk", "x"]),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(CASE_TEXT)
def test_the_prefilter_skips_no_term_that_matches(text: str) -> None:
    assert tuple((a, total) for a, total, _ in _cached_score.__wrapped__(text)) == _every_term_unfiltered(text)
