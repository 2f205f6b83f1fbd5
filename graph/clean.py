"""Text clean-up as the annotation guide prescribes, keeping an offset map back to the raw file.

An agreement arrives as markdown-converted or PDF-extracted text. Both are cut into
lines, each line is classified (page furniture, rule, heading, table row, list item,
text), markup is removed character by character and lines are re-joined into
blocks (paragraphs, list items, headings). Every clean character remembers the raw
offset it came from, so a unit found in the clean text can be cited in the raw file.

`clean_span` cleans any raw slice with the same line rules; for every unit the
extractor finds, `clean_span(raw, start, end, context)` equals the unit's text (a test
checks this on all units of the corpus).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from graph.models import SourceFormat

# --- line classification ----------------------------------------------------------------------------

RULE = re.compile(r"^\s*(-{3,}|\*{3,}|_{3,})\s*$")
PAGE_NUMBER = re.compile(r"^\s*((side|s\.)\s*)?\d{1,3}(\s*(af|/)\s*\d{1,3})?\s*$", re.I)
RUNNING_HEADER = re.compile(r"^\s*(#+\s*)?Aftale\s+om\s+kommunernes(\s+økonomi\s+for\s+\d{4})?\s*(ꞏ.*)?$", re.I)
TITLE_TAIL = re.compile(r"^\s*økonomi\s+for\s+\d{4}\s*$", re.I)
SIGNATURE = re.compile(r"^\s*(Regeringen|KL|Danske Regioner)(\s+(KL|Regeringen|Danske Regioner))*\s*$")
STRAY_LETTER = re.compile(r"^\s*[A-Za-z]\s*$")
DATE_LINE = re.compile(
    r"^\s*\d{1,2}\.\s*(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)"
    r"\s+\d{4}\s*$",
    re.I,
)
MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
BOLD_ONLY = re.compile(r"^\s*(\*\*[^*\n]+\*\*\s*)+$")
NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2}(\.\d{1,2})*)\.?\s+[A-ZÆØÅ]")
BOX_HEADING = re.compile(r"^\s*(Boks|Bilag)\s+\d+\b")
BOX_LABEL = re.compile(r"^Boks\s+\d+")  # a cleaned heading that opens a box
TABLE_CAPTION = re.compile(r"^\s*(\*\*)?(Tabel|Figur)\s+\d+(?!\d)")
ENDS_WITH_NUMBER = re.compile(r"-?\d[\d.,]*\s*$")
YEAR_END = re.compile(r"\b(19|20)\d{2}\s*$")
# A list item: dash, bullet (incl. the private-use bullet of PDF extraction), `a)` or `1)`.
ITEM = re.compile(r"^(\s*)([-•–▪●\uf0b7]|\*(?=\s)|[a-zæøå]\)|\d{1,2}\))\s+")
NUMBERED_ITEM = re.compile(r"^(\s*)(\d{1,2}\.)\s+(?=\S)")
PLUS_ITEM = re.compile(r"^(\s*)\+\s+(?=\S)")  # markdown's third bullet; in PDF text a `+` is a sign
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
MARKUP_CHARS = {"*"}
BULLETS = "\uf0b7"
KEPT_RUN = re.compile(r"[^*\uf0b7]+")  # a run of characters that are neither MARKUP_CHARS nor BULLETS
# `\s` is exactly `str.isspace` (both are Py_UNICODE_ISSPACE; tests/test_clean.py checks every code point).
WHITESPACE = re.compile(r"\s")
# Whitespace `fold` must change: leading or trailing, a run of two or more, or other than a space.
ODD_WHITESPACE = re.compile(r"^\s+|\s+\Z|\s{2,}|[^\S ]")

SOFT_HYPHEN = "\u00ad"  # PDF extraction leaves it where a word was broken across lines
SOFT_BREAK = re.compile("\u00ad\\s*")
SENTENCE_MARKER = re.compile(r"\benig(?:e|hed)\b", re.IGNORECASE)  # `er enige om`, `Der er enighed`: never a heading
HEADING_ABBREVIATION = re.compile(r"(?<![\w.])(?:mv|m\.v|m\.fl|mfl|osv)\.$")  # may end a heading
# words that never end a sentence: a line ending in one runs on, whatever the next line starts with
BOUND_WORDS = frozenset(
    "af den det de en et med og eller samt til i på for at om fra ved mellem mod hos under efter end som både".split()
)
SUSPENDED = {"og", "eller", "samt", "til"}  # `social- og sundhedsområdet`: the hyphen belongs to the word
TERMINAL = ".!?:;"


class LineKind(StrEnum):
    EMPTY = "empty"  # nothing at all on the line
    BREAK = "break"  # only spaces: a paragraph break in PDF-extracted text
    FURNITURE = "furniture"
    RULE = "rule"
    HEADING = "heading"
    HEADING_CONT = "heading-cont"  # the second line of a PDF heading broken across two lines
    TABLE = "table"
    ITEM = "item"
    TEXT = "text"


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    TABLE = "table"


@dataclass(frozen=True)
class Context:
    """What the line rules need to know of the whole document."""

    source_format: SourceFormat = SourceFormat.MARKDOWN
    hyphen_forms: frozenset[str] = frozenset()
    empty_lines_are_noise: bool = False
    typical_line: int = 95  # median length of a wrapped text line: PDF headings are clearly shorter


@dataclass
class Chars:
    """A clean string under construction and the raw offset of every character."""

    text: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)

    def add(self, char: str, offset: int) -> None:
        self.text.append(char)
        self.offsets.append(offset)

    def extend(self, other: Chars) -> None:
        self.text.extend(other.text)
        self.offsets.extend(other.offsets)

    def string(self) -> str:
        return "".join(self.text)


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, list item or table of the clean document."""

    kind: BlockKind
    text: str
    offsets: tuple[int, ...]  # raw offset of every character of `text`
    heading: tuple[str, ...]  # path of headings above (for a heading: its parents)
    level: int = 0  # for headings: 1 chapter/bilag, 2 section/box, 3 inside a box

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of the clean slice `text[start:end]`."""
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class CleanDocument:
    blocks: tuple[Block, ...]
    context: Context

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class Line:
    start: int  # raw offset of the first character
    text: str  # without the line break


def split_lines(raw: str, base: int = 0) -> list[Line]:
    lines = []
    position = 0
    for piece in re.split(r"(\r\n|\n|\r|\f)", raw):
        if piece in ("\r\n", "\n", "\r", "\f"):
            position += len(piece)
            continue
        lines.append(Line(base + position, piece))
        position += len(piece)
    return lines


def is_furniture(text: str) -> bool:
    """Page furniture: running headers, the title, lone page numbers, signature lines, stray letters."""
    return bool(
        PAGE_NUMBER.match(text)
        or RUNNING_HEADER.match(text)
        or TITLE_TAIL.match(text)
        or SIGNATURE.match(text)
        or STRAY_LETTER.match(text)
        or DATE_LINE.match(text)
    )


def basic_kind(text: str) -> LineKind:
    """The context-free part of line classification, shared by documents and fragments."""
    if SOFT_HYPHEN in text:  # it prints as nothing, so it tells nothing about the line
        text = text.replace(SOFT_HYPHEN, "")
    if text == "":
        return LineKind.EMPTY
    if not text.strip():
        return LineKind.BREAK
    if RULE.match(text):
        return LineKind.RULE
    if is_furniture(text):
        return LineKind.FURNITURE
    if "\t" in text:
        return LineKind.TABLE
    return LineKind.TEXT


# --- characters within a line -----------------------------------------------------------------------


def line_chars(line: Line, *, strip_item: bool, strip_heading: bool = False) -> Chars:
    """The words of one line without markup: heading hashes, list markers, HTML tags, `*`.

    Built from the runs of kept characters, not character by character: this was the hottest
    loop of the clean-up (a third of extraction).
    """
    text = line.text
    start = 0
    heading = MD_HEADING.match(text) if strip_heading else None
    if heading:
        start = heading.end()
    elif strip_item:
        item = ITEM.match(text) or NUMBERED_ITEM.match(text) or PLUS_ITEM.match(text)
        if item:
            start = item.end()
    # the spans outside HTML tags, from `start` on (a tag is matched on the whole line, as it stands)
    spans: list[tuple[int, int]] = []
    position = start
    if "<" in text:
        for tag in HTML_TAG.finditer(text):
            if tag.start() > position:
                spans.append((position, tag.start()))
            position = max(position, tag.end())
    if position < len(text):
        spans.append((position, len(text)))
    pieces: list[str] = []
    offsets: list[int] = []
    for first, last in spans:
        for run in KEPT_RUN.finditer(text, first, last):
            pieces.append(run.group())
            offsets.extend(range(line.start + run.start(), line.start + run.end()))
    return Chars(list(WHITESPACE.sub(" ", "".join(pieces))), offsets)


def _word_before(chars: Sequence[str], end: int) -> int:
    """Start of the run of word characters (`\\w`: alphanumeric or `_`) that ends at `end`."""
    start = end
    while start > 0 and (chars[start - 1].isalnum() or chars[start - 1] == "_"):
        start -= 1
    return start


def _last_word(chars: Chars) -> str:
    """The word before a final hyphen (`fri-`), read from the tail: `join` calls this once per line,
    and reading the whole paragraph each time made long paragraphs quadratic."""
    text = chars.text
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    if end < 2 or text[end - 1] != "-":
        return ""
    return "".join(text[_word_before(text, end - 1) : end - 1])


def _first_word(chars: Chars) -> str:
    """The word (`\\s*(\\w+)`) a line starts with, read from its head only."""
    text = chars.text
    size = len(text)
    start = 0
    while start < size and text[start].isspace():
        start += 1
    end = start
    while end < size and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return "".join(text[start:end])


def _keep_hyphen(before: str, after: str, context: Context) -> bool:
    """A line-end hyphen that belongs to the word (`COVID-19`, `DUT-vejledningen`, `it-drift`)."""
    if not after:
        return True
    if before[-1:].isdigit() or after[:1].isdigit() or after[:1].isupper():
        return True
    if len(before) >= 2 and before.isupper():
        return True
    return f"{before}-{after}".casefold() in context.hyphen_forms


def join(left: Chars, right: Chars, context: Context) -> Chars:
    """Join two consecutive lines: a word broken at the line end is mended, otherwise a space."""
    while left.text and left.text[-1].isspace():
        left.text.pop()
        left.offsets.pop()
    lead = 0
    while lead < len(right.text) and right.text[lead].isspace():
        lead += 1
    rest = Chars(right.text[lead:], right.offsets[lead:])
    if not left.text:
        return rest
    if not rest.text:
        return left
    if left.text[-1] == SOFT_HYPHEN:  # a soft hyphen marks where the word was broken, never a hyphen of its own
        left.text.pop()
        left.offsets.pop()
        left.extend(rest)
        return left
    before, after = _last_word(left), _first_word(rest)
    if before and left.text[-1] == "-":
        if after.casefold() in SUSPENDED:
            left.add(" ", left.offsets[-1] + 1)
        elif not _keep_hyphen(before, after, context):
            left.text.pop()
            left.offsets.pop()
        left.extend(rest)
        return left
    left.add(" ", left.offsets[-1] + 1)
    left.extend(rest)
    return left


FLAT_BREAK = re.compile(r"(?<=[a-zæøå])- (?=([a-zæøå]+))")


def fold(chars: Chars, context: Context) -> Chars:
    """Fold whitespace to single spaces, trim, and mend flattened breaks (`be- træder`).

    Copies the text between the whitespace it must change, rather than character by character:
    the per-character loop was the second hottest of the clean-up.
    """
    source = "".join(chars.text)
    if SOFT_HYPHEN in source:  # inside a word (`fri\u00adgive`) or before a flattened break (`fri\u00ad give`)
        kept = list(zip(source, chars.offsets, strict=True))
        for match in reversed(list(SOFT_BREAK.finditer(source))):
            del kept[match.start() : match.end()]
        chars = Chars([c for c, _ in kept], [o for _, o in kept])
        source = "".join(chars.text)
    pieces: list[str] = []
    offsets: list[int] = []
    done = 0
    for run in ODD_WHITESPACE.finditer(source):  # a single space inside the text stays as it is
        pieces.append(source[done : run.start()])
        offsets.extend(chars.offsets[done : run.start()])
        if run.start() and run.end() < len(source):  # one space at the run's first offset; none at the ends
            pieces.append(" ")
            offsets.append(chars.offsets[run.start()])
        done = run.end()
    pieces.append(source[done:])
    offsets.extend(chars.offsets[done:])
    text = "".join(pieces)
    drop: set[int] = set()
    for match in FLAT_BREAK.finditer(text):
        after = match.group(1)
        before = text[_word_before(text, match.start()) : match.start()]  # `(\w+)-$` before the hyphen
        if after in SUSPENDED or not before or _keep_hyphen(before, after, context):
            continue
        drop.update((match.start(), match.start() + 1))
    if drop:
        return Chars(
            [c for i, c in enumerate(text) if i not in drop],
            [o for i, o in enumerate(offsets) if i not in drop],
        )
    return Chars(list(text), offsets)


# --- document ---------------------------------------------------------------------------------------


def hyphen_forms(raw: str) -> frozenset[str]:
    """Hyphenated words written inside a line somewhere in the document (`it-drift`)."""
    forms = set()
    for match in re.finditer(r"(?<![\w-])(\w+)-(\w+)(?![\w-])", raw):
        forms.add(match.group(0).casefold())
    return frozenset(forms)


def make_context(raw: str, source_format: SourceFormat, lines: list[Line] | None = None) -> Context:
    """What the line rules need to know of the whole document (`lines`: `split_lines(raw)`, if at hand)."""
    if lines is None:
        lines = split_lines(raw)
    empty = sum(1 for line in lines if line.text == "")
    # ØA22-style extraction puts an empty line after every line: then empty lines carry no structure.
    spaces = sum(1 for line in lines if line.text and not line.text.strip())
    # An empty line after every line carries no structure when space-only lines mark the paragraphs.
    noise = source_format != SourceFormat.MARKDOWN and empty > 0.35 * max(len(lines), 1) and spaces >= 0.03 * len(lines)
    lengths = sorted(len(line.text.strip()) for line in lines if len(line.text.strip()) > 20)
    typical = lengths[len(lengths) // 2] if len(lengths) >= 20 else 95  # too few lines to measure: A4 width
    return Context(
        source_format=source_format, hyphen_forms=hyphen_forms(raw), empty_lines_are_noise=noise, typical_line=typical
    )


def heading_level(text: str, in_box: bool) -> int:
    if re.match(r"^(\d{1,2})\.?\s", text) or re.match(r"^Bilag\s+\d+", text):
        return 1
    if re.match(r"^\d{1,2}\.\d{1,2}", text) or BOX_LABEL.match(text):
        return 2
    return 3 if in_box else 2


def _reads_as_sentence(text: str, typical: int) -> bool:
    """A line no heading would be: one with a commitment marker (`er enige om`), or a long one
    (above min(80, 0.9 × the typical line)) with a comma."""
    return bool(SENTENCE_MARKER.search(text)) or (len(text) > min(80, 0.9 * typical) and "," in text)


def _ends_in_heading_abbreviation(text: str) -> bool:
    """Does a line end in an abbreviation a heading may end in (`… virksomhed mv.`), with no comma
    (a sentence ending so has one, or a verb the other checks find)?"""
    return bool(HEADING_ABBREVIATION.search(text)) and "," not in text


def _pdf_heading(lines: list[Line], index: int, kinds: list[LineKind], noise: bool, typical: int = 95) -> bool:
    """A short line standing alone between paragraph ends and a new sentence: a PDF heading."""
    text = lines[index].text.strip()
    if BOX_HEADING.match(text) or TABLE_CAPTION.match(text):
        return True
    if NUMBERED_HEADING.match(text) and len(text) < 100 and text[-1] not in TERMINAL + ",-":
        return not re.match(r"^\d{1,2}\.\s+(januar|februar|marts|april|maj|juni|juli|august|september|oktober|"
                            r"november|december)\b", text, re.I)
    # a heading fits on one line, as long as most of one (a box title of 84 characters in a 95-character
    # layout); a full-width line is the text's, so is a long one with a comma, and so is any with a
    # commitment marker (`Regeringen og KL er enige om at videreudvikle myndighedssamarbejdet` before
    # a page break, `Regeringen og KL er enige om, at Skatteministeriet overtager kommunernes it-system`)
    if _reads_as_sentence(text, typical):
        return False
    if text.rsplit(" ", 1)[-1].casefold() in BOUND_WORDS:  # `KL vil … med inddragelse af Social- og` runs on
        return False
    ending = text[-1] in TERMINAL + ",-–" and not _ends_in_heading_abbreviation(text)
    if len(text) > min(90, 0.95 * typical) or ending or not (text[0].isupper() or text[0].isdigit()):
        return False
    if (ENDS_WITH_NUMBER.search(text) and not YEAR_END.search(text)) or ITEM.match(lines[index].text):
        return False
    if not _after_paragraph_end(lines, kinds, index, noise):
        return False
    following = _neighbour(lines, kinds, index, 1)
    if following is None:
        return True
    next_text = lines[following].text.strip()
    return bool(next_text) and (next_text[0].isupper() or next_text[0].isdigit() or bool(ITEM.match(next_text)))


def _after_paragraph_end(lines: list[Line], kinds: list[LineKind], index: int, noise: bool) -> bool:
    """Does the line before end a paragraph (sentence end, paragraph break, table row, heading)?"""
    previous = _neighbour(lines, kinds, index, -1)
    if previous is None:
        return True
    prev_text = lines[previous].text.rstrip()
    table_row = ENDS_WITH_NUMBER.search(prev_text) and len(prev_text) < 60
    if prev_text and prev_text[-1] not in TERMINAL and kinds[previous] == LineKind.TEXT and not table_row:
        between = kinds[previous + 1 : index]
        return LineKind.BREAK in between or (LineKind.EMPTY in between and not noise)
    return True


def _mark_two_line_headings(lines: list[Line], kinds: list[LineKind], context: Context) -> None:
    """`Sammenhæng i indsatsen for borgere med psykisk sygdom og samti-⏎digt misbrug`: a heading
    line followed by a short lower-case remainder, then a new sentence."""
    # the first line may be as long as any (a heading wraps because it filled one); with a comma or a
    # commitment marker it is text, as in `_pdf_heading`
    limit = 1.05 * context.typical_line
    for i, line in enumerate(lines):
        text = line.text.strip()
        heading = kinds[i] == LineKind.HEADING and not TABLE_CAPTION.match(text)
        if not (heading or kinds[i] == LineKind.TEXT) or not text or len(text) > limit or ITEM.match(line.text):
            continue
        if _reads_as_sentence(text, context.typical_line):
            continue
        if text[-1] in TERMINAL + "," or not (text[0].isupper() or text[0].isdigit()):
            continue
        j = _neighbour(lines, kinds, i, 1)
        if j is None or kinds[j] != LineKind.TEXT:
            continue
        rest = lines[j].text.strip()
        if not rest or len(rest) >= 45 or not rest[0].islower():
            continue
        if rest[-1] in TERMINAL + ",-" and not _ends_in_heading_abbreviation(rest):
            continue
        k = _neighbour(lines, kinds, j, 1)
        after = lines[k].text.strip() if k is not None else ""
        if k is not None and not (after[:1].isupper() or after[:1].isdigit()):
            continue
        if heading or _after_paragraph_end(lines, kinds, i, context.empty_lines_are_noise):
            kinds[i], kinds[j] = LineKind.HEADING, LineKind.HEADING_CONT


def _neighbour(lines: list[Line], kinds: list[LineKind], index: int, step: int) -> int | None:
    i = index + step
    while 0 <= i < len(lines):
        if kinds[i] in (LineKind.TEXT, LineKind.TABLE, LineKind.HEADING, LineKind.ITEM):
            return i
        i += step
    return None


def classify_lines(lines: list[Line], context: Context) -> list[LineKind]:
    """Every line's kind, using its neighbours where the shape needs it (PDF headings, tables)."""
    kinds = [basic_kind(line.text) for line in lines]
    markdown = context.source_format == SourceFormat.MARKDOWN
    for i, line in enumerate(lines):
        if kinds[i] != LineKind.TEXT:
            continue
        if markdown:
            if MD_HEADING.match(line.text) or (BOLD_ONLY.match(line.text) and _bold_heading(line.text)):
                inner = _markdown_inner(line.text)
                kinds[i] = LineKind.TABLE if TABLE_CAPTION.match(inner) else LineKind.HEADING
                if not inner:
                    kinds[i] = LineKind.RULE
            elif ITEM.match(line.text) or PLUS_ITEM.match(line.text):
                kinds[i] = LineKind.ITEM
            elif NUMBERED_ITEM.match(line.text) and _after_lead_in_or_item(lines, kinds, i):
                kinds[i] = LineKind.ITEM
        elif ITEM.match(line.text) and _pdf_item(lines, kinds, i):
            kinds[i] = LineKind.ITEM
    if not markdown:
        for i, _line in enumerate(lines):
            if kinds[i] == LineKind.TEXT and _pdf_heading(
                lines, i, kinds, context.empty_lines_are_noise, context.typical_line
            ):
                kinds[i] = LineKind.HEADING
        _mark_two_line_headings(lines, kinds, context)
        for i, line in enumerate(lines):  # a dash right under a heading starts an item, too
            if kinds[i] == LineKind.TEXT and ITEM.match(line.text):
                previous = _neighbour(lines, kinds, i, -1)
                if previous is not None and kinds[previous] == LineKind.HEADING:
                    kinds[i] = LineKind.ITEM
        _mark_pdf_tables(lines, kinds)
        _mark_lost_bullets(lines, kinds)
    else:
        _mark_table_titles(lines, kinds)
    return kinds


