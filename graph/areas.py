"""Policy area of one commitment unit: what the unit is about, with its headings as a weaker signal.

Every area of `policy-areas.md` has a lexicon (`LEXICON`, the one table of terms): Danish stems of
the area's typical content, extended with the vocabulary of Danish municipal policy. A term is a
regular expression matched at the start of a word, so a stem also catches its inflections and the
compounds it begins (`folkeskole` → `folkeskolen`, `folkeskolereformen`); a term starting with
`\\w*` also matches inside a compound (`\\w*pleje` in `hjemmeplejen`).

Score of an area = Σ term weight over the unit's words (each term counted at most twice)
+ `HEADING_WEIGHT` × the same over the innermost heading + `OUTER_HEADING_WEIGHT` × over the outer
headings. The primary area is the best score; secondary areas are those with text evidence of their
own reaching `SECONDARY_SHARE` of the primary's score. Then the guide's area rules (`_rules`):

- compensation for a crisis is `okonomi` (secondary `beredskab`); the crisis itself is `beredskab`;
- health IT and sundhed.dk under a digitalisation heading are `digitalisering` (secondary `sundhed`);
  health data and health IT elsewhere are `sundhed` (secondary `digitalisering`);
- a fund or pool (`pulje`, `fond`) inside a subject chapter takes the subject's area (secondary
  `okonomi`);
- the UN goals (`verdensmål`) are `klima-miljoe`;
- recruitment of welfare staff is `administration`.

A unit with no evidence at all falls back on `FALLBACK` (`administration`: the agreements' general
governance chapters are what such sentences are about).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from ontology import policy_area_ids

# area → ((term, weight), …). Weight 2 for terms that settle the subject on their own, 1 for typical
# vocabulary, 0.5 for words that only lean towards an area.
# fmt: off
LEXICON: dict[str, tuple[tuple[str, float], ...]] = {
    "okonomi": (
        (r"servicerammen?", 2), (r"anlægsramme", 2), (r"anlægsniveau", 2), (r"bloktilskud", 2), (r"DUT", 2),
        (r"midtvejsregulering", 2), (r"efterregulering", 1.5), (r"udligning", 2), (r"tilskuds- og udligning", 2),
        (r"særtilskud", 2), (r"lånepulje", 2), (r"lånedispensation", 2), (r"låneadgang", 2), (r"likviditet", 2),
        (r"budgetlov", 2), (r"budgetgaranti", 2), (r"budgetsamarbejde", 1.5), (r"sanktion", 1),
        (r"skatteudskrivning", 2), (r"skattestigning", 2), (r"skattenedsættelse", 2), (r"kommuneskat", 2),
        (r"grundskyld", 2), (r"dækningsafgift", 2), (r"ejendomsskat", 1.5), (r"finansiering", 1),
        (r"finansieringstilskud", 2), (r"balancetilskud", 2), (r"beskæftigelsestilskud", 2),
        (r"statsgaranti", 2), (r"selvbudgettering", 2), (r"udgiftsloft", 2), (r"udgiftspres", 1),
        (r"demografi", 1), (r"kompensation", 1), (r"kompenseres", 1), (r"kompensere", 1), (r"merudgift", 0.5),
        (r"mindreudgift", 1), (r"mindreindtægt", 1), (r"økonomiske rammer", 1.5), (r"rammerne for", 0.5),
        (r"regnskab", 1), (r"budget", 0.5), (r"overførselsudgift", 1.5), (r"pris- og løn", 1.5), (r"moms", 1),
        (r"finansieringsbehov", 1), (r"omkostningseffektiv finansiering", 2), (r"løft", 0.5), (r"mia\. ?kr", 0.5),
        (r"kommunale udgifter", 1), (r"kommunale økonomi", 1), (r"kommunernes økonomi", 0.5), (r"afløb", 0.5),
        (r"afregning", 1), (r"nedregulering", 1.5), (r"løfte (?:dette|det|udgangspunktet)", 1.5),
        (r"demografiske? (?:udvikling|træk)", 1.5), (r"rammen for (?:kommunernes )?investeringer", 2), (r"anlægs\w*", 1), (r"anlægsloft", 2),
    ),
    "administration": (
        (r"samarbejdsprogram", 2), (r"frisættelse", 2), (r"frikommune", 2), (r"afbureaukratisering", 2),
        (r"bureaukrati", 1.5), (r"regelforenkling", 2), (r"regulering og kontrol", 2), (r"unødig\w* (?:regulering|kontrol)", 2),
        (r"forenkl", 1), (r"dokumentation", 1.5),
        (r"dokumentationskrav", 2), (r"tilsyn", 1), (r"pulje", 0.5), (r"velfærdsprioritering", 2),
        (r"effektivisering", 1.5), (r"modernisering", 1.5), (r"indkøb", 2), (r"udbud", 1.5),
        (r"konkurrenceudsættelse", 2), (r"ledelse", 1), (r"ledelseskommission", 2), (r"sygefravær", 2),
        (r"konsulent", 1.5), (r"administration", 1.5), (r"administrative", 1), (r"styring", 0.5),
        (r"rekruttering", 1.5), (r"medarbejder", 1), (r"personale", 1), (r"arbejdsmiljø", 1.5),
        (r"arbejdskraft", 1), (r"velfærdsmedarbejder", 2), (r"innovation", 1.5), (r"COI", 2),
        (r"kommunale samarbejde", 1.5), (r"økonomistyring", 2), (r"Udbetaling Danmark", 2), (r"tillid", 0.5),
        (r"proceskrav", 2), (r"regler", 0.5), (r"benchmark", 1), (r"frigør", 1), (r"effektiv drift", 2),
        (r"borgeren først", 1.5), (r"sammenhængsreform", 1), (r"offentlige sektor", 0.5), (r"kerneopgave", 1),
        (r"rammeaftale", 1), (r"SKI", 1.5), (r"e-handel", 1.5), (r"tværoffentlig", 0.5), (r"nøgletal", 0.5),
        (r"arbejdsvilkår", 1), (r"løn", 0.5), (r"velfærdsaftale", 1), (r"kommunalbestyrelse", 0.5),
    ),
    "digitalisering": (
        (r"digital", 1.5), (r"digitalisering", 2), (r"it-", 1.5), (r"it[- ]system", 2), (r"it-løsning", 2),
        (r"\w*data", 1), (r"datadeling", 2), (r"fællesoffentlig\w* (?:digital|infrastruktur)", 2),
        (r"MitID", 2), (r"NemID", 2), (r"NemLog-in", 2), (r"Digital Post", 2), (r"cyber", 2),
        (r"informationssikkerhed", 2), (r"velfærdsteknologi", 2), (r"teknologi", 1), (r"automatiser", 2),
        (r"kunstig intelligens", 2), (r"algoritm", 2), (r"robot", 1.5), (r"system", 0.5),
        (r"Mit Overblik", 2), (r"borger\.dk", 2), (r"sundhed\.dk", 1.5), (r"FSIII", 2), (r"Fælles Sprog", 2),
        (r"databeskyttelse", 2), (r"digitaliseringsstrategi", 2), (r"grunddata", 2), (r"platform", 1),
        (r"portal", 1), (r"app(?:en|s)?(?![\wæøå])", 1), (r"brugeroplevelse", 1.5), (r"selvbetjening", 2),
        (r"infrastruktur", 0.5),
        (r"sundhedskort", 1), (r"investeringsfond", 1), (r"registre", 1), (r"standard", 0.5),
    ),
    "sundhed": (
        (r"sundhed", 2), (r"\w*sundhedsvæsen", 2), (r"nære sundhed", 2), (r"KMF", 2), (r"medfinansiering", 2),
        (r"forebyggelse", 1.5), (r"praksissektor", 2), (r"almen praksis", 2), (r"\w*læge", 1.5),
        (r"praksisplan", 2), (r"psykiatri", 2), (r"psykose", 2), (r"psykisk", 1.5), (r"misbrug", 1), (r"genoptræning", 2),
        (r"rehabilitering", 1), (r"patient", 2), (r"sygehus", 2), (r"hospital", 2), (r"\w*indlæggelse", 2),
        (r"sundhedsaftale", 2), (r"sundhedsklynge", 2), (r"akutfunktion", 2), (r"kronisk", 2),
        (r"\w*sygepleje", 2), (r"medicin", 1.5), (r"vaccin", 1), (r"tandpleje", 2), (r"sundhedsdata", 2),
        (r"sundheds-it", 2), (r"behandling", 1), (r"sundhedsreform", 2), (r"region", 0.5), (r"syg", 0.5),
        (r"sundhedspersonale", 2), (r"sundhedsfaglig", 2), (r"særlige pladser", 2), (r"\w*rygning", 1.5),
        (r"alkohol", 1), (r"overvægt", 1.5), (r"trivsel", 0.5),
    ),
    "aeldre": (
        (r"ældre", 2), (r"ældrepleje", 2), (r"plejehjem", 2), (r"plejebolig", 2), (r"hjemmepleje", 2),
        (r"hjemmehjælp", 2), (r"ældrelov", 2), (r"værdighed", 1.5), (r"værdig", 1), (r"demens", 2),
        (r"alderdom", 2), (r"pleje og omsorg", 1.5), (r"ældremilliard", 2), (r"klippekort", 2),
        (r"madservice", 2), (r"plejecent", 2), (r"ensomhed", 1), (r"pårørende", 1), (r"\w*pleje", 0.5),
        (r"omsorg", 0.5), (r"pensionist", 1.5),
    ),
    "social": (
        (r"socialområde", 2), (r"specialiserede? social", 2), (r"botilbud", 2), (r"handicap", 2),
        (r"udsatte voksne", 2), (r"hjemløs", 2), (r"merudgiftsydelse", 2), (r"Ankestyrelse", 2),
        (r"klagesag", 1.5), (r"sagsbehandling", 1), (r"serviceloven", 2), (r"socialtilsyn", 2),
        (r"komplekse", 1), (r"sammensatte behov", 1.5), (r"helhedsorienteret", 1), (r"misbrugsbehandling", 1.5),
        (r"sociale? investering", 2), (r"funktionsnedsættelse", 2), (r"BPA", 2), (r"ledsage", 1),
        (r"socialpsykiatri", 2), (r"krisecent", 2), (r"forsorgshjem", 2), (r"rimelig individuel tilpasning", 2),
        (r"danmarkskort", 1.5), (r"selvmøderprincip", 2), (r"udsatte", 1), (r"social", 1.5),
        (r"socialøkonomi", 1.5), (r"hjælpemidl", 1), (r"borgere med (?:psykisk|fysisk|handicap)", 1.5),
    ),
    "boern-unge": (
        (r"dagtilbud", 2), (r"daginstitution", 2), (r"vuggestue", 2), (r"børnehave", 2), (r"dagpleje", 2),
        (r"minimumsnormering", 2), (r"normering", 1.5), (r"pædagog", 2), (r"børn", 1.5), (r"barn", 1.5),
        (r"\w*børn", 0.5), (r"unge", 0.5), (r"anbring", 2), (r"plejefamilie", 2), (r"familiepleje", 2),
        (r"forældre", 1), (r"familieretshus", 2), (r"børneplan", 2), (r"barnets reform", 2),
        (r"ungdomskriminalitet", 2), (r"fritidshjem", 2), (r"tidlig indsats", 1), (r"underretning", 2),
        (r"familie", 1), (r"sundhedsplejerske", 1), (r"plejeforældre", 2), (r"vederlag", 0.5),
    ),
    "uddannelse": (
        (r"folkeskole", 2), (r"skole", 1.5), (r"\w*skolen", 1), (r"elev", 1.5), (r"lærer", 1.5),
        (r"læreruddannelse", 2), (r"undervisning", 2), (r"inklusion", 2), (r"FGU", 2),
        (r"forberedende grunduddannelse", 2), (r"erhvervsuddannelse", 2), (r"ungdomsuddannelse", 2),
        (r"ungeindsats", 2), (r"KUI", 2), (r"10\. klasse", 2), (r"uddannelsesparat", 2), (r"skoleleder", 2),
        (r"diplomuddannelse", 2), (r"faglighed", 1), (r"prøve", 1), (r"eksamen", 1.5),
        (r"trivselsmåling", 2), (r"nationale test", 2), (r"specialundervisning", 2), (r"teknologipagt", 2),
        (r"uddannelse", 1.5), (r"ungdomsskole", 2), (r"læring", 1.5), (r"praktikplads", 2), (r"EUD", 2),
        (r"kompetenceløft", 0.5), (r"klasse", 1), (r"SFO", 2),
    ),
    "beskaeftigelse": (
        (r"beskæftigelse", 2), (r"beskæftigelsesindsats", 2), (r"ledig", 2), (r"jobcent", 2), (r"refusion", 2),
        (r"kontanthjælp", 2), (r"integration", 1), (r"integrationsindsats", 2), (r"integrationsprogram", 2),
        (r"integrationsområde", 2), (r"indvandre", 2), (r"ikke-vestlig", 2), (r"nytilkomne", 2), (r"udlænding", 1.5), (r"flygtning", 2), (r"integrationsydelse", 2),
        (r"sygedagpenge", 2), (r"førtidspension", 2), (r"fleksjob", 2), (r"ressourceforløb", 2),
        (r"jobafklaring", 2), (r"dagpenge", 2), (r"aktivering", 2), (r"virksomhedspraktik", 2),
        (r"løntilskud", 2), (r"revalidering", 2), (r"IGU", 2), (r"fordrevne", 2), (r"arbejdsmarked", 1.5),
        (r"selvforsørg", 2), (r"beskæftigelsesreform", 2), (r"databekendtgørelse", 2), (r"fejludbetaling", 2),
        (r"snyd", 2), (r"kontrol", 0.5), (r"STAR", 2), (r"ydelse", 1), (r"job", 1), (r"arbejdsgiver", 0.5),
        (r"dansk\w*uddannelse", 1),
    ),
    "klima-miljoe": (
        (r"klima", 2), (r"grøn\w* omstilling", 2), (r"klimatilpasning", 2), (r"\w*vand(?!r)", 1), (r"spildevand", 2),
        (r"drikkevand", 2), (r"affald", 2), (r"genanvend", 2), (r"energi", 1.5), (r"natur(?!lig)", 1.5),
        (r"miljø", 1.5),
        (r"CO2", 2), (r"drivhusgas", 2), (r"emission", 2), (r"varmeforsyning", 2), (r"fjernvarme", 2),
        (r"vindmølle", 2), (r"solcelle", 2), (r"biogas", 2), (r"verdensmål", 2), (r"bæredygtig", 1.5),
        (r"cirkulær", 2), (r"grundvand", 2), (r"pesticid", 2), (r"oversvømmelse", 2), (r"kyst", 1.5),
        (r"DK2020", 2), (r"fossil", 2), (r"grøn", 1), (r"\w*gasfyr", 2), (r"\w*oliefyr", 2), (r"olie- og gasfyr", 2),
        (r"varmepumpe", 2), (r"naturgas", 2), (r"energirenovering", 2), (r"vedvarende energi", 2), (r"klimaaftryk", 2),
    ),
    "infrastruktur": (
        (r"vejnet", 2), (r"vejområde", 2), (r"kommunale veje", 2), (r"veje og stier", 2), (r"trafiksikkerhed", 2), (r"vejvedligehold", 2), (r"kollektiv trafik", 2),
        (r"trafiks?selskab", 2),
        (r"bus", 1.5), (r"letbane", 2), (r"transport", 1.5), (r"bolig", 2), (r"almene? bolig", 2),
        (r"boligsektor", 2), (r"planlov", 2), (r"planlægning", 1), (r"lokalplan", 2), (r"kommuneplan", 2),
        (r"ejendomsvurdering", 2), (r"byggeri", 2), (r"bygning", 1.5), (r"byggesag", 2), (r"parallelsamfund", 2),
        (r"ghetto", 2), (r"udsatte boligområde", 2), (r"byfornyelse", 2), (r"trafik", 1.5), (r"cykel", 1.5),
        (r"havn", 1.5), (r"planområde", 1.5), (r"byudvikling", 2),
    ),
    "erhverv-land": (
        (r"erhvervsfremme", 2), (r"erhverv", 1.5), (r"virksomhed", 1), (r"turisme", 2), (r"turismefremme", 2),
        (r"landdistrikt", 2), (r"yderområde", 2), (r"vækst", 1), (r"erhvervshus", 2), (r"iværksætter", 2),
        (r"detailhandel", 2), (r"landsby", 2), (r"nærbutik", 2), (r"erhvervsservice", 2), (r"eksport", 1.5),
        (r"Vækstfond", 2), (r"vækstforum", 2), (r"Danmarks Erhvervsfremmebestyrelse", 2), (r"destination", 1.5),
    ),
    "beredskab": (
        (r"COVID", 2), (r"corona", 2), (r"covid-19", 2), (r"epidemi", 2), (r"pandemi", 2), (r"smitte", 2),
        (r"forsyningskrise", 2), (r"energikrise", 2), (r"beredskab", 2), (r"krise", 1.5), (r"nødberedskab", 2),
        (r"genåbning", 2), (r"nedlukning", 2), (r"værnemidl", 2), (r"test", 0.5), (r"sikkerhedspolitisk", 1.5),
        (r"invasion", 1.5), (r"krig", 1.5), (r"civilt beredskab", 2),
    ),
}
# fmt: on

HEADING_WEIGHT = 1.0  # the innermost heading: a strong hint of what a section is about
OUTER_HEADING_WEIGHT = 0.5  # the chapter and other outer headings: weaker, the chapter alone decides nothing
SECONDARY_SHARE = 0.5
TYPICAL = 1.0  # a term of this weight or more is the area's own vocabulary; one of 0.5 only leans towards it
MAX_SECONDARY = 3
FALLBACK = "administration"
SUBJECT_AREAS = frozenset(
    {"sundhed", "aeldre", "social", "boern-unge", "uddannelse", "beskaeftigelse", "klima-miljoe",
     "infrastruktur", "erhverv-land", "digitalisering"}
)  # fmt: skip

W = r"[\wæøåÆØÅ]"
# A crisis, for the compensation rule: the epidemic, the supply and energy crises, the war and its refugees.
CRISIS = re.compile(rf"(?<!{W})(?:covid|corona|epidemi|pandemi|\w*krise|fordrevne|ukraine|invasion)", re.I)
COMPENSATION = re.compile(
    rf"(?<!{W})(?:kompens\w*|finansier\w*|\w*særtilskud\w*|\w*merudgift\w*|mindreindtægt\w*|udgifter\w*|"
    rf"tilskud\w*|bloktilskud\w*|efterregulering\w*|udbetal\w*|\d[\d,]*\s?mia\.)",
    re.I,
)
HEALTH_IT = re.compile(
    r"(?:sundheds-?it|sundhed\.dk|sundhedsdata|sundhedskort|patientoverblik|\w*journal|digital\w* sundhed|"
    r"sundhedsområdet.{0,40}(?:it|digital|data)|(?:it|digital|data)\w*.{0,40}sundhed)",
    re.I,
)
# The chapter (outermost heading) decides whether a health-IT unit stands in a digitalisation chapter.
DIGITAL_CHAPTER = re.compile(
    r"digitali|digital\w* offentlig|(?<![\wæøå])data(?![\wæøå])|teknologi|(?<![\wæøå])it-", re.I
)
FUND = re.compile(rf"(?<!{W})(?:\w*pulje\w*|\w*fond(?:en|e|s)?)(?!{W})", re.I)
UN_GOALS = re.compile(rf"(?<!{W})verdensmål\w*", re.I)
RECRUITMENT = re.compile(
    rf"(?<!{W})(?:rekrutter\w*|fastholde?\w*\s(?:af\s)?(?:medarbejdere|personale|arbejdskraft)|"
    rf"mangel\w* på (?:arbejdskraft|medarbejdere|personale)|flere (?:hænder|medarbejdere|velfærdsmedarbejdere)|"
    rf"velfærdsmedarbejder\w*)",
    re.I,
)


@cache
def _compiled() -> dict[str, tuple[tuple[re.Pattern[str], float], ...]]:
    known = policy_area_ids()
    missing = set(LEXICON) ^ set(known)
    if missing:
        raise ValueError(f"lexicon and policy areas differ: {sorted(missing)}")
    return {
        area: tuple(
            (re.compile(rf"(?<!{W}){term}", 0 if term.isupper() else re.I), weight) for term, weight in terms
        )
        for area, terms in LEXICON.items()
    }


def _score(text: str) -> Counter[str]:
    """Σ weight per area over the terms `text` contains (each term at most twice); a fresh Counter."""
    return Counter({area: total for area, total, _ in _cached_score(text)})


def _typical(text: str) -> Counter[str]:
    """The same sum over the terms of weight `TYPICAL` or more only: an area's own vocabulary."""
    return Counter({area: typical for area, _, typical in _cached_score(text) if typical})


