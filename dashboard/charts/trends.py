"""A metric over time: new per period or cumulative, optionally one line per region, with the
university's milestones marked on the time axis, and the same numbers as a table."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.filters import Filters
from dashboard.analysis.indicators import Indicator
from dashboard.analysis.memo import per_frame
from dashboard.analysis.metrics import SERIES, SERIES_BY_KEY, Figure, find, over_time
from dashboard.charts.base import OKABE_ITO, empty, figure, plain, whole_step
from dashboard.charts.geo import REGION_COLOURS, group_names
from dashboard.model import clock, display, periods
from dashboard.model.texts import t

Records = Mapping[str, pd.DataFrame]

FREQS = ("year", "quarter", "month")
MODES = ("new", "cumulative")
SPLITS = {"none": None, "region": "region_code", "subregion": "subregion_code"}
XPERIOD = {"year": "M12", "quarter": "M3", "month": "M1"}
# Line and bar colours in order, yellow last: it is faint on white.
COLOURS = tuple(OKABE_ITO[i] for i in (0, 1, 2, 3, 4, 5, 7, 6))
PATTERNS = ("", "/", ".", "x")  # told apart beyond the palette's eight colours
DASHES = ("solid", "dash", "dot", "dashdot")


@dataclass(frozen=True, slots=True)
class TrendSettings:
    """The page's own settings, kept in the URL beside the shared filters."""

    metric: str = SERIES[0].key
    freq: str = "year"
    mode: str = "new"
    split: str = "none"
    figure: Figure | None = field(default=None, compare=False)  # the metric, resolved against the records

    @classmethod
    def from_extra(cls, extra: Mapping[str, str | None], records: Records | None = None) -> TrendSettings:
        """From :attr:`Filters.extra`; unknown values fall back to the defaults. Given the
        records, the metric may be any indicator they define; without, any code is kept."""
        default = cls()
        metric = extra.get("metric") or default.metric
        figure = find(records, metric, None) if records is not None else SERIES_BY_KEY.get(metric)
        if records is not None and figure is None:
            metric, figure = default.metric, SERIES_BY_KEY[default.metric]

        def choice(name: str, allowed: Collection[str], fallback: str) -> str:
            value = extra.get(name)
            return value if value is not None and value in allowed else fallback

        return cls(
            metric=metric,
            figure=figure,
            freq=choice("freq", FREQS, default.freq),
            mode=choice("mode", MODES, default.mode),
            split=choice("split", SPLITS, default.split),
        )

    @property
    def series(self) -> Figure:
        return self.figure or SERIES_BY_KEY.get(self.metric, SERIES[0])

    @property
    def cumulative(self) -> bool:
        return self.mode == "cumulative"

    def query(self, filters: Filters) -> str:
        """The URL query for ``filters`` with these settings (defaults left out)."""
        default = TrendSettings()
        chosen = {name: getattr(self, name) for name in ("metric", "freq", "mode", "split")}
        wanted = {k: (None if v == getattr(default, k) else v) for k, v in chosen.items()}
        return filters.with_extra(**wanted).to_query()


def period_label(period: pd.Timestamp, freq: str, lang: str) -> str:
    """2019 / 2019 Q3 / 2019-07, or 2019年 / 2019年第3季度 / 2019年7月."""
    if freq == "quarter":
        return periods.label(f"{period.year}-Q{period.quarter}", lang)
    if freq == "month":
        return periods.label(f"{period.year}-{period.month:02d}", lang)
    return periods.label(str(period.year), lang)


def title(settings: TrendSettings, lang: str) -> str:
    metric = settings.series.label(lang)
    if isinstance(settings.series, Indicator) and (settings.series.is_stock or not settings.cumulative):
        return t("trends.title_level", lang, metric=metric, freq=t(f"trends.{settings.freq}", lang).lower())
    if settings.cumulative:
        return t("trends.title_cumulative", lang, metric=metric)
    return t("trends.title_new", lang, metric=metric, freq=t(f"trends.{settings.freq}", lang).lower())


