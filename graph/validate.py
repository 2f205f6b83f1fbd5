"""SHACL validation of an export against `ontology/shapes.ttl`, with readable violations.

pyshacl's own report is a graph; researchers need one line per problem: the focus node, the
path and the message. All violations are collected, never just the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import OWL, SH
from rdflib.term import Node

import ontology
from graph.errors import InputError
from graph.rdf import ONTOLOGY_IRI, PREFIXES, format_of, merged_graph, parse_export, vocabulary_graph


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


def _short(node: Node | None, rdf: Graph) -> str:
    """`ag:followsUp` rather than a full IRI, where one of our prefixes fits."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if text.startswith(namespace) and text != namespace:
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"
    return node.n3(rdf.namespace_manager)


def validate_graph(data: Graph) -> Report:
    """Validate one graph (a dataset is validated through its union, `merged_graph`).

    An export made with `--no-include-ontology` gets the ontology as pyshacl's `ont_graph`, so
    it still knows that ag:Pending is an ag:Status.
    """
    has_ontology = (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in data  # then pyshacl need not copy the data
    conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=None if has_ontology else vocabulary_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        violations.append(
            Violation(
                focus=_short(results.value(result, SH.focusNode), results),
                path=_short(results.value(result, SH.resultPath), results),
                message=str(message) if message is not None else "",
                value=_short(results.value(result, SH.value), results),
                severity=_short(results.value(result, SH.resultSeverity), results).removeprefix("sh:"),
            )
        )
    return Report(conforms=bool(conforms), violations=sorted(violations), triples=len(data))


def validate_dataset(ds: Dataset) -> Report:
    return validate_graph(merged_graph(ds))


def validate_file(path: Path) -> Report:
    """Read an export in any of our formats (by suffix) and validate it."""
    fmt = format_of(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot be read ({error.strerror or error})") from None
    try:
        ds = parse_export(data, fmt)
    except Exception as error:  # rdflib's parsers raise many unrelated types
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(str(path), f"not valid {fmt}: {first}") from None
    return validate_dataset(ds)


def describe(violation: Violation) -> str:
    """One line: `focus  path: message (value …)`."""
    path = f" {violation.path}" if violation.path else ""
    value = f" (value {violation.value})" if violation.value and violation.value != violation.focus else ""
    return f"{violation.focus}{path}: {violation.message}{value}"
