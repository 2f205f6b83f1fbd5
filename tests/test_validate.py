"""SHACL validation: our export conforms; broken graphs do not, and the report says where and why."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph
import pytest
from _rdf_data import CORPUS, part_bundle, part_dataset, real_dataset, run_cli
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from graph.rdf import Iris, export_dataset, merged_graph, serialize
from graph.validate import (
    describe,
    merged_report,
    validate_dataset,
    validate_file,
    validate_graph,
    validate_quads,
    validate_triples,
)
from graph.vocab import AG

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def test_the_real_export_conforms() -> None:
    report = validate_dataset(real_dataset())
    assert report.conforms, "\n".join(describe(v) for v in report.violations[:10])
    assert [v for v in report.violations if v.severity == "Violation"] == []
    assert report.triples > 10_000


def _broken() -> tuple[Graph, dict[str, URIRef]]:
    rdf = Graph()
    for triple in merged_graph(part_dataset()):
        rdf.add(triple)
    iris = Iris()
    commitments = part_bundle().commitments
    link = part_bundle().links[0]
    first, second = iris.commitment(commitments[0].id), iris.commitment(commitments[1].id)
    earlier = iris.commitment(link.to_id)
    followup = iris.followup(link.from_id, link.to_id)
    rdf.remove((first, AG.text, None))  # a commitment without its text
    rdf.add((earlier, AG.followsUp, iris.commitment(link.from_id)))  # points forward in time
    rdf.set((followup, AG.confidence, Literal("1.5", datatype=ns.XSD.decimal)))  # out of range
    rdf.add((second, ns.RDF.type, AG.Pledge))  # now two commitment types
    rdf.add((second, ns.RDF.type, AG.Acknowledgment))
    return rdf, {"first": first, "second": second, "earlier": earlier, "followup": followup}


def test_a_broken_graph_fails_with_focus_path_and_message() -> None:
    rdf, nodes = _broken()
    report = validate_graph(rdf)
    assert not report.conforms
    lines = [describe(v) for v in report.violations]
    iris = {name: f"<{node}>" for name, node in nodes.items()}
    assert any(line.startswith(f"{iris['first']} ag:text:") and "text" in line for line in lines), lines
    assert any(line.startswith(iris["earlier"]) and "earlier agreement" in line for line in lines), lines
    assert any(line.startswith(f"{iris['followup']} ag:confidence:") and "1.5" in line for line in lines), (
        lines
    )
    assert any(line.startswith(iris["second"]) and "exactly one of" in line for line in lines), lines
    assert report.violations == sorted(report.violations)


def test_validate_command_prints_every_violation_and_exits_2(tmp_path: Path) -> None:
    rdf, nodes = _broken()
    broken = tmp_path / "broken.nt"
    broken.write_bytes(rdf.serialize(format="nt", encoding="utf-8"))
    done = run_cli("validate", str(broken))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) >= 4
    assert str(nodes["followup"]) in done.stderr
    assert lines[-1].startswith(f"aftalegraf: {broken}:") and "SHACL violation" in lines[-1]
    assert "Traceback" not in done.stderr


def test_validate_file_reads_an_export_file(tmp_path: Path) -> None:
    for fmt in ("nq",):  # the parsers of every format are pinned by the round-trip tests
        path = tmp_path / f"export.{fmt}"
        path.write_bytes(serialize(part_dataset(), fmt))
        assert validate_file(path).conforms, fmt


def test_an_unreadable_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ag: <https://w3id.org/aftalegraf/ontology#> .\nag:x ag:y ", encoding="utf-8")
    done = run_cli("validate", str(bad))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and str(bad) in done.stderr
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    done = run_cli("validate", str(odd))
    assert done.returncode == 2 and "suffix" in done.stderr


def test_an_export_without_the_ontology_is_validated_against_it(tmp_path: Path) -> None:
    """sh:class ag:Status needs `ag:Pending a ag:Status`, which only the ontology states."""
    path = tmp_path / "export.nq"
    path.write_bytes(serialize(export_dataset(part_bundle(), corpus=CORPUS, include_ontology=False), "nq"))
    report = validate_file(path)
    assert report.conforms, "\n".join(describe(v) for v in report.violations[:10])
    assert {v.severity for v in report.violations} <= {"Warning"}


def test_validating_in_slices_reports_exactly_what_one_run_reports() -> None:
    """Large exports are validated in slices (rudof's memory grows ~10 kB per triple); every
    violation of the broken graph, SHACL-SPARQL ones included, must still come out once."""
    rdf, _nodes = _broken()
    data = pyoxigraph.parse(
        rdf.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    triples = [quad.triple for quad in data]
    whole = validate_triples(triples, slice_triples=len(triples))
    sliced = validate_triples(triples, slice_triples=500)
    assert not whole.conforms and len(whole.violations) >= 6
    assert sliced == whole


def test_shares_of_the_slices_together_report_what_one_run_reports() -> None:
    """A build validates in one share of the slices per CPU; merged, the shares must report every
    violation once, and a share may well conform on its own while the graph does not."""
    rdf, _nodes = _broken()
    data = pyoxigraph.parse(
        rdf.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_QUADS
    )
    quads = list(data)
    whole = validate_quads(quads)
    shares = [validate_quads(quads, share=(i, 3)) for i in range(3)]
    assert not whole.conforms
    assert merged_report(shares) == whole
    assert sum(len(share.violations) for share in shares) == len(whole.violations)
    assert sum(1 for share in shares if share.violations) >= 2  # the violations were split up


def test_validation_leaves_the_certificate_locations_as_it_found_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """rudof is kept from reading the system's CA certificates while it validates (`_no_certificates`);
    the rest of the process (push over HTTPS) must see the locations it had before."""
    monkeypatch.setenv("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt")
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    rdf, _nodes = _broken()
    assert not validate_graph(rdf).conforms
    assert os.environ["SSL_CERT_FILE"] == "/etc/ssl/certs/ca-certificates.crt"
    assert "SSL_CERT_DIR" not in os.environ
