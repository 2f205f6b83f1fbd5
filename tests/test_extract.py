"""Whole-document extraction: units, inheritance from lead-ins, Parterne, ids and provenance."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _extraction import CORPUS, as_pdf, corpus_extraction, quote_key

from graph.corpus import AgreementText, read_agreement
from graph.extract import extract_agreement, extract_corpus, section_actors
from graph.models import Commitment, CommitmentId

DOC = """# Aftale om kommunernes økonomi for 2024

7. juni 2023

## 1. Indledning

Kommunerne står for den borgernære velfærd. Regeringen og KL er enige om at styrke samarbejdet.

## 2. Digitalisering

Regeringen, KL og Danske Regioner har gennemført en analyse af området. Parterne er enige om at fortsætte arbejdet i efteråret 2023.

Regeringen og KL er enige om følgende:

- At kommunerne styrker indsatsen for udsatte børn. Regeringen og KL vil følge op på indsatsen i ØA25.
- En ny vejledning om dokumentation.

Regeringen har tilkendegivet, at den vil invitere KL til drøftelser.

Konkret foreslår regeringen, at:

- Der etableres et nyt udvalg. Regeringen vil nedsætte udvalget.

## 3. Sundhed

Parterne er enige om at drøfte resultaterne ved forhandlingerne om kommunernes økonomi for 2025.

