"""`aftalegraf serve`: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

Standard-library HTTP (ThreadingHTTPServer); queries run in a small pool of worker processes,
each holding its own in-memory Oxigraph store. A process, not a thread, so that a query running
past `--timeout` can be stopped: Oxigraph cannot interrupt a query from Python, but the server can
kill the worker, answer 503, and start a fresh one while the other workers keep serving.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import queue
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from urllib.parse import parse_qs, urlsplit

from graph.errors import EndpointError

UPDATE = re.compile(
    r"^\s*(?:(?:#[^\n]*\n\s*)|(?:PREFIX\s+\S*\s*<[^>]*>\s*)|(?:BASE\s*<[^>]*>\s*))*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}
GRAPH_MEDIA = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "xml": "application/rdf+xml",
}
MAX_BODY = 1 << 20  # a query longer than 1 MiB is not a query a person wrote


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def _text(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


# --- the worker process ------------------------------------------------------------------------------


def _worker(conn: Connection, nquads: bytes, prefixes: dict[str, str]) -> None:
    """Load the store once, then answer (query, result format, graph format) requests until EOF."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(nquads, format=ox.RdfFormat.N_QUADS)
    results = {
        "json": ox.QueryResultsFormat.JSON,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
        "xml": ox.QueryResultsFormat.XML,
    }
    graphs = {
        "ttl": ox.RdfFormat.TURTLE,
        "jsonld": ox.RdfFormat.JSON_LD,
        "nt": ox.RdfFormat.N_TRIPLES,
        "xml": ox.RdfFormat.RDF_XML,
    }
    conn.send(("ready", len(store)))
    while True:
        try:
            text, result_fmt, graph_fmt = conn.recv()
        except EOFError:
            return
        try:
            result = store.query(text, use_default_graph_as_union=True, prefixes=prefixes)
            if isinstance(result, ox.QueryTriples):
                body = ox.serialize(list(result), format=graphs[graph_fmt], prefixes=prefixes)
                answer = (200, GRAPH_MEDIA[graph_fmt], body)
            else:
                answer = (200, RESULT_MEDIA[result_fmt], result.serialize(format=results[result_fmt]))
        except SyntaxError as error:
            first = str(error).splitlines()[0] if str(error) else "syntax error"
            answer = (400, "text/plain; charset=utf-8", f"malformed SPARQL query: {first}\n".encode())
        except Exception as error:  # an engine failure answers 500; the worker stays usable
            answer = (500, "text/plain; charset=utf-8", f"query failed: {error}\n".encode())
        conn.send(answer)


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection


