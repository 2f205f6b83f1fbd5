"""`push` against a real Oxigraph server (the `oxigraph` package's `oxigraph serve`) on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from _rdf_data import part_dataset, real_dataset, run_cli

import ontology
from graph import sparql
from graph.errors import EndpointError
from graph.push import push
from graph.rdf import ox_quads

pytestmark = [pytest.mark.server, pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")]
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(location: Path, *, read_only: bool = False) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    mode = "serve-read-only" if read_only else "serve"
    args = [OXIGRAPH, mode, "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if not read_only:
        args.append("--union-default-graph")
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/query?query={quote('ASK {}')}", timeout=2).close()
            return process, base
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph {mode} exited with {process.returncode}") from None
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("oxigraph did not start")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@pytest.fixture(scope="module")
def store_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server (pip package `oxigraph`) is not installed")
    process, base = _start(tmp_path_factory.mktemp("oxigraph"))
    try:
        yield base
    finally:
        _stop(process)


def _select(base: str, query: str) -> list[dict[str, str]]:
    request = urllib.request.Request(
        f"{base}/query", data=query.encode(), method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def _graph_counts(base: str) -> dict[str, int]:
    rows = _select(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows}


def test_push_per_agreement_then_query_back_counts_and_a_chain(store_server: str) -> None:
    ds = real_dataset()
    done = push(ox_quads(ds), f"{store_server}/store", replace=True)
    expected = {
        str(g.identifier): len(g)
        for g in ds.graphs()
        if len(g) and g.identifier != ds.default_graph.identifier
    }
    assert _graph_counts(store_server) == expected
    assert {p.graph for p in done} == {*expected, "default"}
    # the saved chain query, sent over the SPARQL protocol, answers what it answers locally
    text = ontology.resource_text("queries/chains.rq")
    remote = {(r["id"], r["commitment"]) for r in _select(store_server, text)}
    local = sparql.table(sparql.execute(sparql.load_store(ds), text))
    assert remote == {(row[0], row[2]) for row in local.rows} and remote


def test_replace_twice_and_add_twice_leave_the_same_graph(store_server: str) -> None:
    quads = ox_quads(part_dataset())
    target = "https://example.org/aftalegraf/all"
    for _ in range(2):
        push(quads, f"{store_server}/store", graph=target, replace=True)
    merged = len({str(q.triple) for q in quads})
    assert _graph_counts(store_server)[target] == merged
    push(quads, f"{store_server}/store", graph=target)  # POST adds: the same triples again change nothing
    assert _graph_counts(store_server)[target] == merged


def test_an_unreachable_endpoint_is_one_line_and_exit_2() -> None:
    url = f"http://127.0.0.1:{_free_port()}/store"
    done = run_cli("push", "--endpoint", url)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the store" in lines[0] and "Traceback" not in done.stderr


def test_a_refusing_endpoint_names_the_refusal(tmp_path: Path) -> None:
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server is not installed")
    location = tmp_path / "ro"
    location.mkdir()
    seed, _ = _start(location)  # create the database, then reopen it read-only
    _stop(seed)
    process, base = _start(location, read_only=True)
    try:
        with pytest.raises(EndpointError, match="refused the PUT"):
            push(ox_quads(real_dataset())[:10], f"{base}/store", graph="https://example.org/g", replace=True)
        assert _graph_counts(base) == {}
    finally:
        _stop(process)
    with pytest.raises(EndpointError, match="http"):
        push([], "ftp://example.org/store")
