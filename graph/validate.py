"""SHACL validation of an export against `ontology/shapes.ttl`, with readable violations.

The shapes run on rudof's Rust SHACL engine (pyrudof), fed N-Triples that Oxigraph writes: about
ten times faster than pyshacl on our export, SHACL-SPARQL constraints included. Researchers need
one line per problem: the focus node, the path and the message. All violations are collected,
never just the first.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph
import pyrudof
from rdflib import Dataset, Graph
from rdflib.namespace import OWL, RDF, SH

import ontology
from graph.errors import InputError
from graph.rdf import ONTOLOGY_IRI, PREFIXES, format_of, merged_graph, ox_triples


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: sortable, so reports come out in a stable order."""

    focus: str
    path: str
    message: str
    value: str
    severity: str


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: list[Violation]
    triples: int


def shapes_graph() -> Graph:
    return Graph().parse(data=ontology.resource_text(ontology.SHAPES_FILE), format="turtle")


@cache
def _shape_messages() -> dict[str, str]:
    """sh:message of every named shape. rudof words the results of a node shape's own constraints
    (sh:xone, sh:or, sh:in, …) itself; SHACL says the shape's sh:message is the result message."""
    triples = pyoxigraph.parse(
        ontology.resource_text(ontology.SHAPES_FILE), format=pyoxigraph.RdfFormat.TURTLE
    )
    message = pyoxigraph.NamedNode(str(SH.message))
    return {
        t.subject.value: t.object.value
        for t in triples
        if t.predicate == message and isinstance(t.subject, pyoxigraph.NamedNode)
    }


_ONTOLOGY_LINE = re.compile(f"^{re.escape(f'<{ONTOLOGY_IRI}> <{RDF.type}> <{OWL.Ontology}> .')}$", re.M)
_SPARQL_COMPONENT = str(SH.SPARQLConstraintComponent)
_QUOTED = re.compile(r'^"(.*)"(?:@[A-Za-z0-9-]+|\^\^\S+)?$', re.S)


def _short(iri: str | None) -> str:
    """`ag:followsUp` rather than a full IRI, where one of our prefixes fits."""
    if not iri:
        return ""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def _term(text: str | None) -> str:
    """A node as rudof prints it (literals quoted, blank nodes `_:`, IRIs bare) in our short form."""
    if not text:
        return ""
    return text if text.startswith(('"', "_:")) else _short(text)


def _message(text: str | None) -> str:
    """rudof's message is a literal in N-Triples form, `"…"`; the words inside it."""
    found = _QUOTED.match(text or "")
    if found is None:
        return text or ""
    try:
        return str(json.loads(f'"{found.group(1)}"'))  # N-Triples string escapes are JSON's
    except json.JSONDecodeError:
        return found.group(1)


def _violation(entry: pyrudof.ShaclValidationEntry) -> Violation:
    message = _message(entry.message)
    if entry.constraint_component != _SPARQL_COMPONENT:
        message = _shape_messages().get(entry.source_shape or "", message)
    return Violation(
        focus=_term(entry.focus_node),
        path=_term(entry.path),
        message=message,
        value=_term(entry.value),
        severity=entry.severity or "",
    )


_ENGINE_STARTED = False


def fork_safe() -> bool:
    """May this process fork a child that validates? Not once rudof has run here: its threads'
    locks are copied into the child held, and the child's rudof waits on them for ever."""
    return not _ENGINE_STARTED


# Where OpenSSL and rustls look for the system's CA certificates.
_CERTIFICATE_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")