@lru_cache(maxsize=16384)
def _cached_score(text: str) -> tuple[tuple[str, float, float], ...]:
    """(area, sum, sum of the typical terms), cached because every unit scores its headings again:
    ~430 patterns per text were 60 % of extraction."""
    scores: dict[str, list[float]] = {}
    folded = _fold(text)
    for area, pattern, weight, literal, case_blind in _terms():
        if literal and literal not in (folded if case_blind else text):
            continue  # letters the term cannot match without are nowhere in the text: findall finds nothing
        hits = len(pattern.findall(text))
        if hits:
            sums = scores.setdefault(area, [0.0, 0.0])
            sums[0] += weight * min(hits, 2)
            if weight >= TYPICAL:
                sums[1] += weight * min(hits, 2)
    return tuple((area, total, typical) for area, (total, typical) in scores.items())


# Prefilter. `_fold` maps every character that re.I lets match a letter of a term onto that letter
# (str.lower, plus the four non-ASCII letters re.I matches to ASCII: İ ı ſ K; Å lowers to å), so
# `literal not in _fold(text)` proves no match of a case-blind term. A term's literal is the plain
# text it must contain: its start after a leading `\\w*`, up to the first metacharacter, less a
# last letter a quantifier makes optional (`servicerammen?` → `serviceramme`).
_PLAIN_START = re.compile(r"[a-zæøåA-ZÆØÅ0-9 -]*")
_FOLD = str.maketrans({"ı": "i", "ſ": "s", "\u212a": "k", "\u0307": None})


