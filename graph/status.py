"""Status of every promised follow-up: what the corpus shows became of a commitment with a deadline.

Computed from the commitments, the links and the agreements alone, never stored by hand:

- **followed-up** — some later commitment links to it (evidence: the linking ids).
- **pending** — the deadline is not yet due in the corpus: a deadline agreement after the newest
  agreement taken into account, or one whose text the corpus lacks (ØA21); a calendar deadline
  after the newest agreement's signing; an open deadline (`når evalueringen foreligger`) with no
  later agreement yet.
- **no-follow-up-found** — the deadline agreement (or, for a calendar deadline, the first agreement
  of the corpus signed on or after the date; for an open one, the next agreement) is in the corpus
  and nothing links back (evidence: the agreement searched first).

A commitment with several deadlines is judged on one: a deadline agreement if it names one (the
earliest), else the calendar deadline that falls last, else its open deadline. A calendar date is
an interval's end, or its start when it has none (`2025-01-01/..`). An agreement whose signing date
is unknown is taken to be signed on 30 June of the year before its fiscal year, as these agreements
usually are. `as_of` drops every agreement, commitment and link newer than it first, so a status
reads as it stood when that agreement was the newest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from graph.corpus import AgreementText, read_corpus
from graph.dataset import AGREEMENTS_FILE, read_dataset
from graph.dataset import referenced_agreements as dataset_referenced
from graph.errors import AftalegrafError, DatasetError
from graph.extract import extract_corpus
from graph.link import LinkThresholds, contexts_from_texts, find_links
from graph.models import (
    AGREEMENT_ID,
    Agreement,
    Bundle,
    Commitment,
    Deadline,
    DeadlineKind,
    FollowUp,
    FollowUpStatus,
    Status,
    StatusEvidence,
    fiscal_year_of,
)


def signing_date(agreement: Agreement) -> dt.date:
    """The signing date, or 30 June of the year before the fiscal year where the text gives none."""
    return agreement.signed or dt.date(agreement.fiscal_year - 1, 6, 30)


def check_as_of(as_of: str) -> int:
    """Fiscal year of an `--as-of` value; a value that is not `ØA23`-shaped is a user error."""
    if not AGREEMENT_ID.match(as_of):
        raise AftalegrafError("--as-of", f"{as_of!r} is not an agreement identifier such as ØA23")
    return fiscal_year_of(as_of)


def as_of_bundle(bundle: Bundle, as_of: str | None) -> Bundle:
    """The bundle as it stood when `as_of` was the newest agreement: later texts and links dropped."""
    if as_of is None:
        return bundle
    year = check_as_of(as_of)
    if not any(a.in_corpus and a.fiscal_year <= year for a in bundle.agreements):
        raise AftalegrafError("--as-of", f"no agreement of the corpus is as old as {as_of}")
    keep = {c.id for c in bundle.commitments if c.fiscal_year <= year}
    agreements = [
        a if a.fiscal_year <= year or not a.in_corpus else a.model_copy(update={"in_corpus": False})
        for a in bundle.agreements
    ]
    return Bundle(
        agreements=agreements,
        commitments=[c for c in bundle.commitments if c.id in keep],
        links=[link for link in bundle.links if link.from_id in keep and link.to_id in keep],
        statuses=[],
    )


def _date(norm: str) -> dt.date | None:
    start, _, end = norm.partition("/")
    for part in (end, start):
        if part and part != "..":
            try:
                return dt.date.fromisoformat(part)
            except ValueError:
                return None
    return None


def judged_deadline(commitment: Commitment) -> Deadline | None:
    """The one deadline a commitment's status is judged on (see the module docstring)."""
    agreements = [d for d in commitment.deadlines if d.kind is DeadlineKind.AGREEMENT and d.norm]
    later = [d for d in agreements if fiscal_year_of(d.norm or "") > commitment.fiscal_year]
    if later or agreements:
        return min(later or agreements, key=lambda d: fiscal_year_of(d.norm or ""))
    dated = [(day, d) for d in commitment.deadlines if d.norm and (day := _date(d.norm)) is not None]
    if dated:
        return max(dated, key=lambda pair: pair[0])[1]
    return commitment.deadlines[0] if commitment.deadlines else None


def compute_statuses(
    commitments: Sequence[Commitment],
    links: Sequence[FollowUp],
    agreements: Sequence[Agreement],
    *,
    as_of: str | None = None,
) -> list[FollowUpStatus]:
    """One status per commitment with a deadline, sorted by id; see the module docstring for the rules."""
    bundle = as_of_bundle(Bundle(agreements=list(agreements), commitments=list(commitments), links=list(links)), as_of)
    present = sorted((a for a in bundle.agreements if a.in_corpus), key=lambda a: a.fiscal_year)
    if not present:
        return []
    newest = present[-1]
    year_of = {c.id: c.fiscal_year for c in bundle.commitments}
    followers: dict[str, set[str]] = defaultdict(set)
    for link in bundle.links:
        followers[link.to_id].add(link.from_id)
    statuses = []
    for commitment in sorted(bundle.commitments, key=lambda c: c.id):
        deadline = judged_deadline(commitment)
        if deadline is None:
            continue
        by = sorted(followers.get(commitment.id, ()), key=lambda i: (year_of.get(i, 0), i))
        if by:
            where = sorted({f"ØA{year_of[i] % 100:02d}" for i in by if i in year_of})
            evidence = StatusEvidence(
                followed_up_by=by, reason=f"Followed up in {', '.join(where)} by {', '.join(by)}."
            )
            status = Status.FOLLOWED_UP
        else:
            status, evidence = _unanswered(commitment, deadline, present, newest)
        statuses.append(
            FollowUpStatus(id=commitment.id, deadline=deadline.norm, status=status, evidence=evidence, as_of=newest.id)
        )
    return statuses


