"""Clean-up as spec/commitments.md prescribes, and the offset map back to the raw file."""

from __future__ import annotations

import re
import sys

import pytest
from _extraction import CORPUS, corpus_extraction
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.clean import (
    HTML_TAG,
    BlockKind,
    Chars,
    Context,
    Line,
    clean_document,
    clean_fragment,
    clean_span,
    fold,
    line_chars,
    make_context,
)
from graph.models import SourceFormat

PDF = SourceFormat.PDF_TEXT
MD = SourceFormat.MARKDOWN


def clean(raw: str, source_format: SourceFormat = PDF) -> str:
    return clean_document(raw, source_format).text


# --- hyphenation --------------------------------------------------------------------------------------


def test_line_end_hyphen_is_joined() -> None:
    assert "kan frigive 0,5 mia. kr." in clean("Parterne er enige om, at kommunerne kan fri-\ngive 0,5 mia. kr.\n")


def test_hyphen_before_og_eller_samt_til_is_kept_with_its_space() -> None:
    text = clean("Det gælder social-\nog sundhedsområdet, kommune-\neller regionsniveau og stats-\nsamt kommunesiden.\n")
    assert "social- og sundhedsområdet" in text
    assert "kommune- eller regionsniveau" in text
    assert "stats- samt kommunesiden" in text


def test_hyphen_after_digit_or_abbreviation_is_kept() -> None:
    text = clean("Der udarbejdes en 10-\nårsplan for COVID-\n19 og en ny DUT-\nvejledning.\n")
    assert "10-årsplan" in text
    assert "COVID-19" in text
    assert "DUT-vejledning" in text


def test_hyphen_kept_where_the_hyphenated_form_occurs_elsewhere() -> None:
    raw = "Kommunernes it-drift skal styrkes.\nDet gælder også den fælles it-\ndrift og den lokale drift-\nsikkerhed.\n"
    text = clean(raw)
    assert "fælles it-drift" in text
    assert "driftsikkerhed" in text


def test_flattened_break_with_space_is_joined_but_suspended_compound_kept() -> None:
    text = clean_fragment("Aftalen be- træder nye veje på social- og sundhedsområdet.", Context())
    assert text == "Aftalen betræder nye veje på social- og sundhedsområdet."


def test_markdown_page_break_inside_a_word_is_joined() -> None:
    raw = "# Aftale om kommunernes økonomi for 2019\n\nRegeringen og KL er enige om at arbejde for at un-\n\n\n\nderstøtte den kommunale ungeindsats.\n"
    assert "arbejde for at understøtte den kommunale ungeindsats." in clean(raw, MD)


# --- furniture and markup -----------------------------------------------------------------------------


def test_page_furniture_is_dropped() -> None:
    raw = (
        "Regeringen og KL er enige om at følge udviklingen i \n \n"
        "Aftale om kommunernes økonomi for 2020 ꞏ September 2019 \n \n12 \n"
        "kommunernes udgifter tæt. \n \nRegeringen \n\nKL \n"
    )
    assert clean(raw) == "Regeringen og KL er enige om at følge udviklingen i kommunernes udgifter tæt."


def test_markdown_and_html_markup_is_removed() -> None:
    raw = (
        "# Aftale om kommunernes økonomi for 2023\n\n---\n\n## 7. Grøn omstilling\n\n"
        "Parterne er enige om at nedbringe **CO<sub>2</sub>-udledningen**, *jf. boks 2*.\n"
    )
    doc = clean_document(raw, MD)
    assert [b.text for b in doc.blocks] == [
        "7. Grøn omstilling",
        "Parterne er enige om at nedbringe CO2-udledningen, jf. boks 2.",
    ]


def test_tab_separated_table_is_its_own_block_not_text() -> None:
    raw = "Intro.\n\n**Tabel 1**\n\nMio. kr.\tAftale\n<b>Serviceudgifter</b>\t251.934\n\nNæste afsnit.\n"
    kinds = [(b.kind, b.text) for b in clean_document(raw, MD).blocks]
    assert (BlockKind.PARAGRAPH, "Næste afsnit.") in kinds
    assert any(kind == BlockKind.TABLE and "Serviceudgifter 251.934" in text for kind, text in kinds)


