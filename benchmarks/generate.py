"""Seeded synthetic economy agreements shaped like the bundled corpus, for measuring cost at scale.

The bundled corpus is five agreements of about 63,000 characters and ~150 commitment units
each (308,025 characters, 315,056 bytes in all). A synthetic corpus at scale `k` holds `k` times as much text
and about `k` times as many units, spread over more fiscal years and longer agreements, so
fiscal years stay plausible (one municipal agreement per year, years 2000–2099, which is what
the `ØA` identifiers can name):

| scale | fiscal years           | agreements | units per agreement (≈) |
|-------|------------------------|------------|-------------------------|
| 1     | 2020–2024              | 5          | 1 × 150                 |
| 10    | 2015–2024              | 10         | 5 × 150                 |
| 100   | 2005–2024              | 20         | 25 × 150                |
| 1000  | 2000–2039              | 40         | 125 × 150               |

A longer agreement has more sections per chapter (as if the municipal and regional texts of
a year were merged), never invented years outside what an identifier can hold.

Every text carries what the extractor and the linker must handle: a title
`Aftale om kommunernes økonomi for YEAR` and a signing date; numbered chapters and
sub-headings; commitment sentences with the guide's markers (joint agreements, `KL tager …
til efterretning`, pledges, lead-ins with list items); filler sentences that are not units
(reports, agentless passives, abbreviations such as `bl.a.`, `jf.`, `mia. kr.`); deadlines
pointing at later agreements (`i forbindelse med økonomiaftalen for 2025`, `ØA25`) or at dates
(`ultimo 2023`); amounts; and back references to topics planted in earlier years
(`Med Aftale om kommunernes økonomi for 2023 er det aftalt at følge op på …`), explicit and
implicit, so linking has real work. About 40 % of the agreements are in the PDF-text shape
(wrapped lines, line-end hyphenation, running headers, page numbers, signature lines), the rest
in the markdown shape (`#` headings, bold, rules, page-break hyphenation).

Alongside the texts the generator records the truth it planted: every unit (cleaned text,
type, parties, deadlines, amounts, references, raw offsets) and every follow-up link, so a
benchmark can build commitment records directly when extraction at that size would not fit
the time budget.

Same seed and scale, same bytes: all randomness comes from `random.Random` seeded with strings
(hashed with SHA-512 by the standard library, independent of PYTHONHASHSEED).

    python -m benchmarks.generate --scale 10 --seed 1 --out benchmarks/work/corpus-10x
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from graph.models import (
    Agreement,
    Amount,
    Commitment,
    CommitmentId,
    CommitmentType,
    Deadline,
    DeadlineKind,
    Evidence,
    FollowUp,
    Reference,
    Source,
    SourceFormat,
    agreement_id,
)

BUNDLED_CHARS = 308_025  # characters (315,056 bytes) of the five texts in data/agreements, measured
BUNDLED_AGREEMENTS = 5
UNITS_PER_AGREEMENT = 150  # the extractor finds 747 units in the bundled corpus (gold: 217 in ØA19, 136 in ØA20)
SCALES: dict[int, tuple[int, int]] = {1: (2020, 5), 10: (2015, 10), 100: (2005, 20), 1000: (2000, 40)}

_START, _END = "\ue000", "\ue001"  # zero-width unit markers, removed before a text is returned

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]  # fmt: skip


# --- vocabulary ------------------------------------------------------------------------------------

# Subjects per policy area: definite noun phrases that read after `om`, `af`, `med`.
SUBJECTS: dict[str, list[str]] = {
    "okonomi": ["den kommunale likviditet", "udligningssystemet", "særtilskudspuljen", "bloktilskuddet",
                "den kommunale medfinansiering", "lånepuljen til strukturelle investeringer",
                "midtvejsreguleringen", "budgetlovens sanktioner", "anlægsrammen", "DUT-reguleringen"],
    "administration": ["den kommunale dokumentation", "regelforenklingen", "frikommuneforsøget",
                       "velfærdsprioriteringen", "de fælles indkøbsaftaler", "tilsynet med kommunerne",
                       "brugen af eksterne konsulenter", "afbureaukratiseringen", "samarbejdsprogrammet",
                       "de statslige puljer"],
    "digitalisering": ["den fællesoffentlige digitale infrastruktur", "MitID-løsningen",
                       "cybersikkerheden i kommunerne", "velfærdsteknologien", "den kunstige intelligens",
                       "de fælles datastandarder", "automatiseringen af sagsbehandlingen",
                       "it-driften i kommunerne", "den digitale post", "de fællesoffentlige registre"],
    "sundhed": ["det nære sundhedsvæsen", "forebyggelsen", "praksissektoren", "psykiatrien",
                "de sundhedsfaglige kompetencer", "genoptræningen", "rehabiliteringen",
                "sundhedsklyngerne", "den kommunale akutfunktion", "patientforløbene"],
    "aeldre": ["ældreplejen", "plejehjemmene", "den værdige ældrepleje", "hjemmeplejen",
               "demensindsatsen", "klippekortordningen", "de pårørende", "ældreloven",
               "madordningerne på plejehjem", "den rehabiliterende ældrepleje"],
    "social": ["det specialiserede socialområde", "botilbudskapaciteten", "handicapområdet",
               "hjemløseindsatsen", "merudgiftsydelsen", "de udsatte voksne", "socialtilsynet",
               "borgerstyret personlig assistance", "ankesystemet", "de sociale investeringer"],
    "boern-unge": ["dagtilbuddene", "minimumsnormeringerne", "anbringelsesområdet", "de udsatte børn",
                   "den pædagogiske læreplan", "sprogvurderingerne", "børneplanen",
                   "forebyggelsen på børneområdet", "familieplejen", "ungeindsatsen"],
    "uddannelse": ["folkeskolen", "læreruddannelsen", "den forberedende grunduddannelse",
                   "erhvervsuddannelserne", "praksisfagligheden", "inklusionen i folkeskolen",
                   "specialundervisningen", "skolernes trivselsmålinger", "de nationale test",
                   "elevsammensætningen"],
    "beskaeftigelse": ["den aktive beskæftigelsesindsats", "refusionssystemet", "kontanthjælpssystemet",
                       "integrationsindsatsen", "de fordrevne fra Ukraine", "jobcentrene",
                       "sygedagpengeområdet", "fleksjobordningen", "ressourceforløbene", "ungeydelsen"],
    "klima-miljoe": ["klimatilpasningen", "den grønne omstilling", "affaldssorteringen",
                     "energirenoveringen af kommunale bygninger", "udfasningen af oliefyr",
                     "vandplanerne", "naturgenopretningen", "de grønne indkøb", "verdensmålene",
                     "den vedvarende energi"],
    "infrastruktur": ["den kollektive trafik", "trafikselskaberne", "de almene boliger", "planloven",
                      "ejendomsvurderingerne", "vejvedligeholdelsen", "byggesagsbehandlingen",
                      "cykelinfrastrukturen", "havnene", "landdistrikternes busbetjening"],
    "erhverv-land": ["erhvervsfremmen", "turismen", "landdistrikterne", "yderområderne",
                     "erhvervshusene", "iværksætterindsatsen", "de lokale erhvervsråd",
                     "detailhandlen i landdistrikterne", "oplevelsesøkonomien", "udkantsområderne"],
    "beredskab": ["beredskabet", "håndteringen af epidemien", "forsyningssikkerheden", "krisestyringen",
                  "den kommunale beredskabsplanlægning", "vaccinationsindsatsen", "testkapaciteten",
                  "nødforsyningen", "hjemmeværnets opgaver", "evakueringsplanerne"],
}  # fmt: skip

CHAPTER_TITLES: dict[str, list[str]] = {
    "administration": ["Frihed og nærhed", "Styring og regelforenkling"],
    "digitalisering": ["Digitalisering", "Ny teknologi og data"],
    "sundhed": ["Sundhed", "Et sammenhængende sundhedsvæsen"],
    "aeldre": ["Ældre", "En værdig ældrepleje"],
    "social": ["Det specialiserede socialområde", "Socialområdet"],
    "boern-unge": ["Børn og unge", "Dagtilbud og børn"],
    "uddannelse": ["Folkeskolen", "Uddannelse"],
    "beskaeftigelse": ["Beskæftigelse", "Beskæftigelse og integration"],
    "klima-miljoe": ["Grøn omstilling", "Klima og miljø"],
    "infrastruktur": ["Infrastruktur og bolig", "Trafik og planlægning"],
    "erhverv-land": ["Erhvervsfremme", "Vækst i hele landet"],
    "beredskab": ["Beredskab", "Håndtering af kriser"],
}

# Initiative kinds: (indefinite with preposition, definite with preposition, verb that starts one).
KINDS: list[tuple[str, str, str]] = [
    ("en arbejdsgruppe om", "arbejdsgruppen om", "nedsætte"),
    ("et partnerskab om", "partnerskabet om", "etablere"),
    ("en analyse af", "analysen af", "igangsætte"),
    ("en pulje til styrkelse af", "puljen til styrkelse af", "etablere"),
    ("et ekspertudvalg om", "ekspertudvalget om", "nedsætte"),
    ("en handlingsplan for", "handlingsplanen for", "udarbejde"),
    ("et frikommuneforsøg med", "frikommuneforsøget med", "igangsætte"),
    ("et udviklingsprogram for", "udviklingsprogrammet for", "iværksætte"),
    ("en task force om", "task forcen om", "nedsætte"),
    ("et eftersyn af", "eftersynet af", "gennemføre"),
    ("en kortlægning af", "kortlægningen af", "gennemføre"),
    ("et samarbejde om", "samarbejdet om", "igangsætte"),
]

FOCUS = ["med fokus på rekruttering", "med fokus på data og dokumentation", "i yderområderne",
         "med fokus på kvalitet", "på tværs af sektorer", "med fokus på forebyggelse",
         "i de mindre kommuner", "med fokus på styring", "for de mest udsatte borgere",
         "med fokus på digitale løsninger", "i hovedstadsområdet", "med fokus på effekt",
         "med fokus på borgernes retssikkerhed", "i samarbejde med regionerne",
         "med fokus på de økonomiske konsekvenser", "på længere sigt", "med fokus på kapacitet",
         "med fokus på ledelse", "med fokus på frivillighed", "med fokus på nye arbejdsgange"]  # fmt: skip

# Named initiatives (`Velfærdsteknologipuljen`, `Sammen om velfærd`): most planted topics carry a name of
# their own, a compound of three parts (40 × 25 × 30 = 30,000 names), so that a subject stays specific
# when the corpus grows, as real initiative names do; the subject words alone repeat at every scale.
NAME_FIRST = ["Nærheds", "Velfærds", "Trygheds", "Fremtids", "Kvalitets", "Kompetence", "Ligheds",
              "Sammenhængs", "Værdigheds", "Omstillings", "Forebyggelses", "Trivsels", "Styrings",
              "Robustheds", "Fællesskabs", "Tillids", "Dannelses", "Rekrutterings", "Innovations",
              "Balance", "Kystlands", "Hede", "Fjord", "Bakke", "Ådals", "Skovbryns", "Klit",
              "Mose", "Engs", "Sø", "Nordlys", "Solskins", "Havbrise", "Lærke", "Ravne", "Egetræs",
              "Bøge", "Lindetræs", "Birke", "Hyldebær"]  # fmt: skip
NAME_MIDDLE = ["data", "borger", "faglig", "hverdags", "lokal", "tvær", "nabo", "ramme", "hjem",
               "kerne", "skole", "lærings", "sundheds", "job", "ældre", "børne", "digital",
               "vækst", "miljø", "trafik", "klima", "service", "bolig", "kultur", "dialog"]  # fmt: skip
NAME_LAST = ["løftet", "pagten", "planen", "fonden", "sporet", "broen", "netværket", "alliancen",
             "initiativet", "modellen", "kompasset", "puljen", "programmet", "værkstedet", "laboratoriet",
             "partnerskabet", "projektet", "forsøget", "rejsen", "vejen", "håndslaget", "nøglen",
             "strategien", "satsningen", "indsatsen", "tjenesten", "centret", "samarbejdet", "forløbet",
             "akademiet"]  # fmt: skip
NAMED_SHARE = 0.8  # share of planted topics that carry a name

JOINT = ["Regeringen og KL", "Parterne"]
ADVERBS = ["", "derfor ", "endvidere ", "desuden ", "også ", "samtidig ", "på den baggrund "]
LATER_VERBS = ["afrapportere", "fremlægge sine anbefalinger", "evalueres", "drøftes mellem parterne",
               "følges op"]  # fmt: skip
VIEWS = ["der er behov for at styrke {s}", "{s} er en fælles prioritet",
         "der er et potentiale i at udvikle {s}", "{s} fortsat skal have høj prioritet",
         "en stærk indsats for {s} er afgørende for den borgernære velfærd"]  # fmt: skip
FILLER = [
    "Kommunerne har de seneste år arbejdet målrettet med {s}.",
    "Udgifterne til {s} er steget med {pct} pct. siden {py}, jf. bilag {n}.",
    "Det er forudsat i aftalen, at {s} fortsat prioriteres lokalt.",
    "Regeringen har nedsat en kommission om {s}, som bl.a. ser på organisering og økonomi.",
    "Der afsættes {amt} i {y} til {s}.",
    "Indsatsen for {s} er beskrevet nærmere i kapitel {n}.",
    "Kommunerne opfordres til at dele erfaringer med {s} på tværs af landet.",
    "Erfaringerne fra {s} viser, at en tidlig indsats ofte giver bedre resultater for borgerne.",
    "Der er stor forskel på kommunernes udgifter til {s}, bl.a. som følge af demografien.",
    "Den samlede ramme for {s} udgør ca. {amt} i {y}, inkl. den statslige medfinansiering mv.",
    "Der nedsættes en følgegruppe med deltagelse af relevante ministerier, som skal se på {s}.",
    "Målet er, at flere borgere oplever en sammenhængende og tilgængelig indsats.",
]


# --- the plan ----------------------------------------------------------------------------------------


@dataclass
class PlantedUnit:
    """One unit the generator planted, with what the extractor should read from it."""

    agreement: str
    fiscal_year: int
    file: str
    text: str
    heading: list[str]
    type: str
    parties: list[str]
    action: bool
    area: str
    deadlines: list[dict[str, str | None]] = field(default_factory=list)
    amounts: list[dict[str, object]] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    topic: str | None = None
    start: int = 0
    end: int = 0


@dataclass
class PlantedLink:
    """A follow-up the generator planted: unit `later` (index into units) follows up unit `earlier`."""

    later: int
    earlier: int
    evidence: str


@dataclass
class SyntheticAgreement:
    """One generated agreement: its file, manifest entry and raw text."""

    file: str
    fiscal_year: int
    signed: str
    source_format: str
    text: str


@dataclass
class SyntheticCorpus:
    scale: int
    seed: int
    agreements: list[SyntheticAgreement]
    units: list[PlantedUnit]
    links: list[PlantedLink]


@dataclass
class _Topic:
    """A named initiative started in one year, which later years may follow up."""

    indef: str
    definite: str
    verb: str
    area: str
    year: int
    unit: int  # index of the unit that started it
    due: int | None  # fiscal year of the agreement named as deadline, if any


@dataclass
class _Para:
    """A paragraph, list item or heading being composed; units carry zero-width markers."""

    kind: str  # "heading", "para", "item"
    text: str
    level: int = 0


def scale_plan(scale: int) -> tuple[list[int], int]:
    """Fiscal years and the per-agreement length multiplier for a scale (1, 10, 100, 1000)."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {sorted(SCALES)}, not {scale}")
    first, count = SCALES[scale]
    return list(range(first, first + count)), BUNDLED_AGREEMENTS * scale // count