def _unanswered(
    commitment: Commitment, deadline: Deadline, present: list[Agreement], newest: Agreement
) -> tuple[Status, StatusEvidence]:
    """Pending or no-follow-up-found for a commitment nothing links back to."""
    after = [a for a in present if a.fiscal_year > commitment.fiscal_year]
    if deadline.kind is DeadlineKind.AGREEMENT and deadline.norm:
        target = deadline.norm
        if fiscal_year_of(target) > newest.fiscal_year:
            return Status.PENDING, StatusEvidence(
                reason=f"The deadline {target} is later than the newest agreement in the corpus ({newest.id})."
            )
        if not any(a.id == target for a in present):
            return Status.PENDING, StatusEvidence(reason=f"The text of {target} is not in the corpus.")
        return Status.NO_FOLLOW_UP_FOUND, StatusEvidence(
            searched=target, reason=f"No commitment of {target} or later links back to this one."
        )
    day = _date(deadline.norm) if deadline.norm else None
    if day is not None:
        due = [a for a in after if signing_date(a) >= day]
        if not due:
            return Status.PENDING, StatusEvidence(
                reason=f"The deadline {deadline.norm} falls after the newest agreement in the corpus ({newest.id})."
            )
        return Status.NO_FOLLOW_UP_FOUND, StatusEvidence(
            searched=due[0].id,
            reason=f"No commitment of {due[0].id} (the first agreement after {day.isoformat()}) or later links back.",
        )
    if not after:
        return Status.PENDING, StatusEvidence(
            reason=f"The deadline has no date and no agreement after {commitment.agreement} is in the corpus."
        )
    return Status.NO_FOLLOW_UP_FOUND, StatusEvidence(
        searched=after[0].id, reason=f"No commitment of {after[0].id} or later links back to this one."
    )


def bundle_statuses(bundle: Bundle, *, as_of: str | None = None) -> list[FollowUpStatus]:
    """`compute_statuses` on a whole bundle."""
    return compute_statuses(bundle.commitments, bundle.links, bundle.agreements, as_of=as_of)


# --- the follow-up stage of a build, and the bundle the follow-up commands read ----------------------


def with_followups(
    bundle: Bundle, texts: Sequence[AgreementText], *, thresholds: LinkThresholds | None = None
) -> Bundle:
    """The bundle with its links (found with the units' paragraphs from `texts`) and statuses."""
    contexts = contexts_from_texts(texts, bundle.commitments)
    links = find_links(bundle.commitments, thresholds=thresholds, contexts=contexts)
    statuses = compute_statuses(bundle.commitments, links, bundle.agreements)
    return bundle.model_copy(update={"links": links, "statuses": statuses})


def status_summary(statuses: Sequence[FollowUpStatus]) -> dict[str, int]:
    """How many promised follow-ups have each status, every status listed."""
    counts = {str(status): 0 for status in Status}
    for item in statuses:
        counts[str(item.status)] += 1
    return counts


def _fresh(bundle: Bundle, texts: Sequence[AgreementText]) -> bool:
    """Was the dataset built from exactly these corpus files?"""
    built = {(a.file, a.sha256) for a in bundle.agreements if a.in_corpus}
    return built == {(t.file, t.agreement.sha256) for t in texts}


def current_bundle(data: Path, corpus: Path, *, thresholds: LinkThresholds | None = None) -> Bundle:
    """The bundle the follow-up commands answer from.

    The built dataset in `data` when it was built from the files now in `corpus` (and the default
    thresholds are asked for); otherwise links and statuses are recomputed in memory, from the
    dataset's commitments if it is current, else from a fresh extraction of the corpus. So the ids
    always equal what `aftalegraf extract` prints for the corpus files, and nothing is written.
    """
    texts = read_corpus(corpus) if corpus.is_dir() else []
    dataset = read_dataset(data) if (data / AGREEMENTS_FILE).exists() else None
    default = thresholds is None or thresholds == LinkThresholds()
    if dataset is not None and (not texts or _fresh(dataset, texts)):
        if default and (dataset.links or not dataset.commitments) and (dataset.statuses or not dataset.links):
            return dataset
        if not texts:
            raise DatasetError(str(corpus), "the agreement texts are needed to recompute links, and are not here")
        return with_followups(dataset, texts, thresholds=thresholds)
    if not texts:
        raise DatasetError(str(data), "no dataset here and no corpus to build one from (run `aftalegraf build`)")
    return texts_bundle(texts, thresholds=thresholds)


def texts_bundle(texts: Sequence[AgreementText], *, thresholds: LinkThresholds | None = None) -> Bundle:
    """Extract, link and judge the given agreement texts in memory (`aftalegraf links FILE…`)."""
    commitments = extract_corpus(texts)  # in parallel, as a build does it
    agreements = [t.agreement for t in texts]
    agreements += dataset_referenced(commitments, {a.id for a in agreements})
    bundle = Bundle(agreements=sorted(agreements, key=lambda a: a.fiscal_year), commitments=commitments)
    return with_followups(bundle, texts, thresholds=thresholds)
