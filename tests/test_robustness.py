"""Broken dataset files reach the user as one line naming the file and the record, exit 2, no traceback."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("aftalegraf")
DATA = ROOT / "data" / "commitments"
CORPUS = ROOT / "data" / "agreements"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A copy of the committed dataset that a test may break."""
    if not (DATA / "agreements.json").exists():
        pytest.fail("data/commitments is not built; run `aftalegraf build`")
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def newest_file(dataset: Path) -> Path:
    agreements = json.loads((dataset / "agreements.json").read_text(encoding="utf-8"))
    newest = max((a for a in agreements if a["in_corpus"]), key=lambda a: a["fiscal_year"])
    return dataset / f"{newest['id']}.json"


def assert_one_line_error(done: subprocess.CompletedProcess[str], *must: str) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    for part in must:
        assert part in lines[0], lines[0]
    return lines[0]


def links_of(dataset: Path) -> subprocess.CompletedProcess[str]:
    return run("links", "--data", str(dataset), "--corpus", str(CORPUS))


def test_truncated_commitments_file(dataset: Path) -> None:
    path = newest_file(dataset)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_one_line_error(links_of(dataset), path.name, "not JSON")


def test_corrupt_commitments_file(dataset: Path) -> None:
    path = newest_file(dataset)
    path.write_bytes(b"\x00\xff\xfe garbage \x89PNG\r\n")
    assert_one_line_error(links_of(dataset), path.name)


def test_truncated_agreements_file(dataset: Path) -> None:
    path = dataset / "agreements.json"
    path.write_text(path.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    assert_one_line_error(links_of(dataset), "agreements.json")


def test_unknown_field_names_file_and_record(dataset: Path) -> None:
    path = newest_file(dataset)
    content = json.loads(path.read_text(encoding="utf-8"))
    record = content["commitments"][3]
    record["colour"] = "red"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    line = assert_one_line_error(links_of(dataset), path.name, record["id"], "colour")
    assert "xtra" in line or "not permitted" in line  # pydantic: "Extra inputs are not permitted"


def test_invalid_value_names_file_and_record(dataset: Path) -> None:
    path = newest_file(dataset)
    content = json.loads(path.read_text(encoding="utf-8"))
    record = content["commitments"][0]
    record["area"] = "astrologi"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    assert_one_line_error(links_of(dataset), path.name, record["id"], "astrologi")


def test_dangling_link_id(dataset: Path) -> None:
    path = dataset / "links.json"
    links = json.loads(path.read_text(encoding="utf-8"))
    assert links, "the committed dataset has follow-up links"
    links[0]["to"] = "oa19-0000000000"
    path.write_text(json.dumps(links, ensure_ascii=False), encoding="utf-8")
    assert_one_line_error(links_of(dataset), "links.json", "oa19-0000000000")


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_failed_build_leaves_the_published_dataset_alone(dataset: Path, tmp_path: Path) -> None:
    """A corpus file that cannot be read stops the build before anything in --out changes."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "kommuner-2024.txt").write_bytes(b"\x00\x01\x02" * 500)
    before = _digests(dataset)
    done = run("build", "--corpus", str(corpus), "--out", str(dataset))
    assert_one_line_error(done, "kommuner-2024.txt")
    assert _digests(dataset) == before


def test_build_refuses_to_publish_a_graph_that_fails_its_shapes(tmp_path: Path) -> None:
    """A link from an earlier commitment to a later one passes pydantic but breaks a SHACL shape."""
    from dataclasses import replace

    from graph import build
    from graph.errors import ShapeValidationError
    from graph.models import Evidence, FollowUp

    def backwards_link(state: build.BuildState) -> build.BuildState:
        by_year = sorted(state.bundle.commitments, key=lambda c: c.fiscal_year)
        earliest, latest = by_year[0], by_year[-1]
        wrong = FollowUp(
            **{"from": earliest.id, "to": latest.id},
            evidence=Evidence.IMPLICIT,
            confidence=0.5,
            matched=["x"],
        )
        return replace(state, bundle=state.bundle.model_copy(update={"links": [wrong]}))

    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("published before", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("kommuner-2023.txt", "kommuner-2024.txt"):
        shutil.copy(ROOT / "data" / "agreements" / name, corpus / name)
    steps = [build.read_step, build.extract_step, backwards_link, build.dataset_step, build.rdf_step]
    with pytest.raises(ShapeValidationError, match="fails its SHACL shapes"):
        build.run_build(corpus, out, steps=steps)
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    # the same bundle without the check is what --no-validate would publish
    state = build.run_steps(corpus, out, steps=steps, validate=False)
    assert "aftalegraf.ttl" in state.files


def test_a_build_after_validating_in_the_same_process_does_not_hang(tmp_path: Path) -> None:
    """rudof's threads do not survive a fork (a forked check waited for ever on their locks): once
    rudof has run in a process, that process's builds check their shapes in-process instead."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("kommuner-2023.txt", "kommuner-2024.txt"):
        shutil.copy(ROOT / "data" / "agreements" / name, corpus / name)
    script = f"""
from pathlib import Path
from graph import build, validate
validate.validate_file(Path({str(ROOT / "data" / "commitments" / "aftalegraf.ttl")!r}))
assert not validate.fork_safe()
state = build.run_steps(Path({str(corpus)!r}), Path({str(tmp_path / "out")!r}))
print(len(state.files["aftalegraf.ttl"]))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 0
