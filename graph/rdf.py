"""The RDF export: a Bundle as Oxigraph quads (or an rdflib Dataset) with one named graph per agreement.

Pure functions from models to RDF; `write_export` is the only one that touches the disk.
`bundle_quads` is the build's path: the triples go straight into Oxigraph terms, sorted once, and
every writer but JSON-LD takes them as they are; `bundle_dataset` derives an rdflib Dataset from
the same quads for JSON-LD and for callers that want rdflib's API.
Every IRI is minted from content (agreement ids, content-hash commitment ids, from+to of a
link, file names), never from run order, so two builds of the same corpus give the same IRIs
and, through sorted serialisation, byte-identical files.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TypedDict, Unpack, overload
from urllib.parse import quote

import pyoxigraph
from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, SKOS, TIME, VOID
from rdflib.term import Node

import ontology
from graph.corpus import read_agreement
from graph.errors import AftalegrafError, DatasetError, InputError
from graph.models import (
    Agreement,
    Bundle,
    Commitment,
    CommitmentType,
    Deadline,
    DeadlineKind,
    Evidence,
    FollowUp,
    FollowUpStatus,
    Span,
    Status,
    cited_agreements,
    fiscal_year_of,
)
from graph.vocab import AG

DEFAULT_BASE = "https://w3id.org/aftalegraf/"
DEFAULT_CORPUS = Path("data/agreements")
DEFAULT_ENDPOINT = "http://127.0.0.1:7878/sparql"
ONTOLOGY_IRI = URIRef("https://w3id.org/aftalegraf/ontology")
AREA_SCHEME_IRI = URIRef("https://w3id.org/aftalegraf/area/")
AREA = Namespace("https://w3id.org/aftalegraf/area/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
LICENSE = URIRef("https://opensource.org/licenses/MIT")
CONTEXT_CHARS = 32  # length of oa:prefix / oa:suffix, as in the Web Annotation examples

# Every prefix any export uses, so Turtle never shows `ns1:`.
PREFIXES: dict[str, str] = {
    "ag": str(AG._NS),
    "area": str(AREA),
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "oa": str(OA),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "time": str(TIME),
    "void": str(VOID),
    "xsd": str(XSD),
}
VOCABULARIES = [AG._NS, DCAT, DCTERMS, OA, ORG, PROV, SCHEMA, SKOS, TIME, VOID]

FORMATS: dict[str, str] = {
    "ttl": "longturtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "xml",
}
QUAD_FORMATS = frozenset({"nq", "trig", "jsonld"})
MEDIA_TYPES: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}

_TYPE_CLASS = {
    CommitmentType.AGREEMENT: AG.AgreementCommitment,
    CommitmentType.ACKNOWLEDGMENT: AG.Acknowledgment,
    CommitmentType.PLEDGE: AG.Pledge,
}
_EVIDENCE = {
    Evidence.EXPLICIT_BACKWARD: AG.ExplicitBackward,
    Evidence.EXPLICIT_FORWARD: AG.ExplicitForward,
    Evidence.EXPLICIT_BOTH: AG.ExplicitBoth,
    Evidence.IMPLICIT: AG.Implicit,
}
_STATUS = {
    Status.FOLLOWED_UP: AG.FollowedUp,
    Status.PENDING: AG.Pending,
    Status.NO_FOLLOW_UP_FOUND: AG.NoFollowUpFound,
}
_DEADLINE_KIND = {
    DeadlineKind.AGREEMENT: AG.AgreementDeadline,
    DeadlineKind.INTERVAL: AG.IntervalDeadline,
    DeadlineKind.OPEN: AG.OpenDeadline,
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- IRIs --------------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """ASCII IRI segment for a name: `Indenrigs- og Boligministeriet` → `indenrigs-og-boligministeriet`."""
    folded = text.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


@lru_cache(maxsize=1 << 16)
def _segment(part: str) -> str:
    """A percent-encoded IRI segment. Cached: a commitment's id and the scheme's words ("commitment",
    "followup", …) recur in most IRIs of an export, and quoting was a tenth of building it."""
    return quote(part, safe="-._~")


@dataclass(frozen=True)
class Iris:
    """The IRI scheme under one base: every IRI is a function of content alone."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+[/#]$", self.base):
            raise AftalegrafError("--base", f"not an http(s) IRI ending in / or #: {self.base!r}")

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(_segment(part) for part in parts))

    def dataset(self) -> URIRef:
        return self._iri("dataset")

    def agreement(self, agreement: str) -> URIRef:
        return self._iri("agreement", agreement.replace("Ø", "o").lower())

    def agreement_graph(self, agreement: str) -> URIRef:
        return self._iri("graph", agreement.replace("Ø", "o").lower())

    def commitment(self, commitment_id: str) -> URIRef:
        return self._iri("commitment", commitment_id)

    def part(self, commitment_id: str, *parts: str) -> URIRef:
        """A node that belongs to one commitment: its passage, deadlines, amounts, references."""
        return self._iri("commitment", commitment_id, *parts)

    def followup(self, from_id: str, to_id: str) -> URIRef:
        return self._iri("followup", f"{from_id}_{to_id}")

    def status(self, commitment_id: str) -> URIRef:
        return self._iri("status", commitment_id)

    def party(self, name: str) -> URIRef:
        return self._iri("party", slug(name))

    def source(self, file: str) -> URIRef:
        return self._iri("source", file)

    def instant(self, date: str) -> URIRef:
        return self._iri("date", date)

    def dump(self) -> URIRef:
        return self._iri("dump", "aftalegraf.ttl")


