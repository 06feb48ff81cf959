"""The pages, one module each, registered with Dash's page registry (``dash.register_page``).

Dash imports them from this folder when the app is made (``pages_folder`` in
:func:`dashboard.web.app.create_app`), not through this package: don't import them elsewhere.
Each is a thin shell wiring component ids to plain functions of :mod:`dashboard.analysis`,
:mod:`dashboard.charts` and :mod:`dashboard.web`.
"""
