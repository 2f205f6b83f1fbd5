"""The synthetic corpus of benchmarks/generate.py: deterministic, shaped like the real texts, truthful."""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from pathlib import Path

import pytest

from benchmarks.generate import (
    BUNDLED_CHARS,
    generate_corpus,
    scale_plan,
    to_records,
    write_corpus,
)
from graph.clean import Block, clean_document
from graph.corpus import detect_year, read_corpus
from graph.models import SourceFormat

CORPUS = Path(__file__).resolve().parents[1] / "data" / "agreements"


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    write_corpus(generate_corpus(1, seed=7), tmp_path / "a")
    write_corpus(generate_corpus(1, seed=7), tmp_path / "b")
    write_corpus(generate_corpus(1, seed=8), tmp_path / "c")
    first, second, other = _digest(tmp_path / "a"), _digest(tmp_path / "b"), _digest(tmp_path / "c")
    assert first == second
    assert set(first) == set(other) and first != other


def test_scale_one_is_the_bundled_corpus_size() -> None:
    """1x means five agreements of about the bundled corpus's length (measured: 308,025 characters)."""
    assert sum(len(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")) == BUNDLED_CHARS
    corpus = generate_corpus(1)
    chars = sum(len(a.text) for a in corpus.agreements)
    assert len(corpus.agreements) == 5
    assert 0.7 * BUNDLED_CHARS < chars < 1.3 * BUNDLED_CHARS
    assert 600 < len(corpus.units) < 1100  # the real ØA19 + ØA20 hold 353 gold units in 145,000 characters


def test_scales_keep_fiscal_years_plausible() -> None:
    for scale in (1, 10, 100, 1000):
        years, multiplier = scale_plan(scale)
        assert len(set(years)) == len(years) and 2000 <= min(years) and max(years) <= 2099
        assert len(years) * multiplier == 5 * scale
    with pytest.raises(ValueError):
        scale_plan(3)


def test_both_shapes_carry_title_furniture_and_hyphenation() -> None:
    corpus = generate_corpus(1, seed=3)
    shapes = {a.source_format for a in corpus.agreements}
    assert shapes == {"markdown", "pdf-text"}
    for agreement in corpus.agreements:
        assert detect_year(agreement.text) == agreement.fiscal_year
        if agreement.source_format == "pdf-text":
            assert f"Aftale om kommunernes økonomi for {agreement.fiscal_year} ꞏ" in agreement.text
            assert any(line.rstrip().endswith("-") for line in agreement.text.splitlines())
        else:
            assert f"# Aftale om kommunernes økonomi for {agreement.fiscal_year}" in agreement.text


def _clean_chars(blocks: tuple[Block, ...]) -> tuple[list[int], list[str]]:
    """Every clean character of a document with its raw offset, in raw order."""
    pairs = sorted((offset, char) for block in blocks for char, offset in zip(block.text, block.offsets, strict=True))
    return [offset for offset, _ in pairs], [char for _, char in pairs]


def test_planted_offsets_map_back_to_the_unit_text() -> None:
    """The document clean-up of the project, read at a unit's raw offsets, gives the planted text."""
    for seed in (0, 1):
        corpus = generate_corpus(1, seed=seed)
        for agreement in corpus.agreements:
            offsets, chars = _clean_chars(clean_document(agreement.text, SourceFormat(agreement.source_format)).blocks)
            for unit in (u for u in corpus.units if u.file == agreement.file):
                inside = chars[bisect_left(offsets, unit.start) : bisect_left(offsets, unit.end)]
                assert "".join(inside).strip() == unit.text


def test_links_point_back_in_time_and_cite_what_they_claim() -> None:
    corpus = generate_corpus(10, seed=2)
    kinds = {link.evidence for link in corpus.links}
    assert {"explicit-backward", "implicit"} <= kinds
    for link in corpus.links:
        later, earlier = corpus.units[link.later], corpus.units[link.earlier]
        assert later.fiscal_year > earlier.fiscal_year
        assert later.topic == earlier.topic
        if link.evidence in ("explicit-backward", "explicit-both"):
            assert earlier.agreement in later.references
    # deadlines point at later agreements, so statuses have pending and answered promises
    due = [d["norm"] for u in corpus.units for d in u.deadlines if d["kind"] == "agreement"]
    assert due and all(int(str(n)[2:]) > 0 for n in due)


def test_records_validate_and_the_written_corpus_reads(tmp_path: Path) -> None:
    corpus = generate_corpus(1, seed=4)
    agreements, commitments, links = to_records(corpus)
    assert len({c.id for c in commitments}) == len(commitments) == len(corpus.units)
    assert len(links) == len(corpus.links) and len(agreements) == 5
    write_corpus(corpus, tmp_path)
    manifest = json.loads((tmp_path / "agreements" / "manifest.json").read_text(encoding="utf-8"))
    assert [m["fiscal_year"] for m in manifest["agreements"]] == [a.fiscal_year for a in corpus.agreements]
    read = read_corpus(tmp_path / "agreements")
    assert [t.agreement.fiscal_year for t in read] == [a.fiscal_year for a in corpus.agreements]
