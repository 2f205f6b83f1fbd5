"""The bundled corpus read and extracted once per test session (extraction takes seconds).

Shared by the extraction tests (test_clean, test_extract, test_dataset, test_dev_score, and the
layout check of test_link);
the values are frozen pydantic records, so sharing them cannot leak state between tests.
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path

from benchmarks.generate import as_pdf_text
from graph.clean import BlockKind, clean_document
from graph.corpus import AgreementText, read_corpus
from graph.extract import extract_agreement
from graph.models import Commitment

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "agreements"
DATASET = ROOT / "data" / "commitments"


@cache
def corpus_extraction() -> tuple[tuple[AgreementText, tuple[Commitment, ...]], ...]:
    return tuple((doc, tuple(extract_agreement(doc))) for doc in read_corpus(CORPUS))


def quote_key(text: str) -> str:
    """A text as the scorer compares quotes: case folded, only letters and digits."""
    return re.sub(r"[\W_]", "", text.casefold())


def as_pdf(text: AgreementText, width: int = 95) -> str:
    """An agreement's clean blocks set again in the PDF-text shape (`benchmarks.generate.as_pdf_text`),
    for the tests that check a result does not depend on the layout an agreement came in."""
    kinds = {BlockKind.HEADING: "heading", BlockKind.PARAGRAPH: "para", BlockKind.ITEM: "item"}
    clean = clean_document(text.raw, text.agreement.source_format)
    blocks = [(kinds[b.kind], b.text, b.level) for b in clean.blocks if b.kind in kinds]
    year = text.agreement.fiscal_year
    signed = text.agreement.signed or datetime.date(year - 1, 6, 1)  # ØA24 gives none
    return as_pdf_text(blocks, year, signed, width=width)
