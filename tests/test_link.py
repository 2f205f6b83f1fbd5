"""Follow-up links: each evidence kind, gaps in the corpus, competing candidates, real ØA23 → ØA24 cases."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from _extraction import as_pdf, quote_key

import graph.link as link_module
from graph.corpus import read_corpus
from graph.extract import extract_agreement
from graph.link import (
    Index,
    LinkThresholds,
    Scorer,
    cited_agreements,
    contexts_from_texts,
    find_links,
    prepare,
    prepare_all,
    stem,
    terms,
)
from graph.models import Commitment, Deadline, DeadlineKind, Evidence, FollowUp, Source, Span

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "followups"
CORPUS = ROOT / "data" / "agreements"
EVAL = ROOT.parent / "shared" / "eval"


def _linked(commitments: list[Commitment], texts, **kw) -> list[FollowUp]:
    return find_links(commitments, contexts=contexts_from_texts(texts, commitments), **kw)


def _extracted_and_linked(texts) -> tuple[list[Commitment], list[FollowUp]]:
    commitments = [c for t in texts for c in extract_agreement(t)]
    return commitments, _linked(commitments, texts)


@pytest.fixture(scope="module")
def synthetic() -> tuple[list[Commitment], list[FollowUp]]:
    return _extracted_and_linked(read_corpus(FIXTURES))


def _real(years: tuple[int, ...]) -> tuple[list[Commitment], list[FollowUp]]:
    return _extracted_and_linked([t for t in read_corpus(CORPUS) if t.agreement.fiscal_year in years])


@pytest.fixture(scope="module")
def real_2324() -> tuple[list[Commitment], list[FollowUp]]:
    return _real((2023, 2024))


@pytest.fixture(scope="module")
def real_202223() -> tuple[list[Commitment], list[FollowUp]]:
    return _real((2020, 2022, 2023))


def _one(commitments: list[Commitment], words: str) -> Commitment:
    found = [c for c in commitments if words in c.text]
    assert len(found) == 1, f"{len(found)} commitments contain {words!r}"
    return found[0]


def _link(links: list[FollowUp], later: Commitment, earlier: Commitment) -> FollowUp | None:
    return next((lk for lk in links if lk.from_id == later.id and lk.to_id == earlier.id), None)


# --- words ----------------------------------------------------------------------------------------


def test_stemmer_folds_danish_inflections_together() -> None:
    assert stem("arbejdsgruppen") == stem("arbejdsgrupper") == stem("arbejdsgruppe")
    assert stem("kvalitetsindikatorerne") == stem("kvalitetsindikatorer")
    assert stem("løsningerne") == stem("løsninger")


def test_terms_drop_markers_parties_and_years_but_keep_amounts_and_names() -> None:
    words = terms("Regeringen og KL er enige om at videreføre finansieringstilskuddet på 3,5 mia. kr. i 2020 (E&E-systemet).")
    surfaces = set(words.values())
    assert {"finansieringstilskuddet", "3,5", "E&E-systemet", "E&E"} <= surfaces
    assert not {"Regeringen", "KL", "enige", "2020", "mia"} & surfaces


def test_citations_absolute_relative_and_not_other_agreements() -> None:
    assert [c.agreement for c in cited_agreements("Med Aftale om kommunernes økonomi for 2023 er det aftalt", 2024)] == ["ØA23"]
    assert [c.agreement for c in cited_agreements("som opfølgning på sidste års økonomiaftale", 2020)] == ["ØA19"]
    assert [c.agreement for c in cited_agreements("I fjorårets økonomiaftale blev parterne enige", 2023)] == ["ØA22"]
    assert cited_agreements("Regeringen har med finanslovsaftalen for 2021 afsat 250 mio. kr.", 2022) == []
    assert cited_agreements("drøftes ved forhandlingerne om kommunernes økonomi for 2025", 2024) == []  # a deadline


# --- each evidence kind on the synthetic corpus (ØA20, ØA22, ØA23; ØA21 missing) ---------------------


def test_explicit_both_when_the_later_unit_cites_and_the_earlier_names_it_as_deadline(synthetic) -> None:
    commitments, links = synthetic
    earlier = _one(commitments, "nedsætte en arbejdsgruppe om ensartet affaldssortering")
    later = _one(commitments, "følge arbejdsgruppens anbefalinger")
    link = _link(links, later, earlier)
    assert link is not None and link.evidence is Evidence.EXPLICIT_BOTH
    assert "Aftale om kommunernes økonomi for 2020" in link.matched
    assert "affaldssortering" in link.matched
    assert link.confidence >= 0.9


def test_explicit_backward_picks_the_right_one_of_two_similar_candidates(synthetic) -> None:
    commitments, links = synthetic
    later = _one(commitments, "forhøje klimatilpasningspuljen")
    right = _one(commitments, "udmønte klimatilpasningspuljen")
    wrong = _one(commitments, "udmønte velfærdsteknologipuljen")
    link = _link(links, later, right)
    assert link is not None and link.evidence is Evidence.EXPLICIT_BACKWARD
    assert "klimatilpasningspuljen" in link.matched
    assert _link(links, later, wrong) is None


def test_explicit_forward_across_a_missing_year(synthetic) -> None:
    commitments, links = synthetic
    earlier = _one(commitments, "efterslæbet på vejbelysningen og broerne og drøfte")
    later = _one(commitments, "nedbringe efterslæbet på vejbelysningen")
    link = _link(links, later, earlier)
    assert link is not None and link.evidence is Evidence.EXPLICIT_FORWARD
    assert "i forbindelse med økonomiaftalen for 2022" in link.matched


def test_implicit_link_to_the_previous_agreement_in_the_corpus_not_the_previous_year(synthetic) -> None:
    commitments, links = synthetic
    earlier = _one(commitments, "forlænge frikommuneforsøget")
    later = _one(commitments, "frikommuneforsøget med færre dokumentationskrav på beskæftigelsesområdet permanent")
    link = _link(links, later, earlier)
    assert link is not None and link.evidence is Evidence.IMPLICIT
    assert "frikommuneforsøget" in link.matched
    assert 0 < link.confidence < 0.9


def test_a_chain_runs_through_three_agreements(synthetic) -> None:
    commitments, links = synthetic
    first = _one(commitments, "udmønte velfærdsteknologipuljen")
    second = _one(commitments, "evaluere velfærdsteknologipuljen")
    third = _one(commitments, "drøfte evalueringen af velfærdsteknologipuljen")
    assert _link(links, second, first) and _link(links, third, second)


def test_unrelated_and_unanswered_units_get_no_link(synthetic) -> None:
    commitments, links = synthetic
    for words in ("energiforbruget i svømmehallerne", "praktiske faglighed", "busdriften"):
        unit = _one(commitments, words)
        assert not [lk for lk in links if unit.id in (lk.from_id, lk.to_id)], words


def test_links_point_from_later_to_earlier_and_are_explained(synthetic) -> None:
    commitments, links = synthetic
    year = {c.id: c.fiscal_year for c in commitments}
    assert links
    for link in links:
        assert year[link.from_id] > year[link.to_id]
        assert link.matched


def test_links_are_deterministic_and_independent_of_input_order(synthetic) -> None:
    commitments, links = synthetic
    texts = read_corpus(FIXTURES)
    shuffled = list(commitments)
    random.Random(7).shuffle(shuffled)
    assert _linked(shuffled, texts) == links


@pytest.mark.parametrize("recycle_after", [link_module.RECYCLE_AFTER, 20])
def test_worker_processes_give_the_links_one_process_gives(real_2324, monkeypatch, recycle_after) -> None:
    """The rankings are spread over forked workers (replaced or not); the choices made from them must not notice."""
    commitments, links = real_2324
    texts = [t for t in read_corpus(CORPUS) if t.agreement.fiscal_year in (2023, 2024)]
    contexts = contexts_from_texts(texts, commitments)
    monkeypatch.setattr(link_module, "PARALLEL_FROM", 50)  # ØA24 has 107 units: enough implicit queries to fork
    monkeypatch.setattr(link_module, "RECYCLE_AFTER", recycle_after)
    assert sum(c.agreement == "ØA24" for c in commitments) >= link_module.PARALLEL_FROM
    assert links
    assert find_links(commitments, contexts=contexts, workers=1) == links
    assert find_links(commitments, contexts=contexts, workers=2) == links


def test_units_prepared_file_by_file_in_workers_equal_those_prepared_here(real_2324, monkeypatch) -> None:
    commitments, _ = real_2324
    texts = [t for t in read_corpus(CORPUS) if t.agreement.fiscal_year in (2023, 2024)]
    monkeypatch.setattr(link_module, "PARALLEL_FROM", 50)
    here = prepare_all(commitments, contexts_from_texts(texts, commitments), workers=1)
    forked = prepare_all(commitments, contexts_from_texts(texts, commitments), workers=2)
    assert [u.commitment.id for u in here] == sorted(c.id for c in commitments)
    assert forked == here
    assert all(u.around for u in forked)  # each worker cut its file's paragraphs


def test_thresholds_decide(synthetic) -> None:
    commitments, _ = synthetic
    texts = read_corpus(FIXTURES)
    strict = LinkThresholds(
        implicit=1.0, implicit_same_area=1.0, implicit_mutual=1.0, explicit=1.0, forward=1.0, both=1.0,
        near_duplicate=100.0,
    )
    assert _linked(commitments, texts, thresholds=strict) == []
    with pytest.raises(ValueError):
        LinkThresholds(implicit=2.0)


def test_candidate_lookup_is_bounded_whatever_the_size() -> None:
    """At most max_candidates candidates are scored per unit, and too common words are not looked up."""
    limits = LinkThresholds(max_candidates=15, max_postings=3000)

    def unit(agreement: str, n: int) -> Commitment:
        year = 2000 + int(agreement[2:])
        text = f"Regeringen og KL er enige om at udbygge cykelstierne og ladestanderne nummer {n:05d}."
        return Commitment(
            id=f"oa{agreement[2:]}-{n:010x}", agreement=agreement, fiscal_year=year, text=text, heading=["Veje"],
            type="agreement", action=True, parties=["Regeringen", "KL"], area="infrastruktur",
            source=Source(file=f"k{year}.txt", start=n * 100, end=n * 100 + len(text)),
        )

    earlier = [prepare(unit("ØA22", n), None) for n in range(2000)]
    query = prepare(unit("ØA23", 1), None)
    scorer = Scorer([*earlier, query], limits)
    found = Index(earlier).candidates(query, scorer)
    assert 0 < len(found) <= limits.max_candidates
    common = scorer.thresholds.model_copy(update={"max_postings": 1000})
    rare_only = Index(earlier).candidates(query, Scorer([*earlier, query], common))
    assert [u.commitment.id for u in rare_only] == ["oa22-0000000001"]  # only the number is rare; the rest is in 2000


def _unit_in(agreement: str, n: int, text: str) -> Commitment:
    year = 2000 + int(agreement[2:])
    return Commitment(
        id=f"oa{agreement[2:]}-{n:010x}", agreement=agreement, fiscal_year=year, text=text, heading=["Rammer"],
        type="agreement", action=True, parties=["Regeringen", "KL"], area="okonomi",
        source=Source(file=f"k{year}.txt", start=n * 100, end=n * 100 + len(text)),
    )


FRAME = "Regeringen og KL er enige om, at det er en central forudsætning, at servicerammen og anlægsrammen overholdes i {y}."
GRANT = "Regeringen og KL er enige om at videreføre det ekstraordinære finansieringstilskud på 3,5 mia. kr. i {y}."
FILLER = [
    "Regeringen og KL er enige om at udbygge cykelstierne i {y}.",
    "Regeringen og KL er enige om at evaluere svømmehallernes energiforbrug i {y}.",
    "Regeringen og KL er enige om at styrke busdriften i landdistrikterne i {y}.",
]


def test_wording_every_agreement_repeats_is_a_frame_not_a_follow_up() -> None:
    """The budget condition restated in three agreements gets no link; a grant continued in two does."""
    commitments = []
    for agreement in ("ØA20", "ØA22", "ØA23"):
        year = 2000 + int(agreement[2:])
        commitments.append(_unit_in(agreement, 1, FRAME.format(y=year)))
        commitments += [_unit_in(agreement, 10 + i, f.format(y=year)) for i, f in enumerate(FILLER)]
    for agreement in ("ØA22", "ØA23"):
        commitments.append(_unit_in(agreement, 2, GRANT.format(y=2000 + int(agreement[2:]))))
    links = find_links(commitments)
    pairs = {(lk.from_id, lk.to_id) for lk in links}
    assert ("oa23-0000000002", "oa22-0000000002") in pairs
    assert not [p for p in pairs if p[0].endswith("-0000000001")]


def test_one_subject_carried_on_is_one_implicit_link() -> None:
    """Two later units restating one earlier unit: only the closer one links to it."""
    earlier = _unit_in("ØA22", 1, "Regeringen og KL er enige om at forlænge frikommuneforsøget med færre dokumentationskrav.")
    close = _unit_in("ØA23", 1, "Regeringen og KL er enige om at forlænge frikommuneforsøget med færre dokumentationskrav.")
    loose = _unit_in("ØA23", 2, "Regeringen og KL er enige om at evaluere frikommuneforsøget med færre dokumentationskrav.")
    fillers = [_unit_in(a, 10 + i, f.format(y=2000 + int(a[2:]))) for a in ("ØA22", "ØA23") for i, f in enumerate(FILLER)]
    links = find_links([earlier, close, loose, *fillers])
    assert [(lk.from_id, lk.to_id) for lk in links if lk.to_id == earlier.id] == [(close.id, earlier.id)]


LINK_IN_A_FRESH_PROCESS = """
import sys
from graph.link import find_links
from graph.models import Commitment
commitments = [Commitment.model_validate_json(line) for line in sys.stdin]
for link in find_links(commitments, workers=1):
    print(link.model_dump_json(by_alias=True))