# --- source texts ------------------------------------------------------------------------------------


def read_sources(bundle: Bundle, corpus: Path) -> dict[str, str]:
    """The decoded text of every corpus file the bundle cites, read exactly as the build read it.

    The Web Annotation selectors need the raw text around each passage; offsets into a file that
    changed since the build would point at the wrong words, so a digest mismatch is an error.
    """
    digests = {a.file: a.sha256 for a in bundle.agreements if a.file}
    years = {a.file: a.fiscal_year for a in bundle.agreements if a.file}
    years.update({c.source.file: c.fiscal_year for c in bundle.commitments})
    texts: dict[str, str] = {}
    for name in sorted(years):
        path = corpus / name
        text = read_agreement(path, year=years[name], name=name)
        expected = digests.get(name)
        if expected and text.agreement.sha256 != expected:
            raise InputError(str(path), "file differs from the one the dataset was built from (sha256)")
        texts[name] = text.raw
    return texts


# --- building the dataset ----------------------------------------------------------------------------


# Literals are made as Oxigraph terms directly: rdflib's Literal parses every typed lexical form
# into a Python value, which the export never needs. Each lexical form below is already the one
# rdflib would normalise it to, so `bundle_dataset` holds exactly the literals it used to.
_XSD_BOOLEAN = pyoxigraph.NamedNode(str(XSD.boolean))
_XSD_DATE = pyoxigraph.NamedNode(str(XSD.date))
_XSD_DECIMAL = pyoxigraph.NamedNode(str(XSD.decimal))
_XSD_INTEGER = pyoxigraph.NamedNode(str(XSD.integer))
_XSD_NON_NEGATIVE = pyoxigraph.NamedNode(str(XSD.nonNegativeInteger))
_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = str(RDF.langString)


def _lit(text: str, lang: str | None = None) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(text, language=lang) if lang else pyoxigraph.Literal(text)


def _int(value: int, datatype: pyoxigraph.NamedNode = _XSD_INTEGER) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(str(value), datatype=datatype)


def _decimal(value: float) -> pyoxigraph.Literal:
    """`xsd:decimal` from the shortest repr of a float: `1.5e9` → `1500000000.0`, never `1.5E+9`."""
    return pyoxigraph.Literal(format(Decimal(repr(value)), "f"), datatype=_XSD_DECIMAL)


def _bool(value: bool) -> pyoxigraph.Literal:
    return pyoxigraph.Literal("true" if value else "false", datatype=_XSD_BOOLEAN)


def _date(iso: str) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(iso, datatype=_XSD_DATE)


OxTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal
TermKey = tuple[str, str, str]  # a triple's terms in N-Triples form


