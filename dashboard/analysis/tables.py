"""Record tables for the data grid: a record type's DataFrame as ag-grid columns and rows.

Everything is derived from the record model (:mod:`dashboard.model.records`), so a new
:class:`~dashboard.model.records.Field` shows up as a new column with no page change. Values are
made ready to read in the chosen language: choice values become their labels, ISO3 codes
become country names, dates become ``YYYY-MM-DD`` text. Every value is plain text or a
number; the grid never renders any of it as HTML.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.model import display
from dashboard.model.i18n import pick
from dashboard.model.records import Field, Kind, RecordType
from dashboard.model.texts import t

MAX_ROWS = 10_000
"""The most rows sent to one grid: ag-grid stays quick with about this many."""

SOURCE_BATCH, SOURCE_FILE, SOURCE_ROW = "source_batch", "source_file", "source_row"
PROVENANCE = (SOURCE_BATCH, SOURCE_FILE, SOURCE_ROW)

LOCALE_ZH: dict[str, str] = {
    "noRowsToShow": "没有可显示的记录",
    "noMatchingRows": "没有符合筛选条件的记录",
    "loadingOoo": "加载中…",
    "exportingOoo": "导出中…",
    "blanks": "（空白）",
    "page": "第",
    "of": "页，共",
    "to": "至",
    "more": "更多",
    "firstPage": "第一页",
    "lastPage": "最后一页",
    "nextPage": "下一页",
    "previousPage": "上一页",
    "pageSizeSelectorLabel": "每页条数：",
    "invalidDate": "无效日期",
    "invalidNumber": "无效数字",
    "filterOoo": "筛选…",
    "searchOoo": "搜索…",
    "contains": "包含",
    "notContains": "不包含",
    "equals": "等于",
    "notEqual": "不等于",
    "startsWith": "开头是",
    "endsWith": "结尾是",
    "blank": "为空",
    "notBlank": "不为空",
    "lessThan": "小于",
    "greaterThan": "大于",
    "lessThanOrEqual": "小于等于",
    "greaterThanOrEqual": "大于等于",
    "inRange": "介于",
    "before": "早于",
    "after": "晚于",
    "andCondition": "且",
    "orCondition": "或",
    "applyFilter": "应用",
    "resetFilter": "重置",
    "clearFilter": "清除",
    "cancelFilter": "取消",
    "dateFormatOoo": "yyyy-mm-dd",
    "inRangeStart": "从",
    "inRangeEnd": "到",
    "ariaFilterValue": "筛选值",
    "ariaFilterInput": "筛选输入",
    "ariaFilterFromValue": "筛选起始值",
    "ariaFilterToValue": "筛选结束值",
    "ariaFilteringOperator": "筛选条件",
    "ariaFilterMenuOpen": "打开筛选菜单",
    "ariaFilterColumn": "按 Ctrl+Enter 打开筛选",
    "ariaDateFilterInput": "日期筛选输入",
    "ariaColumnFiltered": "已筛选此列",
    "ariaLabelColumnFilter": "列筛选",
    "ariaLabelColumnMenu": "列菜单",
    "ariaLabelTooltip": "提示",
    "ariaMenuColumn": "按 Alt+下箭头 打开列菜单",
    "ariaSortableColumn": "按 Enter 排序",
    "ariaPageSizeSelectorLabel": "每页条数",
}
"""ag-grid's own words (filter menus, the empty grid) in Chinese."""

DROPDOWN_ZH: dict[str, str] = {
    "select_all": "全选",
    "deselect_all": "取消全选",
    "selected_count": "已选 {num_selected} 项",
    "search": "搜索",
    "clear_search": "清除搜索",
    "clear_selection": "清除选择",
    "no_options_found": "没有匹配的选项",
}
"""The words of Dash's drop-down (``dcc.Dropdown(labels=...)``) in Chinese, for the filter controls."""

_FILTERS = {Kind.INTEGER: "agNumberColumnFilter", Kind.NUMBER: "agNumberColumnFilter", Kind.DATE: "agDateColumnFilter"}
_DATA_TYPES = {Kind.INTEGER: "number", Kind.NUMBER: "number", Kind.DATE: "dateString"}


@dataclass(frozen=True, slots=True)
class GridData:
    """What one grid shows: its columns, its rows, and how many records there are in all."""

    columns: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    total: int

    @property
    def truncated(self) -> bool:
        return len(self.rows) < self.total


