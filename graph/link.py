"""Follow-up links: which later commitment carries on, reports on or settles which earlier one.

A link points from the later unit to the earlier one and says why:

- **explicit-backward** — the later unit (or the sentences before it in its paragraph) cites the
  earlier agreement (`Med Aftale om kommunernes økonomi for 2023 er det aftalt …`, `sidste års
  aftale`); the earlier unit it follows up is the one in that agreement most like it in subject.
- **explicit-forward** — the earlier unit's deadline names the later agreement (`ØA25`,
  `økonomiforhandlingerne for 2025`) and that agreement has a unit on the same subject.
- **explicit-both** — both hold for the same pair.
- **implicit** — no citation, but the same specific subject (a named working group, programme,
  pool, reform, amount …) in the next agreement of the corpus, named by both units themselves.

Subjects are compared as IDF-weighted sets of lightly stemmed Danish words (Snowball), for the
units' own words and for their contexts (heading, paragraph, the paragraph before), so the shared
rare words are both the evidence and the explanation (`matched`, after the citing or deadline
words). A compound's first five letters (`~inklu` in `inklusionsindsatsen` and `inkluderende`) are
a further, lighter term where they join different words. Words like `indsats`, `styrke`, `borgere`
(`GENERIC_WORDS`) weigh in the similarity but never count as the specific subject a link needs. The
unit a link selects must itself (its text or its sub-heading) contain a shared word: a forward
answer or an implicit pair a rare one (at most `specific_share` of the units use it; an amount alone
does not count), a cited unit any word of weight. A unit that points back (`herom`, `disse`,
`løsningerne`: `ANAPHOR`) counts the sentence before it in its paragraph among its own words: `Der
er enighed om, at alle kommuner og regioner har taget løsningerne i brug …` is about the
`Aftaleoversigt og Fælles Stamkort` that sentence names. A citation and a deadline that agree
(explicit-both) need less similarity (`both`); an implicit link needs `implicit`, or
`implicit_same_area` within one policy area, or `implicit_mutual` when the two units are each
other's best match. A forward answer without a rare shared word is kept when it is the
best and both units' own sentences share two words of weight. All numbers are in
`LinkThresholds`, set by reading the score distributions of the ØA20 → ØA19 development links and
the links they produce on ØA22–ØA24.

Implicit links are fewer and surer than the similarity alone would give:

- the same sub-heading subject in both years adds `heading_weight` × the headings' likeness, and an
  implicit link below a restatement needs it (or three specific words both units name themselves, or
  one and four words of weight both units' own sentences use);
- one subject carried on is one link: proposals are taken restatements first, then best first, and
  each later and each earlier unit takes part in at most one implicit link per agreement pair (an
  earlier unit already answered explicitly from that agreement takes none); a later unit whose best
  match another one took falls back, after all best matches, on one of its next `FALLBACK`
  candidates that passes the same gates and shares two words of weight in both units' own sentences;
- wording a third agreement restates too (`det er en central forudsætning for økonomiaftalen …`, the
  `midtvejsregulering`) is the agreements' yearly frame, not a follow-up, and gets no implicit link;
  a restatement in only two agreements (a grant continued, a pool raised again) is one.

Candidates come from an inverted index: a unit's rarest words found in the other agreement (words
in more than `max_postings` units skipped), summed by weight, and only the best `max_candidates`
scored in full. The work per unit is bounded, so linking grows linearly with the commitments.

"Consecutive" means consecutive *in the corpus*: with ØA21 missing, ØA22's implicit links go to
ØA20. A subject the agreements in between left alone links across them, up to `gap` agreements
back (ØA22's `finansieringsvilkår … KommuneKredit` to ØA19's, ØA20 silent): only for a later unit
with no link into those agreements, to an earlier unit none of them follows up, on the best match
within one policy area at `implicit` likeness or more. A citation or deadline naming an agreement
whose text the corpus lacks gives no link (the status stage reports such a promise as pending).

Last, every kind together: each unit takes part in at most one link per pair of agreements, the
links kept being a maximum-weight matching of the proposals (`_one_per_subject`).
"""

from __future__ import annotations

import copy
import gc
import heapq
import math
import multiprocessing
import multiprocessing.pool
import re
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
from pydantic import Field
from rapidfuzz import fuzz

from graph.clean import BlockKind, clean_document
from graph.corpus import AgreementText
from graph.extract import usable_cpus
from graph.models import (
    Commitment,
    Deadline,
    DeadlineKind,
    Evidence,
    FollowUp,
    Record,
    SourceFormat,
    agreement_id,
    fiscal_year_of,
)
from graph.references import find_references
from graph.segment import split_sentences

# --- thresholds: the one place ------------------------------------------------------------------


class LinkThresholds(Record):
    """Every number that decides whether two units are linked; the CLI exposes each as an option.

    Set from the development links (ØA20 → ØA19) by looking at the score distributions of true and
    false candidate pairs, then rounded; see the module docstring for what the scores mean.
    """

    implicit: float = Field(default=0.42, ge=0.0, le=1.0, description="Least subject similarity for an implicit link.")
    implicit_same_area: float = Field(
        default=0.17, ge=0.0, le=1.0,
        description="Least subject similarity for an implicit link between units of the same policy area.",
    )
    implicit_mutual: float = Field(
        default=0.16, ge=0.0, le=1.0,
        description="Least similarity for an implicit link within one area when each unit is the other's best match.",
    )
    explicit: float = Field(
        default=0.1, ge=0.0, le=1.0,
        description="Least similarity between a unit citing an earlier agreement and the unit it follows up.",
    )
    forward: float = Field(
        default=0.11, ge=0.0, le=1.0,
        description="Least similarity between a unit whose deadline is a later agreement and its answer there.",
    )
    both: float = Field(
        default=0.05, ge=0.0, le=1.0,
        description="Least similarity for a forward link whose answer also cites the earlier agreement.",
    )
    near_duplicate: float = Field(
        default=88.0, ge=0.0, le=100.0,
        description="rapidfuzz token-sort ratio (0–100) at which two units count as restating each other.",
    )
    second_ratio: float = Field(
        default=0.9, ge=0.0, le=1.0,
        description="A further candidate for the same unit is kept when it scores at least this share of the best.",
    )
    paragraph_ratio: float = Field(
        default=0.75, ge=0.0, le=1.0,
        description="… or this share, when it stands in the same paragraph as the best.",
    )
    max_per_unit: int = Field(default=4, ge=1, description="Most units one unit is linked to per evidence kind.")
    gap: int = Field(
        default=3, ge=1,
        description="Agreements back an implicit link may reach when those in between did not carry the subject on.",
    )
    own_weight: float = Field(
        default=0.6, ge=0.0, le=1.0, description="Weight of the units' own words against their context."
    )
    year_weight: float = Field(
        default=0.05, ge=0.0, le=1.0,
        description="Added similarity when a citing unit and a unit of the cited agreement name the same past year.",
    )
    heading_weight: float = Field(
        default=0.25, ge=0.0, le=1.0,
        description="Added similarity when the two units' sub-headings name the same subject (times their likeness).",
    )
    specific_share: float = Field(
        default=0.02, ge=0.0, le=1.0,
        description="A word names a specific subject when at most this share of all units use it …",
    )
    specific_min_units: int = Field(default=8, ge=1, description="… or at most this many units.")
    query_terms: int = Field(default=24, ge=1, description="Rarest words of a unit used to look up candidates.")
    max_postings: int = Field(
        default=60, ge=1, description="A word in more units than this in one agreement is too common to look up by."
    )
    max_candidates: int = Field(default=40, ge=1, description="Candidates scored in full per unit (bounds the work).")

    @property
    def least(self) -> float:
        """The lowest likeness any pass links at: a candidate below it is never chosen, so it is not explained."""
        return min(self.implicit, self.implicit_same_area, self.implicit_mutual, self.explicit, self.forward, self.both)


