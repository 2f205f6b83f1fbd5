"""Measure every stage of aftalegraf at 1×, 10×, 100× and 1000× the bundled corpus; write RESULTS.md.

    .venv/bin/python -m benchmarks.run [--sizes 1,10,100,1000] [--repeat 3] [--budget 300]

Each measurement runs in a fresh worker process (`--worker STAGE --size N`), so peak memory is
that stage's own: the worker prepares its inputs, records its resident-set high-water mark,
runs the stage `--repeat` times and reports the median wall time and how far the high-water
mark rose while the stage ran. Inputs come from the synthetic corpus of `benchmarks.generate`:
the extraction stage reads the generated texts from disk; the later stages start from the
commitment records the generator planted (the extractor finds exactly these in the 1× corpus,
see tests/test_generate.py), so linking can be measured at 1000× without extracting 310 MB of
text first. A stage whose projected time at the next size (linear growth from the last size
measured, times the repeats) exceeds `--budget` seconds is not run at that size; RESULTS.md
says so with the projection. The whole `aftalegraf build` runs as a process (interpreter start
included) on the bundled corpus, and once at 10× and 100×.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import pickle
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
# The raw figures behind RESULTS.md, committed beside it, so that a later run of a few stages or sizes
# (`--merge`) keeps the rest, from any checkout.
FIGURES = ROOT / "benchmarks" / "results.json"
if str(ROOT) not in sys.path:  # `python benchmarks/run.py` as well as `python -m benchmarks.run`
    sys.path.insert(0, str(ROOT))

STAGES = ["extract", "link", "status", "network", "rdf", "shacl", "view", "sparql"]
TARGETS = {
    "build-bundled": "bundled corpus end-to-end build < 3 s",
    "build-100": "100× build < 60 s and < 2 GB",
    "chain-100": "chain query < 50 ms at 100× on the embedded engine",
    "link-1000": "linking not quadratic up to 1000×",
}


def _rss_peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """High-water mark of this process's resident set, or of its largest finished child (Linux: kB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def _reset_rss_peak() -> None:
    """Start the high-water mark again from the current resident set (Linux ≥ 4.0), so a stage's peak
    is its own and not the peak of preparing its inputs (loading 1000× records peaks above most stages)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # elsewhere the figure is the rise above the preparation's peak, a lower bound


# --- inputs ----------------------------------------------------------------------------------------


def generator_digest() -> str:
    """SHA-256 of generate.py: what every cached corpus, fact sheet and record pickle is keyed by."""
    return hashlib.sha256((ROOT / "benchmarks" / "generate.py").read_bytes()).hexdigest()


def corpus_dir(size: int) -> Path:
    """Write the synthetic corpus of one size once (deterministic, so it can be reused).

    Written by a child process, so generating it never counts towards a worker's memory peak.
    """
    out = WORK / f"corpus-{size}x"
    stamp = out / "generator.sha"
    digest = generator_digest()
    if not (stamp.exists() and stamp.read_text() == digest):
        if out.exists():
            shutil.rmtree(out)
        command = [sys.executable, "-m", "benchmarks.generate", "--scale", str(size), "--out", str(out)]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        stamp.write_text(digest)
    return out / "agreements"


def planted_bundle(size: int) -> tuple[Any, list[Any]]:
    """The planted records of a size as a Bundle (with the planted links) and their texts.

    Pickled once per generator version: generating 1000× takes minutes, and every stage's worker
    needs it (the records are the generator's, so the pickle is only a cache of a pure function).
    """
    cached = WORK / f"planted-{size}x-{generator_digest()[:16]}.pickle"
    if cached.exists():
        with cached.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own cache file
    made = _planted_bundle(size)
    WORK.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    with partial.open("wb") as handle:
        pickle.dump(made, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(cached)
    return made


def _planted_bundle(size: int) -> tuple[Any, list[Any]]:
    from benchmarks.generate import generate_corpus, to_records
    from graph.corpus import AgreementText
    from graph.models import Bundle

    corpus = generate_corpus(size)
    agreements, commitments, links = to_records(corpus)
    texts = [
        AgreementText(raw=a.text, file=a.file, agreement=agreement)
        for a, agreement in zip(corpus.agreements, agreements, strict=True)
    ]
    bundle = Bundle(agreements=agreements, commitments=commitments, links=links)
    return bundle, texts


def _with_statuses(bundle: Any) -> Any:
    from graph.status import compute_statuses

    statuses = compute_statuses(bundle.commitments, bundle.links, bundle.agreements)
    return bundle.model_copy(update={"statuses": statuses})


# --- stages: each returns (prepare, run); run returns a count for the table ------------------------

Stage = tuple[Callable[[], Any], Callable[[Any], int]]


def stage_extract(size: int) -> Stage:
    from graph.corpus import read_corpus
    from graph.extract import extract_corpus

    folder = corpus_dir(size)

    def run(_: Any) -> int:  # as `aftalegraf build` does it: agreements in parallel worker processes
        return len(extract_corpus(read_corpus(folder)))

    return (lambda: None), run


def stage_link(size: int) -> Stage:
    from graph.link import contexts_from_texts, find_links

    def run(inputs: Any) -> int:
        bundle, texts = inputs
        contexts = contexts_from_texts(texts, bundle.commitments)
        found = find_links(bundle.commitments, contexts=contexts)
        planted = {(link.from_id, link.to_id) for link in bundle.links}
        LINK_QUALITY["planted"] = len(planted)
        LINK_QUALITY["recovered"] = sum(1 for link in found if (link.from_id, link.to_id) in planted)
        return len(found)

    return (lambda: planted_bundle(size)), run


LINK_QUALITY: dict[str, int] = {}  # planted links the last linking run recovered (a side note, not timed)


def stage_status(size: int) -> Stage:
    from graph.status import compute_statuses

    def run(inputs: Any) -> int:
        bundle, _ = inputs
        return len(compute_statuses(bundle.commitments, bundle.links, bundle.agreements))

    return (lambda: planted_bundle(size)), run


def stage_network(size: int) -> Stage:
    from graph.network import build_network

    def run(bundle: Any) -> int:
        return build_network(bundle).number_of_edges()

    return (lambda: _with_statuses(planted_bundle(size)[0])), run


def _sources(texts: list[Any]) -> dict[str, str]:
    return {t.file: t.raw for t in texts}


def stage_rdf(size: int) -> Stage:
    from graph.rdf import bundle_quads, serialize

    def prepare() -> Any:
        bundle, texts = planted_bundle(size)
        return _with_statuses(bundle), _sources(texts)

    def run(inputs: Any) -> int:
        bundle, sources = inputs
        return len(serialize(bundle_quads(bundle, sources), "ttl"))

    return prepare, run


def stage_shacl(size: int) -> Stage:
    from graph.rdf import bundle_quads
    from graph.validate import validate_dataset

    def prepare() -> Any:
        bundle, texts = planted_bundle(size)
        return bundle_quads(_with_statuses(bundle), _sources(texts))

    def run(ds: Any) -> int:
        report = validate_dataset(ds)
        if not report.conforms:
            raise RuntimeError(f"the export does not conform: {len(report.violations)} violations")
        return report.triples

    return prepare, run


def stage_view(size: int) -> Stage:
    from viz.html import render_page
    from viz.view import build_view

    def run(bundle: Any) -> int:
        return len(render_page(build_view(bundle)))

    return (lambda: _with_statuses(planted_bundle(size)[0])), run


STAGE_FUNCTIONS: dict[str, Callable[[int], Stage]] = {
    "extract": stage_extract,
    "link": stage_link,
    "status": stage_status,
    "network": stage_network,
    "rdf": stage_rdf,
    "shacl": stage_shacl,
    "view": stage_view,
}


# --- SPARQL: every saved query on every engine -------------------------------------------------------


def _chain_start(bundle: Any) -> str:
    """The commitment with the longest follow-up chain: the chain query's parameter."""
    from graph.network import build_network, chain

    nxg = build_network(bundle)
    linked = sorted({link.from_id for link in bundle.links})
    return max(linked[:2000], key=lambda cid: (len(chain(nxg, cid)), cid))


def sparql_worker(size: int, repeat: int, budget: float) -> dict[str, Any]:
    """Load the export into each engine, then time each saved query (median of `repeat`)."""
    import pyoxigraph
    from rdflib import Dataset, Literal, Variable

    import ontology
    from graph.rdf import bundle_dataset, serialize

    bundle, texts = planted_bundle(size)
    bundle = _with_statuses(bundle)
    start_id = _chain_start(bundle)
    nquads = serialize(bundle_dataset(bundle, _sources(texts)), "nq")
    queries = {name: ontology.resource_text(f"queries/{name}.rq") for name in ontology.saved_query_names()}
    results: dict[str, Any] = {"chain_start": start_id, "quads": nquads.count(b"\n"), "engines": {}}

    def rdflib_engine(store: str) -> Callable[[str, dict[str, Any]], int]:
        ds = Dataset(store=store, default_union=True)
        ds.parse(data=nquads, format="ox-nquads" if store == "Oxigraph" else "nquads")

        def query(text: str, bind: dict[str, Any]) -> int:
            init = {Variable(k): Literal(v) for k, v in bind.items()}
            return len(list(ds.query(text, initBindings=init)))

        return query

    def oxigraph_engine() -> Callable[[str, dict[str, Any]], int]:
        store = pyoxigraph.Store()
        store.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)

        def query(text: str, bind: dict[str, Any]) -> int:
            subs = {pyoxigraph.Variable(k): pyoxigraph.Literal(v) for k, v in bind.items()}
            return len(list(store.query(text, use_default_graph_as_union=True, substitutions=subs)))

        return query

    engines: dict[str, Callable[[], Callable[[str, dict[str, Any]], int]]] = {
        "pyoxigraph": oxigraph_engine,
        "rdflib+oxrdflib": lambda: rdflib_engine("Oxigraph"),
        "rdflib (memory)": lambda: rdflib_engine("default"),
    }
    if size > 10:  # rdflib's own store and engine: 100× would take the whole budget to load and query
        del engines["rdflib (memory)"]
    for engine, make in engines.items():
        began = time.perf_counter()
        try:
            run = make()
        except Exception as error:  # an engine that cannot load is reported, not fatal
            results["engines"][engine] = {"error": f"{type(error).__name__}: {error}"}
            continue
        entry: dict[str, Any] = {"load_s": time.perf_counter() - began, "queries": {}}
        for name, text in queries.items():
            bind = {"id": start_id} if name == "chains" else {}
            times: list[float] = []
            rows = 0
            for _ in range(repeat):
                t0 = time.perf_counter()
                try:
                    rows = run(text, bind)
                except Exception as error:
                    entry["queries"][name] = {"error": f"{type(error).__name__}: {str(error)[:120]}"}
                    break
                times.append(time.perf_counter() - t0)
                if sum(times) > budget / 10:  # a slow engine gets fewer repeats, never a stuck run
                    break
            if times:
                entry["queries"][name] = {"median_s": statistics.median(times), "runs": len(times), "rows": rows}
        results["engines"][engine] = entry
    results["peak_rss_mb"] = _rss_peak_mb()
    return results


