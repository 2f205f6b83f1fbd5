"""Whole-document extraction: clean → segment → classify → fields → `Commitment` records.

Composes the stages; the field extractors (deadlines, amounts, references, areas)
work on one unit's text with local offsets, converted here to raw-file offsets
through the clean document's offset map.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from graph.amounts import find_amounts
from graph.areas import classify_area
from graph.classify import (
    DANSKE_REGIONER,
    KL,
    PARTERNE,
    REGERINGEN,
    Judgement,
    actor_runs,
    is_bare_lead_in,
    judge,
)
from graph.clean import Block, BlockKind, CleanDocument, clean_document
from graph.corpus import AgreementText
from graph.deadlines import find_deadlines
from graph.models import (
    Amount,
    Commitment,
    CommitmentId,
    CommitmentType,
    Deadline,
    DeadlineKind,
    Reference,
    Span,
)
from graph.references import find_references
from graph.segment import Segment, split_sentences

DEFAULT_PARTIES = (REGERINGEN, KL)
# A box item written without a dash: `Styrket kommunal sagsbehandling: Tiltag på lokalt niveau …`.
LABELLED_ITEM = re.compile(r"^[A-ZÆØÅ][^.:;]{2,80}:\s+\S")
# `… til at drøfte følgende konkrete temaer, jf. boks 2.`: a lead-in whose list stands in the box it points to
# (a pointer without `følgende`, `… en fælles retning, jf. boks 2.`, only refers to the box: gold 2019 #35)
BOX_LEAD_IN = re.compile(r"\bfølgende\b[^.:;]*,?\s+jf\.\s+boks\s+\d+\s*\.?\s*$", re.IGNORECASE)
SUBJECT_VERB = re.compile(r"^\s+(er|har|vil|skal|blev|var|drøfter|ønsker|aftalte|enige|\w+er)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """A commitment unit before its fields: where it stands and what the rules said."""

    block: Block
    start: int  # offsets in block.text
    end: int
    judgement: Judgement
    parties: tuple[str, ...]
    context: str  # the preceding sentences of the paragraph, for `i den forbindelse`
    inherited: tuple[Deadline, ...] = ()

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end]


def section_actors(sentence: str) -> tuple[str, ...] | None:
    """Joint actors a sentence names as its subject (`Regeringen, KL og Danske Regioner har …`)."""
    found: tuple[str, ...] | None = None
    for run in actor_runs(sentence):
        names = tuple(n for n in run.names if n != PARTERNE)
        if len(names) < 2 or REGERINGEN not in names:
            continue
        head = sentence[: run.start]
        if re.search(r"\b(med|for|til|af|mellem|hos|fra|om|end|inddrage|invitere)\s*$", head, re.IGNORECASE):
            continue
        before_verb = re.search(r"\b(er|har|vil|skal|blev|var)\s+$", head, re.IGNORECASE)
        if SUBJECT_VERB.match(sentence[run.end :]) or before_verb:
            found = names
    return found


@dataclass
class _Sections:
    """The actors each section names, in order: `Parterne` takes those named nearest before it
    under the same heading, else the first the section names after it, else Regeringen and KL."""

    named: dict[int, list[tuple[int, tuple[str, ...]]]] = field(default_factory=dict)
    chapter_of: dict[int, int] = field(default_factory=dict)  # section → the section of its chapter's own text

    def note(self, section: int, position: int, names: tuple[str, ...]) -> None:
        self.named.setdefault(section, []).append((position, names))

    def resolve(self, section: int, position: int, parties: tuple[str, ...]) -> tuple[str, ...]:
        if PARTERNE not in parties:
            return parties
        named = self.named.get(section, [])
        before = [names for at, names in named if at <= position]
        after = [names for at, names in named if at > position]
        chapter = self.named.get(self.chapter_of.get(section, section), []) if not named else []
        nearest = (
            before[-1] if before else after[0] if after else chapter[-1][1] if chapter else DEFAULT_PARTIES
        )
        resolved: list[str] = []
        for name in parties:
            for actual in nearest if name == PARTERNE else (name,):
                if actual not in resolved:
                    resolved.append(actual)
        return tuple(resolved)


def _sections(clean: CleanDocument) -> tuple[_Sections, list[int]]:
    """Number the sections (a new one at every chapter or section heading; boxes stay inside)
    and note the joint actors every sentence names."""
    sections = _Sections()
    numbers: list[int] = []
    section = chapter = 0
    for index, block in enumerate(clean.blocks):
        if block.kind == BlockKind.HEADING and not (block.text.startswith("Boks") or block.level >= 3):
            section += 1
            if block.level == 1:
                chapter = section
        sections.chapter_of[section] = chapter
        numbers.append(section)
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM):
            for sentence in split_sentences(block.text):
                names = section_actors(sentence.text)
                if names:
                    sections.note(section, index * 100000 + sentence.start, names)
    return sections, numbers


def find_units(clean: CleanDocument, *, fiscal_year: int, signing_year: int | None) -> Iterator[Unit]:
    """Every commitment unit of a clean document, in document order."""
    sections, section_of = _sections(clean)
    lead: Unit | None = None  # the unit lead-in the items below continue
    lead_open = False  # an item list is open under a lead-in (unit or not)
    for index, block in enumerate(clean.blocks):
        where = (section_of[index], index * 100000)
        if block.kind == BlockKind.HEADING:
            # a box opened under a lead-in (`… enige om følgende tiltag:` + `Boks 3`) keeps its items
            if not (lead_open and (block.text.startswith("Boks") or block.level >= 3)):
                lead, lead_open = None, False
            continue
        if block.kind == BlockKind.TABLE:
            continue
        sentences = split_sentences(block.text)
        labelled = block.kind == BlockKind.PARAGRAPH and bool(LABELLED_ITEM.match(block.text))
        if (block.kind == BlockKind.ITEM or labelled) and lead_open:
            if lead is not None:
                context = f"{lead.context} {lead.text}".strip()  # `i den forbindelse` may point at the lead-in
                inherited = find_deadlines(lead.text, fiscal_year=fiscal_year, signing_year=signing_year,
                                           context=lead.context)
                yield Unit(block, 0, len(block.text), lead.judgement, lead.parties, context,
                           tuple(_to_raw(lead, inherited)))
            # the item itself is a unit only under a unit lead-in; a later sentence with its own marker always is
            for i, sentence in enumerate(sentences[1:], 1):
                unit = _unit(block, sentence, sentences[:i], sections, where)
                if unit:
                    yield unit
            continue
        if block.kind == BlockKind.PARAGRAPH:
            lead, lead_open = None, False
        previous: Unit | None = None
        for i, sentence in enumerate(sentences):
            unit = _unit(block, sentence, sentences[:i], sections, where)
            if unit is not None and unit.judgement.marker == "passive" and previous is not None:
                if previous.judgement.type == CommitmentType.PLEDGE:
                    unit = None  # a passive continuing one party's pledge is that party's act, not a joint unit
            previous = unit
            last = i == len(sentences) - 1
            if last and block.kind == BlockKind.PARAGRAPH and (
                sentence.text.rstrip().endswith(":") or BOX_LEAD_IN.search(sentence.text)
            ):
                lead_open = True
                lead = unit
                if unit is not None and is_bare_lead_in(sentence.text):
                    continue
            if unit is not None:
                yield unit


def _unit(
    block: Block, sentence: Segment, before: list[Segment], sections: _Sections, where: tuple[int, int]
) -> Unit | None:
    judgement = judge(sentence.text)
    if judgement is None:
        return None
    parties = sections.resolve(where[0], where[1] + sentence.start, judgement.parties)
    context = " ".join(s.text for s in before)
    return Unit(block, sentence.start, sentence.end, judgement, parties, context)


def _local_to_raw(unit: Unit, span: Span | None) -> Span | None:
    if span is None:
        return None
    start, end = unit.block.raw_span(unit.start + span.start, unit.start + max(span.end, span.start + 1))
    return Span(start=start, end=end)


Located = TypeVar("Located", Deadline, Amount, Reference)


def _to_raw(unit: Unit, found: Sequence[Located]) -> list[Located]:
    """The finders see the unit's clean text; records keep raw-file offsets."""
    return [f.model_copy(update={"span": _local_to_raw(unit, f.span)}) for f in found]