def test_a_tables_bold_title_is_part_of_the_table_not_a_heading_over_the_text_after_it() -> None:
    raw = (
        "## 2. Kommunernes økonomiske rammer\n\nParterne er enige om rammen.\n\n**Tabel 1**  \n"
        "**Balance for kommunerne i 2024**\n\nMia. kr., 2024-pl\n\n<b>Serviceudgifter, netto</b>\t<b>304,8</b>\n\n"
        "Det er desuden aftalt, at kommunerne sikres de nødvendige ressourcer.\n"
    )
    blocks = clean_document(raw, MD).blocks
    after = next(b for b in blocks if b.text.startswith("Det er desuden aftalt"))
    assert after.heading == ("2. Kommunernes økonomiske rammer",)
    assert not [b for b in blocks if b.kind == BlockKind.HEADING and "Balance" in b.text]


def test_whitespace_folded_and_pdf_lines_rejoined_into_paragraphs() -> None:
    raw = "Første linje   af \n\nen sætning. \n\n \n\nNy  paragraf \n\nher. \n"
    doc = clean_document(raw, PDF)
    assert [b.text for b in doc.blocks] == ["Første linje af en sætning.", "Ny paragraf her."]


def test_pdf_items_whose_bullets_were_dropped_start_at_their_indent_even_after_a_page_break() -> None:
    raw = (
        "Parterne er derfor enige om, at: \n\n"
        " Der arbejdes for at udvikle modellen for \n\nklimaaftrykket. \n\n"
        " De private leverandører understøttes i at levere \n\ngrønne løsninger.  \n"
        "  Undersøge muligheden for at udbrede miljømærker. \n\n"
        "Det offentlige køber ind for mange milliarder. \n"
    )
    items = [b.text for b in clean_document(raw, PDF).blocks if b.kind == BlockKind.ITEM]
    assert items == [
        "Der arbejdes for at udvikle modellen for klimaaftrykket.",
        "De private leverandører understøttes i at levere grønne løsninger.",
        "Undersøge muligheden for at udbrede miljømærker.",
    ]


# --- headings -------------------------------------------------------------------------------------------


def test_headings_of_the_pdf_shape_give_paths() -> None:
    raw = (
        "2. Kommunernes økonomiske rammer for 2020 \n\n"
        "Det kommunale udgiftsloft er udgangspunktet. \n \n"
        "Regelforenklinger \nForenkling af regler rummer et potentiale. \n \n"
        " Boks 1 \n\nØvrige økonomiske forudsætninger \n\nBidrag til regionerne \n\n"
        "Udgangspunktet var 135 kr. pr. indbygger. \n"
    )
    blocks = [b for b in clean_document(raw, PDF).blocks if b.kind == BlockKind.PARAGRAPH]
    assert blocks[0].heading == ("2. Kommunernes økonomiske rammer for 2020",)
    assert blocks[1].heading == ("2. Kommunernes økonomiske rammer for 2020", "Regelforenklinger")
    assert blocks[2].heading[-2:] == ("Boks 1", "Bidrag til regionerne")


def test_headings_of_the_markdown_shape_give_paths() -> None:
    raw = (
        "# Aftale om kommunernes økonomi for 2019\n\n## 3. Borgeren først\n\n"
        "#### *Frikommuneforsøg*\n\nRegeringen og KL er enige.\n\n"
        "**Boks 1****Øvrige forudsætninger****Bidrag til regionerne**\n\nUdgangspunktet var 133 kr.\n\n"
        "## Bilag 1. Programmet\n\nTekst.\n"
    )
    paragraphs = [b for b in clean_document(raw, MD).blocks if b.kind == BlockKind.PARAGRAPH]
    assert paragraphs[0].heading == ("3. Borgeren først", "Frikommuneforsøg")
    assert paragraphs[1].heading == ("3. Borgeren først", "Boks 1", "Bidrag til regionerne")
    assert paragraphs[2].heading == ("Bilag 1. Programmet",)