def _markdown_inner(text: str) -> str:
    """A markdown heading line's words, without `#`, `**` and HTML tags."""
    return re.sub(r"^\s*#+\s*|\*|<[^>]+>", "", text).strip()


def _mark_table_titles(lines: list[Line], kinds: list[LineKind]) -> None:
    """A bold line right under `**Tabel 1**` is the table's title (`**Balance for kommunerne i 2024**`),
    not a heading: the text after the table goes on in the section the table stands in."""
    for i, line in enumerate(lines):
        if kinds[i] != LineKind.TABLE or not TABLE_CAPTION.match(_markdown_inner(line.text)):
            continue
        title = _neighbour(lines, kinds, i, 1)
        if title is not None and kinds[title] == LineKind.HEADING and BOLD_ONLY.match(lines[title].text):
            kinds[title] = LineKind.TABLE


def _mark_lost_bullets(lines: list[Line], kinds: list[LineKind]) -> None:
    """PDF extraction may drop a list's bullets and keep only the indent: under a lead-in ending
    with `:`, a line that starts with a space or a few (a page break may add one) and a capital
    after a sentence end starts an item, even where the page break took the blank line before it."""
    open_list = False
    previous = ""
    for i, line in enumerate(lines):
        kind = kinds[i]
        if kind == LineKind.HEADING:
            open_list = False
        elif kind == LineKind.BREAK:
            following = _neighbour(lines, kinds, i, 1)
            if following is None or not lines[following].text.startswith(" "):
                open_list = False
        elif kind in (LineKind.TEXT, LineKind.ITEM):
            text = line.text
            if (
                open_list
                and kind == LineKind.TEXT
                and re.match(r"^ {1,3}[A-ZÆØÅ]", text)
                and previous.rstrip()[-1:] in ".:;"
            ):
                kinds[i] = LineKind.ITEM
            if text.rstrip().endswith(":"):
                open_list = True
            previous = text