# --- the worker process ----------------------------------------------------------------------------


def worker(stage: str, size: int, repeat: int, budget: float) -> dict[str, Any]:
    if stage == "sparql":
        return sparql_worker(size, repeat, budget)
    prepare, run = STAGE_FUNCTIONS[stage](size)
    inputs = prepare()
    _reset_rss_peak()
    before = _rss_peak_mb()
    children_before = _rss_peak_mb(resource.RUSAGE_CHILDREN)  # e.g. the generator, run before measuring
    times: list[float] = []
    count = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        count = run(inputs)
        times.append(time.perf_counter() - t0)
        if sum(times) + times[-1] > budget:  # the next run would go over budget
            break
    return {
        "median_s": statistics.median(times),
        "runs": len(times),
        "count": count,
        "stage_peak_mb": max(0.0, _rss_peak_mb() - before),
        "peak_rss_mb": _rss_peak_mb(),
        # linking forks worker processes; the largest one's high-water mark (shared pages included)
        **({"worker_peak_mb": w} if (w := _rss_peak_mb(resource.RUSAGE_CHILDREN)) > children_before else {}),
        "units": _unit_count(inputs),
        **({"planted_links": LINK_QUALITY["planted"], "recovered": LINK_QUALITY["recovered"]} if LINK_QUALITY else {}),
    }


