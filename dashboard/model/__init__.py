"""The domain: what is recorded and how it reads — no I/O beyond the package's own data.

:mod:`.records` declares every record type and field (the model validation, tables, the
template and the docs are derived from); :mod:`.countries` (with ``data/m49.csv``),
:mod:`.periods`, :mod:`.clock`, :mod:`.text` (normalisation), :mod:`.display`, :mod:`.i18n` and :mod:`.texts`.

May import: :mod:`dashboard.config` only (and pandas, pycountry). Everything else imports it.
"""