def _amount(rng: random.Random) -> tuple[str, float]:
    if rng.random() < 0.5:
        whole, tenth = rng.randint(0, 4), rng.randint(1, 9)
        return f"{whole},{tenth} mia. kr.", (whole + tenth / 10) * 1e9
    millions = rng.choice([25, 50, 100, 150, 200, 250, 350, 400, 500, 750])
    return f"{millions} mio. kr.", millions * 1e6


def _deadline(rng: random.Random, year: int) -> tuple[str, dict[str, str | None], int | None]:
    """A deadline phrase, its expected record, and the later agreement it names (if any)."""
    signed = year - 1
    nxt = year + rng.choice([1, 1, 1, 2])
    roll = rng.random()
    if roll < 0.45:
        phrase = rng.choice([f"i forbindelse med økonomiaftalen for {nxt}",
                             f"ved forhandlingerne om kommunernes økonomi for {nxt}",
                             f"i forbindelse med ØA{nxt % 100:02d}"])  # fmt: skip
        norm = agreement_id(nxt)
        return phrase, {"text": phrase, "norm": norm, "kind": "agreement"}, nxt
    options = [
        (f"ultimo {signed}", f"{signed}-10-01/{signed}-12-31"),
        (f"i efteråret {signed}", f"{signed}-09-01/{signed}-11-30"),
        (f"i løbet af {year}", f"{year}-01-01/{year}-12-31"),
        (f"primo {year}", f"{year}-01-01/{year}-03-31"),
        (f"medio {year}", f"{year}-05-01/{year}-08-31"),
        (f"i første halvår {year}", f"{year}-01-01/{year}-06-30"),
        (f"inden udgangen af {year}", f"../{year}-12-31"),
    ]
    phrase, norm = rng.choice(options)
    return phrase, {"text": phrase, "norm": norm, "kind": "interval"}, None


