"""The ontology, SKOS policy areas, SHACL shapes and saved SPARQL queries, as package data.

Read through importlib.resources so an installed wheel works exactly like the checkout.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

ONTOLOGY_FILE = "aftalegraf.ttl"
POLICY_AREAS_FILE = "policy-areas.ttl"
SHAPES_FILE = "shapes.ttl"


def resource_text(name: str) -> str:
    """The text of one packaged file, e.g. `policy-areas.ttl` or `queries/chains.rq`."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def policy_area_ids() -> frozenset[str]:
    """Concept ids of the policy-area scheme; read without rdflib so the models stay cheap to import."""
    return frozenset(re.findall(r"^area:([a-z-]+) a skos:Concept", resource_text(POLICY_AREAS_FILE), re.M))


@cache
def policy_area_labels() -> dict[str, dict[str, str]]:
    """`{id: {"da": …, "en": …}}` from the concept scheme."""
    text = resource_text(POLICY_AREAS_FILE)
    labels: dict[str, dict[str, str]] = {}
    for block in re.split(r"\n\n", text):
        match = re.match(r"area:([a-z-]+) a skos:Concept", block.strip())
        if match:
            found = re.search(r'skos:prefLabel "([^"]+)"@da , "([^"]+)"@en', block)
            if found:
                labels[match.group(1)] = {"da": found.group(1), "en": found.group(2)}
    return labels


def saved_query_names() -> list[str]:
    """Names of the saved SPARQL queries in `ontology/queries/` (without `.rq`)."""
    folder = files(__package__).joinpath("queries")
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))
