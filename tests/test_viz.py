"""The view's node and edge data (viz.view) and the page around it (viz.html), without a browser."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _viz_bundle import CORPUS, ROOT, viz_bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import AftalegrafError
from graph.models import Bundle, Commitment, Status
from graph.network import build_network, chain
from ontology import policy_area_labels
from viz.html import render_page, write_page, write_view
from viz.view import (
    LARGE_VIEW,
    SHAPES,
    TEXT_WIDTH,
    VIEW_EDGE_TYPES,
    Selection,
    View,
    ViewError,
    build_view,
)


def by_id(view: View) -> dict[str, dict]:
    return {node["id"]: node for node in view.nodes}


def units(bundle: Bundle, agreement: str) -> list[Commitment]:
    """The fixture's commitments of one agreement in the order `_viz_bundle` numbers them."""
    return [c for c in bundle.commitments if c.agreement == agreement]


def page_dataset(page: str, name: str) -> list[dict]:
    """The records pyvis put into `new vis.DataSet(...)` for `nodes` or `edges` in the page."""
    start = page.index(f"{name} = new vis.DataSet(") + len(f"{name} = new vis.DataSet(")
    records, _ = json.JSONDecoder().raw_decode(page, start)
    return records


# --- what the view shows is the graph's agreements, commitments, memberships and follow-ups ---------


def test_view_has_exactly_the_graphs_agreement_and_commitment_nodes_and_its_member_and_follow_up_edges():
    bundle = viz_bundle()
    nxg = build_network(bundle)
    view = build_view(bundle)
    graph_nodes = {n for n, d in nxg.nodes(data=True) if d["kind"] in ("agreement", "commitment")}
    graph_edges = sorted(
        (u, v, VIEW_EDGE_TYPES[d["type"]]) for u, v, d in nxg.edges(data=True) if d["type"] in VIEW_EDGE_TYPES
    )
    assert {n["id"] for n in view.nodes} == graph_nodes
    assert len(view.nodes) == len(graph_nodes)
    assert sorted((e["from"], e["to"], e["kind"]) for e in view.edges) == graph_edges
    assert len({e["id"] for e in view.edges}) == len(view.edges)


def test_agreements_run_left_to_right_by_fiscal_year_with_missing_ones_in_their_place():
    view = build_view(viz_bundle())
    agreements = [n for n in view.nodes if n["kind"] == "agreement"]
    assert [a["id"] for a in sorted(agreements, key=lambda a: a["x"])] == [
        "ØA19", "ØA20", "ØA21", "ØA22", "ØA23", "ØA24", "ØA25",
    ]  # fmt: skip
    missing = {a["id"] for a in agreements if a["missing"]}
    assert missing == {"ØA21", "ØA25"}  # ØA21 listed as referenced, ØA25 only named as a deadline
    for agreement in agreements:
        assert ("missing" in agreement["label"]) is agreement["missing"]
        assert bool(agreement["shapeProperties"]["borderDashes"]) is agreement["missing"]
    gaps = {round(b["x"] - a["x"], 6) for a, b in zip(agreements, agreements[1:], strict=False)}
    assert len(gaps) == 1, "one column per fiscal year, evenly spaced"


def test_each_commitment_sits_in_its_agreements_column_and_no_two_nodes_overlap():
    view = build_view(viz_bundle())
    nodes = by_id(view)
    columns = {n["id"]: n["x"] for n in view.nodes if n["kind"] == "agreement"}
    for node in view.nodes:
        if node["kind"] == "commitment":
            nearest = min(columns, key=lambda a: abs(columns[a] - node["x"]))
            assert nearest == node["agreement"]
            assert node["y"] > nodes[node["agreement"]]["y"]
    positions = [(n["x"], n["y"]) for n in view.nodes]
    assert len(set(positions)) == len(positions)


def test_colour_follows_policy_area_and_shape_follows_commitment_type():
    bundle = viz_bundle()
    nodes = by_id(build_view(bundle))
    colour_of: dict[str, str] = {}
    for commitment in bundle.commitments:
        node = nodes[commitment.id]
        assert node["shape"] == SHAPES[commitment.type]
        assert (
            colour_of.setdefault(commitment.area, node["color"]["background"]) == node["color"]["background"]
        )
    assert len(set(colour_of.values())) == len(colour_of), "different areas get different colours"
    assert len({SHAPES[t] for t in SHAPES}) == 3


