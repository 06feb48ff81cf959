"""The database: its schema, the :class:`~dashboard.store.store.Store` that reads and writes
records and batches, migrations, backups, and the accounts, sessions and sign-in throttle.

:mod:`.schema` holds the tables; :mod:`.engine` opens a database and takes its write lock;
:mod:`.store` is the Store; :mod:`.database` upgrades the schema (Alembic, ``migrations/``),
backs up and restores; :mod:`.accounts`, :mod:`.sessions` and :mod:`.throttle` are who may
sign in. Every SQL query of the project is in this package or in :mod:`dashboard.batches`.

May import: :mod:`dashboard.config`, :mod:`dashboard.model`, :mod:`dashboard.ingest`; SQLAlchemy
and Alembic.
"""
