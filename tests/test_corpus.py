"""Reading agreement files: fiscal year, signing date, shape, digest, manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from graph.corpus import (
    corpus_files,
    detect_format,
    detect_signed,
    detect_year,
    read_agreement,
    read_corpus,
    read_manifest,
)
from graph.errors import InputError
from graph.models import SourceFormat

CORPUS = Path(__file__).resolve().parents[1] / "data" / "agreements"


def test_fiscal_year_is_the_title_year_not_the_signing_year() -> None:
    assert detect_year("# Aftale om kommunernes økonomi for 2024\n\n7. juni 2023\n") == 2024


def test_title_broken_across_lines_as_in_pdf_text() -> None:
    assert detect_year("A \n\nAftale om kommunernes \nøkonomi for 2020 \nNyt kapitel \n") == 2020


def test_joint_municipal_and_regional_title_of_older_agreements() -> None:
    assert detect_year("Aftaler om den kommunale og regionale \nøkonomi for 2014 \nJuni 2013\n") == 2014


def test_joint_title_cited_in_a_sentence_is_not_a_title() -> None:
    cited = "På baggrund af aftaler om den kommunale og regionale økonomi for 2018 er parterne enige.\n"
    assert detect_year("# Økonomiaftale\n\n" + cited) is None
    assert detect_year("# Økonomiaftale\n\n" + "x " * 1000 + cited) is None


def test_signing_date_near_the_top() -> None:
    assert detect_signed("# Aftale om kommunernes økonomi for 2019\n\n---\n\n7. juni 2018\n") == dt.date(2018, 6, 7)
    assert detect_signed("# Aftale om kommunernes økonomi for 2024\n\n## 1. Indledning\n") is None


def test_shape_is_detected_from_content() -> None:
    assert detect_format("# Titel\n\n## 1. Indledning\n\n**fed**\n", ".txt") == SourceFormat.MARKDOWN
    assert detect_format("Aftale om kommunernes \nøkonomi for 2020 \n1. Indledning \n", ".txt") == SourceFormat.PDF_TEXT
    assert detect_format("anything", ".pdf") == SourceFormat.PDF


@pytest.mark.parametrize("entry", json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["agreements"])
def test_detection_agrees_with_the_manifest(entry: dict) -> None:
    doc = read_agreement(CORPUS / entry["file"])
    assert doc.agreement.id == entry["agreement"]
    assert doc.agreement.fiscal_year == entry["fiscal_year"]
    assert doc.agreement.source_format == entry["source_format"]
    assert (doc.agreement.signed.isoformat() if doc.agreement.signed else None) == entry["signed"]
    assert doc.agreement.sha256 == hashlib.sha256((CORPUS / entry["file"]).read_bytes()).hexdigest()


def test_year_override(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("# Aftale om kommunernes økonomi for 2024\n\nTekst.\n", encoding="utf-8")
    assert read_agreement(path, year=2031).agreement.id == "ØA31"


def test_directory_is_not_an_agreement(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        read_agreement(tmp_path)


def test_corpus_is_read_in_fiscal_year_order_with_manifest_metadata() -> None:
    texts = read_corpus(CORPUS)
    assert [t.agreement.id for t in texts] == ["ØA19", "ØA20", "ØA22", "ØA23", "ØA24"]
    assert all(t.agreement.in_corpus and t.agreement.parties == ["Regeringen", "KL"] for t in texts)
    assert [e.file for e in read_manifest(CORPUS)] == [p.name for p in corpus_files(CORPUS)]


def test_corpus_with_two_files_for_one_year_is_refused(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Aftale om kommunernes økonomi for 2024\n\nTekst.\n", encoding="utf-8")
    with pytest.raises(InputError, match="more than one file for fiscal year 2024"):
        read_corpus(tmp_path)


def test_broken_manifest_names_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Aftale om kommunernes økonomi for 2024\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"agreements": [{"file": "a.txt"}]}', encoding="utf-8")
    with pytest.raises(InputError, match="manifest.json"):
        read_corpus(tmp_path)
