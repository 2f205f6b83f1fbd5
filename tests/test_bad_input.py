"""Bad input through the real CLI: one line naming the file and the problem, exit code 2, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fpdf import FPDF

from graph.cli import main

TEXT = (
    "Aftale om kommunernes økonomi for 2021\n\n"
    "1. Indledning\n\n"
    "Regeringen og KL er enige om at følge udviklingen i de kommunale udgifter tæt i 2021.\n"
)


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """The console script's `main`, in process (a subprocess per case costs a second of imports)."""

    def invoke(*args: str) -> Result:
        monkeypatch.setattr(sys, "argv", ["aftalegraf", *args])
        code = 0
        try:
            main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capfd.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def assert_one_line_error(result: Result, name: str, words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and words in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_path(run: Callable[..., Result], tmp_path: Path) -> None:
    assert_one_line_error(run("extract", str(tmp_path / "nope.txt")), "nope.txt", "no such file")


def test_empty_file(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_one_line_error(run("extract", str(path)), "empty.txt", "empty")


def test_binary_file(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert_one_line_error(run("extract", str(path)), "picture.txt", "binary")


def test_undecodable_file(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(b"Aftale om kommunernes \x81\x8d\x8f\x90 for 2021\n")
    assert_one_line_error(run("extract", str(path)), "garbled.txt", "neither UTF-8 nor cp1252")


def test_cp1252_file_is_read_with_a_warning(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(TEXT.encode("cp1252"))
    result = run("extract", str(path))
    assert result.returncode == 0, result.stderr
    assert "windows.txt" in result.stderr and "cp1252" in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["agreement"] for row in rows] == ["ØA21"]
    assert rows[0]["text"].startswith("Regeringen og KL er enige om at følge udviklingen")  # ø decoded right


def test_text_without_title_asks_for_year(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "untitled.txt"
    path.write_text(TEXT.split("\n", 2)[2], encoding="utf-8")
    assert_one_line_error(run("extract", str(path)), "untitled.txt", "--year")
    ok = run("extract", str(path), "--year", "2030")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout.splitlines()[0])["agreement"] == "ØA30"


def test_pdf_without_text_layer(run: Callable[..., Result], tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    assert_one_line_error(run("extract", str(path)), "scan.pdf", "no text layer")


def test_pdf_with_text_layer_is_extracted(run: Callable[..., Result], tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, TEXT + "\nKL vil bidrage til en stærk kommunal forankring af de nationale målsætninger.\n")
    path = tmp_path / "aftale.pdf"
    pdf.output(str(path))
    result = run("extract", str(path), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {row["type"] for row in rows} == {"agreement", "pledge"}
    assert all(row["fiscal_year"] == 2021 and row["source"]["file"] == "aftale.pdf" for row in rows)


def test_a_bad_file_among_good_ones_prints_nothing_for_the_good_ones(run: Callable[..., Result], tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    assert_one_line_error(run("extract", str(good), str(tmp_path / "missing.txt")), "missing.txt", "no such file")


def test_build_with_a_bad_corpus_writes_nothing(run: Callable[..., Result], tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "b.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = run("build", "--corpus", str(corpus), "--out", str(out))
    assert_one_line_error(result, "b.txt", "empty")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["corpus"]


@pytest.mark.parametrize("command", ["extract", "build"])
def test_commands_have_help(run: Callable[..., Result], command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0 and "Usage" in result.stdout


def test_the_installed_console_script_exits_2_with_one_line(tmp_path: Path) -> None:
    """The real entry point, in its own process: what a user's shell sees."""
    script = Path(sys.executable).with_name("aftalegraf")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from graph.cli import main; main()"]
    result = subprocess.run([*command, "extract", str(tmp_path / "absent.md")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"aftalegraf: {tmp_path / 'absent.md'}: no such file"]


def test_build_into_a_file_is_refused(run: Callable[..., Result], tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    target = tmp_path / "out.json"
    target.write_text("{}", encoding="utf-8")
    assert_one_line_error(run("build", "--corpus", str(corpus), "--out", str(target)), "out.json", "not a directory")
    assert target.read_text(encoding="utf-8") == "{}"


def test_errors_cross_process_boundaries_as_themselves() -> None:
    """Build checks and extraction run in worker processes; their errors are pickled back."""
    import pickle

    from graph.errors import ShapeValidationError

    error = pickle.loads(pickle.dumps(ShapeValidationError("data/commitments", "not published")))
    assert type(error) is ShapeValidationError
    assert (error.where, error.problem, str(error)) == ("data/commitments", "not published", "data/commitments: not published")
