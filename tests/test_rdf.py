"""The RDF export of the real dataset: round trips, determinism, IRIs, provenance, self-description."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _rdf_data import CORPUS, ROOT, part_bundle, part_dataset, real_bundle, real_dataset, real_merged, run_cli
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph import build
from graph.corpus import read_corpus
from graph.errors import AftalegrafError, InputError
from graph.rdf import (
    AREA_SCHEME_IRI,
    FORMATS,
    OA,
    ONTOLOGY_IRI,
    PREFIXES,
    QUAD_FORMATS,
    Iris,
    bundle_dataset,
    bundle_quads,
    export_dataset,
    merged_graph,
    parse_export,
    read_sources,
    serialize,
)
from graph.vocab import AG

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def _assert_same(expected: Graph, actual: Graph, label: str) -> None:
    """The export mints no blank nodes, so isomorphism is equality of the triple sets; report the
    difference the way rdflib's graph_diff would."""
    assert not any(isinstance(t, BNode) for triple in actual for t in triple), f"{label}: blank nodes"
    want, got = set(expected), set(actual)
    if want != got:
        lost = sorted(" ".join(t.n3() for t in triple) for triple in want - got)[:5]
        gained = sorted(" ".join(t.n3() for t in triple) for triple in got - want)[:5]
        pytest.fail(f"{label}: {len(want - got)} triples lost {lost}, {len(got - want)} gained {gained}")


def _smallest_agreement_graph(ds: Dataset) -> Graph:
    named = [g for g in ds.graphs() if "/graph/oa" in str(g.identifier) and len(g) > 50]
    return min(named, key=len)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_parses_back_isomorphic_with_danish_letters_intact(fmt: str) -> None:
    ds = part_dataset()
    parsed = parse_export(serialize(ds, fmt), fmt)
    if fmt in QUAD_FORMATS:
        default = str(ds.default_graph.identifier)
        expected = {str(g.identifier): g for g in ds.graphs() if len(g)}
        actual = {str(g.identifier): g for g in parsed.graphs() if len(g)}
        assert set(actual) - {str(parsed.default_graph.identifier)} == set(expected) - {default}
        for name, named in expected.items():
            other = parsed.default_graph if name == default else actual[name]
            _assert_same(named, other, f"{fmt} graph {name}")
        small = _smallest_agreement_graph(ds)  # rdflib's own comparison too, on one agreement's graph
        if not isomorphic(small, actual[str(small.identifier)]):
            _both, first, second = graph_diff(
                to_isomorphic(small), to_isomorphic(actual[str(small.identifier)])
            )
            pytest.fail(f"{fmt}: graph_diff {sorted(first)[:3]} / {sorted(second)[:3]}")
    else:
        _assert_same(merged_graph(ds), parsed.default_graph, fmt)
    danish = next(c for c in part_bundle().commitments if re.search("[æøå]", c.text))
    texts = {str(o) for g in parsed.graphs() for o in g.objects(None, AG.text)}
    assert danish.text in texts


def test_export_bytes_are_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, 'tests')\n"
        "from _rdf_data import part_dataset\nfrom graph.rdf import FORMATS, serialize\n"
        "for fmt in sorted(FORMATS):\n"
        "    Path(sys.argv[1], fmt).write_bytes(serialize(part_dataset(), fmt))\n"
    )
    import os
    import subprocess
    import sys

    folder = tmp_path / "run"
    folder.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": "4242"}  # this process runs with another (random) seed
    subprocess.run([sys.executable, "-c", script, str(folder)], cwd=ROOT, env=env, check=True, timeout=300)
    for fmt in FORMATS:
        assert (folder / fmt).read_bytes() == serialize(part_dataset(), fmt), f"{fmt} differs between runs"


def test_output_does_not_depend_on_the_order_of_the_records() -> None:
    bundle = part_bundle()
    shuffled = bundle.model_copy(
        update={
            "commitments": list(reversed(bundle.commitments)),
            "links": list(reversed(bundle.links)),
            "statuses": list(reversed(bundle.statuses)),
            "agreements": list(reversed(bundle.agreements)),
        }
    )
    assert serialize(export_dataset(shuffled, corpus=CORPUS), "nq") == serialize(part_dataset(), "nq")


def test_one_named_graph_per_agreement_plus_the_vocabularies() -> None:
    ds = real_dataset()
    iris = Iris()
    names = {str(g.identifier) for g in ds.graphs() if len(g) and g.identifier != ds.default_graph.identifier}
    agreements = {a.id for a in real_bundle().agreements} | {"ØA25"}
    expected = {str(iris.agreement_graph(a)) for a in agreements} | {str(ONTOLOGY_IRI), str(AREA_SCHEME_IRI)}
    assert names >= {str(iris.agreement_graph(a.id)) for a in real_bundle().agreements}
    assert names <= expected
    for commitment in real_bundle().commitments[:50]:
        named = ds.graph(iris.agreement_graph(commitment.agreement))
        assert (iris.commitment(commitment.id), ns.RDF.type, AG.Commitment) in named


