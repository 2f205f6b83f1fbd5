"""The follow-up commands: links, followups, chain, show — output shapes, filters, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.corpus import read_corpus
from graph.dataset import read_dataset
from graph.link import contexts_from_texts, find_links
from graph.status import compute_statuses

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "followups"
runner = CliRunner()


@pytest.fixture()
def where(tmp_path: Path) -> list[str]:
    """The synthetic corpus, and a dataset directory that does not exist: answers come from memory."""
    return ["--corpus", str(FIXTURES), "--data", str(tmp_path / "none")]


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_links_jsonl_names_the_ids_extract_prints(where: list[str]) -> None:
    extracted = {row["id"] for row in _jsonl(_run("extract", *map(str, sorted(FIXTURES.glob("*.md"))), "--format", "jsonl"))}
    rows = _jsonl(_run("links", "--format", "jsonl", *where))
    assert rows
    for row in rows:
        assert set(row) == {"from", "to", "evidence", "confidence", "matched"}
        assert row["from"] in extracted and row["to"] in extracted
    assert {row["evidence"] for row in rows} == {"explicit-backward", "explicit-forward", "explicit-both", "implicit"}


def test_links_threshold_options_change_the_answer(where: list[str]) -> None:
    every = _jsonl(_run("links", *where))
    strict = ["--implicit", "1", "--implicit-same-area", "1", "--implicit-mutual", "1", "--near-duplicate", "100"]
    fewer = _jsonl(_run("links", *strict, *where))
    assert {r["evidence"] for r in fewer} <= {"explicit-backward", "explicit-forward", "explicit-both"}
    assert len(fewer) < len(every)


def test_links_table_and_csv(where: list[str]) -> None:
    assert "follow-up links" in _run("links", "--format", "table", *where)
    assert _run("links", "--format", "csv", *where).splitlines()[0] == "from,to,evidence,confidence,matched"


def test_followups_jsonl_and_status_filter(where: list[str]) -> None:
    rows = _jsonl(_run("followups", "--format", "jsonl", "--status", "pending", *where))
    assert rows and all(set(r) == {"id", "deadline", "status", "evidence"} for r in rows)
    assert {r["status"] for r in rows} == {"pending"}
    assert "ØA25" in {r["deadline"] for r in rows}
    assert all(r["evidence"]["reason"] for r in rows)


def test_followups_year_area_party_filters(where: list[str]) -> None:
    rows = _jsonl(_run("followups", "--format", "jsonl", "--year", "2023", *where))
    assert rows and all(r["id"].startswith("oa23-") for r in rows)
    assert _jsonl(_run("followups", "--format", "jsonl", "--party", "Danske Regioner", *where)) == []
    infra = _jsonl(_run("followups", "--format", "jsonl", "--area", "infrastruktur", *where))
    assert infra and len(infra) < len(_jsonl(_run("followups", "--format", "jsonl", *where)))


def test_followups_as_of_recomputes_without_newer_agreements(where: list[str]) -> None:
    now = {r["id"]: r for r in _jsonl(_run("followups", "--format", "jsonl", *where))}
    then = {r["id"]: r for r in _jsonl(_run("followups", "--format", "jsonl", "--as-of", "ØA22", *where))}
    assert not [i for i in then if i.startswith("oa23-")]
    changed = [i for i in then if then[i]["status"] != now[i]["status"]]
    assert changed and all(then[i]["status"] == "pending" for i in changed)  # ØA23 had not answered yet


def test_followups_table_and_csv(where: list[str]) -> None:
    assert "promised follow-ups" in _run("followups", *where)
    assert _run("followups", "--format", "csv", *where).startswith("id,agreement,deadline,status")


def test_chain_by_words_prints_every_year_with_evidence(where: list[str]) -> None:
    text = _run("chain", "evaluere velfærdsteknologipuljen", *where)
    for expected in ("2020 · ØA20", "2022 · ØA22", "2023 · ØA23", "follows up", "implicit", "velfærdsteknologipuljen"):
        assert expected in text
    assert text.index("ØA20") < text.index("ØA22") < text.index("ØA23")


def test_chain_json(where: list[str]) -> None:
    data = json.loads(_run("chain", "evaluere velfærdsteknologipuljen", "--format", "json", *where))
    assert [step["fiscal_year"] for step in data["chain"]] == [2020, 2022, 2023]
    assert data["chain"][1]["follows_up"][0]["evidence"] == "implicit"


def test_chain_with_several_matches_lists_them_and_exits_1(where: list[str]) -> None:
    result = runner.invoke(app, ["chain", "velfærdsteknologipuljen", *where], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "3 commitments match" in result.output and "oa20-" in result.output


def test_show_prints_the_passage_from_the_source(where: list[str]) -> None:
    row = _jsonl(_run("followups", "--format", "jsonl", "--status", "no-follow-up-found", *where))[0]
    text = _run("show", row["id"], *where)
    assert "energiforbruget i svømmehallerne" in text and "kommuner-2020.md" in text
    assert "## 7. Idræt" in text  # the raw passage around the unit, headings and all


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from graph.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["followups", "--as-of", "2023"], "--as-of"),
        (["followups", "--status", "done"], "unknown status"),
        (["links", "--implicit", "2"], "--implicit"),
        (["chain", "oa99-0000000000"], "oa99-0000000000"),
        (["show", "oa99-0000000000"], "oa99-0000000000"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = _main(*args, "--corpus", str(FIXTURES), "--data", str(tmp_path / "none"))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_committed_links_and_statuses_match_a_fresh_computation() -> None:
    """data/commitments/links.json and followups.json are what linking the committed commitments gives."""
    bundle = read_dataset(ROOT / "data" / "commitments")
    texts = read_corpus(ROOT / "data" / "agreements")
    links = find_links(bundle.commitments, contexts=contexts_from_texts(texts, bundle.commitments))
    assert links == sorted(bundle.links, key=lambda lk: (lk.from_id, lk.to_id))
    assert compute_statuses(bundle.commitments, links, bundle.agreements) == bundle.statuses


def test_links_of_given_files_use_the_ids_extract_prints_for_them(tmp_path: Path) -> None:
    files = [str(FIXTURES / "kommuner-2020.md"), str(FIXTURES / "kommuner-2022.md")]
    extracted = {row["id"] for row in _jsonl(_run("extract", *files))}
    rows = _jsonl(_run("links", *files, "--data", str(tmp_path / "none")))
    assert rows and all(r["from"] in extracted and r["to"] in extracted for r in rows)
    assert not [r for r in rows if r["from"].startswith("oa23-")]  # ØA23 was not given


def test_tables_print_brackets_in_the_text_as_they_stand(tmp_path: Path) -> None:
    """`[jf. bilag 1]` is the agreement's text, not rich markup: printed, never swallowed or an error."""
    text = tmp_path / "kommuner-2030.md"
    text.write_text(
        "# Aftale om kommunernes økonomi for 2030\n\n## 1. Veje\n\n"
        "Regeringen og KL er enige om at udbygge cykelstierne [jf. bilag 1] og [/] broerne.\n",
        encoding="utf-8",
    )
    shown = _run("extract", str(text), "--format", "table")
    assert "[jf. bilag 1]" in shown and "[/]" in shown


def test_chain_tree_wraps_long_texts_in_a_narrow_terminal_instead_of_cropping_them() -> None:
    where = ["--corpus", str(ROOT / "data" / "agreements"), "--data", str(ROOT / "data" / "commitments")]
    result = runner.invoke(app, ["chain", "oa24-38445bf0db", *where], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    words = " ".join(result.stdout.replace("│", " ").split())
    assert "Ukraine, håndtering" in words  # the end of the matched words, far beyond 80 columns
