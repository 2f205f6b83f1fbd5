"""aftalegraf: commitments of the Danish municipal economy agreements as a knowledge graph.

Pipeline, one module per stage, data flowing one way:
corpus (files → raw text) → clean (clean text + offset map) → segment (units) →
extract (commitments) → link (follow-ups) → status → network (networkx) → rdf / viz.
"""

__version__ = "0.1.0"