class QueryPool:
    """Worker processes answering queries; a query past the timeout costs its worker, not the server."""

    def __init__(
        self, nquads: bytes, prefixes: dict[str, str], *, workers: int = 2, timeout: float = 30.0
    ) -> None:
        self.nquads = nquads
        self.prefixes = prefixes
        self.timeout = timeout
        self.size = max(1, workers)
        self.triples = 0
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._all: set[int] = set()
        self._lock = threading.Lock()
        for _ in range(self.size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker, args=(child, self.nquads, self.prefixes), daemon=True, name="aftalegraf-sparql"
        )
        process.start()
        child.close()
        started = time.monotonic()
        while not parent.poll(0.1):
            if not process.is_alive() or time.monotonic() - started > 120:
                process.kill()
                raise EndpointError("serve", "a query worker failed to start (it loads the graph into Oxigraph)")
        _ready, self.triples = parent.recv()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(id(worker))
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker stuck in a query and put a fresh one in its place (in the background)."""
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

        def respawn() -> None:
            if not self._closed:
                self._idle.put(self._start())

        threading.Thread(target=respawn, daemon=True).start()

    def run(self, text: str, result_fmt: str, graph_fmt: str) -> Answer:
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return _text(503, f"server busy: no query worker free within {self.timeout:g} s; try again")
        try:
            worker.conn.send((text, result_fmt, graph_fmt))
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                status, content_type, body = worker.conn.recv()
                self._idle.put(worker)
                return Answer(status, content_type, body)
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return _text(500, "the query worker died; it has been restarted")
        self._replace(worker)
        return _text(
            503, f"query stopped: it ran longer than the server's timeout of {self.timeout:g} s (--timeout)"
        )

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            worker.conn.close()
            worker.process.kill()
            worker.process.join(5)


# --- HTTP --------------------------------------------------------------------------------------------


def _accept(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, order kept on ties)."""
    if not header:
        return []
    ranked = []
    for n, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, n, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str | None, fmt: str | None) -> tuple[str, str] | None:
    """(result format, graph format) for a request; None when nothing acceptable is offered.

    `format=` (json, csv, tsv, xml, ttl, jsonld, nt) wins over Accept, for browsers and curl.
    """
    result_fmt, graph_fmt = "json", "ttl"
    if fmt:
        if fmt in RESULT_MEDIA:
            result_fmt = fmt
            graph_fmt = "xml" if fmt == "xml" else graph_fmt
        elif fmt in GRAPH_MEDIA:
            graph_fmt = fmt
        else:
            return None
        return result_fmt, graph_fmt
    media = _accept(accept)
    if not media:
        return result_fmt, graph_fmt
    found_result = next((RESULT_TYPES[m] for m in media if m in RESULT_TYPES), None)
    found_graph = next((GRAPH_TYPES[m] for m in media if m in GRAPH_TYPES), None)
    wildcard = any(m in ("*/*", "application/*", "text/*") for m in media)
    if found_result is None and found_graph is None and not wildcard:
        return None
    return found_result or result_fmt, found_graph or graph_fmt


