"""Is a sentence a commitment unit, and of which type, by whom, binding an act? Rules of the guide.

spec/commitments.md names the markers (`enige om`, `Der er enighed`, `Regeringen vil`,
`KL tager til efterretning` …) and the hard cases (agentless passives, recaps,
joint ambitions, present tense with future meaning, lead-ins). Each rule below is one
of those, written for Danish in general, never for a particular sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.models import CommitmentType

# --- actors -----------------------------------------------------------------------------------------

REGERINGEN = "Regeringen"
KL = "KL"
DANSKE_REGIONER = "Danske Regioner"
PARTERNE = "parterne"  # placeholder resolved to the section's actors

_ORG = (
    r"(?:[A-ZÆØÅ][\wæøå]*-\s+og\s+)?[A-ZÆØÅ][\wæøå]*"
    r"(?:ministeriet|styrelsen|enheden|Danmark|agenturet|direktoratet|centret|rådet)\b"
)
ACTOR = re.compile(
    r"\b(?P<name>regeringen|regering|KL|Danske\s+Regioner|parterne|kommunerne|regionerne|"
    r"den\s+enkelte\s+kommune|kommuner\s+og\s+regioner|" + _ORG + r")(?![\wæøå’'])",
    re.IGNORECASE,
)
# Actors that are not parties to an economy agreement: their agreements are other agreements.
OTHERS = re.compile(
    r"Folketingets\s+partier|Folketinget\b|forligskreds|forligsparti|satspuljeparti|aftaleparti|"
    r"arbejdsmarkedets\s+parter|Dansk\s+Folkeparti|Socialdemokrati|Venstre\b|partierne\b",
    re.IGNORECASE,
)
JOINER = re.compile(r"^\s*(,|og|samt|,\s*og)\s*$", re.IGNORECASE)


def normalise_actor(name: str) -> str:
    folded = re.sub(r"\s+", " ", name).casefold()
    if folded in ("regeringen", "regering"):
        return REGERINGEN
    if folded == "kl" or folded in ("kommunerne", "den enkelte kommune"):
        return KL
    if folded in ("danske regioner", "regionerne"):
        return DANSKE_REGIONER
    if folded == "parterne":
        return PARTERNE
    return re.sub(r"\s+", " ", name)


@dataclass(frozen=True)
class ActorRun:
    """Coordinated actors (`regeringen, KL og Danske Regioner`), with where they stand."""

    start: int
    end: int
    names: tuple[str, ...]


def actor_runs(text: str) -> list[ActorRun]:
    """Every run of coordinated actors in a sentence."""
    runs: list[ActorRun] = []
    matches = list(ACTOR.finditer(text))
    for match in matches:
        name = match.group("name")
        if name.casefold() == "kommuner og regioner":
            names: tuple[str, ...] = (KL, DANSKE_REGIONER)
        else:
            names = (normalise_actor(name),)
        if runs and JOINER.match(text[runs[-1].end : match.start()]):
            last = runs[-1]
            runs[-1] = ActorRun(last.start, match.end(), last.names + names)
        else:
            runs.append(ActorRun(match.start(), match.end(), names))
    return runs


def _unique(names: list[str] | tuple[str, ...]) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return seen


# --- markers ----------------------------------------------------------------------------------------

ADV = r"(?:\s+(?:\w+|–[^–]{0,60}–|,[^,]{0,60},)){0,5}?"
FINITE_REPORT = {"har", "havde", "er", "var", "blev", "bliver"}
NOT_UNIT_VERBS = re.compile(
    r"^(anerkender|støtter|bakker|opfordrer|forventer|ser|er\s+opmærksom|har\s+tilkendegivet|"
    r"har|havde|var|blev|bliver|kan|kunne|må|får|fik|modtager|oplever|står|ligger)\b",
    re.IGNORECASE,
)
PLEDGE_VERBS = re.compile(
    r"^(vil(?!\s+blive\b)|forpligter\s+sig|har\s+til\s+hensigt|påtænker|er\s+indstillet\s+på|"
    r"tilkendegiver|ønsker|skal(?!\s+have\b))\b",
    re.IGNORECASE,
)
# One party in the present tense with future meaning (`Regeringen udarbejder et oplæg`).
PRESENT_ACTS = re.compile(
    r"^(udarbejder|igangsætter|iværksætter|fremsætter|gennemfører|nedsætter|præsenterer|lancerer|"
    r"inviterer|udsender|udsteder|stiller|tager\s+initiativ|indkalder|etablerer|offentliggør|opretter)\b",
    re.IGNORECASE,
)
JOINT_PRESENT = re.compile(r"^(\w+er|vil|skal|ønsker|aftalte|aftaler|mødes|ser\s+på)\b", re.IGNORECASE)
ACK = re.compile(
    r"\b(tager\b[^.]{0,60}?\btil\s+efterretning|noterer\s+sig|konstaterer|anerkender\s+begge)\b",
    re.IGNORECASE,
)
ENIGE = re.compile(r"\benige\s+(om|i)\b|\benige\b(?=\s*[,:]?\s*$)", re.IGNORECASE)
ENIGHED = re.compile(r"\benighed\b(?!\s+om\s+en\s+model)", re.IGNORECASE)
AFTALT = re.compile(
    r"\b(er|blev|var|har)\b(?:\s+\w+){0,6}?\s+aftalt\b|\baftalt\b(?=\s+(at|mellem|med))|"
    r"\baftalte\s+(parterne|regeringen)\b|(parterne|regeringen\s+og\s+KL|KL)\s+aftalte\b",
    re.IGNORECASE,
)
AMBITION = re.compile(
    r"\b(fælles\s+(ambition|målsætning|mål)|væsentlig\s+prioritering\s+for\s+regeringen\s+og\s+KL)\b",
    re.IGNORECASE,
)
NEGOTIATION = re.compile(
    r"(økonomi)?forhandlinger(ne)?\b|økonomi?aftalen\s+for\s+\d{4}|aftalen?\s+om\s+kommunernes\s+økonomi|"
    r"\bØA\d{2}\b|\baftalerne\s+om\s+den\s+kommunale",
    re.IGNORECASE,
)
NEGOTIATION_PASSIVE = re.compile(
    r"\b(drøftes|aftales|afklares|forhandles|besluttes|fastlægges|konsolideres\s+og\s+drøftes)\b", re.IGNORECASE
)
TIME_WORD = re.compile(
    r"\b(i|inden|senest|til)\s+(efteråret|foråret|sommeren|løbet\s+af|forbindelse|den\s+forbindelse|\d{4})|"
    r"\bligeledes\b|\bherom\b|\bheraf\b",
    re.IGNORECASE,
)
PASSIVE_AGENT = re.compile(
    r"\b\w+(es|t|et)\b(?:\s+\w+){0,3}?\s+(?:i\s+samarbejde\s+)?(mellem|af)\s+(?=(parterne|regeringen|KL|"
    r"[A-ZÆØÅ][\wæøå]*-\s+og\s+[A-ZÆØÅ]|[A-ZÆØÅ][\wæøå]*ministeriet))",
    re.IGNORECASE,
)
REPORTED = re.compile(r"\b(har|havde)\s+(\w+\s+){0,3}(tilkendegivet|nedsat|igangsat|gennemført|besluttet)\b")
GOVERNMENT_AMBITION = re.compile(r"\bregeringens\s+(ambition|mål|målsætning)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Judgement:
    """What the rules say of one sentence."""

    type: CommitmentType
    parties: tuple[str, ...]  # may hold PARTERNE, resolved by the caller
    action: bool
    marker: str  # the words that made it a unit, for debugging and tests


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause holding position `pos` (after `, mens`, `, ligesom`, `; `, `, og`)."""
    best = 0
    for match in re.finditer(r"(,\s+(mens|ligesom|men|og|hvorfor|samtidig\s+med\s+at)\s+|;\s+|:\s+)", text[:pos]):
        best = match.end()
    return best


