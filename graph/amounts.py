"""Money amounts of one commitment unit.

Decisions (the guide asks for "every money amount in the unit"):

- An amount is a number followed by an optional scale and a currency word: `1,5 mia. kr.`
  (1 500 000 000), `350 mio. kr.`, `2.500 kr.`, `mia.kr.`, `millioner kroner`, `mia. DKK`.
  Danish number format: `.` groups thousands, `,` is the decimal comma. A leading minus
  (`-0,5 mia. kr.`, `minus 0,5 mia. kr.`) makes the value negative.
- A range (`1-2 mia. kr.`, `0,5 til 1 mia. kr.`) is one amount with `value_dkk` None: the text
  states no single sum, and picking an end would invent one.
- A rate keeps its unit: `122 kr. pr. indbygger` has unit `kr. pr. indbygger`; `mio. kr. årligt`
  and `mio. kr. om året` have unit `kr. årligt`. Everything else has unit `kr.`.
- The year is the one stated right after the amount (after an optional price level):
  `i 2025`, `for 2023`, `fra 2021`, `fra og med 2021`, `i 2021 og frem` → that year. A span of
  years (`i 2024-2026`, `i perioden 2021-2024`, `i 2020 og 2021`) gives no single year (None). A
  year written before the amount (`I 2025 afsættes …`) is not read: which amount it governs is a
  matter of syntax.
- The price level is kept as written, normalised to `<year>-pl`: `(2024-pl)`, `2024-pl`,
  `(2024-priser)`, `i 2024-priser`, `(pl 2024)`.
- Percentages (`pct.`, `procent`) are not amounts. `text` is the number, scale, currency and rate
  only (never the year or price level), and `text[span]` is exactly `text`.
"""

from __future__ import annotations

import re

from graph.models import Amount, Span

W = r"[\wæøåÆØÅ]"
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
SCALES: tuple[tuple[str, float], ...] = (
    (r"mia\.?|milliard(?:er)?", 1e9),
    (r"mio\.?|mill\.?|million(?:er)?", 1e6),
    (r"t\.|tusind", 1e3),
)
SCALE = "|".join(f"(?:{pattern})" for pattern, _ in SCALES)
CURRENCY = r"(?:kr\.?|kroner|dkk)(?![\wæøåÆØÅ])"
RATE = rf"pr\.\s?(?P<per>{W}+)|(?P<annual>årligt|om\såret)(?!{W})"
AMOUNT_RE = re.compile(
    rf"(?P<sign>(?<![\wæøåÆØÅ,.\d-])[-−](?=\d)|(?<![\wæøåÆØÅ])minus\s)?(?<![\wæøåÆØÅ,.])(?P<low>{NUMBER})"
    rf"(?:\s?(?:-|–|til)\s?(?P<high>{NUMBER}))?"
    rf"\s?(?P<scale>{SCALE})?\s?(?P<currency>{CURRENCY})(?:\s(?:{RATE}))?",
    re.I,
)
PRICE_LEVEL_RE = re.compile(
    r"^\s?(?:\(\s?(?:i\s)?(?P<a>\d{4})[-\s]?(?:pl|priser|prisniveau)\.?\s?\)|(?:i\s)?(?P<b>\d{4})-(?:pl|priser)\.?"
    r"|\(\s?pl\.?\s(?P<c>\d{4})\s?\))",
    re.I,
)
YEAR_RE = re.compile(
    r"^\s?,?\s?(?:(?:i|for|fra\sog\smed|fra)\s(?P<year>(?:19|20)\d{2})(?![-–]\s?\d|\d|-pl|-priser)"
    r"(?!\s?(?:og|samt|,)\s(?:i\s)?(?:19|20)\d{2})"
    r"|(?:i|for|fra)\s(?:perioden\s)?(?P<span>(?:19|20)\d{2}\s?[-–]\s?(?:19|20)?\d{2}))",
    re.I,
)


def _number(text: str) -> float:
    """`1.500,5` → 1500.5 (Danish grouping and decimal comma)."""
    return float(text.replace(".", "").replace(",", "."))


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    for pattern, factor in SCALES:
        if re.fullmatch(pattern, word, re.I):
            return factor
    return 1.0


def find_amounts(text: str) -> list[Amount]:
    """Every money amount in `text`, in order, with spans local to `text`."""
    found: list[Amount] = []
    for m in AMOUNT_RE.finditer(text):
        sign = -1.0 if m.group("sign") else 1.0
        factor = _scale(m.group("scale"))
        value = None if m.group("high") else round(sign * _number(m.group("low")) * factor, 2)
        unit = "kr."
        if m.group("per"):
            unit = f"kr. pr. {m.group('per')}"
        elif m.group("annual"):
            unit = "kr. årligt"
        tail = text[m.end() :]
        price_level = None
        level = PRICE_LEVEL_RE.match(tail)
        if level:
            price_level = f"{level.group('a') or level.group('b') or level.group('c')}-pl"
            tail = tail[level.end() :]
        if unit == "kr.":
            annual = re.match(r"^\s?(årligt|om\såret)(?![\wæøå])", tail, re.I)
            if annual:
                unit = "kr. årligt"
                tail = tail[annual.end() :]
        year = None
        stated = YEAR_RE.match(tail)
        if stated and stated.group("year"):
            year = int(stated.group("year"))
        found.append(
            Amount(
                text=m.group(0),
                value_dkk=value,
                unit=unit,
                year=year,
                price_level=price_level,
                span=Span(start=m.start(), end=m.end()),
            )
        )
    return found