class Handler(BaseHTTPRequestHandler):
    server_version = "aftalegraf-sparql/0.1"
    pool: QueryPool
    page: bytes

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        """Quiet by default: a load test of 2,000 queries should not print 2,000 lines."""

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Vary", "Accept")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def _query(self, text: str | None, update: bool, fmt: str | None) -> None:
        if update or (text is not None and UPDATE.match(text)):
            self._send(_text(403, "SPARQL updates are refused: this endpoint is read-only"))
            return
        if not text or not text.strip():
            self._send(_text(400, "no query: pass ?query=… (GET) or a POST body (application/sparql-query)"))
            return
        formats = negotiate(self.headers.get("Accept"), fmt)
        if formats is None:
            offered = ", ".join([*RESULT_MEDIA.values(), *GRAPH_MEDIA.values()])
            self._send(_text(406, f"none of the accepted media types is offered; offered: {offered}"))
            return
        self._send(self.pool.run(text, *formats))

    def do_HEAD(self) -> None:  # noqa: N802 (stdlib naming)
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/":
            self._send(Answer(200, "text/html; charset=utf-8", self.page))
        elif url.path == "/sparql":
            if "update" in params:
                self._send(_text(403, "SPARQL updates are refused: this endpoint is read-only"))
                return
            if "query" not in params:
                self._send(Answer(200, "text/html; charset=utf-8", self.page))
                return
            self._query(params["query"][0], False, (params.get("format") or [None])[0])
        else:
            self._send(_text(404, f"no such resource {url.path}; the endpoint is /sparql, the query page /"))

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send(_text(404, f"no such resource {url.path}; the endpoint is /sparql"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(_text(413, f"request body over {MAX_BODY} bytes"))
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        fmt = (params.get("format") or [None])[0]
        if kind == "application/sparql-update":
            self._send(_text(403, "SPARQL updates are refused: this endpoint is read-only"))
        elif kind == "application/sparql-query":
            self._query(body, False, fmt)
        elif kind == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            fmt = (form.get("format") or [fmt])[0]
            self._query((form.get("query") or [None])[0], "update" in form, fmt)
        else:
            self._send(
                _text(
                    415,
                    "POST a query as application/sparql-query or application/x-www-form-urlencoded (query=…)",
                )
            )

    def _refuse(self) -> None:
        self._send(_text(405, "read-only endpoint: only GET and POST queries are answered"))

    do_PUT = do_DELETE = do_PATCH = _refuse  # noqa: N815


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the load test opens 16 connections at once


def make_server(pool: QueryPool, host: str, port: int, page: str) -> Server:
    handler = type("BoundHandler", (Handler,), {"pool": pool, "page": page.encode("utf-8")})
    try:
        return Server((host, port), handler)
    except OSError as error:
        raise EndpointError(f"{host}:{port}", f"cannot listen ({error.strerror or error})") from None


def query_page(saved: dict[str, str], triples: int) -> str:
    """The page at `/`: a form that works without any script, and a small inline script that
    shows SELECT results as a table. Nothing is loaded from elsewhere."""
    options = "".join(
        f'<option value="{html.escape(name)}">{html.escape(name)}</option>' for name in sorted(saved)
    )
    first = html.escape(
        saved.get("area-by-year", next(iter(saved.values()), "SELECT * WHERE { ?s ?p ?o } LIMIT 10"))
    )
    saved_json = json.dumps(saved, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>aftalegraf SPARQL</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}}
textarea{{width:100%;height:18rem;font-family:ui-monospace,monospace;font-size:.9rem}}
table{{border-collapse:collapse;margin-top:1rem;font-size:.85rem}}
td,th{{border:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top}}
#status{{color:#555}}
</style></head><body>
<h1>aftalegraf SPARQL endpoint</h1>
<p>{triples} triples, read-only. Queries see the union of the named graphs (one per agreement);
the export's prefixes (ag:, dcterms:, skos:, …) are predeclared. Endpoint: <code>/sparql</code>
(SPARQL 1.1 Protocol, GET or POST).</p>
<form method="get" action="/sparql" id="form">
<label>Saved query <select id="saved"><option value="">—</option>{options}</select></label>
<textarea name="query" id="query">{first}</textarea>
<label>Format <select name="format" id="format">
<option value="json">SPARQL JSON</option><option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="xml">SPARQL XML</option><option value="ttl">Turtle (CONSTRUCT)</option>
<option value="jsonld">JSON-LD (CONSTRUCT)</option></select></label>
<button type="submit">Run</button> <button type="button" id="table">Show as table</button>
<span id="status"></span>
</form>
<div id="out"></div>
<script>
const saved = {saved_json};
const q = document.getElementById('query');
document.getElementById('saved').onchange = e => {{ if (saved[e.target.value]) q.value = saved[e.target.value]; }};
document.getElementById('table').onclick = async () => {{
  const status = document.getElementById('status'), out = document.getElementById('out');
  status.textContent = 'running…'; out.textContent = '';
  const t0 = performance.now();
  const r = await fetch('/sparql', {{method: 'POST', headers: {{'Content-Type': 'application/sparql-query',
    'Accept': 'application/sparql-results+json'}}, body: q.value}});
  const ms = Math.round(performance.now() - t0);
  if (!r.ok) {{ status.textContent = r.status + ': ' + await r.text(); return; }}
  const type = r.headers.get('Content-Type') || '';
  if (!type.includes('json')) {{ const pre = document.createElement('pre'); pre.textContent = await r.text();
    out.appendChild(pre); status.textContent = ms + ' ms'; return; }}
  const data = await r.json();
  if ('boolean' in data) {{ status.textContent = 'ASK: ' + data.boolean + ' (' + ms + ' ms)'; return; }}
  const vars = data.head.vars, rows = data.results.bindings, table = document.createElement('table');
  const head = table.insertRow(); vars.forEach(v => {{ const th = document.createElement('th'); th.textContent = v; head.appendChild(th); }});
  rows.forEach(b => {{ const tr = table.insertRow(); vars.forEach(v => {{ tr.insertCell().textContent = b[v] ? b[v].value : ''; }}); }});
  out.appendChild(table); status.textContent = rows.length + ' rows, ' + ms + ' ms';
}};
</script>
</body></html>
"""


def is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")