"""


def test_links_between_identical_candidates_do_not_depend_on_the_hash_seed() -> None:
    """Two ØA23 units cite the same ØA22 work that ØA22 states twice: the four pairs tie exactly, and
    the pairing chosen must be the same in every process (set order follows the per-process hash seed)."""
    earlier = "Regeringen og KL er enige om at forlænge frikommuneforsøget med færre dokumentationskrav på ældreområdet."
    later = "Med Aftale om kommunernes økonomi for 2022 er regeringen og KL enige om at forlænge frikommuneforsøget med færre dokumentationskrav på ældreområdet."
    others = ["cykelstierne", "svømmehallerne", "busdriften", "bibliotekerne", "havnene", "skovene", "sportshallerne",
              "musikskolerne", "genbrugspladserne", "kirkegårdene", "vandværkerne", "daginstitutionerne"]
    commitments = [_unit_in("ØA22", n, earlier) for n in (1, 2)] + [_unit_in("ØA23", n, later) for n in (1, 2)]
    commitments += [
        _unit_in(a, 10 + i, f"Regeringen og KL er enige om at styrke {o} i {2000 + int(a[2:])}.")
        for a in ("ØA22", "ØA23") for i, o in enumerate(others)
    ]
    data = "".join(c.model_dump_json() + "\n" for c in commitments)
    outputs = {
        subprocess.run(
            [sys.executable, "-c", LINK_IN_A_FRESH_PROCESS], input=data, capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)}, cwd=ROOT,
        ).stdout
        for seed in range(6)
    }
    assert len(outputs) == 1
    twice = {c.id for c in commitments[:2]}
    tied = [link for link in map(json.loads, outputs.pop().splitlines()) if link["to"] in twice]
    assert sorted((lk["from"], lk["evidence"]) for lk in tied) == [
        ("oa23-0000000001", "explicit-backward"), ("oa23-0000000002", "explicit-backward")
    ]


GAP_SUBJECT = "Regeringen og KL er enige om at {verb} frikommuneforsøget med digitale byggetilladelser i landdistrikterne."


def _gap_corpus(carried_in_between: bool) -> tuple[list[Commitment], list[FollowUp]]:
    units = [_unit_in("ØA30", 1, GAP_SUBJECT.format(verb="igangsætte")), _unit_in("ØA32", 1, GAP_SUBJECT.format(verb="forlænge"))]
    if carried_in_between:
        between = "KL vil samle erfaringerne fra frikommuneforsøget med digitale byggetilladelser og dele dem med kommunerne."
        units.append(_unit_in("ØA31", 1, between))
    units += [_unit_in(a, 10 + i, f.format(y=2000 + int(a[2:]))) for a in ("ØA30", "ØA31", "ØA32") for i, f in enumerate(FILLER)]
    return units, find_links(units)


def test_a_subject_the_agreement_in_between_left_alone_links_across_the_gap() -> None:
    _, links = _gap_corpus(carried_in_between=False)
    assert [(lk.from_id, lk.to_id, lk.evidence) for lk in links if lk.to_id == "oa30-0000000001"] == [
        ("oa32-0000000001", "oa30-0000000001", Evidence.IMPLICIT)
    ]


def test_a_subject_carried_on_in_between_chains_through_that_agreement() -> None:
    _, links = _gap_corpus(carried_in_between=True)
    pairs = {(lk.from_id, lk.to_id) for lk in links}
    assert ("oa32-0000000001", "oa31-0000000001") in pairs
    assert ("oa32-0000000001", "oa30-0000000001") not in pairs


# --- the real agreements ---------------------------------------------------------------------------


def test_a_shared_sector_word_is_no_shared_subject(real_202223) -> None:
    """`energi` or `pædagogiske … dagtilbud` say which sector two units are in, not that one carries
    the other on; a named object (`miljømærker`) does."""
    commitments, links = real_202223
    pairs = {(lk.from_id, lk.to_id) for lk in links}
    catalogue = _one(commitments, "udbygningen med vedvarende energi i højere grad baseres på lokal inddragelse")
    tool = _one(commitments, "Energi- og CO2-regnskabet bør være det fælleskommunale værktøj")
    review = _one(commitments, "de almene pædagogiske læringsmiljøer i dagtilbud kan skabe deltagelsesmuligheder")
    supervision = _one(commitments, "tilsyn er et vigtigt redskab til at vurdere og udvikle kvaliteten af den pædagogiske")
    assert (catalogue.id, tool.id) not in pairs
    assert (review.id, supervision.id) not in pairs
    ecolabels = _one(commitments, "hvor der med fordel kan stilles krav om miljømærker")
    assert (ecolabels.id, _one(commitments, "Undersøge muligheden for at udbrede miljømærker").id) in pairs


def test_ukraine_refugees_net_expenses_followed_up_in_oa24(real_2324) -> None:
    commitments, links = real_2324
    later = _one(commitments, "Med Aftale om kommunernes økonomi for 2023 er det aftalt at følge op på kommunernes nettomerudgifter")
    earlier = _one(commitments, "senere på året at følge op på økonomien i 2022")
    link = _link(links, later, earlier)
    assert link is not None and link.evidence in (Evidence.EXPLICIT_BACKWARD, Evidence.EXPLICIT_BOTH)
    assert "Aftale om kommunernes økonomi for 2023" in link.matched
    assert "nettomerudgifter" in link.matched
    # the other Ukraine units of ØA23 (the targeted financing, the March 2022 agreement) are not the promise
    assert [lk.to_id for lk in links if lk.from_id == later.id] == [earlier.id]


def test_a_citing_unit_follows_up_the_settlement_of_the_year_it_names(real_2324) -> None:
    """`… sikres de nødvendige ressourcer til at finansiere COVID-19-indsatsen i 2022` (ØA24, citing ØA23)
    answers ØA23's compensation for 2022, not its compensation for 2020 and 2021 in the same section."""
    commitments, links = real_2324
    later = _one(commitments, "sikres de nødvendige ressourcer til at finansiere COVID-19-indsatsen i 2022")
    text = {c.id: c.text for c in commitments}
    targets = [text[lk.to_id] for lk in links if lk.from_id == later.id]
    assert targets and all("2022" in t and "2020 og 2021" not in t for t in targets)


