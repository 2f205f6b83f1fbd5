"""The ontology, its Python mirror, the SKOS policy areas and the SHACL shapes agree with each other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, SH, SKOS

import ontology
from graph.rdf import AREA, AREA_SCHEME_IRI, vocabulary_graph
from graph.validate import shapes_graph
from graph.vocab import AG

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "policy-areas.md"
NS = str(AG._NS)


def _ontology() -> Graph:
    return Graph().parse(data=ontology.resource_text(ontology.ONTOLOGY_FILE), format="turtle")


def _declared(rdf: Graph) -> set[str]:
    return {str(s)[len(NS) :] for s in rdf.subjects(RDF.type, None) if str(s).startswith(NS)}


def test_python_namespace_declares_exactly_the_ontology_terms() -> None:
    mirrored = set(AG.__annotations__)
    assert mirrored == _declared(_ontology())


def test_closed_namespace_rejects_unknown_terms() -> None:
    with pytest.raises(AttributeError):
        _ = AG.folowsUp  # a typo must fail, not mint a new IRI


def test_every_class_and_property_has_danish_and_english_label_and_comment() -> None:
    rdf = _ontology()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    terms = {s for kind in kinds for s in rdf.subjects(RDF.type, kind)}
    assert len(terms) >= 60
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            languages = {value.language for value in rdf.objects(term, prop)}
            assert {"da", "en"} <= languages, f"{term} lacks a da/en {prop}"


def test_properties_have_ranges_and_classes_named_in_the_issue_exist() -> None:
    rdf = _ontology()
    for prop in set(rdf.subjects(RDF.type, OWL.ObjectProperty)) | set(
        rdf.subjects(RDF.type, OWL.DatatypeProperty)
    ):
        assert rdf.value(prop, RDFS.range) is not None, f"{prop} has no range"
    for name in (
        "Agreement",
        "Commitment",
        "AgreementCommitment",
        "Acknowledgment",
        "Pledge",
        "FollowUp",
        "Deadline",
        "Party",
    ):
        assert (AG[name], RDF.type, OWL.Class) in rdf
    assert (AG.followsUp, RDF.type, OWL.TransitiveProperty) in rdf


def test_ontology_reuses_the_standard_vocabularies() -> None:
    rdf = _ontology()
    parents = {str(o) for o in rdf.objects(None, RDFS.subClassOf)} | {
        str(o) for o in rdf.objects(None, RDFS.range)
    }
    for expected in (
        "http://www.w3.org/ns/prov#Entity",
        "http://www.w3.org/ns/org#Organization",
        "https://schema.org/MonetaryAmount",
        "http://www.w3.org/2006/time#Interval",
        "http://www.w3.org/ns/oa#SpecificResource",
        "http://www.w3.org/2004/02/skos/core#Concept",
    ):
        assert expected in parents


def _spec_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"[a-z][a-z-]*", cells[0]) and cells[0] != "id":
            rows.append((cells[0], cells[1], cells[2]))
    return rows


@pytest.mark.skipif(not SPEC.exists(), reason="spec/policy-areas.md is not beside this checkout")
def test_policy_area_scheme_matches_the_spec() -> None:
    rdf = Graph().parse(data=ontology.resource_text(ontology.POLICY_AREAS_FILE), format="turtle")
    rows = _spec_rows()
    assert len(rows) >= 10
    assert {r[0] for r in rows} == ontology.policy_area_ids()
    for area, da, en in rows:
        concept = AREA[area]
        assert (concept, RDF.type, SKOS.Concept) in rdf
        assert (concept, SKOS.inScheme, AREA_SCHEME_IRI) in rdf
        labels = {(str(v), v.language) for v in rdf.objects(concept, SKOS.prefLabel)}
        assert {(da, "da"), (en, "en")} <= labels, area


def test_every_ontology_class_has_a_shape() -> None:
    shapes = shapes_graph()
    targeted = set(shapes.objects(None, SH.targetClass))
    classes = set(_ontology().subjects(RDF.type, OWL.Class))
    assert classes - targeted == set()


def test_shapes_use_only_declared_terms() -> None:
    declared = _declared(vocabulary_graph())
    used = {
        str(term)[len(NS) :]
        for triple in shapes_graph()
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(NS)
    }
    text = ontology.resource_text(ontology.SHAPES_FILE)
    used |= set(re.findall(r"\bag:([A-Za-z0-9]+)", text))
    assert used - declared == set()


def test_saved_queries_are_packaged_and_commented() -> None:
    names = ontology.saved_query_names()
    for expected in (
        "chains",
        "followups-by-status",
        "area-by-year",
        "per-party",
        "amounts",
        "missing-agreements",
    ):
        assert expected in names
    for name in names:
        text = ontology.resource_text(f"queries/{name}.rq")
        assert text.lstrip().startswith("#"), f"{name}.rq starts without a comment"
