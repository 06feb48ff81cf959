"""``coopdash export …``: a chart as an image, the records as spreadsheets, the monthly report.

Like every command, what it runs on (pandas, the store, plotly, kaleido, python-pptx, pypdf) is
imported by the command that uses it, not when the command line starts.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.cli.common import EXIT_OK, UsageError, open_store
from dashboard.model.records import BY_NAME

if TYPE_CHECKING:
    from dashboard.analysis.filters import Filters
    from dashboard.analysis.view import View
    from dashboard.store.store import Store


def add_commands(commands: argparse._SubParsersAction) -> None:
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--from", dest="start", type=int, metavar="YEAR", help="first year")
    filters.add_argument("--to", dest="end", type=int, metavar="YEAR", help="last year")
    filters.add_argument("--region", default="", metavar="CODES", help="UN M49 region codes, comma-separated (002,142)")
    filters.add_argument("--country", default="", metavar="ISO3S", help="ISO3 country codes, comma-separated")
    filters.add_argument("--lang", choices=("en", "zh"), default="en", help="language of titles and headers")

    export = commands.add_parser("export", help="export a chart as an image, or the records as .xlsx/.csv")
    export.add_argument("--list", action="store_true", help="name the charts that can be exported")
    export.set_defaults(run=_export_list)
    kinds = export.add_subparsers(title="what to export", metavar="chart|data|report")

    sub = kinds.add_parser("chart", parents=[filters], help="one chart as .png, .svg or .pdf")
    sub.add_argument("name", help="the chart's name (coopdash export --list)")
    sub.add_argument("--format", choices=("png", "svg", "pdf"), default="png")
    sub.add_argument("--out", type=Path, required=True, metavar="FILE")
    sub.set_defaults(run=_export_chart)

    sub = kinds.add_parser("data", parents=[filters], help="the filtered records as .xlsx, or one type as .csv")
    sub.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    sub.add_argument("--type", dest="record_type", metavar="RECORD_TYPE", help="the record type (required for csv)")
    sub.add_argument("--out", type=Path, required=True, metavar="FILE")
    sub.set_defaults(run=_export_data)

    sub = kinds.add_parser("report", parents=[filters], help="the monthly report as .pptx or .pdf")
    sub.add_argument("--format", choices=("pptx", "pdf"), default="pptx")
    sub.add_argument("--out", type=Path, required=True, metavar="PATH", help="a file, or a directory to name it in")
    sub.set_defaults(run=_export_report)


def _export_list(args: argparse.Namespace) -> int:
    if not args.list:
        raise UsageError(
            "say what to export: `coopdash export chart NAME`, `coopdash export data`, "
            "`coopdash export report`, or --list"
        )
    from dashboard.charts.catalogue import CHARTS  # plotly: for this command only

    print("\n".join(CHARTS))
    return EXIT_OK


def _export_filters(args: argparse.Namespace) -> Filters:
    """The filters named by ``--from``, ``--to``, ``--region``, ``--country`` and ``--lang``."""
    from dashboard.analysis.filters import Filters

    def codes(text: str) -> tuple[str, ...]:
        return tuple(sorted({c.strip() for c in text.split(",") if c.strip()}))

    return Filters(
        start=args.start,
        end=args.end,
        regions=codes(args.region),
        countries=tuple(c.upper() for c in codes(args.country)),
        lang=args.lang,
    )


def _export_view(args: argparse.Namespace, store: Store) -> View:
    from dashboard.analysis.snapshot import snapshot
    from dashboard.analysis.view import View

    return View(_export_filters(args), snapshot(store))


def _export_chart(args: argparse.Namespace) -> int:
    # plotly and kaleido: for this command only
    from dashboard.charts.catalogue import CHARTS, chart_figure, data_date
    from dashboard.exports.images import render

    if args.name not in CHARTS:
        raise UsageError(f"no chart named {args.name!r}; the charts are: {', '.join(CHARTS)}")
    store = open_store(args)
    image = render(chart_figure(_export_view(args, store), args.name, data_date(store)), args.format)
    args.out.write_bytes(image)
    print(f"Wrote {args.name} to {args.out}")
    return EXIT_OK


def _export_data(args: argparse.Namespace) -> int:
    if args.format == "csv" and not args.record_type:
        raise UsageError(f"a csv holds one record type: add --type ({', '.join(BY_NAME)})")
    if args.record_type and args.record_type not in BY_NAME:
        raise UsageError(f"no record type {args.record_type!r}: choose one of {', '.join(BY_NAME)}")
    from dashboard.exports.data import data_csv, data_workbook

    records = _export_view(args, open_store(args)).records
    if args.format == "csv":
        content = data_csv(records, args.record_type, args.lang)
    else:
        chosen = {args.record_type: records[args.record_type]} if args.record_type else records
        content = data_workbook(chosen, args.lang)
    args.out.write_bytes(content)
    print(f"Wrote the records to {args.out}")
    return EXIT_OK


def _export_report(args: argparse.Namespace) -> int:
    # plotly, python-pptx and pypdf: for this command only
    from dashboard.charts.catalogue import data_date
    from dashboard.exports.report import report_name, report_pdf, report_pptx

    store = open_store(args)
    view, as_of = _export_view(args, store), data_date(store)
    content = report_pptx(view, as_of) if args.format == "pptx" else report_pdf(view, as_of)
    out = args.out / report_name(view, args.format, as_of) if args.out.is_dir() else args.out
    out.write_bytes(content)
    print(f"Wrote the report to {out}")
    return EXIT_OK
