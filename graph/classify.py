"""Is a sentence a commitment unit, and of which type, by whom, binding an act? Rules of the guide.

spec/commitments.md names the markers (`enige om`, `Der er enighed`, `Regeringen vil`,
`KL tager til efterretning` …) and the hard cases (agentless passives, recaps,
joint ambitions, present tense with future meaning, lead-ins). Each rule below is one
of those, written for Danish in general, never for a particular sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.models import CommitmentType

# --- actors -----------------------------------------------------------------------------------------

REGERINGEN = "Regeringen"
KL = "KL"
DANSKE_REGIONER = "Danske Regioner"
PARTERNE = "parterne"  # placeholder resolved to the section's actors
ALL_PUBLIC = "de fællesoffentlige parter"  # state, municipalities and regions: expanded in actor_runs

_ORG = (  # case-sensitive inside the case-blind ACTOR: `Ankestyrelsen`, not `området`
    r"(?-i:(?:[A-ZÆØÅ][\wæøå]*-\s+og\s+[\wæøå]*|[A-ZÆØÅ][\wæøå]{2,})"  # not `Bestyrelsen` (a board)
    r"(?:ministeriet|styrelsen|enheden|agenturet|direktoratet)\b|Udbetaling\s+Danmark\b)"
)
ACTOR = re.compile(
    r"\b(?P<name>regeringen|regering|KL|Danske\s+Regioner|parterne|de\s+fællesoffentlige\s+parter|kommunerne|regionerne|"
    r"den\s+enkelte\s+kommune|" + _ORG + r")(?![\wæøå’'])",
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
    if folded == "de fællesoffentlige parter":
        return ALL_PUBLIC
    return re.sub(r"\s+", " ", name)


@dataclass(frozen=True)
class ActorRun:
    """Coordinated actors (`regeringen, KL og Danske Regioner`), with where they stand."""

    start: int
    end: int
    names: tuple[str, ...]


def actor_runs(text: str) -> list[ActorRun]:
    """Every run of coordinated actors in a sentence."""
    return list(_actor_runs(text))


@lru_cache(maxsize=1 << 16)  # a document's sentences: its sections are read before its units
def _actor_runs(text: str) -> tuple[ActorRun, ...]:
    """Cached: `judge` asks for the runs of the same sentence once per marker and actor (6 times a sentence)."""
    runs: list[ActorRun] = []
    matches = list(ACTOR.finditer(text))
    for match in matches:
        actor = normalise_actor(match.group("name"))
        names: tuple[str, ...] = (REGERINGEN, KL, DANSKE_REGIONER) if actor == ALL_PUBLIC else (actor,)
        if runs and JOINER.match(text[runs[-1].end : match.start()]):
            last = runs[-1]
            runs[-1] = ActorRun(last.start, match.end(), last.names + names)
        else:
            runs.append(ActorRun(match.start(), match.end(), names))
    return tuple(runs)


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
    r"tilkendegiver|ønsker)\b",
    re.IGNORECASE,
)
# One party in the present tense with future meaning (`Regeringen udarbejder et oplæg`).
PRESENT_ACTS = re.compile(
    r"^(udarbejder|igangsætter|iværksætter|fremsætter|gennemfører|nedsætter|præsenterer|lancerer|"
    r"inviterer|udsender|udsteder|stiller|tager\s+initiativ|indkalder|etablerer|offentliggør|opretter|afsætter|"
    r"bidrager\s+til\s+(?:udvikling|udarbejdelse|etablering|gennemførelse|implementering)\w*)\b",
    re.IGNORECASE,
)
JOINT_PRESENT = re.compile(
    r"^(vil|skal|ønsker|aftalte|aftaler|mødes|ser\s+på|drøfter|følger|gennemfører|igangsætter|iværksætter|"
    r"udarbejder|samarbejder|arbejder|undersøger|evaluerer|fortsætter|sætter|tager|udvikler|analyserer|"
    r"etablerer|nedsætter|afdækker|understøtter|sikrer|præsenterer|lancerer|inviterer|afholder|holder|"
    r"indgår|forpligter|noterer|konstaterer|udbreder|afrapporterer|opdaterer|indkalder|gør\s+status|bidrager)\b",
    re.IGNORECASE,
)
DESCRIPTIVE_FUTURE = re.compile(
    r"^vil(\s+\S+){0,5}?\s+(være|have|spille|kunne|få|blive|opleve|stå|udgøre|medføre|indebære|skulle)\b",
    re.IGNORECASE,
)
ACK = re.compile(
    r"\b(tager\b[^.]{0,60}?\btil\s+efterretning|noterer\s+sig|konstaterer|anerkender\s+begge)\b",
    re.IGNORECASE,
)
# Inverted order: `I den forbindelse noterer parterne sig, at …`, `… tager KL dette til efterretning`.
ACK_INVERTED = re.compile(
    r"\b(noterer|konstaterer|tager)\s+(?P<who>parterne|regeringen(\s+og\s+KL)?|KL|de\s+fællesoffentlige\s+parter)"
    r"(\s+sig|\b(?=[^.]{0,60}\btil\s+efterretning))",
    re.IGNORECASE,
)
ENIGE = re.compile(r"\benige\s+(om|i)\b|\benige\b(?=\s*[,:]?\s*$)", re.IGNORECASE)
ENIGHED = re.compile(r"\benighed\b(?!\s+om\s+en\s+model)", re.IGNORECASE)
AFTALT = re.compile(
    r"\b(er|blev|var|har)\b(?:\s+\w+){0,6}?\s+aftalt\b|\baftalt\b(?=\s+(at|mellem|med))|"
    r"\baftalte\s+(parterne|regeringen)\b|(parterne|regeringen\s+og\s+KL|KL)\s+aftalte\b|"
    # `Regeringen og KL besluttede i forbindelse med Aftale om kommunernes økonomi for 2020 at …`: a decision
    # the parties took in an economy agreement, recapped like `aftalte`
    r"(parterne|regeringen\s+og\s+KL)\s+besluttede\b(?=[^.]*?\b(?:økonomi|ØA\d{2})\b)",
    re.IGNORECASE,
)
# `Der er med Aftale om reform af … enighed om …`: an agreement named as where the enighed was reached,
# and not an economy agreement, recaps an agreement with other parties (the guide: not a unit)
OTHER_AGREEMENT = re.compile(
    r"\bmed\s+(?:den\s+)?(?:politiske\s+)?aftalen?\s+(?!om\s+(?:kommunernes|regionernes)\s+økonomi)(?:om|fra|af)\b",
    re.IGNORECASE,
)
AMBITION = re.compile(
    r"\b(det|der)\s+er\s+(\w+\s+){0,2}fælles\s+(ambition|målsætning|mål)\b|"
    r"\bhar\s+(\w+\s+){0,2}fælles\s+(ambition|målsætning|mål)\b|"
    r"\b(det|der)\s+er\s+en\s+(\w+\s+)?prioritering\s+for\s+regeringen\s+og\s+KL\b",
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
    r"\b(i|inden|senest|til)\s+(efteråret|foråret|sommeren|løbet\s+af|forbindelse|\d{4})|"
    r"\bligeledes\b|\bherom\b|\bheraf\b|,\s+når\b",
    re.IGNORECASE,
)
PASSIVE_AGENT = re.compile(
    r"(?:\b\w{3,}es\b|\b(?:blive|bliver|blevet)\s+(?:\w+\s+)?\w{3,}(?:et|t)\b)(?:\s+\w+){0,3}?\s+"
    r"(?:i\s+samarbejde\s+)?(mellem|af)\s+(?=(parterne|regeringen|KL|"
    r"[A-ZÆØÅ][\wæøå]*-\s+og\s+[A-ZÆØÅ]|[A-ZÆØÅ][\wæøå]*ministeriet))",
    re.IGNORECASE,
)
REPORTED = re.compile(r"\b(har|havde)\s+(\w+\s+){0,3}(tilkendegivet|nedsat|igangsat|gennemført|besluttet)\b")
# `Det er regeringens ambition …`: the government's own goal, not a pledge and not a joint ambition.
GOVERNMENT_AMBITION = re.compile(
    r"\b(det\s+er|det\s+var)\s+(\w+\s+)?regeringens\s+(ambition|mål|målsætning)\b|"
    r"\bregeringens\s+(ambition|mål|målsætning)\s+er\b|\bregeringen\s+har\s+som\s+(ambition|mål)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Judgement:
    """What the rules say of one sentence."""

    type: CommitmentType
    parties: tuple[str, ...]  # may hold PARTERNE, resolved by the caller
    action: bool
    marker: str  # the words that made it a unit, for debugging and tests


CLAUSE_OPENER = re.compile(r"(,\s+(mens|ligesom|men|og|hvorfor|samtidig\s+med\s+at)\s+|;\s+|:\s+)")
NOT_SUBJECT_BETWEEN = re.compile(r"\bat\b|,\s*(som|der|hvor|hvis|når)\b|^\s*(som|der)\b", re.IGNORECASE)
# Before an actor: a preposition or conjunction makes it no subject (`samarbejde med KL`, `at KL …`).
NOT_SUBJECT_HEAD = re.compile(
    r"\b(med|for|til|af|mellem|hos|fra|om|over|end|ved|i|på|under|i\s+samarbejde\s+med|sammen\s+med|"
    r"at|som|der|hvor|når|hvis|fordi|inddrage|invitere)\s*$",
    re.IGNORECASE,
)
VERB_AFTER_ACTOR = re.compile(
    r"[\s,]+(?:(?:derfor|også|endvidere|desuden|samtidig|fortsat|ligeledes|løbende|i\s+fællesskab|"
    r"dertil|derudover|hertil|konkret|endelig|begge|selv)\s+)*(.+)",
    re.IGNORECASE,
)
INVERTED_VERB = re.compile(
    r"\b(vil|skal|ønsker|udarbejder|drøfter|gennemfører|igangsætter|stiller|følger|arbejder|"
    r"samarbejder|undersøger|tilkendegiver|påtænker|forpligter|iværksætter|fremsætter|præsenterer|fortsætter|"
    r"sætter|bidrager)\s*$",
    re.IGNORECASE,
)
HAR_AT_END = re.compile(r"\bhar\s*$", re.IGNORECASE)
TIL_HENSIGT = re.compile(r"\s+til\s+hensigt\b", re.IGNORECASE)
COORDINATED_VIL = re.compile(r"(har|er)\b[^.;]*?,?\s+og\s+vil\s+(?!blive\b)", re.IGNORECASE)
WILL_BECOME = re.compile(r"(vil|skal)\s+blive\b", re.IGNORECASE)
HAR_EXCEPTIONS = re.compile(r"har\s+til\s+hensigt|har\s+en\s+fælles", re.I)
HAR_EN_FAELLES = re.compile(r"har\s+en\s+fælles", re.I)
JOINT_VIEW = re.compile(r"(anerkender|støtter|bakker|opfordrer|forventer|oplever|står|ligger)\b", re.I)
VERB_WORDS = re.compile(r"\S+(\s+(sig|til\s+hensigt|indstillet\s+på|en\s+fælles))?")


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause holding position `pos` (after `, mens`, `, ligesom`, `; `, `, og`)."""
    best = 0
    for match in CLAUSE_OPENER.finditer(text, 0, pos):  # within the prefix, without copying it
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
    if NOT_SUBJECT_BETWEEN.search(between):
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


