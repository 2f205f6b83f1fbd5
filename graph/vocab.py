# ruff: noqa: N815  (term names are the ontology's camelCase local names)
"""The aftalegraf ontology as a closed rdflib namespace: a typo in a term is an error, not a new IRI.

Mirrors `ontology/aftalegraf.ttl` (the source of truth); `tests/test_ontology.py` checks that both
declare the same terms.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class AG(DefinedNamespace):
    """https://w3id.org/aftalegraf/ontology#"""

    _fail = True
    _NS = Namespace("https://w3id.org/aftalegraf/ontology#")

    # classes
    Acknowledgment: URIRef  # Acknowledgment
    Agreement: URIRef  # Economy agreement
    AgreementCommitment: URIRef  # Joint agreement
    Amount: URIRef  # Amount
    Commitment: URIRef  # Commitment
    Deadline: URIRef  # Deadline
    DeadlineKind: URIRef  # Deadline kind
    Evidence: URIRef  # Evidence
    FollowUp: URIRef  # Follow-up
    Party: URIRef  # Party
    Pledge: URIRef  # Pledge
    Reference: URIRef  # Reference
    SourceText: URIRef  # Source text
    Status: URIRef  # Follow-up status
    StatusAssessment: URIRef  # Status assessment

    # individuals
    AgreementDeadline: URIRef  # at a later agreement
    ExplicitBackward: URIRef  # explicit backward
    ExplicitBoth: URIRef  # explicit both ways
    ExplicitForward: URIRef  # explicit forward
    FollowedUp: URIRef  # followed up
    Implicit: URIRef  # implicit
    IntervalDeadline: URIRef  # calendar interval
    NoFollowUpFound: URIRef  # no follow-up found
    OpenDeadline: URIRef  # open
    Pending: URIRef  # pending

    # object properties
    agreement: URIRef  # agreement
    amount: URIRef  # amount
    area: URIRef  # policy area
    asOf: URIRef  # as of
    citesAgreement: URIRef  # cites agreement
    deadline: URIRef  # deadline
    deadlineKind: URIRef  # deadline kind
    dueAgreement: URIRef  # due at agreement
    evidence: URIRef  # evidence
    followedCommitment: URIRef  # followed-up commitment
    followedUpBy: URIRef  # followed up by
    followingCommitment: URIRef  # following commitment
    followsUp: URIRef  # follows up
    interval: URIRef  # interval
    party: URIRef  # party
    passage: URIRef  # passage
    reference: URIRef  # reference
    searchedAgreement: URIRef  # searched agreement
    secondaryArea: URIRef  # secondary policy area
    status: URIRef  # status
    statusAssessment: URIRef  # status assessment

    # datatype properties
    action: URIRef  # action
    amountText: URIRef  # amount text
    amountYear: URIRef  # amount year
    citedName: URIRef  # cited name
    confidence: URIRef  # confidence
    deadlineNorm: URIRef  # normalised deadline
    deadlineText: URIRef  # deadline text
    endOffset: URIRef  # end offset
    fiscalYear: URIRef  # fiscal year
    headingPath: URIRef  # heading path
    inCorpus: URIRef  # in corpus
    judgedDeadline: URIRef  # judged deadline
    matched: URIRef  # matched words
    priceLevel: URIRef  # price level
    referenceText: URIRef  # reference text
    sha256: URIRef  # SHA-256
    sourceFormat: URIRef  # source format
    startOffset: URIRef  # start offset
    statusReason: URIRef  # reason
    text: URIRef  # text
    unit: URIRef  # unit
