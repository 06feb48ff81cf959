"""Where cooperation happens: a metric per country on the world map, summed by UN M49
region and sub-region, the country table behind them, and one country's own records."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis import indicators
from dashboard.analysis.indicators import Indicator
from dashboard.analysis.memo import derived, remembered, subset
from dashboard.analysis.metrics import Figure, Series, counted, per_group, ranked, text_codes
from dashboard.charts.base import OKABE_ITO, empty, figure, whole_step
from dashboard.charts.overview import world_map
from dashboard.model import countries, display
from dashboard.model.i18n import language
from dashboard.model.records import BY_NAME, Kind
from dashboard.model.texts import t

Records = Mapping[str, pd.DataFrame]

# One colour per M49 region wherever regions are told apart (bars here, lines on the trends page).
REGION_COLOURS = {
    "002": OKABE_ITO[0],
    "019": OKABE_ITO[1],
    "142": OKABE_ITO[2],
    "150": OKABE_ITO[3],
    "009": OKABE_ITO[4],
}
MISSING = "—"


@functools.lru_cache(maxsize=8)
def group_names(column: str, lang: str) -> dict[str, str]:
    """M49 code -> name in ``lang`` for ``region_code`` or ``subregion_code`` (one dict for every
    caller: read it, never change it)."""
    kind = "region" if column == "region_code" else "subregion"
    return {
        getattr(c, f"{kind}_code"): getattr(c, f"{kind}_{language(lang)}")
        for c in countries.all_countries()
        if getattr(c, f"{kind}_code")
    }


@remembered
def country_table(records: Records, series: Figure, lang: str) -> pd.DataFrame:
    """``series`` per country: iso3, country, region, subregion, value; largest first, ties in the
    order of their ISO3 codes (the same countries make a top ten in every language)."""
    columns = ["iso3", "country", "region", "subregion", "value"]
    if isinstance(series, Indicator):
        values = indicators.per_place(records, series, "country")
    else:
        frame = _located(records, series)
        if frame.empty:
            return pd.DataFrame(columns=columns)
        pairs = [(iso3, n) for iso3, n in ranked(per_group(frame, "country", series.distinct)) if n > 0]
        if not pairs:
            return pd.DataFrame(columns=columns)
        table = {**countries.places([iso3 for iso3, _ in pairs], lang), "value": [display.number(n) for _, n in pairs]}
        return pd.DataFrame(table, columns=columns)
    rows = []
    for iso3, value in values.items():
        country = countries.by_iso3(iso3)
        rows.append(
            {
                **country.place(lang),
                "value": display.number(value),
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    table = table[table["value"] != 0]
    return table.sort_values(["value", "iso3"], ascending=[False, True], ignore_index=True)


@remembered
def group_table(records: Records, series: Figure, column: str, lang: str) -> pd.DataFrame:
    """``series`` per M49 region or sub-region (``column``): code, name, region_code, value.

    A distinct count is taken over the whole group: a standard adopted in two African
    countries counts once for Africa.
    """
    columns = ["code", "name", "region_code", "value"]
    names = group_names(column, lang)
    if not isinstance(series, Indicator):
        # A few dozen groups: worked out in Python, the table made once (pandas' map, fillna and
        # column setting cost more than the counting).
        frame = _located(records, series)
        if frame.empty:
            return pd.DataFrame(columns=columns)
        pairs = [(code, n) for code, n in ranked(per_group(frame, column, series.distinct)) if n]  # no zeros
        shown = [code for code, _ in pairs]
        parent = _regions_of(frame, column)
        missing = t("regions.not_given", lang)
        parents = [parent.get(code) for code in shown]
        texts = {"code": shown, "name": [names.get(code, missing) for code in shown], "region_code": parents}
        if not any(parents):  # no text in a column for pandas to find: say it is one
            texts = {name: pd.Series(values, dtype="str") for name, values in texts.items()}
        return pd.DataFrame({**texts, "value": np.array([n for _, n in pairs], dtype=np.int64)}, columns=columns)
    values = indicators.per_place(records, series, column)
    parent_of = pd.Series({c.subregion_code: c.region_code for c in countries.all_countries()}, dtype=object)
    parent_of = parent_of if column == "subregion_code" else pd.Series(dict(zip(values.index, values.index)))
    numbers = [display.number(v) for v in values]
    table = pd.DataFrame({"code": values.index, "value": numbers}, columns=["code", "value"])
    table["name"] = table["code"].map(names).fillna(t("regions.not_given", lang))
    table["region_code"] = table["code"].map(parent_of)
    table = table[table["value"] != 0]
    return table.sort_values(["value", "code"], ascending=[False, True], ignore_index=True)[columns]


def _regions_of(frame: pd.DataFrame, column: str) -> dict[str, str]:
    """The region of each value of ``column``: that of its first record naming one."""
    labels, groups = text_codes(frame, column)
    if column == "region_code":
        return {label: label for label in labels.tolist()}
    regions, region_of_row = text_codes(frame, "region_code")  # codes kept with the frame: no texts made per row
    named = (groups >= 0) & (region_of_row >= 0)
    found, first = np.unique(groups[named], return_index=True)
    return dict(zip(labels[found].tolist(), regions[region_of_row[named][first]].tolist(), strict=True))


def _located(records: Records, series: Series) -> pd.DataFrame:
    """The records ``series`` counts that name a country: once per set of them (the map, the
    table and both sets of bars ask)."""
    frame = counted(records, series, by_year=True)  # over the view's whole years
    if "country" not in frame.columns:
        return frame.iloc[0:0]
    return derived(frame, ("located",), lambda: subset(frame, frame["country"].notna()))


def metric_map(table: pd.DataFrame, series: Figure, lang: str) -> go.Figure:
    """The world choropleth of ``table`` (from :func:`country_table`) for ``series``."""
    title = t("regions.map_title", lang, metric=series.label(lang))
    unit = series.unit_in(lang) if isinstance(series, Indicator) else None
    return world_map(table, "value", lang, title=title, scale=unit or series.label(lang))


def group_bars(table: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """Horizontal bars of a :func:`group_table`, largest on top, coloured by M49 region."""
    if table.empty:
        return empty(title, lang)
    ordered = table.iloc[::-1]
    colours = [REGION_COLOURS.get(code, "#616e7c") for code in ordered["region_code"]]
    bars = {
        "type": "bar",
        "x": ordered["value"],
        "y": ordered["name"],
        "orientation": "h",
        "marker": {"color": colours},
        "text": ordered["value"],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    return figure(
        [bars],
        title,
        height=max(260, 90 + 34 * len(table)),
        xaxis={"tickformat": "d", "dtick": whole_step(table["value"].max()), "rangemode": "tozero"},
        yaxis={"automargin": True},
    )


def country_from_click(click: Mapping | None) -> str | None:
    """The ISO3 code of the country a map click landed on, if any."""
    points = (click or {}).get("points") or []
    location = (points[0].get("location") or points[0].get("customdata")) if points else None  # a shape, or a point
    return str(location).upper() if location and len(str(location)) == 3 else None


# --- one country's records --------------------------------------------------------------------

SECTIONS: dict[str, tuple[str, ...]] = {
    "adoption": ("standard_code", "title", "institution", "adopted_on", "status"),
    "training_centre": ("name", "city", "partner", "opened_on", "status"),
    "partner": ("name", "city", "type", "since"),
    "agreement": ("partner", "kind", "signed_on", "expires_on", "status"),
    "event": ("title", "start_date", "kind", "city", "role", "participants"),
    "indicator_value": ("indicator", "period", "partner", "value", "unit"),
}


def country_profile(records: Records, iso3: str, lang: str) -> dict[str, pd.DataFrame]:
    """One country's records per type (as in :data:`SECTIONS`), newest first, as display text
    with headers, dates, choices and blanks in ``lang``."""
    standards = (
        pd.Series(
            display.localised_column(records["standard"], "title", lang).to_numpy(), index=records["standard"]["code"]
        )
        if "standard" in records
        else pd.Series()
    )
    profile = {}
    for name, columns in SECTIONS.items():
        frame = records[name]
        frame = frame[frame["country"].astype(str) == iso3.upper()].copy()
        if name == "adoption":
            frame["title"] = frame["standard_code"].map(standards)
        if name == "indicator_value":  # named, not coded; the unit in the reader's language
            defined = {i.key: i for i in indicators.defined(records)}
            names = {key: i.label(lang) for key, i in defined.items()}
            units = frame["indicator"].map(
                lambda code, defined=defined: defined[code].unit_in(lang) if code in defined else None
            )
            frame["unit"] = frame["unit"].where(frame["unit"].isna() | units.isna(), units)
            frame["indicator"] = frame["indicator"].map(lambda code, names=names: names.get(code, code))
        when = BY_NAME[name].when_column
        frame = frame.sort_values(when, ascending=False, na_position="last")
        profile[name] = _display(frame, name, columns, lang)
    return profile


def _display(frame: pd.DataFrame, name: str, columns: tuple[str, ...], lang: str) -> pd.DataFrame:
    rt = BY_NAME[name]
    shown = {}
    for column in columns:
        field = rt.field(column) if column in {f.name for f in rt.fields} else BY_NAME["standard"].field(column)
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            text = values.dt.strftime("%Y-%m-%d")
        elif field.kind in (Kind.PERIOD, Kind.NUMBER):
            text = values.map(lambda v, field=field: display.text(field, v, lang))
        elif field.choices:
            labels = {c.value: c.label(lang) for c in field.choices}
            text = values.map(lambda v, labels=labels: labels.get(v, v) if isinstance(v, str) else v)
        else:
            text = values.astype(object)
        shown[field.label(lang)] = [MISSING if pd.isna(v) else str(v) for v in text]
    return pd.DataFrame(shown, columns=[k for k in shown])