def _unit_count(inputs: Any) -> int | None:
    for candidate in (inputs, *(inputs if isinstance(inputs, tuple) else ())):
        commitments = getattr(candidate, "commitments", None)
        if commitments is not None:
            return len(commitments)
    return None


def spawn(stage: str, size: int, repeat: int, budget: float) -> dict[str, Any]:
    """Run one worker process; a failure or a timeout becomes an entry, never the end of the run."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", stage, "--size", str(size),
               "--repeat", str(repeat), "--budget", str(budget)]  # fmt: skip
    began = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=budget * 3 + 300, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {budget * 3 + 300:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": last[:200]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["worker_s"] = time.perf_counter() - began
    return result


def _cost(result: dict[str, Any]) -> float:
    """Seconds a stage's worker spent measuring (for SPARQL: loads and queries of the engines that
    run at every size)."""
    return result.get("median_s") or sum(
        e.get("load_s", 0) + sum(q.get("median_s", 0) for q in e.get("queries", {}).values())
        for name, e in result.get("engines", {}).items()
        if name != "rdflib (memory)"  # not run above 10×, so not part of the projection
    )


def _point(size: int, result: dict[str, Any]) -> tuple[int, float, float]:
    """(size, seconds, peak MB) of one measurement: what projections to the next size start from."""
    return size, _cost(result), result.get("peak_rss_mb", 0.0)


def _last_measured(by_size: dict[str, Any], below: int) -> tuple[int, float, float] | None:
    """The `_point` of the largest size under `below` measured for a stage, if any."""
    measured = [(int(s), r) for s, r in by_size.items() if int(s) < below and ("median_s" in r or "engines" in r)]
    return _point(*max(measured, key=lambda item: item[0])) if measured else None


def _ram_mb() -> float:
    """The machine's memory: a stage projected to need more is not started (it would be killed)."""
    try:
        return int(Path("/proc/meminfo").read_text().split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return math.inf


def time_build(corpus: Path, repeat: int) -> dict[str, Any]:
    """`aftalegraf build` as a process: wall time from exec to exit, and the child's peak memory."""
    exe = Path(sys.executable).with_name("aftalegraf")
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    times, peaks = [], []
    for _ in range(repeat):
        out = Path(tempfile.mkdtemp(prefix="aftalegraf-bench-"))
        try:
            command = [str(exe), "build", "--corpus", str(corpus), "--out", str(out / "data")]
            measure = out / "rusage"
            if gnu_time:  # a small parent: the build's peak RSS is its own, not inherited through fork
                command = [gnu_time, "-f", "%M", "-o", str(measure), *command]
            t0 = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
            _, status, usage = os.wait4(process.pid, 0)
            times.append(time.perf_counter() - t0)
            peaks.append(int(measure.read_text().split()[-1]) / 1024 if gnu_time else usage.ru_maxrss / 1024)
            if status != 0:
                error = process.stderr.read().decode("utf-8", "replace").strip().splitlines() if process.stderr else []
                return {"error": (error or ["build failed"])[-1][:200]}
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return {"median_s": statistics.median(times), "runs": len(times), "peak_rss_mb": max(peaks)}


# --- the report ------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = _ram_mb()
    memory = f"{ram / 1024:.1f} GiB" if math.isfinite(ram) else "unknown"
    return {
        "nproc": str(os.cpu_count()),
        "memory": memory,
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(time) over log(size): 1 is linear, 2 quadratic."""
    usable = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(usable) < 2:
        return None
    mx = statistics.fmean(x for x, _ in usable)
    my = statistics.fmean(y for _, y in usable)
    den = sum((x - mx) ** 2 for x, _ in usable)
    return sum((x - mx) * (y - my) for x, y in usable) / den if den else None


def growth(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 0.85:
        return f"{value:.2f} (sub-linear: fixed costs dominate)"
    if value < 1.2:
        return f"{value:.2f} (linear / n log n)"
    if value < 1.7:
        return f"{value:.2f} (super-linear)"
    return f"{value:.2f} (quadratic or worse)"


def _fmt_s(seconds: float) -> str:
    if seconds < 0.1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def render(report: dict[str, Any]) -> str:
    m = report["machine"]
    sizes = report["sizes"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m benchmarks.run` (see benchmarks/README.md); do not edit by hand.",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, Python {m['python']}, {m['platform']}.",
        f"Run: sizes {', '.join(f'{s}×' for s in sizes)}, median of up to {report['repeat']} runs per cell "
        f"(a cell says when it had one), budget up to {report['budget']:.0f} s per stage and size, "
        f"{report['total_s']:.0f} s in all"
        + (f" (figures merged from {report['runs_merged']} runs, `--merge`)." if report.get("runs_merged") else "."),
        "",
        "## Corpus sizes",
        "",
        "| size | agreements | characters | units (planted) | planted links |",
        "|---|---|---|---|---|",
    ]
    for size in sizes:
        c = report["corpora"][str(size)]
        lines.append(f"| {size}× | {c['agreements']} | {c['chars']:,} | {c['units']:,} | {c['links']:,} |")
    lines += ["", "## Stages (median wall time; peak = rise of the worker's RSS high-water mark during the stage)", ""]
    lines.append("| stage | " + " | ".join(f"{s}×" for s in sizes) + " | growth (log-log slope) |")
    lines.append("|---|" + "---|" * len(sizes) + "---|")
    for stage in [s for s in STAGES if s != "sparql"]:
        cells = []
        points = []
        for size in sizes:
            r = report["stages"].get(stage, {}).get(str(size))
            if r is None:
                cells.append("—")
            elif "error" in r:
                cells.append(f"error: {r['error']}")
            elif "skipped" in r:
                cells.append(f"not run ({r['skipped']})")
            else:
                note = f", recovered {r['recovered']}/{r['planted_links']} planted links" if "recovered" in r else ""
                workers = f" (+ workers ≤ {r['worker_peak_mb']:.0f} MB each)" if "worker_peak_mb" in r else ""
                runs = "" if r["runs"] > 1 else " (1 run)"
                cells.append(f"{_fmt_s(r['median_s'])}{runs}, {r['stage_peak_mb']:.0f} MB{workers}{note}")
                points.append((report["corpora"][str(size)]["units"], r["median_s"]))
        lines.append(f"| {stage} | " + " | ".join(cells) + f" | {growth(slope(points))} |")
    lines += ["", "## SPARQL (median latency per saved query; `chains` bound to the longest chain)", ""]
    for size in sizes:
        r = report["stages"].get("sparql", {}).get(str(size))
        if r is None:
            continue
        if "error" in r or "skipped" in r:
            lines += [f"- {size}×: {r.get('error') or 'not run (' + r['skipped'] + ')'}", ""]
            continue
        engines = list(r["engines"])
        lines += [f"### {size}× ({r['quads']:,} quads)", ""]
        lines.append("| query | " + " | ".join(engines) + " |")
        lines.append("|---|" + "---|" * len(engines))
        names = sorted({q for e in r["engines"].values() for q in e.get("queries", {})})
        load = [(_fmt_s(e["load_s"]) if "load_s" in e else e.get("error", "—")) for e in r["engines"].values()]
        lines.append("| (load) | " + " | ".join(load) + " |")
        for name in names:
            cells = []
            for e in r["engines"].values():
                q = e.get("queries", {}).get(name)
                cells.append("—" if q is None else q.get("error") or f"{_fmt_s(q['median_s'])} ({q['rows']} rows)")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["## `aftalegraf build` as a process (interpreter start included)", ""]
    lines += ["| corpus | median | peak RSS |", "|---|---|---|"]
    for name, r in report["builds"].items():
        if "error" in r or "skipped" in r:
            lines.append(f"| {name} | {r.get('error') or 'not run (' + r['skipped'] + ')'} | |")
        else:
            lines.append(f"| {name} | {_fmt_s(r['median_s'])} ({r['runs']} runs) | {r['peak_rss_mb']:.0f} MB |")
    lines += ["", "## Targets", ""]
    for key, verdict in report["targets"].items():
        lines.append(f"- {TARGETS[key]}: {verdict}")
    return "\n".join(lines) + "\n"


def verdicts(report: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    bundled = report["builds"].get("bundled corpus (data/agreements)", {})
    out["build-bundled"] = (
        f"{'met' if bundled['median_s'] < 3 else 'NOT MET'} ({bundled['median_s']:.2f} s)"
        if "median_s" in bundled
        else f"not measured ({bundled.get('error') or bundled.get('skipped')})"
    )
    b100 = report["builds"].get("100× synthetic", {})
    out["build-100"] = (
        f"{'met' if b100['median_s'] < 60 and b100['peak_rss_mb'] < 2048 else 'NOT MET'} "
        f"({b100['median_s']:.1f} s, {b100['peak_rss_mb']:.0f} MB)"
        if "median_s" in b100
        else f"not measured ({b100.get('error') or b100.get('skipped') or 'size not in this run'})"
    )
    sparql = report["stages"].get("sparql", {}).get("100", {})
    chain = sparql.get("engines", {}).get("pyoxigraph", {}).get("queries", {}).get("chains", {})
    chain_rdflib = sparql.get("engines", {}).get("rdflib+oxrdflib", {}).get("queries", {}).get("chains", {})
    if "median_s" in chain:
        extra = f"; through rdflib+oxrdflib {chain_rdflib['median_s'] * 1000:.1f} ms" if "median_s" in chain_rdflib else ""
        out["chain-100"] = (
            f"{'met' if chain['median_s'] < 0.05 else 'NOT MET'} (pyoxigraph {chain['median_s'] * 1000:.1f} ms{extra})"
        )
    else:
        out["chain-100"] = "not measured (100× not in this run or SPARQL failed)"
    link = report["stages"].get("link", {})
    points = [(report["corpora"][s]["units"], r["median_s"]) for s, r in link.items() if "median_s" in r]
    biggest = max((int(s) for s, r in link.items() if "median_s" in r), default=0)
    value = slope(points)
    shown = "—" if value is None else f"{value:.2f}"
    if biggest >= 1000:
        out["link-1000"] = f"{'met' if value is not None and value < 1.5 else 'NOT MET'} (log-log slope {shown} up to 1000×)"
    else:
        skipped = link.get("1000", {}).get("skipped", "1000× not in this run")
        out["link-1000"] = (
            f"NOT MEASURED at 1000× ({skipped}); log-log slope {shown} up to {biggest}× "
            f"({'not quadratic' if value is not None and value < 1.5 else 'check'} in the range measured)"
        )
    return out


def corpus_facts(size: int) -> dict[str, int]:
    """Agreements, characters, units and links of one size (cached per generator version)."""
    from benchmarks.generate import generate_agreements

    cached = WORK / f"facts-{size}x-{generator_digest()[:16]}.json"
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    facts = {"agreements": 0, "chars": 0, "units": 0, "links": 0}
    for agreement, units, links in generate_agreements(size):
        facts["agreements"] += 1
        facts["chars"] += len(agreement.text)
        facts["units"] += len(units)
        facts["links"] += len(links)
    WORK.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(facts), encoding="utf-8")
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure aftalegraf's stages at several corpus sizes.")
    parser.add_argument("--sizes", default="1,10,100,1000", help="comma-separated scales (1, 10, 100, 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median reported)")
    parser.add_argument("--budget", type=float, default=240.0, help="seconds a stage may take at one size")
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated subset of " + ",".join(STAGES))
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--merge", action="store_true",
                        help="keep the other stages' figures from the last run (benchmarks/results.json)")  # fmt: skip
    parser.add_argument("--render", action="store_true", help="rewrite RESULTS.md from benchmarks/results.json")
    parser.add_argument("--no-builds", action="store_true",
                        help="measure the stages only, not `aftalegraf build` as a process (with --merge: keep the last)")  # fmt: skip
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render:  # only rewrite RESULTS.md from the last figures
        report = json.loads(FIGURES.read_text(encoding="utf-8"))
        report["targets"] = verdicts(report)
        args.out.write_text(render(report), encoding="utf-8")
        return 0
    if args.worker == "facts":  # in a worker too, so the parent stays small (children inherit its RSS peak)
        print(json.dumps(corpus_facts(args.size)))
        return 0
    if args.worker:
        print(json.dumps(worker(args.worker, args.size, args.repeat, args.budget)))
        return 0

    began = time.perf_counter()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    stages = [s for s in args.stages.split(",") if s]
    report: dict[str, Any] = {"machine": machine(), "sizes": sizes, "repeat": args.repeat, "budget": args.budget,
                              "corpora": {}, "stages": {}, "builds": {}}  # fmt: skip
    for size in sizes:
        report["corpora"][str(size)] = spawn("facts", size, 1, args.budget)
        print(f"{size}×: {report['corpora'][str(size)]}", flush=True)
    if not args.no_builds:
        bundled = time_build(ROOT / "data" / "agreements", args.repeat)
        report["builds"]["bundled corpus (data/agreements)"] = bundled
        print(f"build bundled: {bundled}", flush=True)
    previous = FIGURES
    earlier = json.loads(previous.read_text(encoding="utf-8")) if args.merge and previous.exists() else {}
    ram_mb = _ram_mb()
    for stage in stages:
        report["stages"][stage] = {}
        # projections start from the largest smaller size measured, in this run or (with --merge) the last
        last = _last_measured(earlier.get("stages", {}).get(stage, {}), min(sizes))
        for size in sizes:
            if last is not None:
                projected = last[1] * size / last[0]  # one run, linear growth (a worker stops repeating at budget)
                memory = last[2] * size / last[0]
                if projected > args.budget or memory > ram_mb:
                    why = (f"projected {projected:.0f} s > budget" if projected > args.budget
                           else f"projected {memory / 1024:.0f} GB > the machine's {ram_mb / 1024:.0f} GB")  # fmt: skip
                    report["stages"][stage][str(size)] = {"skipped": why}
                    print(f"{stage} {size}×: skipped, {why}", flush=True)
                    continue
            result = spawn(stage, size, args.repeat, args.budget)
            report["stages"][stage][str(size)] = result
            print(f"{stage} {size}×: {result}", flush=True)
            if "error" in result:
                break
            last = _point(size, result)
    extract = report["stages"].get("extract", {})
    for size in (10, 100):
        if size not in sizes or args.no_builds:
            continue
        measured = extract.get(str(size), {})
        if "median_s" in measured and measured["median_s"] < args.budget:
            # the extract worker wrote this corpus (outside its measurement)
            report["builds"][f"{size}× synthetic"] = time_build(WORK / f"corpus-{size}x" / "agreements", 1)
        else:
            report["builds"][f"{size}× synthetic"] = {"skipped": "extraction at this size is over budget"}
        print(f"build {size}×: {report['builds'][f'{size}× synthetic']}", flush=True)
    report["total_s"] = time.perf_counter() - began
    if args.merge and previous.exists():  # re-measured stages replace theirs; the rest is kept
        old = json.loads(previous.read_text(encoding="utf-8"))
        for stage, by_size in report["stages"].items():
            old["stages"].setdefault(stage, {}).update(by_size)
        for name, build in report["builds"].items():  # a build measured before is kept (this run re-measures stages)
            if "median_s" in build and "median_s" not in old["builds"].get(name, {}):
                old["builds"][name] = build
        old["corpora"].update(report["corpora"])
        old["sizes"] = sorted(set(old["sizes"]) | set(sizes))
        old["total_s"] = old["total_s"] + report["total_s"]
        old["machine"] = report["machine"]
        old["repeat"] = max(old.get("repeat", 1), report["repeat"])  # the other runs' cells keep theirs
        old["budget"] = max(old.get("budget", 0.0), report["budget"])
        old["runs_merged"] = old.get("runs_merged", 1) + 1
        report = old
    report["targets"] = verdicts(report)
    args.out.write_text(render(report), encoding="utf-8")
    FIGURES.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({report['total_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