def column_defs(
    rt: RecordType, lang: str, *, provenance: bool = False, fields: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """One ag-grid column per field (or per name in ``fields``), headed by its label in ``lang``."""
    chosen = [rt.field(name) for name in fields] if fields else list(rt.fields)
    columns = [_column(f, lang) for f in chosen]
    if provenance:
        columns += [
            {
                "field": SOURCE_BATCH,
                "headerName": t("table." + SOURCE_BATCH, lang),
                "filter": "agNumberColumnFilter",
                "cellDataType": "number",
                "width": 100,
            },
            {
                "field": SOURCE_FILE,
                "headerName": t("table." + SOURCE_FILE, lang),
                "filter": "agTextColumnFilter",
                "cellDataType": "text",
            },
            {
                "field": SOURCE_ROW,
                "headerName": t("table." + SOURCE_ROW, lang),
                "filter": "agNumberColumnFilter",
                "cellDataType": "number",
                "width": 90,
            },
        ]
    return columns


def _column(f: Field, lang: str) -> dict[str, Any]:
    column: dict[str, Any] = {
        "field": f.name,
        "headerName": f.label(lang),
        "filter": _FILTERS.get(f.kind, "agTextColumnFilter"),
        "cellDataType": _DATA_TYPES.get(f.kind, "text"),
    }
    if f.kind is Kind.DATE:
        column["minWidth"] = 150  # room for the date filter's picker
    hint = pick(f.help_en, f.help_zh, lang)
    if hint:
        column["headerTooltip"] = hint
    return column


def row_data(
    frame: pd.DataFrame, rt: RecordType, lang: str, *, fields: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The records as grid rows: labels for choices, names for countries, dates as text; in
    Chinese, an institution's Chinese name where one is known."""
    chosen = [rt.field(name) for name in fields] if fields else list(rt.fields)
    columns = {f.name: _shown(frame[f.name], f, lang) for f in chosen if f.name in frame.columns}
    own = pick("name", "name_zh", lang)  # an institution's name in the reader's language, where one is known
    if own != "name" and "name" in columns and own in frame.columns:
        columns["name"] = [mine or name for name, mine in zip(columns["name"], _plain(frame[own]), strict=True)]
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _shown(values: pd.Series, f: Field, lang: str) -> list[Any]:
    if f.kind in (Kind.DATE, Kind.CHOICE, Kind.COUNTRY):
        shown = {v: display.text(f, v, lang) or None for v in values.dropna().unique()}  # once per distinct value
        return [None if pd.isna(v) else shown[v] for v in values]
    return _plain(values)


def _plain(values: pd.Series) -> list[Any]:
    """Numbers as numbers, anything else as ``str``, missing as ``None``: what JSON can carry."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":  # whole numbers, none missing: as they are
        return values.tolist()
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return [None if math.isnan(v) else v for v in values.tolist()]
    if isinstance(dtype, pd.StringDtype):  # texts: anything else in them marks a missing one
        return [v if isinstance(v, str) else None for v in values.tolist()]
    return [_json_value(v) for v in values.astype(object)]


def _json_value(value: object) -> Any:
    if value is None or pd.isna(value):
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return str(value)


def newest(frame: pd.DataFrame, rt: RecordType, limit: int = MAX_ROWS) -> pd.DataFrame:
    """The records newest first (by the type's date; undated last), at most ``limit`` of them."""
    if rt.when_column and rt.when_column in frame.columns:
        frame = frame.sort_values(rt.when_column, ascending=False, na_position="last", kind="stable")
    return frame.head(limit)


def sources(frame: pd.DataFrame, files: Mapping[int, str]) -> dict[str, list[Any]]:
    """The batch, file name and row each record came from (``origin_batch`` and ``source_row``,
    as the snapshot's records carry them; ``files`` maps batch ids to file names)."""
    batches = _plain(frame["origin_batch"])
    return {
        SOURCE_BATCH: batches,
        SOURCE_FILE: [None if b is None else files.get(b) for b in batches],
        SOURCE_ROW: _plain(frame["source_row"]),
    }


def grid_data(
    frame: pd.DataFrame,
    rt: RecordType,
    lang: str,
    *,
    files: Mapping[int, str] | None = None,
    limit: int = MAX_ROWS,
    fields: Sequence[str] | None = None,
) -> GridData:
    """Columns and (at most ``limit``, newest first) rows for one record type's grid; with
    ``files``, each row also names the batch, file and row it came from."""
    traced = files is not None and {"origin_batch", "source_row"} <= set(frame.columns)
    shown = newest(frame, rt, limit)
    rows = row_data(shown, rt, lang, fields=fields)
    if traced and rows and files is not None:
        for row, *where in zip(rows, *sources(shown, files).values(), strict=True):
            row.update(zip(PROVENANCE, where, strict=True))
    return GridData(column_defs(rt, lang, provenance=traced, fields=fields), rows, len(frame))


def dropdown_words(lang: str) -> dict[str, Any]:
    """Keyword arguments giving a ``dcc.Dropdown`` its words in ``lang`` (none: Dash's English)."""
    return pick({}, {"labels": DROPDOWN_ZH}, lang)


def grid_options(lang: str, **options: Any) -> dict[str, Any]:
    """ag-grid options shared by every grid: tooltips soon, Chinese words for its own texts."""
    words: dict[str, Any] = pick({}, {"localeText": LOCALE_ZH}, lang)
    return {"tooltipShowDelay": 300, "enableCellTextSelection": True, "animateRows": False, **options, **words}


DEFAULT_COLUMN: dict[str, Any] = {
    "sortable": True,
    "filter": True,
    "floatingFilter": True,
    "resizable": True,
    "minWidth": 110,
}
