"""Every chart by name: how to draw it from a :class:`~dashboard.analysis.view.View`, and the
frame an exported chart wears (titled, with a subtitle naming the filters and the data date, and
a source line); and the headline cards' figures.

This is the one place a chart's recipe (which records, which table, which figure) is written:
the pages draw their charts with :func:`chart` (or, where a page shows a chart's table too, with
:func:`trend_chart` and :func:`regions_map`), the exports render them framed
(:mod:`dashboard.exports.images`, :mod:`dashboard.exports.report`) and the notebook API returns
them (:mod:`dashboard.api`). The overview's cards and the report's KPI table both come from
:func:`cards`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import config
from dashboard.analysis import indicators, insights, metrics, partnerships
from dashboard.analysis.filters import Filters
from dashboard.analysis.indicators import Indicator
from dashboard.analysis.view import View
from dashboard.charts.base import explained, plain
from dashboard.charts.events import counts_by_kind_and_year, per_kind_and_year, timeline
from dashboard.charts.geo import country_table, group_bars, group_names, group_table, metric_map
from dashboard.charts.overview import adoptions_over_time, centres_by_country, milestones_timeline, world_map
from dashboard.charts.partners import partners_by_country, partners_by_type
from dashboard.charts.trends import TrendSettings, trend_figure, trend_table
from dashboard.model import clock, display, figures
from dashboard.model.periods import PER_YEAR
from dashboard.model.records import MILESTONE
from dashboard.model.texts import t
from dashboard.store.store import Store

WIDTH = 1000  # layout pixels of an exported chart

# --- the charts, by name --------------------------------------------------------------------------


def _adoption_map(view: View) -> go.Figure:
    table = metrics.adoptions_by_country(view.yearly, view.lang)
    return world_map(table, "adoptions", view.lang)


def _adoptions_over_time(view: View) -> go.Figure:
    """Within the chosen years; its running total counts the years before them too."""
    table = metrics.adoptions_over_time(view.yearly, start=view.filters.start, end=view.filters.last_year)
    return adoptions_over_time(table, view.lang)


def _centres_by_country(view: View) -> go.Figure:
    table = metrics.centres_by_country(view.yearly, view.lang)
    return centres_by_country(table, view.lang)


def _milestones(view: View) -> go.Figure:
    kinds = {c.value: c.label(view.lang) for c in MILESTONE.field("kind").choices}
    return milestones_timeline(view.records["milestone"], view.lang, kinds)  # within the chosen years


@dataclass(frozen=True, slots=True)
class TrendChart:
    settings: TrendSettings  # as drawn: the URL's, at an indicator's own frequency if that is coarser
    table: pd.DataFrame  # what the chart draws, for its text alternative
    figure: go.Figure
    asked: TrendSettings  # the URL's, for the controls
    note: str = ""  # why the chart is drawn other than asked


def trend_chart(view: View) -> TrendChart:
    """The chosen figure over time (the settings in the URL), with the table it draws. An indicator
    is drawn no finer than it is reported: a yearly figure has no quarters (and is not 0 in three
    of them), so asked for quarters it is drawn by year, and the chart's note says so."""
    asked = settings = TrendSettings.from_extra(view.filters.extra, view.snapshot.records)
    note = ""
    if isinstance(settings.series, Indicator):
        every = indicators.reported_every(view.snapshot.records, settings.series)
        if every and PER_YEAR[every] < PER_YEAR[settings.freq]:
            settings = dataclasses.replace(settings, freq=every)
            label = settings.series.label(view.lang)
            note = t("trends.reported_every", view.lang, metric=label, every=t(f"trends.every_{every}", view.lang))
    history = view.yearly if settings.freq == "year" else view.history  # yearly: pre-aggregated, fast at any size
    table = trend_table(history, settings, view.lang, start=view.filters.start, end=view.filters.last_year)
    figure = trend_figure(table, settings, view.records["milestone"], view.lang)
    figure = explained(figure, lambda: why_empty(view, settings.series, settings.split != "none"))
    return TrendChart(settings, table, figure, asked, note)


def _trends(view: View) -> go.Figure:
    return trend_chart(view).figure