def trend_table(
    records: Records, settings: TrendSettings, lang: str, start: int | None = None, end: int | None = None
) -> pd.DataFrame:
    """The chart's numbers: period, label (the period as text), code, group (its name), value.

    Pass records unfiltered before ``start`` (a view's ``history``): cumulative totals count them.
    """
    split = SPLITS[settings.split]
    table = over_time(
        records, settings.series, freq=settings.freq, cumulative=settings.cumulative, split=split, start=start, end=end
    )
    if table.empty:
        table["label"], table["code"], table["group"] = [], "", ""
        table = table[TREND_COLUMNS]
        return table if isinstance(settings.series, Indicator) else table.astype({"value": int})
    labels = [period_label(p, settings.freq, lang) for p in table["period"]]
    if split:
        codes = table[split].astype(str).tolist()  # a missing code stays missing: "not given"
        names, missing = group_names(split, lang), t("trends.not_given", lang)
        named = {"code": codes, "group": [names.get(code, missing) for code in codes]}
    else:
        named = {"code": "", "group": settings.series.label(lang)}
    values = table["value"].to_numpy()  # NumPy columns: a table made of pandas' own costs three times as much
    values = values if isinstance(settings.series, Indicator) else values.astype(int)
    return pd.DataFrame(
        {"period": table["period"].to_numpy(), "label": labels, **named, "value": values}, columns=TREND_COLUMNS
    )


TREND_COLUMNS = ["period", "label", "code", "group", "value"]


