"""The `aftalegraf` command line: parse options, call the library, print.

Domain errors (`AftalegrafError`) become one line on stderr and exit code 2 in `main`;
no command catches them itself.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from graph.errors import AftalegrafError
from graph.models import CommitmentType

app = typer.Typer(
    name="aftalegraf",
    help="Commitments of the Danish municipal economy agreements (ØA) and their follow-up chains.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def main() -> None:
    """Console-script entry: one clear line and exit 2 for every domain error, never a traceback."""
    try:
        app()
    except AftalegrafError as error:
        err.print(f"aftalegraf: {error}", markup=False)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)


# --- extraction: extract, build ------------------------------------------------------------------


class ExtractFormat(StrEnum):
    JSONL = "jsonl"
    JSON = "json"
    CSV = "csv"
    TABLE = "table"


def _cell(text: str, limit: int | None = None) -> str:
    """Text for a rich table or tree: cut at a word before `limit` characters, and escaped, so that
    brackets in an agreement (`[jf. bilag 1]`) are printed, not read as rich markup."""
    from rich.markup import escape

    if limit is not None and len(text) > limit:
        cut = text[: limit - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
    return escape(text)


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Agreement files: .txt/.md (markdown or PDF-extracted) or .pdf."),
    format: ExtractFormat = typer.Option(ExtractFormat.JSONL, "--format", "-f", help="Output format."),
    year: int | None = typer.Option(None, "--year", help="Fiscal year, overriding the title's."),
) -> None:
    """Extract the commitments of agreement texts and print them (jsonl: one commitment per line)."""
    from graph.corpus import read_agreement
    from graph.dataset import commitments_csv, record_json
    from graph.extract import extract_corpus

    docs = [read_agreement(path, year=year) for path in files]  # every file is checked before any output
    for doc in docs:
        for warning in doc.warnings:
            err.print(f"aftalegraf: warning: {warning}", markup=False)
    commitments = extract_corpus(docs)
    if format == ExtractFormat.JSONL:
        sys.stdout.write("".join(record_json(c, indent=None) + "\n" for c in commitments))
    elif format == ExtractFormat.JSON:
        sys.stdout.write("[\n" + ",\n".join(record_json(c, indent=None) for c in commitments) + "\n]\n")
    elif format == ExtractFormat.CSV:
        sys.stdout.write(commitments_csv(commitments, bom=False))
    else:
        from rich.table import Table

        table = Table(title=f"{len(commitments)} commitments")
        table.add_column("id", no_wrap=True)
        for column in ("type", "parties", "action", "area", "deadlines"):
            table.add_column(column)
        table.add_column("text", min_width=40, ratio=1)
        for c in commitments:
            table.add_row(c.id, c.type.value, _cell(", ".join(c.parties)), "yes" if c.action else "no", c.area,
                          _cell(", ".join(str(d.norm) for d in c.deadlines)), _cell(c.text, 120))
        out.print(table)


@app.command()
def build(
    corpus: Path = typer.Option(Path("data/agreements"), "--corpus", help="Directory of agreement texts."),
    out_dir: Path = typer.Option(Path("data/commitments"), "--out", help="Dataset directory to (re)write."),
    validate: bool = typer.Option(
        True, "--validate/--no-validate", help="Check the RDF against the SHACL shapes before publishing."
    ),
) -> None:
    """Extract the whole corpus and write the dataset (<ØA>.json per agreement, commitments.csv, …)."""
    from rich.table import Table

    from graph.build import run_build

    result = run_build(corpus, out_dir, console=err, validate=validate)
    table = Table("agreement", "units", *[t.value for t in CommitmentType], title=f"written to {out_dir}")
    for agreement, counts in result.summary().items():
        table.add_row(agreement, str(sum(counts.values())), *[str(counts.get(t, 0)) for t in CommitmentType])
    out.print(table)
    from graph.status import status_summary

    bundle = result.bundle
    followups_table = Table("status", "promised follow-ups", title=f"{len(bundle.links)} follow-up links")
    for status, count in status_summary(bundle.statuses).items():
        followups_table.add_row(status, str(count))
    out.print(followups_table)


# --- follow-ups: links, followups, chain, show ------------------------------------------------------

DATA_OPTION = typer.Option(Path("data/commitments"), "--data", help="Dataset directory (from `aftalegraf build`).")
CORPUS_OPTION = typer.Option(
    Path("data/agreements"), "--corpus", help="Agreement texts; used when the dataset is missing or older than they are."
)


class LinksFormat(StrEnum):
    JSONL = "jsonl"
    TABLE = "table"
    CSV = "csv"


class FollowupsFormat(StrEnum):
    TABLE = "table"
    JSONL = "jsonl"
    CSV = "csv"


class ChainFormat(StrEnum):
    TREE = "tree"
    JSON = "json"


def _csv(header: list[str], rows: list[list[str]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@app.command()
def links(
    files: list[Path] = typer.Argument(
        None, help="Link exactly these agreement files (as `extract` reads them) instead of the dataset."
    ),
    format: LinksFormat = typer.Option(LinksFormat.JSONL, "--format", "-f", help="Output format."),
    data: Path = DATA_OPTION,
    corpus: Path = CORPUS_OPTION,
    implicit: float = typer.Option(None, "--implicit", help="Least subject similarity for an implicit link."),
    implicit_same_area: float = typer.Option(
        None, "--implicit-same-area", help="Least similarity for an implicit link within one policy area."
    ),
    implicit_mutual: float = typer.Option(
        None, "--implicit-mutual", help="Least similarity for an implicit link between mutual best matches of one area."
    ),
    explicit: float = typer.Option(None, "--explicit", help="Least similarity for a link through a citation."),
    forward: float = typer.Option(None, "--forward", help="Least similarity for a link through a deadline agreement."),
    both: float = typer.Option(None, "--both", help="Least similarity when a citation and a deadline agree."),
    near_duplicate: float = typer.Option(None, "--near-duplicate", help="rapidfuzz ratio (0-100) of restated units."),
    max_per_unit: int = typer.Option(None, "--max-per-unit", help="Most units one unit is linked to per evidence kind."),
    gap: int = typer.Option(None, "--gap", help="Agreements back an implicit link may reach over a subject left alone."),
) -> None:
    """Print the follow-up links (jsonl: one {"from","to","evidence","confidence","matched"} per line)."""
    from pydantic import ValidationError

    from graph.link import LinkThresholds
    from graph.status import current_bundle

    given = {
        "implicit": implicit,
        "implicit_same_area": implicit_same_area,
        "implicit_mutual": implicit_mutual,
        "explicit": explicit,
        "forward": forward,
        "both": both,
        "near_duplicate": near_duplicate,
        "max_per_unit": max_per_unit,
        "gap": gap,
    }
    try:
        thresholds = LinkThresholds(**{k: v for k, v in given.items() if v is not None})
    except ValidationError as error:
        first = error.errors()[0]
        raise AftalegrafError(f"--{str(first['loc'][0]).replace('_', '-')}", first["msg"]) from None
    if files:
        from graph.corpus import read_agreement
        from graph.status import texts_bundle

        bundle = texts_bundle([read_agreement(path) for path in files], thresholds=thresholds)
    else:
        bundle = current_bundle(data, corpus, thresholds=thresholds)
    rows = sorted(bundle.links, key=lambda link: (link.from_id, link.to_id))
    if format == LinksFormat.JSONL:
        from graph.dataset import record_json

        sys.stdout.write("".join(record_json(link, indent=None) + "\n" for link in rows))
    elif format == LinksFormat.CSV:
        body = [[r.from_id, r.to_id, str(r.evidence), f"{r.confidence:.2f}", "; ".join(r.matched)] for r in rows]
        sys.stdout.write(_csv(["from", "to", "evidence", "confidence", "matched"], body))
    else:
        from rich.table import Table

        text = {c.id: c.text for c in bundle.commitments}
        table = Table(title=f"{len(rows)} follow-up links")
        for column in ("from", "to", "evidence", "conf."):
            table.add_column(column, no_wrap=True)
        table.add_column("matched", ratio=1)
        table.add_column("later unit", ratio=2)
        for r in rows:
            table.add_row(r.from_id, r.to_id, str(r.evidence), f"{r.confidence:.2f}", _cell(", ".join(r.matched[:5])),
                          _cell(text.get(r.from_id, ""), 90))
        out.print(table)


@app.command()
def followups(
    status: list[str] = typer.Option([], "--status", help="followed-up, pending or no-follow-up-found (repeatable)."),
    year: list[int] = typer.Option([], "--year", help="Only commitments of this fiscal year (repeatable)."),
    area: list[str] = typer.Option([], "--area", help="Only this policy area, primary or secondary (repeatable)."),
    party: list[str] = typer.Option([], "--party", help="Only commitments naming this party (repeatable)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Statuses as they stood when this agreement (ØA23) was newest."),
    format: FollowupsFormat = typer.Option(FollowupsFormat.TABLE, "--format", "-f", help="Output format."),
    data: Path = DATA_OPTION,
    corpus: Path = CORPUS_OPTION,
) -> None:
    """The promised follow-ups (commitments with a deadline) and their statuses, with the evidence."""
    from graph.dataset import to_jsonable
    from graph.models import Status
    from graph.status import bundle_statuses, current_bundle

    known = [s.value for s in Status]
    for value in status:
        if value not in known:
            raise AftalegrafError("--status", f"unknown status {value!r}; known: {', '.join(known)}")
    bundle = current_bundle(data, corpus)
    by_id = {c.id: c for c in bundle.commitments}
    rows = [
        s
        for s in bundle_statuses(bundle, as_of=as_of)
        if (not status or s.status.value in status)
        and (not year or by_id[s.id].fiscal_year in year)
        and (not area or {by_id[s.id].area, *by_id[s.id].areas} & set(area))
        and (not party or set(by_id[s.id].parties) & set(party))
    ]
    rows.sort(key=lambda s: (by_id[s.id].fiscal_year, by_id[s.id].source.start, s.id))
    if format == FollowupsFormat.JSONL:
        import json

        for s in rows:
            record = {"id": s.id, "deadline": s.deadline, "status": s.status.value, "evidence": to_jsonable(s.evidence)}
            sys.stdout.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    elif format == FollowupsFormat.CSV:
        body = [
            [s.id, by_id[s.id].agreement, s.deadline or "", s.status.value, " ".join(s.evidence.followed_up_by),
             s.evidence.searched or "", s.evidence.reason, by_id[s.id].text]
            for s in rows
        ]
        header = ["id", "agreement", "deadline", "status", "followed_up_by", "searched", "reason", "text"]
        sys.stdout.write(_csv(header, body))
    else:
        from rich.table import Table

        newest = rows[0].as_of if rows else (as_of or "")
        table = Table(title=f"{len(rows)} promised follow-ups, as of {newest}")
        for column in ("id", "deadline", "status"):
            table.add_column(column, no_wrap=True)
        table.add_column("evidence", ratio=2)
        table.add_column("text", ratio=3)
        for s in rows:
            table.add_row(s.id, s.deadline or "(no date)", s.status.value, _cell(s.evidence.reason), _cell(by_id[s.id].text, 90))
        out.print(table)


@app.command("chain")
def chain_command(
    id_or_text: str = typer.Argument(..., help="A commitment id (oa24-…) or words of its text."),
    format: ChainFormat = typer.Option(ChainFormat.TREE, "--format", "-f", help="tree (terminal) or json."),
    data: Path = DATA_OPTION,
    corpus: Path = CORPUS_OPTION,
) -> None:
    """The whole follow-up chain through one commitment, oldest first, with the evidence of every step."""
    import json

    from graph.models import content_key
    from graph.network import build_network, steps
    from graph.status import current_bundle

    bundle = current_bundle(data, corpus)
    ids = {c.id for c in bundle.commitments}
    if id_or_text in ids:
        chosen = id_or_text
    else:
        wanted = content_key(id_or_text)
        found = [c for c in bundle.commitments if wanted and wanted in content_key(c.text)]
        if not found:
            raise AftalegrafError(id_or_text, "no commitment has this id or contains these words")
        if len(found) > 1:
            from rich.table import Table

            table = Table("id", "agreement", "text", title=f"{len(found)} commitments match; run again with one id")
            for c in sorted(found, key=lambda c: (c.fiscal_year, c.source.start)):
                table.add_row(c.id, c.agreement, _cell(c.text, 110))
            out.print(table)
            err.print(f"aftalegraf: {len(found)} commitments match {id_or_text!r}; pass one of the ids above", markup=False)
            raise typer.Exit(1)
        chosen = found[0].id
    nxg = build_network(bundle)
    rows = steps(nxg, chosen)
    if format == ChainFormat.JSON:
        sys.stdout.write(json.dumps({"id": chosen, "chain": rows}, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return
    from rich.markup import escape
    from rich.tree import Tree

    tree = Tree(f"[bold]Follow-up chain through {chosen}[/bold] ({len(rows)} commitments, oldest first)")
    for row in rows:
        text = str(row["text"])
        short = _cell(text, 160)
        marker = "[bold]▶[/bold] " if row["id"] == chosen else ""
        status = f" [italic]status: {row['status']}[/italic]" if row["status"] else ""
        node = tree.add(f"{marker}{row['fiscal_year']} · {row['agreement']} · {row['id']}{status}\n{short}")
        for link in row["follows_up"]:  # type: ignore[union-attr]
            node.add(
                f"follows up {link['to']}: {link['evidence']}, confidence {link['confidence']:.2f}; "
                f"matched: {escape(', '.join(link['matched']))}"
            )
    out.print(tree, soft_wrap=False)  # long texts wrap inside the guides, not cropped at the edge


@app.command()
def show(
    commitment_id: str = typer.Argument(..., help="A commitment id (oa24-…)."),
    context: int = typer.Option(400, "--context", help="Characters of the source shown before and after."),
    data: Path = DATA_OPTION,
    corpus: Path = CORPUS_OPTION,
) -> None:
    """One commitment in full: its fields, links and status, and its passage in context from the source file."""
    from rich.markup import escape
    from rich.table import Table

    from graph.errors import DatasetError
    from graph.status import current_bundle

    bundle = current_bundle(data, corpus)
    found = [c for c in bundle.commitments if c.id == commitment_id]
    if not found:
        raise AftalegrafError(commitment_id, "no commitment with this id in the dataset")
    c = found[0]
    table = Table(show_header=False, title=f"{c.id} · {c.agreement}")
    table.add_column("field", style="bold")
    table.add_column("value")
    table.add_row("text", escape(c.text))
    table.add_row("heading", escape(" › ".join(c.heading)))
    table.add_row("type / action", f"{c.type.value} / {'yes' if c.action else 'no'}")
    table.add_row("parties", ", ".join(c.parties))
    table.add_row("area", ", ".join([c.area, *c.areas]))
    table.add_row("deadlines", escape("; ".join(f"{d.text} → {d.norm}" for d in c.deadlines)) or "—")
    table.add_row("amounts", escape("; ".join(a.text for a in c.amounts)) or "—")
    table.add_row("references", escape("; ".join(r.agreement or r.name or "" for r in c.references)) or "—")
    table.add_row("source", f"{_cell(c.source.file)} [{c.source.start}:{c.source.end}]")
    for status in bundle.statuses:
        if status.id == c.id:
            table.add_row("status", f"{status.status.value} ({escape(status.evidence.reason)})")
    for link in bundle.links:
        if link.from_id == c.id:
            table.add_row("follows up", f"{link.to_id} ({link.evidence.value}; {escape(', '.join(link.matched[:6]))})")
        if link.to_id == c.id:
            table.add_row("followed up by", f"{link.from_id} ({link.evidence.value}; {escape(', '.join(link.matched[:6]))})")
    out.print(table)
    path = corpus / c.source.file
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DatasetError(str(path), f"the source text cannot be read ({error})") from None
    if c.source.end > len(raw):
        raise DatasetError(str(path), f"is shorter than the offsets of {c.id}: the dataset is older than the text")
    start, end = max(0, c.source.start - context), min(len(raw), c.source.end + context)
    out.print(f"[bold]{escape(c.source.file)}[/bold], characters {c.source.start}–{c.source.end}:")
    out.print(
        ("…" if start else "") + escape(raw[start : c.source.start])
        + f"[reverse]{escape(raw[c.source.start : c.source.end])}[/reverse]"
        + escape(raw[c.source.end : end]) + ("…" if end < len(raw) else "")
    )


# --- RDF: export, validate, sparql, serve, push ------------------------------------------------------

from typing import TYPE_CHECKING  # noqa: E402 (kept in this section; the RDF commands are its only users)

if TYPE_CHECKING:
    from graph.rdf import Quads

BASE_OPTION = typer.Option(
    "https://w3id.org/aftalegraf/", "--base", help="Base IRI of every minted IRI (agreements, commitments, …)."
)


class ExportFormat(StrEnum):
    TTL = "ttl"
    NT = "nt"
    NQ = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"
    XML = "xml"


class SparqlFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    TSV = "tsv"
    XML = "xml"
    TTL = "ttl"
    JSONLD = "jsonld"


def _rdf_dataset(
    data: Path, corpus: Path, base: str, include_ontology: bool = True, endpoint: str | None = None
) -> Quads:
    """The export of the current dataset (the same bundle `chain` and `followups` answer from)."""
    from graph.rdf import DEFAULT_ENDPOINT, export_quads
    from graph.status import current_bundle

    return export_quads(
        current_bundle(data, corpus),
        corpus=corpus,
        base=base,
        include_ontology=include_ontology,
        endpoint=endpoint or DEFAULT_ENDPOINT,
    )


@app.command()
def export(
    format: ExportFormat = typer.Option(ExportFormat.TTL, "--format", "-f", help="RDF serialisation."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (atomically); stdout if omitted."),
    base: str = BASE_OPTION,
    include_ontology: bool = typer.Option(
        True, "--include-ontology/--no-include-ontology", help="Embed the ontology and the policy-area scheme."
    ),
    endpoint: str | None = typer.Option(None, "--sparql-endpoint", help="Endpoint address the VoID description names."),
    data: Path = DATA_OPTION,
    corpus: Path = CORPUS_OPTION,
) -> None:
    """Export the graph as RDF: one named graph per agreement in nq/trig/jsonld, deterministic bytes."""
    from graph.rdf import serialize, write_export

    ds = _rdf_dataset(data, corpus, base, include_ontology, endpoint)
    if output is None:
        sys.stdout.buffer.write(serialize(ds, format.value))
        return
    size = write_export(ds, output, format.value)
    err.print(f"{output}: {size} bytes of {format.value}", markup=False)


@app.command()
def validate(
    file: Path | None = typer.Argument(None, help="An export file (.ttl .nt .nq .trig .jsonld .rdf); default: the dataset."),
    data: Path = DATA_OPTION,
    corpus: Path = CORPUS_OPTION,
    base: str = BASE_OPTION,
) -> None:
    """Check RDF against the SHACL shapes (ontology/shapes.ttl); every violation on its own line, exit 2."""
    from graph.errors import ShapeValidationError
    from graph.validate import describe, validate_dataset, validate_file

    report = validate_file(file) if file is not None else validate_dataset(_rdf_dataset(data, corpus, base))
    where = str(file) if file is not None else f"export of {data}"
    problems = [v for v in report.violations if v.severity == "Violation"]
    for v in report.violations:
        err.print(f"{where}: {v.severity.lower()}: {describe(v)}", markup=False)
    if problems or not report.conforms:
        raise ShapeValidationError(where, f"{len(problems)} SHACL violation(s) in {report.triples} triples")
    out.print(f"{where}: conforms to the shapes ({report.triples} triples)", markup=False)


@app.command()
def sparql(
    query: str | None = typer.Argument(None, help="A SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)."),
    file: Path | None = typer.Option(None, "--file", help="Read the query from a .rq file."),
    saved: str | None = typer.Option(None, "--saved", help="Run a saved query of ontology/queries/ by name."),
    bind: list[str] = typer.Option([], "--bind", help="NAME=VALUE binds ?NAME before the query runs (repeatable)."),
    format: SparqlFormat = typer.Option(SparqlFormat.TABLE, "--format", "-f", help="Result format."),
    list_saved: bool = typer.Option(False, "--list", help="List the saved queries and exit."),
    data: Path = DATA_OPTION,
    corpus: Path = CORPUS_OPTION,
    base: str = BASE_OPTION,
) -> None:
    """Query the built graph with SPARQL (union of the named graphs; our prefixes predeclared)."""
    import ontology
    from graph import sparql as engine
    from graph.errors import QueryError

    if list_saved:
        for name in ontology.saved_query_names():
            first = engine.saved_query(name).splitlines()[0].lstrip("# ")
            out.print(f"{name}: {first}", markup=False)
        return
    given = [q for q in (query, file, saved) if q is not None]
    if len(given) != 1:
        raise QueryError("sparql", "give exactly one of QUERY, --file Q.rq or --saved NAME (see --list)")
    if saved is not None:
        text, where = engine.saved_query(saved), f"--saved {saved}"
    elif file is not None:
        text, where = engine.read_query_file(file), str(file)
    else:
        text, where = str(query), "query"
    bindings = engine.parse_bindings(bind)
    engine.check_read_only(text, where)
    store = engine.load_store(_rdf_dataset(data, corpus, base))
    result = engine.execute(store, text, bindings=bindings, where=where)
    if format != SparqlFormat.TABLE:
        sys.stdout.buffer.write(engine.result_bytes(result, format.value))
        return
    import pyoxigraph

    if isinstance(result, pyoxigraph.QueryTriples):
        sys.stdout.buffer.write(engine.result_bytes(result, "ttl"))
        return
    from rich.markup import escape
    from rich.table import Table

    found = engine.table(result)
    table = Table(*found.variables, title=f"{len(found.rows)} rows")
    for row in found.rows:
        table.add_row(*[escape(cell) for cell in row])
    out.print(table)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)."),
    port: int = typer.Option(7878, "--port", help="TCP port (0 picks a free one)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds a query may run before it is stopped."),
    workers: int = typer.Option(2, "--workers", help="Query worker processes (each holds the graph in memory)."),
    data: Path = DATA_OPTION,
    corpus: Path = CORPUS_OPTION,
    base: str = BASE_OPTION,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint at /sparql, with a query page at /."""
    import ontology
    from graph.rdf import PREFIXES, serialize
    from graph.server import QueryPool, is_loopback, make_server, query_page

    if timeout <= 0:
        raise AftalegrafError("--timeout", "must be more than 0 seconds")
    ds = _rdf_dataset(data, corpus, base, endpoint=f"http://{host}:{port}/sparql")
    pool = QueryPool(serialize(ds, "nq"), PREFIXES, workers=workers, timeout=timeout)
    try:
        saved = {name: ontology.resource_text(f"queries/{name}.rq") for name in ontology.saved_query_names()}
        server = make_server(pool, host, port, query_page(saved, pool.triples))
        bound_host, bound_port = server.server_address[:2]
        if not is_loopback(host):
            err.print(f"aftalegraf: warning: listening on {host}, reachable from other machines", markup=False)
        out.print(f"SPARQL endpoint http://{bound_host}:{bound_port}/sparql ({pool.triples} triples, "
                  f"{workers} workers, timeout {timeout:g} s); query page http://{bound_host}:{bound_port}/ "
                  "— Ctrl-C stops", markup=False)
        import signal

        def stop(_signum: int, _frame: object) -> None:
            raise KeyboardInterrupt  # SIGTERM stops the server as Ctrl-C does, workers included

        signal.signal(signal.SIGTERM, stop)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        pool.close()


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="Graph Store endpoint, e.g. http://127.0.0.1:7878/store."),
    graph: str | None = typer.Option(None, "--graph", help="Push everything into this one graph (default: a graph per agreement)."),
    replace: bool = typer.Option(False, "--replace", help="Replace the graph(s) atomically (PUT) instead of adding (POST)."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds to wait for the store on each request."),
    data: Path = DATA_OPTION,
    corpus: Path = CORPUS_OPTION,
    base: str = BASE_OPTION,
) -> None:
    """Upload the export to a SPARQL store (SPARQL 1.1 Graph Store HTTP Protocol)."""
    from graph.push import push as upload
    from graph.rdf import ox_quads

    done = upload(ox_quads(_rdf_dataset(data, corpus, base)), endpoint, graph=graph, replace=replace, timeout=timeout)
    verb = "replaced" if replace else "added to"
    for pushed in done:
        out.print(f"{verb} {pushed.graph}: {pushed.triples} triples (HTTP {pushed.status})", markup=False)
    out.print(f"{endpoint}: {sum(p.triples for p in done)} triples in {len(done)} graph(s)", markup=False)