@dataclass(frozen=True, slots=True)
class RegionsMap:
    series: metrics.Figure  # the metric named in the URL, or the first one
    table: pd.DataFrame  # per country, as :func:`dashboard.charts.geo.country_table` gives it
    figure: go.Figure


def chosen_metric(view: View) -> metrics.Figure:
    """The metric (a tracked figure or an indicator) the URL names, or the first one: the By region charts'."""
    return metrics.find(view.snapshot.records, view.filters.extra.get("metric"))


def regions_map(view: View) -> RegionsMap:
    """The chosen metric per country within the chosen years (exact by year, fast at any size)."""
    series = chosen_metric(view)
    table = country_table(view.yearly_records, series, view.lang)
    figure = explained(metric_map(table, series, view.lang), lambda: why_empty(view, series, True))
    return RegionsMap(series, table, figure)


def _regions_map(view: View) -> go.Figure:
    return regions_map(view).figure


def _group_bars(view: View, column: str, title: str) -> go.Figure:
    """The chosen metric per M49 region or sub-region (``column``), within the chosen years."""
    series = chosen_metric(view)
    table = group_table(view.yearly_records, series, column, view.lang)
    figure = group_bars(table, t(title, view.lang, metric=series.label(view.lang)), view.lang)
    return explained(figure, lambda: why_empty(view, series, by_place=True))


def _regions_by_region(view: View) -> go.Figure:
    return _group_bars(view, "region_code", "regions.region_title")


def _regions_by_subregion(view: View) -> go.Figure:
    return _group_bars(view, "subregion_code", "regions.subregion_title")


def _partners_by_type(view: View) -> go.Figure:
    return partners_by_type(partnerships.by_type(view.history["partner"], view.lang), view.lang)


def _partners_by_country(view: View) -> go.Figure:
    table = partnerships.by_country(view.history["partner"], view.lang)
    return partners_by_country(table, view.lang, partnerships.TOP_COUNTRIES)


def _events_timeline(view: View) -> go.Figure:
    return timeline(view.records["event"], view.lang)


def _events_per_year(view: View) -> go.Figure:
    return counts_by_kind_and_year(per_kind_and_year(view.records["event"]), view.lang)


CHARTS: dict[str, Callable[[View], go.Figure]] = {
    "adoption-map": _adoption_map,
    "adoptions-over-time": _adoptions_over_time,
    "centres-by-country": _centres_by_country,
    "milestones": _milestones,
    "trends": _trends,
    "regions-map": _regions_map,
    "regions-by-region": _regions_by_region,
    "regions-by-subregion": _regions_by_subregion,
    "partners-by-type": _partners_by_type,
    "partners-by-country": _partners_by_country,
    "events-timeline": _events_timeline,
    "events-per-year": _events_per_year,
}
"""Every exportable chart: its name (as on the pages, and on the command line) → how to draw it."""


def chart(view: View, name: str) -> go.Figure:
    """The chart ``name`` for ``view``, as a page shows it (raises KeyError for an unknown name);
    if it has nothing to show, it says why (:func:`why_empty`)."""
    return explained(CHARTS[name](view), lambda: why_empty(view))


def why_empty(view: View, series: metrics.Figure | None = None, by_place: bool = False) -> str:
    """Why a chart of ``view`` (of ``series``, split or mapped by place if ``by_place``) has nothing
    to show: no data at all, an indicator reported only for the whole university, the filters, or
    nothing of the kind recorded yet."""
    lang, chosen = view.lang, view.filters
    if view.snapshot.is_empty:
        return t("no_data", lang)
    if by_place and isinstance(series, Indicator) and not indicators.by_place(view.snapshot.records, series):
        return t("empty.not_by_place", lang, metric=series.label(lang))
    if not chosen.is_empty or chosen.on or chosen.as_of:
        parts = [describe_years(chosen, lang), describe_places(chosen, lang)]
        parts += [t("caption.on", lang, date=chosen.on.isoformat())] if chosen.on else []
        parts += [t("caption.as_recorded", lang, date=chosen.as_of.isoformat())] if chosen.as_of else []
        parts += (
            [t("empty.other_filters", lang)] if chosen.partner_types or chosen.event_kinds or chosen.statuses else []
        )
        return t("empty.filtered", lang, filters=t("caption.separator", lang).join(parts))
    return t("empty.none_recorded", lang)