class _Writer:
    """Composes one agreement's paragraphs and planted units."""

    def __init__(self, rng: random.Random, year: int, file: str, units: list[PlantedUnit]) -> None:
        self.rng = rng
        self.year = year
        self.file = file
        self.units = units
        self.paras: list[_Para] = []
        self.heading: list[str] = []
        self.current: list[str] = []  # sentences of the paragraph being written
        self.first = len(units)  # index of this agreement's first unit

    # structure
    def head(self, title: str, level: int) -> None:
        self.flush()
        self.heading = self.heading[: level - 1] + [title]
        self.paras.append(_Para("heading", title, level))

    def flush(self) -> None:
        if self.current:
            self.paras.append(_Para("para", " ".join(self.current)))
            self.current = []

    def filler(self, area: str) -> None:
        rng = self.rng
        amount, _ = _amount(rng)
        self.current.append(_sentence(
            rng.choice(FILLER).format(
                s=rng.choice(SUBJECTS[area]), pct=rng.randint(2, 30), py=self.year - rng.randint(3, 8),
                n=rng.randint(1, 9), amt=amount, y=self.year,
            )
        ))

    def unit(self, text: str, *, kind: str, parties: list[str], action: bool, area: str,
             deadlines: list[dict[str, str | None]] | None = None, amounts: list[dict[str, object]] | None = None,
             references: list[str] | None = None, topic: str | None = None, item: bool = False) -> int:  # fmt: skip
        """Plant a unit; returns its index in the corpus-wide unit list."""
        text = _sentence(text)
        self.units.append(
            PlantedUnit(agreement_id(self.year), self.year, self.file, text, list(self.heading), kind,
                        parties, action, area, deadlines or [], amounts or [], references or [], topic)  # fmt: skip
        )
        marked = f"{_START}{text}{_END}"
        if item:
            self.flush()
            self.paras.append(_Para("item", marked))
        else:
            self.current.append(marked)
        return len(self.units) - 1


