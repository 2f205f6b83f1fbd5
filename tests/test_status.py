"""Statuses of promised follow-ups: followed-up, pending, no-follow-up-found, and `--as-of`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.corpus import read_corpus
from graph.errors import AftalegrafError
from graph.extract import extract_agreement
from graph.models import Agreement, Bundle, Commitment, Deadline, FollowUp, Source, Status
from graph.status import (
    as_of_bundle,
    bundle_statuses,
    compute_statuses,
    judged_deadline,
    signing_date,
    status_summary,
    with_followups,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "followups"


def _agreement(year: int, *, in_corpus: bool = True, signed: dt.date | None = None) -> Agreement:
    return Agreement(
        id=f"ØA{year % 100:02d}", fiscal_year=year, title=f"Aftale om kommunernes økonomi for {year}",
        in_corpus=in_corpus, file=f"kommuner-{year}.txt" if in_corpus else None, signed=signed,
    )


def _unit(year: int, n: int, *deadlines: tuple[str | None, str]) -> Commitment:
    text = f"Regeringen og KL er enige om at gennemføre initiativ nummer {n}."
    return Commitment(
        id=f"oa{year % 100:02d}-{n:010x}", agreement=f"ØA{year % 100:02d}", fiscal_year=year, text=text,
        heading=[], type="agreement", action=True, parties=["Regeringen", "KL"], area="okonomi",
        deadlines=[
            Deadline(text="…", norm=norm, kind="agreement" if norm and norm.startswith("ØA") else ("interval" if norm else "open"))
            for norm, _ in deadlines
        ],
        source=Source(file=f"kommuner-{year}.txt", start=n, end=n + len(text)),
    )


def _link(later: Commitment, earlier: Commitment) -> FollowUp:
    return FollowUp.model_validate(
        {"from": later.id, "to": earlier.id, "evidence": "implicit", "confidence": 0.7, "matched": ["initiativ"]}
    )


AGREEMENTS = [
    _agreement(2020, signed=dt.date(2019, 9, 6)),
    _agreement(2021, in_corpus=False),
    _agreement(2022, signed=dt.date(2021, 6, 8)),
    _agreement(2023),
    _agreement(2025, in_corpus=False),
]


def _by_id(statuses):
    return {s.id: s for s in statuses}


def test_followed_up_carries_the_linking_commitments() -> None:
    promise, answer = _unit(2020, 1, ("ØA22", "")), _unit(2022, 2)
    (status,) = compute_statuses([promise, answer], [_link(answer, promise)], AGREEMENTS)
    assert status.status is Status.FOLLOWED_UP
    assert status.evidence.followed_up_by == [answer.id]
    assert status.deadline == "ØA22" and status.as_of == "ØA23"


def test_deadline_agreement_missing_from_the_corpus_is_pending() -> None:
    (status,) = compute_statuses([_unit(2020, 1, ("ØA21", ""))], [], AGREEMENTS)
    assert status.status is Status.PENDING
    assert "ØA21" in status.evidence.reason and status.evidence.searched is None


def test_deadline_after_the_newest_agreement_is_pending() -> None:
    (status,) = compute_statuses([_unit(2023, 1, ("ØA25", ""))], [], AGREEMENTS)
    assert status.status is Status.PENDING and "ØA25" in status.evidence.reason


def test_deadline_agreement_in_the_corpus_with_nothing_linking_back() -> None:
    (status,) = compute_statuses([_unit(2020, 1, ("ØA22", ""))], [], AGREEMENTS)
    assert status.status is Status.NO_FOLLOW_UP_FOUND
    assert status.evidence.searched == "ØA22"


def test_calendar_deadline_is_searched_in_the_first_agreement_signed_after_it() -> None:
    autumn = _unit(2020, 1, ("2020-09-01/2020-11-30", ""))
    (status,) = compute_statuses([autumn], [], AGREEMENTS)
    assert status.status is Status.NO_FOLLOW_UP_FOUND and status.evidence.searched == "ØA22"
    late = _unit(2020, 2, ("../2023-12-31", ""))
    (status,) = compute_statuses([late], [], AGREEMENTS)
    assert status.status is Status.PENDING  # ØA23 is taken as signed 2022-06-30, before the deadline


def test_open_deadline_is_searched_in_the_next_agreement() -> None:
    (status,) = compute_statuses([_unit(2020, 1, (None, ""))], [], AGREEMENTS)
    assert status.status is Status.NO_FOLLOW_UP_FOUND and status.evidence.searched == "ØA22"
    (status,) = compute_statuses([_unit(2023, 1, (None, ""))], [], AGREEMENTS)
    assert status.status is Status.PENDING


def test_commitments_without_deadline_get_no_status() -> None:
    assert compute_statuses([_unit(2020, 1)], [], AGREEMENTS) == []


def test_judged_deadline_prefers_a_deadline_agreement_then_the_latest_date() -> None:
    both = _unit(2020, 1, ("../2019-06-30", ""), ("2020-10-01/2020-12-31", ""), ("ØA22", ""))
    assert judged_deadline(both).norm == "ØA22"
    dates = _unit(2020, 2, ("2019-01-01/2019-12-31", ""), ("../2020-12-31", ""))
    assert judged_deadline(dates).norm == "../2020-12-31"


def test_as_of_drops_newer_agreements_and_their_links() -> None:
    promise, answer = _unit(2020, 1, ("ØA23", "")), _unit(2023, 2)
    bundle = Bundle(agreements=AGREEMENTS, commitments=[promise, answer], links=[_link(answer, promise)])
    now = _by_id(bundle_statuses(bundle))
    assert now[promise.id].status is Status.FOLLOWED_UP
    then = _by_id(bundle_statuses(bundle, as_of="ØA22"))
    assert then[promise.id].status is Status.PENDING and then[promise.id].as_of == "ØA22"
    old = as_of_bundle(bundle, "ØA22")
    assert [c.id for c in old.commitments] == [promise.id] and old.links == []
    assert not next(a for a in old.agreements if a.id == "ØA23").in_corpus


@pytest.mark.parametrize("value", ["2023", "OA23", "ØA2023"])
def test_bad_as_of_is_a_user_error(value: str) -> None:
    with pytest.raises(AftalegrafError):
        bundle_statuses(Bundle(agreements=AGREEMENTS, commitments=[]), as_of=value)


def test_as_of_older_than_the_corpus_is_a_user_error() -> None:
    with pytest.raises(AftalegrafError, match="ØA19"):
        bundle_statuses(Bundle(agreements=AGREEMENTS, commitments=[]), as_of="ØA19")


def test_unknown_signing_date_is_estimated_before_the_fiscal_year() -> None:
    assert signing_date(_agreement(2024)) == dt.date(2023, 6, 30)


def test_every_status_on_the_synthetic_corpus() -> None:
    texts = read_corpus(FIXTURES)
    commitments = [c for t in texts for c in extract_agreement(t)]
    agreements = [t.agreement for t in texts]
    bundle = with_followups(Bundle(agreements=agreements, commitments=commitments), texts)
    text = {c.id: c.text for c in commitments}
    got = {text[s.id]: (s.status, s.deadline) for s in bundle.statuses}
    summary = status_summary(bundle.statuses)
    assert all(summary[s.value] > 0 for s in Status)

    def status_of(words: str) -> tuple[Status, str | None]:
        return next(v for k, v in got.items() if words in k)

    assert status_of("nedsætte en arbejdsgruppe om ensartet") == (Status.FOLLOWED_UP, "ØA22")
    assert status_of("drøfte sagsbehandlingstiderne") == (Status.PENDING, "ØA21")
    assert status_of("undersøge energiforbruget i svømmehallerne") == (Status.NO_FOLLOW_UP_FOUND, "ØA22")
    assert status_of("drøfte evalueringen af velfærdsteknologipuljen") == (Status.PENDING, "ØA25")