# --- Danish text: tokens and a light stemmer ----------------------------------------------------

WORD = re.compile(r"[^\W_](?:[\w&]|[-.,](?=\w))*", re.UNICODE)
YEAR = re.compile(r"^(19|20)\d\d$")
YEAR_IN_TEXT = re.compile(r"(?<![\d,.])((?:19|20)\d\d)(?![\d,])")
NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")  # an amount alone (`1,3`) is shared by chance too often to name a subject
VOWELS = set("aeiouyæåø")
PREFIX, PREFIX_FROM = 5, 8
S_ENDING = set("abcdfghjklmnoprtvyzå")

# Snowball's Danish step-1 suffixes, longest first.
STEP1 = sorted(
    "hed ethed ered e erede ende erende ene erne ere en heden eren er heder erer heds es endes "
    "erendes enes ernes eres ens hedens erens ers ets erets et eret".split(),
    key=len,
    reverse=True,
)

# Function words, and the words every commitment uses to say it is one (parties, markers): they
# say nothing about the subject.
STOPWORDS = frozenset(
    """
    af alle allerede alt andre at bl bliver blev blive bør da de dem den denne dens der deres det dette
    dig din disse dog du efter eller en end endnu endvidere er et etc f.eks fx for fordi fra før gennem
    ha har havde have heller her herunder heraf hermed herudover hertil hos hvad hvis hvor hvordan hvilke
    hvilken i ikke ind indenfor inden ingen jeg jf kan kun kunne man med meget mellem men mens mere mest
    mv når nu og også om op os over på sig sin sine sit skal skulle som så således selv siden til under
    ud uden var ved vil ville være været derfor desuden dertil derudover samtidig blandt andet bl.a
    samt hhv ift ifm inkl ekskl pr ca mia mio kr pct nr osv især løbende fortsat herved herom
    regeringen regering kl parterne parter danske regioner regionerne kommunerne kommuner kommunernes
    enige enig enighed aftale aftalen aftalt aftales aftalerne aftaler økonomi økonomien økonomiaftale
    økonomiaftalen økonomiaftalerne forhandlingerne forhandlinger økonomiforhandlingerne
    frem mod samlet set række både dels fremover derved dermed heri herfor øvrige enkelte evt
    eventuelt mulige muligt kommende henblik sigte baggrund forbindelse forlængelse udgangspunkt afsæt
    led regi del nye ny kommunale regionale regionernes statslige bilag kapitel boks indledning
    drøfte drøftes drøfter drøftelse drøftelser følge følges følger igangsætte igangsættes gøre
    """.split()
)


# Words that can be rare in a corpus yet never name a subject on their own (`foreligger`, `eksterne`,
# `videre`): they count in the similarity, but not as the shared specific subject a link needs.
GENERIC_WORDS = frozenset(
    """
    foreligger foreligge anvende anvendes anvendelse arbejde arbejdet arbejder bidrage bidrag videre
    udvikling udvikle sikre sikres styrke styrkes styrket styrkelse indsats indsatsen indsatser borgere
    borgerne borger fokus samarbejde samarbejdet konkrete konkret offentlige offentlig sektor sektoren
    eksterne ekstern forbruget forbrug behov mulighed muligheder mulighederne fremadrettet løsninger
    initiativer initiativ tiltag område området områder rammer rammerne status understøtte
    erfaring erfaringer erfaringerne organisatorisk organisatoriske fortsætte fortsætter fortsættelse
    """.split()
) | frozenset(
    # Words that name a sector, its institutions or its people: they say which policy area two units
    # are in (the `area` field says it too), not which subject of it one carries on (`katalog for
    # vedvarende energi` is no follow-up of `Energi- og CO2-regnskabet`). A named object is (`miljømærker`).
    """
    energi energien pædagogiske pædagogisk dagtilbud dagtilbuddene beskæftigelsesindsatsen beskæftigelsesindsats
    jobcentrene jobcentrenes jobcentre sundheds-it ungeområdet børneområdet ældreområdet socialområdet
    politikere ledere medarbejdere
    """.split()
)


