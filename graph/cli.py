"""The `aftalegraf` command line: parse options, call the library, print.

Domain errors (`AftalegrafError`) become one line on stderr and exit code 2 in `main`;
no command catches them itself.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from graph.errors import AftalegrafError

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

# --- follow-ups: links, followups, chain, show ------------------------------------------------------

# --- RDF: export, validate, sparql, serve, push ------------------------------------------------------

# --- view: viz ----------------------------------------------------------------------------------------