def test_follow_up_edges_stand_out_and_show_evidence_and_confidence():
    view = build_view(viz_bundle())
    follow = [e for e in view.edges if e["kind"] == "follow-up"]
    member = [e for e in view.edges if e["kind"] == "member"]
    assert follow and member
    assert all(e["arrows"] == "to" for e in follow) and all(e["arrows"] == "" for e in member)
    assert min(e["width"] for e in follow) > max(e["width"] for e in member)
    for e in follow:
        assert e["dashes"] is (e["evidence"] == "implicit")
    ordered = sorted(follow, key=lambda e: e["confidence"])
    assert [e["width"] for e in ordered] == sorted(e["width"] for e in ordered)
    assert ordered[0]["width"] < ordered[-1]["width"]


def test_pending_and_no_follow_up_found_commitments_are_marked():
    bundle = viz_bundle()
    nodes = by_id(build_view(bundle))
    u19, u22, u24 = units(bundle, "ØA19"), units(bundle, "ØA22"), units(bundle, "ØA24")
    pending, none_found, followed, both = (
        nodes[u24[1].id],
        nodes[u19[2].id],
        nodes[u19[1].id],
        nodes[u22[2].id],
    )
    assert pending["statuses"] == ["pending"] and pending["shapeProperties"]["borderDashes"]
    assert (
        none_found["statuses"] == ["no-follow-up-found"]
        and none_found["shapeProperties"]["borderDashes"] is False
    )
    assert both["statuses"] == ["no-follow-up-found", "pending"], "the most telling status first"
    for marked in (pending, none_found, both):
        assert marked["borderWidth"] > followed["borderWidth"]
        assert marked["color"]["border"] != marked["color"]["background"]
    assert "shapeProperties" not in followed


def test_hover_text_is_wrapped_and_names_parties_area_deadlines_amounts_status_and_source():
    bundle = viz_bundle()
    nodes = by_id(build_view(bundle))
    raw = (CORPUS / "kommuner-2022.txt").read_text(encoding="utf-8")
    u22 = units(bundle, "ØA22")
    for commitment in u22[:4]:
        hover = nodes[commitment.id]["hover"]
        assert all(
            len(line) <= TEXT_WIDTH for line in hover.split("\n") if not line.startswith(("Id:", "Source:"))
        )
        assert " ".join(commitment.text.split()) in " ".join(hover.split())
        assert f"Parties: {', '.join(commitment.parties)}" in hover
        assert policy_area_labels()[commitment.area]["da"] in hover
        source = commitment.source
        assert f"Source: {source.file}:{source.start}-{source.end}" in hover
        assert " ".join(raw[source.start : source.end].split()) == commitment.text
    assert "Deadline: i efteråret 2022 (2022-09-01/2022-11-30)" in nodes[u22[2].id]["hover"]
    assert "Deadline: når evalueringen foreligger" in nodes[u22[2].id]["hover"]
    assert "Amount: 1,5 mia. kr. (2022)" in nodes[u22[3].id]["hover"]
    assert "Status for 2022-09-01/2022-11-30: no-follow-up-found as of ØA24" in nodes[u22[2].id]["hover"]
    assert "Deadline: økonomiaftalen for ØA23 (ØA23)" in nodes[u22[1].id]["hover"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_part_of_a_bundle_gives_the_graphs_nodes_and_edges_and_chains(data: st.DataObject):
    full = viz_bundle()
    kept = data.draw(st.lists(st.booleans(), min_size=len(full.commitments), max_size=len(full.commitments)))
    commitments = [c for c, keep in zip(full.commitments, kept, strict=True) if keep]
    ids = {c.id for c in commitments}
    bundle = Bundle(
        agreements=full.agreements,
        commitments=commitments,
        links=[link for link in full.links if link.from_id in ids and link.to_id in ids],
        statuses=[s for s in full.statuses if s.id in ids],
    )
    nxg = build_network(bundle)
    view = build_view(bundle, nxg=nxg)
    assert {n["id"] for n in view.nodes} == {
        n for n, d in nxg.nodes(data=True) if d["kind"] in ("agreement", "commitment")
    }
    assert len(view.edges) == sum(1 for _, _, d in nxg.edges(data=True) if d["type"] in VIEW_EDGE_TYPES)
    positions = [(n["x"], n["y"]) for n in view.nodes]
    assert len(set(positions)) == len(positions)
    if commitments:
        start = data.draw(st.sampled_from(sorted(ids)))
        focused = build_view(bundle, Selection(chain=start), nxg=nxg)
        assert {n["id"] for n in focused.nodes if n["kind"] == "commitment"} == set(chain(nxg, start))


# --- focused views -----------------------------------------------------------------------------------


def test_chain_view_is_the_graphs_chain_and_the_agreements_it_spans():
    bundle = viz_bundle()
    u20, u22, u23, u24 = (units(bundle, a) for a in ("ØA20", "ØA22", "ØA23", "ØA24"))
    view = build_view(bundle, Selection(chain=u23[0].id))
    commitments = {n["id"] for n in view.nodes if n["kind"] == "commitment"}
    assert commitments == set(chain(build_network(bundle), u23[0].id))
    assert commitments == {u24[0].id, u23[0].id, u22[0].id, u20[0].id}
    assert u23[1].id not in commitments, "a sibling follow-up of an earlier member is not on this chain"
    assert [n["id"] for n in view.nodes if n["kind"] == "agreement"] == [
        "ØA20",
        "ØA21",
        "ØA22",
        "ØA23",
        "ØA24",
    ]
    assert sorted(e["kind"] for e in view.edges) == ["follow-up"] * 3 + ["member"] * 4


def test_year_area_party_and_status_selections_keep_only_what_matches():
    bundle = viz_bundle()

    def kept(selection: Selection) -> set[str]:
        return {n["id"] for n in build_view(bundle, selection).nodes if n["kind"] == "commitment"}

    assert kept(Selection(years=frozenset({2023}))) == {c.id for c in units(bundle, "ØA23")}
    assert [n["id"] for n in build_view(bundle, Selection(years=frozenset({2023}))).nodes][0] == "ØA23"
    area = bundle.commitments[0].area
    assert kept(Selection(areas=frozenset({area}))) == {c.id for c in bundle.commitments if c.area == area}
    assert kept(Selection(parties=frozenset({"regeringen"}))) == {
        c.id for c in bundle.commitments if "Regeringen" in c.parties
    }
    assert kept(Selection(statuses=frozenset({Status.PENDING}))) == {
        s.id for s in bundle.statuses if s.status is Status.PENDING
    }
    assert kept(Selection(years=frozenset({2023}), areas=frozenset({area}))) == {
        c.id for c in bundle.commitments if c.area == area and c.fiscal_year == 2023
    }


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (Selection(chain="oa24-0000000000"), "--chain: no commitment has the id 'oa24-0000000000'"),
        (Selection(chain="ØA24"), "--chain: no commitment has the id 'ØA24'"),
        (Selection(areas=frozenset({"skat"})), "--area: unknown policy area 'skat'"),
        (
            Selection(parties=frozenset({"Folketinget"})),
            "--party: no commitment names the party 'folketinget'",
        ),
    ],
)
def test_a_selection_naming_what_is_not_there_is_one_clear_error(selection: Selection, message: str):
    with pytest.raises(ViewError) as raised:
        build_view(viz_bundle(), selection)
    assert isinstance(raised.value, AftalegrafError)
    assert str(raised.value).startswith(message)


