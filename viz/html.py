"""The self-contained HTML page: pyvis renders the network, we make it offline and add our controls.

pyvis 0.3.2 leaves three traps this module closes: its template links Bootstrap from a CDN even with
`cdn_resources="in_line"` (we drop every outside link and check none is left); `write_html` opens the
file without an encoding (we write UTF-8 ourselves, via a temp file and a rename); and its
`filter_menu`/`select_menu` lose nodes and have no legend (we add our own legend, search and filters,
`viz/assets/view.js`, working on the page's vis DataSets).
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any

from pyvis.network import Network

from graph.errors import AftalegrafError
from graph.models import Bundle
from viz.view import FOLLOW_UP_COLOUR, MEMBER_COLOUR, SHAPES, STATUS_BORDER, Selection, View, build_view

PAGE_NAME = "aftalegraf.html"

# Tags that would make the browser fetch from another host: pyvis' Bootstrap link and script.
OUTSIDE_TAG = re.compile(
    r"""<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>|<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>""",
    re.I | re.S,
)
OUTSIDE_REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
# pyvis' commented-out stylesheet and script links, and vis-network's source-map pointer: nothing to fetch.
COMMENTED_TAGS = re.compile(r"<!--\s*<(?:link|script)\b.*?-->\s*", re.I | re.S)
SOURCE_MAP = re.compile(r"//# sourceMappingURL=[^\s<]*")
EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>\s*", re.I)
SHAPE_GLYPH = {"dot": "●", "square": "■", "triangle": "▲"}


def _asset(name: str) -> str:
    return files("viz").joinpath("assets", name).read_text(encoding="utf-8")


def _options(view: View) -> dict[str, Any]:
    """vis-network options: no physics (positions are computed), no layout pass, hover events on."""
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 100,
            "hideEdgesOnDrag": view.large,
            "hideEdgesOnZoom": view.large,
            "multiselect": False,
        },
        "edges": {"smooth": False, "selectionWidth": 2},
    }


class _IdList(list[Any]):
    """pyvis keeps node ids in a list and tests `id in list` for every node and edge it adds, which is
    quadratic (seconds at 5,000 nodes); this list answers `in` from a set and is otherwise a list."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def network_of(view: View) -> Network:
    """The pyvis network holding exactly the view's nodes and edges, in the view's order."""
    net = Network(height="100%", width="100%", directed=True, heading="", cdn_resources="in_line")
    net.node_ids = _IdList()
    for node in view.nodes:
        attrs = {k: v for k, v in node.items() if k != "id"}
        net.add_node(node["id"], **attrs)
    for edge in view.edges:
        attrs = {k: v for k, v in edge.items() if k not in ("from", "to")}
        net.add_edge(edge["from"], edge["to"], **attrs)
    net.options = _options(view)
    return net


