"""Upload page: template, drag-and-drop upload, report, preview, commit or cancel, history."""

from __future__ import annotations

import json
from collections.abc import Collection
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, clientside_callback, ctx, dcc, html

from dashboard.batches import uploads
from dashboard.batches.rollback import RollbackRefused, rollback
from dashboard.ingest import mapping as mappings
from dashboard.ingest.readers.base import UnreadableFile
from dashboard.model.i18n import LANGUAGES, language, pick
from dashboard.model.texts import TEXTS, t
from dashboard.store import accounts
from dashboard.store.engine import StoreError
from dashboard.web import ids
from dashboard.web.context import current_store, current_user, tab_title
from dashboard.web.import_report import history_table, import_report, matches_panel, outcome, problems_table
from dashboard.web.mapping_editor import edited, editor, preview_tables
from dashboard.web.security import access, auth, bad_requests

dash.register_page(__name__, path="/upload", name="Upload", title=tab_title("page_upload"), order=9)


@access.page("viewer")
def layout(lang: str = "en", **_query: str) -> html.Div:
    lang = language(lang)
    if accounts.rank(auth.role()) < accounts.rank("editor"):
        return dbc.Alert(
            [t("editors_only", lang), " ", html.A(t("sign_in", lang), href="/login?next=/upload")],
            color="info",
            id=ids.UPLOAD_SIGN_IN,
        )
    limit = uploads.upload_limit()
    return html.Div(
        [
            dcc.Store(id=ids.LANG, data=lang),
            dcc.Store(id=ids.UPLOAD_LIMIT, data=limit),
            dcc.Store(id=ids.UPLOAD_PAYLOAD),
            dcc.Store(id=ids.UPLOAD_TOKEN),
            dcc.Store(id=ids.ROLLBACK_BATCH),
            dcc.Store(id=ids.UPLOAD_MATCHES),
            dcc.Store(id=ids.UPLOAD_ACCEPTED, data=[]),
            dcc.Store(id=ids.MAP_PROPOSAL),
            html.H1(t("upload_heading", lang), className="h3 mb-3"),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H2(t("template_title", lang), className="h5"),
                                    html.P(t("template_text", lang)),
                                    dbc.Button(
                                        t("template_button", lang),
                                        href="/download/template.xlsx",
                                        external_link=True,
                                        color="secondary",
                                        id=ids.TEMPLATE_DOWNLOAD,
                                    ),
                                ]
                            ),
                            className="h-100",
                        ),
                        lg=4,
                    ),
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H2(t("upload_title", lang), className="h5"),
                                    dcc.Upload(
                                        html.Div(
                                            [
                                                html.Div(t("upload_prompt", lang), className="fw-semibold"),
                                                html.Div(
                                                    t("upload_formats", lang, limit=uploads.megabytes(limit)),
                                                    className="small text-muted",
                                                ),
                                            ]
                                        ),
                                        id=ids.UPLOAD,
                                        multiple=False,
                                        className="upload-zone",
                                        accept=".xlsx,.xlsm,.xls,.ods,.csv",
                                    ),
                                    html.Div(id=ids.UPLOAD_CLIENT_MESSAGE, className="mt-2"),
                                ]
                            ),
                            className="h-100",
                        ),
                        lg=8,
                    ),
                ],
                className="g-3 mb-3",
            ),
            dcc.Loading(
                html.Div(id=ids.UPLOAD_REPORT),
                type="default",
                overlay_style={"visibility": "visible"},
                custom_spinner=html.Div([dbc.Spinner(size="sm"), " ", t("checking", lang)]),
            ),
            html.Div(id=ids.UPLOAD_MATCHES_PANEL),
            html.Div(id=ids.MAPPING),
            html.Div(
                [
                    dbc.Button(t("commit", lang), id=ids.COMMIT, color="primary", className="me-2", disabled=True),
                    dbc.Button(
                        t("cancel", lang), id=ids.CANCEL, color="outline-secondary", className="me-2", disabled=True
                    ),
                    html.A(t("annotated", lang), id=ids.ANNOTATED, href="", hidden=True, className="ms-2"),
                ],
                id=ids.UPLOAD_ACTIONS,
                className="my-3",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("history", lang), className="h5"),
                        html.Div(id=ids.ROLLBACK_MESSAGE),
                        html.Div(history_table(current_store().batches(), lang), id=ids.HISTORY),
                    ]
                )
            ),
            dbc.Modal(
                [
                    dbc.ModalBody(id=ids.ROLLBACK_TEXT),
                    dbc.ModalFooter(
                        [
                            dbc.Button(t("cancel", lang), id=ids.ROLLBACK_DISMISS, color="secondary"),
                            dbc.Button(t("roll_back", lang), id=ids.ROLLBACK_CONFIRM, color="danger"),
                        ]
                    ),
                ],
                id=ids.ROLLBACK_MODAL,
                is_open=False,
            ),
        ]
    )


