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


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Agreement files: .txt/.md (markdown or PDF-extracted) or .pdf."),
    format: ExtractFormat = typer.Option(ExtractFormat.JSONL, "--format", "-f", help="Output format."),
    year: int | None = typer.Option(None, "--year", help="Fiscal year, overriding the title's."),
) -> None:
    """Extract the commitments of agreement texts and print them (jsonl: one commitment per line)."""
    from graph.corpus import read_agreement
    from graph.dataset import commitments_csv, record_json
    from graph.extract import extract_agreement

    docs = [read_agreement(path, year=year) for path in files]  # every file is checked before any output
    for doc in docs:
        for warning in doc.warnings:
            err.print(f"aftalegraf: warning: {warning}", markup=False)
    commitments = [c for doc in docs for c in extract_agreement(doc)]
    if format == ExtractFormat.JSONL:
        sys.stdout.write("".join(record_json(c, indent=None) + "\n" for c in commitments))
    elif format == ExtractFormat.JSON:
        sys.stdout.write("[\n" + ",\n".join(record_json(c, indent=None) for c in commitments) + "\n]\n")
    elif format == ExtractFormat.CSV:
        sys.stdout.write(commitments_csv(commitments, bom=False))
    else:
        from rich.table import Table

        table = Table("id", "type", "parties", "action", "area", "deadlines", "text")
        for c in commitments:
            table.add_row(c.id, c.type.value, ", ".join(c.parties), "yes" if c.action else "no", c.area,
                          ", ".join(str(d.norm) for d in c.deadlines), c.text[:120])
        out.print(table)


@app.command()
def build(
    corpus: Path = typer.Option(Path("data/agreements"), "--corpus", help="Directory of agreement texts."),
    out_dir: Path = typer.Option(Path("data/commitments"), "--out", help="Dataset directory to (re)write."),
) -> None:
    """Extract the whole corpus and write the dataset (<ØA>.json per agreement, commitments.csv, …)."""
    from rich.table import Table

    from graph.build import run_build

    result = run_build(corpus, out_dir, console=err)
    table = Table("agreement", "units", *[t.value for t in CommitmentType], title=f"written to {out_dir}")
    for agreement, counts in result.summary().items():
        table.add_row(agreement, str(sum(counts.values())), *[str(counts.get(t, 0)) for t in CommitmentType])
    out.print(table)


# --- follow-ups: links, followups, chain, show ------------------------------------------------------

# --- RDF: export, validate, sparql, serve, push ------------------------------------------------------

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
    follow_ups = sum(1 for edge in view.edges if edge["kind"] == "follow-up")
    out.print(
        f"{output}: {view.commitment_count} commitments in {len(view.years)} agreement columns, "
        f"{follow_ups} follow-up links ({len(view.nodes)} nodes, {len(view.edges)} edges)",
        markup=False,
    )
