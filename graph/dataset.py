"""The published dataset in data/commitments/: writing it atomically, reading it back validated.

Layout (one `Bundle`):
- `<ØA>.json` — one `AgreementFile` per agreement in the corpus (agreement + its commitments);
- `agreements.json` — every agreement, including those the texts only reference (in_corpus false);
- `commitments.csv` — one row per commitment for spreadsheet users (UTF-8 with BOM);
- `links.json`, `followups.json` — follow-up links and statuses, written when a build has them.

Files are pretty, key-sorted JSON with a trailing newline, so a rebuild is byte-identical. Writes
go to a temporary sibling directory that replaces the old one only when complete.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from graph.errors import DatasetError
from graph.models import (
    Agreement,
    AgreementFile,
    Bundle,
    Commitment,
    FollowUp,
    FollowUpStatus,
    cited_agreements,
    fiscal_year_of,
)

AGREEMENTS_FILE = "agreements.json"
CSV_FILE = "commitments.csv"
LINKS_FILE = "links.json"
STATUSES_FILE = "followups.json"

CSV_COLUMNS = [
    "id", "agreement", "fiscal_year", "type", "action", "parties", "area", "areas", "deadlines",
    "deadline_norms", "amounts", "references", "heading", "text", "file", "start", "end",
]  # fmt: skip


def to_jsonable(value: BaseModel | list[BaseModel]) -> Any:
    if isinstance(value, list):
        return [item.model_dump(mode="json", by_alias=True) for item in value]
    return value.model_dump(mode="json", by_alias=True)


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """The one JSON style of the project: sorted keys, real æøå, trailing newline when pretty."""
    if indent is None:
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent) + "\n"


def record_json(record: BaseModel, *, indent: int | None = 2) -> str:
    return dumps(to_jsonable(record), indent=indent)


def _csv_row(c: Commitment) -> list[str]:
    return [
        c.id,
        c.agreement,
        str(c.fiscal_year),
        c.type.value,
        "true" if c.action else "false",
        "; ".join(c.parties),
        c.area,
        "; ".join(c.areas),
        "; ".join(d.text for d in c.deadlines),
        "; ".join(d.norm or "" for d in c.deadlines),
        "; ".join(a.text for a in c.amounts),
        "; ".join(r.agreement or r.name or "" for r in c.references),
        " > ".join(c.heading),
        c.text,
        c.source.file,
        str(c.source.start),
        str(c.source.end),
    ]


def commitments_csv(commitments: list[Commitment], *, bom: bool = True) -> str:
    """One row per commitment, lists flattened with `; `; a BOM so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for commitment in commitments:
        writer.writerow(_csv_row(commitment))
    return ("\ufeff" if bom else "") + buffer.getvalue()


# --- writing ----------------------------------------------------------------------------------------

Writer = Callable[[Bundle], dict[str, str]]


def bundle_files(bundle: Bundle) -> dict[str, str]:
    """File name → content of the whole dataset; pure, so tests compare it to what is on disk."""
    files: dict[str, str] = {}
    by_agreement: dict[str, list[Commitment]] = {}
    for commitment in bundle.commitments:
        by_agreement.setdefault(commitment.agreement, []).append(commitment)
    for agreement in bundle.agreements:
        if not agreement.in_corpus:
            continue
        records = sorted(by_agreement.get(agreement.id, []), key=lambda c: (c.source.start, c.id))
        files[f"{agreement.id}.json"] = record_json(AgreementFile(agreement=agreement, commitments=records))
    files[AGREEMENTS_FILE] = dumps(to_jsonable(sorted(bundle.agreements, key=lambda a: a.fiscal_year)))
    ordered = sorted(bundle.commitments, key=lambda c: (c.fiscal_year, c.source.start, c.id))
    files[CSV_FILE] = commitments_csv(ordered)
    if bundle.links:
        links = sorted(bundle.links, key=lambda link: (link.from_id, link.to_id))
        files[LINKS_FILE] = dumps(to_jsonable(links))
    if bundle.statuses:
        files[STATUSES_FILE] = dumps(to_jsonable(sorted(bundle.statuses, key=lambda s: s.id)))
    return files


