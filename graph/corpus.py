"""Reading agreement files: bytes → decoded text plus the agreement's metadata.

The first stage of the pipeline. Everything that can go wrong with an input file
(missing, empty, binary, undecodable, no text layer, no title) is raised here as an
`InputError` naming the file, so later stages only ever see a readable agreement.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path

from pydantic import ValidationError

from graph.errors import InputError
from graph.models import Agreement, Record, SourceFormat, agreement_id

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
PDF_SUFFIXES = {".pdf"}
MANIFEST = "manifest.json"
DEFAULT_PARTIES = ["Regeringen", "KL"]

# The title may be broken across lines in PDF-extracted texts ("Aftale om kommunernes \nøkonomi for 2020").
TITLE = re.compile(r"Aftale\s+om\s+kommunernes\s+økonomi\s+for\s+(\d{4})", re.IGNORECASE)
# Some older agreements were published with the regional one under a joint title. Only a line of
# its own on the first page counts: later agreements cite earlier ones by it in their text
# (`På baggrund af aftaler om den kommunale og regionale økonomi for 2018 …`).
JOINT_TITLE = re.compile(
    r"^[#*\s]*Aftaler?\s+om\s+den\s+kommunale\s+og\s+regionale\s+økonomi\s+for\s+(\d{4})[*\s]*$",
    re.IGNORECASE | re.MULTILINE,
)
MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
SIGNED = re.compile(r"^\s*(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})\s*$", re.IGNORECASE | re.M)
# How far into the text the title and the signing date are looked for: they stand on the first page.
HEAD_CHARS = 1500


class AgreementText(Record):
    """One agreement as read from disk: the decoded raw text and what we know about it."""

    raw: str
    file: str
    agreement: Agreement
    warnings: list[str] = []  # things a user should know (`read as cp1252`), printed by the CLI


class ManifestEntry(Record):
    """One row of data/agreements/manifest.json."""

    file: str
    agreement: str
    fiscal_year: int
    title: str
    signed: dt.date | None = None
    source_format: SourceFormat
    parties: list[str]


def _decode(data: bytes, where: str) -> tuple[str, list[str]]:
    """UTF-8, else cp1252 with a warning; NUL bytes or undecodable bytes mean it is not a text."""
    if not data.strip():
        raise InputError(where, "the file is empty")
    if b"\x00" in data:
        raise InputError(where, "the file is binary (contains NUL bytes), not an agreement text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise InputError(where, f"the file is neither UTF-8 nor cp1252 text (byte {error.start})") from None
    if sum(1 for c in text if not c.isprintable() and c not in "\n\r\t") > len(text) // 100:
        raise InputError(where, "the file is binary, not an agreement text")
    return text, [f"{where}: not UTF-8; read as cp1252 (Windows-1252)"]


def _pdf_text(data: bytes, where: str) -> str:
    """The text layer of a PDF, pages separated by form feeds; no text layer is an error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise InputError(where, f"the PDF cannot be read ({error})") from None
    text = "\n\f\n".join(pages)
    if not text.strip():
        raise InputError(where, "the PDF has no text layer (scanned?); run OCR first")
    return text


def detect_format(raw: str, suffix: str) -> SourceFormat:
    """Markdown-converted or PDF-extracted text, told apart by the content, not the file name."""
    if suffix in PDF_SUFFIXES:
        return SourceFormat.PDF
    if re.search(r"^#{1,6} \S", raw, re.M):  # a markdown heading: PDF-extracted text has none
        return SourceFormat.MARKDOWN
    markdown = len(re.findall(r"\*\*\S|^---\s*$|</?(b|i|sub)>", raw, re.M))
    return SourceFormat.MARKDOWN if markdown >= 3 else SourceFormat.PDF_TEXT


def detect_year(raw: str) -> int | None:
    """Fiscal year from the title near the top (not the signing year)."""
    head = raw[:HEAD_CHARS]
    found = TITLE.search(head) or JOINT_TITLE.search(head) or TITLE.search(raw)
    return int(found.group(1)) if found else None


