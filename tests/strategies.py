"""Hypothesis strategies: agreement-like raw text built from real lines, markup and random unicode.

Real lines come from the bundled corpus, so the strategies exercise the shapes the clean-up
must survive (page furniture, hyphenated breaks, headings, list items) as well as noise.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parents[1] / "data" / "agreements"

# What the clean-up treats specially: hyphens, list markers, markdown and HTML markup, page furniture.
SPECIAL = [
    "-", "- ", "-\n", "–", "•", "\uf0b7", "*", "**", "#", "## ", "---", "<b>", "</b>", "<sub>", "</sub>",
    "ꞏ", "\n", "\n\n", " \n", "\t", "  ", ". ", ": ", "mia. kr.", "jf. ", "bl.a. ", "ØA25", "1. ", "12",
    "Regeringen", "KL", "og", "enige om", "Aftale om kommunernes økonomi for 2024", "æ", "ø", "å", "Æ", "Ø", "Å",
]  # fmt: skip


@cache
def real_lines() -> tuple[str, ...]:
    """Every distinct non-empty line of the bundled agreements (with their trailing spaces)."""
    lines: set[str] = set()
    for path in sorted(CORPUS.glob("*.txt")):
        lines.update(line for line in path.read_text(encoding="utf-8").split("\n") if line.strip())
    return tuple(sorted(lines))


def _cut(line: str, cut: tuple[float, float]) -> str:
    a, b = sorted(int(x * len(line)) for x in cut)
    return line[a:b] if b - a > 3 else line


real_line = st.sampled_from(real_lines())
real_piece = st.builds(_cut, real_line, st.tuples(st.floats(0, 1), st.floats(0, 1)))
noise = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from("æøåÆØÅ -.,:;\n*#<>•ꞏ0123456789"),
    ),
    max_size=40,
)
fragment = st.one_of(real_line, real_line, real_piece, st.sampled_from(SPECIAL), noise)
separator = st.sampled_from(["\n", "\n", "\n\n", " \n", " ", "", "-\n", "\n \n", "\n\n\n\n"])


@st.composite
def raw_text(draw: st.DrawFn, max_fragments: int = 30) -> str:
    """An agreement-like raw text: real lines and pieces, markup and noise, joined by line breaks."""
    parts = draw(st.lists(st.tuples(fragment, separator), max_size=max_fragments))
    return "".join(text + sep for text, sep in parts)


clean_input = st.one_of(raw_text(), noise, st.text(max_size=200))
