"""Everything Flask and Dash: the app, its pages, routes, chrome and defences.

:mod:`.app` builds the app (``create_app``); :mod:`.context` is the current request's store,
user and view; :mod:`.security` holds who may ask what (sign-in, roles, hosts, headers,
malformed requests); :mod:`.routes` and :mod:`.admin` are plain Flask routes; :mod:`.shell`,
:mod:`.components`, :mod:`.ids`, :mod:`.import_report` and :mod:`.trace` are shared Dash pieces;
``pages/`` one module per page (Dash's page registry); ``assets/`` the files served as they
are; :mod:`.serving` runs it under gunicorn.

May import any package of the project except :mod:`dashboard.cli` and :mod:`dashboard.api`.
"""