@contextmanager
def _no_certificates() -> Iterator[None]:
    """rudof builds an HTTPS client for every data graph it starts, reading each of the system's
    CA certificates (about 0.1 s, more than validating a small graph). Our data is always inline
    and nothing is fetched, so while rudof runs the certificate locations point at nothing; they
    are restored afterwards for whatever else the process does."""
    saved = {name: os.environ.get(name) for name in _CERTIFICATE_VARIABLES}
    os.environ.update(dict.fromkeys(_CERTIFICATE_VARIABLES, os.devnull))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _entries(ntriples: str, *, vocabulary: bool = False) -> list[pyrudof.ShaclValidationEntry]:
    """rudof's results for N-Triples text.

    Data exported with `--no-include-ontology` (or `vocabulary`) gets the ontology and the concept
    scheme merged in, so the engine still knows that ag:Pending is an ag:Status.
    """
    global _ENGINE_STARTED
    _ENGINE_STARTED = True
    strict = pyrudof.ReaderMode.Strict
    merge = False
    with _no_certificates():
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        if vocabulary or not _ONTOLOGY_LINE.search(ntriples):
            for name in (ontology.ONTOLOGY_FILE, ontology.POLICY_AREAS_FILE):
                rudof.read_data(
                    ontology.resource_text(name), format=pyrudof.RDFFormat.Turtle, reader_mode=strict, merge=merge
                )
                merge = True
        if ntriples.strip():  # rudof refuses empty input
            rudof.read_data(ntriples, format=pyrudof.RDFFormat.NTriples, reader_mode=strict, merge=merge)
        rudof.read_shacl(ontology.resource_text(ontology.SHAPES_FILE), format=pyrudof.ShaclFormat.Turtle)
        return list(rudof.validate_shacl().violations)


def _report(violations: Iterable[Violation], triples: int) -> Report:
    """Warnings (and infos) conform, as pyshacl's `allow_warnings` did: only a sh:Violation keeps
    a graph from being published."""
    found = sorted(set(violations))
    return Report(conforms=all(v.severity != "Violation" for v in found), violations=found, triples=triples)


def validate_ntriples(ntriples: str, triples: int) -> Report:
    """Validate N-Triples text holding `triples` distinct triples, in one run of the engine."""
    return _report((_violation(entry) for entry in _entries(ntriples)), triples)


# rudof holds ~10 kB per triple while it validates (3 GB for the 10x export of 288k triples) and
# slows down faster than the data grows; a large export is validated in slices. A slice takes
# subjects until their triples, plus those of every node they point at, add up to this many.
SLICE_TRIPLES = 25_000

OxNode = pyoxigraph.NamedNode | pyoxigraph.BlankNode


def _slices(
    triples: Sequence[pyoxigraph.Triple], size: int, share: tuple[int, int] = (0, 1)
) -> Iterator[tuple[list[pyoxigraph.Triple], set[str]]]:
    """Slices of the union, each with the IRIs whose results it reports; with `share=(i, n)`
    only every n-th slice from the i-th.

    A slice owns consecutive subjects (with all their triples) and the IRIs its triples point at
    that are no subject anywhere. It also carries every triple of the nodes its triples point at
    (the rdf:type sh:class reads, the ag:fiscalYear and ag:followsUp the SPARQL constraints read)
    and every triple pointing at a node it owns through a predicate of sh:targetObjectsOf. The
    shapes read nothing further from a focus node (no sh:inversePath; `_slicing_predicates`), so
    an owned node gets exactly the results it gets in the whole graph; the other nodes of a slice
    are reported by the slices that own them.
    """
    index, shares = share
    by_subject: dict[OxNode, list[pyoxigraph.Triple]] = {}
    pointing: dict[OxNode, list[pyoxigraph.Triple]] = {}
    targeting = _slicing_predicates()
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
        if t.predicate.value in targeting and not isinstance(t.object, pyoxigraph.Literal):
            pointing.setdefault(t.object, []).append(t)
    subjects: list[OxNode] = []
    carried: set[OxNode] = set()  # the nodes whose triples the slice carries as context
    count = number = 0
    for subject, own in by_subject.items():
        subjects.append(subject)
        count += len(own)
        for t in own:  # with its context, each node's once: most subjects point at the same few
            if t.object not in carried and t.object in by_subject:
                carried.add(t.object)
                count += len(by_subject[t.object])
        if count >= size:
            if number % shares == index:
                yield _slice(subjects, by_subject, pointing)
            subjects, carried, count, number = [], set(), 0, number + 1
    if subjects and number % shares == index:
        yield _slice(subjects, by_subject, pointing)


def _slice(
    subjects: list[OxNode],
    by_subject: dict[OxNode, list[pyoxigraph.Triple]],
    pointing: dict[OxNode, list[pyoxigraph.Triple]],
) -> tuple[list[pyoxigraph.Triple], set[str]]:
    owned: set[OxNode] = set(subjects)
    data: dict[pyoxigraph.Triple, None] = {}
    for subject in subjects:
        for t in by_subject[subject]:
            data[t] = None
            target = t.object
            if isinstance(target, pyoxigraph.Literal):
                continue
            if target in by_subject:
                data.update(dict.fromkeys(by_subject[target]))
            else:
                owned.add(target)
    for node in owned:
        data.update(dict.fromkeys(pointing.get(node, ())))
    return list(data), {node.value for node in owned}


