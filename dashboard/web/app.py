"""The Dash application: pages, shared chrome, and the store every page reads from."""

from __future__ import annotations

from pathlib import Path

import dash

from dashboard.batches.uploads import request_limit, upload_limit
from dashboard.config import ASSETS, TOPOJSON_ASSETS, settings
from dashboard.store.store import Store
from dashboard.web import admin, public_site, routes, shell
from dashboard.web.context import STORE_KEY
from dashboard.web.security import access, auth, bad_requests, headers, hosts

HERE = Path(__file__).resolve().parent


def create_app(store: Store | None = None, *, public_view: bool = True, bind: str = "127.0.0.1") -> dash.Dash:
    """A Dash app reading from ``store`` (the default database when None).

    ``public_view``: may people who have not signed in read the dashboard (once accounts exist)?
    ``bind``: the address it is served on, which sets the host names it answers by default.
    """
    allowed_hosts = settings().hosts_for(bind)  # every setting checked before anything starts
    missing = [
        p for p in (TOPOJSON_ASSETS / "world_110m.json", ASSETS / "vendor" / "bootstrap.min.css") if not p.is_file()
    ]
    if missing:
        raise RuntimeError(
            f"missing offline assets {', '.join(map(str, missing))}: run scripts/fetch_assets.sh "
            "(make run and make test do it for you)"
        )
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(ASSETS),
        serve_locally=True,
        title="coopdash — international cooperation",
        update_title="",  # the tab's title stays as it is while a callback runs
        suppress_callback_exceptions=True,
        enable_mcp=False,  # no second way into the callbacks
    )
    server = app.server
    store = store or Store()
    server.extensions[STORE_KEY] = store
    server.config["MAX_CONTENT_LENGTH"] = request_limit(upload_limit())
    server.register_blueprint(routes.blueprint)
    server.register_blueprint(admin.blueprint)
    headers.install(app)
    bad_requests.install(server)
    auth.install(server, store, public_view=public_view)  # who is asking…
    server.before_request(lambda: access.check(app))  # …and may they?
    hosts.install(server, allowed_hosts)  # first of all: is this request for us?
    app.layout = shell.layout
    public_site.install_publishing()  # with COOPDASH_PUBLISH_DIR: the static site follows every commit
    return app