def test_iris_come_from_content_under_the_chosen_base() -> None:
    bundle = part_bundle()
    ds = export_dataset(bundle, corpus=CORPUS, base="https://example.org/kg/")
    subjects = {str(s) for s in merged_graph(ds).subjects(ns.RDF.type, AG.Commitment)}
    assert subjects == {f"https://example.org/kg/commitment/{c.id}" for c in bundle.commitments}
    link = bundle.links[0]
    assert (
        URIRef(f"https://example.org/kg/followup/{link.from_id}_{link.to_id}"),
        ns.RDF.type,
        AG.FollowUp,
    ) in (merged_graph(ds))
    with pytest.raises(Exception, match="--base"):
        Iris("not a base")


def test_turtle_binds_every_namespace_it_uses() -> None:
    text = serialize(real_dataset(), "ttl").decode("utf-8")
    assert not re.search(r"\bns\d+:", text)
    declared = dict(re.findall(r"^@prefix (\w+): <([^>]+)> \.$", text, re.M))
    assert declared == PREFIXES
    assert "økonomi" in text


def test_passages_quote_the_raw_source_with_prefix_suffix_and_offsets() -> None:
    rdf = real_merged()
    raw = read_sources(real_bundle(), CORPUS)
    iris = Iris()
    for commitment in real_bundle().commitments:
        node = iris.commitment(commitment.id)
        passage = rdf.value(node, AG.passage)
        assert (node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), passage) in rdf
        assert rdf.value(passage, OA.hasSource) == iris.source(commitment.source.file)
        selectors = {rdf.value(s, ns.RDF.type): s for s in rdf.objects(passage, OA.hasSelector)}
        quote, position = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
        text, start, end = raw[commitment.source.file], commitment.source.start, commitment.source.end
        assert str(rdf.value(quote, OA.exact)) == text[start:end]
        assert text[:end].endswith(str(rdf.value(quote, OA.prefix)) + text[start:end])
        assert text[start:].startswith(text[start:end] + str(rdf.value(quote, OA.suffix)))
        assert rdf.value(position, OA.start) == Literal(start, datatype=ns.XSD.nonNegativeInteger)
        assert rdf.value(position, OA.end) == Literal(end, datatype=ns.XSD.nonNegativeInteger)


def test_deadlines_become_owl_time_intervals_and_agreements() -> None:
    rdf = real_merged()
    iris = Iris()
    checked = 0
    for commitment in real_bundle().commitments:
        for n, deadline in enumerate(commitment.deadlines, start=1):
            node = iris.part(commitment.id, "deadline", str(n))
            if deadline.kind.value == "interval" and deadline.norm:
                begin, _, end = deadline.norm.partition("/")
                interval = rdf.value(node, AG.interval)
                assert (interval, ns.RDF.type, ns.TIME.Interval) in rdf
                if end != "..":
                    assert rdf.value(rdf.value(interval, ns.TIME.hasEnd), ns.TIME.inXSDDate) == Literal(
                        end, datatype=ns.XSD.date
                    )
                if begin != "..":
                    instant = rdf.value(interval, ns.TIME.hasBeginning)
                    assert rdf.value(instant, ns.TIME.inXSDDate) == Literal(begin, datatype=ns.XSD.date)
                checked += 1
            elif deadline.kind.value == "agreement":
                assert rdf.value(node, AG.dueAgreement) == iris.agreement(deadline.norm or "")
                checked += 1
    assert checked > 20


def test_amounts_are_schema_monetary_amounts_in_dkk() -> None:
    rdf = real_merged()
    schema = "https://schema.org/"
    amounts = list(rdf.subjects(ns.RDF.type, URIRef(schema + "MonetaryAmount")))
    assert len(amounts) == sum(len(c.amounts) for c in real_bundle().commitments) > 0
    assert all(str(rdf.value(a, URIRef(schema + "currency"))) == "DKK" for a in amounts)


