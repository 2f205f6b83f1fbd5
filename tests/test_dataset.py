"""The published dataset: deterministic files, atomic writes, validated reading, and the committed copy."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from _extraction import CORPUS, DATASET, corpus_extraction

from graph.build import STEPS, BuildState, extract_step, extracted_bundle
from graph.dataset import (
    AGREEMENTS_FILE,
    CSV_FILE,
    bundle_files,
    read_dataset,
    write_dataset,
    write_files,
)
from graph.errors import DatasetError
from graph.models import Bundle


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    extraction = corpus_extraction()
    texts = tuple(doc for doc, _ in extraction)
    return extracted_bundle(texts, [c for _, commitments in extraction for c in commitments])


def test_files_are_deterministic_pretty_sorted_utf8(bundle: Bundle) -> None:
    files = bundle_files(bundle)
    assert files == bundle_files(bundle)
    assert {"ØA19.json", "ØA20.json", "ØA22.json", "ØA23.json", "ØA24.json", AGREEMENTS_FILE, CSV_FILE} <= set(files)
    text = files["ØA24.json"]
    assert text.endswith("}\n") and "økonomi" in text and "\\u00f8" not in text
    data = json.loads(text)
    assert list(data) == sorted(data) and data["agreement"]["id"] == "ØA24"
    starts = [c["source"]["start"] for c in data["commitments"]]
    assert starts == sorted(starts)


def test_referenced_agreements_missing_from_the_corpus_are_listed(bundle: Bundle) -> None:
    outside = {a.id for a in bundle.agreements if not a.in_corpus}
    assert {"ØA21", "ØA25"} <= outside
    assert not outside & {"ØA19", "ØA20", "ØA22", "ØA23", "ØA24"}


def test_csv_has_a_bom_one_row_per_commitment_and_flattened_lists(bundle: Bundle) -> None:
    content = bundle_files(bundle)[CSV_FILE]
    assert content.startswith("\ufeffid,agreement,fiscal_year,type")
    rows = list(csv.DictReader(io.StringIO(content[1:])))
    assert len(rows) == len(bundle.commitments)
    both = next(r for r in rows if r["parties"] == "Regeringen; KL; Danske Regioner")
    assert both["agreement"].startswith("ØA")


def test_round_trip(tmp_path: Path, bundle: Bundle) -> None:
    out = tmp_path / "commitments"
    write_dataset(out, bundle)
    back = read_dataset(out)
    assert back.agreements == bundle.agreements
    assert sorted(back.commitments, key=lambda c: c.id) == sorted(bundle.commitments, key=lambda c: c.id)


def test_write_replaces_the_directory_or_leaves_it_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_files(out, {"a.json": "[]\n"})
    with pytest.raises(FileNotFoundError):
        write_files(out, {"b.json": "[]\n", "missing-dir/c.json": "[]\n"})
    assert sorted(p.name for p in out.iterdir()) == ["a.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "no staging directory is left behind"
    write_files(out, {"b.json": "{}\n"})
    assert sorted(p.name for p in out.iterdir()) == ["b.json"]


@pytest.fixture
def written(tmp_path: Path, bundle: Bundle) -> Path:
    small = Bundle(
        agreements=[a for a in bundle.agreements if a.id in ("ØA24", "ØA25")],
        commitments=[c for c in bundle.commitments if c.agreement == "ØA24"][:3],
    )
    out = tmp_path / "data"
    write_dataset(out, small)
    return out


def test_corrupt_json_names_the_file(written: Path) -> None:
    (written / "ØA24.json").write_text('{"agreement": ', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"ØA24\.json: not JSON"):
        read_dataset(written)


def test_unknown_field_names_the_file_and_the_record(written: Path) -> None:
    data = json.loads((written / "ØA24.json").read_text(encoding="utf-8"))
    data["commitments"][1]["colour"] = "red"
    (written / "ØA24.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DatasetError) as error:
        read_dataset(written)
    assert "ØA24.json" in str(error.value) and data["commitments"][1]["id"] in str(error.value)
    assert "colour" in str(error.value)


def test_missing_agreement_file_and_missing_directory(written: Path, tmp_path: Path) -> None:
    (written / "ØA24.json").unlink()
    with pytest.raises(DatasetError, match=r"ØA24\.json: missing"):
        read_dataset(written)
    with pytest.raises(DatasetError, match="aftalegraf build"):
        read_dataset(tmp_path / "nowhere")


def test_committed_dataset_equals_a_fresh_build() -> None:
    """data/commitments/ is what `aftalegraf build` writes today: every file, byte for byte."""
    extraction = corpus_extraction()
    texts = tuple(doc for doc, _ in extraction)
    state = BuildState(corpus=CORPUS, out=DATASET, texts=texts)
    state = BuildState(**{**state.__dict__, "bundle": extracted_bundle(texts, [c for _, cs in extraction for c in cs])})
    for step in STEPS[STEPS.index(extract_step) + 1 :]:
        state = step(state)
    on_disk = {p.name: p.read_bytes() for p in DATASET.iterdir() if p.is_file()}
    fresh = {name: content.encode("utf-8") for name, content in state.files.items()}
    assert sorted(on_disk) == sorted(fresh), "run `aftalegraf build` and commit data/commitments/"
    stale = sorted(name for name in fresh if fresh[name] != on_disk[name])
    assert stale == [], "run `aftalegraf build` and commit data/commitments/"
