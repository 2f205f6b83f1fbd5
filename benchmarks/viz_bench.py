"""How fast the HTML view opens and responds in headless Chromium, for the corpus and at 5,000 commitments.

    python -m benchmarks.viz_bench [--runs 3] [--data data/commitments] [--synthetic 5000]

Views measured: the full view of the built dataset, and a synthetic view of `--synthetic`
commitments (the first N/10 units of each of the ten agreements of the generator's scale-10 corpus,
with the planted follow-up links among them). For each, in fresh tabs of one browser:

- write: Python time to build the view and write the page (build_view + pyvis + our script);
- interactive: the page's own `performance.now()` when our script sets `aftalegrafReady` (DataSets
  built, handlers bound, first frame drawn), i.e. milliseconds since navigation started;
- filter / search: time from changing the area filter (or pressing Enter in the search box) to the
  next frame drawn, measured inside the page;
- click: wall-clock time from a real mouse click on a commitment to its chain being highlighted.

Prints a markdown table (recorded in benchmarks/VIZ.md). Timings are measured here, never asserted
in tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.viz_browser import CHROMIUM, chromium, load, node_point
from graph.models import Bundle
from viz.html import write_view
from viz.view import View

AFTER_FRAME = """async ([action, arg]) => {
    const drawn = new Promise((resolve) => network.once("afterDrawing", resolve));
    const t = performance.now();
    if (action === "filter") {
        const select = document.getElementById("filter-area");
        select.value = arg;
        select.dispatchEvent(new Event("change"));
    } else {
        const box = document.getElementById("search");
        box.value = arg;
        box.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter"}));
    }
    await Promise.race([drawn, new Promise((resolve) => setTimeout(resolve, 10000))]);
    return performance.now() - t;
}"""


def synthetic_bundle(commitments: int) -> Bundle:
    """`commitments` units of the generator's scale-10 corpus (an even share per agreement) and their links."""
    from benchmarks.generate import generate_corpus, to_records

    agreements, units, links = to_records(generate_corpus(10))
    share = -(-commitments // len(agreements))
    kept = []
    for agreement in agreements:
        mine = sorted((u for u in units if u.agreement == agreement.id), key=lambda u: u.source.start)
        kept.extend(mine[:share])
    kept = kept[:commitments]
    ids = {c.id for c in kept}
    return Bundle(
        agreements=agreements,
        commitments=kept,
        links=[link for link in links if link.from_id in ids and link.to_id in ids],
    )


def measure(context: Any, view: View, page_path: Path, runs: int) -> dict[str, list[float]]:
    """Open the page `runs` times; each time time the ready flag, a filter, a search and a chain click."""
    figures: dict[str, list[float]] = {"interactive": [], "filter": [], "search": [], "click": []}
    commitments = [n for n in view.nodes if n["kind"] == "commitment"]
    area = commitments[0]["area"]
    word = commitments[len(commitments) // 2]["search"].split()[0]
    linked = {e["from"] for e in view.edges if e["kind"] == "follow-up"}
    target = next((n["id"] for n in commitments if n["id"] in linked), commitments[0]["id"])
    for _ in range(runs):
        loaded = load(context, page_path, timeout_ms=60_000)
        if loaded.errors:
            raise SystemExit(f"{page_path}: console errors: {loaded.errors[:3]}")
        page = loaded.page
        figures["interactive"].append(loaded.ready_ms)
        figures["filter"].append(page.evaluate(AFTER_FRAME, ["filter", area]))
        page.click("#reset")
        figures["search"].append(page.evaluate(AFTER_FRAME, ["search", word]))
        page.click("#reset")
        page.evaluate("(id) => network.focus(id, {scale: 2.5, animation: false})", target)
        point = node_point(page, target)
        started = time.perf_counter()
        page.mouse.click(*point)
        page.wait_for_function(
            "(n) => window.aftalegraf.focused().length < n",
            arg=len(commitments),
            polling="raf",
            timeout=30_000,
        )
        figures["click"].append((time.perf_counter() - started) * 1000)
        page.close()
    return figures


def row(name: str, view: View, write_s: float, figures: dict[str, list[float]]) -> str:
    cells = [
        name,
        f"{view.commitment_count:,}",
        f"{len(view.nodes):,} / {len(view.edges):,}",
        f"{write_s:.2f} s",
    ]
    for key in ("interactive", "filter", "search", "click"):
        values = figures[key]
        cells.append(f"{statistics.median(values):,.0f} ms (max {max(values):,.0f})")
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path("data/commitments"))
    parser.add_argument("--synthetic", type=int, default=5000)
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM}: not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    from graph.dataset import read_dataset

    views = [("corpus (data/commitments)", read_dataset(args.data))]
    views.append((f"synthetic, {args.synthetic:,} commitments", synthetic_bundle(args.synthetic)))
    print("| view | commitments | nodes / edges | write | interactive | filter | search | click |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work, chromium() as context:
        for i, (name, bundle) in enumerate(views):
            path = Path(work) / f"view-{i}.html"
            started = time.perf_counter()
            view = write_view(bundle, path)
            write_s = time.perf_counter() - started
            print(row(name, view, write_s, measure(context, view, path, args.runs)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