def _two_sides(names: tuple[str, ...]) -> bool:
    """Joint in the guide's sense: the state side (government, a ministry, an agency) with KL or the
    regions. `Sundhedsstyrelsen og Socialstyrelsen vil …` is one side committing: a pledge."""
    if PARTERNE in names:
        return True
    local = {KL, DANSKE_REGIONER}
    return any(n in local for n in names) and any(n not in local for n in names)


def judge(sentence: str) -> Judgement | None:
    """The unit reading of one sentence, or None when it is not a commitment unit."""
    text = sentence.strip()
    parts: list[tuple[CommitmentType, tuple[str, ...], int, str]] = []

    for match in ACK.finditer(text):
        subject = _subject_before(text, match.start())
        if subject and not _others_named(text, subject.start, match.end()):
            parts.append((CommitmentType.ACKNOWLEDGMENT, subject.names, match.end(), "ack"))

    if not parts:
        for match in ACK_INVERTED.finditer(text):
            runs = [run for run in actor_runs(text) if run.start >= match.start("who")]
            if runs and not _others_named(text, match.start(), match.end()):
                parts.append((CommitmentType.ACKNOWLEDGMENT, runs[0].names, match.end(), "ack"))
                break

    for match in ENIGE.finditer(text):
        subject = _subject_before(text, match.start())
        if subject is None:
            subject = _inverted_subject(text, match.start())
        if subject is None:
            continue
        if _others_named(text, max(0, subject.start - 40), match.end()):
            continue
        parts.append((CommitmentType.AGREEMENT, subject.names, match.end(), "enige"))

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
            head = text[_clause_start(text, match.start()) : match.start()]
            if not between and OTHER_AGREEMENT.search(head):
                continue  # `Der er med Aftale om reform af … udligningssystem … enighed om`: that agreement's parties
            om = re.match(r"(\s+mellem\s+.+?)?\s+om\b", text[match.end() :])
            end = match.end() + (om.end() if om else 0)
            recap = re.search(r"\bvar\b", head)
            parts.append((CommitmentType.AGREEMENT, names, end, "recap" if recap else "enige"))
            break

    if not parts:
        for match in AFTALT.finditer(text):
            if re.search(r"\bsom\s+aftalt\b|\b(den|det|de)\s+(allerede\s+)?aftalte\b", text[max(0, match.start() - 20) : match.end()], re.IGNORECASE):
                continue
            window = text[max(0, _clause_start(text, match.start())) : match.end() + 60]
            if OTHERS.search(window):
                continue
            subject = _subject_before(text, match.end()) or _subject_after_verb(text, match.end())
            if subject is not None and not _joint(subject.names):
                continue  # `Regeringen har med … aftalt`: an agreement the government made with others
            names = subject.names if subject else (PARTERNE,)
            past = re.search(r"\b(aftalte|besluttede|blev|var|(19|20)\d{2})\b", match.group(0), re.IGNORECASE)
            parts.append((CommitmentType.AGREEMENT, names, match.end(), "recap" if past else "enige"))
            break

    if not parts:
        for match in AMBITION.finditer(text):
            if GOVERNMENT_AMBITION.search(text):
                break
            subject = _subject_before(text, match.start())
            names = subject.names if subject and _joint(subject.names) else (PARTERNE,)
            if re.search(r"\bfor\s+regeringen\s+og\s+KL\b", match.group(0), re.IGNORECASE):
                names = (REGERINGEN, KL)
            parts.append((CommitmentType.AGREEMENT, names, match.end(), "ambition"))
            break

    # subject + verb: `Regeringen og KL vil …`, `Parterne drøfter …`, `KL vil …`, `Regeringen udarbejder …`
    for run in actor_runs(text):
        if _others_named(text, run.start, run.end):
            continue
        clause = _clause_start(text, run.start)
        head = text[clause : run.start]
        if NOT_SUBJECT_HEAD.search(head):
            continue
        rest = text[run.end :]
        verb = VERB_AFTER_ACTOR.match(rest)
        if not verb:
            continue
        tail = verb.group(1)
        inverted_verb = INVERTED_VERB.search(head)
        if HAR_AT_END.search(head) and TIL_HENSIGT.match(rest):
            tail = "har til hensigt" + rest[len(re.match(r"\s+til\s+hensigt", rest).group(0)) :]
            parts.append((CommitmentType.PLEDGE, run.names, run.end, "verb")) if not _joint(run.names) else None
            continue
        coordinated = COORDINATED_VIL.match(tail)
        if coordinated and not inverted_verb:  # `Regeringen har igangsat …, og vil fremlægge forslag`
            tail = "vil " + tail[coordinated.end() :]
        joint = _two_sides(run.names)
        kind: CommitmentType | None = None
        tail_start = run.end + verb.start(1)
        if inverted_verb:
            tail = inverted_verb.group(1) + " " + tail
            tail_start = run.end - len(inverted_verb.group(1)) - 1
        if WILL_BECOME.match(tail) or REPORTED.match(tail):
            continue
        if NOT_UNIT_VERBS.match(tail) and not HAR_EXCEPTIONS.match(tail):
            continue
        if joint and (JOINT_PRESENT.match(tail) or HAR_EN_FAELLES.match(tail)):
            if JOINT_VIEW.match(tail):
                continue
            kind = CommitmentType.AGREEMENT
        elif not joint and (PLEDGE_VERBS.match(tail) or PRESENT_ACTS.match(tail)):
            literal = text[run.start : run.end].casefold()
            if literal not in ("regeringen", "kl") and DESCRIPTIVE_FUTURE.match(tail):
                continue  # `Kommunerne vil i det nye system spille en nøglerolle` describes, it does not pledge
            kind = CommitmentType.PLEDGE
        if kind is None:
            continue
        if any(end > run.start and end <= run.end + 40 for _, _, end, _ in parts):
            continue
        if any(end <= run.start and clause <= end for _, _, end, _ in parts):
            continue  # an actor inside what was agreed (`enige om, at Ankestyrelsen vil …`) is content
        verb_end = VERB_WORDS.match(tail)
        end = run.end if inverted_verb else tail_start + (verb_end.end() if verb_end else 0)
        parts.append((kind, run.names, end, "verb"))

    if not parts:
        passive = _passive_unit(text)
        if passive:
            parts.append(passive)

    if not parts:
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
        if _two_sides(tuple(names)):  # `Regeringen vil …, mens kommunerne forpligter sig …`
            kind = CommitmentType.AGREEMENT
    first = min(parts, key=lambda part: part[2])
    action = any(action_of(text, part_kind, end, marker) for part_kind, _, end, marker in parts)
    return Judgement(kind, tuple(names), action, first[3])


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
                return (CommitmentType.AGREEMENT, names, agent.end(), "passive")
    negotiation = NEGOTIATION_PASSIVE.search(text)
    if negotiation and re.match(r"^(Der|Det)\s+nedsættes\b", text) is None:
        if NEGOTIATION.search(text) or TIME_WORD.search(text):
            return (CommitmentType.AGREEMENT, (PARTERNE,), negotiation.end(), "passive")
    return None