def _sentence(text: str) -> str:
    """Capitalised, and ending in one full stop even after an abbreviation such as `kr.`."""
    text = text[0].upper() + text[1:]
    return text[:-1] if text.endswith("..") else text


def _joint(rng: random.Random) -> str:
    return rng.choice(JOINT)


def _topic_name(rng: random.Random, area: str) -> str:
    """A subject with a focus, and mostly an initiative name: `ældreplejen med fokus på kvalitet (Trygheds…)`."""
    name = f"{rng.choice(SUBJECTS[area])} {rng.choice(FOCUS)}"
    if rng.random() < NAMED_SHARE:
        name += f" ({rng.choice(NAME_FIRST)}{rng.choice(NAME_MIDDLE)}{rng.choice(NAME_LAST)})"
    return name


def _start_topic(w: _Writer, area: str, topics: list[_Topic]) -> None:
    """A unit that starts a named initiative, usually with a deadline."""
    rng = w.rng
    kind = rng.choice(KINDS)
    name = _topic_name(rng, area)
    indef, definite = f"{kind[0]} {name}", f"{kind[1]} {name}"
    deadlines: list[dict[str, str | None]] = []
    due = None
    tail = ""
    if rng.random() < 0.75:
        phrase, record, due = _deadline(rng, w.year)
        deadlines.append(record)
        tail = f", som skal {rng.choice(LATER_VERBS)} {phrase}"
    form = rng.random()
    if form < 0.45:
        text = f"{_joint(rng)} er {rng.choice(ADVERBS)}enige om at {kind[2]} {indef}{tail}."
        kind_, parties = "agreement", ["Regeringen", "KL"]
    elif form < 0.6:
        text = f"Der er enighed mellem regeringen og KL om at {kind[2]} {indef}{tail}."
        kind_, parties = "agreement", ["Regeringen", "KL"]
    elif form < 0.72:
        text = f"Parterne vil {kind[2]} {indef}{tail}."
        kind_, parties = "agreement", ["Regeringen", "KL"]
    elif form < 0.88:
        verb = rng.choice(["vil", "forpligter sig til at", "har til hensigt at"])
        text = f"Regeringen {verb} {kind[2]} {indef}{tail}."
        kind_, parties = "pledge", ["Regeringen"]
    else:
        text = f"KL vil i samarbejde med kommunerne {kind[2]} {indef}{tail}."
        kind_, parties = "pledge", ["KL"]
    index = w.unit(text, kind=kind_, parties=parties, action=True, area=area, deadlines=deadlines,
                   topic=definite)  # fmt: skip
    topics.append(_Topic(indef, definite, kind[2], area, w.year, index, due))