def test_no_unit_is_in_two_links_between_the_same_two_agreements(real_2324) -> None:
    commitments, links = real_2324
    agreement = {c.id: c.agreement for c in commitments}
    later_ends = [(lk.from_id, agreement[lk.to_id]) for lk in links]
    earlier_ends = [(lk.to_id, agreement[lk.from_id]) for lk in links]
    assert len(set(later_ends)) == len(later_ends) and len(set(earlier_ends)) == len(earlier_ends)


def test_a_unit_that_loses_its_best_pair_to_a_stronger_one_keeps_its_next() -> None:
    """Two ØA24 units cite the ØA23 analysis of temps in elderly care; one takes it, the other the
    ØA23 unit on discussing the rules for temps, which it matches next best (in the whole corpus)."""
    commitments, links = _real((2019, 2020, 2022, 2023, 2024))
    analysis = _one(commitments, "igangsætte et fælles analysearbejde, som skal undersøge, hvordan kommune")
    rules = _one(commitments, "med afsæt i analysen, at drøfte, hvordan rammerne for, og brugen af, vikarer")
    ambition = _one(commitments, "fælles ambition om, at forbruget af vikarer på det kommunale ældreområde")
    results = _one(commitments, "med udgangspunkt i resultaterne fra analysearbejdet drøfte mulige veje")
    assert _link(links, ambition, analysis) is not None
    assert _link(links, results, rules) is not None


