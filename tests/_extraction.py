"""The bundled corpus read and extracted once per test session (extraction takes seconds).

Shared by the extraction tests (test_clean, test_extract, test_dataset, test_dev_score);
the values are frozen pydantic records, so sharing them cannot leak state between tests.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graph.corpus import AgreementText, read_corpus
from graph.extract import extract_agreement
from graph.models import Commitment

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "agreements"
DATASET = ROOT / "data" / "commitments"


@cache
def corpus_extraction() -> tuple[tuple[AgreementText, tuple[Commitment, ...]], ...]:
    return tuple((doc, tuple(extract_agreement(doc))) for doc in read_corpus(CORPUS))