# --- action -------------------------------------------------------------------------------------------

# Verbs by which the agreement itself fixes an amount, frame or fund (action false when money is named).
FIXED_VERBS = re.compile(
    r"^(løfte|afsætte|forhøje|kompensere|videreføre|tilføre|udmønte|bekræfte|fastholde|forlænge|tilbageføre|"
    r"fastsætte|hæve|fordele|finansiere|tilbagebetale|omlægge)$",
    re.IGNORECASE,
)
# `prioritere 40 mio. kr. i 2023 …`, `styrke sundheds-it med 105,3 mio. kr.`, `sikre … ved at afsætte 109,6 mio. kr.`:
# money the agreement itself puts somewhere, named as an amount
AMOUNT_KR = r"[\d,.]+\s+(?:mia|mio)\.\s*kr"
ALLOCATED = re.compile(
    rf"^[^.;]{{0,40}}?\bat\s+(?:(?:fortsat|derfor|også|samlet)\s+)?prioritere\s+{AMOUNT_KR}|"
    rf"^[^.;]{{0,40}}?\bat\s+(?:(?:fortsat|derfor|også)\s+)?(?:styrke|løfte|øge)\s+[^.;]{{0,60}}?\bmed\s+{AMOUNT_KR}|"
    rf"\bved\s+at\s+(?:afsætte|tilføre|forhøje|prioritere)\s+(?:\w+\s+){{0,2}}?{AMOUNT_KR}",
    re.IGNORECASE,
)
FUNDS = re.compile(
    r"\b(mia\.|mio\.|kr\.|tilskud\w*|bevilling\w*|pulje\w*|\w*fond\b|\w*fonden\b|midl\w*|finansiering\w*|"
    r"medfinansiering\w*|økonomiske\s+ramme\w*|ramme\s+på|rammen\s+på|konsekvenser|kompensation\w*)",
    re.IGNORECASE,
)
NEED = re.compile(r"^[\s,]*(at\s+)?der\s+([\wæøå]+\s+){0,4}?(er|fortsat\s+er|er\s+fortsat)\s+(et\s+)?([\wæøå]+\s+)?"
                  r"behov\s+for|^[\s,]*(om\s+)?behovet\s+for", re.IGNORECASE)