@pytest.fixture(scope="module")
def promises() -> tuple[list[Commitment], list[FollowUp]]:
    """Two paragraphs of ØA30 that each end in a promise due in ØA31, and ØA31 recalling both works."""
    return _extracted_and_linked(read_corpus(ROOT / "tests" / "fixtures" / "promises"))


def test_a_promise_naming_no_subject_of_its_own_takes_the_answer_to_its_paragraph(promises) -> None:
    """`Parterne er enige om at følge op på arbejdet …` is the promise ØA31 answers, not its sibling."""
    commitments, links = promises
    later = _one(commitments, "enige om at skabe overblik over potentialet for energirenovering")
    promise = _one(commitments, "følge op på arbejdet i forbindelse med økonomiforhandlingerne for 2031")
    link = _link(links, later, promise)
    assert link is not None and link.evidence is Evidence.EXPLICIT_BOTH
    assert [lk.to_id for lk in links if lk.from_id == later.id] == [promise.id]


def test_a_promise_of_another_subject_in_the_paragraph_does_not_take_the_answer(promises) -> None:
    """The dialogue on laboratory capacity is due in ØA31 too, but ØA31 recalls the partnership."""
    commitments, links = promises
    later = _one(commitments, "blev regeringen og KL enige om et partnerskab om beredskabsplanlægningen")
    partnership = _one(commitments, "enige om at etablere et partnerskab om beredskabsplanlægningen")
    assert [lk.to_id for lk in links if lk.from_id == later.id] == [partnership.id]