def test_an_italic_markdown_heading_deeper_than_the_one_before_is_its_sub_section() -> None:
    raw = (
        "# Aftale om kommunernes økonomi for 2024\n\n## 5. Øvrige\n\n## Digitalisering\n\nTekst.\n\n"
        "### *Fremtidssikring af det digitale fundament*\n\nRegeringen og KL er enige.\n\n"
        "#### *Sammenhæng på tværs i sundhedsvæsenet*\n\nParterne er enige om et løft.\n\n"
        "#### *Cybersikkerhed*\n\nRegeringen og KL er enige om at drøfte det.\n\n"
        "#### **Regionale trafikselskaber**\n\nParterne er enige om en dispensation.\n"
    )
    paragraphs = [b for b in clean_document(raw, MD).blocks if b.kind == BlockKind.PARAGRAPH]
    fundament = "Fremtidssikring af det digitale fundament"
    assert paragraphs[1].heading == ("5. Øvrige", "Digitalisering", fundament)
    assert paragraphs[2].heading == ("5. Øvrige", "Digitalisering", fundament, "Sammenhæng på tværs i sundhedsvæsenet")
    assert paragraphs[3].heading == ("5. Øvrige", "Digitalisering", fundament, "Cybersikkerhed")  # a sibling
    # a bold heading keeps the level its meaning gives: the chapter's next section, whatever its `#` count
    assert paragraphs[4].heading == ("5. Øvrige", "Regionale trafikselskaber")


def test_a_markdown_box_of_items_ends_at_the_first_paragraph_after_them() -> None:
    raw = (
        "## Bilag 1. Programmet\n\n### *Realisering af målsætningen*\n\nRegeringen og KL er enige.\n\n"
        "### **Boks 3**\n\n#### **Initiativer til bedre indkøb**\n\n##### **Effektivt indkøb**\n\n"
        "- Parterne er enige om at fortsætte.\n\n"
        "Regeringen og KL er enige om at samarbejde om initiativer, der kan frigøre 1 mia. kr.\n"
    )
    blocks = [b for b in clean_document(raw, MD).blocks if b.kind != BlockKind.HEADING]
    assert blocks[1].heading[-1] == "Effektivt indkøb"  # the item is the box's
    assert blocks[2].heading == ("Bilag 1. Programmet", "Realisering af målsætningen")  # the text goes on


def test_a_paragraph_between_a_markdown_box_s_items_stays_in_the_box() -> None:
    raw = (
        "## 7. En helhedsorienteret indsats\n\n### Boks 4\n\n#### Pejlemærker\n\n"
        "- *Sammenhængende indsats.* Mange kommuner arbejder med det.\n\n"
        "Regeringen og KL er enige om, at lovforslaget er et første vigtigt skridt.\n\n"
        "- *En forenklet kontakt.* Borgerne får én indgang.\n\n"
        "Regeringen og KL er enige om at drøfte gode erfaringer.\n\n## 8. Vækst\n"
    )
    paragraphs = [b for b in clean_document(raw, MD).blocks if b.kind == BlockKind.PARAGRAPH]
    assert paragraphs[0].heading == ("7. En helhedsorienteret indsats", "Boks 4", "Pejlemærker")
    assert paragraphs[1].heading == ("7. En helhedsorienteret indsats",)  # after the last item


def test_a_markdown_box_keeps_paragraphs_under_its_own_headings() -> None:
    raw = (
        "## 4. Nye tiltag\n\n### Boks 3\n\n#### Initiativer som opfølgning\n\n##### Udvidelse af kapaciteten\n\n"
        "Regeringen og KL vil drøfte modellen.\n\n"
        "#### Indførelse af beløbsgrænse\n\nRegeringen og KL er enige om en beløbsgrænse.\n"
    )
    paragraphs = [b for b in clean_document(raw, MD).blocks if b.kind == BlockKind.PARAGRAPH]
    assert paragraphs[0].heading == ("4. Nye tiltag", "Boks 3", "Udvidelse af kapaciteten")
    # a heading as high as the box's title is a section of the text around the box
    assert paragraphs[1].heading == ("4. Nye tiltag", "Indførelse af beløbsgrænse")