def _area_of(text: str, heading: list[str], agreements: Sequence[Span | None]) -> tuple[str, list[str]]:
    """The area of what the unit says, not of the agreement it names: `forhandlingerne om kommunernes økonomi for
    2025` dates a talk about temporary staff, it does not make the unit one about the economy."""
    for span in sorted((s for s in agreements if s is not None), key=lambda s: -s.start):
        text = text[: span.start] + " " * (span.end - span.start) + text[span.end :]
    primary, secondary = classify_area(text, heading)
    return primary, list(secondary)


def extract_agreement(doc: AgreementText) -> list[Commitment]:
    """Every commitment of one agreement, with fields and raw-file provenance."""
    agreement = doc.agreement
    fiscal_year = agreement.fiscal_year
    signing_year = agreement.signed.year if agreement.signed else None
    clean = clean_document(doc.raw, agreement.source_format or _format_of(doc))
    commitments: list[Commitment] = []
    seen: dict[str, int] = {}
    for unit in find_units(clean, fiscal_year=fiscal_year, signing_year=signing_year):
        text = unit.text
        start, end = unit.block.raw_span(unit.start, unit.end)
        base = CommitmentId.generate(agreement.id, text)
        seen[base] = seen.get(base, 0) + 1
        identifier = base if seen[base] == 1 else f"{base}-{seen[base]}"
        # a deadline dates the committed act: a unit that binds no act (a view, a fixed frame) has none
        own = (
            find_deadlines(text, fiscal_year=fiscal_year, signing_year=signing_year, context=unit.context)
            if unit.judgement.action
            else []
        )
        references = find_references(text, fiscal_year=fiscal_year)
        deadlines = list(unit.inherited) + _to_raw(unit, own) if unit.judgement.action else []
        unique_deadlines: list[Deadline] = []
        for deadline in deadlines:
            if all(deadline.norm != d.norm or deadline.text != d.text for d in unique_deadlines):
                unique_deadlines.append(deadline)
        heading = list(unit.block.heading)
        named = [d.span for d in own if d.kind is DeadlineKind.AGREEMENT] + [r.span for r in references if r.agreement]
        area, areas = _area_of(text, heading, named)
        parties = list(unit.parties)
        if DANSKE_REGIONER in parties:
            parties = [p for p in (REGERINGEN, KL, DANSKE_REGIONER) if p in parties] + [
                p for p in parties if p not in (REGERINGEN, KL, DANSKE_REGIONER)
            ]
        commitments.append(
            Commitment(
                id=identifier,
                agreement=agreement.id,
                fiscal_year=fiscal_year,
                text=text,
                heading=heading,
                type=unit.judgement.type,
                action=unit.judgement.action,
                parties=parties,
                area=area,
                areas=areas,
                deadlines=unique_deadlines,
                amounts=_to_raw(unit, find_amounts(text)),
                references=_to_raw(unit, references),
                source={"file": doc.file, "start": start, "end": end},
            )
        )
    return commitments