@cache
def _slicing_predicates() -> frozenset[str] | None:
    """The predicates of sh:targetObjectsOf in the shapes, the only incoming edges a focus node's
    results depend on; None when a shape walks an edge backwards (sh:inversePath), which slicing
    does not follow."""
    triples = pyoxigraph.parse(
        ontology.resource_text(ontology.SHAPES_FILE), format=pyoxigraph.RdfFormat.TURTLE
    )
    found: set[str] = set()
    for t in triples:
        if t.predicate.value == str(SH.inversePath):
            return None
        if t.predicate.value == str(SH.targetObjectsOf):
            found.add(t.object.value)
    return frozenset(found)


def validate_triples(
    triples: Sequence[pyoxigraph.Triple], *, slice_triples: int = SLICE_TRIPLES, share: tuple[int, int] = (0, 1)
) -> Report:
    """Validate distinct triples, in slices (`_slices`) once there are more than `slice_triples`.

    Blank nodes are relabelled by the parser, so data holding any is validated in one run. With
    `share=(i, n)` only the i-th of n interleaved shares of the slices is validated (data in one
    run belongs to share 0): n processes, one per share, together find what one finds
    (`merged_report`).
    """
    index, shares = share
    if (
        len(triples) <= slice_triples
        or _slicing_predicates() is None
        or any(isinstance(term, pyoxigraph.BlankNode) for t in triples for term in (t.subject, t.object))
    ):
        if index:
            return _report((), len(triples))
        data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) if triples else b""
        return validate_ntriples(data.decode("utf-8"), len(triples))
    found: list[Violation] = []
    for part, owned in _slices(triples, slice_triples, share):
        text = pyoxigraph.serialize(part, format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8")
        entries = _entries(text, vocabulary=True)
        found.extend(_violation(entry) for entry in entries if entry.focus_node in owned)
    return _report(found, len(triples))


def merged_report(reports: Iterable[Report]) -> Report:
    """One report from those of the shares of one graph (`validate_triples`)."""
    reports = list(reports)
    return _report((v for r in reports for v in r.violations), max((r.triples for r in reports), default=0))


def validate_graph(data: Graph) -> Report:
    """Validate one rdflib graph (a dataset is validated through its union, `merged_graph`)."""
    return validate_ntriples(data.serialize(format="nt", encoding="utf-8").decode("utf-8"), len(data))


def validate_quads(quads: Sequence[pyoxigraph.Quad], *, share: tuple[int, int] = (0, 1)) -> Report:
    """Validate the union of the graphs of an export given as Oxigraph quads (`bundle_quads`).

    Validated in shares (`share=(i, n)`, n > 1), the export is cut into at least n slices, so
    each share has work even where `SLICE_TRIPLES` would make fewer than n.
    """
    triples = ox_triples(quads)
    shares = share[1]
    size = SLICE_TRIPLES if shares == 1 else min(SLICE_TRIPLES, max(1, -(-len(triples) // shares)))
    return validate_triples(triples, slice_triples=size, share=share)


def validate_dataset(ds: Dataset | Sequence[pyoxigraph.Quad]) -> Report:
    """Validate an export, as an rdflib Dataset or as the Oxigraph quads `bundle_quads` gives."""
    if isinstance(ds, Dataset):
        return validate_graph(merged_graph(ds))
    return validate_quads(ds)


_OX_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
}


def validate_file(path: Path) -> Report:
    """Read an export in any of our formats (by suffix) with Oxigraph's parsers and validate it."""
    fmt = format_of(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot be read ({error.strerror or error})") from None
    try:
        quads = list(pyoxigraph.parse(data, format=_OX_FORMATS[fmt]))
    except (SyntaxError, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(str(path), f"not valid {fmt}: {first}") from None
    return validate_quads(quads)


def describe(violation: Violation) -> str:
    """One line: `focus  path: message (value …)`."""
    path = f" {violation.path}" if violation.path else ""
    value = f" (value {violation.value})" if violation.value and violation.value != violation.focus else ""
    return f"{violation.focus}{path}: {violation.message}{value}"
