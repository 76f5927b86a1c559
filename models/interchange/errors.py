"""The error an import raises when the input is not a model it can take."""

from __future__ import annotations

from models.document.errors import DocumentError

#: How many problems the message lists before summarising the rest.
SHOWN_PROBLEMS = 20


class InterchangeError(DocumentError):
    """An interchange file (JSON, DOT) could not be imported; nothing was imported.

    ``problems`` holds every problem found, each prefixed with where it is
    (``services[3].zone: unknown zone 'dmz2'``). The message lists the first few so a
    dialog stays readable; :meth:`describe` gives them all (the command line prints all).
    """

    def __init__(
        self, source: str, problems: list[str], *, outcome: str = "nothing was imported"
    ) -> None:
        self.source = source
        self.problems = list(problems)
        self.outcome = outcome
        super().__init__(self.describe(SHOWN_PROBLEMS))

    def describe(self, limit: int | None = None) -> str:
        """The heading and the problems, the first ``limit`` of them (all when ``None``)."""
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''}, {self.outcome}"
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [f"  {p}" for p in shown]
        if count > len(shown):
            lines.append(f"  … and {count - len(shown)} more")
        return "\n".join([head + ":", *lines])

    def with_outcome(self, outcome: str) -> InterchangeError:
        """The same problems, saying what did not happen (``the model was not checked``)."""
        return InterchangeError(self.source, self.problems, outcome=outcome)
