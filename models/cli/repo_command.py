"""``integramap repo …``: a team repository of models on a PostgreSQL server.

``repo init URL`` prepares a database; ``repo push FILE URL --model NAME`` saves a file's
edits as a revision; ``repo pull URL --model NAME OUT`` writes the model to an ``.imap``
that remembers where it came from; ``repo log`` and ``repo list`` read the history.

Passwords come from ``PGPASSWORD``, ``~/.pgpass`` or, on a terminal, a prompt — never
from a file Integramap writes. Exit codes: 0 done, 1 a push left conflicts unsaved,
2 bad input or an unreachable repository (one line on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from models.cli import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, UsageError
from models.cli.arguments import input_file
from models.cli.repository_access import connect

if TYPE_CHECKING:
    from models.repository import Conflict

AUTHOR_VARIABLE = "INTEGRAMAP_AUTHOR"
"""The name revisions are saved under (default: the PostgreSQL user name)."""

EXIT_CONFLICTS = EXIT_FINDINGS


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "repo",
        help="share models in a team repository on PostgreSQL (init, push, pull, log, list)",
        description="A team repository on a PostgreSQL server: every save is a revision, "
        "nothing a colleague saved is overwritten. URL is postgresql://user@host:port/db; "
        "the password comes from PGPASSWORD, ~/.pgpass or a prompt.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    init = actions.add_parser(
        "init", help="prepare a database as a repository (or upgrade it)",
        description="Create the repository's tables in an existing, empty PostgreSQL "
        "database (createdb NAME first), or upgrade an older repository.")
    init.add_argument("url", metavar="URL")
    init.set_defaults(func=run_init)

    push = actions.add_parser(
        "push", help="save a model file's changes in the repository as one revision",
        description="Save the changes in FILE as a revision of model NAME (created on the "
        "first push). A file pulled from the repository pushes only what was changed in it; "
        "an entity a colleague changed meanwhile is a conflict and is not saved (exit 1).")
    push.add_argument("file", type=input_file, metavar="FILE", help=".imap, .json or .dot")
    push.add_argument("url", metavar="URL")
    push.add_argument("--model", required=True, metavar="NAME")
    push.add_argument("-m", "--message", default="", metavar="MESSAGE",
                      help="why (shown in the history)")
    push.set_defaults(func=run_push)

    pull = actions.add_parser(
        "pull", help="write a model from the repository to an .imap file",
        description="Write model NAME (its latest revision, or --revision N) to OUT.imap. "
        "The file remembers the repository, so edits made in it (offline too) can be pushed "
        "back with the same conflict checks.")
    pull.add_argument("url", metavar="URL")
    pull.add_argument("--model", required=True, metavar="NAME")
    pull.add_argument("output", type=Path, metavar="OUT.imap")
    pull.add_argument("--revision", type=int, metavar="N", help="an earlier revision")
    pull.add_argument("--force", action="store_true", help="replace OUT if it exists")
    pull.set_defaults(func=run_pull)

    log = actions.add_parser(
        "log", help="list a model's revisions: who, when, why and what changed",
        description="The revisions of model NAME, newest first.")
    log.add_argument("url", metavar="URL")
    log.add_argument("--model", required=True, metavar="NAME")
    log.add_argument("--limit", type=int, default=None, metavar="N",
                     help="only the newest N revisions")
    log.set_defaults(func=run_log)

    listing = actions.add_parser("list", help="list the models in a repository",
                                 description="Every model with its latest revision.")
    listing.add_argument("url", metavar="URL")
    listing.set_defaults(func=run_list)
    parser.set_defaults(func=_missing_action, parser=parser)


def _missing_action(args: argparse.Namespace) -> int:
    args.parser.print_help(sys.stderr)
    return EXIT_BAD_INPUT


def run_init(args: argparse.Namespace) -> int:
    with connect(args.url, check=False) as repository:
        before, after = repository.initialise()
        where = repository.address.where
    if before is None:
        print(f"{where}: repository created (schema {after})")
    elif before == after:
        print(f"{where}: already a repository (schema {after}); nothing to do")
    else:
        print(f"{where}: repository upgraded from schema {before} to {after}")
    return EXIT_OK


def run_push(args: argparse.Namespace) -> int:
    from models.document import SUFFIX
    from models.interchange import InterchangeError, load_model_file
    from models.repository import Checkout
    from models.repository.address import check_model_name

    name = check_model_name(args.model)
    try:
        document = load_model_file(args.file)
    except InterchangeError as error:
        raise error.with_outcome("nothing was pushed") from None
    with document, connect(args.url) as repository:
        checkout = Checkout.attach(repository, document, name)
        changes = checkout.local_changes()
        if not changes:
            print(f"{args.file}: no changes to push (model '{name}' at revision "
                  f"{checkout.origin.revision})")
            return EXIT_OK
        result = checkout.save(args.message, author=os.environ.get(AUTHOR_VARIABLE) or None,
                               changes=changes)
        is_document = args.file.suffix.lower() == SUFFIX
        if is_document and (result.saved or result.settled):
            document.save(args.file)  # the file now remembers its new base
        saved = len(result.saved)
        if result.revision is not None:
            print(f"model '{name}': revision {result.revision} saved "
                  f"({_counted(saved, 'change')})")
        for conflict in result.conflicts:
            print(f"  not saved: {_conflict_line(conflict)}", file=sys.stderr)
        if result.conflicts:
            print(
                f"integramap: {_counted(len(result.conflicts), 'conflict')} not pushed; open "
                f"{args.file} in the editor and use File ▸ Save to Repository to choose, field "
                "by field, what to keep",
                file=sys.stderr,
            )
            return EXIT_CONFLICTS
        if not is_document:
            print(f"{args.file.name} does not remember the repository; pull the model "
                  "(integramap repo pull) to keep working on it")
    return EXIT_OK


def run_pull(args: argparse.Namespace) -> int:
    from models.document import SUFFIX
    from models.repository import Checkout
    from models.repository.address import check_model_name

    output: Path = args.output
    if output.suffix.lower() != SUFFIX:
        raise UsageError(f"the output must be an {SUFFIX} document (it remembers the "
                         f"repository), not {output.name}")
    if output.exists() and not args.force:
        raise UsageError(f"{output} already exists; nothing was pulled (add --force to "
                         "replace it)")
    name = check_model_name(args.model)
    with connect(args.url) as repository:
        checkout = Checkout.open(repository, name, revision=args.revision)
        with checkout.document as document:
            document.save(output)
            model = document.model
            print(f"{output}: model '{name}' at revision {checkout.origin.revision} "
                  f"({_counted(len(model.services), 'service')}, "
                  f"{_counted(len(model.integrations), 'integration')})")
    return EXIT_OK


def run_log(args: argparse.Namespace) -> int:
    from models.comparison import summarise
    from models.repository.address import check_model_name
    from models.repository.checkout import describe_when

    name = check_model_name(args.model)
    with connect(args.url) as repository:
        revisions = repository.history(name)
        if args.limit is not None:
            revisions = revisions[: max(args.limit, 0)]
        for info in revisions:
            message = f"  {info.message}" if info.message else ""
            print(f"r{info.number}  {describe_when(info.saved_at)}  {info.author}{message}")
            if info.size <= 8:
                lines = summarise(repository.changes(name, info.number))
            else:
                lines = info.summary()
            for line in lines:
                print(f"    {line}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from models.repository.checkout import describe_when

    with connect(args.url) as repository:
        models = repository.models()
        if not models:
            print(f"{repository.address.where}: no models yet (integramap repo push FILE URL "
                  "--model NAME adds one)")
        for summary in models:
            last = f"  {describe_when(summary.saved_at)} {summary.author}" if summary.author \
                else ""
            print(f"{summary.name}  r{summary.head}  "
                  f"{_counted(summary.services, 'service')}{last}")
    return EXIT_OK


def _conflict_line(conflict: Conflict) -> str:
    from models.comparison import describe

    who = f" by {conflict.author}" if conflict.author else ""
    where = f" in revision {conflict.revision}" if conflict.revision else ""
    if conflict.reason:
        return f"{describe(conflict.key)}: {conflict.reason}"
    if conflict.theirs.content is None:
        return f"{describe(conflict.key)} was removed{who}{where}, and you changed it"
    if conflict.mine is None:
        return f"{describe(conflict.key)}: you removed it, and it was changed{who}{where}"
    fields = ", ".join(path or "position" for path, _m, _t in conflict.fields)
    return f"{describe(conflict.key)} was changed{who}{where} too ({fields})"


def _counted(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
