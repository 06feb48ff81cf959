"""Writing data: every change to the records is a batch, all or nothing.

:mod:`.importer` checks and commits a file (the CLI and the browser share it; a dry run is the
same code), :mod:`.uploads` keeps an upload checked and previewed until it is committed, and
:mod:`.rollback` undoes a batch (a rollback is itself a batch).

May import: :mod:`dashboard.config`, :mod:`dashboard.model`, :mod:`dashboard.ingest`,
:mod:`dashboard.store`; SQLAlchemy (its connections, within the store's transactions).
"""