def _subject_before(text: str, pos: int) -> ActorRun | None:
    """The actor run closest before `pos` in its clause (the subject of `… er enige om`)."""
    start = _clause_start(text, pos)
    candidates = [run for run in actor_runs(text) if run.start >= start and run.end <= pos]
    if not candidates:
        return None
    run = candidates[-1]
    between = text[run.end : pos]
    if re.search(r"\b(at|som|der|hvor|hvis|når)\b", between, re.IGNORECASE):
        return None
    return run


def _subject_after_verb(text: str, verb_end: int) -> ActorRun | None:
    """Inverted order: `… vil parterne undersøge`, `er regeringen og KL enige`."""
    for run in actor_runs(text):
        if 0 <= run.start - verb_end <= 3:
            return run
    return None


def _others_named(text: str, start: int, end: int) -> bool:
    return bool(OTHERS.search(text[start:end]))


def _joint(names: tuple[str, ...]) -> bool:
    return len(names) >= 2 or PARTERNE in names


def judge(sentence: str) -> Judgement | None:
    """The unit reading of one sentence, or None when it is not a commitment unit."""
    text = sentence.strip()
    parts: list[tuple[CommitmentType, tuple[str, ...], int, str]] = []

    for match in ACK.finditer(text):
        subject = _subject_before(text, match.start())
        if subject and not _others_named(text, subject.start, match.end()):
            parts.append((CommitmentType.ACKNOWLEDGMENT, subject.names, match.end(), match.group(0)))

    for match in ENIGE.finditer(text):
        subject = _subject_before(text, match.start())
        if subject is None:
            subject = _inverted_subject(text, match.start())
        if subject is None:
            continue
        if _others_named(text, max(0, subject.start - 40), match.end()):
            continue
        parts.append((CommitmentType.AGREEMENT, subject.names, match.end(), match.group(0)))

    if not parts:
        for match in ENIGHED.finditer(text):
            before = text[max(0, match.start() - 60) : match.start()]
            if re.search(r"\b(opnå|skabe|søge|sikre)\s+(\w+\s+)?$", before, re.IGNORECASE):
                continue
            after = text[match.end() : match.end() + 80]
            between = re.match(r"\s+mellem\s+(.+?)\s+om\b", after)
            names: tuple[str, ...] = (PARTERNE,)
            if between:
                runs = actor_runs(between.group(1))
                if not runs or OTHERS.search(between.group(1)):
                    continue
                names = runs[0].names
            parts.append((CommitmentType.AGREEMENT, names, match.end(), match.group(0)))
            break

    if not parts:
        for match in AFTALT.finditer(text):
            if re.search(r"\bsom\s+aftalt\b|\b(den|det|de)\s+(allerede\s+)?aftalte\b", text[max(0, match.start() - 20) : match.end()], re.IGNORECASE):
                continue
            window = text[max(0, _clause_start(text, match.start())) : match.end() + 60]
            if OTHERS.search(window):
                continue
            subject = _subject_before(text, match.end()) or _subject_after_verb(text, match.end())
            names = subject.names if subject else (PARTERNE,)
            parts.append((CommitmentType.AGREEMENT, names, match.end(), match.group(0)))
            break

    if not parts:
        for match in AMBITION.finditer(text):
            if GOVERNMENT_AMBITION.search(text):
                break
            subject = _subject_before(text, match.start())
            names = subject.names if subject and _joint(subject.names) else (PARTERNE,)
            if re.search(r"\bregeringen\s+og\s+KL\b", match.group(0), re.IGNORECASE):
                names = (REGERINGEN, KL)
            parts.append((CommitmentType.AGREEMENT, names, match.end(), match.group(0)))
            break

    # subject + verb: `Regeringen og KL vil …`, `Parterne drøfter …`, `KL vil …`, `Regeringen udarbejder …`
    for run in actor_runs(text):
        if _others_named(text, run.start, run.end):
            continue
        clause = _clause_start(text, run.start)
        head = text[clause : run.start]
        if re.search(r"\b(med|for|til|af|mellem|hos|fra|om|over|end|ved|i\s+samarbejde\s+med|sammen\s+med|"
                     r"at|som|der|hvor|når|hvis|fordi|inddrage|invitere)\s*$", head, re.IGNORECASE):
            continue
        rest = text[run.end :]
        verb = re.match(r"\s+(?:(?:derfor|også|endvidere|desuden|samtidig|fortsat|ligeledes|løbende|i\s+fællesskab|"
                        r"dertil|derudover|hertil|konkret|endelig|begge|selv)\s+)*(.+)", rest, re.IGNORECASE)
        if not verb:
            continue
        tail = verb.group(1)
        inverted_verb = re.search(
            r"\b(vil|skal|ønsker|udarbejder|drøfter|gennemfører|igangsætter|stiller|følger|arbejder|"
            r"samarbejder|undersøger)\s*$",
            text[clause : run.start],
            re.IGNORECASE,
        )
        joint = _joint(run.names)
        kind: CommitmentType | None = None
        if inverted_verb:
            tail = inverted_verb.group(1) + " " + tail
        if re.match(r"(vil|skal)\s+blive\b", tail, re.IGNORECASE) or REPORTED.match(tail):
            continue
        if NOT_UNIT_VERBS.match(tail) and not re.match(r"har\s+til\s+hensigt|har\s+en\s+fælles", tail, re.I):
            continue
        if joint and (JOINT_PRESENT.match(tail) or re.match(r"har\s+en\s+fælles", tail, re.I)):
            if re.match(r"(anerkender|støtter|bakker|opfordrer|forventer|oplever|står|ligger)\b", tail, re.I):
                continue
            kind = CommitmentType.AGREEMENT
        elif not joint and (PLEDGE_VERBS.match(tail) or PRESENT_ACTS.match(tail)):
            if re.match(r"skal\b", tail, re.I) and run.names != (KL,):
                continue
            kind = CommitmentType.PLEDGE
        if kind is None:
            continue
        if any(end > run.start and end <= run.end + 40 for _, _, end, _ in parts):
            continue
        parts.append((kind, run.names, run.end + len(tail[:20]), tail[:20]))

    if not parts:
        passive = _passive_unit(text)
        if passive:
            parts.append(passive)

    if not parts:
        return None
    if GOVERNMENT_AMBITION.search(text) and all(kind == CommitmentType.AGREEMENT for kind, *_ in parts):
        if not re.search(r"\benige\b|\benighed\b", text, re.I):
            return None
    kinds = [kind for kind, *_ in parts]
    names = _unique([name for _, run_names, _, _ in parts for name in run_names])
    if CommitmentType.AGREEMENT in kinds:
        kind = CommitmentType.AGREEMENT
        names = _unique([n for k, run_names, _, _ in parts for n in run_names if k == CommitmentType.AGREEMENT]
                        + [n for k, run_names, _, _ in parts for n in run_names if k == CommitmentType.PLEDGE])
    elif CommitmentType.ACKNOWLEDGMENT in kinds:
        kind = CommitmentType.ACKNOWLEDGMENT
    else:
        kind = CommitmentType.PLEDGE
        if len(names) >= 2:
            kind = CommitmentType.AGREEMENT
    first = min(parts, key=lambda part: part[2])
    return Judgement(kind, tuple(names), action_of(text, kind, first[2]), first[3])


