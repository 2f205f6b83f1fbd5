"""Which engine answers our SPARQL: rdflib's own store, rdflib over Oxigraph (oxrdflib), or raw pyoxigraph.

Builds a seeded synthetic Bundle of real model instances (commitments with passages, deadlines,
amounts, follow-up chains, statuses), exports it through graph.rdf to ~100k quads, then times,
per engine: loading the N-Quads, every saved query in ontology/queries/, and (for the writers)
Turtle output. Writes the table to benchmarks/ENGINES.md.

    .venv/bin/python -m benchmarks.engines [--commitments 2000] [--repeat 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

import ontology
from graph.models import (
    Agreement,
    Amount,
    Bundle,
    Commitment,
    CommitmentId,
    CommitmentType,
    Deadline,
    DeadlineKind,
    Evidence,
    FollowUp,
    FollowUpStatus,
    Source,
    Status,
    StatusEvidence,
    agreement_id,
)
from graph.rdf import bundle_dataset, serialize

WORDS = (
    "kommunerne regeringen parterne enige om at styrke indsatsen for ældreplejen digitalisering "
    "velfærd økonomi anlæg service budget opfølgning evaluering samarbejde frisættelse klima "
    "beskæftigelse sundhed børn unge dagtilbud skole uddannelse infrastruktur bolig beredskab"
).split()
RESULTS = Path(__file__).with_name("ENGINES.md")


def synthetic_bundle(n_commitments: int, seed: int, years: int = 12) -> tuple[Bundle, dict[str, str]]:
    """Commitments spread over `years` agreements; 40 % follow up one or two of the year before
    (the real dataset: 151 links on 758 commitments, chains of up to 8)."""
    rng = random.Random(seed)
    areas = sorted(ontology.policy_area_ids())
    first = 2013
    agreements = [
        Agreement(
            id=agreement_id(y),
            fiscal_year=y,
            title=f"Aftale om kommunernes økonomi for {y}",
            in_corpus=True,
            file=f"kommuner-{y}.txt",
            parties=["Regeringen", "KL"],
        )
        for y in range(first, first + years)
    ]
    texts: dict[str, list[str]] = {a.file or "": [] for a in agreements}
    offsets: dict[str, int] = dict.fromkeys(texts, 0)
    commitments: list[Commitment] = []
    by_year: dict[int, list[Commitment]] = {}
    for i in range(n_commitments):
        agreement = agreements[i % years]
        file = agreement.file or ""
        sentence = (
            "Regeringen og KL er enige om at " + " ".join(rng.choices(WORDS, k=rng.randint(8, 30))) + f" {i}."
        )
        start = offsets[file]
        texts[file].append(sentence + "\n\n")
        offsets[file] += len(sentence) + 2
        later = agreement_id(agreement.fiscal_year + 1)
        deadlines = [Deadline(text=f"økonomiaftalen for {later}", norm=later, kind=DeadlineKind.AGREEMENT)]
        if rng.random() < 0.3:
            y = agreement.fiscal_year
            deadlines.append(
                Deadline(text=f"i efteråret {y}", norm=f"{y}-09-01/{y}-11-30", kind=DeadlineKind.INTERVAL)
            )
        amounts = (
            [Amount(text="1,5 mia. kr.", value_dkk=1.5e9 * rng.randint(1, 9), year=agreement.fiscal_year)]
            if rng.random() < 0.3
            else []
        )
        c = Commitment(
            id=CommitmentId.generate(agreement.id, sentence),
            agreement=agreement.id,
            fiscal_year=agreement.fiscal_year,
            text=sentence,
            heading=["Kommunernes økonomi"],
            type=rng.choice(list(CommitmentType)),
            action=True,
            parties=["Regeringen", "KL"],
            area=rng.choice(areas),
            deadlines=deadlines,
            amounts=amounts,
            source=Source(file=file, start=start, end=start + len(sentence)),
        )
        commitments.append(c)
        by_year.setdefault(agreement.fiscal_year, []).append(c)
    links: list[FollowUp] = []
    seen: set[tuple[str, str]] = set()
    for c in commitments:
        earlier = by_year.get(c.fiscal_year - 1, [])
        for target in rng.sample(
            earlier, k=min(len(earlier), rng.choices([0, 1, 2], weights=[60, 35, 5])[0])
        ):
            if (c.id, target.id) not in seen:
                seen.add((c.id, target.id))
                links.append(
                    FollowUp(
                        **{"from": c.id, "to": target.id},
                        evidence=rng.choice(list(Evidence)),
                        confidence=round(rng.random(), 2),
                        matched=["økonomi"],
                    )
                )
    followed = {link.to_id for link in links}
    newest = agreements[-1].id
    statuses = [
        FollowUpStatus(
            id=c.id,
            deadline=c.deadlines[0].norm,
            status=Status.FOLLOWED_UP if c.id in followed else Status.NO_FOLLOW_UP_FOUND,
            evidence=StatusEvidence(reason="synthetic"),
            as_of=newest,
        )
        for c in commitments
    ]
    bundle = Bundle(agreements=agreements, commitments=commitments, links=links, statuses=statuses)
    return bundle, {name: "".join(parts) for name, parts in texts.items()}


def _time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time in seconds of `repeat` runs (results fully consumed)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(n_commitments: int, repeat: int, seed: int) -> str:
    bundle, sources = synthetic_bundle(n_commitments, seed)
    ds = bundle_dataset(bundle, sources)
    nquads = serialize(ds, "nq")
    n_quads = nquads.count(b"\n")
    queries = {name: ontology.resource_text(f"queries/{name}.rq") for name in ontology.saved_query_names()}

    # Loading
    rd_default: Dataset = Dataset(default_union=True)
    rd_ox: Dataset = Dataset(store="Oxigraph", default_union=True)
    store = ox.Store()
    loads = {
        "rdflib": _time(lambda: Dataset(default_union=True).parse(data=nquads, format="nquads"), 1),
        "oxrdflib": _time(lambda: Dataset(store="Oxigraph").parse(data=nquads, format="ox-nquads"), 1),
        "pyoxigraph": _time(lambda: ox.Store().load(nquads, format=ox.RdfFormat.N_QUADS), repeat),
    }
    rd_default.parse(data=nquads, format="nquads")
    rd_ox.parse(data=nquads, format="ox-nquads")
    store.load(nquads, format=ox.RdfFormat.N_QUADS)

    engines: dict[str, Callable[[str], int]] = {
        "rdflib": lambda q: len(list(rd_default.query(q))),
        "oxrdflib": lambda q: len(list(rd_ox.query(q))),
        "pyoxigraph": lambda q: len(list(store.query(q, use_default_graph_as_union=True))),
    }
    rows: list[tuple[str, dict[str, float], int]] = []
    for name, text in queries.items():
        counts = {engine: fn(text) for engine, fn in engines.items()}  # warm-up, and agreement check
        if len(set(counts.values())) != 1:
            raise SystemExit(f"engines disagree on {name}: {counts}")
        reps = {engine: (1 if engine == "rdflib" else repeat) for engine in engines}
        timings = {
            engine: _time(lambda fn=fn, text=text: fn(text), reps[engine]) for engine, fn in engines.items()
        }
        rows.append((name, timings, counts["rdflib"]))
        print(name, {k: round(v, 4) for k, v in timings.items()}, counts["rdflib"], flush=True)

    writers = {
        "rdflib longturtle": _time(lambda: rd_default.serialize(format="longturtle"), 1),
        "oxrdflib ox-trig (store order, not sorted)": _time(lambda: rd_ox.serialize(format="ox-trig"), 1),
        "graph.rdf.serialize ttl (sorted → Oxigraph writer)": _time(lambda: serialize(ds, "ttl"), 1),
    }

    lines = [
        "# SPARQL engine comparison",
        "",
        "Generated by `.venv/bin/python -m benchmarks.engines "
        f"--commitments {n_commitments} --repeat {repeat} --seed {seed}`.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; other work ran on the machine at the same time, so "
        "compare ratios rather than absolute figures.",
        "",
        f"Synthetic graph: {len(bundle.commitments)} commitments in {len(bundle.agreements)} agreements, "
        f"{len(bundle.links)} follow-up links, {n_quads} quads (one named graph per agreement, plus "
        "the ontology and the concept scheme). Queries run over the union of the named graphs.",
        "",
        "## Loading the N-Quads export (seconds)",
        "",
        "| engine | load |",
        "|---|---:|",
        *[f"| {engine} | {seconds:.3f} |" for engine, seconds in loads.items()],
        "",
        "## Saved queries (median seconds; rdflib run once)",
        "",
        "| query | rows | rdflib | oxrdflib | pyoxigraph | rdflib / pyoxigraph | oxrdflib / pyoxigraph |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, t, count in rows:
        ox_t = max(t["pyoxigraph"], 1e-6)
        lines.append(
            f"| {name} | {count} | {t['rdflib']:.3f} | {t['oxrdflib']:.4f} | {t['pyoxigraph']:.4f} | "
            f"{t['rdflib'] / ox_t:.0f}× | {t['oxrdflib'] / ox_t:.1f}× |"
        )
    lines += [
        "",
        "## Writing the whole dataset (seconds)",
        "",
        "| writer | seconds |",
        "|---|---:|",
        *[f"| {writer} | {seconds:.3f} |" for writer, seconds in writers.items()],
        "",
    ]
    return "\n".join(lines)


def endpoint_load(n_queries: int = 2000, clients: int = 16, workers: int = 2) -> str:
    """`aftalegraf serve`'s machinery on the real dataset: n_queries saved queries from `clients` threads."""
    import sys
    import threading
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import quote

    from graph.rdf import PREFIXES, export_dataset
    from graph.server import QueryPool, make_server
    from graph.status import current_bundle

    root = Path(__file__).resolve().parent.parent
    ds = export_dataset(
        current_bundle(root / "data/commitments", root / "data/agreements"), corpus=root / "data/agreements"
    )
    pool = QueryPool(serialize(ds, "nq"), PREFIXES, workers=workers, timeout=30)
    server = make_server(pool, "127.0.0.1", 0, "")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql?query="
    names = [n for n in ontology.saved_query_names() if n != "chains"]  # chains unbound lists every chain
    queries = [ontology.resource_text(f"queries/{n}.rq") for n in names]

    def ask(i: int) -> tuple[int, float]:
        start = time.perf_counter()
        with urllib.request.urlopen(url + quote(queries[i % len(queries)]), timeout=60) as response:
            response.read()
            return response.status, time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as executor:
        results = list(executor.map(ask, range(n_queries)))
    elapsed = time.perf_counter() - start
    server.shutdown()
    pool.close()
    latencies = sorted(seconds for _, seconds in results)
    ok = sum(1 for status, _ in results if status == 200)
    print(f"endpoint: {ok}/{n_queries} ok in {elapsed:.1f} s", file=sys.stderr)
    return "\n".join(
        [
            "## Endpoint load (`--endpoint-load`)",
            "",
            f"`aftalegraf serve` machinery ({workers} worker processes) on the real dataset ({pool.triples} triples): "
            f"{n_queries} saved queries ({', '.join(names)}, round robin) from {clients} concurrent clients.",
            "",
            "| answered 200 | seconds | queries/s | p50 latency | p95 latency | max latency |",
            "|---:|---:|---:|---:|---:|---:|",
            f"| {ok}/{n_queries} | {elapsed:.1f} | {n_queries / elapsed:.0f} | {latencies[len(latencies) // 2]:.3f} s | "
            f"{latencies[int(len(latencies) * 0.95)]:.3f} s | {latencies[-1]:.3f} s |",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commitments", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--endpoint-load", action="store_true", help="Also time 2,000 queries from 16 clients."
    )
    args = parser.parse_args()
    report = run(args.commitments, args.repeat, args.seed)
    if args.endpoint_load:
        report += "\n" + endpoint_load()
    args.out.write_text(report + "\n", encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
