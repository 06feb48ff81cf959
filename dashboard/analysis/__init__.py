"""Figures from records, pure: DataFrames in, DataFrames and numbers out.

:mod:`.snapshot` reads every record type once per data version; :mod:`.filters` and
:mod:`.view` are what a page (or an export) asks for; :mod:`.metrics`, :mod:`.indicators`,
:mod:`.insights`, :mod:`.published`, :mod:`.partnerships`, :mod:`.trace` and :mod:`.tables`
compute what is shown.

May import: :mod:`dashboard.config`, :mod:`dashboard.model`, :mod:`dashboard.ingest`,
:mod:`dashboard.store`, :mod:`dashboard.batches`. No SQL here (the store answers), no dash, no flask.
"""