class Triples:
    """One graph's triples as Oxigraph terms, each kept once (a graph is a set, as rdflib's is).

    The triple functions below add rdflib IRIs (the vocabulary's, `Iris`') and Oxigraph literals.
    Each triple is keyed by its terms' N-Triples forms: sorting those tuples gives the order of
    the N-Quads lines (`quad_key`; a term's form never ends where another's goes on with a
    character below the space), so the export is sorted without writing a line per quad. IRIs go
    through a cache shared by every graph of one export: the same predicates, classes and nodes
    come back thousands of times.
    """

    __slots__ = ("_cache", "triples")

    def __init__(self, cache: dict[str, tuple[pyoxigraph.NamedNode, str]]) -> None:
        self._cache = cache
        self.triples: dict[TermKey, tuple[OxTerm, OxTerm, OxTerm]] = {}

    def _term(self, term: Node | OxTerm) -> tuple[OxTerm, str]:
        if isinstance(term, URIRef):
            found = self._cache.get(term)
            if found is None:
                node = pyoxigraph.NamedNode(str(term))
                found = self._cache[term] = (node, str(node))
            return found
        if isinstance(term, Literal):  # the ontology, read by rdflib
            if term.language:
                term = pyoxigraph.Literal(str(term), language=term.language)
            elif term.datatype is not None:
                term = pyoxigraph.Literal(str(term), datatype=self._term(term.datatype)[0])
            else:
                term = pyoxigraph.Literal(str(term))
        elif isinstance(term, BNode):
            term = pyoxigraph.BlankNode(str(term))
        return term, str(term)

    def add(self, triple: tuple[Node | OxTerm, Node | OxTerm, Node | OxTerm]) -> None:
        (s, ks), (p, kp), (o, ko) = (self._term(t) for t in triple)
        self.triples[(ks, kp, ko)] = (s, p, o)

    def __len__(self) -> int:
        return len(self.triples)


class Quads(Sequence[pyoxigraph.Quad]):
    """An export's quads in the one order (`quad_key`) and the union of its graphs (each triple
    once, sorted), so that no writer sorts again. Each is made the first time it is asked for:
    the build needs only the union (Turtle, SHACL), the quad formats only the quads."""

    def __init__(self, default: Triples, graphs: dict[str, Triples]) -> None:
        """`graphs` maps graph IRIs to their triples: the default graph comes first, then the
        named graphs by IRI, each graph's triples by their N-Triples forms."""
        self._graphs = [(None, default)] + [
            (pyoxigraph.NamedNode(name), graphs[name]) for name in sorted(graphs, key=lambda iri: f"<{iri}>")
        ]

    @cached_property
    def quads(self) -> tuple[pyoxigraph.Quad, ...]:
        return tuple(
            pyoxigraph.Quad(*triples.triples[key], graph)  # None: the default graph
            for graph, triples in self._graphs
            for key in sorted(triples.triples)
        )

    @cached_property
    def triples(self) -> tuple[pyoxigraph.Triple, ...]:
        union: dict[TermKey, tuple[OxTerm, OxTerm, OxTerm]] = {}
        for _graph, triples in self._graphs:
            union.update(triples.triples)
        return tuple(pyoxigraph.Triple(*union[key]) for key in sorted(union))

    @overload
    def __getitem__(self, index: int) -> pyoxigraph.Quad: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[pyoxigraph.Quad]: ...
    def __getitem__(self, index: int | slice) -> pyoxigraph.Quad | Sequence[pyoxigraph.Quad]:
        return self.quads[index]

    def __iter__(self) -> Iterator[pyoxigraph.Quad]:
        return iter(self.quads)

    def __len__(self) -> int:
        return sum(len(triples) for _graph, triples in self._graphs)


def _span(rdf: Triples, node: URIRef, span: Span | None) -> None:
    if span is not None:
        rdf.add((node, AG.startOffset, _int(span.start, _XSD_NON_NEGATIVE)))
        rdf.add((node, AG.endOffset, _int(span.end, _XSD_NON_NEGATIVE)))


def _interval(rdf: Triples, iris: Iris, node: URIRef, norm: str) -> None:
    """`2023-09-01/2023-11-30`, `../2024-12-31` or `2025-01-01/..` as an OWL-Time interval."""
    begin, _, end = norm.partition("/")
    interval = URIRef(f"{node}/interval")
    rdf.add((node, AG.interval, interval))
    rdf.add((interval, RDF.type, TIME.Interval))
    for prop, date in ((TIME.hasBeginning, begin), (TIME.hasEnd, end)):
        if _ISO_DATE.match(date):
            instant = iris.instant(date)
            rdf.add((interval, prop, instant))
            rdf.add((instant, RDF.type, TIME.Instant))
            rdf.add((instant, TIME.inXSDDate, _date(date)))


def _deadline(rdf: Triples, iris: Iris, node: URIRef, deadline: Deadline) -> None:
    rdf.add((node, RDF.type, AG.Deadline))
    rdf.add((node, AG.deadlineText, _lit(deadline.text, "da")))
    rdf.add((node, AG.deadlineKind, _DEADLINE_KIND[deadline.kind]))
    if deadline.norm is not None:
        rdf.add((node, AG.deadlineNorm, _lit(deadline.norm)))
        if deadline.kind is DeadlineKind.AGREEMENT:
            rdf.add((node, AG.dueAgreement, iris.agreement(deadline.norm)))
        elif deadline.kind is DeadlineKind.INTERVAL:
            _interval(rdf, iris, node, deadline.norm)
    _span(rdf, node, deadline.span)


