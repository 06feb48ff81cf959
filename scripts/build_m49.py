"""One-off generator for ``dashboard/model/data/m49.csv`` (run by hand, not at runtime).

Inputs:

* Country -> UN M49 grouping: the ``UNregion`` column of ``country_data.tsv``
  shipped inside the ``country_converter`` wheel (version 1.3.2 from PyPI,
  unpacked so that the file is at
  ``/tmp/cc/country_converter/country_data.tsv``; pass another path as the
  first argument).  That column already holds the M49 *intermediate* region
  where one exists (e.g. "Eastern Africa", "Caribbean") and the sub-region
  otherwise, which is the level the dashboard calls "sub-region".
* Region names: English and Chinese territory names from babel's CLDR data
  (``babel.Locale('en').territories['030']``), with the few overrides below
  where CLDR differs from the M49 English label or the usual mainland Chinese
  form.
* The list of countries: ``pycountry.countries`` (ISO 3166-1); one CSV row each.

Decisions:

* Taiwan (TWN) is not in M49; it is placed in Eastern Asia.
* Antarctica (ATA) has no M49 region; its row keeps empty region columns.
* Guernsey and Jersey stay in Northern Europe (the Channel Islands
  intermediate region, 830, has no CLDR name and only two members).

Usage: ``python scripts/build_m49.py [path/to/country_data.tsv]``
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import babel
import pycountry

DEFAULT_TSV = Path("/tmp/cc/country_converter/country_data.tsv")
OUT = Path(__file__).resolve().parents[1] / "dashboard" / "model" / "data" / "m49.csv"

# M49 sub-region (or intermediate region) name -> (its code, its region code).
SUBREGIONS: dict[str, tuple[str, str]] = {
    "Northern Africa": ("015", "002"),
    "Eastern Africa": ("014", "002"),
    "Middle Africa": ("017", "002"),
    "Southern Africa": ("018", "002"),
    "Western Africa": ("011", "002"),
    "Caribbean": ("029", "019"),
    "Central America": ("013", "019"),
    "South America": ("005", "019"),
    "Northern America": ("021", "019"),
    "Central Asia": ("143", "142"),
    "Eastern Asia": ("030", "142"),
    "South-eastern Asia": ("035", "142"),
    "Southern Asia": ("034", "142"),
    "Western Asia": ("145", "142"),
    "Eastern Europe": ("151", "150"),
    "Northern Europe": ("154", "150"),
    "Southern Europe": ("039", "150"),
    "Western Europe": ("155", "150"),
    "Australia and New Zealand": ("053", "009"),
    "Melanesia": ("054", "009"),
    "Micronesia": ("057", "009"),
    "Polynesia": ("061", "009"),
}
NO_REGION = {"Antarctica", ""}
EXTRA = {"TWN": "Eastern Asia"}  # not in M49

# Where CLDR's label differs from the M49 English name / usual zh_CN form.
EN_OVERRIDES = {
    "035": "South-eastern Asia",
    "053": "Australia and New Zealand",
    "057": "Micronesia",
}
ZH_OVERRIDES = {
    "021": "北美洲",
    "053": "澳大利亚和新西兰",
    "057": "密克罗尼西亚",
    "061": "波利尼西亚",
}

COLUMNS = [
    "iso3",
    "region_code",
    "region_en",
    "region_zh",
    "subregion_code",
    "subregion_en",
    "subregion_zh",
]


def names(code: str) -> tuple[str, str]:
    """English and Chinese name of an M49 area code."""
    en = EN_OVERRIDES.get(code) or babel.Locale("en").territories[code]
    zh = ZH_OVERRIDES.get(code) or babel.Locale("zh").territories[code]
    return en, zh


def build(tsv: Path) -> list[dict[str, str]]:
    """One output row per pycountry country, sorted by ISO3."""
    with tsv.open(encoding="utf-8", newline="") as fh:
        unregion = {r["ISO3"]: r["UNregion"].strip() for r in csv.DictReader(fh, delimiter="\t")}
    unregion.update(EXTRA)
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = country.alpha_3
        sub = unregion[iso3]  # KeyError here means the TSV lacks a country
        row = dict.fromkeys(COLUMNS, "")
        row["iso3"] = iso3
        if sub not in NO_REGION:
            sub_code, region_code = SUBREGIONS[sub]
            row["region_code"] = region_code
            row["region_en"], row["region_zh"] = names(region_code)
            row["subregion_code"] = sub_code
            row["subregion_en"], row["subregion_zh"] = names(sub_code)
        rows.append(row)
    return rows


def main(argv: list[str]) -> None:
    tsv = Path(argv[1]) if len(argv) > 1 else DEFAULT_TSV
    rows = build(tsv)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    empty = [r["iso3"] for r in rows if not r["region_code"]]
    print(f"wrote {len(rows)} rows to {OUT}; without region: {empty}")


if __name__ == "__main__":
    main(sys.argv)
