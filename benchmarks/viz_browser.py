"""Drive the HTML view in Debian's headless Chromium: shared by the browser tests, the view benchmark
and the README screenshot.

Never downloads a browser: Playwright's Python package drives `/usr/bin/chromium` with a fresh
user-data directory and the flags CI uses. Every request the page makes and every console error is
recorded, so callers can assert the page stays offline and clean.

    python -m benchmarks.viz_browser [--data data/commitments] [--out docs/aftalegraf.png] [--click-chain]

writes the README screenshot of the full view of the dataset (with --click-chain: after clicking
the commitment with the longest follow-up chain).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT: Any = {"width": 1600, "height": 900}  # playwright.sync_api.ViewportSize
READY = "window.aftalegrafReady === true"


@dataclass
class Loaded:
    """A page that reached our ready flag, with what it asked for and complained about on the way."""

    page: Any
    seconds: float  # wall clock from navigation to the ready flag, as the harness sees it
    ready_ms: float  # the page's own performance.now() when its script set the flag
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def chromium(viewport: Any = None) -> Iterator[Any]:
    """A persistent Chromium context in a throw-away profile directory; closed and removed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver, tempfile.TemporaryDirectory(prefix="aftalegraf-chromium-") as profile:
        context = driver.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport=viewport or VIEWPORT,
        )
        try:
            yield context
        finally:
            context.close()


def load(context: Any, path: Path, timeout_ms: float = 30_000) -> Loaded:
    """Open `path` in a new tab and wait for the view's ready flag (DataSets built, first frame drawn)."""
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    started = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function(READY, timeout=timeout_ms)
    seconds = time.perf_counter() - started
    return Loaded(page, seconds, float(page.evaluate("window.aftalegrafReadyMs")), requests, errors)


def node_point(page: Any, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates, so a real mouse click can land on it."""
    x, y = page.evaluate(
        """(id) => {
            const p = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        node_id,
    )
    return float(x), float(y)


def longest_chain_start(bundle: Any) -> str | None:
    """The linked commitment with the longest follow-up chain (ties: the smallest id)."""
    from graph.network import build_network, chain

    nxg = build_network(bundle)
    linked = sorted({link.from_id for link in bundle.links} | {link.to_id for link in bundle.links})
    return max(linked, key=lambda i: (len(chain(nxg, i)), [-ord(ch) for ch in i]), default=None)


def screenshot(data: Path, out: Path, *, click_chain: bool = False) -> Path:
    """The README picture: the full view of the dataset in `data` as the browser shows it; with
    `click_chain`, after a real click on the commitment with the longest follow-up chain."""
    from graph.dataset import read_dataset
    from viz.html import write_view

    bundle = read_dataset(data)
    with tempfile.TemporaryDirectory() as work:
        page_path = Path(work) / "aftalegraf.html"
        write_view(bundle, page_path)
        with chromium() as context:
            loaded = load(context, page_path)
            if loaded.errors:
                raise SystemExit(f"{page_path}: console errors: {loaded.errors}")
            start = longest_chain_start(bundle) if click_chain else None
            if start is not None:
                loaded.page.mouse.click(*node_point(loaded.page, start))
                loaded.page.wait_for_function("window.aftalegraf.focused().length > 0")
                loaded.page.mouse.move(4, VIEWPORT["height"] - 4)  # away: the Selected panel shows the text
                loaded.page.wait_for_selector("#tooltip", state="hidden")
            out.parent.mkdir(parents=True, exist_ok=True)
            loaded.page.screenshot(path=str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the README screenshot of the HTML view.")
    parser.add_argument("--data", type=Path, default=Path("data/commitments"))
    parser.add_argument("--out", type=Path, default=Path("docs/aftalegraf.png"))
    parser.add_argument("--click-chain", action="store_true", help="click the longest chain first")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM}: not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    print(screenshot(args.data, args.out, click_chain=args.click_chain))
    return 0


if __name__ == "__main__":
    sys.exit(main())
