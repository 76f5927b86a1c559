"""The error an import raises when the input is not a model it can take."""

from __future__ import annotations

from models.document.errors import DocumentError
from models.domain.values import echo

#: How many problems a dialog lists before summarising the rest.
SHOWN_PROBLEMS = 20
#: How many problems the command line lists before summarising the rest.
LISTED_PROBLEMS = 100
#: The longest one problem line may be (a path, what is wrong, the value repeated).
PROBLEM_LIMIT = 300
_DIALOG_LIMIT = (SHOWN_PROBLEMS + 2) * (PROBLEM_LIMIT + 4)


class InterchangeError(DocumentError):
    """An interchange file (JSON, DOT) could not be imported; nothing was imported.

    ``problems`` holds every problem found, each prefixed with where it is
    (``services[3].zone: unknown zone 'dmz2'``), escaped and at most
    :data:`PROBLEM_LIMIT` characters long. The message lists the first few so a dialog
    stays readable; :meth:`describe` lists more, and always says how many it left out
    ("… and 99,990 more"), so 100,000 problems never make a 100,000-line message.
    """

    def __init__(
        self, source: str, problems: list[str], *, outcome: str = "nothing was imported"
    ) -> None:
        self.source = echo(source)
        self.problems = [echo(p, PROBLEM_LIMIT) for p in problems]
        self.outcome = outcome
        super().__init__(self.describe(SHOWN_PROBLEMS), limit=_DIALOG_LIMIT)

    def describe(self, limit: int = LISTED_PROBLEMS) -> str:
        """The heading and the first ``limit`` problems, then how many more there are."""
        count = len(self.problems)
        head = f"{self.source}: {count:,} problem{'s' if count != 1 else ''}, {self.outcome}"
        shown = self.problems[:limit]
        lines = [f"  {p}" for p in shown]
        if count > len(shown):
            lines.append(f"  … and {count - len(shown):,} more")
        return "\n".join([head + ":", *lines])

    def with_outcome(self, outcome: str) -> InterchangeError:
        """The same problems, saying what did not happen (``the model was not checked``)."""
        error = InterchangeError(self.source, [], outcome=outcome)
        error.problems = self.problems
        DocumentError.__init__(error, error.describe(SHOWN_PROBLEMS), limit=_DIALOG_LIMIT)
        return error