# `enige om vigtigheden af, at …`: a view of what matters, like `enige om, at der er behov for …`
IMPORTANCE = re.compile(r"^\s*(vigtigheden|væsentligheden|betydningen|nødvendigheden)\s+af\b", re.IGNORECASE)
VIEW_BEFORE_AT = re.compile(r"\b(vigtigheden|væsentligheden|betydningen|nødvendigheden|behovet)\s+(af|for)\s*$",
                            re.IGNORECASE)
VIEW_OF = re.compile(r"\b(vigtigheden|væsentligheden|betydningen|nødvendigheden)\s+af\s+at\b", re.IGNORECASE)
NOT_VERB_AFTER_AT = {
    "der", "det", "de", "den", "dette", "disse", "denne", "en", "et", "man", "vi", "alle", "nogle", "flere",
    "kommunerne", "kommuner", "regionerne", "regeringen", "kl", "parterne", "staten", "hver", "ingen", "mange",
    "både", "samme", "hele", "andre", "større", "mere", "øget", "nye", "fremtidige", "eventuelle", "relevante",
    "kommunale", "offentlige", "statslige", "regionale", "nuværende", "kommende", "eksisterende", "særlige",
    "store", "gode", "øvrige", "enkelte", "samlede", "konkrete", "fælles", "danske", "lokale", "nationale",
    "mindre", "bedre", "første", "sidste", "hidtidige", "tidligere", "yderligere", "videre", "højere", "lavere",
    "færre", "stærkere", "tættere", "længere", "senere",
}  # fmt: skip
COMMON_INFINITIVES = {
    "følge", "igangsætte", "iværksætte", "arbejde", "drøfte", "gennemføre", "styrke", "understøtte", "sikre",
    "udarbejde", "etablere", "nedsætte", "undersøge", "analysere", "afdække", "udvikle", "fortsætte", "fremme",
    "evaluere", "udbrede", "samarbejde", "prioritere", "implementere", "se", "gå", "indgå", "afklare", "belyse",
}  # fmt: skip
SHORT_INFINITIVES = {"gå", "se", "nå", "få", "stå", "dø", "slå", "bo", "tro", "forstå", "indgå", "opnå", "sikre"}
INFINITIVE_ADVERBS = re.compile(
    r"^((i\s+fællesskab|fortsat|løbende|hver\s+især|aktivt|derfor|også|samlet|yderligere|snarest|"
    r"hurtigst\s+muligt|tæt|nærmere|fremadrettet|fremover|at)\s+)*",
    re.IGNORECASE,
)
DESCRIPTIVE_MODAL = re.compile(r"\bvil\s+([\wæøå]+\s+){0,2}?(kunne|være|bidrage|give|frigøre|medføre|indebære|skabe|"
                               r"betyde|gøre\s+det)\b", re.IGNORECASE)
