"""References: earlier economy agreements by id, other named agreements and reforms by name."""

from __future__ import annotations

import pytest

from graph.references import find_references


def refs(text: str, fiscal_year: int) -> list[tuple[str, str | None, str | None]]:
    found = find_references(text, fiscal_year=fiscal_year)
    for ref in found:
        assert ref.span is not None
        assert text[ref.span.start : ref.span.end] == ref.text
    return [(r.text, r.agreement, r.name) for r in found]


@pytest.mark.parametrize(
    ("text", "fiscal_year", "agreement"),
    [
        (
            "Med Aftale om kommunernes økonomi for 2023 er det aftalt at følge op på initiativerne.",
            2024,
            "ØA23",
        ),
        ("Som aftalt i økonomiaftalen for 2022 følger parterne op.", 2024, "ØA22"),
        ("Med ØA23 igangsatte parterne et analysearbejde.", 2024, "ØA23"),
        (
            "Med økonomiaftalen for kommunerne i 2021 aftalte parterne, at konsulentforbruget nedbringes.",
            2022,
            "ØA21",
        ),
        (
            "I forlængelse af aftale om kommunernes økonomi for 2019 stiller kommunerne data til rådighed.",
            2020,
            "ØA19",
        ),
        (
            "Status blev drøftet ved forhandlingerne om kommunernes og regionernes økonomi for 2019.",
            2020,
            "ØA19",
        ),
    ],
)
def test_earlier_economy_agreements_are_cited_by_id(text: str, fiscal_year: int, agreement: str) -> None:
    assert [a for _, a, _ in refs(text, fiscal_year)] == [agreement]


@pytest.mark.parametrize(
    ("text", "fiscal_year"),
    [
        # a self-reference: the agreement's own fiscal year
        ("Regeringen og KL er enige om, at aftalen om kommunernes økonomi for 2024 indebærer et løft.", 2024),
        ("Aftale om kommunernes økonomi for 2024", 2024),
        # a later agreement is a deadline, not a citation
        ("Parterne drøfter resultaterne i ØA25.", 2024),
        ("Der følges op i forbindelse med økonomiaftalen for 2025.", 2024),
        # `aftalen om at …` names no agreement; an indefinite reform is a plan
        ("Det følger af aftalen om at nedsætte en arbejdsgruppe.", 2019),
        ("Regeringen vil i 2018 præsentere en samlet sundhedsreform.", 2019),
    ],
)
def test_self_references_forward_agreements_and_generic_words_are_not_references(
    text: str, fiscal_year: int
) -> None:
    assert refs(text, fiscal_year) == []


def test_the_regions_agreement_is_named_not_identified() -> None:
    assert refs("Det følger af aftalen om regionernes økonomi for 2023.", 2024) == [
        ("aftalen om regionernes økonomi for 2023", None, "Aftale om regionernes økonomi for 2023")
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Parterne følger implementeringen af Aftale om reform af læreruddannelsen fra 2023, som skal",
            "Aftale om reform af læreruddannelsen",
        ),
        (
            "Som opfølgning på Aftale om styrket kvalitet i dagtilbud. Parterne vil",
            "Aftale om styrket kvalitet i dagtilbud",
        ),
        (
            "Som opfølgning på aftalen om minimumsnormeringer af 5. december 2020 er regeringen og KL enige om",
            "Aftale om minimumsnormeringer",
        ),
        (
            "Parterne vil som led i Sammenhængsreformen i efteråret 2018 aftale fælles måltal.",
            "Sammenhængsreformen",
        ),
        ("Midlerne blev afsat med finanslovsaftalen for 2020.", "Finanslovsaftalen for 2020"),
    ],
)
def test_other_agreements_and_reforms_are_cited_by_name(text: str, name: str) -> None:
    assert [n for _, a, n in refs(text, 2024) if a is None] == [name]


def test_a_plural_title_cites_every_year_it_names() -> None:
    # kommuner-2023.txt
    text = "Med Aftaler om kommunernes økonomi for 2021 og 2022 har regeringen og KL aftalt, at konsulentforbruget"
    assert [a for _, a, _ in refs(text, 2023)] == ["ØA21", "ØA22"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (  # kommuner-2022.txt: the date of the agreement is not part of its name
            "Der er med Aftale om reform af det kommunale tilskuds- og udligningssystem af d. 5. maj 2020 enighed om",
            "Aftale om reform af det kommunale tilskuds- og udligningssystem",
        ),
        (  # kommuner-2024.txt
            "KL konstaterer, at Aftale om reform af læreruddannelsen af 13. september 2022 forudsætter, at",
            "Aftale om reform af læreruddannelsen",
        ),
        (  # kommuner-2019.txt: the name ends before the verb of the sentence
            "Regeringen og KL er enige om, at aftalen om forenkling af erhvervsfremmesystemet skaber rammerne for",
            "Aftale om forenkling af erhvervsfremmesystemet",
        ),
        (  # kommuner-2023.txt: `fra` before a name word belongs to the name
            "Regeringen og KL var derfor med Aftale om modtagelse af fordrevne fra Ukraine af 11. marts 2022 enige",
            "Aftale om modtagelse af fordrevne fra Ukraine",
        ),
    ],
)
def test_names_end_before_the_date(text: str, name: str) -> None:
    assert [n for _, _, n in refs(text, 2024)] == [name]


def test_references_come_in_text_order_without_overlap() -> None:
    text = "Med ØA22 og Aftale om kommunernes økonomi for 2023 blev parterne enige om at følge Sammenhængsreformen."
    assert refs(text, 2024) == [
        ("ØA22", "ØA22", None),
        ("Aftale om kommunernes økonomi for 2023", "ØA23", None),
        ("Sammenhængsreformen", None, "Sammenhængsreformen"),
    ]
