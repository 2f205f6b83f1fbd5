"""The commitment graph as a networkx MultiDiGraph, built from a `Bundle` alone, and chain queries on it.

Node keys are stable and readable: commitment ids (`oa24-…`), agreement ids (`ØA24`, present or
only referenced), `party:KL`, `area:okonomi`, `deadline:<norm>` (a calendar interval) or
`deadline:open:<text>` (a deadline with no date), `named:<name>` (another agreement a unit cites).
Every node has `kind`; every edge has `type`, one of `in_agreement`, `party`, `area`, `deadline`,
`follows_up`, `references`. A deadline that is a later agreement points at that agreement's node.
`follows_up` edges run from the later commitment to the earlier one, like the links.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph.errors import AftalegrafError
from graph.models import Bundle, Commitment, DeadlineKind, fiscal_year_of
from ontology import policy_area_labels

EDGE_TYPES = ("in_agreement", "party", "area", "deadline", "follows_up", "references")


def deadline_node(norm: str | None, text: str) -> str:
    return f"deadline:{norm}" if norm else f"deadline:open:{text}"


def build_network(bundle: Bundle) -> nx.MultiDiGraph:
    """Every agreement, commitment, party, area and deadline of the bundle, with typed edges."""
    nxg = nx.MultiDiGraph()
    labels = policy_area_labels()
    status_of = {s.id: s for s in bundle.statuses}
    for agreement in sorted(bundle.agreements, key=lambda a: a.fiscal_year):
        nxg.add_node(
            agreement.id,
            kind="agreement",
            label=agreement.id,
            fiscal_year=agreement.fiscal_year,
            title=agreement.title,
            in_corpus=agreement.in_corpus,
            signed=agreement.signed.isoformat() if agreement.signed else None,
            file=agreement.file,
        )
    for commitment in sorted(bundle.commitments, key=lambda c: c.id):
        status = status_of.get(commitment.id)
        nxg.add_node(
            commitment.id,
            kind="commitment",
            label=commitment.id,
            agreement=commitment.agreement,
            fiscal_year=commitment.fiscal_year,
            text=commitment.text,
            commitment_type=str(commitment.type),
            action=commitment.action,
            area=commitment.area,
            status=str(status.status) if status else None,
        )
        _agreement_node(nxg, commitment.agreement, commitment.fiscal_year)
        nxg.add_edge(commitment.id, commitment.agreement, type="in_agreement")
        for party in commitment.parties:
            nxg.add_node(f"party:{party}", kind="party", label=party)
            nxg.add_edge(commitment.id, f"party:{party}", type="party")
        for area in [commitment.area, *commitment.areas]:
            nxg.add_node(f"area:{area}", kind="area", label=labels.get(area, {}).get("da", area))
            nxg.add_edge(commitment.id, f"area:{area}", type="area", primary=area == commitment.area)
        for deadline in commitment.deadlines:
            if deadline.kind is DeadlineKind.AGREEMENT and deadline.norm:
                target = deadline.norm
                _agreement_node(nxg, target, fiscal_year_of(target))
            else:
                target = deadline_node(deadline.norm, deadline.text)
                nxg.add_node(target, kind="deadline", label=deadline.norm or deadline.text, norm=deadline.norm)
            nxg.add_edge(commitment.id, target, type="deadline", text=deadline.text)
        for reference in commitment.references:
            if reference.agreement:
                target = reference.agreement
                _agreement_node(nxg, target, fiscal_year_of(target))
            else:
                target = f"named:{reference.name}"
                nxg.add_node(target, kind="named-agreement", label=reference.name)
            nxg.add_edge(commitment.id, target, type="references", text=reference.text)
    for link in sorted(bundle.links, key=lambda item: (item.from_id, item.to_id)):
        for end in (link.from_id, link.to_id):
            if end not in nxg or nxg.nodes[end].get("kind") != "commitment":
                raise AftalegrafError("links", f"the link {link.from_id} → {link.to_id} names an unknown commitment {end}")
        nxg.add_edge(
            link.from_id,
            link.to_id,
            type="follows_up",
            evidence=str(link.evidence),
            confidence=link.confidence,
            matched=list(link.matched),
        )
    return nxg


def _agreement_node(nxg: nx.MultiDiGraph, agreement: str, fiscal_year: int) -> None:
    """An agreement named only in passing still gets its node, marked as not in the corpus."""
    if agreement not in nxg:
        nxg.add_node(
            agreement,
            kind="agreement",
            label=agreement,
            fiscal_year=fiscal_year,
            title=f"Aftale om kommunernes økonomi for {fiscal_year}",
            in_corpus=False,
            signed=None,
            file=None,
        )


def follow_ups(nxg: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A read-only view of the graph with only the `follows_up` edges."""
    return nx.subgraph_view(nxg, filter_edge=lambda u, v, k: nxg.edges[u, v, k].get("type") == "follows_up")


def _ordered(nxg: nx.MultiDiGraph, ids: Iterable[str]) -> list[str]:
    return sorted(ids, key=lambda node: (nxg.nodes[node].get("fiscal_year", 0), node))


def _commitment(nxg: nx.MultiDiGraph, commitment_id: str) -> None:
    if commitment_id not in nxg or nxg.nodes[commitment_id].get("kind") != "commitment":
        raise AftalegrafError(commitment_id, "no commitment with this id in the dataset")


def ancestors(nxg: nx.MultiDiGraph, commitment_id: str) -> list[str]:
    """Every earlier commitment this one follows up, directly or through others, oldest first."""
    _commitment(nxg, commitment_id)
    return _ordered(nxg, nx.descendants(follow_ups(nxg), commitment_id))


def descendants(nxg: nx.MultiDiGraph, commitment_id: str) -> list[str]:
    """Every later commitment that follows this one up, directly or through others, oldest first."""
    _commitment(nxg, commitment_id)
    return _ordered(nxg, nx.ancestors(follow_ups(nxg), commitment_id))


def chain(nxg: nx.MultiDiGraph, commitment_id: str) -> list[str]:
    """The whole chain through a commitment: its ancestors, itself and its descendants, oldest first."""
    return _ordered(nxg, {*ancestors(nxg, commitment_id), commitment_id, *descendants(nxg, commitment_id)})


def steps(nxg: nx.MultiDiGraph, commitment_id: str) -> list[dict[str, object]]:
    """The chain as records a researcher reads: each step with the links to the earlier steps it follows."""
    ids = chain(nxg, commitment_id)
    members = set(ids)
    rows = []
    for node in ids:
        data = nxg.nodes[node]
        follows = [
            {
                "to": target,
                "evidence": attrs["evidence"],
                "confidence": attrs["confidence"],
                "matched": attrs["matched"],
            }
            for _, target, attrs in sorted(nxg.out_edges(node, data=True), key=lambda e: e[1])
            if attrs.get("type") == "follows_up" and target in members
        ]
        rows.append(
            {
                "id": node,
                "agreement": data["agreement"],
                "fiscal_year": data["fiscal_year"],
                "text": data["text"],
                "status": data.get("status"),
                "follows_up": follows,
            }
        )
    return rows


def commitments_of(bundle: Bundle, ids: Iterable[str]) -> list[Commitment]:
    """The records behind node keys, in the given order."""
    by_id = {c.id: c for c in bundle.commitments}
    return [by_id[i] for i in ids if i in by_id]