def write_files(out: Path, files: dict[str, str]) -> None:
    """Write a directory atomically: build it beside `out`, then swap it into place."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise DatasetError(str(out), "exists and is not a directory")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as error:
        raise DatasetError(str(out), f"cannot be written ({error.strerror})") from None
    staging.chmod(0o755)  # mkdtemp makes it private; the dataset is for everyone to read
    try:
        for name, content in sorted(files.items()):
            (staging / name).write_bytes(content.encode("utf-8"))
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            if old.exists():
                shutil.rmtree(old)
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old)
        else:
            staging.rename(out)
    except PermissionError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise DatasetError(str(out), f"cannot be written ({error.strerror})") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_dataset(out: Path, bundle: Bundle) -> dict[str, str]:
    files = bundle_files(bundle)
    write_files(out, files)
    return files


# --- reading ----------------------------------------------------------------------------------------


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(str(path), "missing") from None
    except UnicodeDecodeError:
        raise DatasetError(str(path), "not UTF-8") from None
    except json.JSONDecodeError as error:
        raise DatasetError(str(path), f"not JSON: {error.msg} at line {error.lineno}") from None


def _validate(path: Path, adapter: TypeAdapter[Any], data: Any) -> Any:
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        record = ""
        if isinstance(data, dict) and isinstance(data.get("commitments"), list) and first["loc"][:1] == ("commitments",):
            index = first["loc"][1]
            if isinstance(index, int) and index < len(data["commitments"]):
                record = f" (record {data['commitments'][index].get('id', index)})"
        raise DatasetError(str(path), f"{where}: {first['msg']}{record}") from None


def read_dataset(directory: Path) -> Bundle:
    """Read and validate a dataset directory; every problem names the file and the record."""
    if not directory.is_dir():
        raise DatasetError(str(directory), "no such dataset directory (run `aftalegraf build`)")
    agreements_path = directory / AGREEMENTS_FILE
    agreements: list[Agreement] = _validate(agreements_path, TypeAdapter(list[Agreement]), _load(agreements_path))
    commitments: list[Commitment] = []
    for agreement in agreements:
        if not agreement.in_corpus:
            continue
        path = directory / f"{agreement.id}.json"
        part: AgreementFile = _validate(path, TypeAdapter(AgreementFile), _load(path))
        if part.agreement.id != agreement.id:
            raise DatasetError(str(path), f"holds {part.agreement.id}, expected {agreement.id}")
        for commitment in part.commitments:
            if commitment.agreement != agreement.id:
                raise DatasetError(str(path), f"record {commitment.id} belongs to {commitment.agreement}")
        commitments.extend(part.commitments)
    ids = [c.id for c in commitments]
    duplicate = sorted(i for i, n in Counter(ids).items() if n > 1)  # Counter: list.count was quadratic
    if duplicate:
        raise DatasetError(str(directory), f"commitment id {duplicate[0]} occurs twice")
    links: list[FollowUp] = []
    statuses: list[FollowUpStatus] = []
    if (directory / LINKS_FILE).exists():
        links = _validate(directory / LINKS_FILE, TypeAdapter(list[FollowUp]), _load(directory / LINKS_FILE))
    if (directory / STATUSES_FILE).exists():
        statuses = _validate(
            directory / STATUSES_FILE, TypeAdapter(list[FollowUpStatus]), _load(directory / STATUSES_FILE)
        )
    known = set(ids)
    for link in links:
        for end in (link.from_id, link.to_id):
            if end not in known:
                raise DatasetError(str(directory / LINKS_FILE), f"link names unknown commitment {end}")
    return Bundle(agreements=agreements, commitments=commitments, links=links, statuses=statuses)


def referenced_agreements(commitments: list[Commitment], known: set[str]) -> list[Agreement]:
    """Agreements the texts name (references, deadlines) that the corpus lacks: in_corpus false."""
    return [
        Agreement(id=aid, fiscal_year=fiscal_year_of(aid), title=f"Aftale om kommunernes økonomi for {fiscal_year_of(aid)}",
                  in_corpus=False, parties=["Regeringen", "KL"])
        for aid in sorted(cited_agreements(commitments) - known)
    ]
