"""The node and edge data of the HTML view: a pure function from a Bundle to vis-network records.

What the view shows, and what the browser tests count:
- one node per agreement (in the corpus, or only referenced, such as ØA21 — marked missing),
  one column per fiscal year, ordered left to right;
- one node per commitment, in its agreement's column;
- one *membership* edge from every commitment to its agreement;
- one *follow-up* edge per `FollowUp` whose two ends are both in the view (later → earlier).

Positions are computed here, so the browser never runs physics and the page is the same every time.
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.errors import AftalegrafError
from graph.models import (
    Agreement,
    Bundle,
    Commitment,
    CommitmentType,
    Evidence,
    FollowUpStatus,
    Status,
)
from graph.network import build_network, chain
from ontology import policy_area_labels

LARGE_VIEW = 1000
"""Above this many nodes a whole-graph picture stops being readable: the page and the CLI say so."""

# Geometry of the timeline (canvas pixels).
CELL = 26
COLUMN_GAP = 240
AGREEMENT_Y = -90
MAX_SUBCOLUMNS = 12
SCREEN_ASPECT = 1.9
TEXT_WIDTH = 72

# One colour per policy area, in the order of ontology/policy-areas.ttl (a qualitative palette
# whose neighbours differ in hue and lightness, so adjacent bands in a column stay distinguishable).
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#86bcb6", "#8cd17d", "#d37295", "#bab0ac",
)  # fmt: skip
SHAPES: Mapping[CommitmentType, str] = {
    CommitmentType.AGREEMENT: "dot",
    CommitmentType.ACKNOWLEDGMENT: "square",
    CommitmentType.PLEDGE: "triangle",
}
STATUS_ORDER = (Status.NO_FOLLOW_UP_FOUND, Status.PENDING, Status.FOLLOWED_UP)
STATUS_BORDER: Mapping[Status, str] = {
    Status.NO_FOLLOW_UP_FOUND: "#7f1d1d",
    Status.PENDING: "#111827",
}
EXPLICIT = frozenset({Evidence.EXPLICIT_BACKWARD, Evidence.EXPLICIT_FORWARD, Evidence.EXPLICIT_BOTH})
FOLLOW_UP_COLOUR = {True: "#1f2937", False: "#6b7280"}
MEMBER_COLOUR = "rgba(120,120,120,0.08)"
MISSING_COLOUR = {"background": "#f3f4f6", "border": "#9ca3af"}
PRESENT_COLOUR = {"background": "#e5e7eb", "border": "#374151"}


class ViewError(AftalegrafError):
    """A view that cannot be made: an unknown commitment, area or party was asked for."""


@dataclass(frozen=True)
class Selection:
    """What `aftalegraf viz` was asked to show; empty sets mean everything."""

    years: frozenset[int] = frozenset()
    areas: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()
    statuses: frozenset[Status] = frozenset()
    chain: str | None = None

    def describe(self) -> str:
        """One line for the page heading: which focused view this is."""
        parts = []
        if self.chain:
            parts.append(f"chain of {self.chain}")
        for name, values in (("year", self.years), ("area", self.areas), ("party", self.parties)):
            if values:
                parts.append(f"{name} {', '.join(sorted(str(v) for v in values))}")
        if self.statuses:
            parts.append(f"status {', '.join(sorted(self.statuses))}")
        return "; ".join(parts) if parts else "all commitments"


@dataclass(frozen=True)
class View:
    """The records the page's vis DataSets are made of, and what the legend and filters offer."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    title: str
    areas: list[tuple[str, str, str]] = field(default_factory=list)  # (id, Danish label, colour)
    parties: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    @property
    def commitment_count(self) -> int:
        return sum(1 for node in self.nodes if node["kind"] == "commitment")

    @property
    def large(self) -> bool:
        return len(self.nodes) > LARGE_VIEW

    @property
    def notice(self) -> str | None:
        """What the page and the CLI say when the view is too large to read as a whole."""
        if not self.large:
            return None
        return (
            f"This view has {len(self.nodes):,} nodes; above {LARGE_VIEW:,} a whole-graph picture is "
            "hard to read. Focus it with --chain ID, --year YEAR or --area AREA, or use the filters."
        )


# --- selection -----------------------------------------------------------------------------------------