def _r1(word: str) -> int:
    """Start of Snowball's region R1, moved to at least 3."""
    for i in range(1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            return max(3, i + 1)
    return len(word)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball Danish stemmer: `arbejdsgruppen`/`arbejdsgrupper` → `arbejdsgrup`."""
    word = word.casefold()
    if len(word) < 4 or not word.isalpha():
        return word
    r1 = _r1(word)
    for suffix in STEP1:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= r1 and len(word) > 1 and word[-2] in S_ENDING:
            word = word[:-1]

    def step2(w: str) -> str:
        if w[-2:] in ("gd", "dt", "gt", "kt") and len(w) - 2 >= r1:
            return w[:-1]
        return w

    word = step2(word)
    if word.endswith("igst"):
        word = word[:-2]
    for suffix in ("elig", "løst", "lig", "els", "ig"):
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[:-1] if suffix == "løst" else step2(word[: -len(suffix)])
            break
    if len(word) >= 2 and word[-1] == word[-2] and word[-1] not in VOWELS and len(word) - 1 >= r1:
        word = word[:-1]
    return word


GENERIC_STEMS = frozenset(stem(word) for word in GENERIC_WORDS)
WEIGHTY = 1.0  # a word of weight has an idf above this (`arbejde`, around two units in five, has less)


@lru_cache(maxsize=262144)
def _token_terms(token: str) -> tuple[tuple[str, str], ...]:
    """The terms one token gives, in order (remembered: a corpus repeats its words endlessly)."""
    word = token.rstrip(".,-")
    folded = word.casefold()
    if folded in STOPWORDS or YEAR.match(folded) or len(folded) < 2:
        return ()
    if folded.isdigit() and len(folded) < 3:
        return ()
    found = [(stem(folded), word)]
    if len(folded) >= PREFIX_FROM and folded.isalpha():  # a compound's first part carries its subject
        found.append(("~" + folded[:PREFIX], word))
    if "-" in folded:  # `E&E-systemet` also says `E&E` and `systemet`
        for part in word.split("-"):
            if len(part) >= 2 and part.casefold() not in STOPWORDS and not part.isdigit():
                found.append((stem(part.casefold()), part))
    return tuple(found)


def terms(text: str) -> dict[str, str]:
    """Subject words of a text: stem → the first surface form it had. Years and stopwords dropped."""
    found: dict[str, str] = {}
    for token in WORD.findall(text):
        for term, surface in _token_terms(token):
            found.setdefault(term, surface)
    return found


# --- citations of earlier agreements --------------------------------------------------------------

# `sidste års aftale`, `fjorårets økonomiaftale`, `den seneste økonomiaftale`: the agreement of the year before.
PREVIOUS = re.compile(
    r"\b(?:(?:sidste|forrige)\s+års\s+(?:økonomi)?aftale|fjorårets\s+(?:økonomi)?aftale"
    r"|(?:seneste|sidste|forrige)\s+økonomiaftale)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Citation:
    agreement: str
    text: str


def cited_agreements(text: str, fiscal_year: int) -> list[Citation]:
    """Earlier economy agreements a text names, absolute (`graph.references`) or `sidste års aftale`."""
    found: dict[str, Citation] = {}
    for ref in find_references(text, fiscal_year=fiscal_year):
        if ref.agreement:
            found.setdefault(ref.agreement, Citation(ref.agreement, " ".join(ref.text.split())))
    for match in PREVIOUS.finditer(text):
        previous = agreement_id(fiscal_year - 1)
        found.setdefault(previous, Citation(previous, " ".join(match.group(0).split())))
    return sorted(found.values(), key=lambda c: c.agreement)


# --- context from the source file -----------------------------------------------------------------


class Context(Record):
    """What stands around a unit in its source: its paragraph so far, and the paragraph before."""

    before: str = Field(description="The unit's block (paragraph or list item) from its start to the unit's end.")
    after: str = Field(default="", description="The rest of the unit's block after the unit.")
    previous: str = Field(default="", description="The block before it under the same heading, if any.")
    block: int = Field(default=0, description="Raw offset where the unit's block starts: its paragraph's key.")


def contexts_in(text: AgreementText, commitments: Iterable[Commitment]) -> dict[str, Context]:
    """Cut every unit's context out of its clean document, found through the unit's raw offsets."""
    fmt = text.agreement.source_format or SourceFormat.MARKDOWN
    blocks = [b for b in clean_document(text.raw, fmt).blocks if b.offsets]
    starts = [b.offsets[0] for b in blocks]
    found: dict[str, Context] = {}
    for unit in commitments:
        position = bisect_right(starts, unit.source.start) - 1
        if position < 0 or blocks[position].kind is BlockKind.HEADING:
            continue
        block = blocks[position]
        cut = bisect_right(block.offsets, unit.source.end - 1)
        previous = blocks[position - 1] if position > 0 else None
        same_section = previous is not None and previous.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM)
        found[unit.id] = Context(
            before=block.text[:cut],
            after=block.text[cut:],
            previous=previous.text if same_section else "",
            block=block.offsets[0],
        )
    return found


class Contexts(Mapping[str, Context]):
    """Every unit's context by commitment id, cut from its document when first asked for.

    Linking asks in id order, which groups the units by agreement, so only the last few documents'
    contexts are held (`KEEP` files: an agreement year may have several); holding every unit's
    paragraphs at once cost more memory than the rest of linking at 100× the bundled corpus.
    """

    KEEP = 4

    def __init__(self, texts: Iterable[AgreementText], commitments: Iterable[Commitment]) -> None:
        self._texts = {text.file: text for text in texts}
        self._by_file: dict[str, list[Commitment]] = defaultdict(list)
        self._file_of: dict[str, str] = {}
        for commitment in commitments:
            if commitment.source.file in self._texts:
                self._by_file[commitment.source.file].append(commitment)
                self._file_of[commitment.id] = commitment.source.file
        self._cut: dict[str, dict[str, Context]] = {}  # file → its units' contexts, most recent last

    def _of_file(self, file: str) -> dict[str, Context]:
        if file not in self._cut:
            if len(self._cut) >= self.KEEP:
                del self._cut[next(iter(self._cut))]
            self._cut[file] = contexts_in(self._texts[file], self._by_file[file])
        return self._cut[file]

    def __getitem__(self, key: str) -> Context:
        return self._of_file(self._file_of[key])[key]  # a unit under a heading block has none: KeyError

    def __iter__(self) -> Iterator[str]:
        for file in self._by_file:
            yield from self._of_file(file)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def contexts_from_texts(texts: Iterable[AgreementText], commitments: Iterable[Commitment]) -> Contexts:
    """Contexts of all `commitments` whose source file is among `texts` (cut as they are read)."""
    return Contexts(texts, commitments)


# --- features and scoring -------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A commitment prepared for comparison."""

    commitment: Commitment
    own: dict[str, str]  # stem → surface, the unit's words
    around: dict[str, str]  # stem → surface, heading and paragraph context (own words included)
    cue: dict[str, str]  # stem → surface, the unit and the sentences of its paragraph that cite an agreement
    citations: tuple[Citation, ...]
    block: tuple[str, int]  # (file, raw start of the paragraph): units of one paragraph share a subject
    folded: str  # the unit's subject words in order, for rapidfuzz
    keys: tuple[frozenset[str], frozenset[str], frozenset[str]] = (frozenset(), frozenset(), frozenset())
    named: frozenset[str] = frozenset()  # stems of the unit's own words and its sub-heading: what it is about
    head: frozenset[str] = frozenset()  # stems of its sub-heading (the deepest heading it stands under)
    years: frozenset[int] = frozenset()  # the years its own sentence names (`COVID-19-indsatsen i 2022`)

    def areas(self) -> set[str]:
        return {self.commitment.area, *self.commitment.areas}


@lru_cache(maxsize=8192)
def _terms_of(text: str) -> tuple[tuple[str, str], ...]:
    """`terms` remembered: headings and paragraphs are shared by the units under them."""
    return tuple(terms(text).items())


@lru_cache(maxsize=16384)
def _cited_in_sentence(text: str, fiscal_year: int) -> tuple[Citation, ...]:
    return tuple(cited_agreements(text, fiscal_year))


@lru_cache(maxsize=8192)
def _citing_sentences(text: str, fiscal_year: int) -> tuple[tuple[str, tuple[Citation, ...]], ...]:
    """The sentences of a paragraph that cite an earlier agreement, with their citations (remembered)."""
    found = []
    for sentence in split_sentences(text):
        citations = _cited_in_sentence(sentence.text, fiscal_year)
        if citations:
            found.append((sentence.text, tuple(citations)))
    return tuple(found)


def prepare(commitment: Commitment, context: Context | None) -> Unit:
    own = terms(commitment.text)
    folded = " ".join(sorted(own))
    if context and ANAPHOR.search(commitment.text):
        own = {**terms(_sentence_before(context.before, commitment.text)), **own}
    heading = " ".join(commitment.heading[-2:])
    parts = (heading, context.previous, context.before, context.after) if context else (heading,)
    around: dict[str, str] = {}
    for part in parts:  # the same words, in the same order, as the terms of the parts joined
        if part:
            for term, surface in _terms_of(part):
                around.setdefault(term, surface)
    around.update(own)
    cited: dict[str, Citation] = {}
    for ref in commitment.references:
        if ref.agreement and fiscal_year_of(ref.agreement) < commitment.fiscal_year:
            cited.setdefault(ref.agreement, Citation(ref.agreement, " ".join(ref.text.split())))
    citing = []
    for sentence, found in _citing_sentences(context.before, commitment.fiscal_year) if context else ():
        citing.append(sentence)
        for citation in found:
            cited.setdefault(citation.agreement, citation)
    for citation in cited_agreements(commitment.text, commitment.fiscal_year):
        cited.setdefault(citation.agreement, citation)
    cue = {**terms(" ".join(citing)), **own}
    block = (commitment.source.file, context.block if context else commitment.source.start)
    citations = tuple(sorted(cited.values(), key=lambda c: c.agreement))
    keys = (frozenset(own), frozenset(around), frozenset(cue))
    head = frozenset(term for term, _ in _terms_of(commitment.heading[-1])) if commitment.heading else frozenset()
    named = frozenset(own) | head
    years = frozenset(int(y) for y in YEAR_IN_TEXT.findall(commitment.text))
    return Unit(commitment, own, around, cue, citations, block, folded, keys, named, head, years)


# Words by which a unit points back at the sentence before it for its subject: pro-forms, and the
# definite nouns that agreements use for what the sentence before has just named
ANAPHOR = re.compile(
    r"\b(?:løsningerne|løsningen|initiativet|initiativerne|ordningen|modellen|puljen|tiltagene|"
    r"herom|heraf|hertil|herpå|herfor|disse|denne)\b",
    re.IGNORECASE,
)


def _sentence_before(before: str, unit_text: str) -> str:
    """The sentence before the unit in its paragraph, which an anaphor in the unit points back to."""
    sentences = [s.text for s in split_sentences(before)]
    while sentences and sentences[-1].strip() and sentences[-1].strip() in unit_text:
        sentences.pop()
    if sentences and unit_text.startswith(sentences[-1].strip()[:40]):
        sentences.pop()
    return sentences[-1] if sentences else ""


def _worth_forking(workers: int, items: int) -> bool:
    """Are there workers to fork, enough items (`PARALLEL_FROM`) to pay for them, and `fork` here?"""
    return workers > 1 and items >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def _sharing_pool(workers: int, maxtasksperchild: int | None = None) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of forked workers that read the parent's objects (through a module global) without copying them.

    A forked worker shares its parent's pages until it writes to them, and Python writes to what it
    reads (reference counts) and to everything the cyclic collector visits: frozen, the parent's
    objects are not visited, so a worker copies only the pages it reads.
    """
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=maxtasksperchild) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _unit_fields(unit: Unit) -> tuple[object, ...]:
    """A prepared unit without its commitment: what a worker sends back (the parent has the commitment)."""
    return tuple(getattr(unit, name) for name in Unit.__dataclass_fields__ if name != "commitment")


_PREPARING: tuple[dict[str, list[Commitment]], Mapping[str, Context]] | None = None  # what forked workers read


def _prepare_file(file: str) -> list[tuple[str, tuple[object, ...]]]:
    """In a forked worker: prepare the units of one source file (its context is cut here too)."""
    assert _PREPARING is not None
    by_file, contexts = _PREPARING
    return [(c.id, _unit_fields(prepare(c, contexts.get(c.id)))) for c in by_file[file]]


def prepare_all(commitments: Iterable[Commitment], contexts: Mapping[str, Context], workers: int) -> list[Unit]:
    """Every commitment prepared, in id order; source file by source file in forked workers when many.

    Preparing reads only the unit and its own file's paragraphs, so files are independent: cutting
    the contexts (a fresh clean-up of each file, whose extraction ran in another process) and
    finding the terms are spread over the CPUs, largest file first, and give what one process gives.
    """
    ordered = sorted(commitments, key=lambda c: c.id)
    by_file: dict[str, list[Commitment]] = defaultdict(list)
    for commitment in ordered:
        by_file[commitment.source.file].append(commitment)
    count = min(workers, len(by_file))
    if not _worth_forking(count, len(ordered)):
        return [prepare(c, contexts.get(c.id)) for c in ordered]
    global _PREPARING
    _PREPARING = (by_file, contexts)
    try:
        files = sorted(by_file, key=lambda file: (-len(by_file[file]), file))
        with _sharing_pool(count) as pool:
            fields = {uid: found for part in pool.imap_unordered(_prepare_file, files) for uid, found in part}
    finally:
        _PREPARING = None
    return [Unit(c, *fields[c.id]) for c in ordered]  # type: ignore[arg-type]


@dataclass(frozen=True)
class Score:
    value: float
    shared: tuple[str, ...]  # surface words, rarest first
    duplicate: bool
    # how many shared words rare enough to name a subject stand in the later / the earlier unit itself
    in_later: int
    in_earlier: int
    earlier_words: int  # shared words of some weight in the earlier unit itself
    named_both: int = 0  # specific shared words that both units name themselves (own words or sub-heading)
    own_both: int = 0  # shared words of weight (not generic) in both units' own sentences


class Scorer:
    """IDF-weighted overlap of subject words, over the units' own words and their contexts."""

    def __init__(self, units: Sequence[Unit], thresholds: LinkThresholds) -> None:
        self.thresholds = thresholds
        df: dict[str, int] = defaultdict(int)
        for unit in units:
            for term in unit.around:
                df[term] += 1
        n = max(len(units), 1)
        self.idf = {term: math.log((n + 1) / (count + 0.5)) for term, count in df.items()}
        # a compound's first part (`~inklu`) counts only where it joins different words (`inklusionsindsatsen`,
        # `inkluderende`), and then at a quarter of a word's weight: alone it would double the word's own
        words_of: dict[str, set[str]] = defaultdict(set)
        for unit in units:
            for term, surface in unit.around.items():
                if term.startswith("~"):
                    words_of[term].add(stem(surface.casefold()))
        for term, words in words_of.items():
            self.idf[term] = 0.5 * self.idf[term] if len(words) > 1 else 0.0
        self.w2 = {term: weight * weight for term, weight in self.idf.items()}
        # every term's place in the order rarest first (ties by the term): sorting shared words is a lookup
        self.rank = {term: i for i, term in enumerate(sorted(self.idf, key=lambda t: (-self.idf[t], t)))}
        rare = max(thresholds.specific_min_units, thresholds.specific_share * n)
        self.specific_idf = math.log((n + 1) / (rare + 0.5))
        # the words `score` counts, as sets: its counts become set intersections
        self.weighty = frozenset(term for term, weight in self.idf.items() if weight > WEIGHTY)
        self.specific = frozenset(
            term
            for term, weight in self.idf.items()
            if weight >= self.specific_idf and term not in GENERIC_STEMS and not NUMBER.match(term)
        )
        self._unit_norms: dict[str, tuple[float, float, float, float]] = {}
        self._query_orders: dict[str, tuple[str, ...]] = {}

    def weight(self, term: str) -> float:
        return self.idf.get(term, 0.0)

    def query_order(self, unit: Unit) -> tuple[str, ...]:
        """The words a unit looks candidates up by: own, citing, context words, each rarest first,
        each word once (remembered: a unit is looked up in several agreements)."""
        key = unit.commitment.id
        if key not in self._query_orders:
            order = lambda t: (-self.weight(t), t)  # noqa: E731
            words = [t for group in (unit.own, unit.cue, unit.around) for t in sorted(group, key=order)]
            self._query_orders[key] = tuple(dict.fromkeys(words))
        return self._query_orders[key]

    def _norms(self, unit: Unit) -> tuple[float, float, float, float]:
        key = unit.commitment.id
        if key not in self._unit_norms:
            w2 = self.w2
            self._unit_norms[key] = tuple(  # type: ignore[assignment]
                math.sqrt(math.fsum(w2.get(t, 0.0) for t in words)) for words in (*unit.keys, unit.head)
            )
        return self._unit_norms[key]

    def _sum(self, words: Iterable[str]) -> float:
        """Summed squared weights; every word of a unit the scorer was built over has one.

        `fsum`, because a set's order follows the string hashes, which differ from process to process:
        a plain sum would differ in the last bit between runs and turn exact ties between candidates."""
        return math.fsum(map(self.w2.__getitem__, words))

    def value(self, later: Unit, earlier: Unit, *, cited: bool = False, sections: bool = False) -> tuple[float, bool]:
        """How alike two units are in subject (0–1), and whether they restate each other."""
        w = self.thresholds.own_weight
        (l_own, l_around, l_cue), (e_own, e_around, _) = later.keys, earlier.keys
        (nl_own, nl_around, nl_cue, nl_head), (ne_own, ne_around, _, ne_head) = self._norms(later), self._norms(earlier)
        # one intersection of the contexts; the units' own words are part of them, so the other
        # overlaps are cut from it (cheap: the work per pair is what linking costs)
        around = l_around & e_around
        own_around = l_own & around  # later's own words in the earlier context
        around_own = e_own & around
        own = own_around & e_own

        def cos(shared: Iterable[str], na: float, nb: float) -> float:
            return self._sum(shared) / (na * nb) if na and nb else 0.0

        # own words against own words, contexts against contexts, and each unit against the other's context
        value = w * cos(own, nl_own, ne_own) + (1 - w) * (
            cos(around, nl_around, ne_around) + cos(own_around, nl_own, ne_around) + cos(around_own, nl_around, ne_own)
        ) / 3
        if cited:  # the citing sentence says what is followed up; the unit's own words still count
            value = 0.5 * value + 0.25 * (cos(l_cue & e_own, nl_cue, ne_own) + cos(l_cue & e_around, nl_cue, ne_around))
            # a past year both name says which year's settlement is followed up (`finansiere COVID-19-indsatsen
            # i 2022` answers `kompenseres … i 2022`, not the compensation for 2020 and 2021)
            if any(year < later.commitment.fiscal_year for year in later.years & earlier.years):
                value += self.thresholds.year_weight
        if sections:  # the same sub-heading subject in both years: the sections answer each other
            value += self.thresholds.heading_weight * cos(later.head & earlier.head, nl_head, ne_head)
        duplicate = len(own) >= 3 and _restates(later, earlier, self.thresholds)
        if duplicate:
            value = max(value, self.thresholds.implicit)
        return min(value, 1.0), duplicate

    def score(
        self,
        later: Unit,
        earlier: Unit,
        *,
        cited: bool = False,
        sections: bool = False,
        known: tuple[float, bool] | None = None,
    ) -> Score:
        """The value (or the `known` one) with its explanation: the shared words, rarest first."""
        value, duplicate = known or self.value(later, earlier, cited=cited, sections=sections)
        own_shared = later.keys[0] & earlier.keys[0]
        shared = later.keys[1] & earlier.keys[1]  # the own words are part of the contexts
        weighty = shared & self.weighty
        own_weighty = weighty & own_shared
        rank = self.rank.__getitem__
        ordered = sorted(own_weighty, key=rank) + sorted(weighty - own_shared, key=rank)
        words = tuple(later.around.get(t) or earlier.around[t] for t in ordered[:8])
        # rare shared words that stand in at least one of the two units themselves, not only around them
        rare = shared & self.specific
        rare_in_later = rare & later.named
        return Score(
            value,
            words,
            duplicate,
            in_later=len(rare_in_later),
            in_earlier=len(rare & earlier.named),
            earlier_words=len(weighty & earlier.keys[0]),
            named_both=len(rare_in_later & earlier.named),
            own_both=len(own_weighty - GENERIC_STEMS),
        )


class Index:
    """Inverted index stem → units of one agreement."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = list(units)
        postings: dict[str, list[int]] = defaultdict(list)
        for position, unit in enumerate(self.units):
            for term in unit.around:
                postings[term].append(position)
        # packed: a list of Python ints costs 36 bytes a posting, an array 4 (10 GB → 1 GB at 1000×)
        self.postings: dict[str, array[int]] = {term: array("I", found) for term, found in postings.items()}

    def candidates_by_words(self, query: Unit, limits: LinkThresholds) -> list[Unit]:
        """Units here with at least three of the query's own words (the cheap pre-filter of a restatement)."""
        shared: dict[int, int] = defaultdict(int)
        for term in query.keys[0]:
            postings = self.postings.get(term, ())
            if len(postings) <= limits.max_postings:
                for position in postings:
                    shared[position] += 1
        return [self.units[i] for i in sorted(shared) if shared[i] >= 3]

    def candidates(self, query: Unit, scorer: Scorer) -> list[Unit]:
        """The units that share the most weight of the query's rarest words found here.

        Words are taken own words first, then the citing sentences', then the context's; a word in
        more than `max_postings` units here says nothing specific and is skipped. The shared weight
        is summed over the postings read, and only the `max_candidates` best are scored in full: the
        work per query is bounded, whatever the size of the agreement.
        """
        limits = scorer.thresholds
        wanted: list[str] = []
        for term in scorer.query_order(query):
            postings = self.postings.get(term)
            if postings and len(postings) <= limits.max_postings:
                wanted.append(term)
                if len(wanted) == limits.query_terms:
                    break
        shared: dict[int, float] = defaultdict(float)
        for term in wanted:
            weight = scorer.w2.get(term, 0.0)
            for position in self.postings[term]:
                shared[position] += weight
        best = heapq.nsmallest(limits.max_candidates, shared, key=lambda position: (-shared[position], position))
        return [self.units[i] for i in sorted(best)]


# --- the links ------------------------------------------------------------------------------------


Pair = tuple[Unit, Score]
FALLBACK = 3  # candidates a later unit may fall back on when its best earlier one is taken
GAP_CANDIDATES = 8  # candidates scored in full for a link across a gap, which takes only the best
RANKED = 12  # candidates explained per query: more than any link needs (max_per_unit and the filters)


def _ranked(
    query: Unit, pool: Index, scorer: Scorer, *, later_is_query: bool, cited: bool = False, sections: bool = False
) -> list[Pair]:
    """The best candidates of `pool` with their explained scores, best first (ties by id: a stable order)."""
    values = []
    least = scorer.thresholds.least
    for candidate in pool.candidates(query, scorer):
        later, earlier = (query, candidate) if later_is_query else (candidate, query)
        known = scorer.value(later, earlier, cited=cited, sections=sections)
        if known[0] > 0 and known[0] >= least:  # a pair sharing nothing is no candidate, whatever the floor
            values.append((-known[0], candidate.commitment.id, candidate, known))
    values.sort(key=lambda item: (item[0], item[1]))
    ranked = []
    for _, _, candidate, known in values[:RANKED]:
        later, earlier = (query, candidate) if later_is_query else (candidate, query)
        score = scorer.score(later, earlier, known=known)
        if score.shared:
            ranked.append((candidate, score))
    return ranked


def _chosen(ranked: list[Pair], floor: float, limits: LinkThresholds) -> list[Pair]:
    """The best candidate at `floor` or above, near-ties, and close runners-up from the best one's paragraph."""
    if not ranked or ranked[0][1].value < floor:
        return []
    top_unit, top = ranked[0]
    chosen = [
        pair
        for pair in ranked
        if pair[1].value >= floor
        and (
            pair[1].value >= top.value * limits.second_ratio
            or (pair[0].block == top_unit.block and pair[1].value >= top.value * limits.paragraph_ratio)
        )
    ]
    return chosen[: limits.max_per_unit]


@dataclass(frozen=True, order=True)
class Query:
    """One ranking a linking pass asks for: the unit `unit` against the units of agreement `pool`."""

    unit: str  # commitment id
    pool: str  # agreement id
    later_is_query: bool
    cited: bool = False
    sections: bool = False

    # one constructor per pass, so the query a pass asks for and the one it reads back are the same

    @classmethod
    def backward(cls, later: Unit, cited: str) -> Query:
        """A citing unit against the units of the agreement it cites."""
        return cls(later.commitment.id, cited, later_is_query=True, cited=True)

    @classmethod
    def forward(cls, earlier: Unit, target: str) -> Query:
        """A unit due in a later agreement against that agreement's units."""
        return cls(earlier.commitment.id, target, later_is_query=False)

    @classmethod
    def implicit(cls, later: Unit, previous: str) -> Query:
        """A unit against the units of the agreement before it in the corpus."""
        return cls(later.commitment.id, previous, later_is_query=True, sections=True)

    @classmethod
    def best_match(cls, earlier: Unit, following: str) -> Query:
        """An earlier unit against the agreement after it: is the later unit its best match too?"""
        return cls(earlier.commitment.id, following, later_is_query=False, sections=True)


Ranked = dict[Query, list[Pair]]
CHUNKS_PER_WORKER = 16
PARALLEL_FROM = 400  # fewer queries (units, to prepare) than this are handled in this process: forking costs more
RECYCLE_AFTER = 75_000  # queries a worker ranks before it is replaced (see `rank_all`)
_SHARED: tuple[dict[str, Unit], Mapping[str, Index], Scorer] | None = None  # what forked workers read


def _rank(query: Query, units: Mapping[str, Unit], indexes: Mapping[str, Index], scorer: Scorer) -> list[Pair]:
    return _ranked(
        units[query.unit],
        indexes[query.pool],
        scorer,
        later_is_query=query.later_is_query,
        cited=query.cited,
        sections=query.sections,
    )


def _rank_chunk(queries: list[Query]) -> list[list[tuple[str, Score]]]:
    """In a forked worker: rank each query; candidates come back as ids (units stay in the parent)."""
    assert _SHARED is not None
    units, indexes, scorer = _SHARED
    return [[(unit.commitment.id, score) for unit, score in _rank(q, units, indexes, scorer)] for q in queries]


def rank_all(
    queries: Iterable[Query], units: Mapping[str, Unit], indexes: Mapping[str, Index], scorer: Scorer, workers: int
) -> Ranked:
    """Every query ranked once, in forked worker processes when there are many.

    Each ranking reads only the prepared units, the indexes and the scorer, so the queries are
    independent: spread over `workers` processes they give exactly what one process gives, and the
    choices that depend on one another (who takes which earlier unit) stay in the caller, in order.
    """
    wanted = sorted(set(queries))
    if not _worth_forking(workers, len(wanted)):
        return {q: _rank(q, units, indexes, scorer) for q in wanted}
    global _SHARED
    _SHARED = (dict(units), indexes, scorer)
    try:
        size = max(1, len(wanted) // (workers * CHUNKS_PER_WORKER))  # small chunks spread the slow queries
        chunks = [wanted[i : i + size] for i in range(0, len(wanted), size)]
        # a worker replaced after `RECYCLE_AFTER` queries never holds a copy of the whole corpus (at
        # 1000×, more than the machine's memory). Below that a worker lives through the run: every
        # replacement is a fork, and forks cost more than the pages a smaller run touches (at 10×,
        # 13.5 s never replaced against 15.5 s replaced every two chunks)
        recycle = max(1, RECYCLE_AFTER // size) if len(wanted) > RECYCLE_AFTER else None
        with _sharing_pool(workers, maxtasksperchild=recycle) as pool:
            results = [pair for chunk in pool.imap(_rank_chunk, chunks) for pair in chunk]
    finally:
        _SHARED = None
    return {q: [(units[uid], score) for uid, score in found] for q, found in zip(wanted, results, strict=True)}


def _forward_targets(earlier: Unit, indexes: Mapping[str, Index]) -> list[tuple[Deadline, str]]:
    """The unit's deadlines that name a later agreement of the corpus, with that agreement's id."""
    return [
        (deadline, deadline.norm)
        for deadline in earlier.commitment.deadlines
        if deadline.kind is DeadlineKind.AGREEMENT
        and deadline.norm
        and deadline.norm in indexes
        and fiscal_year_of(deadline.norm) > earlier.commitment.fiscal_year
    ]


def _implicit_best(ranked: list[Pair], later: Unit, limits: LinkThresholds) -> Pair | None:
    """The later unit's best earlier match when mutuality could make it a link (same area, score above
    `implicit_mutual`); both units must name the shared subject themselves."""
    named = [p for p in ranked if p[1].in_later and p[1].in_earlier]
    if not named:
        return None
    earlier, score = named[0]
    return named[0] if later.areas() & earlier.areas() and score.value >= limits.implicit_mutual else None


def _top_id(ranked: list[Pair]) -> str | None:
    return ranked[0][0].commitment.id if ranked else None


def _restates(a: Unit, b: Unit, limits: LinkThresholds) -> bool:
    """Do two units say the same thing in nearly the same words?"""
    return len(a.keys[0] & b.keys[0]) >= 3 and fuzz.token_sort_ratio(a.folded, b.folded) >= limits.near_duplicate


def _yearly_formula(later: Unit, earlier: Unit, indexes: Mapping[str, Index], limits: LinkThresholds) -> bool:
    """Is the earlier unit a sentence that a third agreement restates too?

    Wording the agreements repeat year after year (`det er en central forudsætning for økonomiaftalen, at
    … servicerammen … overholdes`, the `midtvejsregulering`) is their yearly frame, not one following up
    the other, however the later agreement rewords it; a restatement found in only two agreements is a
    specific subject carried on (a grant continued, a reform followed).
    """
    for agreement, index in indexes.items():
        if agreement in (later.commitment.agreement, earlier.commitment.agreement):
            continue
        scorer_free = [u for u in index.candidates_by_words(earlier, limits) if _restates(u, earlier, limits)]
        if scorer_free:
            return True
    return False


def _named_in_both(score: Score) -> bool:
    """Do both units name the subject themselves, enough for an implicit link: a restatement, three
    specific shared words, or one and four words of weight in both sentences?"""
    return score.duplicate or score.named_both >= 3 or bool(score.named_both and score.own_both >= 4)


def _same_section_subject(later: Unit, earlier: Unit, scorer: Scorer) -> bool:
    """Do the units' sub-headings share a word of weight (the same section subject in both years)?"""
    return any(scorer.weight(t) > WEIGHTY for t in later.head & earlier.head)


def _due_in(unit: Unit, agreement: str) -> bool:
    """Does the unit name `agreement` as its deadline?"""
    return any(d.kind is DeadlineKind.AGREEMENT and d.norm == agreement for d in unit.commitment.deadlines)


def _merged(first: list[Pair], second: list[Pair]) -> list[Pair]:
    """Both choices, each unit once, the first list's first."""
    seen = {unit.commitment.id for unit, _ in first}
    return first + [pair for pair in second if pair[0].commitment.id not in seen]


def _confidence(evidence: Evidence, score: Score) -> float:
    """Ordered by evidence, then by likeness: explicit-both 0.95, a citation or deadline 0.7–0.9,
    a shared subject alone 0.4–0.7 (a restatement 0.7): no implicit link outranks an explicit one."""
    if evidence is Evidence.EXPLICIT_BOTH:
        return 0.95
    if evidence is Evidence.IMPLICIT:
        base = 0.7 if score.duplicate else 0.4 + 0.5 * min(1.0, score.value)
        return round(min(base, 0.7), 2)
    return round(min(0.9, 0.7 + 0.5 * min(1.0, score.value)), 2)


Found = dict[tuple[str, str], tuple[set[Evidence], Score, list[str]]]  # (later, earlier) → kinds, best score, cues


def _across_gaps(
    found: Found,
    present: list[str],
    by_agreement: Mapping[str, list[Unit]],
    by_id: Mapping[str, Unit],
    indexes: Mapping[str, Index],
    scorer: Scorer,
    cpus: int,
) -> Iterator[tuple[Unit, Unit, Score]]:
    """Implicit links over agreements that left the subject alone (`ØA22` → `ØA24`, nothing on it in
    ØA23), up to `gap` agreements back, nearest first.

    Asked only for later units naming a specific subject with no link into the agreements in
    between, against earlier units nothing in between links to (else the chain runs through that
    agreement); held to the best match, a strong likeness within one policy area and the named
    subject the adjacent pass asks for. Gap by gap: a unit linked across a short gap is not asked
    about a longer one (asking every gap at once ranks more than it saves).
    """
    limits = scorer.thresholds
    gap_scorer = copy.copy(scorer)  # only the best candidate counts here: fewer need scoring in full
    gap_scorer.thresholds = limits.model_copy(update={"max_candidates": GAP_CANDIDATES})
    linked_from = {(later_id, by_id[earlier_id].commitment.agreement) for later_id, earlier_id in found}
    followed_in = {(earlier_id, by_id[later_id].commitment.agreement) for later_id, earlier_id in found}

    def open_between(later: Unit, gap: int) -> bool:
        position = present.index(later.commitment.agreement)
        return not any((later.commitment.id, a) in linked_from for a in present[position - gap + 1 : position])

    for gap in range(2, limits.gap + 1):
        queries = [
            Query.implicit(later, present[position - gap])
            for position in range(gap, len(present))
            for later in by_agreement[present[position]]
            if open_between(later, gap) and _names_a_subject(later, scorer)
        ]
        ranked = rank_all(queries, by_id, indexes, gap_scorer, cpus)
        proposals = []
        for query in queries:
            later = by_id[query.unit]
            between = present[present.index(query.pool) + 1 : present.index(later.commitment.agreement)]
            for earlier, score in ranked[query][:1]:
                if any((earlier.commitment.id, agreement) in followed_in for agreement in between):
                    continue
                if score.in_later and score.in_earlier and _named_in_both(score) and score.value >= limits.implicit and (
                    later.areas() & earlier.areas()
                ):
                    proposals.append((not score.duplicate, -score.value, later.commitment.id, earlier.commitment.id, later, earlier, score))
        proposals = [p for p in proposals if not _yearly_formula(p[4], p[5], indexes, limits)]
        for *_, later, earlier, score in sorted(proposals, key=lambda p: p[:4]):
            linked_from.add((later.commitment.id, earlier.commitment.agreement))
            followed_in.add((earlier.commitment.id, later.commitment.agreement))
            yield later, earlier, score


EVIDENCE_ORDER = (Evidence.EXPLICIT_BOTH, Evidence.EXPLICIT_BACKWARD, Evidence.EXPLICIT_FORWARD, Evidence.IMPLICIT)


def _evidence(later: Unit, earlier: Unit, kinds: set[Evidence], cues: list[str]) -> Evidence:
    """The strongest evidence the pair has, whichever pass found it: a later unit that cites the earlier
    agreement and answers a unit due in its own agreement has both explicit signs (its citation joins
    `cues`), even when only the forward pass ranked it high enough."""
    cited = {c.agreement: c.text for c in later.citations}
    if earlier.commitment.agreement in cited and _due_in(earlier, later.commitment.agreement):
        if cited[earlier.commitment.agreement] not in cues:
            cues.insert(0, cited[earlier.commitment.agreement])
        return Evidence.EXPLICIT_BOTH
    if Evidence.EXPLICIT_BACKWARD in kinds and Evidence.EXPLICIT_FORWARD in kinds:
        return Evidence.EXPLICIT_BOTH
    return min(kinds, key=EVIDENCE_ORDER.index)


def _names_a_subject(unit: Unit, scorer: Scorer) -> bool:
    """Does the unit (or its sub-heading) name a word rare enough to be a specific subject? A link
    across a gap asks for one in both units, so a unit without one need not be looked up."""
    return any(scorer.weight(term) >= scorer.specific_idf for term in unit.named if term not in GENERIC_STEMS)


def _points_only(unit: Unit, scorer: Scorer) -> bool:
    """Does the unit name no subject of its own (`følge op på arbejdet`), only point at its paragraph's?"""
    words = [term for term in unit.own if not term.startswith("~") and term not in GENERIC_STEMS]  # not compound parts
    return not any(scorer.weight(term) > WEIGHTY for term in words)


End = tuple[str, str, str]  # ("later" | "earlier", commitment id, the other side's agreement)


def _later_first(edge: tuple[End, End]) -> tuple[End, End]:
    """A matching edge as (later end, earlier end), whichever way the graph hands it out."""
    a, b = edge
    return (a, b) if a[0] == "later" else (b, a)


def _one_per_subject(
    found: Found, by_id: Mapping[str, Unit], scorer: Scorer
) -> dict[tuple[str, str], tuple[Evidence, Score, list[str]]]:
    """Each unit in at most one link per pair of agreements, the set of links with the strongest evidence.

    The passes propose every plausible pair: a citation of last year's agreement ranks the cited
    paragraph's units close together, and a deadline's answer may also restate a sibling. A later
    unit follows up one subject of an agreement, though, and one earlier subject is followed up once
    per agreement (so the hand-annotated links: 25 for ØA20 → ØA19, no unit in two). The choice is a
    maximum-weight matching between the two sides, so a unit that loses its best pair to a stronger
    one keeps its next (the matching is computed per connected group of proposals: they are small).

    A pair weighs by, in this order: being a restatement; being explicit; the shared words of
    weight in both units' own sentences (what tells two units of one paragraph apart); `explicit-both`
    over the other explicit kinds; likeness. A promise (`… følge op på arbejdet i forbindelse med
    økonomiforhandlingerne for 2023`) often names no subject of its own, only points at its paragraph's:
    answered by a unit that also cites its agreement, it counts the shared words of that unit's best
    pair in its paragraph, so the answer links to the promise, not to the sibling that names the work.
    """
    proposals: dict[tuple[str, str], tuple[Evidence, Score, list[str]]] = {}
    for (later_id, earlier_id), (kinds, score, cues) in sorted(found.items()):
        cues = list(cues)
        proposals[(later_id, earlier_id)] = (_evidence(by_id[later_id], by_id[earlier_id], kinds, cues), score, cues)
    in_paragraph: dict[tuple[str, tuple[str, int]], int] = defaultdict(int)  # (later unit, earlier paragraph) → best own_both
    for (later_id, earlier_id), (_, score, _) in proposals.items():
        key = (later_id, by_id[earlier_id].block)
        in_paragraph[key] = max(in_paragraph[key], score.own_both)
    pairs = nx.Graph()
    for (later_id, earlier_id), (evidence, score, _) in proposals.items():
        later, earlier = by_id[later_id], by_id[earlier_id]
        both = evidence is Evidence.EXPLICIT_BOTH
        pointer = both and _points_only(earlier, scorer)
        own = in_paragraph[(later_id, earlier.block)] if pointer else score.own_both
        weight = (
            1000.0 * score.duplicate
            + 100.0 * (evidence is not Evidence.IMPLICIT)
            + min(own, 50)
            + 0.5 * both
            + min(score.value, 0.49)
        )
        later_end = ("later", later_id, earlier.commitment.agreement)
        earlier_end = ("earlier", earlier_id, later.commitment.agreement)
        pairs.add_edge(later_end, earlier_end, weight=weight)
    chosen = {}
    for group in sorted(nx.connected_components(pairs), key=min):
        if len(group) == 2:  # most proposals stand alone
            matching = set(pairs.edges(group))
        else:  # a graph of its own, in a fixed order: a view of the whole one is slow to walk
            # each edge later end first: `edges(group)` turns an edge by the set's order, which follows
            # the string hashes, and an edge list in another order breaks ties in the matching otherwise
            edges = (_later_first(edge) for edge in pairs.edges(group))
            sides = nx.Graph()
            sides.add_weighted_edges_from(sorted((a, b, pairs[a][b]["weight"]) for a, b in edges))
            matching = nx.max_weight_matching(sides)
        for edge in matching:
            later_end, earlier_end = _later_first(edge)
            key = (later_end[1], earlier_end[1])
            chosen[key] = proposals[key]
    return chosen


def find_links(
    commitments: Sequence[Commitment],
    *,
    thresholds: LinkThresholds | None = None,
    contexts: Mapping[str, Context] | None = None,
    workers: int | None = None,
) -> list[FollowUp]:
    """Every follow-up link among `commitments`, sorted by (from, to).

    An agreement counts as in the corpus when it has commitments here. `contexts` (from
    `contexts_from_texts`) adds each unit's paragraph and heading: it is what lets a recap in the
    sentence before a unit count as that unit's citation. The rankings are computed first, in
    `workers` processes (default: every CPU available), then the passes below choose from them.
    """
    limits = thresholds or LinkThresholds()
    contexts = {} if contexts is None else contexts
    cpus = usable_cpus() if workers is None else workers
    units = prepare_all(commitments, contexts, cpus)
    scorer = Scorer(units, limits)
    by_agreement: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_agreement[unit.commitment.agreement].append(unit)
    present = sorted(by_agreement, key=fiscal_year_of)
    indexes = {agreement: Index(members) for agreement, members in by_agreement.items()}
    by_id = {unit.commitment.id: unit for unit in units}

    # every ranking the passes read, asked for at once (the second round depends on the first)
    backward = [
        Query.backward(later, citation.agreement)
        for later in units
        for citation in later.citations
        if citation.agreement in indexes
    ]
    forward = [
        Query.forward(earlier, target)
        for earlier in units
        for _, target in _forward_targets(earlier, indexes)
    ]
    implicit = [
        Query.implicit(later, present[position - 1])
        for position in range(1, len(present))
        for later in by_agreement[present[position]]
    ]
    ranked_for = rank_all([*backward, *forward, *implicit], by_id, indexes, scorer, cpus)
    best_match = [  # an earlier unit's best match among the later units, where mutuality can decide a link
        Query.best_match(pair[0], by_id[q.unit].commitment.agreement)
        for q in implicit
        if (pair := _implicit_best(ranked_for[q], by_id[q.unit], limits))
    ]
    ranked_for.update(rank_all(best_match, by_id, indexes, scorer, cpus))

    found: Found = {}

    def add(later: Unit, earlier: Unit, evidence: Evidence, score: Score, cue: str) -> None:
        key = (later.commitment.id, earlier.commitment.id)
        kinds, best, cues = found.setdefault(key, (set(), score, []))
        kinds.add(evidence)
        if cue and cue not in cues:
            cues.append(cue)
        if score.value > best.value:
            found[key] = (kinds, score, cues)

    # explicit-backward: the later unit (or its paragraph before it) cites an earlier agreement of the corpus
    for later in units:
        for citation in later.citations:
            if citation.agreement in indexes:
                ranked = [  # the earlier unit itself names the subject
                    p for p in ranked_for[Query.backward(later, citation.agreement)] if p[1].earlier_words
                ]  # the earlier unit itself names the subject
                # an earlier unit whose deadline is this agreement has both explicit signs: a lower floor will do
                answered = [p for p in ranked if p[1].in_earlier and _due_in(p[0], later.commitment.agreement)]
                for earlier, score in _merged(_chosen(answered, limits.both, limits), _chosen(ranked, limits.explicit, limits)):
                    add(later, earlier, Evidence.EXPLICIT_BACKWARD, score, citation.text)

    # explicit-forward: the earlier unit's deadline is a later agreement of the corpus
    for earlier in units:
        for deadline, target in _forward_targets(earlier, indexes):
            # the answer must itself name the subject, not only stand near it: a rare shared word, or, for
            # the clearly best answer, two words of weight that both units' own sentences use (`efterregulering
            # af nettomerudgifter til håndtering af COVID-19` answered by `kompensation for … nettomerudgifter
            # til håndtering af COVID-19`: common words in a year of COVID and Ukraine, yet the same subject)
            answers = ranked_for[Query.forward(earlier, target)]
            ranked = [p for i, p in enumerate(answers) if p[1].in_later or (i == 0 and p[1].own_both >= 2)]
            # an answer that also cites the earlier agreement has both explicit signs: a lower floor will do
            citing = [p for p in ranked if earlier.commitment.agreement in {c.agreement for c in p[0].citations}]
            for later, score in _merged(_chosen(citing, limits.both, limits), _chosen(ranked, limits.forward, limits)):
                add(later, earlier, Evidence.EXPLICIT_FORWARD, score, deadline.text)

    # implicit: the same subject in the next agreement of the corpus (a unit with an explicit origin may
    # also carry on a subject of the agreement before: a unit can follow up several earlier units).
    # One subject carried on is one link: proposals are taken best first, each unit used once
    # (an earlier unit already answered explicitly from that agreement takes no implicit link).
    for position in range(1, len(present)):
        proposals: list[tuple[bool, bool, float, str, str, Unit, Unit, Score]] = []
        for later in by_agreement[present[position]]:
            ranked = [  # both units name the shared subject themselves
                p for p in ranked_for[Query.implicit(later, present[position - 1])] if p[1].in_later and p[1].in_earlier
            ]
            if not ranked:
                continue
            earlier, score = ranked[0]
            strong = score.value >= limits.implicit
            same_area = bool(later.areas() & earlier.areas())
            mutual = bool(_implicit_best(ranked, later, limits)) and (
                _top_id(ranked_for[Query.best_match(earlier, present[position])])
                == later.commitment.id
            )
            # below a restatement, the two units' sections name the same subject, or both units name
            # three specific words of it themselves (`velfærdsteknologipuljen … skærmbesøg … spiserobotter`),
            # or one specific word and four words of weight in both sentences (`målsætningen om fuld
            # kompetencedækning`)
            gated = _named_in_both(score) or _same_section_subject(later, earlier, scorer)
            if gated and (strong or (same_area and score.value >= limits.implicit_same_area) or mutual):
                for pick, pick_score in _chosen(ranked, score.value, limits):
                    proposals.append((False, not pick_score.duplicate, -pick_score.value, later.commitment.id, pick.commitment.id, later, pick, pick_score))
            # runners-up, asked only after every best match: where a subject has several units a year,
            # the best earlier one may be another later unit's, and the next one is the answer; a
            # runner-up must share the subject in both units' own sentences (two words of weight), not
            # only through the section around them
            for pick, pick_score in ranked[1:FALLBACK]:
                if pick_score.own_both < 2:
                    continue
                if not (pick_score.duplicate or pick_score.named_both >= 3 or _same_section_subject(later, pick, scorer)):
                    continue
                if pick_score.value >= limits.implicit or (
                    later.areas() & pick.areas() and pick_score.value >= limits.implicit_same_area
                ):
                    proposals.append((True, not pick_score.duplicate, -pick_score.value, later.commitment.id, pick.commitment.id, later, pick, pick_score))
        proposals = [p for p in proposals if not _yearly_formula(p[5], p[6], indexes, limits)]
        later_ids = {u.commitment.id for u in by_agreement[present[position]]}
        taken = {earlier_id for later_id, earlier_id in found if later_id in later_ids}
        linked: set[str] = set()
        for _, _, _, later_id, earlier_id, later, pick, pick_score in sorted(proposals, key=lambda p: p[:5]):
            if later_id in linked or earlier_id in taken:
                continue
            linked.add(later_id)
            taken.add(earlier_id)
            add(later, pick, Evidence.IMPLICIT, pick_score, "")

    # implicit across a gap: a subject the agreements in between did not carry on
    for later, earlier, score in _across_gaps(found, present, by_agreement, by_id, indexes, scorer, cpus):
        add(later, earlier, Evidence.IMPLICIT, score, "")

    links = []
    for (later_id, earlier_id), (evidence, score, cues) in sorted(_one_per_subject(found, by_id, scorer).items()):
        matched = list(dict.fromkeys([*cues, *score.shared]))
        links.append(
            FollowUp.model_validate(
                {
                    "from": later_id,
                    "to": earlier_id,
                    "evidence": evidence,
                    "confidence": _confidence(evidence, score),
                    "matched": matched,
                }
            )
        )
    return links
