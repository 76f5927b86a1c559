"""Alembic environment: migrations run on the connection ``integramap repo init`` opened.

There is no ``alembic.ini``: :mod:`models.repository.schema` builds the configuration in
code and hands its connection over in ``config.attributes["connection"]``, so the
password the user typed is never written anywhere.
"""

from alembic import context

from models.repository.tables import RepositoryBase


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=RepositoryBase.metadata)
    with context.begin_transaction():
        context.run_migrations()


if getattr(context, "config", None) is not None:  # run by Alembic, not merely imported
    run_migrations()
