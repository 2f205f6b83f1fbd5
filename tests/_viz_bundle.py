"""A Bundle of real model instances cut from the real agreement texts, shaped for the view's tests.

Sentences come from the bundled corpus with their raw offsets. The links form two chains whose
shape the tests rely on:

    ØA24[0] → ØA23[0] → ØA22[0] → ØA20[0]     (the main chain, later → earlier)
              ØA23[1] ↗                        (also follows up ØA22[0]: a branch)
    ØA20[1] → ØA19[1]                          (a separate chain)

so the chain of ØA23[0] is ØA24[0], ØA23[0], ØA22[0], ØA20[0] — but not ØA23[1], which follows up
an earlier member without being an ancestor or descendant of ØA23[0]. ØA21 is a referenced agreement
not in the corpus; ØA25 is only named as a deadline (the network adds it as missing).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from graph.corpus import read_corpus
from graph.models import (
    Agreement,
    Amount,
    Bundle,
    Commitment,
    CommitmentId,
    CommitmentType,
    Deadline,
    DeadlineKind,
    Evidence,
    FollowUp,
    FollowUpStatus,
    Source,
    Status,
    StatusEvidence,
)
from ontology import policy_area_labels

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "agreements"
UNIT = re.compile(r"[A-ZÆØÅ][^.:;#*|]{50,360}?\.(?=\s)")
TYPES = list(CommitmentType)


def _commitment(agreement: Agreement, file: str, raw: str, match: re.Match[str], j: int) -> Commitment:
    areas = list(policy_area_labels())
    text = " ".join(match.group(0).split())
    deadlines = []
    if j == 1:
        later = f"ØA{agreement.fiscal_year % 100 + 1:02d}"
        deadlines.append(
            Deadline(text=f"økonomiaftalen for {later}", norm=later, kind=DeadlineKind.AGREEMENT)
        )
    if j == 2:
        year = agreement.fiscal_year
        deadlines.append(
            Deadline(
                text=f"i efteråret {year}", norm=f"{year}-09-01/{year}-11-30", kind=DeadlineKind.INTERVAL
            )
        )
        deadlines.append(Deadline(text="når evalueringen foreligger", norm=None, kind=DeadlineKind.OPEN))
    amounts = [Amount(text="1,5 mia. kr.", value_dkk=1.5e9, year=agreement.fiscal_year)] if j == 3 else []
    return Commitment(
        id=CommitmentId.generate(agreement.id, text),
        agreement=agreement.id,
        fiscal_year=agreement.fiscal_year,
        text=text,
        heading=["Kommunernes økonomi", f"Afsnit {j + 1}"],
        type=TYPES[j % 3],
        action=bool(deadlines),
        parties=["Regeringen", "KL"] if j % 4 else ["KL"],
        area=areas[(agreement.fiscal_year + j) % len(areas)],
        areas=[areas[0]] if j == 5 else [],
        deadlines=deadlines,
        amounts=amounts,
        source=Source(file=file, start=match.start(), end=match.end()),
    )


@cache
def viz_bundle(per_agreement: int = 12) -> Bundle:
    """`per_agreement` real sentences of each bundled agreement, with the links and statuses above."""
    agreements: list[Agreement] = []
    units: dict[str, list[Commitment]] = {}
    for text in read_corpus(CORPUS):
        agreements.append(text.agreement)
        found: list[Commitment] = []
        seen: set[str] = set()
        for match in UNIT.finditer(text.raw):
            commitment = _commitment(text.agreement, text.file, text.raw, match, len(found))
            if commitment.id not in seen:
                seen.add(commitment.id)
                found.append(commitment)
            if len(found) == per_agreement:
                break
        units[text.agreement.id] = found
    agreements.append(
        Agreement(
            id="ØA21", fiscal_year=2021, title="Aftale om kommunernes økonomi for 2021", in_corpus=False
        )
    )

    def link(later: str, earlier: str, evidence: Evidence, confidence: float) -> FollowUp:
        return FollowUp(
            **{"from": later, "to": earlier}, evidence=evidence, confidence=confidence, matched=["økonomi"]
        )

    u19, u20, u22, u23, u24 = (units[a] for a in ("ØA19", "ØA20", "ØA22", "ØA23", "ØA24"))
    links = [
        link(u24[0].id, u23[0].id, Evidence.EXPLICIT_BACKWARD, 0.95),
        link(u23[0].id, u22[0].id, Evidence.EXPLICIT_BOTH, 0.9),
        link(u22[0].id, u20[0].id, Evidence.IMPLICIT, 0.55),
        link(u23[1].id, u22[0].id, Evidence.IMPLICIT, 0.3),
        link(u20[1].id, u19[1].id, Evidence.EXPLICIT_FORWARD, 0.8),
    ]

    def status(c: Commitment, value: Status, deadline: str | None, reason: str) -> FollowUpStatus:
        return FollowUpStatus(
            id=c.id, deadline=deadline, status=value, evidence=StatusEvidence(reason=reason), as_of="ØA24"
        )

    statuses = [
        status(u19[1], Status.FOLLOWED_UP, "ØA20", "ØA20 følger op på tilsagnet."),
        status(u19[2], Status.NO_FOLLOW_UP_FOUND, "2019-09-01/2019-11-30", "Intet i ØA20 følger op på det."),
        status(u24[1], Status.PENDING, "ØA25", "Fristen ØA25 ligger efter den nyeste aftale."),
        status(u22[2], Status.PENDING, None, "Åben frist: når evalueringen foreligger."),
        status(u22[2], Status.NO_FOLLOW_UP_FOUND, "2022-09-01/2022-11-30", "Intet i ØA23 følger op på det."),
    ]
    commitments = [c for a in ("ØA19", "ØA20", "ØA22", "ØA23", "ØA24") for c in units[a]]
    return Bundle(agreements=agreements, commitments=commitments, links=links, statuses=statuses)