def _passage(rdf: Triples, iris: Iris, commitment: Commitment, raw: str) -> URIRef:
    """The Web Annotation description of where the commitment's words stand in the raw file."""
    src = commitment.source
    if src.end > len(raw):
        raise DatasetError(
            commitment.id, f"source span {src.start}–{src.end} lies beyond the end of {src.file} ({len(raw)})"
        )
    passage = iris.part(commitment.id, "passage")
    quote_sel = iris.part(commitment.id, "passage", "quote")
    position = iris.part(commitment.id, "passage", "position")
    rdf.add((passage, RDF.type, OA.SpecificResource))
    rdf.add((passage, OA.hasSource, iris.source(src.file)))
    rdf.add((passage, OA.hasSelector, quote_sel))
    rdf.add((passage, OA.hasSelector, position))
    rdf.add((quote_sel, RDF.type, OA.TextQuoteSelector))
    rdf.add((quote_sel, OA.exact, _lit(raw[src.start : src.end])))
    rdf.add((quote_sel, OA.prefix, _lit(raw[max(0, src.start - CONTEXT_CHARS) : src.start])))
    rdf.add((quote_sel, OA.suffix, _lit(raw[src.end : src.end + CONTEXT_CHARS])))
    rdf.add((position, RDF.type, OA.TextPositionSelector))
    rdf.add((position, OA.start, _int(src.start, _XSD_NON_NEGATIVE)))
    rdf.add((position, OA.end, _int(src.end, _XSD_NON_NEGATIVE)))
    return passage


def commitment_triples(rdf: Triples, iris: Iris, commitment: Commitment, raw: str) -> None:
    """One commitment with its passage, deadlines, amounts and references."""
    node = iris.commitment(commitment.id)
    rdf.add((node, RDF.type, AG.Commitment))
    rdf.add((node, RDF.type, _TYPE_CLASS[commitment.type]))
    rdf.add((node, DCTERMS.identifier, _lit(commitment.id)))
    rdf.add((node, AG.agreement, iris.agreement(commitment.agreement)))
    rdf.add((node, AG.fiscalYear, _int(commitment.fiscal_year)))
    rdf.add((node, AG.text, _lit(commitment.text, "da")))
    if commitment.heading:
        rdf.add((node, AG.headingPath, _lit(" › ".join(commitment.heading), "da")))
    rdf.add((node, AG.action, _bool(commitment.action)))
    for party in commitment.parties:
        rdf.add((node, AG.party, iris.party(party)))
    rdf.add((node, AG.area, AREA[commitment.area]))
    for area in commitment.areas:
        rdf.add((node, AG.secondaryArea, AREA[area]))
    for n, deadline in enumerate(commitment.deadlines, start=1):
        part = iris.part(commitment.id, "deadline", str(n))
        rdf.add((node, AG.deadline, part))
        _deadline(rdf, iris, part, deadline)
    for n, amount in enumerate(commitment.amounts, start=1):
        part = iris.part(commitment.id, "amount", str(n))
        rdf.add((node, AG.amount, part))
        rdf.add((part, RDF.type, AG.Amount))
        rdf.add((part, RDF.type, SCHEMA.MonetaryAmount))
        rdf.add((part, AG.amountText, _lit(amount.text, "da")))
        rdf.add((part, SCHEMA.currency, _lit("DKK")))
        if amount.value_dkk is not None:
            rdf.add((part, SCHEMA.value, _decimal(amount.value_dkk)))
        rdf.add((part, AG.unit, _lit(amount.unit)))
        if amount.year is not None:
            rdf.add((part, AG.amountYear, _int(amount.year)))
        if amount.price_level is not None:
            rdf.add((part, AG.priceLevel, _lit(amount.price_level)))
        _span(rdf, part, amount.span)
    for n, reference in enumerate(commitment.references, start=1):
        part = iris.part(commitment.id, "reference", str(n))
        rdf.add((node, AG.reference, part))
        rdf.add((part, RDF.type, AG.Reference))
        rdf.add((part, AG.referenceText, _lit(reference.text, "da")))
        if reference.agreement is not None:
            rdf.add((part, AG.citesAgreement, iris.agreement(reference.agreement)))
            rdf.add((node, DCTERMS.references, iris.agreement(reference.agreement)))
        if reference.name is not None:
            rdf.add((part, AG.citedName, _lit(reference.name, "da")))
        _span(rdf, part, reference.span)
    source = iris.source(commitment.source.file)
    rdf.add((node, AG.passage, _passage(rdf, iris, commitment, raw)))
    rdf.add((node, PROV.wasDerivedFrom, iris.part(commitment.id, "passage")))
    rdf.add((node, PROV.wasQuotedFrom, source))


