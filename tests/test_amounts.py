"""Money amounts: values in kroner, rate units, the year an amount applies to and its price level."""

from __future__ import annotations

import pytest

from graph.amounts import find_amounts


def rows(text: str) -> list[tuple[str, float | None, str, int | None, str | None]]:
    found = find_amounts(text)
    for amount in found:
        assert amount.span is not None
        assert text[amount.span.start : amount.span.end] == amount.text
    return [(a.text, a.value_dkk, a.unit, a.year, a.price_level) for a in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("løfte udgangspunktet med 1,5 mia. kr.", [("1,5 mia. kr.", 1_500_000_000, "kr.", None, None)]),
        ("en pulje på 350 mio. kr.", [("350 mio. kr.", 350_000_000, "kr.", None, None)]),
        (
            "et tilskud på 122 kr. pr. indbygger",
            [("122 kr. pr. indbygger", 122, "kr. pr. indbygger", None, None)],
        ),
        ("et beløb på 2.500 kr.", [("2.500 kr.", 2500, "kr.", None, None)]),
        ("i alt 2,7 mia.kr. til velfærd", [("2,7 mia.kr.", 2_700_000_000, "kr.", None, None)]),
        ("300 millioner kroner", [("300 millioner kroner", 300_000_000, "kr.", None, None)]),
        ("3 milliarder kroner", [("3 milliarder kroner", 3_000_000_000, "kr.", None, None)]),
        ("en nedregulering på -0,5 mia. kr.", [("-0,5 mia. kr.", -500_000_000, "kr.", None, None)]),
        ("en regulering på minus 0,3 mia. kr.", [("minus 0,3 mia. kr.", -300_000_000, "kr.", None, None)]),
        ("en ramme på 1-2 mia. kr.", [("1-2 mia. kr.", None, "kr.", None, None)]),
        (
            "nedbringes med 1,0 mia. kr. årligt",
            [("1,0 mia. kr. årligt", 1_000_000_000, "kr. årligt", None, None)],
        ),
    ],
)
def test_values_and_units(
    text: str, expected: list[tuple[str, float | None, str, int | None, str | None]]
) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "year", "price_level"),
    [
        ("Der kan frigøres 0,6 mia. kr. i 2025.", 2025, None),
        ("et efterslæb på 0,9 mia. kr. for 2023", 2023, None),
        ("reduceres med 0,5 mia. kr. fra 2021", 2021, None),
        ("et løft på 1,7 mia. kr. (2024-pl) i 2024", 2024, "2024-pl"),
        ("et løft på 1,7 mia. kr. (2024-priser)", None, "2024-pl"),
        ("et løft på 1,7 mia. kr. i 2024-priser", None, "2024-pl"),
        ("tilføres 100 mio. kr. i 2024-2026", None, None),
        ("et tilskud på 1.200 mio. kr. i 2020 og 2021", None, None),
        ("rådet udgør 58,7 mio.kr. (2018-pl) i 2019, og", 2019, "2018-pl"),
        ("tilføres 100 mio. kr. årligt fra 2024", 2024, None),
    ],
)
def test_year_and_price_level_stated_right_after(
    text: str, year: int | None, price_level: str | None
) -> None:
    [(_, _, _, got_year, got_level)] = rows(text)
    assert (got_year, got_level) == (year, price_level)


def test_percentages_and_bare_years_are_not_amounts() -> None:
    assert rows("Tilskudsprocenten kan højest udgøre 75 pct. af provenutabet i 2019.") == []
    assert rows("Det kommunale grundkapitalindskud udgør 14 pct. fra og med 2019.") == []


def test_a_dash_between_words_is_not_a_minus() -> None:
    assert rows("kommunerne – 0,5 mia. kr. i 2020 – frigiver")[0][1] == 500_000_000


def test_every_amount_of_a_real_unit() -> None:
    # kommuner-2022.txt
    text = (
        "Med økonomiaftalen for kommunerne i 2021 aftalte parterne, at kommunernes anvendelse af eksterne "
        "konsulenter kan nedbringes med 1,0 mia. kr. årligt fra 2025, heraf 0,5 mia. kr. i 2021, 0,7 mia. kr. i "
        "2022, 0,8 mia. kr. i 2023 og 0,9 mia. kr. i 2024."
    )
    assert [(value, unit, year) for _, value, unit, year, _ in rows(text)] == [
        (1_000_000_000, "kr. årligt", 2025),
        (500_000_000, "kr.", 2021),
        (700_000_000, "kr.", 2022),
        (800_000_000, "kr.", 2023),
        (900_000_000, "kr.", 2024),
    ]