def status_summary(statuses: Iterable[FollowUpStatus]) -> list[Status]:
    """The distinct statuses of one commitment, the most telling first (no follow-up found, pending, …)."""
    found = {status.status for status in statuses}
    return [status for status in STATUS_ORDER if status in found]


def _party_key(party: str) -> str:
    return party.casefold().strip()


def _agreements(bundle: Bundle, nxg: nx.MultiDiGraph) -> list[Agreement]:
    """Every agreement node of the graph (those only referenced too), as records, by fiscal year."""
    listed = {agreement.id: agreement for agreement in bundle.agreements}
    found = []
    for key, data in nxg.nodes(data=True):
        if data.get("kind") != "agreement":
            continue
        found.append(
            listed.get(key)
            or Agreement(
                id=key, fiscal_year=data["fiscal_year"], title=data["title"], in_corpus=data["in_corpus"]
            )
        )
    return sorted(found, key=lambda a: a.fiscal_year)


def select(
    bundle: Bundle, nxg: nx.MultiDiGraph, selection: Selection
) -> tuple[list[Agreement], list[Commitment]]:
    """The agreements (columns) and commitments a selection keeps, each in timeline order.

    Columns: every agreement node whose year passes `--year`; with `--chain`, only those between the
    chain's first and last fiscal year, so missing agreements still stand in their place.
    """
    unknown_areas = sorted(selection.areas - set(policy_area_labels()))
    if unknown_areas:
        raise ViewError(
            "--area", f"unknown policy area {unknown_areas[0]!r}; known: {', '.join(policy_area_labels())}"
        )
    party_keys = {_party_key(p) for p in selection.parties}
    known_parties = {_party_key(p) for commitment in bundle.commitments for p in commitment.parties}
    unknown_parties = sorted(party_keys - known_parties)
    if unknown_parties:
        raise ViewError("--party", f"no commitment names the party {unknown_parties[0]!r}")
    in_chain: set[str] | None = None
    if selection.chain is not None:
        if nxg.nodes.get(selection.chain, {}).get("kind") != "commitment":
            raise ViewError("--chain", f"no commitment has the id {selection.chain!r}")
        in_chain = set(chain(nxg, selection.chain))

    by_id = statuses_by_id(bundle)

    def keep(commitment: Commitment) -> bool:
        if in_chain is not None and commitment.id not in in_chain:
            return False
        if selection.years and commitment.fiscal_year not in selection.years:
            return False
        if selection.areas and commitment.area not in selection.areas:
            return False
        if party_keys and not party_keys & {_party_key(p) for p in commitment.parties}:
            return False
        statuses = status_summary(by_id[commitment.id])
        return not selection.statuses or bool(selection.statuses & set(statuses))

    commitments = sorted(
        (c for c in bundle.commitments if keep(c)), key=lambda c: (c.fiscal_year, c.source.start, c.id)
    )
    agreements = _agreements(bundle, nxg)
    if selection.years:
        agreements = [a for a in agreements if a.fiscal_year in selection.years]
    if in_chain is not None:
        years = [c.fiscal_year for c in commitments]
        agreements = [a for a in agreements if min(years) <= a.fiscal_year <= max(years)]
    return agreements, commitments


def statuses_by_id(bundle: Bundle) -> dict[str, list[FollowUpStatus]]:
    """Commitment id → its statuses (one per judged deadline)."""
    by_id: dict[str, list[FollowUpStatus]] = defaultdict(list)
    for status in bundle.statuses:
        by_id[status.id].append(status)
    return by_id


# --- records -------------------------------------------------------------------------------------------


def area_colours() -> dict[str, str]:
    """Policy area id → colour, fixed by the order of the concept scheme."""
    return {area: PALETTE[i % len(PALETTE)] for i, area in enumerate(policy_area_labels())}


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, TEXT_WIDTH, break_on_hyphens=False)) or text