def agreement_triples(rdf: Triples, iris: Iris, agreement: Agreement) -> None:
    node = iris.agreement(agreement.id)
    rdf.add((node, RDF.type, AG.Agreement))
    rdf.add((node, DCTERMS.identifier, _lit(agreement.id)))
    rdf.add((node, DCTERMS.title, _lit(agreement.title, "da")))
    rdf.add((node, AG.fiscalYear, _int(agreement.fiscal_year)))
    rdf.add((node, AG.inCorpus, _bool(agreement.in_corpus)))
    if agreement.signed is not None:
        rdf.add((node, DCTERMS.issued, _date(agreement.signed.isoformat())))
    for party in agreement.parties:
        rdf.add((node, AG.party, iris.party(party)))
    if agreement.file is not None:
        source = iris.source(agreement.file)
        rdf.add((node, DCTERMS.source, source))
        rdf.add((source, RDF.type, AG.SourceText))
        rdf.add((source, DCTERMS.title, _lit(agreement.file)))
        if agreement.sha256 is not None:
            rdf.add((source, AG.sha256, _lit(agreement.sha256)))
        if agreement.source_format is not None:
            rdf.add((source, AG.sourceFormat, _lit(agreement.source_format.value)))


def followup_triples(rdf: Triples, iris: Iris, link: FollowUp) -> None:
    """The link twice: as the direct `followsUp` edge (for paths) and as a node with its evidence."""
    later, earlier = iris.commitment(link.from_id), iris.commitment(link.to_id)
    node = iris.followup(link.from_id, link.to_id)
    rdf.add((later, AG.followsUp, earlier))
    rdf.add((node, RDF.type, AG.FollowUp))
    rdf.add((node, AG.followingCommitment, later))
    rdf.add((node, AG.followedCommitment, earlier))
    rdf.add((node, AG.evidence, _EVIDENCE[link.evidence]))
    rdf.add((node, AG.confidence, _decimal(link.confidence)))
    for words in link.matched:
        rdf.add((node, AG.matched, _lit(words, "da")))


def status_triples(rdf: Triples, iris: Iris, status: FollowUpStatus) -> None:
    commitment, node = iris.commitment(status.id), iris.status(status.id)
    value = _STATUS[status.status]
    rdf.add((commitment, AG.status, value))
    rdf.add((commitment, AG.statusAssessment, node))
    rdf.add((node, RDF.type, AG.StatusAssessment))
    rdf.add((node, AG.status, value))
    rdf.add((node, AG.asOf, iris.agreement(status.as_of)))
    if status.deadline is not None:
        rdf.add((node, AG.judgedDeadline, _lit(status.deadline)))
    for later in status.evidence.followed_up_by:
        rdf.add((node, AG.followedUpBy, iris.commitment(later)))
    if status.evidence.searched is not None:
        rdf.add((node, AG.searchedAgreement, iris.agreement(status.evidence.searched)))
    rdf.add((node, AG.statusReason, _lit(status.evidence.reason)))


def party_triples(rdf: Triples, iris: Iris, name: str) -> None:
    node = iris.party(name)
    rdf.add((node, RDF.type, AG.Party))
    rdf.add((node, RDF.type, ORG.Organization))
    rdf.add((node, SKOS.prefLabel, _lit(name, "da")))


def vocabulary_graph() -> Graph:
    """The ontology and the policy-area concept scheme, parsed from the package data."""
    rdf = Graph()
    rdf.parse(data=ontology.resource_text(ontology.ONTOLOGY_FILE), format="turtle")
    rdf.parse(data=ontology.resource_text(ontology.POLICY_AREAS_FILE), format="turtle")
    return rdf


def _referenced_agreements(bundle: Bundle) -> set[str]:
    """Agreements the data points at (deadlines, references, statuses), whether listed or not."""
    named = cited_agreements(bundle.commitments) | {c.agreement for c in bundle.commitments}
    for s in bundle.statuses:
        named.add(s.as_of)
        if s.evidence.searched:
            named.add(s.evidence.searched)
    return named


def _check_links(bundle: Bundle) -> None:
    known = {c.id for c in bundle.commitments}
    for link in bundle.links:
        for end in (link.from_id, link.to_id):
            if end not in known:
                raise DatasetError(f"link {link.from_id} → {link.to_id}", f"unknown commitment {end}")
    for status in bundle.statuses:
        if status.id not in known:
            raise DatasetError(f"status of {status.id}", "unknown commitment")


