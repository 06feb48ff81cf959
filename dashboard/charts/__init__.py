"""Charts: pure functions from metric tables to plotly figures, and the catalogue of named charts.

The dashboard and the exports draw with the same functions. Colours come from the
Okabe–Ito palette, which stays distinguishable for the common kinds of colour blindness.
:mod:`.catalogue` names every chart a user can export or ask the notebook API for.

May import: :mod:`dashboard.config`, :mod:`dashboard.model`, :mod:`dashboard.ingest`,
:mod:`dashboard.store`, :mod:`dashboard.batches`, :mod:`dashboard.analysis`; plotly and pandas.
Never dash or flask (the charts are drawn outside a web app too).
"""