def detect_signed(raw: str) -> dt.date | None:
    """Signing date, a line like `7. juni 2018` on the first page, where the text gives it."""
    found = SIGNED.search(raw[:HEAD_CHARS])
    if not found:
        return None
    try:
        return dt.date(int(found.group(3)), MONTHS[found.group(2).lower()], int(found.group(1)))
    except ValueError:
        return None


def read_agreement(path: Path, *, year: int | None = None, name: str | None = None) -> AgreementText:
    """Read one agreement file (.txt/.md/.pdf); `year` overrides the title's fiscal year."""
    where = str(path)
    if not path.exists():
        raise InputError(where, "no such file")
    if path.is_dir():
        raise InputError(where, "is a directory, not an agreement file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(where, f"cannot be read ({error.strerror})") from None
    suffix = path.suffix.lower()
    notes: list[str] = []
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF-"):
        if not data.strip():
            raise InputError(where, "the file is empty")
        raw = _pdf_text(data, where)
        suffix = ".pdf"
    else:
        raw, notes = _decode(data, where)
    if not raw.strip():
        raise InputError(where, "the file holds only whitespace")
    fiscal_year = year if year is not None else detect_year(raw)
    if fiscal_year is None:
        raise InputError(
            where, "no agreement title ('Aftale om kommunernes økonomi for YEAR') found; pass --year YEAR"
        )
    if not 2000 <= fiscal_year <= 2099:
        raise InputError(where, f"fiscal year {fiscal_year} is outside 2000-2099")
    agreement = Agreement(
        id=agreement_id(fiscal_year),
        fiscal_year=fiscal_year,
        title=f"Aftale om kommunernes økonomi for {fiscal_year}",
        in_corpus=True,
        signed=detect_signed(raw),
        file=name or path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        source_format=detect_format(raw, suffix),
        parties=list(DEFAULT_PARTIES),
    )
    return AgreementText(raw=raw, file=name or path.name, agreement=agreement, warnings=notes)


def read_manifest(corpus: Path) -> list[ManifestEntry]:
    """The corpus manifest, validated; a corpus without one is listed from its files."""
    path = corpus / MANIFEST
    if not path.exists():
        return []
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["agreements"]
        return [ManifestEntry.model_validate(row) for row in rows]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise InputError(str(path), f"not a valid manifest ({error})") from None
    except ValidationError as error:
        first = error.errors()[0]
        raise InputError(str(path), f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def corpus_files(corpus: Path) -> list[Path]:
    """The agreement files of a corpus directory, in a stable order."""
    if not corpus.is_dir():
        raise InputError(str(corpus), "no such corpus directory")
    files = sorted(p for p in corpus.iterdir() if p.suffix.lower() in TEXT_SUFFIXES | PDF_SUFFIXES)
    if not files:
        raise InputError(str(corpus), "the corpus directory holds no .txt, .md or .pdf files")
    return files


def read_corpus(corpus: Path) -> list[AgreementText]:
    """Every agreement of a corpus, the manifest's metadata winning over detection where it is given."""
    manifest = {entry.file: entry for entry in read_manifest(corpus)}
    texts = []
    for path in corpus_files(corpus):
        entry = manifest.get(path.name)
        text = read_agreement(path, year=entry.fiscal_year if entry else None)
        if entry:
            agreement = text.agreement.model_copy(
                update={
                    "title": entry.title,
                    "signed": entry.signed or text.agreement.signed,
                    "source_format": entry.source_format,
                    "parties": list(entry.parties),
                }
            )
            text = text.model_copy(update={"agreement": agreement})
        texts.append(text)
    years = [t.agreement.fiscal_year for t in texts]
    duplicate = sorted({y for y in years if years.count(y) > 1})
    if duplicate:
        raise InputError(str(corpus), f"more than one file for fiscal year {duplicate[0]}")
    return sorted(texts, key=lambda t: t.agreement.fiscal_year)