def bundle_quads(
    bundle: Bundle,
    sources: dict[str, str],
    *,
    base: str = DEFAULT_BASE,
    include_ontology: bool = True,
    endpoint: str = DEFAULT_ENDPOINT,
) -> Quads:
    """The whole export: a named graph per agreement, parties and the VoID/DCAT description in the
    default graph, and (optionally) the ontology and concept scheme in named graphs of their own.

    `sources` maps each corpus file name to its decoded text (`read_sources`). The quads come
    sorted (`quad_key`), which is what makes every serialisation deterministic.
    """
    iris = Iris(base)
    _check_links(bundle)
    cache: dict[str, tuple[pyoxigraph.NamedNode, str]] = {}

    agreements = {a.id: a for a in bundle.agreements}
    for aid in sorted(_referenced_agreements(bundle) - agreements.keys()):
        year = fiscal_year_of(aid)
        agreements[aid] = Agreement(
            id=aid, fiscal_year=year, title=f"Aftale om kommunernes økonomi for {year}", in_corpus=False
        )
    graphs = {aid: Triples(cache) for aid in sorted(agreements)}
    for aid in sorted(agreements):
        agreement_triples(graphs[aid], iris, agreements[aid])

    by_id = {c.id: c for c in bundle.commitments}
    for commitment in sorted(bundle.commitments, key=lambda c: c.id):
        if commitment.source.file not in sources:
            raise InputError(commitment.source.file, f"source text of {commitment.id} not available")
        commitment_triples(graphs[commitment.agreement], iris, commitment, sources[commitment.source.file])
    for link in sorted(bundle.links, key=lambda x: (x.from_id, x.to_id)):
        followup_triples(graphs[by_id[link.from_id].agreement], iris, link)
    for status in sorted(bundle.statuses, key=lambda s: s.id):
        status_triples(graphs[by_id[status.id].agreement], iris, status)

    default = Triples(cache)
    parties = {p for c in bundle.commitments for p in c.parties} | {
        p for a in agreements.values() for p in a.parties
    }
    for name in sorted(parties):
        party_triples(default, iris, name)
    named = {iris.agreement_graph(aid): graphs[aid] for aid in agreements}
    vocabulary = {ONTOLOGY_IRI: Triples(cache), AREA_SCHEME_IRI: Triples(cache)}
    if include_ontology:
        for triple in vocabulary_graph():
            vocabulary[AREA_SCHEME_IRI if str(triple[0]).startswith(str(AREA)) else ONTOLOGY_IRI].add(triple)
    total = len(default) + sum(len(g) for g in named.values()) + sum(len(g) for g in vocabulary.values())
    describe_dataset(default, iris, dict(sorted(named.items())), endpoint, total)

    everything = {str(name): triples for name, triples in [*named.items(), *vocabulary.items()] if triples}
    return Quads(default, everything)


class ExportOptions(TypedDict, total=False):
    """The keyword options of `bundle_quads`, passed on unchanged by `bundle_dataset`."""

    base: str
    include_ontology: bool
    endpoint: str


def bundle_dataset(bundle: Bundle, sources: dict[str, str], **options: Unpack[ExportOptions]) -> Dataset:
    """`bundle_quads` as an rdflib Dataset, for JSON-LD and for callers that want rdflib's API."""
    return dataset_of(bundle_quads(bundle, sources, **options))