@pytest.mark.parametrize("year", [2020, 2022])
def test_pdf_agreements_find_their_numbered_chapters(year: int) -> None:
    raw = (CORPUS / f"kommuner-{year}.txt").read_text(encoding="utf-8")
    headings = [b.text for b in clean_document(raw, PDF).blocks if b.kind == BlockKind.HEADING and b.level == 1]
    assert headings[:2] == ["1. Indledning", f"2. Kommunernes økonomiske rammer for {year}"]
    assert any(h.startswith("Bilag 1") for h in headings)


# --- the offset map -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_units() -> list[tuple[str, str, Context, int, int, str]]:
    units = []
    for doc, commitments in corpus_extraction():
        context = make_context(doc.raw, doc.agreement.source_format)
        for commitment in commitments:
            units.append((doc.file, doc.raw, context, commitment.source.start, commitment.source.end, commitment.text))
    return units


def test_every_unit_of_the_corpus_is_its_cleaned_raw_slice(corpus_units: list) -> None:
    files = {unit[0] for unit in corpus_units}
    assert len(files) == 5 and len(corpus_units) > 500
    wrong = [
        (file, start, text[:60])
        for file, raw, context, start, end, text in corpus_units
        if clean_span(raw, start, end, context) != text
    ]
    assert wrong == []


def test_block_offsets_point_at_the_same_characters_in_the_raw_file() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        source_format = MD if path.name.endswith(("2019.txt", "2023.txt", "2024.txt")) else PDF
        for block in clean_document(raw, source_format).blocks:
            for char, offset in zip(block.text, block.offsets, strict=True):
                assert char == " " or raw[offset] == char, (path.name, block.text[:40])


LINE = st.text(alphabet="abcæøå ABCÆØÅ-.,:*#\t12", min_size=0, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(LINE, max_size=12), st.sampled_from([MD, PDF]))
def test_cleaning_is_idempotent_and_offsets_stay_in_the_source(lines: list[str], source_format: SourceFormat) -> None:
    raw = "\n".join(lines)
    doc = clean_document(raw, source_format)
    for block in doc.blocks:
        assert len(block.offsets) == len(block.text)
        assert all(0 <= offset <= len(raw) for offset in block.offsets)
        assert all(char == " " or raw[offset] == char for char, offset in zip(block.text, block.offsets, strict=True))
        once = clean_fragment(block.text, doc.context)
        assert clean_fragment(once, doc.context) == once


def test_a_bold_sentence_is_text_not_a_heading() -> None:
    raw = "# Aftale om kommunernes økonomi for 2025\n\n**Boks 2**\n\n**Parterne er enige om at følge op på analysen.**\n"
    blocks = [(b.kind, b.text) for b in clean_document(raw, MD).blocks]
    assert blocks == [(BlockKind.HEADING, "Boks 2"), (BlockKind.PARAGRAPH, "Parterne er enige om at følge op på analysen.")]


def test_pdf_heading_broken_across_two_lines_is_one_heading() -> None:
    raw = (
        "Parterne er enige om at styrke indsatsen. \n\n"
        "Sammenhæng i indsatsen for borgere med psykisk sygdom og samti-\ndigt misbrug \n"
        "Mennesker med psykiske lidelser skal have en sammenhængende indsats. \n \n"
        " Bilag 1. Bedre viden om \nvelfærd  \nRessourcerne skal prioriteres. \n"
    )
    blocks = [(b.kind, b.text, b.heading) for b in clean_document(raw, PDF).blocks]
    assert (BlockKind.HEADING, "Sammenhæng i indsatsen for borgere med psykisk sygdom og samtidigt misbrug", ()) in blocks
    assert blocks[-1] == (BlockKind.PARAGRAPH, "Ressourcerne skal prioriteres.", ("Bilag 1. Bedre viden om velfærd",))