def _follow_up(w: _Writer, topic: _Topic, links: list[PlantedLink], continued: list[_Topic]) -> None:
    """A unit in a later agreement that continues an earlier topic, citing it or not."""
    rng = w.rng
    earlier = agreement_id(topic.year)
    roll = rng.random()
    refs: list[str] = []
    this_year = {"text": f"i {w.year}", "norm": f"{w.year}-01-01/{w.year}-12-31", "kind": "interval"}
    deadlines: list[dict[str, str | None]] = [this_year]
    if roll < 0.35:
        text = (f"Med Aftale om kommunernes økonomi for {topic.year} er det aftalt at følge op på "
                f"{topic.definite}, og parterne er enige om at videreudvikle indsatsen i {w.year}.")  # fmt: skip
        refs = [earlier]
    elif roll < 0.55:
        text = (f"I forlængelse af økonomiaftalen for {topic.year} er regeringen og KL enige om at "
                f"fortsætte arbejdet med {topic.definite}.")  # fmt: skip
        refs, deadlines = [earlier], []
    elif roll < 0.7:
        text = f"Med {earlier} blev regeringen og KL enige om {topic.indef}, som nu er afsluttet."
        refs, deadlines = [earlier], []
    else:
        text = (f"{_joint(rng)} er {rng.choice(ADVERBS)}enige om at fortsætte {topic.definite} "
                f"og drøfte resultaterne i {w.year}.")  # fmt: skip
    explicit_forward = topic.due == w.year
    if refs:
        evidence = Evidence.EXPLICIT_BOTH if explicit_forward else Evidence.EXPLICIT_BACKWARD
    else:
        evidence = Evidence.EXPLICIT_FORWARD if explicit_forward else Evidence.IMPLICIT
    index = w.unit(text, kind="agreement", parties=["Regeringen", "KL"], action=True, area=topic.area,
                   deadlines=deadlines, references=refs, topic=topic.definite)  # fmt: skip
    links.append(PlantedLink(index, topic.unit, str(evidence)))
    if rng.random() < 0.6:  # the follow-up carries the topic on: chains run over several years
        continued.append(_Topic(topic.indef, topic.definite, topic.verb, topic.area, w.year, index, None))


def _plain_unit(w: _Writer, area: str) -> None:
    """A unit with no topic: a view, a fixed amount, an acknowledgment or a simple pledge."""
    rng = w.rng
    subject = rng.choice(SUBJECTS[area])
    roll = rng.random()
    if roll < 0.3:
        view = rng.choice(VIEWS).format(s=subject)
        w.unit(f"{_joint(rng)} er {rng.choice(ADVERBS)}enige om, at {view}.", kind="agreement",
               parties=["Regeringen", "KL"], action=False, area=area)  # fmt: skip
    elif roll < 0.55:
        text, value = _amount(rng)
        w.unit(f"{_joint(rng)} er enige om at afsætte {text} i {w.year} til {subject}.", kind="agreement",
               parties=["Regeringen", "KL"], action=False, area=area,
               amounts=[{"text": text, "value_dkk": value, "year": w.year}])  # fmt: skip
    elif roll < 0.7:
        text, value = _amount(rng)
        w.unit(f"KL tager til efterretning, at udgifterne til {subject} skal nedbringes med {text} i {w.year}.",
               kind="acknowledgment", parties=["KL"], action=True, area=area,
               amounts=[{"text": text, "value_dkk": value, "year": w.year}])  # fmt: skip
    elif roll < 0.8:
        w.unit(f"KL noterer sig, at regeringen prioriterer {subject} højt.", kind="acknowledgment",
               parties=["KL"], action=False, area=area)  # fmt: skip
    else:
        phrase, record, _ = _deadline(rng, w.year)
        w.unit(f"Regeringen vil tage initiativ til en dialog med KL om {subject} {phrase}.", kind="pledge",
               parties=["Regeringen"], action=True, area=area, deadlines=[record])  # fmt: skip


def _list_block(w: _Writer, area: str, topics: list[_Topic]) -> None:
    """A bare lead-in (not a unit) and its items (units that inherit type and parties)."""
    rng = w.rng
    w.current.append(f"{_joint(rng)} er {rng.choice(ADVERBS)}enige om følgende initiativer:")
    w.flush()
    for _ in range(rng.randint(2, 4)):
        kind = rng.choice(KINDS)
        name = _topic_name(rng, area)
        phrase, record, due = _deadline(rng, w.year)
        index = w.unit(f"At {kind[2]} {kind[0]} {name} {phrase}.", kind="agreement",
                       parties=["Regeringen", "KL"], action=True, area=area, deadlines=[record],
                       topic=f"{kind[1]} {name}", item=True)  # fmt: skip
        topics.append(_Topic(f"{kind[0]} {name}", f"{kind[1]} {name}", kind[2], area, w.year, index, due))


