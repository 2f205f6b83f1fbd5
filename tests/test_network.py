"""The networkx graph built from a Bundle: node keys, typed edges, referenced agreements, chain queries."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.corpus import read_corpus
from graph.dataset import referenced_agreements
from graph.errors import AftalegrafError
from graph.extract import extract_agreement
from graph.models import Bundle
from graph.network import EDGE_TYPES, ancestors, build_network, chain, descendants, steps
from graph.status import with_followups

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "followups"


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    texts = read_corpus(FIXTURES)
    commitments = [c for t in texts for c in extract_agreement(t)]
    agreements = [t.agreement for t in texts]
    agreements += referenced_agreements(commitments, {a.id for a in agreements})
    return with_followups(Bundle(agreements=agreements, commitments=commitments), texts)


def _id(bundle: Bundle, words: str) -> str:
    (found,) = [c.id for c in bundle.commitments if words in c.text]
    return found


def test_every_record_becomes_a_node_with_a_stable_key(bundle: Bundle) -> None:
    nxg = build_network(bundle)
    kinds = Counter(data["kind"] for _, data in nxg.nodes(data=True))
    assert kinds["commitment"] == len(bundle.commitments)
    assert {"ØA20", "ØA22", "ØA23", "party:Regeringen", "party:KL", "area:klima-miljoe"} <= set(nxg)
    assert any(key.startswith("deadline:2026-01-01/") for key in nxg)


def test_agreements_only_named_by_the_texts_are_nodes_not_in_corpus(bundle: Bundle) -> None:
    nxg = build_network(bundle)
    assert nxg.nodes["ØA21"]["in_corpus"] is False and nxg.nodes["ØA25"]["in_corpus"] is False
    assert nxg.nodes["ØA22"]["in_corpus"] is True and nxg.nodes["ØA22"]["fiscal_year"] == 2022


def test_edges_are_typed_and_deadline_agreements_point_at_the_agreement_node(bundle: Bundle) -> None:
    nxg = build_network(bundle)
    types = Counter(data["type"] for _, _, data in nxg.edges(data=True))
    assert set(types) <= set(EDGE_TYPES)
    assert types["in_agreement"] == len(bundle.commitments)
    assert types["follows_up"] == len(bundle.links)
    promise = _id(bundle, "drøfte sagsbehandlingstiderne")
    assert any(v == "ØA21" and d["type"] == "deadline" for _, v, d in nxg.out_edges(promise, data=True))
    citing = _id(bundle, "Med Aftale om kommunernes økonomi for 2020")
    assert any(v == "ØA20" and d["type"] == "references" for _, v, d in nxg.out_edges(citing, data=True))


def test_chain_queries_follow_only_follow_up_edges_oldest_first(bundle: Bundle) -> None:
    nxg = build_network(bundle)
    first = _id(bundle, "udmønte velfærdsteknologipuljen")
    middle = _id(bundle, "evaluere velfærdsteknologipuljen")
    last = _id(bundle, "drøfte evalueringen af velfærdsteknologipuljen")
    assert ancestors(nxg, last) == [first, middle]
    assert descendants(nxg, first) == [middle, last]
    assert chain(nxg, middle) == [first, middle, last]
    rows = steps(nxg, middle)
    assert [r["fiscal_year"] for r in rows] == [2020, 2022, 2023]
    assert rows[1]["follows_up"][0]["to"] == first and rows[1]["follows_up"][0]["matched"]
    assert rows[2]["status"] == "pending"


def test_a_lone_commitment_is_its_own_chain(bundle: Bundle) -> None:
    nxg = build_network(bundle)
    alone = _id(bundle, "praktiske faglighed")
    assert chain(nxg, alone) == [alone]


def test_unknown_ids_are_user_errors(bundle: Bundle) -> None:
    nxg = build_network(bundle)
    with pytest.raises(AftalegrafError):
        chain(nxg, "oa99-0000000000")
    with pytest.raises(AftalegrafError):
        chain(nxg, "ØA20")  # an agreement, not a commitment


def test_a_link_to_an_unknown_commitment_is_refused(bundle: Bundle) -> None:
    broken = bundle.links[0].model_copy(update={"to_id": "oa19-0000000000"})
    with pytest.raises(AftalegrafError, match="oa19-0000000000"):
        build_network(bundle.model_copy(update={"links": [broken]}))
