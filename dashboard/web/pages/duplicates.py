"""Duplicates (editors): stored institutions that are likely one, each pair with a merge button."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html

from dashboard.batches.merge import Duplicate, MergeRefused, likely_duplicates, merge
from dashboard.model.i18n import language, pick
from dashboard.model.records import BY_NAME
from dashboard.model.texts import t
from dashboard.store.engine import StoreError
from dashboard.web import ids
from dashboard.web.context import current_store, current_user
from dashboard.web.security import access, auth, bad_requests

dash.register_page(__name__, path="/duplicates", name="Duplicates", title="coopdash — duplicates", order=10)


@access.page("editor")
def layout(lang: str = "en", **_query: str) -> html.Div:
    lang = language(lang)
    found = likely_duplicates(current_store())
    return html.Div(
        [
            dcc.Store(id=ids.LANG, data=lang),
            dcc.Store(id=ids.DUPLICATES_PAIRS, data=_pairs(found)),
            html.H1(t("duplicates.heading", lang), className="h3 mb-3"),
            html.P(t("duplicates.intro", lang), className="text-muted"),
            html.Div(id=ids.DUPLICATES_MESSAGE),
            html.Div(duplicates_table(found, lang), id=ids.DUPLICATES_LIST),
        ]
    )


def _pairs(found: list[Duplicate]) -> list[list[str]]:
    return [[d.record_type, d.first, d.second] for d in found]


def duplicates_table(found: list[Duplicate], lang: str) -> html.Div | html.P:
    """The pairs, most alike first: kind, the one kept, the one merged into it, score, reason, merge."""
    if not found:
        return html.P(t("duplicates.none", lang), className="text-muted", id=ids.DUPLICATES_NONE)
    header = [t(k, lang) for k in ("names.record_type", "duplicates.keep", "duplicates.merge_in", "names.score")]
    header += [t("names.reason", lang), ""]
    rows = [
        html.Tr(
            [
                html.Td(BY_NAME[d.record_type].label(lang)),
                html.Td(d.first),
                html.Td(d.second),
                html.Td(f"{d.score:.2f}"),
                html.Td(", ".join(t(f"names.reason.{r}", lang) for r in d.reasons)),
                html.Td(
                    dbc.Button(
                        t("duplicates.merge", lang),
                        id={"type": ids.MERGE, "index": n},
                        size="sm",
                        color="outline-primary",
                    )
                ),
            ]
        )
        for n, d in enumerate(found)
    ]
    return html.Div(
        dbc.Table(
            [html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(rows)],
            id=ids.DUPLICATES_TABLE,
            size="sm",
            striped=True,
        ),
        className="table-responsive",
    )


@access.callback(
    "editor",
    Output(ids.DUPLICATES_MESSAGE, "children"),
    Output(ids.DUPLICATES_LIST, "children"),
    Output(ids.DUPLICATES_PAIRS, "data"),
    Input({"type": ids.MERGE, "index": ALL}, "n_clicks"),
    State(ids.DUPLICATES_PAIRS, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def merge_pair(clicks: list[int | None], pairs: list | None, lang: str):
    lang = language(lang)
    trigger = ctx.triggered_id
    if not isinstance(clicks, list) or not any(bad_requests.whole(n, low=0, high=10**9) for n in clicks):
        return dash.no_update, dash.no_update, dash.no_update
    index = bad_requests.whole(trigger.get("index") if isinstance(trigger, dict) else None, low=0, high=10**6)
    if index is None or not isinstance(pairs, list) or index >= len(pairs):
        raise bad_requests.Malformed()
    pair = pairs[index]
    if not (isinstance(pair, list) and len(pair) == 3 and all(isinstance(p, str) for p in pair)):
        raise bad_requests.Malformed()
    kind, survivor, duplicate = pair
    if kind not in BY_NAME:
        raise bad_requests.Malformed()
    store = current_store()
    try:
        done = merge(store, survivor, duplicate, record_type=kind, user=current_user(), address=auth.client_address())
        message = dbc.Alert(
            t("duplicates.merged", lang, duplicate=duplicate, survivor=survivor, batch=done.batch),
            color="success",
            id=ids.MERGE_OUTCOME,
        )
    except MergeRefused as refused:
        message = dbc.Alert(pick(str(refused), refused.message_zh, lang), color="danger", id=ids.MERGE_OUTCOME)
    except StoreError:
        message = dbc.Alert(t("rollback_failed", lang), color="danger", id=ids.MERGE_OUTCOME)
    found = likely_duplicates(store)
    return message, duplicates_table(found, lang), _pairs(found)
