"""A bounded load test of `aftalegraf serve` on loopback: many clients, bad queries, updates.

2,000 queries from 16 concurrent clients by default (a mix of the saved queries). CI may lower
the count with AFTALEGRAF_LOAD_QUERIES; the default stays the honest one. Memory is the
resident set of the server and its query workers together, read from /proc.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import ontology

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("aftalegraf")
QUERIES = int(os.environ.get("AFTALEGRAF_LOAD_QUERIES", "2000"))
CLIENTS = 16
TIMEOUT = 3.0  # the server's --timeout for this test
# Every triple with every triple with every triple: far more than any timeout allows on this graph.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident set of a process and all its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total += int(match.group(1)) if match else 0
        todo.extend(_children(current))
    return total / 1024


@pytest.fixture(scope="module")
def endpoint() -> tuple[str, subprocess.Popen[str]]:
    process = subprocess.Popen(
        [str(EXE), "serve", "--host", "127.0.0.1", "--port", "0", "--timeout", str(TIMEOUT), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()  # the banner names the bound port
    match = re.search(r"(http://127\.0\.0\.1:\d+/sparql)", line)
    if not match:
        process.kill()
        pytest.fail(f"server did not start: {line!r} {process.stderr.read() if process.stderr else ''}")
    yield match.group(1), process
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def ask(url: str, query: str, *, timeout: float = 60) -> tuple[int, bytes]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def saved_queries() -> list[str]:
    return [ontology.resource_text(f"queries/{name}.rq") for name in ontology.saved_query_names()]


def test_many_concurrent_clients_no_failure_and_flat_memory(endpoint: tuple[str, subprocess.Popen[str]]) -> None:
    url, process = endpoint
    queries = saved_queries()
    assert len(queries) >= 5
    for query in queries:  # warm up every worker on every query before the baseline
        for _ in range(3):
            assert ask(url, query)[0] == 200
    before = tree_rss_mb(process.pid)

    def one(index: int) -> tuple[int, int]:
        status, body = ask(url, queries[index % len(queries)])
        rows = len(json.loads(body)["results"]["bindings"]) if status == 200 else -1
        return status, rows

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        answers = list(pool.map(one, range(QUERIES)))
    after = tree_rss_mb(process.pid)
    statuses = Counter(status for status, _ in answers)
    assert statuses == {200: QUERIES}
    # the same query always gives the same number of rows
    per_query: dict[int, set[int]] = {}
    for index, (_, rows) in enumerate(answers):
        per_query.setdefault(index % len(queries), set()).add(rows)
    assert all(len(rows) == 1 for rows in per_query.values())
    assert process.poll() is None
    assert after < before * 1.25 + 30, f"server memory grew from {before:.0f} MB to {after:.0f} MB"


def test_runaway_query_is_stopped_and_the_server_stays_up(endpoint: tuple[str, subprocess.Popen[str]]) -> None:
    url, process = endpoint
    began = time.monotonic()
    status, body = ask(url, RUNAWAY)
    took = time.monotonic() - began
    assert status == 503
    assert "timeout" in body.decode("utf-8")
    assert took < TIMEOUT + 10
    assert process.poll() is None
    for query in saved_queries():  # the pool has recovered: every saved query answers again
        assert ask(url, query)[0] == 200


def test_updates_are_refused_and_change_nothing(endpoint: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = endpoint
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, body = ask(url, count)
    assert status == 200
    before = json.loads(body)["results"]["bindings"][0]["n"]["value"]
    insert = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    assert ask(url, insert)[0] == 403
    request = urllib.request.Request(url, data=insert.encode(), headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    form = urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode()
    request = urllib.request.Request(url, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    status, body = ask(url, count)
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == before