def _bold_heading(text: str) -> bool:
    """A bold-only line is a heading unless it is a whole emphasised sentence (`**Parterne er enige om …**.`)."""
    inner = re.sub(r"\*|<[^>]+>", "", text).strip()
    return len(inner) <= 120 and inner[-1:] not in ".!?;,"


def _after_lead_in_or_item(lines: list[Line], kinds: list[LineKind], index: int) -> bool:
    """A markdown `1. …` line is a list item when it follows a lead-in (`…:`) or another item."""
    previous = _neighbour(lines, kinds, index, -1)
    return previous is not None and (kinds[previous] == LineKind.ITEM or lines[previous].text.rstrip().endswith(":"))


def _pdf_item(lines: list[Line], kinds: list[LineKind], index: int) -> bool:
    """A bullet always starts an item; a dash only after a sentence end (else it is a parenthesis)."""
    marker = ITEM.match(lines[index].text)
    if marker is None:
        return False
    if marker.group(2) in ("•", "\uf0b7", "▪", "●"):
        return True
    previous = _neighbour(lines, kinds, index, -1)
    if previous is None:
        return True
    return lines[previous].text.rstrip()[-1:] in TERMINAL or kinds[previous] != LineKind.TEXT


def _mark_pdf_tables(lines: list[Line], kinds: list[LineKind]) -> None:
    """After `Tabel N`: its title and column head, then every row ending with a number."""
    i = 0
    while i < len(lines):
        if kinds[i] == LineKind.HEADING and TABLE_CAPTION.match(lines[i].text.strip()):
            kinds[i] = LineKind.TABLE
            head = 0
            j = i + 1
            while j < len(lines):
                if kinds[j] in (LineKind.EMPTY, LineKind.BREAK, LineKind.FURNITURE):
                    j += 1
                    continue
                text = lines[j].text.strip()
                if head < 2 and len(text) < 60:
                    head += 1
                elif not (ENDS_WITH_NUMBER.search(text) and len(text) < 70):
                    break
                kinds[j] = LineKind.TABLE
                j += 1
            i = j
            continue
        i += 1