def describe_dataset(
    default: Triples, iris: Iris, graphs: dict[URIRef, Triples], endpoint: str, total: int
) -> None:
    """VoID + DCAT self-description: title, licence, triple counts, vocabularies, dump and endpoint.

    `total` counts the triples of every graph before the description itself is added.
    """
    node = iris.dataset()
    for cls in (VOID.Dataset, DCAT.Dataset):
        default.add((node, RDF.type, cls))
    default.add((node, DCTERMS.title, _lit("Aftalegraf: tilsagn i økonomiaftalerne", "da")))
    default.add((node, DCTERMS.title, _lit("Aftalegraf: commitments of the economy agreements", "en")))
    default.add(
        (
            node,
            DCTERMS.description,
            _lit(
                "Commitments of the Danish municipal economy agreements (Aftale om kommunernes økonomi), "
                "their follow-up links and follow-up statuses, each with the passage it came from.",
                "en",
            ),
        )
    )
    default.add((node, DCTERMS.license, LICENSE))
    default.add((node, DCTERMS.conformsTo, ONTOLOGY_IRI))
    default.add((node, VOID.triples, _int(total)))
    default.add((node, VOID.uriSpace, _lit(iris.base)))
    for vocabulary in VOCABULARIES:
        default.add((node, VOID.vocabulary, URIRef(str(vocabulary))))
    default.add((node, VOID.dataDump, iris.dump()))
    default.add((node, VOID.sparqlEndpoint, URIRef(endpoint)))
    distribution = URIRef(f"{node}/distribution/turtle")
    default.add((node, DCAT.distribution, distribution))
    default.add((distribution, RDF.type, DCAT.Distribution))
    default.add((distribution, DCAT.downloadURL, iris.dump()))
    default.add((distribution, DCAT.mediaType, _lit("text/turtle")))
    service = URIRef(f"{node}/service/sparql")
    default.add((service, RDF.type, DCAT.DataService))
    default.add((service, DCAT.endpointURL, URIRef(endpoint)))
    default.add((service, DCAT.servesDataset, node))
    for name, named in graphs.items():
        default.add((node, VOID.subset, name))
        default.add((name, RDF.type, VOID.Dataset))
        default.add((name, VOID.triples, _int(len(named))))


def export_quads(bundle: Bundle, *, corpus: Path = DEFAULT_CORPUS, **options: Unpack[ExportOptions]) -> Quads:
    """`bundle_quads` with the source texts read from the corpus directory."""
    return bundle_quads(bundle, read_sources(bundle, corpus), **options)


def export_dataset(
    bundle: Bundle, *, corpus: Path = DEFAULT_CORPUS, **options: Unpack[ExportOptions]
) -> Dataset:
    """`bundle_dataset` with the source texts read from the corpus directory."""
    return dataset_of(export_quads(bundle, corpus=corpus, **options))


# --- serialisation -----------------------------------------------------------------------------------
#
# Oxigraph writes the export. rdflib's `longturtle` took 7 s on the real dataset (23k triples)
# and its TriG and RDF/XML writers order graphs and subjects by hash, so they differ between
# processes. Oxigraph's writers emit quads in the order given: fed a sorted list they are
# deterministic, and 100-300x faster. Only JSON-LD is written by rdflib (Oxigraph's JSON-LD
# writer does not compact with a context).


def quad_key(quad: pyoxigraph.Quad) -> tuple[bool, str, str]:
    """The one order of every export: by graph (default first), then by the N-Quads line."""
    return (not isinstance(quad.graph_name, pyoxigraph.DefaultGraph), str(quad.graph_name), str(quad))


def ox_quads(ds: Dataset | Sequence[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """Every quad of the dataset as Oxigraph terms, sorted by graph (default first), s, p, o."""
    if isinstance(ds, Quads):
        return list(ds.quads)
    if not isinstance(ds, Dataset):
        return sorted(ds, key=quad_key)
    nquads = ds.serialize(format="nquads", encoding="utf-8")
    return sorted(pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS), key=quad_key)


def _rdflib_term(term: OxTerm) -> Node:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))


def dataset_of(quads: Iterable[pyoxigraph.Quad]) -> Dataset:
    """An rdflib Dataset holding the quads, with our prefixes bound: what rdflib's N-Quads parser
    would make of them, without writing and reading them back."""
    ds = Dataset()
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace, override=True, replace=True)
    graphs: dict[str, Graph] = {}
    terms: dict[OxTerm, Node] = {}

    def term(node: OxTerm) -> Node:
        found = terms.get(node)
        if found is None:
            found = terms[node] = _rdflib_term(node)
        return found

    def graph(name: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph) -> Graph:
        key = "" if isinstance(name, pyoxigraph.DefaultGraph) else name.value
        if key not in graphs:
            graphs[key] = ds.default_graph if not key else ds.graph(URIRef(key))
        return graphs[key]

    ds.addN((term(q.subject), term(q.predicate), term(q.object), graph(q.graph_name)) for q in quads)
    return ds


def ox_triples(quads: Sequence[pyoxigraph.Quad]) -> list[pyoxigraph.Triple]:
    """The union of all graphs, each triple once, sorted."""
    if isinstance(quads, Quads):
        return list(quads.triples)
    unique = {str(q.triple): q.triple for q in quads}
    return [unique[key] for key in sorted(unique, key=lambda k: k)]