def _options_html(name: str, label: str, choices: list[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in choices)
    return (
        f'<label>{html.escape(label)} <select id="filter-{name}" data-filter="{name}">'
        f'<option value="">all</option>{options}</select></label>'
    )


def controls_html(view: View) -> str:
    """Search box, filters, counts, notice and legend: the page around the network canvas."""
    years = [(str(y), str(y)) for y in view.years]
    filters = "".join(
        [
            _options_html("area", "Area", [(a, label) for a, label, _ in view.areas]),
            _options_html("party", "Party", [(p, p) for p in view.parties]),
            _options_html("type", "Type", [(t, t) for t in view.types]),
            _options_html("status", "Status", [(s, s) for s in view.statuses]),
            _options_html("year", "Year", years),
        ]
    )
    notices = [f'<div id="notice" class="notice">{html.escape(view.notice)}</div>'] if view.notice else []
    if view.commitment_count == 0:
        notices.append('<div id="empty" class="notice">No commitment matches this selection.</div>')
    areas = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>{html.escape(label)}</li>'
        for _, label, colour in view.areas
    )
    types = "".join(
        f'<li><span class="glyph">{SHAPE_GLYPH[shape]}</span>{html.escape(str(kind))}</li>'
        for kind, shape in SHAPES.items()
        if str(kind) in view.types
    )
    statuses = "".join(
        f'<li><span class="mark mark-{html.escape(str(status))}" style="border-color:{colour}"></span>'
        f"{html.escape(str(status))}</li>"
        for status, colour in STATUS_BORDER.items()
        if str(status) in view.statuses
    )
    edges = (
        f'<li><span class="line" style="border-top:3px solid {FOLLOW_UP_COLOUR[True]}"></span>'
        "follow-up, explicit (→ earlier)</li>"
        f'<li><span class="line" style="border-top:3px dashed {FOLLOW_UP_COLOUR[False]}"></span>'
        "follow-up, implicit</li>"
        '<li><span class="line thick"></span>width: confidence</li>'
        f'<li><span class="line" style="border-top:2px solid {MEMBER_COLOUR}"></span>member of agreement</li>'
        '<li><span class="box missing"></span>agreement not in the corpus</li>'
    )
    return f"""
<header id="toolbar">
  <strong class="brand">{html.escape(view.title)}</strong>
  <input id="search" type="search" placeholder="Search commitments by words" autocomplete="off">
  {filters}
  <button id="reset" type="button">Reset</button>
  <span id="count" aria-live="polite"></span>
</header>
<div id="notices">{"".join(notices)}</div>
<aside id="legend">
  <button id="legend-toggle" type="button" aria-expanded="true">Legend</button>
  <div id="legend-body">
    <h2>Policy area</h2><ul>{areas}</ul>
    <h2>Type</h2><ul>{types}</ul>
    <h2>Status</h2><ul>{statuses or "<li>no status in this view</li>"}</ul>
    <h2>Edges</h2><ul>{edges}</ul>
    <p class="hint">Hover for details; click a commitment for its chain; Esc clears.</p>
  </div>
</aside>
<div id="tooltip" role="tooltip" hidden></div>
<section id="details" hidden aria-label="Selected node"><div id="details-text"></div></section>
"""


def render_page(view: View) -> str:
    """The page as one string: pyvis' HTML without outside links, plus our style, controls and script."""
    page = network_of(view).generate_html(name=PAGE_NAME)
    page = OUTSIDE_TAG.sub("", page)
    page = EMPTY_HEADING.sub("", page)
    page = COMMENTED_TAGS.sub("", page)
    page = SOURCE_MAP.sub("", page)
    leftover = OUTSIDE_REFERENCE.search(page)
    if leftover:
        raise AftalegrafError(
            "viz", f"the page still links outside: {page[leftover.start() : leftover.start() + 80]!r}"
        )
    meta = json.dumps(
        {"nodes": len(view.nodes), "edges": len(view.edges), "large": view.large}, sort_keys=True
    )
    head = (
        f"<title>{html.escape(view.title)}</title>\n"
        f"<style>{_asset('view.css')}</style>\n"
        f'<script id="aftalegraf-meta" type="application/json">{meta}</script>\n'
    )
    page = re.sub(r"^\s*<html>", '<!DOCTYPE html>\n<html lang="da">', page, count=1)
    page = page.replace("</head>", head + "</head>", 1)
    page = page.replace("<body>", "<body>\n" + controls_html(view), 1)
    page = page.replace("</body>", f"<script>{_asset('view.js')}</script>\n</body>", 1)
    return page


def write_page(view: View, path: Path) -> Path:
    """Write the page as UTF-8 next to its final name, then rename: never a half-written file."""
    page = render_page(view)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(page)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_view(bundle: Bundle, path: Path, selection: Selection | None = None) -> View:
    """What `aftalegraf build` and `aftalegraf viz` call: the view of `bundle` written to `path`."""
    view = build_view(bundle, selection)
    write_page(view, path)
    return view


def page_files(bundle: Bundle) -> dict[str, str]:
    """The build's view file, by name, for `graph.build` to publish beside the dataset."""
    return {PAGE_NAME: render_page(build_view(bundle))}