def _inverted_subject(text: str, marker: int) -> ActorRun | None:
    """`… er regeringen og KL enige om`: the actors between the finite verb and `enige`."""
    start = _clause_start(text, marker)
    for run in reversed(actor_runs(text)):
        if start <= run.start and run.end <= marker:
            before = text[max(start, run.start - 12) : run.start]
            if re.search(r"\b(er|var|blev)\s+$", before, re.IGNORECASE):
                return run
    if re.search(r"\bparterne\b", text[start:marker], re.IGNORECASE):
        return ActorRun(0, 0, (PARTERNE,))
    return None


def _passive_unit(text: str) -> tuple[CommitmentType, tuple[str, ...], int, str] | None:
    """Agentless passives are not units, except with the parties as agent or the parties' own negotiation."""
    if OTHERS.search(text):
        return None
    agent = PASSIVE_AGENT.search(text)
    if agent:
        runs = [run for run in actor_runs(text) if run.start >= agent.end() - 1]
        if runs and (_joint(runs[0].names) or len(runs[0].names) >= 1):
            names = runs[0].names
            if len(names) >= 2 or PARTERNE in names:
                return (CommitmentType.AGREEMENT, names, agent.end(), agent.group(0))
    negotiation = NEGOTIATION_PASSIVE.search(text)
    if negotiation and re.match(r"^(Der|Det)\s+nedsættes\b", text) is None:
        if NEGOTIATION.search(text) or TIME_WORD.search(text):
            return (CommitmentType.AGREEMENT, (PARTERNE,), negotiation.end(), negotiation.group(0))
    return None