def _sorted_prefixes(data: bytes) -> bytes:
    """Oxigraph writes the prefix lines in its map's order; sort them so the header is stable too."""
    lines = data.split(b"\n")
    head = [line for line in lines if line.startswith(b"@prefix ")]
    rest = lines[len(head) :] if lines[: len(head)] == head else lines
    return b"\n".join(sorted(head) + ([b""] if head else []) + rest)


def _canonical_json(text: str) -> bytes:
    """JSON-LD with every array of nodes and values sorted: order carries no meaning in JSON-LD."""

    def norm(value: object) -> object:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            items = [norm(v) for v in value]
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return value

    data = norm(json.loads(text))
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def merged_graph(ds: Dataset) -> Graph:
    """Every graph of the dataset as one rdflib graph: what the triple formats (ttl, nt, xml) carry."""
    merged = Graph()
    for prefix, namespace in PREFIXES.items():
        merged.bind(prefix, namespace, override=True, replace=True)
    for named in ds.graphs():
        for triple in named:
            merged.add(triple)
    return merged


def json_ld_context() -> dict[str, str]:
    return dict(sorted(PREFIXES.items()))


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _check_xml_chars(quads: Sequence[pyoxigraph.Quad]) -> None:
    """RDF/XML is XML 1.0, which cannot carry most control characters (a PDF's form feeds between
    pages, quoted verbatim by oa:exact/oa:prefix); refuse rather than write a file no parser reads."""
    for q in quads:
        if isinstance(q.object, pyoxigraph.Literal) and (bad := _XML_ILLEGAL.search(q.object.value)):
            raise AftalegrafError(
                "--format xml",
                f"RDF/XML cannot hold the control character U+{ord(bad.group()):04X} in {q.subject} "
                f"{q.predicate}; use ttl, nt, nq, trig or jsonld",
            )


def serialize(ds: Dataset | Sequence[pyoxigraph.Quad], fmt: str) -> bytes:
    """The dataset (an rdflib Dataset or the quads of `bundle_quads`) in one of FORMATS,
    deterministically (same dataset → same bytes)."""
    if fmt not in FORMATS:
        raise AftalegrafError("--format", f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
    if fmt == "jsonld":
        rdf = ds if isinstance(ds, Dataset) else dataset_of(ds)
        text = rdf.serialize(format="json-ld", context=json_ld_context(), encoding="utf-8").decode("utf-8")
        return _canonical_json(text)
    quads = ds if isinstance(ds, Quads) else ox_quads(ds)
    if fmt == "xml":
        _check_xml_chars(quads.quads if isinstance(quads, Quads) else quads)
    ox_format = {
        "nq": pyoxigraph.RdfFormat.N_QUADS,
        "trig": pyoxigraph.RdfFormat.TRIG,
        "ttl": pyoxigraph.RdfFormat.TURTLE,
        "nt": pyoxigraph.RdfFormat.N_TRIPLES,
        "xml": pyoxigraph.RdfFormat.RDF_XML,
    }[fmt]
    items: Sequence[pyoxigraph.Quad] | Sequence[pyoxigraph.Triple] = (
        (quads.quads if isinstance(quads, Quads) else quads) if fmt in QUAD_FORMATS else ox_triples(quads)
    )
    data = pyoxigraph.serialize(items, format=ox_format, prefixes=PREFIXES)
    return _sorted_prefixes(data) if fmt in ("ttl", "trig") else data


def parse_export(data: bytes, fmt: str) -> Dataset:
    """Read an export back (for round trips and for `validate FILE`)."""
    ds = Dataset()
    if fmt in QUAD_FORMATS:
        ds.parse(data=data, format=FORMATS[fmt] if fmt != "nq" else "nquads")
    else:
        ds.default_graph.parse(data=data, format="turtle" if fmt == "ttl" else FORMATS[fmt])
    return ds


def format_of(path: Path) -> str:
    """Export format from a file name's suffix (`.ttl`, `.nq`, `.jsonld`, `.rdf`/`.xml`, …)."""
    suffix = path.suffix.lower().lstrip(".")
    aliases = {"turtle": "ttl", "json": "jsonld", "rdf": "xml", "owl": "xml", "n3": "ttl"}
    fmt = aliases.get(suffix, suffix)
    if fmt not in FORMATS:
        raise InputError(str(path), f"cannot tell the RDF format from the suffix {path.suffix!r}")
    return fmt


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same directory and rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_export(ds: Dataset | Sequence[pyoxigraph.Quad], path: Path, fmt: str) -> int:
    """Serialise and write atomically; returns the number of bytes written."""
    data = serialize(ds, fmt)
    write_atomic(path, data)
    return len(data)


TURTLE_FILE = "aftalegraf.ttl"
