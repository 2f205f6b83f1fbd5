"""SHACL validation of an export against `ontology/shapes.ttl`, with readable violations.

The shapes run on rudof's Rust SHACL engine (pyrudof), fed N-Triples that Oxigraph writes: about
ten times faster than pyshacl on our export, SHACL-SPARQL constraints included. Researchers need
one line per problem: the focus node, the path and the message. All violations are collected,
never just the first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
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


def validate_ntriples(ntriples: str, triples: int) -> Report:
    """Validate N-Triples text holding `triples` distinct triples.

    Data exported with `--no-include-ontology` gets the ontology and the concept scheme merged in,
    so the engine still knows that ag:Pending is an ag:Status. Warnings (and infos) conform, as
    pyshacl's `allow_warnings` did: only a sh:Violation keeps a graph from being published.
    """
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    strict = pyrudof.ReaderMode.Strict
    merge = False
    if not _ONTOLOGY_LINE.search(ntriples):
        for name in (ontology.ONTOLOGY_FILE, ontology.POLICY_AREAS_FILE):
            rudof.read_data(
                ontology.resource_text(name), format=pyrudof.RDFFormat.Turtle, reader_mode=strict, merge=merge
            )
            merge = True
    if ntriples.strip():  # rudof refuses empty input
        rudof.read_data(ntriples, format=pyrudof.RDFFormat.NTriples, reader_mode=strict, merge=merge)
    rudof.read_shacl(ontology.resource_text(ontology.SHAPES_FILE), format=pyrudof.ShaclFormat.Turtle)
    violations = sorted(_violation(entry) for entry in rudof.validate_shacl().violations)
    conforms = all(v.severity != "Violation" for v in violations)
    return Report(conforms=conforms, violations=violations, triples=triples)


def validate_graph(data: Graph) -> Report:
    """Validate one rdflib graph (a dataset is validated through its union, `merged_graph`)."""
    return validate_ntriples(data.serialize(format="nt", encoding="utf-8").decode("utf-8"), len(data))


def validate_quads(quads: Sequence[pyoxigraph.Quad]) -> Report:
    """Validate the union of the graphs of an export given as Oxigraph quads (`bundle_quads`)."""
    triples = ox_triples(quads)
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) if triples else b""
    return validate_ntriples(data.decode("utf-8"), len(triples))


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