def _is_break(kind: LineKind, context: Context) -> bool:
    if kind == LineKind.BREAK:
        return True
    return kind == LineKind.EMPTY and not context.empty_lines_are_noise


def _heading_texts(line: Line) -> Iterator[Chars]:
    """A heading line's texts: `**Boks 1****Title**` holds two headings."""
    if BOLD_ONLY.match(line.text) and line.text.count("**") >= 4:
        for match in re.finditer(r"\*\*([^*\n]+)\*\*", line.text):
            piece = Line(line.start + match.start(1), match.group(1))
            yield fold(line_chars(piece, strip_item=False), Context())
        return
    yield fold(line_chars(line, strip_item=False, strip_heading=True), Context())


ITALIC_HEADING = re.compile(r"^\s*#+\s*\*(?!\*)[^*]+\*\s*$")  # `#### *Cybersikkerhed*`, not `#### **MaaS**`


def _subsection_level(line: str, hashes: int, path: list[tuple[int, str, int]]) -> int | None:
    """The level of an unnumbered markdown heading that is a sub-section of a heading before it.

    Levels come from meaning (numbers, `Boks`), since the converted agreements give `#` counts
    at random: a bold heading four `#` deep is as often the chapter's next section as not. A
    heading set in italics, deeper than an unnumbered heading before it, is that heading's
    sub-section, though (the agreements set their sub-sub-headings in italics: `## Digitalisering`,
    `### *Fremtidssikring af det digitale fundament*`, `#### *Cybersikkerhed*`); headings as deep
    as this one in between are its siblings.
    """
    if not hashes or not ITALIC_HEADING.match(line):
        return None
    for level, text, parent_hashes in reversed(path):
        if level < 2 or not parent_hashes or BOX_LABEL.match(text):  # a box closed by this heading is no parent
            return None
        if parent_hashes < hashes:
            return level + 1
    return None