def test_a_citing_unit_answering_a_unit_due_in_its_agreement_is_explicit_both() -> None:
    """ØA23 recalls the ØA22 work on energy renovation, whose paragraph promised a follow-up at ØA23."""
    commitments, links = _real((2022, 2023))
    later = _one(commitments, "Med Aftale om kommunernes økonomi for 2022 blev regeringen og KL enige om at skabe overblik")
    promise = _one(commitments, "følge op på arbejdet i forbindelse med økonomiforhandlingerne for 2023")
    link = _link(links, later, promise)
    assert link is not None and link.evidence is Evidence.EXPLICIT_BOTH
    assert {"Aftale om kommunernes økonomi for 2022", "i forbindelse med økonomiforhandlingerne for 2023"} <= set(link.matched)


def test_digital_infrastructure_working_group_carried_from_oa23_to_oa24(real_2324) -> None:
    """ØA24 recaps the ØA23 working group in a sentence that is not a unit; the unit after it follows up."""
    commitments, links = real_2324
    later = _one(commitments, "arbejdet skal indgå i forhandlingerne for ØA25")
    earlier = _one(commitments, "nedsætte en arbejdsgruppe, der skal se på at øge transparensen")
    link = _link(links, later, earlier)
    assert link is not None and link.evidence is Evidence.EXPLICIT_BACKWARD
    assert "transparensen" in link.matched