# --- the headline cards -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    """A headline figure as the overview's card and the report's KPI row show it."""

    key: str
    label: str
    value: int
    change: int  # since the end of last year
    history: list[tuple[int, int]]  # (year, value at the end of that year), oldest first: the sparkline


def figures_day(view: View) -> dt.date:
    """The day the figures are for: the view's day, or the end of the last year chosen if that is earlier."""
    last = view.filters.last_year
    return min(view.today, dt.date(last, 12, 31)) if last else view.today


WINDOWS = ("overview", "regions", "partners")  # the pages that say what their figures cover


def window_note(view: View, page: str = "overview") -> str:
    """What ``page``'s figures cover, said plainly. The overview's headline figures, targets and maps,
    and the partners page's charts, are totals on :func:`figures_day` (everything before it counts);
    the overview's chart by year and milestones, and every figure by region, keep to the chosen
    years; expiring agreements and dormant partnerships are as they stand on the view's day."""
    chosen = view.filters
    return t(
        f"window.{page}",
        view.lang,
        day=figures_day(view).isoformat(),
        today=view.today.isoformat(),
        years=describe_years(chosen, view.lang),
    )


def targets(view: View, today: dt.date | None = None) -> list[insights.Progress] | None:
    """The university's targets on ``today`` (default: :func:`figures_day`), as the overview and the
    report show them; None while a place, partner type or status narrows the view: a target is the
    whole university's, and a region's figures held against it would read as falling short."""
    if not view.filters.whole_university:
        return None
    return insights.progress(view.yearly, today or figures_day(view))


def cards(view: View, today: dt.date | None = None) -> list[Card]:
    """Every card figure (:data:`dashboard.model.figures.CARDS`) on ``today`` (default: :func:`figures_day`),
    with its change since the end of last year, from the yearly records (exact and fast at any size)."""
    today = today or figures_day(view)
    result = []
    for figure in figures.CARDS:
        trend = insights.trend(view.yearly, figure.key, today)
        result.append(Card(figure.key, figure.label(view.lang), trend.value, trend.change, trend.history))
    return result


@dataclass(frozen=True, slots=True)
class IndicatorCard:
    """An indicator kept as totals: its newest year's value, against the year before."""

    indicator: Indicator
    year: int
    value: float
    before: float | None

    @property
    def change(self) -> float | None:
        return None if self.before is None else self.value - self.before


def indicator_cards(view: View, today: dt.date | None = None) -> list[IndicatorCard]:
    """A card per indicator that has a yearly figure on ``today`` (default: :func:`figures_day`)."""
    today = today or figures_day(view)
    result = []
    for indicator in indicators.defined(view.yearly):
        figure = indicators.yearly_figure(view.yearly, indicator, today)
        if figure is not None:
            result.append(IndicatorCard(indicator, *figure))
    return result


# --- the frame around a chart ---------------------------------------------------------------------


def describe_years(filters: Filters, lang: str) -> str:
    if filters.start and filters.end:
        return t("caption.years", lang, start=filters.start, end=filters.end)
    if filters.start:
        return t("caption.from", lang, start=filters.start)
    if filters.end:
        return t("caption.to", lang, end=filters.end)
    return t("caption.all_years", lang)


def describe_places(filters: Filters, lang: str) -> str:
    """The chosen regions and countries by name, or "all regions"."""
    regions = group_names("region_code", lang)
    names = [regions.get(code, code) for code in filters.regions]
    names += [display.country_name(code, lang) for code in filters.countries]
    return t("list_separator", lang).join(names) if names else t("caption.all_regions", lang)