def test_a_view_above_a_thousand_nodes_says_so_and_a_small_one_does_not():
    small = build_view(viz_bundle())
    assert not small.large and small.notice is None
    big = build_view(viz_bundle(per_agreement=210))
    assert len(big.nodes) > LARGE_VIEW
    assert big.large and big.notice and "--chain" in big.notice and f"{len(big.nodes):,}" in big.notice
    assert 'id="notice"' in render_page(big) and 'id="notice"' not in render_page(small)


# --- the page -----------------------------------------------------------------------------------------


def test_page_datasets_hold_exactly_the_views_nodes_and_edges():
    view = build_view(viz_bundle())
    page = render_page(view)
    assert page_dataset(page, "nodes") == view.nodes
    assert [(e["from"], e["to"], e["id"]) for e in page_dataset(page, "edges")] == [
        (e["from"], e["to"], e["id"]) for e in view.edges
    ]


def test_page_is_self_contained_with_no_reference_to_another_host():
    page = render_page(build_view(viz_bundle()))
    assert "bootstrap" not in page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert not re.search(r"""@import|<link\b|sourceMappingURL""", page, re.I)
    assert "vis.Network" in page and "window.aftalegrafReady" in page
    assert page.startswith("<!DOCTYPE html>")


def test_page_offers_legend_search_and_filters_for_what_is_in_the_view():
    bundle = viz_bundle()
    page = render_page(build_view(bundle))
    for name in (
        "search",
        "filter-area",
        "filter-party",
        "filter-type",
        "filter-status",
        "filter-year",
        "legend",
    ):
        assert f'id="{name}"' in page
    for area in {c.area for c in bundle.commitments}:
        assert f'<option value="{area}">{policy_area_labels()[area]["da"]}</option>' in page
    assert '<option value="2021">2021</option>' in page
    assert "agreement not in the corpus" in page and "no-follow-up-found" in page