def _score_module():
    path = EVAL / "score.py"
    if not path.exists():
        pytest.skip("../shared/eval is not beside this checkout")
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_dev_links_meet_the_floor_measured_on_them() -> None:
    """ØA20 → ØA19 against the hand links; floors set from what this linker reaches (see the report)."""
    score = _score_module()
    commitments, links = _real((2019, 2020))
    gold = json.loads((EVAL / "gold-dev-links-2019-2020.json").read_text(encoding="utf-8"))
    pred = [json.loads(c.model_dump_json()) for c in commitments]
    result = score.score_links(gold, pred, [lk.model_dump(by_alias=True, mode="json") for lk in links])
    assert result["explicit_recall"] >= 0.65
    assert result["implicit_recall"] >= 0.5
    assert result["precision_lower_bound"] >= 0.5


@pytest.fixture(scope="module")
def real_1920() -> tuple[list[Commitment], list[FollowUp]]:
    return _real((2019, 2020))


def test_a_unit_whose_best_match_is_taken_falls_back_on_a_runner_up_naming_the_same_subject(real_1920) -> None:
    """Two ØA20 cyber-security units; the ØA19 unit both match best goes to one, the other takes the next."""
    commitments, links = real_1920
    later = _one(commitments, "sundhedssektorens trinvise styrkelse af cyber- og informationssikkerheden")
    best = _one(commitments, "behov for en markant styrkelse af arbejdet med cyber- og informationssikkerhed")
    runner_up = _one(commitments, "med afsæt i strategien – enige om at gå i dialog")
    assert _link(links, later, best) is None
    assert any(lk.to_id == best.id and lk.evidence is Evidence.IMPLICIT for lk in links)
    link = _link(links, later, runner_up)
    assert link is not None and link.evidence is Evidence.IMPLICIT
    assert "cyber" in link.matched