PASSIVE_ACT = re.compile(r"\b[\wæøå]{3,}(es)\b", re.IGNORECASE)
NOT_PASSIVE = {"synes", "findes", "mindes", "kaldes", "lykkes", "des", "ses", "menes", "anses", "betragtes",
               "forventes", "vurderes", "skønnes", "anvendes", "bruges", "opleves", "udgøres", "fælles",
               "overholdes", "målrettes", "deres"}  # fmt: skip
# Passives by which the agreement itself allocates money: with an amount named they state a fixed frame.
ALLOCATING_PASSIVE = re.compile(
    r"\b(prioriteres|forhøjes|afsættes|tilføres|fordeles|videreføres|kompenseres|hæves|udmøntes|finansieres|"
    r"tilbageføres|overføres|fastsættes|løftes|udbetales)\b",
    re.IGNORECASE,
)
SUBJECT_PRESENT = re.compile(
    r"\b(kommunerne|kommuner|KL|staten|regeringen|parterne|regionerne|[A-ZÆØÅ][\wæøå]*(ministeriet|styrelsen))\s+"
    r"(([\wæøå]+)\s+){0,2}?(?P<verb>[\wæøå]{3,}er)\b",
    re.IGNORECASE,
)
NOT_ACT_PRESENT = {"har", "er", "udgør", "ligger", "kræver", "nødvendiggør", "oplever", "står", "bidrager", "der",
                   "forudsætter", "indebærer", "dækker", "giver", "sikrer", "skaber", "viser", "spiller", "går",
                   "under", "over", "efter", "eller", "her", "mere", "flere", "andre", "hver", "ender"}  # fmt: skip