# --- action -------------------------------------------------------------------------------------------

FIXED_VERBS = re.compile(
    r"^(løfte|afsætte|forhøje|kompensere|videreføre|tilføre|udmønte|bekræfte|fastholde|forlænge|tilbageføre|"
    r"fastsætte|hæve|reducere\s+bloktilskuddet|fordele|finansiere|prioritere\s+\d)\b",
    re.IGNORECASE,
)
FUNDS = re.compile(r"\b(mia\.|mio\.|kr\.|tilskud\w*|ramme\w*|bevilling\w*|pulje\w*|fond\w*|midl\w*|finansiering\w*)",
                   re.IGNORECASE)
NEED = re.compile(r"^\W*(at\s+)?(der\s+)?(\w+\s+){0,4}?(er|fortsat\s+er|er\s+fortsat)\s+(et\s+)?(stort\s+)?behov\s+for|"
                  r"^\W*(om\s+)?behovet\s+for", re.IGNORECASE)
ACT_CLAUSE = re.compile(
    r"\b(skal|bør|igangsættes|iværksættes|foretages|udarbejdes|etableres|gennemføres|udbredes|tydeliggøres|"
    r"følges|tilsluttes|konkurrenceudsættes|konsolideres|omprioriterer|omprioriteres|overtager|udvikler|"
    r"fokuserer|afdækkes|analyseres|evalueres|drøftes|aftales|nedsættes|inddrages|gøres\s+tilgængelige|"
    r"stilles|har\s+taget|realiseres|fremover|implementere\w*)\b",
    re.IGNORECASE,
)
AMOUNT_TARGET = re.compile(r"\bkan\b(\s+\w+){0,6}?\s+(frigøres|frigøre|frigive|nedbringes|nedbringe|reduceres)\b",
                           re.IGNORECASE)