def _fold(text: str) -> str:
    return text.lower().translate(_FOLD)


def _literal(term: str) -> str:
    """The plain text every match of `term` contains (may be empty: then no prefilter)."""
    body = term.removeprefix(r"\w*")
    literal = _PLAIN_START.match(body).group()  # type: ignore[union-attr] - `*` always matches
    if body[len(literal) : len(literal) + 1] in ("?", "*", "{"):
        literal = literal[:-1]
    return literal


@cache
def _terms() -> tuple[tuple[str, re.Pattern[str], float, str, bool], ...]:
    """Every term, flat, in lexicon order: (area, pattern, weight, literal, case-blind)."""
    flat = []
    for area, patterns in _compiled().items():
        for (pattern, weight), (term, _) in zip(patterns, LEXICON[area], strict=True):
            case_blind = bool(pattern.flags & re.I)
            literal = _literal(term)
            flat.append((area, pattern, weight, literal.lower() if case_blind else literal, case_blind))
    return tuple(flat)


def _chapter_area(heading: list[str]) -> str | None:
    """The subject of the chapter (outermost heading), else of the innermost heading that names one."""
    for title in [*heading[:1], *reversed(heading[1:])]:
        scores = _score(title)
        if scores:
            return max(sorted(scores), key=lambda a: scores[a])
    return None


