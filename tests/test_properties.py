"""Properties of the text clean-up, segmentation and extraction that must hold for any input."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import clean_input, raw_text

from graph.clean import clean_document, clean_text
from graph.corpus import AgreementText
from graph.errors import AftalegrafError
from graph.extract import extract_agreement
from graph.models import Agreement, SourceFormat
from graph.segment import split_sentences

# CI: the same 200 examples per property every run (derandomized, so a red run is a real regression).
# AFTALEGRAF_PROPERTY_EXAMPLES=5000 searches harder, with fresh random examples, on a developer machine.
EXAMPLES = int(os.environ.get("AFTALEGRAF_PROPERTY_EXAMPLES", "0"))
BOUNDED = settings(
    max_examples=EXAMPLES or 200,
    derandomize=not EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
FORMATS = st.sampled_from([SourceFormat.MARKDOWN, SourceFormat.PDF_TEXT])


@BOUNDED
@given(clean_input)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@BOUNDED
@given(clean_input)
def test_clean_text_folds_whitespace(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned == cleaned.strip()
    assert not re.search(r"\s{2}|[\n\t\r]", cleaned)


@BOUNDED
@given(raw_text(), FORMATS)
def test_every_clean_character_maps_back_to_the_raw_file(raw: str, fmt: SourceFormat) -> None:
    """Offsets are in the file, increase within a block, and point at the very character (spaces aside)."""
    for block in clean_document(raw, fmt).blocks:
        assert len(block.offsets) == len(block.text)
        assert all(0 <= o < len(raw) for o in block.offsets) or block.text == ""
        assert all(a < b for a, b in zip(block.offsets, block.offsets[1:], strict=False))
        for char, offset in zip(block.text, block.offsets, strict=True):
            if not char.isspace():
                assert raw[offset] == char


@BOUNDED
@given(raw_text(), FORMATS)
def test_segments_cover_their_block_without_loss(raw: str, fmt: SourceFormat) -> None:
    for block in clean_document(raw, fmt).blocks:
        segments = split_sentences(block.text)
        for segment in segments:
            assert block.text[segment.start : segment.end] == segment.text
        assert all(a.end <= b.start for a, b in zip(segments, segments[1:], strict=False))
        assert "".join(s.text for s in segments).replace(" ", "") == block.text.replace(" ", "")


@BOUNDED
@given(raw_text(max_fragments=60), FORMATS)
def test_no_input_makes_extraction_crash(raw: str, fmt: SourceFormat) -> None:
    """Whatever the text, extraction returns valid records whose offsets lie inside the file."""
    doc = AgreementText(
        raw=raw,
        file="fuzz.txt",
        agreement=Agreement(id="ØA24", fiscal_year=2024, title="Aftale om kommunernes økonomi for 2024",
                            in_corpus=True, file="fuzz.txt", source_format=fmt),  # fmt: skip
    )
    try:
        commitments = extract_agreement(doc)
    except AftalegrafError:
        return  # a clear domain error is an allowed answer; a traceback is not
    for commitment in commitments:
        assert 0 <= commitment.source.start < commitment.source.end <= len(raw)
        assert commitment.text.strip()