VIEW_MODAL = re.compile(r"\bvil\s+(kunne|være|bidrage|give|medføre|indebære|skabe)\b", re.IGNORECASE)


def action_of(text: str, kind: CommitmentType, marker_end: int) -> bool:
    """True when the unit binds someone to act later; false for views, facts, frames the agreement fixes."""
    if kind == CommitmentType.ACKNOWLEDGMENT:
        return False
    rest = text[marker_end:]
    if NEED.match(rest):
        return bool(re.search(r",?\s+og\s+at\b[^.]*\bskal\b", rest))
    if re.search(r"\bforudsætning\b", rest[:80], re.IGNORECASE) and not re.search(r"\bskal\b", rest[:60]):
        return False
    if AMOUNT_TARGET.search(rest):
        return True
    infinitive = re.match(
        r"^[\s,]*(?:\w+\s+){0,3}?(?:at\s+)((?:i\s+fællesskab\s+|fortsat\s+|løbende\s+|hver\s+især\s+|aktivt\s+|"
        r"derfor\s+|også\s+)*)(\w+)",
        rest,
        re.IGNORECASE,
    )
    if re.match(r"^[\s,]*(om|i)?\s*,?\s*at\s+(der|det|de|den|kommunerne|kommuner|regeringen|KL|parterne|\w+en|\w+erne)\b",
                rest, re.IGNORECASE):
        clause = rest
        if VIEW_MODAL.search(clause) and not re.search(r"\bskal\b", clause):
            return False
        if re.search(r"\bkan\b", clause) and not ACT_CLAUSE.search(clause):
            return False
        return bool(ACT_CLAUSE.search(clause) or re.search(r"\bvil\b", clause))
    if infinitive:
        verb = infinitive.group(2)
        if FIXED_VERBS.match(verb) or verb.casefold() in ("udgør", "udgøre"):
            return not FUNDS.search(rest)
        return True
    if re.search(r"\b(tilkendegiver|videreføres|fastfrys)", text, re.IGNORECASE) and re.search(
        r"\bvidereføres\b", text, re.IGNORECASE
    ):
        return False
    if kind == CommitmentType.PLEDGE:
        return True
    if re.search(r"\baftalte\b|\baftalt\b|\bvar\b[^.]*\benighed\b", text, re.IGNORECASE):
        return bool(re.search(r"\baftalte\b[^.]*\bat\s+\w+e\b", text, re.IGNORECASE))
    if re.match(r"^\s*(om\s+)?(en|et|de|den|det)\b", rest, re.IGNORECASE):
        # `enige om en ny … indsats` / `enige om en række nye initiativer`: agreeing to a thing to be done
        return not FUNDS.search(rest[:120]) and not re.search(r"\b(konsekvenser|ramme)", rest, re.I)
    if VIEW_MODAL.search(rest):
        return False
    return bool(re.search(r"\b(vil|skal|drøfter|gennemfører|igangsætter|følger|undersøger|samarbejde)\b", text,
                          re.IGNORECASE))


# --- lead-ins ---------------------------------------------------------------------------------------

BARE_LEAD_IN = re.compile(
    r"(enige\s+om|enighed\s+om|aftalt|vil)\W*(?:\s*(?:følgende|at|på|området|tiltag|initiativer|konkrete|en|række|"
    r"nedenstående|punkter|temaer|bl\.a\.|blandt|andet|det|der|videre|i|fællesskab|fortsat|\w+\s+tiltag))*\s*:\s*$",
    re.IGNORECASE,
)


def is_bare_lead_in(sentence: str) -> bool:
    """`Regeringen og KL er enige om følgende:` introduces a list and says nothing itself."""
    return bool(BARE_LEAD_IN.search(sentence))