def test_a_runner_up_sharing_only_the_section_around_it_is_not_linked(real_1920) -> None:
    """Documentation demands in elder care share only the section words (`værdighed`, `alderdom`) with a
    training-places agreement: no shared word in the two sentences themselves, so no link."""
    commitments, links = real_1920
    later = _one(commitments, "dokumentationskrav i ældreplejen opleves som unødvendige")
    earlier = _one(commitments, "dimensioneringsaftale for social- og sundhedsuddannelserne")
    assert _link(links, later, earlier) is None


def test_units_under_different_headings_naming_a_rare_subject_and_four_shared_words_are_linked(real_1920) -> None:
    """`Folkeskolen` and `Undervisning af høj kvalitet` share no heading word, yet the two sentences name
    `målsætningen om fuld kompetencedækning` themselves: the target postponed answers the target reviewed."""
    commitments, links = real_1920
    later = _one(commitments, "Målsætningen om fuld kompetencedækning udskydes fra 2020 til 2025")
    earlier = _one(commitments, "justere målsætningen om fuld kompetencedækning i 2020")
    link = _link(links, later, earlier)
    assert link is not None and link.evidence is Evidence.IMPLICIT
    assert "kompetencedækning" in link.matched


def test_a_unit_pointing_back_answers_a_forward_promise_through_the_sentence_before_it() -> None:
    """ØA19 promises to agree the roll-out of `aftaleoversigten og fælles stamkort` with ØA20; ØA20's answer,
    `… har taget løsningerne i brug …`, names the solutions only in the sentence before it. (With the whole
    corpus: in ØA19 and ØA20 alone `stamkort` stands in too many of their units' paragraphs to be rare.)"""
    commitments, links = _real((2019, 2020, 2022, 2023, 2024))
    earlier = _one(commitments, "lokale implementeringsplaner for aftaleoversigten og fælles stamkort")
    later = _one(commitments, "har taget løsningerne i brug inden udgangen af tredje kvartal 2021")
    link = _link(links, later, earlier)
    assert link is not None and link.evidence is Evidence.EXPLICIT_FORWARD
    assert "Stamkort" in link.matched