@dataclass
class _Open:
    kind: BlockKind
    chars: Chars


@lru_cache(maxsize=8)
def clean_document(raw: str, source_format: SourceFormat) -> CleanDocument:
    """The clean document: blocks with heading paths and an offset map into `raw`.

    Pure and cached: extraction and linking both read the same document's blocks in one build.
    """
    lines = split_lines(raw)
    context = make_context(raw, source_format, lines)
    kinds = classify_lines(lines, context)
    blocks: list[Block] = []
    path: list[tuple[int, str, int]] = []  # (level, text, markdown `#` count or 0)
    in_box = False
    box_hashes = 0  # markdown: the `#` count of the open box's label; a heading as high closes the box
    box_title_hashes = 0  # markdown: the `#` count of the open box's title, once it has been read
    outside_box: list[tuple[int, str, int]] = []  # the heading path the open box interrupted
    current: _Open | None = None
    pending_break = False

    def close() -> None:
        nonlocal current
        if current is None:
            return
        chars = fold(current.chars, context)
        if chars.text:
            blocks.append(
                Block(current.kind, chars.string(), tuple(chars.offsets), tuple(text for _, text, _ in path))
            )
        current = None

    # the kind of the next item or heading line after each line: a box's items may go on after a paragraph
    upcoming: list[LineKind | None] = [None] * len(kinds)
    following: LineKind | None = None
    for index in range(len(kinds) - 1, -1, -1):
        upcoming[index] = following
        if kinds[index] in (LineKind.ITEM, LineKind.HEADING):
            following = kinds[index]

    page_turned = False  # page furniture (a running header, a page number) since the last text line
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind in (LineKind.FURNITURE, LineKind.RULE):
            page_turned = page_turned or kind == LineKind.FURNITURE
            continue
        if kind in (LineKind.EMPTY, LineKind.BREAK):
            if _is_break(kind, context):
                pending_break = True
            continue
        turned, page_turned = page_turned, False
        if kind == LineKind.HEADING_CONT and blocks and blocks[-1].kind == BlockKind.HEADING:
            last = blocks[-1]
            merged = fold(join(Chars(list(last.text), list(last.offsets)), line_chars(line, strip_item=False), context),
                          context)
            blocks[-1] = Block(BlockKind.HEADING, merged.string(), tuple(merged.offsets), last.heading, last.level)
            if path:
                path[-1] = (path[-1][0], merged.string(), path[-1][2])
            continue
        if kind == LineKind.HEADING:
            close()
            hashes = len(line.text) - len(line.text.lstrip().lstrip("#")) if MD_HEADING.match(line.text) else 0
            if in_box and hashes and box_hashes and hashes < box_hashes + (0 if "Boks" in line.text else 1):
                in_box = hashes > box_hashes
            elif in_box and hashes and box_hashes and "Boks" not in line.text:
                # the first heading under the label is the box's title; a heading as high as the title
                # is its sibling, a section of the text around the box (`### Indsatsen mod COVID-19`)
                if not box_title_hashes:
                    box_title_hashes = hashes
                elif hashes <= box_title_hashes:
                    in_box = False
            for chars in _heading_texts(line):
                text = chars.string()
                if not text:
                    continue
                level = heading_level(text, in_box)
                if level == 2 and not in_box and (deeper := _subsection_level(line.text, hashes, path)):
                    level = deeper
                if level == 1:
                    in_box = False
                if BOX_LABEL.match(text):
                    if not in_box:
                        outside_box = list(path)
                    in_box = True
                    box_hashes = hashes
                    box_title_hashes = 0
                elif level == 2:
                    in_box = False
                while path and path[-1][0] >= level:
                    path.pop()
                blocks.append(
                    Block(BlockKind.HEADING, text, tuple(chars.offsets), tuple(t for _, t, _ in path), level)
                )
                path.append((level, text, hashes))
            pending_break = False
            continue
        if kind == LineKind.TABLE:
            if current is None or current.kind != BlockKind.TABLE:
                close()
                current = _Open(BlockKind.TABLE, Chars())
            current.chars = join(current.chars, line_chars(line, strip_item=False), context)
            pending_break = False
            continue
        chars = line_chars(line, strip_item=kind == LineKind.ITEM)
        if kind == LineKind.ITEM:
            close()
            current = _Open(BlockKind.ITEM, chars)
            pending_break = source_format == SourceFormat.MARKDOWN  # markdown items are one line each
            continue
        # a text line
        after_item = current.kind == BlockKind.ITEM if current else bool(blocks) and blocks[-1].kind == BlockKind.ITEM
        if current is not None and current.kind == BlockKind.TABLE:
            close()
        if current is not None and pending_break and not _continues(current.chars, chars, turned):
            close()
        if (
            in_box
            and after_item
            and current is None
            and upcoming[index] is not LineKind.ITEM
            and source_format == SourceFormat.MARKDOWN
        ):
            # markdown keeps no box frame: a box of items ends at the first paragraph after its last
            # item, and the text goes on under the headings the box interrupted (a paragraph between
            # items is an item's own, one under a box heading is the box's text, and one after a PDF
            # box's items may be an item's second line)
            in_box = False
            path[:] = outside_box
        if current is None:
            current = _Open(BlockKind.PARAGRAPH, chars)
        else:
            current.chars = join(current.chars, chars, context)
        pending_break = False
    close()
    return CleanDocument(tuple(blocks), context)


