"""The Dash application: pages, shared chrome, and the store every page reads from."""

from __future__ import annotations

from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import flask
from dash import html

from . import routes
from .store import Store
from .uploads import request_limit, upload_limit

HERE = Path(__file__).resolve().parent
ASSETS = HERE / "assets"
TOPOJSON_ASSETS = ASSETS / "topojson"
STORE_KEY = "coopdash.store"


def create_app(store: Store | None = None) -> dash.Dash:
    """A Dash app reading from ``store`` (the default database when None)."""
    missing = [p for p in (TOPOJSON_ASSETS / "world_110m.json", ASSETS / "vendor" / "bootstrap.min.css")
               if not p.is_file()]
    if missing:
        raise RuntimeError(f"missing offline assets {', '.join(map(str, missing))}: run scripts/fetch_assets.sh "
                           "(make run and make test do it for you)")
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(ASSETS),
        serve_locally=True,
        title="coopdash — international cooperation",
        update_title=None,
        suppress_callback_exceptions=True,
    )
    server = app.server
    server.extensions[STORE_KEY] = store or Store()
    server.config["MAX_CONTENT_LENGTH"] = request_limit(upload_limit())
    server.register_blueprint(routes.blueprint)
    app.layout = _shell
    return app


def current_store() -> Store:
    """The store of the app serving the current request."""
    return flask.current_app.extensions[STORE_KEY]


def current_user() -> str:
    """Who is making the current request (recorded with every batch)."""
    return flask.g.get("user", "web")


def _shell() -> html.Div:
    navbar = dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand("coopdash", href="/", className="fw-bold"),
            dbc.Nav([
                dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"], active="exact"))
                for page in dash.page_registry.values()
            ], navbar=True, className="me-auto"),
            html.Span("International cooperation", className="navbar-text text-white-50"),
        ], fluid=True),
        color="primary", dark=True, className="mb-3",
    )
    return html.Div([navbar,
                     dbc.Container(dash.page_container, fluid=True, className="pb-4")])