JOINT_GOAL = re.compile(r"^(det|der)\s+er\s+(en\s+|et\s+)?(\w+\s+)?(fælles\s+|national\s+)?(ambition(en)?|målsætning(en)?|mål(et)?)"
                        r"\s*,?\s+(at|om)\b", re.IGNORECASE)
# `at parterne har en fælles opgave med at følge op på resultaterne`: a task the parties share is theirs to do
JOINT_TASK = re.compile(r"^[^,]*\bhar\s+en\s+fælles\s+(opgave|forpligtelse)\s+(med|i)\s+at\s+[\wæøå]+e\b", re.IGNORECASE)
# `de afholdes inden for eksisterende rammer`: who pays, a principle, not an act
WITHIN_FRAME = re.compile(r"\b\w+es\s+inden\s+for\s+(de\s+)?(eksisterende|nuværende|gældende)\s+(økonomiske\s+)?rammer\b",
                          re.IGNORECASE)
INTERPRETING = re.compile(r"\b(skal|bør)\s+(ses|forstås|betragtes|anskues|vurderes)\s+(i\s+lyset|som|på\s+baggrund)\b",
                          re.IGNORECASE)
PURPOSE = re.compile(r"\b(med\s+henblik\s+på|for\s+at\s+sikre|så\s+det\s+sikres)\b", re.IGNORECASE)


PRESENT_WORK = re.compile(r"\b(ser\s+på|undersøger|gennemgår|analyserer|kortlægger|afdækker|belyser|udarbejder|drøfter|"
                          r"overgår|overtager|udkommer)\b", re.IGNORECASE)
# `enige om, at større frihed … går hånd i hånd med, at der sættes en retning`: how two things relate, a view
RELATION_VIEW = re.compile(r"^[^,]*\b(går\s+hånd\s+i\s+hånd\s+med|hænger\s+(?:tæt\s+)?sammen\s+med)\b", re.IGNORECASE)
SETTLED_REGULATION = re.compile(r"\bforetages\s+en\s+(midtvejs|efter)regulering\b[^.]{0,60}?\bpå\s+[-–]?[\d,.]+\s+(mia|mio)\.",
                                re.IGNORECASE)
REALISE_TARGET = re.compile(r"\b(kan|skal)\s+(\S+\s+){0,3}?(nedbringes|frigøres|reduceres|realiseres)\s+med\s+[\d,.]+\s+(mia|mio)\.",
                            re.IGNORECASE)