def test_void_description_counts_the_triples_it_describes() -> None:
    ds = real_dataset()
    iris = Iris()
    default = ds.default_graph
    node = iris.dataset()
    description = {t for t in default if t[0] == node or (t[0], ns.VOID.triples, None) in default}
    description |= {t for t in default if str(t[0]).startswith(f"{node}/")}
    total = sum(len(g) for g in ds.graphs())
    stated = int(default.value(node, ns.VOID.triples))
    description_size = sum(1 for t in default if str(t[0]).startswith(str(node)) or t[1] == ns.VOID.triples)
    description_size += sum(1 for t in default if t[1] == ns.RDF.type and t[2] == ns.VOID.Dataset and t[0] != node)
    assert stated == total - description_size
    for named in ds.graphs():
        if named.identifier in set(default.objects(node, ns.VOID.subset)):
            assert int(default.value(named.identifier, ns.VOID.triples)) == len(named)
    assert default.value(node, ns.VOID.sparqlEndpoint) is not None
    assert default.value(node, ns.VOID.dataDump) is not None
    assert len(description) > 10


def test_export_without_ontology_leaves_out_the_vocabulary_graphs() -> None:
    ds = export_dataset(part_bundle(), corpus=CORPUS, include_ontology=False)
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert ONTOLOGY_IRI not in names and AREA_SCHEME_IRI not in names
    with_vocabularies = {g.identifier for g in part_dataset().graphs() if len(g)}
    assert names == with_vocabularies - {ONTOLOGY_IRI, AREA_SCHEME_IRI}


def test_build_publishes_the_turtle_beside_the_json_dataset() -> None:
    assert build.rdf_step in build.STEPS
    assert build.STEPS.index(build.rdf_step) > build.STEPS.index(build.followup_step)
    state = build.BuildState(corpus=CORPUS, out=CORPUS, texts=tuple(read_corpus(CORPUS)), bundle=real_bundle())
    files = build.rdf_step(state).files
    assert files["aftalegraf.ttl"].encode("utf-8") == serialize(real_dataset(), "ttl")


def test_a_source_file_that_changed_since_the_build_is_refused(tmp_path: Path) -> None:
    bundle = real_bundle()
    for path in CORPUS.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    victim = bundle.commitments[0].source.file
    (tmp_path / victim).write_text(
        (CORPUS / victim).read_text(encoding="utf-8") + "\nændret\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=re.escape(victim)):
        read_sources(bundle, tmp_path)


def test_a_span_beyond_its_source_is_a_dataset_error() -> None:
    bundle = real_bundle()
    first = bundle.commitments[0]
    broken = first.model_copy(
        update={"source": first.source.model_copy(update={"end": 10**7, "start": 10**7 - 5})}
    )
    sources = read_sources(bundle, CORPUS)
    with pytest.raises(Exception, match=first.id):
        bundle_dataset(bundle.model_copy(update={"commitments": [broken, *bundle.commitments[1:]]}), sources)


def test_export_command_writes_the_file_and_reports_a_missing_corpus_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "out" / "aftalegraf.nq"
    done = run_cli("export", "--format", "nq", "-o", str(target))
    assert done.returncode == 0, done.stderr
    # (Byte equality with this process is pinned above; here the file must be a complete export.)
    text = target.read_text(encoding="utf-8")
    assert all(line.endswith(" .") for line in text.splitlines())
    assert [p.name for p in target.parent.iterdir()] == ["aftalegraf.nq"]  # no temp file left behind
    parsed = Dataset()
    parsed.parse(data=target.read_bytes(), format="nquads")
    assert len(list(parsed.graphs())) > 5
    empty = tmp_path / "empty"
    empty.mkdir()
    failed = run_cli("export", "--corpus", str(empty), "-o", str(tmp_path / "x.ttl"))
    assert failed.returncode == 2
    assert len(failed.stderr.strip().splitlines()) == 1 and "Traceback" not in failed.stderr
    assert not (tmp_path / "x.ttl").exists()


def test_rdf_xml_refuses_control_characters_it_cannot_carry() -> None:
    ds = Dataset()
    ds.graph(URIRef("https://example.org/g")).add(
        (URIRef("https://example.org/s"), AG.text, Literal("side 1\x0cside 2", lang="da"))
    )
    assert b"\\u000C" in serialize(ds, "nt") or b"\\f" in serialize(ds, "nt")
    with pytest.raises(AftalegrafError, match="U\\+000C"):
        serialize(ds, "xml")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_quads_and_the_rdflib_dataset_serialise_to_the_same_bytes(fmt: str) -> None:
    """The build writes `bundle_quads` directly; `bundle_dataset` derives rdflib's view of the same quads."""
    bundle = part_bundle()
    sources = read_sources(bundle, CORPUS)
    quads = bundle_quads(bundle, sources, include_ontology=False)
    assert serialize(quads, fmt) == serialize(bundle_dataset(bundle, sources, include_ontology=False), fmt)
    assert serialize(quads, fmt) == serialize(list(reversed(quads)), fmt)  # any order in, one order out