def test_a_pdf_heading_as_long_as_most_of_a_line_is_a_heading() -> None:
    """A box title of 84 characters fits one PDF line; standing alone after a paragraph's end it is a heading."""
    title = "Konkrete drøftelser i det politiske partnerskab med fokus på den borgernære velfærd"
    raw = (
        "Regeringen og KL er enige om at drøfte følgende konkrete temaer, jf. boks 2. \n \n"
        f"Boks 2 \n\n{title} \n\n• Medborgerskab: Forholdet mellem det personlige og det offentlige ansvar. \n"
    )
    blocks = [(b.kind, b.text) for b in clean_document(raw, PDF).blocks]
    assert (BlockKind.HEADING, title) in blocks
    assert blocks[-1][0] == BlockKind.ITEM


# --- the run-based clean-up equals the character-by-character reading ----------------------------------


def test_regex_whitespace_is_str_isspace() -> None:
    """`line_chars` and `fold` find whitespace with `\\s`; the offsets stay right only if it is `isspace`."""
    space = re.compile(r"\s")
    assert all(bool(space.match(chr(c))) == chr(c).isspace() for c in range(sys.maxunicode + 1))


def _chars_one_by_one(line: Line) -> Chars:
    """The plain reading of `line_chars(line, strip_item=False)`: every character outside a tag but `*`."""
    dropped = {i for tag in HTML_TAG.finditer(line.text) for i in range(tag.start(), tag.end())}
    chars = Chars()
    for i, char in enumerate(line.text):
        if i not in dropped and char not in "*\uf0b7":
            chars.add(" " if char.isspace() else char, line.start + i)
    return chars


def _fold_one_by_one(chars: Chars) -> Chars:
    """The plain reading of `fold` before flattened breaks: whitespace runs to one space, trimmed."""
    out = Chars()
    for char, offset in zip(chars.text, chars.offsets, strict=True):
        if not char.isspace():
            out.add(char, offset)
        elif out.text and out.text[-1] != " ":
            out.add(" ", offset)
    while out.text and out.text[-1] == " ":
        out.text.pop()
        out.offsets.pop()
    return out


MARKUP_PIECES = ["ab", "Æ", "-", " ", "  ", "*", "**", "<i>", "</b>", "<br/>", "<", ">", "\t", "\u00a0", "\u2003", "\uf0b7"]
MARKUP_TEXT = st.lists(st.sampled_from(MARKUP_PIECES), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKUP_TEXT, st.integers(0, 1000))
def test_line_chars_and_fold_equal_the_character_by_character_reading(text: str, start: int) -> None:
    line = Line(start, text)
    chars = line_chars(line, strip_item=False)
    expected = _chars_one_by_one(line)
    assert (chars.text, chars.offsets) == (expected.text, expected.offsets)
    folded, plain = fold(chars, Context()), _fold_one_by_one(chars)
    if "- " not in plain.string():  # no flattened break to mend: folding is all that happens
        assert (folded.text, folded.offsets) == (plain.text, plain.offsets)


def test_a_soft_hyphen_joins_the_broken_word_wherever_it_stands() -> None:
    """PDF extraction may leave U+00AD where a word was broken: at a line end, inside the word, or
    before the space of a flattened break. It is never a hyphen of the word."""
    raw = "Regeringen og KL er enige om at fri\u00ad\ngive 0,5 mia. kr. og at igang\u00adsætte en fri\u00ad give-analyse. \n"
    doc = clean_document(raw, PDF)
    (block,) = doc.blocks
    assert block.text == "Regeringen og KL er enige om at frigive 0,5 mia. kr. og at igangsætte en frigive-analyse."
    assert all(char == " " or raw[offset] == char for char, offset in zip(block.text, block.offsets, strict=True))
    assert clean_span(raw, 0, len(raw), doc.context) == block.text


PAGE_TURN = "\n \n\nAftale om kommunernes økonomi for 2020 ꞏ Juni 2019 \n \n17 \n\n"