def _chapter_title(heading: list[str]) -> str:
    """The heading that stands for the unit's chapter: the outermost one above the unit's own
    sub-heading that names a subject.

    A chapter without one (`5. Øvrige`) gathers sections that are chapters in all but number
    (`## Digitalisering` with its sub-sections on health IT and cyber security); the unit's own
    sub-heading (`Data på tværs af det nære sundhedsvæsen` in an annex) is its subject, not its chapter.
    """
    return next((title for title in heading[:-1] if _score(title)), heading[0] if heading else "")


def _rules(text: str, heading: list[str], primary: str, secondary: list[str]) -> tuple[str, list[str]]:
    """The guide's area decisions for the hard cases, applied over the lexicon's answer."""
    if UN_GOALS.search(text):
        return "klima-miljoe", [a for a in secondary if a != "klima-miljoe"]
    if CRISIS.search(text) or (heading and CRISIS.search(" ".join(heading))):
        if COMPENSATION.search(text):
            subject = [] if primary in {"okonomi", "administration", "beredskab"} else [primary]
            return "okonomi", _with(
                subject + _with(secondary, "beredskab", "okonomi"), "beredskab", "okonomi"
            )
        if primary in {"okonomi", "administration"}:
            return "beredskab", _with(secondary, primary, "beredskab")
    digital_chapter = bool(DIGITAL_CHAPTER.search(_chapter_title(heading)))
    health_it = bool(HEALTH_IT.search(text))
    if digital_chapter and (health_it or primary == "sundhed"):
        return "digitalisering", _with(secondary, "sundhed", "digitalisering")
    if health_it and primary in {"sundhed", "digitalisering"}:
        return "sundhed", _with(secondary, "digitalisering", "sundhed")
    if RECRUITMENT.search(text) and primary not in {"okonomi"}:
        return "administration", _with(
            secondary, primary, "administration"
        ) if primary != "administration" else secondary
    subject = _chapter_area(heading)
    if FUND.search(text) and subject in SUBJECT_AREAS and primary in {"okonomi", "administration", subject}:
        return subject, _with(secondary, "okonomi", subject)
    return primary, secondary


def _with(secondary: list[str], area: str, primary: str) -> list[str]:
    out = [area] + [a for a in secondary if a != area]
    return [a for a in out if a != primary][:MAX_SECONDARY]


def classify_area(text: str, heading: list[str]) -> tuple[str, list[str]]:
    """`(primary, secondary)` policy-area ids for one unit under its heading path (outermost first)."""
    own = _score(text)
    total: Counter[str] = Counter(own)
    if heading:
        for area, value in _score(heading[-1]).items():
            total[area] += HEADING_WEIGHT * value
        for title in heading[:-1]:
            for area, value in _score(title).items():
                total[area] += OUTER_HEADING_WEIGHT * value
    if not total:
        return _rules(text, heading, FALLBACK, [])
    ranked = sorted(total, key=lambda a: (-total[a], a))
    primary = ranked[0]
    floor = SECONDARY_SHARE * total[primary]
    # a secondary area needs a word of its own vocabulary in the unit: words that only lean towards an
    # area (`regionale` towards health) do not make the unit about it, however often they stand there
    typical = _typical(text)
    secondary = [a for a in ranked[1:] if typical.get(a, 0) >= 1 and total[a] >= floor][:MAX_SECONDARY]
    return _rules(text, heading, primary, secondary)