def subtitle(filters: Filters, as_of: dt.date, lang: str) -> str:
    """E.g. "2019–2024 · Africa, Asia · figures on 2023-05-05 · data as of 2026-06-30"."""
    parts = (
        describe_years(filters, lang),
        describe_places(filters, lang),
        *([t("caption.on", lang, date=filters.on.isoformat())] if filters.on else []),
        *([t("caption.as_recorded", lang, date=filters.as_of.isoformat())] if filters.as_of else []),
        t("caption.as_of", lang, date=as_of.isoformat()),
    )
    return t("caption.separator", lang).join(parts)


def source_line(as_of: dt.date, lang: str) -> str:
    """E.g. "Source: Example Polytechnic international office records; data as of 2026-06-30": the
    institution is COOPDASH_ORG_NAME (COOPDASH_ORG_NAME_ZH in Chinese), left out when unset."""
    org = config.settings().org(lang)
    if org:
        return t("caption.source", lang, org=org, date=as_of.isoformat())
    return t("caption.source_plain", lang, date=as_of.isoformat())


@dataclass(frozen=True, slots=True)
class Frame:
    """The space added around a chart for its subtitle and source line, in layout pixels."""

    top: int = 100
    bottom_extra: int = 44  # the source line
    legend: int = 36  # a legend's row, moved below the axis and above the source line
    side: int = 24


def framed(
    fig: go.Figure,
    subtitle_text: str | None,
    source_text: str | None,
    frame: Frame = Frame(),
    *,
    titled: bool = True,
    size: tuple[int, int] | None = None,
) -> go.Figure:
    """A copy of ``fig`` sized for export, its title kept, with a subtitle and a source line.

    The report frames its charts bare: ``titled=False`` drops the title and subtitle (the slide
    or page carries them), a ``None`` source line is left out (``frame.bottom_extra`` is kept
    free all the same), and ``size`` (width, height in layout pixels) fixes the whole image's
    size instead of adding the frame to the chart's own.
    """
    framed_fig = go.Figure(fig)
    layout = framed_fig.layout
    margin = layout.margin
    legend = has_legend(framed_fig)
    extra = frame.bottom_extra + (frame.legend if legend else 0)
    bottom = (margin.b if margin.b is not None else 40) + extra
    top_asked = margin.t if margin.t is not None else 60
    top = frame.top + max(0, top_asked - 60)  # room the chart keeps above its plot (milestones) stays
    if size:
        width, height = size
    else:
        width = layout.width or WIDTH
        height = (layout.height or 450) + (top - top_asked) + extra
    title: dict[str, object] = {"text": ""}
    if titled:
        title = {
            "text": layout.title.text or "",
            "subtitle": {"text": subtitle_text or "", "font": {"size": 13, "color": "#52606d"}},
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 18},
            "font": {"size": 19},
        }
    framed_fig.update_layout(
        width=width,
        height=height,
        margin={
            "t": top,
            "b": bottom,
            "l": max(margin.l or 0, frame.side),
            "r": max(margin.r or 0, frame.side),
        },
        title=title,
    )
    if legend:
        floor = max(frame.bottom_extra - 12, 6)
        framed_fig.update_layout(legend={"yref": "container", "y": floor / height, "yanchor": "bottom"})
    if source_text:
        framed_fig.add_annotation(
            text=plain(source_text),  # the institution's name, as set, never read as markup
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="bottom",
            yshift=-bottom + 6,
            font={"size": 11, "color": "#7b8794"},
        )
    return framed_fig


def has_legend(fig: go.Figure) -> bool:
    """Whether plotly draws a legend for ``fig``: asked for, or by default with two or more traces."""
    if fig.layout.showlegend is not None:
        return bool(fig.layout.showlegend)
    shown = [trace for trace in fig.data if trace.showlegend is not False]
    return len(shown) > 1


def chart_figure(view: View, name: str, as_of: dt.date) -> go.Figure:
    """The chart ``name`` for ``view``, framed for export (raises KeyError for an unknown name)."""
    fig = CHARTS[name](view)
    return framed(fig, subtitle(view.filters, as_of, view.lang), source_line(as_of, view.lang))


def data_date(store: Store) -> dt.date:
    """The day of the newest import or rollback (today when nothing was imported yet)."""
    committed = store.data_version()[1]
    return committed.date() if committed else clock.today()
