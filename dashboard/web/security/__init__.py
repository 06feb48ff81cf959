"""Who may ask what: the web app's defences, each explained where it lives.

:mod:`.hosts` (is this request for us?), :mod:`.proxies` (who is really asking), :mod:`.auth`
(sign-in, sessions, the audit), :mod:`.access` (which role may see a page or run a callback),
:mod:`.headers` (CSP, HSTS and the other response headers), :mod:`.bad_requests` (malformed
callbacks answered 400).

May import: the layers below :mod:`dashboard.web`, and :mod:`dashboard.web.context`.
"""
