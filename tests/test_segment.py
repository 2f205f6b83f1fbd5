"""Sentence segmentation that knows Danish abbreviations and numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.segment import split_sentences


def texts(block: str) -> list[str]:
    return [s.text for s in split_sentences(block)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Parterne er enige om at løfte rammen med 1,5 mia. kr. til styrket velfærd.",
        "Det sker bl.a. via KL og jf. Aftale om kommunernes økonomi for 2023.",
        "Udgifterne stiger med ca. 2 pct. årligt, inkl. medicin og ekskl. ældreboliger.",
        "Indsatsen gælder fx Ankestyrelsen, hhv. kommuner og regioner, ift. borgerne og ifm. ØA25.",
        "Loven træder i kraft 1. januar 2025 og evalueres i 2. halvår 2026.",
        "Bidraget er 122 kr. pr. indbygger, jf. lov nr. 5 af d. 5. maj 2020.",
        "Det omfatter f.eks. skoler, m.fl. og o.l. institutioner.",
        "Det gælder bl.a. Danske Regioner.",
        "Målet er en reduktion med 70 pct. 2030.",
        "Udgifterne udgør 75,6 mio. kr. (2019-pl) i 2020, heraf 37,0 mio. kr. fra regionerne.",
    ],
)
def test_abbreviations_and_numbers_do_not_end_a_sentence(sentence: str) -> None:
    assert texts(sentence) == [sentence]


def test_sentence_ending_in_an_abbreviation_that_can_end_one() -> None:
    block = "Rammen udgør 251,9 mia. kr. Hertil kommer reguleringer i medfør af DUT mv. Regeringen vil følge op."
    assert texts(block) == ["Rammen udgør 251,9 mia. kr.", "Hertil kommer reguleringer i medfør af DUT mv.",
                            "Regeringen vil følge op."]


def test_year_before_capital_ends_a_sentence() -> None:
    assert texts("Puljen videreføres i 2020. Parterne drøfter resultaterne i ØA25.") == [
        "Puljen videreføres i 2020.",
        "Parterne drøfter resultaterne i ØA25.",
    ]


def test_offsets_give_the_sentence_back() -> None:
    block = "Første sætning.  Anden sætning?  (Tredje.) Fjerde"
    for segment in split_sentences(block):
        assert block[segment.start : segment.end] == segment.text
    assert texts(block) == ["Første sætning.", "Anden sætning?", "(Tredje.)", "Fjerde"]


def test_colon_does_not_end_a_sentence() -> None:
    assert texts("Styrket vejledning: Ankestyrelsen vil styrke sin vejledning.") == [
        "Styrket vejledning: Ankestyrelsen vil styrke sin vejledning."
    ]


WORDS = st.sampled_from(
    ["Regeringen", "og", "KL", "er", "enige", "om", "1,5", "mia.", "kr.", "bl.a.", "jf.", "ØA25", "pct.", "i",
     "2024.", "Parterne", "vil", "fx", "mv.", "1.", "januar", "?", "(se", "boks", "2).", "–"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40))
def test_segments_are_ordered_disjoint_slices_that_cover_every_word(words: list[str]) -> None:
    block = " ".join(words)
    segments = split_sentences(block)
    position = 0
    for segment in segments:
        assert segment.start >= position and block[segment.start : segment.end] == segment.text
        assert segment.text == segment.text.strip() and segment.text
        position = segment.end
    assert "".join(s.text for s in segments).replace(" ", "") == block.replace(" ", "")