def commitment_title(commitment: Commitment, statuses: list[FollowUpStatus]) -> str:
    """The hover text: the commitment wrapped, then parties, area, deadlines, amounts, status, source."""
    area = policy_area_labels()[commitment.area]["da"]
    lines = [f"{commitment.agreement} · {commitment.type} · {area}", "", _wrap(commitment.text), ""]
    lines.append(f"Parties: {', '.join(commitment.parties)}")
    if commitment.areas:
        lines.append(f"Also: {', '.join(policy_area_labels()[a]['da'] for a in commitment.areas)}")
    for deadline in commitment.deadlines:
        norm = f" ({deadline.norm})" if deadline.norm else ""
        lines.append(f"Deadline: {deadline.text}{norm}")
    for amount in commitment.amounts:
        extra = ", ".join(str(x) for x in (amount.year, amount.price_level) if x is not None)
        lines.append(f"Amount: {amount.text}" + (f" ({extra})" if extra else ""))
    for status in sorted(statuses, key=lambda s: (STATUS_ORDER.index(s.status), s.deadline or "")):
        judged = f" for {status.deadline}" if status.deadline else ""
        lines.append(
            _wrap(f"Status{judged}: {status.status} as of {status.as_of} — {status.evidence.reason}")
        )
    if commitment.heading:
        lines.append(_wrap(f"Heading: {' › '.join(commitment.heading)}"))
    source = commitment.source
    lines.append(f"Source: {source.file}:{source.start}-{source.end}")
    lines.append(f"Id: {commitment.id}")
    return "\n".join(lines)


def _subcolumns(commitments: list[Commitment], years: int) -> int:
    """How many commitments wide a column is: the one that makes the whole timeline closest to a
    screen's shape (about twice as wide as tall), so the fitted picture uses the window."""
    per_agreement: dict[str, int] = defaultdict(int)
    for commitment in commitments:
        per_agreement[commitment.agreement] += 1
    fullest = max(per_agreement.values(), default=1)

    def misfit(k: int) -> float:
        width = years * (k * CELL + COLUMN_GAP)
        height = math.ceil(fullest / k) * CELL - AGREEMENT_Y
        return abs(math.log(width / height / SCREEN_ASPECT))

    return min(range(1, MAX_SUBCOLUMNS + 1), key=lambda k: (misfit(k), k))


def _agreement_node(agreement: Agreement, x: float, members: int) -> dict[str, Any]:
    if agreement.in_corpus:
        label = f"{agreement.id}\n{members} commitments"
        title = f"{agreement.title}\nFile: {agreement.file}"
        if agreement.signed:
            title += f"\nSigned: {agreement.signed.isoformat()}"
        if agreement.sha256:
            title += f"\nsha256: {agreement.sha256}"
        colour, dashes = PRESENT_COLOUR, False
    else:
        label = f"{agreement.id}\nmissing"
        title = f"{agreement.title}\nReferenced by the texts, not in the corpus."
        colour, dashes = MISSING_COLOUR, True
    return {
        "id": agreement.id,
        "label": label,
        "hover": title,
        "kind": "agreement",
        "missing": not agreement.in_corpus,
        "year": agreement.fiscal_year,
        "x": x,
        "y": AGREEMENT_Y,
        "shape": "box",
        "color": dict(colour),
        "borderWidth": 2,
        "shapeProperties": {"borderDashes": [6, 4] if dashes else False},
        "font": {"size": 24, "face": "system-ui, sans-serif"},
        "scaling": {"label": {"drawThreshold": 1}},  # column heads stay readable when zoomed out
        "margin": 12,
    }


def _commitment_node(
    commitment: Commitment, statuses: list[FollowUpStatus], x: float, y: float, colour: str
) -> dict[str, Any]:
    summary = status_summary(statuses)
    node: dict[str, Any] = {
        "id": commitment.id,
        "label": " ",  # no caption in a grid this dense (hover and click show the text); pyvis turns "" into the id
        "hover": commitment_title(commitment, statuses),
        "kind": "commitment",
        "agreement": commitment.agreement,
        "year": commitment.fiscal_year,
        "area": commitment.area,
        "type": str(commitment.type),
        "parties": list(commitment.parties),
        "statuses": [str(s) for s in summary],
        "search": " ".join([commitment.text, *commitment.heading]).casefold(),
        "x": x,
        "y": y,
        "shape": SHAPES[commitment.type],
        "size": 9,
        "color": {"background": colour, "border": colour},
        "borderWidth": 1,
    }
    if summary and summary[0] in (Status.NO_FOLLOW_UP_FOUND, Status.PENDING):
        marked = summary[0]
        node["color"] = {"background": colour, "border": STATUS_BORDER[marked]}
        node["borderWidth"] = 3
        node["shapeProperties"] = {"borderDashes": [3, 2] if marked is Status.PENDING else False}
    return node


