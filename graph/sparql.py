"""SPARQL over the built graph, on the engine benchmarks/ENGINES.md chose: a pyoxigraph Store.

The export is built as Oxigraph quads (`graph.rdf.bundle_quads`); queries run on an Oxigraph
store loaded with them. Queries see the union of the named graphs as their default graph, so the saved
queries need no GRAPH clauses, and every prefix of the export is predeclared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

import ontology
from graph.errors import QueryError
from graph.rdf import PREFIXES

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
}
UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"(?m)^\s*#.*$")


@dataclass(frozen=True)
class Table:
    """A SELECT result as text cells, for the terminal: IRIs shortened with our prefixes."""

    variables: list[str]
    rows: list[list[str]]


def load_store(ds: Dataset | Sequence[ox.Quad]) -> ox.Store:
    """An in-memory Oxigraph store holding every quad of the export (a Dataset or its quads)."""
    store = ox.Store()
    if isinstance(ds, Dataset):  # unsorted N-Quads: order does not matter to a store, and sorting costs 1 s
        store.load(ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    else:
        store.extend(ds)
    return store


def load_file(path: Path) -> ox.Store:
    """A store from an export file (any format Oxigraph reads, by suffix)."""
    store = ox.Store()
    try:
        store.load(path=str(path))
    except (SyntaxError, ValueError, OSError) as error:
        raise QueryError(str(path), f"cannot load as RDF: {error}") from None
    return store


def saved_query(name: str) -> str:
    """The text of `ontology/queries/<name>.rq`."""
    names = ontology.saved_query_names()
    if name not in names:
        raise QueryError(f"--saved {name}", f"no such saved query (saved: {', '.join(names)})")
    return ontology.resource_text(f"queries/{name}.rq")


def read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(
            str(path), f"cannot read the query ({getattr(error, 'strerror', None) or error})"
        ) from None


def check_read_only(text: str, where: str = "query") -> None:
    """Updates are refused: the built graph is a publication, not a database to edit."""
    if UPDATE.match(_COMMENT.sub("", text)):
        raise QueryError(where, "SPARQL updates are refused: this graph is read-only")


def _term(value: str) -> ox.NamedNode | ox.Literal:
    """`--bind` value: `<iri>` is an IRI, digits an integer, anything else a plain string."""
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if re.fullmatch(r"-?\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(value)


def parse_bindings(pairs: list[str]) -> dict[str, str]:
    """`["id=oa20-…"]` → `{"id": "oa20-…"}`; a malformed pair is an error naming it."""
    bindings: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"--bind {pair}", "expected NAME=VALUE, e.g. id=oa20-1a2b3c4d5e")
        bindings[name] = value
    return bindings


def execute(
    store: ox.Store, text: str, *, bindings: dict[str, str] | None = None, where: str = "query"
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a read-only query; a syntax error becomes one line with Oxigraph's message and position."""
    check_read_only(text, where)
    substitutions = {ox.Variable(k): _term(v) for k, v in (bindings or {}).items()}
    try:
        return store.query(
            text, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=substitutions or None
        )
    except SyntaxError as error:
        message = str(error).splitlines()[0] if str(error) else "syntax error"
        raise QueryError(where, f"malformed SPARQL: {message}") from None
    except OSError as error:
        raise QueryError(where, f"query failed: {error}") from None


def result_bytes(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str) -> bytes:
    """A result in a standard format: json|csv|tsv|xml for SELECT/ASK, ttl|jsonld|nt|xml for graphs."""
    if isinstance(result, ox.QueryTriples):
        if fmt not in GRAPH_FORMATS:
            fmt = "ttl"
        return ox.serialize(list(result), format=GRAPH_FORMATS[fmt], prefixes=PREFIXES)
    if fmt not in RESULT_FORMATS:
        raise QueryError(
            "--format", f"unknown result format {fmt!r} (choose table, {', '.join(RESULT_FORMATS)})"
        )
    return result.serialize(format=RESULT_FORMATS[fmt])


def short(term: object) -> str:
    """A term as a researcher reads it: `ag:Pending`, a literal's value, `<iri>` otherwise."""
    if isinstance(term, ox.NamedNode):
        value = term.value
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if value.startswith(namespace) and value != namespace:
                return f"{prefix}:{value[len(namespace) :]}"
        return value
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return "" if term is None else str(term)


def table(result: ox.QuerySolutions | ox.QueryBoolean) -> Table:
    if isinstance(result, ox.QueryBoolean):
        return Table(variables=["boolean"], rows=[[str(bool(result)).lower()]])
    variables = [v.value for v in result.variables]
    rows = [[short(solution[v]) for v in variables] for solution in result]
    return Table(variables=variables, rows=rows)


def select_ids(
    store: ox.Store, text: str, variable: str, *, bindings: dict[str, str] | None = None
) -> list[str]:
    """One column of a SELECT as strings (what tests and the chain comparison need)."""
    result = execute(store, text, bindings=bindings)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("query", "expected a SELECT query")
    return [short(solution[variable]) for solution in result]
