"""`aftalegraf push`: upload the export to a SPARQL store with the SPARQL 1.1 Graph Store HTTP Protocol.

Two layouts:
- default: every graph of the export as itself: one named graph per agreement, the ontology and the
  concept scheme in theirs, parties and the VoID description in the store's default graph;
- `--graph IRI`: the whole export merged into that one graph.

`--replace` sends PUT, which the protocol defines as replacing the graph's content in one request:
the store swaps the graph in one transaction (Oxigraph does), so a reader sees the old graph or the
new one, never a mix, and a failed upload leaves the old one. Without it, POST adds triples (our
export has no blank nodes, so pushing the same export twice adds nothing). In the per-agreement
layout each graph is replaced atomically on its own; should the connection fail midway the report
names the graphs already replaced, and running the command again completes the push.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from graph.errors import EndpointError
from graph.rdf import PREFIXES

TURTLE = "text/turtle; charset=utf-8"


@dataclass(frozen=True)
class Pushed:
    graph: str  # IRI, or "default"
    triples: int
    status: int


def graph_url(endpoint: str, graph: str | None) -> str:
    """`…/store?graph=<IRI>` for a named graph, `…/store?default` for the default graph."""
    joiner = "&" if "?" in endpoint else "?"
    return (
        f"{endpoint}{joiner}default" if graph is None else f"{endpoint}{joiner}graph={quote(graph, safe='')}"
    )


def _check_endpoint(endpoint: str) -> None:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(
            endpoint, "not an http(s) URL of a Graph Store endpoint (e.g. http://127.0.0.1:7878/store)"
        )


def _send(url: str, method: str, body: bytes, timeout: float) -> int:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": TURTLE})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        detail = error.read(300).decode("utf-8", errors="replace").strip().splitlines()
        reason = f"{error.code} {error.reason}" + (f": {detail[0]}" if detail else "")
        raise EndpointError(url, f"the store refused the {method}: {reason}") from None
    except urllib.error.URLError as error:
        raise EndpointError(
            url, f"cannot reach the store ({getattr(error.reason, 'strerror', None) or error.reason})"
        ) from None
    except (TimeoutError, OSError) as error:
        raise EndpointError(url, f"cannot reach the store ({error})") from None


def _turtle(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def plan(quads: list[ox.Quad], graph: str | None) -> list[tuple[str | None, list[ox.Triple]]]:
    """The requests to make: (target graph IRI or None for the default graph, its triples)."""
    if graph is not None:
        unique = {str(q.triple): q.triple for q in quads}
        return [(graph, [unique[k] for k in sorted(unique)])]
    groups: dict[str | None, list[ox.Triple]] = {}
    for q in quads:
        name = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        groups.setdefault(name, []).append(q.triple)
    return sorted(groups.items(), key=lambda item: (item[0] is not None, item[0] or ""))


def push(
    quads: list[ox.Quad],
    endpoint: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    timeout: float = 60.0,
) -> list[Pushed]:
    """Upload every planned graph; raises EndpointError naming the graph that failed."""
    _check_endpoint(endpoint)
    method = "PUT" if replace else "POST"
    done: list[Pushed] = []
    for target, triples in plan(quads, graph):
        url = graph_url(endpoint, target)
        try:
            status = _send(url, method, _turtle(triples), timeout)
        except EndpointError as error:
            if done:
                replaced = ", ".join(p.graph for p in done)
                raise EndpointError(
                    error.where, f"{error.problem} (already {'replaced' if replace else 'added'}: {replaced})"
                ) from None
            raise
        done.append(Pushed(graph=target or "default", triples=len(triples), status=status))
    return done