REALISE = re.compile(
    r"\b(nedbringes|frigøres|reduceres|realiseres|effektiviseres|spares)\s+(med\s+)?(op\s+til\s+|i\s+alt\s+)?"
    r"[\d,.]+\s+(mia|mio)\.\s+kr\.",
    re.IGNORECASE,
)


def _infinitive(rest: str) -> str | None:
    """The verb of `enige om (i fællesskab) at igangsætte …` (no comma before `at`), else None."""
    match = re.match(r"^(?P<pre>[^.;]{0,90}?)\bat\s+(?P<after>.*)$", rest, re.IGNORECASE | re.S)
    if match is None or re.search(r"\bat\b|\w,", match.group("pre")):
        bare = re.match(r"^\s+([\wæøå]+e)\b", rest)  # `enige om skabe` (sic)
        if bare and bare.group(1).casefold() not in NOT_VERB_AFTER_AT:
            return bare.group(1)
        return None
    after = INFINITIVE_ADVERBS.sub("", match.group("after"))
    word = re.match(r"([\wæøå]+)", after)
    if word is None:
        return None
    verb = word.group(1)
    if verb.casefold() in NOT_VERB_AFTER_AT or verb[0].isupper():
        return None
    if VIEW_BEFORE_AT.search(match.group("pre")):
        return None  # `enige om … og vigtigheden af at udvikle …`: the infinitive hangs off a view
    if "," in match.group("pre") and verb.casefold() not in COMMON_INFINITIVES:
        return None  # `enige om, at borgere …`: after a comma `at` opens a clause unless a verb follows
    if verb.endswith("e") or verb.casefold() in SHORT_INFINITIVES:
        return verb
    return None


def _clause_acts(clause: str) -> bool:
    """An `at`-clause (`enige om, at kommunerne skal …`) binds when it puts an act on someone."""
    if JOINT_GOAL.match(clause) or JOINT_TASK.search(clause):
        return True  # `enige om, at det er en fælles ambition at reducere …`: read as binding, like the marker
    if RELATION_VIEW.match(clause):
        return False
    if SETTLED_REGULATION.search(clause) and not NEGOTIATION.search(clause):
        return False  # `der foretages en midtvejsregulering vedrørende 2023 på 5,0 mia. kr.`: settled by this agreement
    if NEED.match(clause):
        return bool(re.search(r",?\s+og\s+at\b[^.]*\b(skal|bør)\b", clause))
    if re.search(r"\bkan\b(\s+\S+){0,6}?\s+(frigøres|frigøre|frigive|nedbringes|nedbringe|reduceres)\b", clause,
                 re.IGNORECASE):  # an amount the municipalities are to realise; without one, a permission
        return bool(re.search(r"\d[\d,.]*\s+(mia|mio)\.", clause))
    if re.search(r"\bskal\s+have\s+mulighed\b", clause) and not re.search(r"\b(skal|bør)\b(?!\s+have)", clause):
        return False  # a permission: `nogle kommuner skal have mulighed for at hæve skatten`
    main = re.sub(r",\s*(som|der|hvor)\b[^,]*", "", clause)  # a modal in a relative clause binds nobody
    if re.match(r"^[^,]*\bkan\s+(?!frigøre|nedbringe|reducere)\w+", main) and not re.search(
        r"\b(skal|bør)\b", main
    ):
        return False  # `kommunerne kan anvende …`: a permission, no act is owed
    # `skal ses i lyset af den særlige situation` says how a figure is to be read: a view, no act is owed
    if re.search(r"\b(skal|bør)\b", main) and not INTERPRETING.search(main):
        return True
    if re.search(r"\bvil\b", main) and not DESCRIPTIVE_MODAL.search(main):
        return True
    if re.match(r"^(det|der)\s+(?:[^,.]{0,120}?\s)?er\s+(en\s+)?(central\s+|væsentlig\s+|afgørende\s+|økonomisk\s+)?(forudsætning|"
                r"afgørende|vigtigt|væsentligt|nødvendigt|fordelagtigt|hensigtsmæssigt)\b|^en\s+(\w+\s+)?forudsætning\b",
                clause, re.IGNORECASE):
        return bool(re.search(r"\b(skal|bør)\b", clause.split(",", 1)[0]))
    # the allocating passive of the clause itself, not of one it embeds (`der meddeles en dispensation til,
    # at rammen forhøjes til 225 kr.`: granting the dispensation is the act)
    own = re.split(r",\s*at\b", clause, maxsplit=1)[0]
    if ALLOCATING_PASSIVE.search(own) and FUNDS.search(clause):
        return False
    # a passive that says where a task is best placed (`forankres bedst i kommunerne`) is a view; one in
    # a purpose clause (`med henblik på, at ambitionerne kan tages ned`) is what the act serves, not the act
    acting = WITHIN_FRAME.sub(" ", PURPOSE.split(clause, maxsplit=1)[0])
    if re.search(PRESENT_WORK, acting):
        return True  # `at samarbejdsprogrammet indledningsvist ser på spor 1`: present tense of a work still to do
    for match in PASSIVE_ACT.finditer(acting):
        word = match.group(0).casefold()
        if word in NOT_PASSIVE or word.endswith("nes"):  # `kommunernes` is a genitive, not a passive
            continue
        if not re.match(r"\s+bedst\b", acting[match.end() :]):
            return True
    for match in SUBJECT_PRESENT.finditer(acting):
        if match.group("verb").casefold() not in NOT_ACT_PRESENT:
            return True
    # `at der inden udgangen af 2019 er udarbejdet planer`: a state to be reached by a date
    return bool(re.search(r"\b(inden(?!\s+for\b)|senest)\b", clause)
                and re.search(r"\b(har|er)\s+[\wæøå]+(et|t)\b", clause))


