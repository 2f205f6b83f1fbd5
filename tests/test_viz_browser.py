"""The HTML view in a real headless Chromium: offline, consistent with the graph, interactive.

Drives Debian's /usr/bin/chromium through Playwright (benchmarks/viz_browser.py); never downloads a
browser. The full view is drawn from the committed dataset (data/commitments); the chain test uses
the fixture bundle, whose chains have a known shape (see tests/_viz_bundle.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _viz_bundle import ROOT, viz_bundle

from benchmarks.viz_browser import CHROMIUM, Loaded, chromium, load, node_point
from graph.dataset import read_dataset
from graph.models import Bundle
from graph.network import build_network, chain
from viz.html import write_view
from viz.view import VIEW_EDGE_TYPES, View

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does)"
    ),
]


@pytest.fixture(scope="module")
def context() -> Any:
    with chromium() as ctx:
        yield ctx


def written(bundle: Bundle, path: Path) -> tuple[Bundle, View, Path]:
    return bundle, write_view(bundle, path), path


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Bundle, View, Path]:
    """The full view of the committed dataset."""
    return written(
        read_dataset(ROOT / "data" / "commitments"), tmp_path_factory.mktemp("full") / "aftalegraf.html"
    )


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Bundle, View, Path]:
    return written(viz_bundle(), tmp_path_factory.mktemp("small") / "aftalegraf.html")


@pytest.fixture(scope="module")
def loaded_full(context: Any, full: tuple[Bundle, View, Path]) -> Loaded:
    return load(context, full[2])


@pytest.fixture
def full_page(loaded_full: Loaded) -> Any:
    """The full view, put back as loaded after each test (filters, search and focus cleared)."""
    yield loaded_full
    loaded_full.page.click("#reset")


def focused(page: Any) -> list[str]:
    return page.evaluate("window.aftalegraf.focused()")


def visible(page: Any, kind: str = "commitment") -> list[str]:
    return page.evaluate("(kind) => window.aftalegraf.visible(kind)", kind)


def click_node(page: Any, node_id: str) -> None:
    page.evaluate("(id) => network.focus(id, {scale: 2.5, animation: false})", node_id)
    page.mouse.click(*node_point(page, node_id))


def test_page_loads_without_console_errors_and_requests_nothing_but_itself(full_page: Loaded, full):
    assert full_page.errors == []
    assert full_page.requests == [full[2].resolve().as_uri()]


def test_page_datasets_hold_as_many_nodes_and_edges_as_the_graph(full_page: Loaded, full):
    bundle, view, _ = full
    nxg = build_network(bundle)
    nodes = sorted(n for n, d in nxg.nodes(data=True) if d["kind"] in ("agreement", "commitment"))
    edges = sum(1 for _, _, d in nxg.edges(data=True) if d["type"] in VIEW_EDGE_TYPES)
    counts = full_page.page.evaluate("window.aftalegraf.counts()")
    assert counts == {"nodes": len(nodes), "edges": edges}
    assert sorted(full_page.page.evaluate("nodes.getIds()")) == nodes
    assert len(view.nodes) == len(nodes)


def test_a_click_on_a_commitment_highlights_exactly_its_chain(context: Any, small):
    bundle, _, path = small
    nxg = build_network(bundle)
    page = load(context, path).page
    ids = [c.id for c in bundle.commitments]
    assert page.evaluate("(ids) => ids.map((id) => window.aftalegraf.chainOf(id))", ids) == [
        sorted(chain(nxg, i)) for i in ids
    ], "the page's chains are the graph's, for every commitment"
    u23 = [c for c in bundle.commitments if c.agreement == "ØA23"]
    click_node(page, u23[0].id)
    lit = focused(page)
    assert lit == sorted(chain(nxg, u23[0].id)) and len(lit) == 4
    assert u23[1].id not in lit
    dimmed = page.evaluate("nodes.get({filter: (n) => n.dimmed}).map((n) => n.id)")
    assert set(dimmed) >= set(ids) - set(lit)
    assert "chain of " + u23[0].id in page.inner_text("#count")
    source = u23[0].source
    assert f"Source: {source.file}:{source.start}-{source.end}" in page.inner_text("#details")
    page.keyboard.press("Escape")
    assert focused(page) == sorted(ids)
    assert not page.is_visible("#details")


def test_a_click_on_the_longest_real_chain_highlights_it(context: Any, full_page: Loaded, full):
    bundle, _, _ = full
    if not bundle.links:
        pytest.skip("the committed dataset has no follow-up links yet")
    nxg = build_network(bundle)
    start = max(sorted({link.from_id for link in bundle.links}), key=lambda i: len(chain(nxg, i)))
    page = full_page.page
    click_node(page, start)
    assert focused(page) == sorted(chain(nxg, start))
    page.keyboard.press("Escape")


def test_filters_hide_what_they_should_and_reset_brings_everything_back(full_page: Loaded, full):
    bundle, view, _ = full
    page = full_page.page
    everything = sorted(c.id for c in bundle.commitments)
    area = sorted({c.area for c in bundle.commitments})[0]
    page.select_option("#filter-area", area)
    assert visible(page) == sorted(c.id for c in bundle.commitments if c.area == area)
    assert len(visible(page, "agreement")) == len(
        page.evaluate("nodes.getIds({filter: (n) => n.kind === 'agreement'})")
    )
    shown = set(visible(page)) | set(visible(page, "agreement"))
    drawn_edges = page.evaluate("network.body.edgeIndices.slice()")  # what vis-network draws
    assert sorted(drawn_edges) == sorted(e["id"] for e in view.edges if {e["from"], e["to"]} <= shown)
    year = bundle.commitments[0].fiscal_year
    page.select_option("#filter-year", str(year))
    assert visible(page) == sorted(
        c.id for c in bundle.commitments if c.area == area and c.fiscal_year == year
    )
    assert visible(page, "agreement") == [bundle.commitments[0].agreement]
    page.click("#reset")
    assert visible(page) == everything
    party = sorted({p for c in bundle.commitments for p in c.parties})[-1]
    page.select_option("#filter-party", party)
    page.select_option("#filter-type", "pledge")
    assert visible(page) == sorted(
        c.id for c in bundle.commitments if party in c.parties and c.type == "pledge"
    )
    page.click("#reset")
    if bundle.statuses:
        status = sorted({str(s.status) for s in bundle.statuses})[0]
        page.select_option("#filter-status", status)
        assert visible(page) == sorted({s.id for s in bundle.statuses if s.status == status})
        page.click("#reset")
    assert visible(page) == everything
    assert page.inner_text("#count").startswith(f"Showing {len(everything)} of {len(everything)} commitments")


def test_search_finds_commitments_by_words(full_page: Loaded, full):
    bundle, _, _ = full
    page = full_page.page
    query = "Kommunerne  ØKONOMI"
    words = query.casefold().split()

    def matches(text: str) -> bool:
        return all(word in text.casefold() for word in words)

    expected = sorted(c.id for c in bundle.commitments if matches(" ".join([c.text, *c.heading])))
    assert 0 < len(expected) < len(bundle.commitments)
    page.fill("#search", query)
    page.press("#search", "Enter")
    assert focused(page) == expected
    assert f"{len(expected)} match" in page.inner_text("#count")
    page.fill("#search", "")
    page.press("#search", "Enter")
    assert len(focused(page)) == len(bundle.commitments)


def test_hovering_a_commitment_shows_its_text_and_source(full_page: Loaded, full):
    bundle, _, _ = full
    page = full_page.page
    commitment = bundle.commitments[len(bundle.commitments) // 2]
    page.evaluate("(id) => network.focus(id, {scale: 2.5, animation: false})", commitment.id)
    page.mouse.move(*node_point(page, commitment.id))
    page.wait_for_selector("#tooltip:not([hidden])", timeout=5_000)
    text = page.inner_text("#tooltip")
    source = commitment.source
    assert f"Source: {source.file}:{source.start}-{source.end}" in text
    assert " ".join(commitment.text.split()[:6]) in " ".join(text.split())
    assert f"Parties: {', '.join(commitment.parties)}" in text
    page.mouse.move(2, 2)


def test_a_large_view_says_so_in_the_page(context: Any, tmp_path: Path):
    _, view, path = written(viz_bundle(per_agreement=210), tmp_path / "large.html")
    assert view.large
    loaded = load(context, path)
    assert loaded.errors == []
    assert loaded.page.is_visible("#notice")
    assert "--chain" in loaded.page.inner_text("#notice")


def test_a_screenshot_of_the_page_is_written(full_page: Loaded, tmp_path: Path):
    shot = tmp_path / "aftalegraf.png"
    full_page.page.evaluate("network.fit({animation: false})")
    full_page.page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000, "a real picture of the graph, not a blank page"