# In the browser: refuse an oversized file at once with a message (it is never sent);
# the server checks again, whatever the browser did.
clientside_callback(
    """
    function (contents, filename, limit, lang) {
        const TOO_LARGE = __TOO_LARGE__;
        if (!contents) { return [window.dash_clientside.no_update, ""]; }
        const size = Math.floor(contents.length * 3 / 4);
        if (size > limit) {
            const mb = parseFloat((size / 1048576).toFixed(2)), max = parseFloat((limit / 1048576).toFixed(2));
            const text = (TOO_LARGE[lang] || TOO_LARGE.en)
                .replace("{size}", () => mb).replace("{limit}", () => max).replace("{name}", () => filename);
            return [null, text];
        }
        return [{"contents": contents, "filename": filename}, ""];
    }
    """.replace("__TOO_LARGE__", json.dumps(dict(zip(LANGUAGES, TEXTS["too_large"])), ensure_ascii=False)),
    Output(ids.UPLOAD_PAYLOAD, "data"),
    Output(ids.UPLOAD_CLIENT_MESSAGE, "children"),
    Input(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    State(ids.UPLOAD_LIMIT, "data"),
    State(ids.LANG, "data"),
)


NO_MATCHES: tuple[str, list, list] = ("", [], [])  # no names proposed: the panel, the proposals, the accepted ones
NO_MAPPING = ("", None)  # no own layout to map: the editor, the proposal
MAX_BATCH = 2**31 - 1  # batch numbers are INTEGER columns: a larger one names no batch, on any database


def _download(token: str, lang: str, chosen: Collection[int] = ()) -> str:
    """Where the preview of the staged upload ``token`` is downloaded in full, with the proposed
    names ``chosen`` (their places among the proposals) accepted."""
    query = {"lang": lang, "accept": uploads.chosen_query(chosen)}
    return f"/upload/{token}/preview.xlsx?" + urlencode({k: v for k, v in query.items() if v})


def _actions(token: str | None, can_commit: bool, marked: bool, lang: str) -> tuple[bool, bool, str, bool]:
    """Commit disabled, cancel disabled, the marked workbook's link and whether it is hidden."""
    href = f"/upload/{token}/marked.xlsx?lang={lang}" if token and marked else ""
    return not can_commit, token is None, href, not href


@access.callback(
    "editor",
    Output(ids.UPLOAD_REPORT, "children"),
    Output(ids.UPLOAD_TOKEN, "data"),
    Output(ids.COMMIT, "disabled"),
    Output(ids.CANCEL, "disabled"),
    Output(ids.ANNOTATED, "href"),
    Output(ids.ANNOTATED, "hidden"),
    Output(ids.UPLOAD_MATCHES_PANEL, "children"),
    Output(ids.UPLOAD_MATCHES, "data"),
    Output(ids.UPLOAD_ACCEPTED, "data"),
    Output(ids.MAPPING, "children"),
    Output(ids.MAP_PROPOSAL, "data"),
    Input(ids.UPLOAD_PAYLOAD, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def check_upload(payload: dict | None, lang: str):
    payload, lang = bad_requests.mapping(payload), language(lang)
    if not payload:
        return "", None, *_actions(None, False, False, lang), *NO_MATCHES, *NO_MAPPING
    contents = payload.get("contents")
    if not isinstance(contents, str):
        raise bad_requests.Malformed()
    file_name = bad_requests.file_name(payload.get("filename"))
    try:
        data = uploads.decode(contents, file_name, uploads.upload_limit())
    except uploads.UploadRefused as refused:
        refusal = problems_table([refused.problem], lang, id=ids.UPLOAD_ERRORS)
        return refusal, None, *_actions(None, False, False, lang), *NO_MATCHES, *NO_MAPPING
    staged = uploads.stage(current_store(), data, file_name, user=current_user())
    auth.audit("upload", file=staged.result.file_name, status=staged.result.status, errors=len(staged.result.errors))
    result = staged.result
    proposal = result.reading.proposal
    if proposal is not None and proposal.mapped():  # an office's own layout: map it first
        found = proposal.as_json()
        editing = editor(found, file_name, lang)
        return "", staged.token, *_actions(staged.token, False, False, lang), *NO_MATCHES, editing, found
    return (
        import_report(result, lang, _download(staged.token, lang)),
        staged.token,
        *_actions(staged.token, result.committable, bool(result.problems), lang),
        matches_panel(result, lang),
        [[m.record_type, m.value] for m in result.matches],
        [],
        *NO_MAPPING,
    )


def _edited_mapping(proposal: object, field_values, value_values, field_ids, value_ids) -> mappings.Mapping:
    """The mapping the editor's drop-downs make (:class:`~dashboard.ingest.mapping.MappingError` if unusable)."""
    proposal = bad_requests.mapping(proposal)
    if not all(isinstance(v, list) for v in (field_values, value_values, field_ids, value_ids)):
        raise bad_requests.Malformed()
    try:
        made = edited(proposal, field_ids, field_values, value_ids, value_values)
    except (KeyError, TypeError, AttributeError, ValueError):
        raise bad_requests.Malformed() from None
    return mappings.from_json(made)


_FIELDS = {"type": ids.MAP_FIELD, "sheet": ALL, "col": ALL}
_VALUES = {"type": ids.MAP_VALUE, "sheet": ALL, "n": ALL}
# What the editor's callbacks read besides their trigger: the drop-downs' ids, the proposal, the upload, the language.
_EDITOR = (
    State(_FIELDS, "id"),
    State(_VALUES, "id"),
    State(ids.MAP_PROPOSAL, "data"),
    State(ids.UPLOAD_TOKEN, "data"),
    State(ids.LANG, "data"),
)


@access.callback(
    "editor",
    Output(ids.MAP_PREVIEW, "children"),
    Input(_FIELDS, "value"),
    Input(_VALUES, "value"),
    *_EDITOR,
)
def preview_mapping(field_values, value_values, field_ids, value_ids, proposal, token, lang):
    """A live preview of the first records, as the editor's choices read them."""
    token, lang = bad_requests.text(token, limit=200), language(lang)
    if not token or not proposal:
        return ""
    try:
        mapping = _edited_mapping(proposal, field_values, value_values, field_ids, value_ids)
        found = uploads.preview(current_store(), token, mapping, user=current_user())
    except mappings.MappingError as error:
        return dbc.Alert(error.text(lang), color="warning", id=ids.MAP_PROBLEM)
    except UnreadableFile:
        return ""
    return preview_tables(found, lang) if found is not None else dbc.Alert(t("expired", lang), color="warning")


@access.callback(
    "editor",
    Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
    Output(ids.COMMIT, "disabled", allow_duplicate=True),
    Output(ids.CANCEL, "disabled", allow_duplicate=True),
    Output(ids.ANNOTATED, "href", allow_duplicate=True),
    Output(ids.ANNOTATED, "hidden", allow_duplicate=True),
    Input(ids.MAP_CONFIRM, "n_clicks"),
    State(_FIELDS, "value"),
    State(_VALUES, "value"),
    *_EDITOR,
    prevent_initial_call=True,
)
def confirm_mapping(clicks, field_values, value_values, field_ids, value_ids, proposal, token, lang):
    """Check the upload read with the confirmed mapping: the usual report and preview, then commit."""
    token, lang = bad_requests.text(token, limit=200), language(lang)
    if not clicks or not token:
        return dash.no_update, True, token is None, "", True
    try:
        mapping = _edited_mapping(proposal, field_values, value_values, field_ids, value_ids)
        result = uploads.check_with(current_store(), token, mapping, user=current_user())
    except mappings.MappingError as error:
        return dbc.Alert(error.text(lang), color="danger", id=ids.UPLOAD_OUTCOME), True, False, "", True
    if result is None:
        return dbc.Alert(t("expired", lang), color="warning"), True, True, "", True
    return import_report(result, lang, _download(token, lang)), *_actions(
        token, result.committable, bool(result.problems), lang
    )


@access.callback(
    "editor",
    Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
    Output(ids.COMMIT, "disabled", allow_duplicate=True),
    Output(ids.UPLOAD_ACCEPTED, "data", allow_duplicate=True),
    Input({"type": ids.MATCH_CHOICE, "index": ALL}, "value"),
    State(ids.UPLOAD_MATCHES, "data"),
    State(ids.UPLOAD_TOKEN, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def choose_matches(choices: list | None, proposed: list | None, token: str | None, lang: str):
    """Accept or keep as new: the preview again, with the names accepted taken for the known institutions."""
    token, lang = bad_requests.text(token, limit=200), language(lang)
    accepted = _accepted(choices, proposed)
    result = uploads.recheck(current_store(), token, user=current_user(), accept=accepted) if token else None
    if result is None or not token:
        return dbc.Alert(t("expired", lang), color="warning"), True, []
    chosen = [n for n, choice in enumerate(choices or ()) if choice == "accept"]
    return import_report(result, lang, _download(token, lang, chosen)), not result.committable, sorted(accepted)


def _accepted(choices: object, proposed: object) -> set[tuple[str, str]]:
    """The (record type, value) of each proposal marked "accept"."""
    if not isinstance(choices, list) or not isinstance(proposed, list) or len(choices) != len(proposed):
        raise bad_requests.Malformed()
    accepted = set()
    for choice, pair in zip(choices, proposed, strict=True):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise bad_requests.Malformed()
        if choice == "accept":
            accepted.add((pair[0], pair[1]))
    return accepted


@access.callback(
    "editor",
    Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
    Output(ids.UPLOAD_TOKEN, "data", allow_duplicate=True),
    Output(ids.COMMIT, "disabled", allow_duplicate=True),
    Output(ids.CANCEL, "disabled", allow_duplicate=True),
    Output(ids.ANNOTATED, "href", allow_duplicate=True),
    Output(ids.ANNOTATED, "hidden", allow_duplicate=True),
    Output(ids.HISTORY, "children", allow_duplicate=True),
    Output(ids.UPLOAD_MATCHES_PANEL, "children", allow_duplicate=True),
    Output(ids.MAPPING, "children", allow_duplicate=True),
    Input(ids.COMMIT, "n_clicks"),
    Input(ids.CANCEL, "n_clicks"),
    State(ids.UPLOAD_TOKEN, "data"),
    State(ids.UPLOAD_ACCEPTED, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def commit_or_cancel(_commit: int | None, _cancel: int | None, token: str | None, accepted: list | None, lang: str):
    token, lang = bad_requests.text(token, limit=200), language(lang)
    accept = _accepted([*(["accept"] * len(accepted))], accepted) if isinstance(accepted, list) else set()
    store = current_store()
    if not token:
        message = dbc.Alert(t("expired", lang), color="warning")
    elif ctx.triggered_id == ids.CANCEL:
        cancelled = uploads.cancel(store, token, user=current_user())
        message = dbc.Alert(t("cancelled" if cancelled else "expired", lang), color="secondary")
    else:
        result = uploads.commit(store, token, user=current_user(), accept=accept, address=auth.client_address())
        if result is not None:
            auth.audit("commit", file=result.file_name, status=result.status, batch=result.batch)
        if result is None:
            message = dbc.Alert(t("expired", lang), color="warning")
        elif result.status == "committed":
            message = outcome(result, lang)
        else:  # the database changed since the preview and the file no longer fits it
            return (
                import_report(result, lang),  # refused at commit: nothing to download
                token,
                *_actions(token, False, True, lang),
                history_table(store.batches(), lang),
                dash.no_update,
                dash.no_update,
            )
    return message, None, *_actions(None, False, False, lang), history_table(store.batches(), lang), "", ""


@access.callback(
    "editor",
    Output(ids.ROLLBACK_MODAL, "is_open"),
    Output(ids.ROLLBACK_TEXT, "children"),
    Output(ids.ROLLBACK_BATCH, "data"),
    Input({"type": ids.ROLLBACK, "batch": ALL}, "n_clicks"),
    Input(ids.ROLLBACK_DISMISS, "n_clicks"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def ask_rollback(clicks: list[int | None], _dismiss: int | None, lang: str):
    trigger, lang = ctx.triggered_id, language(lang)
    if not isinstance(clicks, list):
        raise bad_requests.Malformed()
    clicks = [bad_requests.whole(n, low=0, high=10**9) for n in clicks]
    if trigger == ids.ROLLBACK_DISMISS or not isinstance(trigger, dict) or not any(clicks):
        return False, "", None
    batch = bad_requests.whole(trigger.get("batch"), low=1, high=MAX_BATCH)
    if batch is None:
        raise bad_requests.Malformed()
    return True, t("confirm_rollback", lang, batch=batch), batch


@access.callback(
    "editor",
    Output(ids.ROLLBACK_MODAL, "is_open", allow_duplicate=True),
    Output(ids.ROLLBACK_MESSAGE, "children"),
    Output(ids.HISTORY, "children", allow_duplicate=True),
    Input(ids.ROLLBACK_CONFIRM, "n_clicks"),
    State(ids.ROLLBACK_BATCH, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def confirm_rollback(_clicks: int | None, batch: int | None, lang: str):
    batch, lang = bad_requests.whole(batch, low=1, high=MAX_BATCH), language(lang)
    store = current_store()
    if batch is None:
        return False, "", dash.no_update
    try:
        done = rollback(store, batch, user=current_user())
        auth.audit("rollback", batch=done.batch, recorded_as=done.rollback_batch)
        message = dbc.Alert(t("rolled_back", lang, batch=batch), color="success", id=ids.ROLLBACK_OUTCOME)
    except StoreError:
        message = dbc.Alert(t("rollback_failed", lang), color="danger", id=ids.ROLLBACK_OUTCOME)
    except RollbackRefused as refused:
        message = dbc.Alert(pick(str(refused), refused.message_zh, lang), color="danger", id=ids.ROLLBACK_OUTCOME)
    return False, message, history_table(store.batches(), lang)
