"""The real built dataset and its RDF export, shared by the RDF, SPARQL, validation, server and push tests.

Read through `graph.status.current_bundle`, the same bundle `aftalegraf chain` answers from, so the
chain tests compare like with like; built once per test session.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph

from graph.models import Bundle
from graph.rdf import export_dataset, merged_graph
from graph.status import current_bundle

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "commitments"
CORPUS = ROOT / "data" / "agreements"


@cache
def real_bundle() -> Bundle:
    return current_bundle(DATA, CORPUS)


@cache
def real_dataset() -> Dataset:
    return export_dataset(real_bundle(), corpus=CORPUS)


@cache
def part_bundle() -> Bundle:
    """The real records of the two newest agreements (with the links and statuses among them):
    a fifth of the data, for the tests whose cost grows with size but whose point does not."""
    bundle = real_bundle()
    keep = {
        a.id for a in sorted((a for a in bundle.agreements if a.in_corpus), key=lambda a: a.fiscal_year)[-2:]
    }
    commitments = [c for c in bundle.commitments if c.agreement in keep]
    ids = {c.id for c in commitments}
    return bundle.model_copy(
        update={
            "agreements": [a for a in bundle.agreements if a.id in keep or not a.in_corpus],
            "commitments": commitments,
            "links": [link for link in bundle.links if link.from_id in ids and link.to_id in ids],
            "statuses": [s for s in bundle.statuses if s.id in ids],
        }
    )


@cache
def part_dataset() -> Dataset:
    return export_dataset(part_bundle(), corpus=CORPUS)


@cache
def real_merged() -> Graph:
    """The union of the export's graphs (what the triple formats carry); treat as read-only."""
    return merged_graph(real_dataset())


def run_cli(*args: str, seed: str = "0", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a fresh process (so exit codes and stderr are what users see)."""
    env = {**os.environ, "PYTHONHASHSEED": seed, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", "from graph.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )
