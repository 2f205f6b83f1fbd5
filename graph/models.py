"""The one schema of aftalegraf.

Every other representation (the JSON dataset, the networkx graph, RDF, the HTML
view) is derived from these models; nothing downstream invents fields of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ontology import policy_area_ids


class Record(BaseModel):
    """Project base: unknown fields are errors and records never change after creation."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- identifiers -----------------------------------------------------------------------------------

AGREEMENT_ID = re.compile(r"^ØA\d{2}$")


def agreement_id(fiscal_year: int) -> str:
    """`ØA24` for fiscal year 2024: the identifier the agreements themselves use."""
    return f"ØA{fiscal_year % 100:02d}"


def fiscal_year_of(agreement: str) -> int:
    """Inverse of `agreement_id`; the corpus spans 2000–2099."""
    if not AGREEMENT_ID.match(agreement):
        raise ValueError(f"not an agreement identifier: {agreement!r}")
    return 2000 + int(agreement[2:])


def content_key(text: str) -> str:
    """Case- and punctuation-blind form of a text: what an id is derived from."""
    return re.sub(r"[\W_]+", "", text.casefold())


class CommitmentId(str):
    """Content-hash identifier `oa24-<10 hex>`: agreement plus the unit's own words, never its position."""

    PATTERN = re.compile(r"^oa\d{2}-[0-9a-f]{10}(-\d+)?$")

    @classmethod
    def generate(cls, agreement: str, text: str) -> CommitmentId:
        digest = hashlib.sha256(f"{agreement}\n{content_key(text)}".encode()).hexdigest()[:10]
        return cls(f"oa{agreement[2:]}-{digest}")

    @classmethod
    def is_valid(cls, value: str) -> bool:
        return bool(cls.PATTERN.match(value))


# --- closed vocabularies -----------------------------------------------------------------------------


class CommitmentType(StrEnum):
    AGREEMENT = "agreement"
    ACKNOWLEDGMENT = "acknowledgment"
    PLEDGE = "pledge"


class DeadlineKind(StrEnum):
    AGREEMENT = "agreement"  # a later economy agreement or its negotiations: norm `ØA25`
    INTERVAL = "interval"  # a calendar expression: norm an ISO 8601 interval
    OPEN = "open"  # a condition or event with no date (`når evalueringen foreligger`): norm None


class SourceFormat(StrEnum):
    MARKDOWN = "markdown"  # markdown-converted text
    PDF_TEXT = "pdf-text"  # text extracted from a PDF before it reached us
    PDF = "pdf"  # a PDF file read through its text layer


class Evidence(StrEnum):
    EXPLICIT_BACKWARD = "explicit-backward"
    EXPLICIT_FORWARD = "explicit-forward"
    EXPLICIT_BOTH = "explicit-both"
    IMPLICIT = "implicit"


class Status(StrEnum):
    """Neutral words: what the texts show, not a verdict on anyone."""

    FOLLOWED_UP = "followed-up"
    PENDING = "pending"
    NO_FOLLOW_UP_FOUND = "no-follow-up-found"


def _check_area(value: str) -> str:
    if value not in policy_area_ids():
        raise ValueError(f"unknown policy area {value!r}")
    return value


AreaId = Annotated[str, Field(description="A concept id from ontology/policy-areas.ttl, e.g. `okonomi`.")]


# --- the parts of a commitment -----------------------------------------------------------------------


class Span(Record):
    """Character offsets into the raw source file (Python string indices of the decoded text)."""

    start: int = Field(ge=0, description="Offset of the first character in the raw file.")
    end: int = Field(ge=0, description="Offset after the last character in the raw file.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"span ends ({self.end}) before it starts ({self.start})")
        return self


class Source(Span):
    """Where a commitment came from: cleaning `raw[start:end]` gives the commitment's text."""

    file: str = Field(description="File name inside the corpus directory, e.g. `kommuner-2024.txt`.")


class Deadline(Record):
    text: str = Field(description="The deadline as written, after clean-up (`i efteråret 2023`).")
    norm: str | None = Field(
        description="`ØA25` for a later agreement, an ISO 8601 interval (`2023-09-01/2023-11-30`, "
        "`../2024-12-31`, `2025-01-01/..`), or None where the text gives no date."
    )
    kind: DeadlineKind = Field(description="What the norm is: agreement, interval or open.")
    span: Span | None = Field(default=None, description="Where the deadline's words stand in the raw file.")


class Amount(Record):
    text: str = Field(description="The amount as written (`1,5 mia. kr.`).")
    value_dkk: float | None = Field(description="The amount in kroner (`1,5 mia. kr.` is 1500000000).")
    unit: str = Field(default="kr.", description="`kr.` or a rate such as `kr. pr. indbygger`.")
    year: int | None = Field(default=None, description="The year the amount applies to (`i 2025`).")
    price_level: str | None = Field(default=None, description="Price level as written (`2024-pl`).")
    span: Span | None = Field(default=None, description="Where the amount's words stand in the raw file.")


class Reference(Record):
    text: str = Field(description="The citing words (`Aftale om kommunernes økonomi for 2023`).")
    agreement: str | None = Field(default=None, description="`ØA23` where an economy agreement is cited.")
    name: str | None = Field(default=None, description="Name of another cited agreement, reform or law.")
    span: Span | None = Field(default=None, description="Where the reference stands in the raw file.")

    @model_validator(mode="after")
    def _names_something(self) -> Self:
        if self.agreement is None and self.name is None:
            raise ValueError("a reference names an economy agreement or another agreement by name")
        if self.agreement is not None and not AGREEMENT_ID.match(self.agreement):
            raise ValueError(f"not an agreement identifier: {self.agreement!r}")
        return self


class Commitment(Record):
    id: str = Field(description="Content-hash id, see `CommitmentId`.")
    agreement: str = Field(description="The agreement the unit stands in (`ØA24`).")
    fiscal_year: int = Field(description="Fiscal year of that agreement (2024).")
    text: str = Field(min_length=1, description="The cleaned unit: one sentence or list item.")
    heading: list[str] = Field(description="Path of headings above the unit, outermost first.")
    type: CommitmentType = Field(description="agreement, acknowledgment or pledge (spec/commitments.md).")
    action: bool = Field(description="True when the unit binds someone to act later.")
    parties: list[str] = Field(min_length=1, description="Resolved actors: `Regeringen`, `KL`, ….")
    area: AreaId = Field(description="Primary policy area.")
    areas: list[AreaId] = Field(default_factory=list, description="Secondary policy areas.")
    deadlines: list[Deadline] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    source: Source

    @field_validator("area")
    @classmethod
    def _known_area(cls, value: str) -> str:
        return _check_area(value)

    @field_validator("areas")
    @classmethod
    def _known_areas(cls, value: list[str]) -> list[str]:
        return [_check_area(area) for area in value]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not AGREEMENT_ID.match(self.agreement):
            raise ValueError(f"not an agreement identifier: {self.agreement!r}")
        if agreement_id(self.fiscal_year) != self.agreement:
            raise ValueError(f"fiscal year {self.fiscal_year} does not match {self.agreement}")
        if not CommitmentId.is_valid(self.id):
            raise ValueError(f"not a commitment id: {self.id!r}")
        return self


def cited_agreements(commitments: Iterable[Commitment]) -> set[str]:
    """The economy agreements commitments name: as a reference (earlier) or as a deadline (later)."""
    named: set[str] = set()
    for commitment in commitments:
        named.update(r.agreement for r in commitment.references if r.agreement)
        named.update(d.norm for d in commitment.deadlines if d.kind is DeadlineKind.AGREEMENT and d.norm)
    return named


class Agreement(Record):
    """An economy agreement: present in the corpus, or only referenced by the texts."""

    id: str = Field(description="`ØA24`.")
    fiscal_year: int
    title: str = Field(description="`Aftale om kommunernes økonomi for 2024`.")
    in_corpus: bool = Field(description="False for an agreement the texts name but the corpus lacks.")
    signed: dt.date | None = Field(default=None, description="Signing date where the text gives it.")
    file: str | None = Field(default=None, description="Corpus file name, for agreements in the corpus.")
    sha256: str | None = Field(default=None, description="Digest of the raw file bytes, for citation.")
    source_format: SourceFormat | None = Field(default=None)
    parties: list[str] = Field(default_factory=list, description="The signing parties.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if agreement_id(self.fiscal_year) != self.id:
            raise ValueError(f"fiscal year {self.fiscal_year} does not match {self.id}")
        if self.in_corpus and self.file is None:
            raise ValueError(f"{self.id} is in the corpus but names no file")
        return self


class FollowUp(Record):
    """A later commitment (`from`) follows up an earlier one (`to`)."""

    from_id: str = Field(alias="from", description="Id of the later commitment.")
    to_id: str = Field(alias="to", description="Id of the earlier commitment it follows up.")
    evidence: Evidence
    confidence: float = Field(ge=0.0, le=1.0)
    matched: list[str] = Field(description="The words in either unit that carried the evidence.")


class StatusEvidence(Record):
    """What decided a status: the linking commitments, or the agreement that was searched."""

    followed_up_by: list[str] = Field(default_factory=list, description="Ids of linking commitments.")
    searched: str | None = Field(default=None, description="Agreement searched for a follow-up (`ØA20`).")
    reason: str = Field(description="One sentence a researcher can read.")


class FollowUpStatus(Record):
    id: str = Field(description="Id of the commitment that promised a follow-up.")
    deadline: str | None = Field(description="The deadline's norm that was judged.")
    status: Status
    evidence: StatusEvidence
    as_of: str = Field(description="The newest agreement taken into account (`ØA24`).")


class AgreementFile(Record):
    """One `data/commitments/<ØA>.json` file."""

    agreement: Agreement
    commitments: list[Commitment]


class Bundle(Record):
    """Everything one build publishes: the input to the graph, the RDF export and the view."""

    agreements: list[Agreement] = Field(description="In-corpus and referenced agreements, by fiscal year.")
    commitments: list[Commitment]
    links: list[FollowUp] = Field(default_factory=list)
    statuses: list[FollowUpStatus] = Field(default_factory=list)