Regeringen og KL er enige om at styrke samarbejdet.
"""


@pytest.fixture(scope="module")
def units(tmp_path_factory: pytest.TempPathFactory) -> list[Commitment]:
    path = tmp_path_factory.mktemp("doc") / "kommuner-2024.md"
    path.write_text(DOC, encoding="utf-8")
    return extract_agreement(read_agreement(path))


def by_start(units: list[Commitment], words: str) -> Commitment:
    found = [u for u in units if u.text.startswith(words)]
    assert len(found) == 1, [u.text for u in units]
    return found[0]


def test_reports_and_bare_lead_ins_are_not_units(units: list[Commitment]) -> None:
    texts = [u.text for u in units]
    assert not any(t.startswith(("Kommunerne står", "Regeringen og KL er enige om følgende", "Regeringen har")) for t in texts)
    assert not any("Der etableres et nyt udvalg" in t for t in texts), "items under a non-unit lead-in are not units"


def test_items_inherit_type_parties_and_deadline_from_the_lead_in(units: list[Commitment]) -> None:
    item = by_start(units, "At kommunerne styrker indsatsen")
    assert item.type == "agreement" and item.parties == ["Regeringen", "KL"]
    assert item.text.endswith("i ØA25."), "the item is one unit, its later sentences included"
    later = by_start(units, "Regeringen og KL vil følge op på indsatsen")
    assert [d.norm for d in later.deadlines] == ["ØA25"]
    assert by_start(units, "En ny vejledning").type == "agreement"


def test_parterne_take_the_actors_named_nearest_before_in_the_section(units: list[Commitment]) -> None:
    digital = by_start(units, "Parterne er enige om at fortsætte")
    assert digital.parties == ["Regeringen", "KL", "Danske Regioner"]
    assert [d.norm for d in digital.deadlines] == ["2023-09-01/2023-11-30"]
    health = by_start(units, "Parterne er enige om at drøfte")
    assert health.parties == ["Regeringen", "KL"], "a new section starts from the agreement's parties"
    assert [d.norm for d in health.deadlines] == ["ØA25"]


def test_actors_named_before_enige_count_even_without_their_verb() -> None:
    # the agreements sometimes drop the `er`: the run before `enige` is still the section's actors
    assert section_actors("Regeringen, KL og Danske Regioner enige om, at rapporten udkommer.") == (
        "Regeringen", "KL", "Danske Regioner",
    )


def test_heading_paths(units: list[Commitment]) -> None:
    assert by_start(units, "Parterne er enige om at drøfte").heading == ["3. Sundhed"]
    assert by_start(units, "En ny vejledning").heading == ["2. Digitalisering"]


def test_ids_come_from_content_and_duplicates_are_numbered(units: list[Commitment]) -> None:
    twins = [u for u in units if u.text == "Regeringen og KL er enige om at styrke samarbejdet."]
    base = CommitmentId.generate("ØA24", "Regeringen og KL er enige om at styrke samarbejdet.")
    assert [u.id for u in twins] == [base, f"{base}-2"]
    assert len({u.id for u in units}) == len(units)


def test_ids_do_not_move_when_text_is_inserted_elsewhere(tmp_path: Path, units: list[Commitment]) -> None:
    path = tmp_path / "kommuner-2024.md"
    path.write_text(DOC.replace("## 3. Sundhed\n", "## 3. Sundhed\n\nEn helt ny indledende sætning.\n"), encoding="utf-8")
    again = extract_agreement(read_agreement(path))
    assert {u.id: u.text for u in again} == {u.id: u.text for u in units}
    assert [u.source.start for u in again] != [u.source.start for u in units]


def test_source_offsets_point_into_the_raw_file(units: list[Commitment]) -> None:
    for unit in units:
        assert unit.source.file == "kommuner-2024.md"
        raw = DOC[unit.source.start : unit.source.end]
        assert raw.split()[0].strip("-*") == unit.text.split()[0]
        for deadline in unit.deadlines:
            assert deadline.span is not None and DOC[deadline.span.start : deadline.span.end] == deadline.text


@pytest.fixture(scope="module")
def corpus() -> tuple[tuple[AgreementText, tuple[Commitment, ...]], ...]:
    return corpus_extraction()


def test_every_agreement_of_the_corpus_gives_valid_records(corpus: tuple) -> None:
    for doc, commitments in corpus:
        assert len(commitments) > 80, doc.file
        assert len({c.id for c in commitments}) == len(commitments)
        assert {c.agreement for c in commitments} == {doc.agreement.id}
        assert all(Commitment.model_validate(c.model_dump(mode="json", by_alias=True)) == c for c in commitments)
        assert sum(c.type == "pledge" for c in commitments) > 0
        assert all(c.heading for c in commitments), doc.file


def test_extraction_is_deterministic(corpus: tuple) -> None:
    doc, commitments = corpus[1]
    assert tuple(extract_agreement(doc)) == commitments


# --- golden files: whole-document extraction of real excerpts, one per text shape ---------------------

GOLDEN = Path(__file__).resolve().parent / "golden"
EXCERPTS = sorted(p for p in GOLDEN.iterdir() if p.suffix in (".md", ".txt"))


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=[p.name for p in EXCERPTS])
def test_golden_extraction(excerpt: Path) -> None:
    """Excerpts of ØA19 (markdown), ØA20 and ØA22 (PDF text); AFTALEGRAF_UPDATE_GOLDEN=1 rewrites the expected files."""
    from graph.dataset import record_json

    got = "".join(record_json(c, indent=None) + "\n" for c in extract_agreement(read_agreement(excerpt)))
    expected = excerpt.with_suffix(".jsonl")
    if os.environ.get("AFTALEGRAF_UPDATE_GOLDEN") == "1":
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


def test_a_passive_continuing_a_pledge_is_not_a_joint_unit(tmp_path: Path) -> None:
    path = tmp_path / "pledge.md"
    path.write_text(
        "# Aftale om kommunernes økonomi for 2024\n\n## 1. Indledning\n\n"
        "Regeringen vil fremsætte et lovforslag om tilsyn. Forslaget drøftes i efteråret 2023.\n\n"
        "Regeringen og KL er enige om en ny model. Modellen drøftes i efteråret 2023.\n",
        encoding="utf-8",
    )
    texts = [u.text for u in extract_agreement(read_agreement(path))]
    assert texts == [
        "Regeringen vil fremsætte et lovforslag om tilsyn.",
        "Regeringen og KL er enige om en ny model.",
        "Modellen drøftes i efteråret 2023.",
    ]


def test_a_pdf_of_a_markdown_excerpt_gives_the_same_units(tmp_path: Path) -> None:
    """The ØA19 golden excerpt (markdown, box 3 with a lead-in and items) set as a real PDF with
    fpdf2 and read back through its text layer: the same units, parties and types."""
    import re

    from fpdf import FPDF

    source = GOLDEN / "kommuner-2019-excerpt.md"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() == "---" or not line.strip():
            continue
        text = re.sub(r"^#+\s*|\*|<[^>]+>", "", line).replace("–", "-").replace("’", "'").strip()
        pdf.multi_cell(0, 5, text.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    path = tmp_path / "excerpt.pdf"
    pdf.output(str(path))

    def words(c: Commitment) -> str:
        return re.sub(r"[\W_]+", "", c.text.casefold())

    from_pdf = extract_agreement(read_agreement(path))
    from_markdown = extract_agreement(read_agreement(source))
    assert read_agreement(path).agreement.source_format == "pdf"
    assert len(from_pdf) == len(from_markdown)
    for pdf_unit, md_unit in zip(from_pdf, from_markdown, strict=True):
        # plain text cannot mark every heading (one ending in `mv.`, one longer than a line): it may join a unit
        assert words(md_unit) in words(pdf_unit)
        assert (pdf_unit.type, pdf_unit.parties, pdf_unit.action) == (md_unit.type, md_unit.parties, md_unit.action)


@pytest.mark.parametrize("workers", [None, 1, 2, 8])
def test_extract_corpus_equals_extraction_text_by_text_in_corpus_order(workers: int | None) -> None:
    texts = [doc for doc, _ in corpus_extraction()]
    told: list[str] = []
    commitments = extract_corpus(texts, workers=workers, on_agreement=lambda text: told.append(text.file))
    assert commitments == [c for _, extracted in corpus_extraction() for c in extracted]
    assert told == [text.file for text in texts]


def test_extract_corpus_of_nothing_or_one_text() -> None:
    doc, extracted = corpus_extraction()[0]
    assert extract_corpus([]) == []
    assert extract_corpus([doc], workers=4) == list(extracted)


def test_the_agreement_a_unit_names_does_not_decide_its_area(tmp_path: Path) -> None:
    """`forhandlingerne om kommunernes økonomi for 2025` dates the talk; the talk is about temporary staff."""
    path = tmp_path / "vikarer.md"
    path.write_text(
        "# Aftale om kommunernes økonomi for 2024\n\n## 5. Øvrige\n\n### Opfølgning på vikaranalyse\n\n"
        "Parterne vil derfor med udgangspunkt i resultaterne fra analysearbejdet drøfte mulige veje til at "
        "nedbringe forbruget af eksterne vikarer frem mod forhandlingerne om kommunernes økonomi for 2025.\n",
        encoding="utf-8",
    )
    (unit,) = extract_agreement(read_agreement(path))
    assert [d.norm for d in unit.deadlines] == ["ØA25"]
    assert unit.area != "okonomi"


def test_a_lead_in_pointing_at_its_list_in_a_box_passes_it_on(tmp_path: Path) -> None:
    """`… drøfte følgende konkrete temaer, jf. boks 2.`: the box holds the items; a bare pointer does not."""
    path = tmp_path / "boks.md"
    path.write_text(
        "# Aftale om kommunernes økonomi for 2024\n\n## 3. Flerårigt samarbejde\n\n"
        "Regeringen og KL er enige om i anden halvdel af 2023 at drøfte følgende konkrete temaer, *jf. boks 2*.\n\n"
        "### Boks 2\n\n#### Konkrete drøftelser\n\n##### Lokalt ansvar\n\n"
        "- Medborgerskab: Forholdet mellem det personlige ansvar og det offentlige ansvar.\n\n"
        "## Dagtilbud\n\n"
        "Regeringen og KL er enige om at sætte en fælles retning for dagtilbud, *jf. boks 3*.\n\n"
        "### Boks 3\n\n- Bedre overgange fra barn til voksen.\n",
        encoding="utf-8",
    )
    units = extract_agreement(read_agreement(path))
    item = by_start(units, "Medborgerskab")
    assert (item.type.value, item.parties, [d.norm for d in item.deadlines]) == (
        "agreement", ["Regeringen", "KL"], ["2023-07-01/2023-12-31"])
    assert not [u for u in units if u.text.startswith("Bedre overgange")]


# --- the text shape does not decide what is found -------------------------------------------------------


@pytest.mark.parametrize("width", [70, 95, 110])
@pytest.mark.parametrize("year", [2020, 2022, 2023, 2024])
def test_an_agreement_set_again_as_pdf_text_gives_the_same_units(tmp_path: Path, year: int, width: int) -> None:
    """Set again as PDF text of another line width (wrapped lines and headings, line-end hyphens,
    running headers, page breaks mid-sentence, `•` items, no `#` levels), ØA20 and ØA22 (PDF text)
    and ØA23 and ØA24 (markdown) give the same units with the same type, parties, action, deadlines,
    amounts and references. Areas may differ: markdown's italic sub-headings carry nesting. Left
    out: ØA19, whose box heading `Tiltag til styrkelse af Ankestyrelsens praksiskoordinerende
    virksomhed mv.` fills a whole line at 70 characters and then reads as text (found at 95 and 110)."""
    source = read_agreement(CORPUS / f"kommuner-{year}.txt")
    pdf = tmp_path / f"kommuner-{year}.txt"
    pdf.write_text(as_pdf(source, width=width), encoding="utf-8")

    def found(doc: AgreementText) -> dict[str, tuple[object, ...]]:
        return {
            quote_key(c.text): (
                c.type, tuple(c.parties), c.action, tuple((d.text, d.norm) for d in c.deadlines),
                tuple(a.text for a in c.amounts), tuple(r.agreement for r in c.references),
            )
            for c in extract_agreement(doc)
        }

    assert found(read_agreement(pdf)) == found(source)
