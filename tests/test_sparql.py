"""SPARQL over the real export: saved queries agree with the records, and with the networkx chain."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import cache

import pyoxigraph as ox
import pytest
from _rdf_data import ROOT, real_bundle, real_dataset, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

import ontology
from graph import sparql
from graph.errors import QueryError
from graph.models import Agreement, Bundle, Commitment, CommitmentId, Source
from graph.network import build_network, chain
from graph.rdf import bundle_dataset, serialize

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


@cache
def store() -> ox.Store:
    return sparql.load_store(real_dataset())


def _rows(name: str, **bindings: str) -> list[dict[str, str]]:
    found = sparql.table(sparql.execute(store(), sparql.saved_query(name), bindings=bindings))
    return [dict(zip(found.variables, row, strict=True)) for row in found.rows]


def test_every_saved_query_runs_and_answers() -> None:
    for name in ontology.saved_query_names():
        assert _rows(name), f"{name} returned no rows"


def test_sparql_chain_equals_the_cli_chain_for_every_commitment() -> None:
    bundle = real_bundle()
    assert bundle.links, "the dataset has follow-up links to compare"
    nxg = build_network(bundle)
    by_start: dict[str, set[str]] = defaultdict(set)
    for row in _rows("chains"):
        by_start[row["id"]].add(row["commitment"])
    for commitment in bundle.commitments:
        expected = set(chain(nxg, commitment.id)) - {commitment.id}
        assert by_start.get(commitment.id, set()) == expected, commitment.id
    longest = max(bundle.commitments, key=lambda c: len(chain(nxg, c.id)))
    bound = {row["commitment"] for row in _rows("chains", id=longest.id)}  # the --bind form
    assert bound == set(chain(nxg, longest.id)) - {longest.id} and len(bound) >= 3


def test_area_by_year_counts_the_records() -> None:
    expected = Counter((c.area, str(c.fiscal_year)) for c in real_bundle().commitments)
    got = {(r["area"], r["year"]): int(r["commitments"]) for r in _rows("area-by-year")}
    assert got == dict(expected)
    assert any(r["label"] == "Fiscal framework and financing" for r in _rows("area-by-year"))


def test_per_party_counts_the_records() -> None:
    bundle = real_bundle()
    got = {r["party"]: r for r in _rows("per-party")}
    for party in {p for c in bundle.commitments for p in c.parties}:
        mine = [c for c in bundle.commitments if party in c.parties]
        assert int(got[party]["commitments"]) == len(mine)
        assert int(got[party]["pledges"]) == sum(c.type.value == "pledge" for c in mine)


def test_amounts_sum_plain_kroner_per_agreement_and_area() -> None:
    totals: Counter[tuple[str, str]] = Counter()
    for c in real_bundle().commitments:
        for amount in c.amounts:
            if amount.unit == "kr." and amount.value_dkk is not None:
                totals[(c.agreement, c.area)] += amount.value_dkk
    got = {(r["agreement"], r["area"]): float(r["totalDKK"]) for r in _rows("amounts")}
    for key, value in totals.items():
        assert got[key] == pytest.approx(value, rel=1e-9)


def test_followups_by_status_counts_the_statuses() -> None:
    expected = Counter(s.status for s in real_bundle().statuses)
    got: Counter[str] = Counter()
    for row in _rows("followups-by-status"):
        got[row["status"]] += int(row["commitments"])
    assert dict(got) == {s.value: n for s, n in expected.items()}


def test_missing_agreements_are_the_referenced_ones_outside_the_corpus() -> None:
    bundle = real_bundle()
    in_corpus = {a.id for a in bundle.agreements if a.in_corpus}
    named = {r.agreement for c in bundle.commitments for r in c.references if r.agreement}
    named |= {
        d.norm for c in bundle.commitments for d in c.deadlines if d.kind.value == "agreement" and d.norm
    }
    assert {r["agreement"] for r in _rows("missing-agreements")} == named - in_corpus


def test_all_chains_heads_are_not_followed_up_and_roots_follow_nothing() -> None:
    rows = _rows("all-chains")
    froms = {link.from_id for link in real_bundle().links}
    tos = {link.to_id for link in real_bundle().links}
    assert rows
    for row in rows:
        assert row["head"] not in tos and row["head"] in froms
        assert row["root"] not in froms and row["root"] in tos


def test_malformed_query_is_one_line_with_the_position() -> None:
    with pytest.raises(QueryError, match=r"malformed SPARQL: error at 1:\d+"):
        sparql.execute(store(), "SELECT ?x WHERE { ?x ?p }")
    done = run_cli("sparql", "SELECT ?x WHERE {\n ?x ag:text }")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "error at 2:" in done.stderr


def test_updates_are_refused() -> None:
    for update in ("INSERT DATA { <a:a> <a:b> <a:c> }", "# note\nPREFIX a: <a:>\nDELETE WHERE { ?s ?p ?o }"):
        with pytest.raises(QueryError, match="read-only"):
            sparql.execute(store(), update)
    assert len(store()) > 10_000


def test_cli_formats_and_saved_queries() -> None:
    done = run_cli("sparql", "--saved", "missing-agreements", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["head"]["vars"] == ["agreement", "citing", "as"]
    csv = sparql.result_bytes(
        sparql.execute(store(), "SELECT ?a WHERE { ?a a ag:Agreement ; ag:inCorpus true }"), "csv"
    ).decode("utf-8")
    assert csv.splitlines()[0] == "a" and len(csv.splitlines()) == 1 + sum(
        a.in_corpus for a in real_bundle().agreements
    )
    with pytest.raises(QueryError, match="chains"):
        sparql.saved_query("nope")


def test_bind_values_must_be_name_equals_value() -> None:
    assert sparql.parse_bindings(["id=oa20-1", "?year=2020"]) == {"id": "oa20-1", "year": "2020"}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        sparql.parse_bindings(["oa20-1"])


def test_readme_documents_every_rdf_command_and_saved_query() -> None:
    from typer.testing import CliRunner

    from graph.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## RDF and SPARQL") :]
    for command in ("export", "validate", "sparql", "serve", "push"):
        assert f"aftalegraf {command}" in section
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
    for name in ontology.saved_query_names():
        assert f"#### {name}\n" in section and f"--saved {name}" in section


_DANISH = st.text(alphabet=st.sampled_from("abcæøåÆØÅ \"'\\<>{}#.,:;-–»«é\n\t"), min_size=1, max_size=60)


@settings(max_examples=25, deadline=None)
@given(text=_DANISH.filter(lambda t: t.strip()), heading=st.lists(_DANISH, max_size=2))
def test_any_commitment_text_survives_record_to_rdf_to_sparql(text: str, heading: list[str]) -> None:
    agreement = Agreement(id="ØA24", fiscal_year=2024, title="Aftale om kommunernes økonomi for 2024", in_corpus=True,
                          file="a.txt")  # fmt: skip
    commitment = Commitment(
        id=CommitmentId.generate("ØA24", text), agreement="ØA24", fiscal_year=2024, text=text, heading=heading,
        type="pledge", action=True, parties=["KL"], area="okonomi",
        source=Source(file="a.txt", start=0, end=len(text)),
    )  # fmt: skip
    ds = bundle_dataset(Bundle(agreements=[agreement], commitments=[commitment]), {"a.txt": text})
    query = "SELECT ?t ?e WHERE { ?c ag:text ?t ; ag:passage/oa:hasSelector/oa:exact ?e }"
    for fmt, ox_format in (("ttl", ox.RdfFormat.TURTLE), ("nq", ox.RdfFormat.N_QUADS)):
        reread = ox.Store()  # through the written bytes, not the in-memory graph
        reread.load(serialize(ds, fmt), format=ox_format)
        assert sparql.table(sparql.execute(reread, query)).rows == [[text, text]], fmt