def _frames(w: _Writer) -> None:
    """Chapter 2: the economic frames, mostly fact units and fixed amounts."""
    rng = w.rng
    y = w.year
    service = f"{rng.randint(240, 320)},{rng.randint(0, 9)} mia. kr."
    lift = f"{rng.randint(1, 3)},{rng.randint(0, 9)} mia. kr."
    w.current.append(f"Det kommunale udgiftsloft er udgangspunktet for den kommunale serviceramme for {y}.")
    w.unit(f"Regeringen og KL er enige om at løfte dette udgangspunkt med {lift}.", kind="agreement",
           parties=["Regeringen", "KL"], action=False, area="okonomi",
           amounts=[{"text": lift, "value_dkk": None, "year": None}])  # fmt: skip
    w.current.append(_sentence(f"Den kommunale serviceramme udgør derved samlet set {service}."))
    w.current.append("Hertil kommer yderligere reguleringer i medfør af DUT mv.")
    w.flush()
    invest = f"{rng.randint(15, 22)},{rng.randint(0, 9)} mia. kr."
    w.unit(f"Regeringen og KL er enige om, at rammen for kommunernes investeringer i {y} udgør {invest}.",
           kind="agreement", parties=["Regeringen", "KL"], action=False, area="okonomi",
           amounts=[{"text": invest, "value_dkk": None, "year": y}])  # fmt: skip
    w.current.append(f"Af hensyn til de offentlige finanser er der fastsat et loft over de kommunale investeringer i {y}.")
    w.flush()