def trend_figure(table: pd.DataFrame, settings: TrendSettings, milestones: pd.DataFrame, lang: str) -> go.Figure:
    """Bars (new per period, stacked by group) or lines (cumulative), one trace per group,
    the milestones within the time shown as dotted vertical lines with their titles."""
    heading = title(settings, lang)
    if table.empty or table["value"].fillna(0).abs().sum() == 0:
        return empty(heading, lang)
    traces = []
    if settings.split == "none":  # one line or one row of bars
        groups = [("", table)]
    else:
        totals = table.groupby("code", sort=False)["value"].sum().sort_values(ascending=False, kind="stable")
        groups = [(code, table[table["code"] == code]) for code in totals.index]
    for i, (code, rows) in enumerate(groups):
        colour = REGION_COLOURS.get(code) if settings.split == "region" else None
        colour = colour or COLOURS[i % len(COLOURS)]
        common = {
            "type": "scatter" if settings.cumulative else "bar",
            "x": rows["period"],
            "y": rows["value"],
            "name": rows["group"].iloc[0],
            "customdata": rows["label"],
            "xperiod": XPERIOD[settings.freq],
            "xperiodalignment": "middle",
            "hovertemplate": "%{fullData.name}<br>%{customdata}: %{y}<extra></extra>",
        }
        if settings.cumulative:
            mode = "lines+markers" if len(rows) <= 40 else "lines"
            line = {"color": colour, "width": 3, "dash": DASHES[i // len(COLOURS) % 4]}
            traces.append({**common, "mode": mode, "line": line})
        else:
            marker = {"color": colour, "pattern": {"shape": PATTERNS[i // len(COLOURS) % 4]}}
            traces.append({**common, "marker": marker})
    stacked = not settings.cumulative and len(groups) > 1  # bars of several groups: the peak is a period's sum
    peak = table.groupby("period")["value"].sum().max() if stacked else table["value"].max()
    missing = _not_reported(table, settings, lang)
    yaxis: dict = {"rangemode": "tozero"}
    if isinstance(settings.series, Indicator):
        unit = settings.series.unit_in(lang)
        yaxis |= {"title": {"text": unit}} if unit is not None else {}
    else:
        yaxis |= {"tickformat": "d", "dtick": whole_step(peak), "range": [0, peak * 1.08]}
    return figure(
        traces + missing,
        heading,
        height=460,
        barmode="stack",
        showlegend=settings.split != "none" or bool(missing),
        bargap=0.15,
        legend={"traceorder": "normal"},
        yaxis=yaxis,
        xaxis=period_axis(table["period"], settings.freq),
        **_marks(milestones_shown(milestones, table, settings.freq), lang),
    )


def _not_reported(table: pd.DataFrame, settings: TrendSettings, lang: str) -> list[dict]:
    """A grey cross on the axis, named in the legend, for each period over by today that an
    indicator has no figure for: "not reported" is not 0, and an empty slot alone would read as
    one (the trace, or none). The period under way is not yet due. Split charts leave it to their table."""
    if not isinstance(settings.series, Indicator) or settings.split != "none" or settings.cumulative:
        return []
    missing = table[table["value"].isna() & ~_unfinished(table["period"], settings.freq)]
    if missing.empty:
        return []
    label = t("trends.not_reported", lang)
    crosses = {
        "type": "scatter",
        "x": missing["period"],
        "y": [0] * len(missing),
        "customdata": missing["label"],
        "name": label,
        "mode": "markers",
        "marker": {"symbol": "x-thin", "size": 10, "line": {"width": 2, "color": "#7b8794"}},
        "xperiod": XPERIOD[settings.freq],
        "xperiodalignment": "middle",
        "hovertemplate": f"%{{customdata}}: {plain(label)}<extra></extra>",
        "cliponaxis": False,
    }
    return [crosses]


def _unfinished(periods: pd.Series, freq: str) -> pd.Series:
    """Whether each period (its start) is still under way today: its figure is not yet due."""
    ends = periods + pd.DateOffset(**PERIOD_STEP[freq])
    return ends > pd.Timestamp(clock.today())


TICK_FORMATS = {"year": "%Y", "quarter": "%Y Q%q", "month": "%Y-%m"}
PERIOD_STEP = {"year": {"years": 1}, "quarter": {"months": 3}, "month": {"months": 1}}


def period_axis(periods: pd.Series, freq: str) -> dict:
    """A time axis whose labels stand under their periods' bars: each label in the middle of its
    period (as the bars are, ``xperiodalignment="middle"``) rather than on the 1 January between
    two bars, level, spanning exactly the periods shown. Plotly thins the labels to fit the width."""
    first, last = periods.min(), periods.max() + pd.DateOffset(**PERIOD_STEP[freq])
    shown = periods.nunique()
    return {
        "nticks": shown + 1 if shown <= 12 else 0,  # up to a dozen periods: a label each
        "type": "date",
        "ticklabelmode": "period",
        "tickformat": TICK_FORMATS[freq],
        "tickangle": 0,
        "range": [first, last],
        "minor": {"showgrid": False},
    }


def milestones_shown(milestones: pd.DataFrame, table: pd.DataFrame, freq: str) -> pd.DataFrame:
    """The milestones within the periods of ``table``, oldest first."""
    if table.empty or milestones.empty:
        return milestones.iloc[0:0]
    first = table["period"].min()
    last = table["period"].max() + pd.DateOffset(**PERIOD_STEP[freq])
    return _between(milestones, first, last)


@per_frame
def _between(milestones: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    return milestones[(milestones["date"] >= first) & (milestones["date"] < last)].sort_values("date")


MILESTONE_ROWS = 3  # labels take turns on this many lines above the plot, so neighbours do not collide
MILESTONE_ROW_PX = 20


def _marks(shown: pd.DataFrame, lang: str) -> dict:
    """A dotted vertical line per milestone, its (shortened) title in a band above the plot where
    no bar can be under it; the full title on hover: the layout's shapes, annotations and top
    margin (none of them without milestones)."""
    if shown.empty:
        return {}
    line = {"color": "#52606d", "width": 1.5, "dash": "dot"}
    shapes, labels = [], []
    for i, row in enumerate(shown.itertuples()):
        lift = 2 + MILESTONE_ROW_PX * (i % MILESTONE_ROWS)  # the label's line above the plot, in pixels
        dated = {"type": "line", "x0": row.date, "x1": row.date, "xref": "x", "yref": "paper", "line": line}
        shapes.append({**dated, "y0": 0, "y1": 1, "layer": "below"})
        shapes.append({**dated, "ysizemode": "pixel", "yanchor": 1, "y0": 0, "y1": lift + 14})  # on up to its label
        name = display.localised(row, "title", lang)
        text = plain(name if len(name) <= 32 else name[:31].rstrip() + "…")
        labels.append(
            {
                "name": "milestone",  # on a phone's narrow chart, assets/narrow_labels.js shows its number instead
                "x": row.date,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": text,
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": lift,
                "xshift": 3,
                "align": "left",
                "font": {"size": 13, "color": "#323f4b"},
                "bgcolor": "rgba(255,255,255,0.85)",
                "hovertext": f"{t('trends.milestone', lang)} {row.date:%Y-%m-%d}: {plain(name)}",
            }
        )
    top = 60 + min(len(shown), MILESTONE_ROWS) * MILESTONE_ROW_PX
    return {"shapes": shapes, "annotations": labels, "margin": {"t": top}}


def _summed(table: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """The counts of ``table`` summed per period (rows, in order) and group (columns, ``groups``)."""
    periods, row = np.unique(table["period"].to_numpy(), return_inverse=True)
    column = pd.Index(groups).get_indexer(table["group"].to_numpy(dtype=object))
    sums = np.zeros((len(periods), len(groups)), dtype=np.int64)
    np.add.at(sums, (row, column), table["value"].to_numpy(dtype=np.int64))
    labels = table["label"].to_numpy(dtype=object)[np.unique(row, return_index=True)[1]]
    index = pd.MultiIndex.from_arrays([periods, labels], names=["period", "label"])
    return pd.DataFrame(sums, index=index, columns=pd.Index(groups, name="group"))


def trend_rows(table: pd.DataFrame, settings: TrendSettings, lang: str) -> pd.DataFrame:
    """The chart as a table of text: a row per period, a column per group (and their total,
    unless the groups share values: a standard adopted in two regions is one standard)."""
    period = t("trends.period", lang)
    if table.empty:
        return pd.DataFrame(columns=[period, settings.series.label(lang)])
    indicator = isinstance(settings.series, Indicator)
    if settings.split == "none" and not indicator:  # one column, a period a row: the table as it is
        return _texts({period: table["label"].tolist(), table["group"].iloc[0]: table["value"].tolist()})
    order = table.groupby("group", sort=False)["value"].sum().sort_values(ascending=False, kind="stable").index
    if indicator:  # a missing figure stays missing: "not reported", not 0
        wide = table.groupby(["period", "label", "group"], sort=True)["value"].first().unstack("group")[list(order)]
    else:
        wide = _summed(table, list(order))
    adds_up = getattr(settings.series, "over_places", "sum") == "sum" and not settings.series.distinct
    if settings.split != "none" and adds_up:  # distinct counts (and averages) do not add up
        wide[t("trends.total", lang)] = wide.sum(axis=1, min_count=1)
    if indicator:
        unfinished = _unfinished(pd.Series(wide.index.get_level_values("period")), settings.freq).to_numpy()
        missing = [t("trends.not_yet_reported" if later else "trends.not_reported", lang) for later in unfinished]
        wide = wide.astype(object).where(
            wide.notna(), pd.DataFrame({c: missing for c in wide.columns}, index=wide.index)
        )
        wide = wide.map(lambda value: value if isinstance(value, str) else display.number(value))
    labels = wide.index.get_level_values("label").tolist()
    return _texts({period: labels, **{name: wide[name].tolist() for name in wide.columns}})


def _texts(columns: Mapping[str, list]) -> pd.DataFrame:
    """A table of ``columns`` (none of them missing a value), each value as text: what
    ``astype(str)`` makes of one, in under half the time."""
    return pd.DataFrame({name: [str(value) for value in values] for name, values in columns.items()})