def test_a_sentence_goes_on_after_a_page_turn_even_with_a_name() -> None:
    raw = (
        "Regeringen og KL er enige om at videreudvikle myndighedssamarbejdet" + PAGE_TURN
        + "International Citizen Services. Regeringen og KL drøfter derfor samarbejdet. \n \n"
        "Regeringen, KL og Danske Regioner er enige om at forlænge finansieringen af Den" + PAGE_TURN
        + "Sociale Investeringsfonds sekretariat til og med 2026. \n"
    )
    texts = [b.text for b in clean_document(raw, PDF).blocks]
    assert texts == [
        "Regeringen og KL er enige om at videreudvikle myndighedssamarbejdet International Citizen Services. "
        "Regeringen og KL drøfter derfor samarbejdet.",
        "Regeringen, KL og Danske Regioner er enige om at forlænge finansieringen af Den Sociale "
        "Investeringsfonds sekretariat til og med 2026.",
    ]


def test_a_line_with_a_commitment_marker_is_never_a_pdf_heading() -> None:
    raw = (
        "Tekst før. \n\nIt-system til beregning af ejendomsskat \n\n"
        "Regeringen og KL er enige om, at Skatteministeriet overtager kommunernes it-system \n"
        "E&E (Ejendomsskat og Ejendomsbidrag). Der er enighed om konsekvenserne heraf. \n"
    )
    blocks = [(b.kind, b.text) for b in clean_document(raw, PDF).blocks]
    assert blocks[1] == (BlockKind.HEADING, "It-system til beregning af ejendomsskat")
    assert blocks[2][0] == BlockKind.PARAGRAPH and blocks[2][1].startswith("Regeringen og KL er enige om, at")


def test_a_pdf_heading_wrapped_from_a_full_line_is_one_heading() -> None:
    """In an 80-character layout the box title fills its first line before it wraps."""
    filler = "Kommunerne har i de seneste år arbejdet med at styrke kvaliteten i velfærden \n" * 24
    raw = (
        filler + "Regeringen og KL er enige om at drøfte følgende konkrete temaer, jf. boks 2. \n \nBoks 2 \n\n"
        "Konkrete drøftelser i det politiske partnerskab med fokus på den borgernære \nvelfærd \n\n"
        "Lokalt ansvar og medborgerskab \n\n• Medborgerskab: Forholdet mellem ansvarene. \n"
    )
    headings = [b.text for b in clean_document(raw, PDF).blocks if b.kind == BlockKind.HEADING]
    assert "Konkrete drøftelser i det politiske partnerskab med fokus på den borgernære velfærd" in headings


def test_a_pdf_heading_may_end_in_mv_but_a_line_ending_in_a_conjunction_runs_on() -> None:
    raw = (
        "Teksten før slutter her. \n\nTiltag til styrkelse af Ankestyrelsens praksiskoordinerende virksomhed mv. \n\n"
        "• Data om årsager til omgørelse: Ny registrering i Ankestyrelsen. \n"
        "KL vil i efteråret 2021 med inddragelse af Social- og \nÆldreministeriet udarbejde et forslag. \n"
    )
    blocks = [(b.kind, b.text) for b in clean_document(raw, PDF).blocks]
    assert (BlockKind.HEADING, "Tiltag til styrkelse af Ankestyrelsens praksiskoordinerende virksomhed mv.") in blocks
    assert not any(kind == BlockKind.HEADING and text.startswith("KL vil") for kind, text in blocks)


def test_an_abbreviation_at_a_page_end_does_not_end_the_paragraph() -> None:
    raw = "Kommunerne nedbringer konsulentforbruget med i alt 1,25 mia." + PAGE_TURN + "kr. Målet er velfærd. \n"
    (block,) = clean_document(raw, PDF).blocks
    assert block.text == "Kommunerne nedbringer konsulentforbruget med i alt 1,25 mia. kr. Målet er velfærd."


def test_markdown_plus_bullets_are_items_but_a_plus_in_pdf_text_is_a_sign() -> None:
    raw = "# Aftale om kommunernes økonomi for 2022\n\nRegeringen og KL er enige om:\n\n+ at styrke indsatsen\n\n+ at følge op\n"
    items = [b.text for b in clean_document(raw, MD).blocks if b.kind == BlockKind.ITEM]
    assert items == ["at styrke indsatsen", "at følge op"]
    pdf = "Servicerammen ændres således: \n+ 2,2 mia. kr. i alt til velfærd \n"
    assert not [b for b in clean_document(pdf, PDF).blocks if b.kind == BlockKind.ITEM]
