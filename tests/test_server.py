"""The SPARQL 1.1 Protocol endpoint, served for real on 127.0.0.1 from the real export."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlencode

import pytest
from _rdf_data import real_bundle, real_dataset

import ontology
from graph.rdf import PREFIXES, serialize
from graph.server import QueryPool, make_server, negotiate, query_page

pytestmark = [pytest.mark.server, pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")]
COUNT = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ag:Commitment }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    pool = QueryPool(serialize(real_dataset(), "nq"), PREFIXES, workers=2, timeout=3.0)
    saved = {name: ontology.resource_text(f"queries/{name}.rq") for name in ontology.saved_query_names()}
    server = make_server(pool, "127.0.0.1", 0, query_page(saved, pool.triples))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        pool.close()


def _get(url: str, accept: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    return _open(request)


def _open(request: urllib.request.Request) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_get_answers_sparql_json(endpoint: str) -> None:
    status, kind, body = _get(f"{endpoint}/sparql?query={quote(COUNT)}")
    assert status == 200 and kind == "application/sparql-results+json"
    value = json.loads(body)["results"]["bindings"][0]["n"]["value"]
    assert int(value) == len(real_bundle().commitments)


@pytest.mark.parametrize(
    ("accept", "kind", "first"),
    [
        ("text/csv", "text/csv", b"n\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?n\n"),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
        ("text/html;q=0.5, application/sparql-results+json", "application/sparql-results+json", b"{"),
    ],
)
def test_post_query_negotiates_the_result_format(endpoint: str, accept: str, kind: str, first: bytes) -> None:
    request = urllib.request.Request(
        f"{endpoint}/sparql",
        data=COUNT.encode(),
        method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    status, got, body = _open(request)
    assert status == 200 and got == kind
    assert body.startswith(first)


def test_form_post_and_construct_as_turtle_and_json_ld(endpoint: str) -> None:
    query = "CONSTRUCT { ?a dcterms:title ?t } WHERE { ?a a ag:Agreement ; dcterms:title ?t }"
    form = urlencode({"query": query}).encode()
    request = urllib.request.Request(
        f"{endpoint}/sparql",
        data=form,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/turtle"},
    )
    status, kind, body = _open(request)
    assert status == 200 and kind == "text/turtle"
    assert "økonomi".encode() in body and b"@prefix dcterms:" in body
    status, kind, body = _get(f"{endpoint}/sparql?query={quote(query)}", "application/ld+json")
    assert status == 200 and kind == "application/ld+json"
    assert any(
        "Aftale om kommunernes økonomi" in json.dumps(node, ensure_ascii=False) for node in json.loads(body)
    )


def test_updates_are_refused_with_403(endpoint: str) -> None:
    update = "INSERT DATA { <a:a> <a:b> <a:c> }"
    post = urllib.request.Request(
        f"{endpoint}/sparql",
        data=update.encode(),
        method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )
    for request in (post, urllib.request.Request(f"{endpoint}/sparql?query={quote(update)}")):
        status, _kind, body = _open(request)
        assert status == 403 and b"read-only" in body
    assert _get(f"{endpoint}/sparql?update={quote(update)}")[0] == 403
    assert _get(f"{endpoint}/sparql?query={quote(COUNT)}")[0] == 200


def test_a_malformed_query_is_400_with_the_position(endpoint: str) -> None:
    status, _kind, body = _get(f"{endpoint}/sparql?query={quote('SELECT ?x WHERE { ?x ?p }')}")
    assert status == 400 and b"error at 1:" in body


def test_a_query_past_the_timeout_is_stopped_and_the_server_stays_up(endpoint: str) -> None:
    status, _kind, body = _get(f"{endpoint}/sparql?query={quote(SLOW)}")
    assert status == 503 and b"timeout" in body
    for _ in range(3):  # the other worker answers at once; the killed one is replaced
        assert _get(f"{endpoint}/sparql?query={quote(COUNT)}")[0] == 200


def test_concurrent_clients_all_get_answers(endpoint: str) -> None:
    queries = [ontology.resource_text(f"queries/{name}.rq") for name in ontology.saved_query_names()]

    def ask(n: int) -> int:
        return _get(f"{endpoint}/sparql?query={quote(queries[n % len(queries)])}")[0]

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(ask, range(64)))
    assert statuses == [200] * 64


def test_query_page_works_offline(endpoint: str) -> None:
    status, kind, body = _get(f"{endpoint}/")
    page = body.decode("utf-8")
    assert status == 200 and kind.startswith("text/html")
    assert '<form method="get" action="/sparql"' in page
    assert re.search(r"<script[^>]*\bsrc=|<link\b|@import|<iframe", page) is None  # nothing loaded from elsewhere
    assert re.findall(r"fetch\('([^']*)'", page) == ["/sparql"]
    assert _get(f"{endpoint}/nothing")[0] == 404


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_gets_csv(endpoint: str) -> None:
    done = subprocess.run(
        ["curl", "-sf", "-H", "Accept: text/csv", "--data-urlencode", f"query={COUNT}", f"{endpoint}/sparql"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.splitlines() == ["n", str(len(real_bundle().commitments))]


def test_negotiation_rules() -> None:
    assert negotiate(None, None) == ("json", "ttl")
    assert negotiate("text/csv;q=0.2, application/sparql-results+xml", None) == ("xml", "ttl")
    assert negotiate("image/png", None) is None
    assert negotiate("*/*", None) == ("json", "ttl")
    assert negotiate(None, "tsv") == ("tsv", "ttl")
    assert negotiate(None, "jsonld") == ("json", "jsonld")