# --- view: viz ----------------------------------------------------------------------------------------


@app.command()
def viz(
    output: Path = typer.Option(Path("out/aftalegraf.html"), "--output", "-o", help="HTML file to write."),
    data: Path = typer.Option(Path("data/commitments"), "--data", help="Dataset directory (from `aftalegraf build`)."),
    year: list[int] = typer.Option([], "--year", help="Only this fiscal year (repeatable)."),
    area: list[str] = typer.Option([], "--area", help="Only this policy area, e.g. `okonomi` (repeatable)."),
    party: list[str] = typer.Option([], "--party", help="Only commitments naming this party (repeatable)."),
    chain: str | None = typer.Option(None, "--chain", help="Only the follow-up chain through this commitment id."),
    status: list[str] = typer.Option(
        [], "--status", help="Only commitments with this status: followed-up, pending, no-follow-up-found."
    ),
) -> None:
    """Write the interactive HTML graph: agreements as a timeline, their commitments and follow-up chains."""
    from graph.dataset import read_dataset
    from graph.models import Status
    from viz.html import write_view
    from viz.view import Selection, ViewError

    known = [s.value for s in Status]
    unknown = [s for s in status if s not in known]
    if unknown:
        raise ViewError("--status", f"unknown status {unknown[0]!r}; known: {', '.join(known)}")
    selection = Selection(
        years=frozenset(year),
        areas=frozenset(area),
        parties=frozenset(party),
        statuses=frozenset(Status(s) for s in status),
        chain=chain,
    )
    view = write_view(read_dataset(data), output, selection)
    if view.notice:
        err.print(f"aftalegraf: warning: {view.notice}", markup=False)
    if view.commitment_count == 0:
        err.print(f"aftalegraf: warning: no commitment matches {selection.describe()}", markup=False)
    follow_ups = sum(1 for edge in view.edges if edge["kind"] == "follow-up")
    columns = len(view.years)
    out.print(
        f"{output}: {view.commitment_count} commitments in {columns} agreement column{'s' * (columns != 1)}, "
        f"{follow_ups} follow-up links ({len(view.nodes)} nodes, {len(view.edges)} edges)",
        markup=False,
    )
