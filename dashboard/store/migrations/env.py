"""Alembic's entry point: runs the migrations on the connection :mod:`dashboard.store.database` hands it.

A schema change is a change to ``dashboard/store/schema.py`` plus a migration. To write the migration,
from the repository's root with the ``alembic`` command (configured in pyproject.toml), against
a database at the current revision (``COOPDASH_DATABASE_URL``, else the default SQLite file)::

    alembic revision --autogenerate --rev-id 0002 -m "what changed"

then read and edit what it wrote in ``versions/``. tests/store/test_database.py fails while the
migrations and the model disagree.
"""

from __future__ import annotations

from alembic import context

from dashboard.store.schema import metadata
from dashboard.store.store import Store


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if (given := context.config.attributes.get("connection")) is not None:
    _run(given)
else:  # the alembic command, run by a developer
    with Store(upgrade=False).engine.begin() as connection:
        _run(connection)