def extract_corpus(
    texts: Sequence[AgreementText],
    workers: int | None = None,
    on_agreement: Callable[[AgreementText], None] | None = None,
) -> list[Commitment]:
    """Every commitment of the corpus, agreement after agreement in the order of `texts`.

    Agreements are independent, so they are extracted in forked worker processes (`workers`,
    default: the CPUs this process may use), the largest first so that no worker is left with
    the last long one; the result is the same list `extract_agreement` gives text by text.
    Serial for one text, one worker or where `fork` is unavailable (a spawned worker would
    re-import everything for seconds). `on_agreement` is told of each agreement as its
    commitments arrive, in order, for a progress display.
    """
    count = min(len(texts), workers if workers is not None else usable_cpus())
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _extract_serially(texts, on_agreement)
    by_size = sorted(range(len(texts)), key=lambda i: -len(texts[i].raw))
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {i: pool.submit(extract_agreement, texts[i]) for i in by_size}
        commitments: list[Commitment] = []
        for i, text in enumerate(texts):
            commitments.extend(futures[i].result())
            if on_agreement is not None:
                on_agreement(text)
    return commitments


def _extract_serially(
    texts: Sequence[AgreementText], on_agreement: Callable[[AgreementText], None] | None
) -> list[Commitment]:
    commitments: list[Commitment] = []
    for text in texts:
        commitments.extend(extract_agreement(text))
        if on_agreement is not None:
            on_agreement(text)
    return commitments


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _format_of(doc: AgreementText):  # noqa: ANN202 - SourceFormat, imported lazily to keep the import light
    from graph.corpus import detect_format

    return detect_format(doc.raw, "")