def _member_edge(commitment: str, agreement: str, key: int) -> dict[str, Any]:
    return {
        "id": f"member:{commitment}>{agreement}:{key}",
        "from": commitment,
        "to": agreement,
        "kind": "member",
        "arrows": "",
        "width": 0.5,
        "color": {"color": MEMBER_COLOUR, "highlight": "rgba(120,120,120,0.6)"},
        "smooth": False,
    }


def _follow_up_edge(later: str, earlier: str, key: int, attrs: Mapping[str, Any]) -> dict[str, Any]:
    explicit = attrs["evidence"] in EXPLICIT
    matched = ", ".join(attrs["matched"]) if attrs["matched"] else "—"
    confidence = float(attrs["confidence"])
    return {
        "id": f"follow-up:{later}>{earlier}:{key}",
        "from": later,
        "to": earlier,
        "kind": "follow-up",
        "evidence": str(attrs["evidence"]),
        "confidence": confidence,
        "hover": _wrap(f"Follows up ({attrs['evidence']}, confidence {confidence:.2f}). Matched: {matched}"),
        "arrows": "to",
        "width": round(1 + 4 * confidence, 2),
        "dashes": not explicit,
        "color": {"color": FOLLOW_UP_COLOUR[explicit], "highlight": "#b91c1c"},
        "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15},
    }


VIEW_EDGE_TYPES = {"in_agreement": "member", "follows_up": "follow-up"}
"""The edge types of `graph.network` the view draws, and what the page calls them."""


def build_view(
    bundle: Bundle, selection: Selection | None = None, nxg: nx.MultiDiGraph | None = None
) -> View:
    """Nodes and edges of the page for `bundle`, focused by `selection`; the same input gives the same output.

    The view is the subgraph of `graph.network.build_network(bundle)` on its agreement and commitment
    nodes and its `in_agreement` and `follows_up` edges, restricted to what the selection keeps.
    """
    selection = selection or Selection()
    nxg = build_network(bundle) if nxg is None else nxg
    agreements, commitments = select(bundle, nxg, selection)
    colours = area_colours()
    by_id = statuses_by_id(bundle)

    first_year = agreements[0].fiscal_year if agreements else 0
    span = agreements[-1].fiscal_year - first_year + 1 if agreements else 1
    subcolumns = _subcolumns(commitments, span)
    column_width = subcolumns * CELL + COLUMN_GAP
    area_rank = {area: i for i, area in enumerate(policy_area_labels())}
    members: dict[str, list[Commitment]] = defaultdict(list)
    for commitment in commitments:
        members[commitment.agreement].append(commitment)

    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for agreement in agreements:
        left = (agreement.fiscal_year - first_year) * column_width
        centre = left + (subcolumns - 1) * CELL / 2
        nodes.append(_agreement_node(agreement, centre, len(members[agreement.id])))
        ordered = sorted(members[agreement.id], key=lambda c: (area_rank[c.area], c.source.start, c.id))
        for i, commitment in enumerate(ordered):
            row, col = divmod(i, subcolumns)
            x, y = left + col * CELL, row * CELL
            nodes.append(_commitment_node(commitment, by_id[commitment.id], x, y, colours[commitment.area]))
    shown = {node["id"] for node in nodes}
    for commitment in (node["id"] for node in nodes if node["kind"] == "commitment"):
        out = sorted(nxg.out_edges(commitment, keys=True, data=True), key=lambda e: (e[1], e[2]))
        for _, target, key, attrs in out:
            kind = VIEW_EDGE_TYPES.get(attrs.get("type", ""))
            if kind == "member" and target in shown:
                edges.append(_member_edge(commitment, target, key))
            elif kind == "follow-up" and target in shown:
                edges.append(_follow_up_edge(commitment, target, key, attrs))

    present_areas = {c.area for c in commitments}
    labels = policy_area_labels()
    return View(
        nodes=nodes,
        edges=edges,
        title=f"aftalegraf — {selection.describe()}",
        areas=[(a, labels[a]["da"], colours[a]) for a in labels if a in present_areas],
        parties=sorted({p for c in commitments for p in c.parties}, key=str.casefold),
        types=[str(t) for t in CommitmentType if any(c.type is t for c in commitments)],
        statuses=[str(s) for s in STATUS_ORDER if any(s in status_summary(by_id[c.id]) for c in commitments)],
        years=[a.fiscal_year for a in agreements],
    )