def test_same_bundle_in_any_order_gives_a_byte_identical_page(tmp_path: Path):
    bundle = viz_bundle()
    shuffled = Bundle(
        agreements=list(reversed(bundle.agreements)),
        commitments=list(reversed(bundle.commitments)),
        links=list(reversed(bundle.links)),
        statuses=list(reversed(bundle.statuses)),
    )
    first = write_view(bundle, tmp_path / "a.html")
    write_view(shuffled, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert first.nodes == build_view(shuffled).nodes


def test_page_is_written_as_utf8_under_an_ascii_locale(tmp_path: Path):
    path = tmp_path / "deep" / "aftalegraf.html"
    script = (
        "import locale, sys; sys.path.insert(0, 'tests'); from pathlib import Path; "
        "from _viz_bundle import viz_bundle; from viz.html import write_view; "
        "print(locale.getpreferredencoding(False)); write_view(viz_bundle(), Path(sys.argv[1]))"
    )
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "utf" not in done.stdout.lower(), f"the child ran under {done.stdout.strip()}, not an ASCII locale"
    text = path.read_bytes().decode("utf-8")
    assert "Økonomiske rammer og finansiering" in text and "Ældre" in text
    assert list(path.parent.iterdir()) == [path]


def test_a_failed_write_leaves_the_old_page_and_no_temp_file(tmp_path: Path):
    path = tmp_path / "aftalegraf.html"
    path.write_text("old", encoding="utf-8")
    view = build_view(viz_bundle())
    broken = View(
        nodes=view.nodes, edges=[*view.edges, {"id": "x", "from": "nowhere", "to": "ØA19"}], title="x"
    )
    with pytest.raises(AssertionError):
        write_page(broken, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [path]


# --- build and CLI --------------------------------------------------------------------------------------

AFTALEGRAF = Path(sys.executable).parent / "aftalegraf"


def test_build_publishes_the_full_view_beside_the_data(tmp_path: Path):
    from graph.build import STEPS, BuildState, dataset_step, view_step

    assert STEPS.index(view_step) > STEPS.index(dataset_step), "the view is drawn from the finished bundle"
    bundle = viz_bundle()
    state = view_step(dataset_step(BuildState(corpus=CORPUS, out=tmp_path, bundle=bundle)))
    assert state.files["aftalegraf.html"] == render_page(build_view(bundle))
    assert "ØA19.json" in state.files


def test_viz_command_writes_a_focused_page_from_a_dataset(tmp_path: Path):
    from graph.dataset import write_dataset

    bundle = viz_bundle()
    write_dataset(tmp_path / "data", bundle)
    target = units(bundle, "ØA23")[0]
    out = tmp_path / "out" / "chain.html"
    args = [AFTALEGRAF, "viz", "--data", tmp_path / "data", "-o", out, "--chain", target.id]
    done = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{out}: 4 commitments" in done.stdout and "3 follow-up links" in done.stdout
    page = out.read_text(encoding="utf-8")
    assert {n["id"] for n in page_dataset(page, "nodes") if n["kind"] == "commitment"} == set(
        chain(build_network(bundle), target.id)
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--chain", "oa19-ffffffffff"], "aftalegraf: --chain: no commitment has the id 'oa19-ffffffffff'\n"),
        (
            ["--status", "done"],
            "aftalegraf: --status: unknown status 'done'; known: followed-up, pending, no-follow-up-found\n",
        ),
        (["--data", "nowhere"], "aftalegraf: nowhere: no such dataset directory (run `aftalegraf build`)\n"),
    ],
)
def test_viz_command_refuses_bad_input_with_one_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str
):
    from graph.dataset import write_dataset

    write_dataset(tmp_path / "data", viz_bundle())
    out = tmp_path / "page.html"
    done = subprocess.run(
        [AFTALEGRAF, "viz", "--data", "data", "-o", out, *args], capture_output=True, text=True, cwd=tmp_path
    )
    assert (done.returncode, done.stderr) == (2, message)
    assert not out.exists()


def test_viz_command_warns_when_a_view_is_large_or_empty(tmp_path: Path):
    from graph.dataset import write_dataset

    write_dataset(tmp_path / "big", viz_bundle(per_agreement=210))
    done = subprocess.run(
        [AFTALEGRAF, "viz", "--data", "big", "-o", "big.html"], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("aftalegraf: warning: This view has 1,0") and "--chain ID" in done.stderr
    write_dataset(tmp_path / "small", viz_bundle())
    args = [AFTALEGRAF, "viz", "--data", "small", "-o", "none.html", "--year", "2021"]
    done = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "aftalegraf: warning: no commitment matches year 2021\n")
    assert "0 commitments in 1 agreement column," in done.stdout
    assert 'id="empty"' in (tmp_path / "none.html").read_text(encoding="utf-8")