def _continues(left: Chars, right: Chars, page_turned: bool = False) -> bool:
    """A paragraph cut by a page break: no sentence end before it and a lower-case word after it, or,
    where the page turned between them (running header, page number), any word after it: a paragraph
    ends with its sentence, and a page rarely ends with a heading that was read as text."""
    end = len(left.text)  # the ends only: the whole paragraph was joined into a string for every line
    while end and left.text[end - 1].isspace():
        end -= 1
    start = 0
    while start < len(right.text) and right.text[start].isspace():
        start += 1
    if not end or start == len(right.text):
        return False
    last = left.text[end - 1]
    if last == "-" and end >= 2 and left.text[end - 2].isalpha():
        return True
    if last in TERMINAL:  # a sentence's end, or an abbreviation's (`… 1,25 mia.` ⏎ `kr. Målet er …`)
        return last == "." and right.text[start].islower()
    # no sentence ends on an article, a preposition or a conjunction: `… forlænge finansieringen af Den`
    # goes on after the page break, even with a name (`Sociale Investeringsfonds sekretariat …`)
    last_word = "".join(left.text[_word_before(left.text, end) : end]).casefold()
    prose = left.text[:end].count(" ") >= 7  # a sentence under way, not a stray heading read as text
    return right.text[start].islower() or last_word in BOUND_WORDS or (page_turned and prose)


