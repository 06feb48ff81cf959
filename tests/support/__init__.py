"""Helpers the tests import (fixtures stay in tests/conftest.py, as fixtures).

:mod:`.paths` names the repository's files, :mod:`.database` reads a database's contents,
:mod:`.browser` waits on headless Chromium, :mod:`.dash_client` posts Dash callbacks as a
browser would.
"""
