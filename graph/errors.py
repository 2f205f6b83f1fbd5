"""A small exception hierarchy: the library raises these, the CLI turns each into one line and exit 2."""

from __future__ import annotations


class AftalegrafError(Exception):
    """An error a user can act on; `str()` is the one line the CLI prints."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[type[AftalegrafError], tuple[str, str]]:
        """Picklable, so an error raised in a worker process reaches the parent as itself."""
        return type(self), (self.where, self.problem)


class InputError(AftalegrafError):
    """A source file that cannot be read as an agreement (missing, empty, binary, no title …)."""


class DatasetError(AftalegrafError):
    """A data/commitments file that is corrupt, unknown in shape, or refers to what is not there."""


class QueryError(AftalegrafError):
    """A SPARQL query that does not parse or cannot be answered."""


class EndpointError(AftalegrafError):
    """A SPARQL store that cannot be reached or refuses what we send."""


class ShapeValidationError(AftalegrafError):
    """RDF that does not conform to our SHACL shapes."""