def clean_fragment(raw: str, context: Context) -> str:
    """Clean a raw text with the document's line rules: furniture dropped, lines joined, folded."""
    return clean_span(raw, 0, len(raw), context)


def clean_span(raw: str, start: int, end: int, context: Context) -> str:
    """Clean the slice `raw[start:end]` of a document: the text a unit with that source has.

    A slice may begin or end inside a line (`… velfærden. Regeringen⏎og KL vil …`); such a
    partial line is text, never page furniture, whatever its few words look like.
    """
    first_partial = start > 0 and raw[start - 1] not in "\n\r\f"
    last_partial = end < len(raw) and raw[end] not in "\n\r\f"
    lines = split_lines(raw[start:end], start)
    chars = Chars()
    for index, line in enumerate(lines):
        partial = (index == 0 and first_partial) or (index == len(lines) - 1 and last_partial)
        kind = basic_kind(line.text)
        if partial and kind == LineKind.FURNITURE:
            kind = LineKind.TEXT
        if kind in (LineKind.FURNITURE, LineKind.RULE, LineKind.EMPTY, LineKind.BREAK):
            continue
        chars = join(chars, line_chars(line, strip_item=False), context)
    return fold(chars, context).string()


def clean_text(text: str, context: Context | None = None) -> str:
    """Clean a plain string (a flattened quote or a unit): markup removed, whitespace folded."""
    return clean_fragment(text, context or Context())