def _agreement_paras(rng: random.Random, year: int, file: str, multiplier: int, units: list[PlantedUnit],
                     links: list[PlantedLink], open_topics: list[_Topic]) -> list[_Para]:  # fmt: skip
    """All paragraphs of one agreement; follows up topics of earlier years and plants new ones."""
    w = _Writer(rng, year, file, units)
    new_topics: list[_Topic] = []
    due_now = [t for t in open_topics if t.due is not None and t.due <= year]
    other = [t for t in open_topics if t.due is None or t.due > year]
    follow = due_now[: int(len(due_now) * 0.8)] + rng.sample(other, k=len(other) // 6)
    follow = follow[: UNITS_PER_AGREEMENT * multiplier * 3 // 10]  # follow-ups are at most 30 % of the units
    followed = {t.unit for t in follow}
    follow_by_area: dict[str, list[_Topic]] = {}
    for topic in follow:
        follow_by_area.setdefault(topic.area, []).append(topic)

    w.head("1. Indledning", 2)
    for _ in range(2 + multiplier // 4):
        for _ in range(rng.randint(2, 3)):
            w.filler("administration")
        _plain_unit(w, rng.choice(["okonomi", "administration"]))
        w.flush()
    w.head(f"2. Kommunernes økonomiske rammer for {year}", 2)
    for _ in range(max(1, multiplier // 3)):
        _frames(w)
        w.filler("okonomi")
        _plain_unit(w, "okonomi")
        w.flush()
    areas = [a for a in SUBJECTS if a != "okonomi"]
    rng.shuffle(areas)
    areas = areas[:9] + [a for a in areas[9:] if a in follow_by_area]
    budget = UNITS_PER_AGREEMENT * multiplier  # units per agreement, so size grows with the scale alone
    for number, area in enumerate(areas, start=3):
        w.head(f"{number}. {rng.choice(CHAPTER_TITLES[area])}", 2)
        pending = follow_by_area.get(area, [])
        first = len(units)
        target = (budget - (len(units) - w.first)) / (len(areas) - number + 3)
        while pending or len(units) - first < target or len(units) == first:
            subject = rng.choice(SUBJECTS[area])
            w.head(subject[0].upper() + subject[1:], 3)
            for topic in pending[:3]:
                w.filler(area)
                _follow_up(w, topic, links, new_topics)
            pending = pending[3:]
            for _ in range(rng.randint(2, 4)):
                for _ in range(rng.choice([2, 3, 3, 4, 4])):
                    w.filler(area)
                roll = rng.random()
                if roll < 0.4:
                    _start_topic(w, area, new_topics)
                elif roll < 0.78:
                    _plain_unit(w, area)
                if rng.random() < 0.3:
                    w.flush()
            if rng.random() < 0.25:
                _list_block(w, area, new_topics)
            w.flush()
    w.flush()
    open_topics[:] = [t for t in open_topics if t.unit not in followed] + new_topics
    return w.paras


# --- rendering ---------------------------------------------------------------------------------------

_PROTECTED_NEXT = {"og", "eller", "samt", "til"}


def _hyphenate(word: str, rng: random.Random) -> tuple[str, str] | None:
    """Split a plain lowercase word for a line-end hyphen, or None where the guide would keep a hyphen."""
    core = word.strip(_START + _END + ".,:;")
    if len(core) < 7 or not core.isalpha() or not core.islower():
        return None
    at = rng.randint(3, len(core) - 3)
    tail = core[at:]
    if tail in _PROTECTED_NEXT:
        return None
    offset = word.index(core)
    return word[: offset + at], word[offset + at :]


def _visible_len(text: str) -> int:
    return len(text) - text.count(_START) - text.count(_END)


def _render_markdown(rng: random.Random, title: str, signed: str, paras: list[_Para]) -> str:
    out = [f"\n\n# {title}\n\n---\n\n{signed}\n\n---\n\n"]
    for para in paras:
        if para.kind == "heading":
            text = f"**{para.text}**" if rng.random() < 0.15 else para.text
            out.append(f"{'#' * para.level} {text}\n\n")
        elif para.kind == "item":
            out.append(f"- {para.text}\n\n")
        else:
            text = para.text
            if rng.random() < 0.05:  # a page break inside a word: `un-\n\n\n\nderstøtte`
                words = text.split(" ")
                for i in range(len(words) // 2, len(words)):
                    split = _hyphenate(words[i], rng)
                    if split:
                        words[i] = f"{split[0]}-\n\n\n\n{split[1]}"
                        break
                text = " ".join(words)
            if rng.random() < 0.1 and text.endswith(".") and not text.endswith("kr."):
                text = text[:-1] + ", *jf. bilag 1*."  # markup inside a filler sentence, never a unit
            out.append(f"{text}\n\n")
            if rng.random() < 0.04:
                out.append("---\n\n")
    return "".join(out)


def _glue_numbers(words: list[str]) -> list[str]:
    """Keep a number or a bracketed name on the line of the word before it (`kapitel 6.`, `i 2021.`).

    A line opening with `6. Regeringen …` reads as a chapter heading, and a page break right
    before `2021.` or `(Trivselsløftet)` ends the paragraph for the project's clean-up; real PDF
    text has both, rarely.
    """
    out: list[str] = []
    for word in words:
        first = word.strip(_START + _END)[:1]
        if out and (first.isdigit() or first == "("):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def _render_pdf(rng: random.Random, title: str, year: int, signed: str, paras: list[_Para], width: int = 95) -> str:
    """PDF-text shape: lines of ≤ `width` characters ending in a space, hyphenated breaks, page furniture;
    a heading longer than a line wraps at a space."""
    month = signed.split(" ")[1].capitalize()
    header = f"Aftale om kommunernes økonomi for {year} ꞏ {month} {year - 1} "
    lines: list[str] = [" ", "", "Aftale om kommunernes ", f"økonomi for {year} ", "Nyt kapitel ", "",
                        f"{signed} ", ""]  # fmt: skip
    page, on_page = 1, len(lines)

    def emit(line: str) -> None:
        nonlocal page, on_page
        lines.append(line)
        on_page += 1
        if on_page >= 46:
            page += 1
            lines.extend([" ", "", header, " ", f"{page} ", ""])
            on_page = 0

    first_chapter = True
    for para in paras:
        if para.kind == "heading":
            if para.level == 2 and not first_chapter and para.text.startswith("2."):
                emit("Regeringen ")
                emit("")
                emit("KL ")
            first_chapter = False
            heading = ""
            for word in para.text.split(" "):
                if heading and len(f"{heading} {word}") > width:
                    emit(f"{heading} ")
                    heading = word
                else:
                    heading = f"{heading} {word}" if heading else word
            emit(f"{heading} ")
            emit("")
            continue
        words = _glue_numbers(para.text.split(" "))
        if para.kind == "item":
            words[0] = "• " + words[0]
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if _visible_len(candidate) <= width:
                line = candidate
                continue
            split = _hyphenate(word, rng) if rng.random() < 0.35 else None
            if split and _visible_len(f"{line} {split[0]}-") <= width:
                emit(f"{line} {split[0]}-")
                line = split[1]
            else:
                emit(f"{line} ")
                line = word
        if line:
            emit(f"{line} ")
        emit(" ")
    return "\n".join(lines) + "\n"


def as_pdf_text(blocks: list[tuple[str, str, int]], year: int, signed: date, seed: int = 0, width: int = 95) -> str:
    """A real agreement's cleaned blocks (`(kind, text, level)`: heading, para or item) set again in
    the PDF-text shape, so a test can check that extraction does not depend on the shape it came in."""
    paras = [_Para(kind, text, 2 if kind == "heading" and level == 1 else 3 if kind == "heading" else 0)
             for kind, text, level in blocks]  # fmt: skip
    written = f"{signed.day}. {MONTHS[signed.month - 1]} {signed.year}"
    return _render_pdf(random.Random(f"pdf-{year}-{seed}"), "", year, written, paras, width)


def _strip_markers(text: str, units: list[PlantedUnit], first: int) -> str:
    """Remove the zero-width markers and set each planted unit's raw offsets."""
    out: list[str] = []
    position = 0
    index = first
    cursor = 0
    for match in re.finditer(f"[{_START}{_END}]", text):
        out.append(text[cursor : match.start()])
        position += match.start() - cursor
        cursor = match.end()
        if match.group() == _START:
            units[index].start = position
        else:
            units[index].end = position
            index += 1
    out.append(text[cursor:])
    return "".join(out)


def generate_agreements(scale: int, seed: int = 0) -> Iterator[tuple[SyntheticAgreement, list[PlantedUnit],
                                                                     list[PlantedLink]]]:  # fmt: skip
    """Yield each agreement of a synthetic corpus with the units and links it adds (streaming)."""
    years, multiplier = scale_plan(scale)
    units: list[PlantedUnit] = []
    links: list[PlantedLink] = []
    open_topics: list[_Topic] = []
    for position, year in enumerate(years):
        rng = random.Random(f"aftalegraf-synthetic:{seed}:{scale}:{year}")
        file = f"kommuner-{year}.txt"
        first_unit, first_link = len(units), len(links)
        paras = _agreement_paras(rng, year, file, multiplier, units, links, open_topics)
        month = rng.choice(["maj", "juni", "juni", "september"])
        signed = f"{rng.randint(1, 28)}. {month} {year - 1}"
        title = f"Aftale om kommunernes økonomi for {year}"
        pdf = position % 5 in (1, 3)  # two in five PDF-shaped, as in the bundled corpus, at every scale
        raw = _render_pdf(rng, title, year, signed, paras) if pdf else _render_markdown(rng, title, signed, paras)
        raw = _strip_markers(raw, units, first_unit)
        day, month_name, signed_year = signed.split(" ")
        iso = f"{signed_year}-{MONTHS.index(month_name) + 1:02d}-{int(day.rstrip('.')):02d}"
        yield (SyntheticAgreement(file, year, iso, "pdf-text" if pdf else "markdown", raw),
               units[first_unit:], links[first_link:])  # fmt: skip


def generate_corpus(scale: int, seed: int = 0) -> SyntheticCorpus:
    """The whole synthetic corpus in memory (texts, planted units and links)."""
    agreements: list[SyntheticAgreement] = []
    units: list[PlantedUnit] = []
    links: list[PlantedLink] = []
    for agreement, new_units, new_links in generate_agreements(scale, seed):
        agreements.append(agreement)
        units.extend(new_units)
        links.extend(new_links)
    return SyntheticCorpus(scale, seed, agreements, units, links)


def manifest(agreements: list[SyntheticAgreement]) -> dict[str, object]:
    """A manifest in the shape of data/agreements/manifest.json."""
    return {
        "description": "Synthetic agreements from benchmarks/generate.py (seeded, deterministic).",
        "agreements": [
            {"file": a.file, "agreement": agreement_id(a.fiscal_year), "fiscal_year": a.fiscal_year,
             "title": f"Aftale om kommunernes økonomi for {a.fiscal_year}", "signed": a.signed,
             "source_format": a.source_format, "parties": ["Regeringen", "KL"]}  # fmt: skip
            for a in agreements
        ],
    }


def write_corpus(corpus: SyntheticCorpus, out: Path) -> None:
    """Write `out/agreements/*.txt`, its manifest, and `out/truth.json` (planted units and links)."""
    folder = out / "agreements"
    folder.mkdir(parents=True, exist_ok=True)
    for agreement in corpus.agreements:
        (folder / agreement.file).write_text(agreement.text, encoding="utf-8", newline="\n")
    dump = json.dumps(manifest(corpus.agreements), ensure_ascii=False, indent=2, sort_keys=True)
    (folder / "manifest.json").write_text(dump + "\n", encoding="utf-8")
    truth = {"scale": corpus.scale, "seed": corpus.seed, "units": [asdict(u) for u in corpus.units],
             "links": [asdict(link) for link in corpus.links]}  # fmt: skip
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


# --- records (for stages measured without extraction) ----------------------------------------------


def to_commitment(unit: PlantedUnit, used: set[str]) -> Commitment:
    """The commitment record the planted unit stands for, with its real raw offsets."""
    cid = str(CommitmentId.generate(unit.agreement, unit.text))
    if cid in used:
        n = 2
        while f"{cid}-{n}" in used:
            n += 1
        cid = f"{cid}-{n}"
    used.add(cid)
    return Commitment(
        id=cid, agreement=unit.agreement, fiscal_year=unit.fiscal_year, text=unit.text, heading=unit.heading,
        type=CommitmentType(unit.type), action=unit.action, parties=unit.parties, area=unit.area,
        deadlines=[Deadline(text=str(d["text"]), norm=d["norm"], kind=DeadlineKind(str(d["kind"])))
                   for d in unit.deadlines],
        amounts=[Amount(text=str(a["text"]), value_dkk=a["value_dkk"], year=a["year"]) for a in unit.amounts],  # type: ignore[arg-type]
        references=[Reference(text=f"Aftale om kommunernes økonomi for {2000 + int(r[2:])}", agreement=r)
                    for r in unit.references],
        source=Source(file=unit.file, start=unit.start, end=unit.end),
    )  # fmt: skip


def to_records(corpus: SyntheticCorpus) -> tuple[list[Agreement], list[Commitment], list[FollowUp]]:
    """Agreements, commitments and the planted links as the project's own records."""
    used: set[str] = set()
    commitments = [to_commitment(unit, used) for unit in corpus.units]
    agreements = [
        Agreement(id=agreement_id(a.fiscal_year), fiscal_year=a.fiscal_year,
                  title=f"Aftale om kommunernes økonomi for {a.fiscal_year}", in_corpus=True,
                  file=a.file, source_format=SourceFormat(a.source_format), parties=["Regeringen", "KL"])  # fmt: skip
        for a in corpus.agreements
    ]
    links = [
        FollowUp(**{"from": commitments[link.later].id, "to": commitments[link.earlier].id},
                 evidence=Evidence(link.evidence), confidence=0.9, matched=[corpus.units[link.earlier].topic or ""])  # fmt: skip
        for link in corpus.links
    ]
    return agreements, commitments, links


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, choices=sorted(SCALES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="default benchmarks/work/corpus-<scale>x")
    args = parser.parse_args(argv)
    out = args.out or Path(__file__).parent / "work" / f"corpus-{args.scale}x"
    corpus = generate_corpus(args.scale, args.seed)
    write_corpus(corpus, out)
    chars = sum(len(a.text) for a in corpus.agreements)
    print(f"{out}: {len(corpus.agreements)} agreements, {chars:,} characters "
          f"({chars / BUNDLED_CHARS:.1f}× the bundled corpus), {len(corpus.units):,} units, "
          f"{len(corpus.links):,} links")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
