"""`aftalegraf build`: the corpus in, the published dataset out, as a list of steps.

Each step is a function from the `BuildState` so far to the next one; later stages
(follow-up linking, statuses, RDF, the HTML view) add themselves to `STEPS` without
touching the others. Nothing is written until every step has run, and then
atomically (see `dataset.write_files`).
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from graph.corpus import AgreementText, read_corpus
from graph.dataset import bundle_files, referenced_agreements, write_files
from graph.errors import AftalegrafError
from graph.extract import extract_corpus, usable_cpus
from graph.models import Bundle, Commitment
from viz.html import page_files

if TYPE_CHECKING:
    from graph.validate import Report

T = TypeVar("T")


@dataclass(frozen=True)
class BuildState:
    """What the steps pass along: the texts, the bundle so far and the files to publish."""

    corpus: Path
    out: Path
    texts: tuple[AgreementText, ...] = ()
    bundle: Bundle = field(default_factory=lambda: Bundle(agreements=[], commitments=[]))
    files: dict[str, str] = field(default_factory=dict)  # file name in `out` → content
    console: Console | None = None
    validate: bool = True  # refuse to publish RDF that fails our own SHACL shapes
    checks: tuple[Callable[[], None], ...] = ()  # waits for checks running in the background; raises if one failed

    def summary(self) -> dict[str, Counter[str]]:
        """Units per agreement × type, for the table `build` prints."""
        counts: dict[str, Counter[str]] = {a.id: Counter() for a in self.bundle.agreements if a.in_corpus}
        for commitment in self.bundle.commitments:
            counts.setdefault(commitment.agreement, Counter())[commitment.type.value] += 1
        return counts


Step = Callable[[BuildState], BuildState]


def read_step(state: BuildState) -> BuildState:
    return replace(state, texts=tuple(read_corpus(state.corpus)))


def extract_step(state: BuildState) -> BuildState:
    """Every agreement's commitments, the agreements extracted in parallel (`extract_corpus`)."""
    with Progress(
        TextColumn("extracting {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=state.console or Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(state.texts))
        commitments = extract_corpus(
            state.texts, on_agreement=lambda text: progress.update(task, advance=1, description=text.file)
        )
    return replace(state, bundle=extracted_bundle(state.texts, commitments))


def extracted_bundle(texts: tuple[AgreementText, ...], commitments: list[Commitment]) -> Bundle:
    """The corpus's agreements plus those its texts only reference (in_corpus false), and the commitments."""
    agreements = [text.agreement for text in texts]
    agreements += referenced_agreements(commitments, {a.id for a in agreements})
    return Bundle(agreements=sorted(agreements, key=lambda a: a.fiscal_year), commitments=commitments)


def followup_step(state: BuildState) -> BuildState:
    """Follow-up links between the commitments, and the status of every promised follow-up."""
    from graph.status import with_followups

    return replace(state, bundle=with_followups(state.bundle, state.texts))


def dataset_step(state: BuildState) -> BuildState:
    return replace(state, files={**state.files, **bundle_files(state.bundle)})


def view_step(state: BuildState) -> BuildState:
    """The interactive HTML view (`aftalegraf.html`) beside the data, drawn from the finished bundle."""
    return replace(state, files={**state.files, **page_files(state.bundle)})


def rdf_step(state: BuildState) -> BuildState:
    """The Turtle export (`aftalegraf.ttl`) beside the data, quoting the texts this build read.

    The graph is checked against ontology/shapes.ttl: a build never publishes RDF that fails its
    own shapes (`--no-validate` skips the check, for quick iterations only). The check runs in a
    forked process while the later steps go on; `run_steps` waits for it before anything is
    published. An export too large for one slice (`SLICE_TRIPLES`) is checked by one process per
    CPU, each validating its share of the slices: the steps after this one take far less time
    than the check, and would leave a CPU idle. A smaller one is not split: the steps after
    it keep both CPUs busy, and splitting only adds work.
    """
    from graph.rdf import TURTLE_FILE, bundle_quads, serialize
    from graph.validate import SLICE_TRIPLES, fork_safe, validate_quads

    quads = bundle_quads(state.bundle, {text.file: text.raw for text in state.texts})
    checks = state.checks
    if state.validate:
        forking = fork_safe() and _can_fork()
        start = in_background if forking else _run_now
        shares = usable_cpus() if forking and len(quads) > SLICE_TRIPLES else 1
        parts = [start(partial(validate_quads, quads, share=(i, shares))) for i in range(shares)]
        checks = (*checks, partial(_shape_check, parts, state.out))
    files = {**state.files, TURTLE_FILE: serialize(quads, "ttl").decode("utf-8")}
    return replace(state, files=files, checks=checks)


def _shape_check(parts: list[Callable[[], Report]], out: Path) -> None:
    from graph.errors import ShapeValidationError
    from graph.validate import describe, merged_report

    report = merged_report(part() for part in parts)
    if not report.conforms:
        first = describe(report.violations[0]) if report.violations else "no detail"
        raise ShapeValidationError(
            str(out),
            f"not published: the graph fails its SHACL shapes ({len(report.violations)} violation(s); "
            f"first: {first})",
        )


def _can_fork() -> bool:
    return usable_cpus() >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _run_now(work: Callable[[], T]) -> Callable[[], T]:
    result = work()
    return lambda: result


def in_background(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work` in a forked process; the function returned waits for it and returns what it
    returned, or raises what it raised.

    Where there is one CPU or no `fork`, `work` runs at once and the function returned gives its result.
    """
    if not _can_fork():
        return _run_now(work)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def run() -> None:
        try:
            sender.send((work(), None))
        except BaseException as error:  # handed to the parent, which raises it
            sender.send((None, error))

    process = context.Process(target=run, daemon=True)
    process.start()
    sender.close()

    def wait() -> T:
        try:
            result, error = receiver.recv()
        except EOFError:  # the process died without a word (killed, out of memory)
            result, error = None, AftalegrafError("build", f"a background check ended with exit code {process.exitcode}")
        process.join()
        if error is not None:
            raise error
        return result

    return wait


# Later stages insert themselves before `dataset_step` (linking) or after it (RDF, view files).
STEPS: list[Step] = [read_step, extract_step, followup_step, dataset_step, rdf_step, view_step]


def run_steps(
    corpus: Path,
    out: Path,
    *,
    console: Console | None = None,
    steps: list[Step] | None = None,
    validate: bool = True,
) -> BuildState:
    """Run every step in memory; nothing touches `out`."""
    state = BuildState(corpus=corpus, out=out, console=console, validate=validate)
    for step in steps if steps is not None else STEPS:
        state = step(state)
    for check in state.checks:
        check()
    return state


def run_build(
    corpus: Path,
    out: Path,
    *,
    console: Console | None = None,
    steps: list[Step] | None = None,
    validate: bool = True,
) -> BuildState:
    """Run the steps, then publish `state.files` into `out` atomically."""
    state = run_steps(corpus, out, console=console, steps=steps, validate=validate)
    write_files(out, state.files)
    return state
