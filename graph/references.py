"""Agreements a commitment unit cites: earlier economy agreements and other named agreements.

Decisions:

- `references` are what a unit cites as its origin or context; `deadlines` are the future
  agreements it points to. So an economy agreement is a reference only when its fiscal year is
  EARLIER than the unit's own (`Med Aftale om kommunernes økonomi for 2023 er det aftalt …` in ØA24 →
  `ØA23`). A later one (`ØA25`) is a deadline (`graph.deadlines`), and the agreement's own year
  (`aftalen om kommunernes økonomi for 2024` inside ØA24) is a self-reference: neither.
- Written forms of an economy agreement: `ØA23`, `økonomiaftalen for 2022`, `(Aftale|aftalen) om
  kommunernes (og regionernes) økonomi for 2023`, `økonomiforhandlingerne for 2022`,
  `aftalen om den kommunale og regionale økonomi for 2021`.
- `aftalen om regionernes økonomi for 2023` is the regions' agreement: cited by name
  (`Aftale om regionernes økonomi for 2023`), agreement None.
- Other named agreements, cited by name with agreement None:
  a title-case `Aftale om …` (the name runs to the first punctuation or clause word),
  a definite `aftalen om …` naming a subject (not `aftalen om at …`),
  `finanslovsaftalen (for 2020)`, `trepartsaftalen`, and definite reforms (`Sammenhængsreformen`,
  `sundhedsreformen`, `reformen af …`) — a reform is what later agreements follow up on.
  An indefinite `en sundhedsreform` is a plan, not a citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.models import Reference, Span, agreement_id

W = r"[\wæøåÆØÅ]"
NB = rf"(?<!{W})"
NA = rf"(?!{W})"
YEAR = r"(?:19|20)\d{2}"
MUNICIPAL = r"(?:den\s|de\s)?(?:kommunernes|kommunale)(?:\sog\s(?:regionernes|regionale))?\søkonomi"
# The written forms of one economy agreement (shared with `graph.deadlines`, which adds forward-only forms);
# `economy_year` reads the year out of the named groups.
ECONOMY_NAME = (
    r"(?:"
    rf"ØA[\s-]?(?P<oa>\d{{2}}){NA}"
    rf"|{NB}(?:økonomi|økonom|kommune)?(?:aftale|forhandling)(?:n|en|er|erne|rne|r)?"
    rf"\s(?:om\s(?:{MUNICIPAL}\sfor\s(?P<y1>{YEAR})|ØA\s?(?P<oa2>\d{{2}}))"
    rf"|for\s(?:(?P<y2>{YEAR})|ØA\s?(?P<oa3>\d{{2}})|kommunerne\s(?:for|i)\s(?P<y3>{YEAR}))){NA}"
    r")"
)
ECONOMY_RE = re.compile(ECONOMY_NAME, re.I)
MORE_YEARS = re.compile(rf"(?:,\s{YEAR})*\s(?:og|samt)\s{YEAR}{NA}")


def economy_year(m: re.Match[str]) -> int | None:
    """Fiscal year of the economy agreement an `ECONOMY_NAME` match names (None: no such group matched)."""
    g = m.groupdict()
    for key in ("oa", "oa2", "oa3"):
        if g.get(key):
            return 2000 + int(g[key])
    for key in ("y1", "y2", "y3"):
        if g.get(key):
            return int(g[key])
    return None


REGIONAL_RE = re.compile(
    rf"{NB}(?:aftale|økonomiaftale|forhandling)(?:n|en|erne|rne)?\som\s(?:den\s)?(?:regionernes|regionale)\søkonomi\sfor\s(?P<year>{YEAR}){NA}",
    re.I,
)
# The name of an agreement runs until punctuation or a word that starts a new clause.
NAME_STOP = (
    r"(?=\s*[,.;:()\[\]–]|\s(?:af|fra)\s(?:d\.\s)?\d|\si\s\d{4}"  # `… af 13. september 2022`, `… fra 2023`
    r"|\s(?:er|var|blev|har|indgået|mellem|med\s(?:regeringen|KL|parterne)|"
    r"som|hvor|hvorefter|og\s(?:regeringen|KL|parterne|der|det)|at|der|skal|vil|kan|samt|jf)(?![\wæøåÆØÅ])|$)"
)
NAME_BODY = r"[^\s,.;:()]+(?:\s[^\s,.;:()]+){0,11}?"
NAMED_RES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"{NB}Aftale(?:n)?\som\s(?!at\s|det\s|dette\s|hvordan\s|hvorvidt\s){NAME_BODY}{NAME_STOP}"),
    re.compile(
        rf"{NB}(?:den\s(?:politiske|brede|seneste)\s)?aftalen\som\s"
        rf"(?!at\s|det\s|dette\s|hvordan\s|hvorvidt\s|kommunernes\s|regionernes\s|den\skommunale){NAME_BODY}{NAME_STOP}"
    ),
    re.compile(
        rf"{NB}(?:finanslovsaftale|trepartsaftale|udligningsaftale|forligsaftale)(?:n|rne)(?:\sfor\s{YEAR})?{NA}",
        re.I,
    ),
    re.compile(rf"{NB}{W}{{3,}}reformen{NA}", re.I),
    re.compile(rf"{NB}[Rr]eformen\saf\s(?:{W}+\s){{0,3}}?{W}+(?:en|et|erne|ne){NA}"),
)


def _economy(text: str, fiscal_year: int) -> Iterator[Reference]:
    for m in ECONOMY_RE.finditer(text):
        year = economy_year(m)
        if year is not None and year < fiscal_year:
            yield Reference(
                text=m.group(0), agreement=agreement_id(year), span=Span(start=m.start(), end=m.end())
            )
        # `Aftaler om kommunernes økonomi for 2021 og 2022`: each further year is an agreement of its own
        more = MORE_YEARS.match(text, m.end())
        if year is not None and more:
            for extra in re.finditer(YEAR, more.group(0)):
                other = int(extra.group(0))
                if other < fiscal_year:
                    start = m.end() + extra.start()
                    yield Reference(
                        text=extra.group(0),
                        agreement=agreement_id(other),
                        span=Span(start=start, end=start + 4),
                    )


def _regional(text: str) -> Iterator[Reference]:
    for m in REGIONAL_RE.finditer(text):
        name = f"Aftale om regionernes økonomi for {m.group('year')}"
        yield Reference(text=m.group(0), name=name, span=Span(start=m.start(), end=m.end()))


LINKS = frozenset({"af", "om", "for", "i", "til", "med", "på", "fra", "og", "eller", "samt", "mellem", "ved"})
DEFINITE = re.compile(r"[\wæøåÆØÅ-]{3,}(?:en|et|ne|erne|rne)$")


def _noun_phrase(words: str) -> str:
    """Cut a name after a definite noun followed by a present-tense verb (`… erhvervsfremmesystemet skaber …`)."""
    parts = words.split(" ")
    for index in range(2, len(parts) - 1):
        after = parts[index + 1]
        if DEFINITE.match(parts[index]) and after.islower() and after not in LINKS and after.endswith("r"):
            return " ".join(parts[: index + 1])
    return words


def _named(text: str) -> Iterator[Reference]:
    for pattern in NAMED_RES:
        for m in pattern.finditer(text):
            words = _noun_phrase(m.group(0).strip())
            name = re.sub(r"^(?:den\s(?:politiske|brede|seneste)\s)?aftalen\b", "Aftale", words)
            name = name[0].upper() + name[1:]
            yield Reference(text=words, name=name, span=Span(start=m.start(), end=m.start() + len(words)))


def find_references(text: str, *, fiscal_year: int) -> list[Reference]:
    """Every earlier economy agreement and other named agreement `text` cites, in order, no overlaps."""
    candidates = [
        (rank, ref)
        for rank, found in enumerate((_economy(text, fiscal_year), _regional(text), _named(text)))
        for ref in found
    ]
    # Economy-agreement forms also match the generic `aftalen om …` pattern: keep the longest,
    # but an economy agreement (a precise id) beats a name that only contains it.
    chosen: list[Reference] = []
    ranked = sorted(candidates, key=lambda c: (c[0], -(c[1].span.end - c[1].span.start) if c[1].span else 0))
    for _, ref in ranked:
        assert ref.span is not None
        if all(ref.span.end <= c.span.start or ref.span.start >= c.span.end for c in chosen if c.span):
            chosen.append(ref)
    # A self-reference or forward agreement can still be swallowed by the generic name pattern:
    # drop names that are economy agreements of any year.
    kept = [r for r in chosen if r.agreement is not None or not _names_economy_agreement(r.text)]
    return sorted(kept, key=lambda r: r.span.start if r.span else 0)


def _names_economy_agreement(words: str) -> bool:
    return bool(re.search(r"(?:kommunernes|kommunale).{0,30}økonomi|ØA\s?\d{2}|økonomiaftale", words, re.I))
