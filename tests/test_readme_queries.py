"""The saved-query outputs in the README are what the queries answer on the committed dataset.

Run with AFTALEGRAF_UPDATE_README=1 to rewrite the tables after the dataset changed.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from graph import sparql
from graph.rdf import DEFAULT_ENDPOINT, export_dataset
from graph.status import current_bundle

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHOWN = 12  # rows of a result the README shows
WIDTH = 68  # characters of a cell the README shows

# `#### name`, a description, the bash command, then the output up to the next heading.
BLOCK = re.compile(r"(#### (?P<name>[\w-]+)\n\n.*?```bash\n(?P<command>aftalegraf sparql[^\n]*)\n```\n\n)(?P<output>.*?)(?=\n#### |\n## |\Z)", re.S)


def _cell(value: str) -> str:
    value = value.replace("|", "\\|").replace("\n", " ")
    return value if len(value) <= WIDTH else value[: WIDTH - 1] + "…"


def render(command: str, store: object) -> str:
    args = shlex.split(command)[2:]
    name = args[args.index("--saved") + 1]
    bindings = sparql.parse_bindings([args[i + 1] for i, a in enumerate(args) if a == "--bind"])
    result = sparql.table(sparql.execute(store, sparql.saved_query(name), bindings=bindings))  # type: ignore[arg-type]
    lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in result.rows[:SHOWN]]
    if len(result.rows) > SHOWN:
        lines += ["", f"({len(result.rows)} rows; the first {SHOWN} shown)"]
    return "\n".join(lines) + "\n"


def test_readme_query_outputs_match_the_committed_dataset() -> None:
    bundle = current_bundle(ROOT / "data" / "commitments", ROOT / "data" / "agreements")
    ds = export_dataset(bundle, corpus=ROOT / "data" / "agreements", base="https://w3id.org/aftalegraf/",
                        include_ontology=True, endpoint=DEFAULT_ENDPOINT)  # fmt: skip
    store = sparql.load_store(ds)
    text = README.read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(text))
    assert len(blocks) >= 7, "the README shows every saved query with its output"
    fresh = BLOCK.sub(lambda m: m.group(1) + render(m.group("command"), store), text)
    if os.environ.get("AFTALEGRAF_UPDATE_README"):
        README.write_text(fresh, encoding="utf-8")
    stale = [m.group("name") for m, f in zip(blocks, BLOCK.finditer(fresh), strict=True) if m.group(0) != f.group(0)]
    assert not stale, f"README outputs out of date for {stale}: rerun with AFTALEGRAF_UPDATE_README=1"