def action_of(text: str, kind: CommitmentType, marker_end: int, marker: str = "enige") -> bool:
    """True when the unit binds someone to act later; false for views, facts, frames the agreement fixes."""
    if kind == CommitmentType.ACKNOWLEDGMENT or marker == "ack":
        # taking note binds nobody, except of an amount the municipalities are to realise
        return bool(REALISE.search(text[marker_end:]))
    if marker == "passive":
        return True
    rest = text[marker_end:]
    if marker == "ambition":
        return True  # a joint ambition is read as binding, whatever its predicate (`er emissionsfri i 2030`)
    if marker == "recap":  # the action of what it recaps: an act to do, or an amount to realise
        if re.search(r"\b(aftalte?|besluttede)\b\s+(?:[^.,]*?\s)?at\s+[\wæøå]+e\b", text, re.IGNORECASE):
            return True
        recapped = re.search(r"\baftalte?\b[^.]*?,\s*at\s+(.*)$", text, re.IGNORECASE | re.S)
        return bool(recapped and REALISE_TARGET.search(recapped.group(1)))
    if marker == "verb":
        if DESCRIPTIVE_MODAL.match("vil" + rest) and re.match(r"^\s+([\wæøå]+\s+){0,2}?(kunne|være)\b", rest):
            return False
        if re.search(r"\bvidereføres\b", rest, re.IGNORECASE):
            return False  # a pledge to continue a rule as it is
        if re.search(r"\bafsætter$", text[:marker_end], re.IGNORECASE):
            return False  # `Regeringen afsætter en økonomisk ramme på 100 mio. kr.`: a fund the agreement fixes
        return True
    if IMPORTANCE.match(rest):
        return False
    verb = _infinitive(rest)
    if verb is not None:
        if ALLOCATED.search(rest) and not re.search(r"\bherunder\s+at\b|\bskal\b", rest):
            return False
        if FIXED_VERBS.match(verb):
            return not FUNDS.search(rest) or bool(re.search(r"\bherunder\s+at\b|\bskal\b", rest))
        return True
    clause = re.match(r"^[\s,]*(?:om|i)?[\s,]*at\s+(.*)$", rest, re.IGNORECASE | re.S)
    if clause:
        return _clause_acts(clause.group(1))
    # `enige om en ny … indsats`, `enige om rammerne …, herunder at indgå kontrakter`
    if NEED.match(rest):
        return False
    if VIEW_OF.search(rest.split(",", 1)[0]):
        return False  # `enige om målsætningerne … og vigtigheden af at udvikle …`: what matters, a view
    if re.search(r"\bherunder\s+at\s+[\wæøå]+e\b", rest):
        return True
    # `enige om en række initiativer, der … skal ligge inden for de eksisterende økonomiske rammer`: the frame
    # is said of the initiatives; the object agreed on is the initiatives
    return not FUNDS.search(re.split(r",\s*(?:der|som)\b", rest, maxsplit=1)[0])


# --- lead-ins ---------------------------------------------------------------------------------------

BARE_LEAD_IN = re.compile(
    r"(enige\s+om|enighed\s+om|aftalt|vil)\W*(?:\s*(?:følgende|at|på|området|tiltag|initiativer|konkrete|en|række|"
    r"nedenstående|punkter|temaer|bl\.a\.|blandt|andet|det|der|videre|i|fællesskab|fortsat|\w+\s+tiltag))*\s*:\s*$",
    re.IGNORECASE,
)


def is_bare_lead_in(sentence: str) -> bool:
    """`Regeringen og KL er enige om følgende:` introduces a list and says nothing itself."""
    return bool(BARE_LEAD_IN.search(sentence))