def test_only_a_unit_pointing_back_takes_the_words_of_the_sentence_before_it() -> None:
    texts = [t for t in read_corpus(CORPUS) if t.agreement.fiscal_year == 2020]
    commitments = [c for t in texts for c in extract_agreement(t)]
    contexts = contexts_from_texts(texts, commitments)
    answer = _one(commitments, "har taget løsningerne i brug")
    assert "stamkort" in prepare(answer, contexts[answer.id]).own
    assert "stamkort" not in prepare(answer, None).own
    plain = _one(commitments, "gennemfører derfor en række piloter i 2020")  # the second sentence of its paragraph
    assert prepare(plain, contexts[plain.id]).own == terms(plain.text)


def test_continuing_the_cooperation_names_no_subject_for_a_forward_answer() -> None:
    """`fortsætte samarbejdet om X` is not answered by `fortsætter samarbejdet om Y`: the verb is no subject."""
    promise = _unit_in("ØA30", 1, "Regeringen og KL er enige om ifm. ØA31 at fortsætte samarbejdet om velfærdsprioriteringen.")
    promise = promise.model_copy(update={"deadlines": [
        Deadline(text="ifm. ØA31", norm="ØA31", kind=DeadlineKind.AGREEMENT, span=Span(start=30, end=39)),
    ]})
    other = _unit_in("ØA31", 1, "Med aftalen fortsætter regeringen og KL samarbejdet om digitaliseringen af skolerne.")
    units = [promise, other]
    units += [_unit_in(a, 10 + i, f.format(y=2000 + int(a[2:]))) for a in ("ØA30", "ØA31") for i, f in enumerate(FILLER)]
    assert [lk for lk in find_links(units) if lk.to_id == promise.id] == []


def test_links_do_not_depend_on_the_shape_an_agreement_came_in(tmp_path: Path) -> None:
    """ØA23 and ØA24 (markdown) set again as PDF text: the same pairs of commitments are linked,
    compared by their texts (ids are content hashes of the same words, so they agree too)."""
    texts = list(read_corpus(CORPUS))
    for text in texts:
        reset = text.agreement.source_format == "markdown" and text.agreement.fiscal_year >= 2023
        (tmp_path / text.file).write_text(as_pdf(text) if reset else text.raw, encoding="utf-8")

    def pairs(agreement_texts) -> set[tuple[str, str]]:
        commitments, links = _extracted_and_linked(agreement_texts)
        key = {c.id: quote_key(c.text) for c in commitments}
        return {(key[link.from_id], key[link.to_id]) for link in links}

    reset = list(read_corpus(tmp_path))
    assert sorted(t.file for t in reset if t.agreement.source_format == "pdf-text") == [
        "kommuner-2020.txt", "kommuner-2022.txt", "kommuner-2023.txt", "kommuner-2024.txt",
    ]
    assert pairs(reset) == pairs(texts)
