"""Countries and regions: ISO 3166-1 codes, English/Chinese names and UN M49 regions.

Regions come from ``data/m49.csv`` (made by ``scripts/build_m49.py``); names come
from pycountry and its zh_CN translations.  :func:`resolve` maps the spellings
found in spreadsheets (codes, English or Chinese names, common variants) to a
:class:`Country`; :func:`suggest` proposes near matches for a misspelling.
"""

from __future__ import annotations

import csv
import difflib
import gettext
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import pycountry

from dashboard.model.i18n import pick
from dashboard.model.text import normalise

# Regions of China: display names, and flagged so reports say "countries and regions".
_SPECIAL: dict[str, tuple[str, str]] = {
    "HKG": ("Hong Kong SAR, China", "中国香港"),
    "MAC": ("Macao SAR, China", "中国澳门"),
    "TWN": ("Taiwan, China", "中国台湾"),
}
# Typos or non-mainland forms in pycountry's zh_CN catalogue (its forms stay as aliases).
_ZH_FIXES: dict[str, str] = {
    "BGD": "孟加拉国",
    "BOL": "玻利维亚",
    "GTM": "危地马拉",
    "KGZ": "吉尔吉斯斯坦",
    "KHM": "柬埔寨",
    "MLT": "马耳他",
    "PYF": "法属波利尼西亚",
}
# Spellings not derivable from pycountry (codes, names and their translations are added anyway).
_ALIASES: dict[str, tuple[str, ...]] = {
    "ARE": ("UAE", "Emirates", "阿拉伯联合酋长国"),
    "BRN": ("Brunei",),
    "CHN": ("PRC", "Mainland China", "中国大陆", "中国内地"),
    "CIV": ("Ivory Coast", "象牙海岸"),
    "COD": (
        "DR Congo",
        "DRC",
        "Congo-Kinshasa",
        "Congo (Kinshasa)",
        "Congo, Dem. Rep.",
        "Democratic Republic of the Congo",
        "刚果（金）",
        "刚果金",
        "民主刚果",
    ),
    "COG": ("Congo-Brazzaville", "Congo (Brazzaville)", "Congo, Rep.", "刚果（布）", "刚果布"),
    "CPV": ("Cape Verde",),
    "CZE": ("捷克共和国",),
    "EGY": ("Egypt, Arab Rep.",),
    "FSM": ("Micronesia", "Micronesia, Fed. Sts."),
    "GBR": ("UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"),
    "HKG": ("Hong Kong SAR", "Hong Kong, China", "香港特别行政区", "香港特区"),
    "IDN": ("印尼",),
    "IRN": ("Iran, Islamic Rep.",),
    "KNA": ("St. Kitts and Nevis",),
    "KOR": ("Republic of Korea", "Korea", "Korea, Rep.", "南韩"),
    "LAO": ("Lao PDR",),
    "LCA": ("St. Lucia",),
    "MAC": (
        "Macau",
        "Macao SAR",
        "Macau SAR",
        "Macao, China",
        "Macau, China",
        "Macau SAR, China",
        "澳门特别行政区",
        "澳门特区",
    ),
    "MKD": ("Macedonia", "Republic of Macedonia", "FYROM", "马其顿"),
    "MMR": ("Burma",),
    "NLD": ("Holland",),
    "PRK": ("DPRK", "Korea, Dem. People's Rep.", "北韩"),
    "PSE": ("Palestine", "West Bank and Gaza"),
    "RUS": ("Russia",),
    "SWZ": ("Swaziland",),
    "TLS": ("East Timor",),
    "TUR": ("Turkey",),
    "TWN": ("Chinese Taipei", "台湾省"),
    "VAT": ("Vatican", "Vatican City"),
    "VCT": ("St. Vincent and the Grenadines",),
    "VEN": ("Venezuela, RB",),
    "YEM": ("Yemen, Rep.",),
}
_THE = re.compile(r"^\s*the\s+|,\s*the\s*$")  # "The Gambia", "Gambia, The"


@dataclass(frozen=True, slots=True)
class Country:
    """A country or region with its names and UN M49 region/sub-region.

    ``subregion_*`` is the M49 intermediate region where one exists (e.g. Eastern
    Africa), otherwise the M49 sub-region (e.g. Eastern Asia).  Codes are the
    three-digit M49 strings ("002"); they are empty for Antarctica.
    """

    iso3: str
    iso2: str
    name_en: str
    name_zh: str
    region_code: str
    region_en: str
    region_zh: str
    subregion_code: str
    subregion_en: str
    subregion_zh: str
    is_region: bool

    def name(self, lang: str) -> str:
        """The display name in ``lang`` ("en" or "zh", regional forms like "zh_CN" accepted)."""
        return pick(self.name_en, self.name_zh, _lang(lang))

    def place(self, lang: str) -> dict[str, str]:
        """Where it is, in ``lang``: the columns every per-country table starts with."""
        lang = _lang(lang)
        return {
            "iso3": self.iso3,
            "country": self.name(lang),
            "region": pick(self.region_en, self.region_zh, lang),
            "subregion": pick(self.subregion_en, self.subregion_zh, lang),
        }


PLACE_COLUMNS = ("iso3", "country", "region", "subregion")


def places(codes: Iterable[str], lang: str) -> dict[str, list[str]]:
    """:meth:`Country.place` of each of ``codes`` as columns, for a table made in one go (a
    table's columns are made faster than its rows)."""
    found = [by_iso3(code).place(lang) for code in codes]
    return {column: [place[column] for place in found] for column in PLACE_COLUMNS}


def _lang(lang: str) -> str:
    code = str(lang).lower().replace("-", "_").split("_")[0]
    if code not in ("en", "zh"):
        raise ValueError(f"unsupported language {lang!r}; use 'en' or 'zh'")
    return code


def _key(value: object) -> str:
    """Lookup key: compatibility-folded (full-width to half-width), accents, case,
    punctuation, whitespace and a leading "the" dropped; "&" read as "and"."""
    text = unicodedata.normalize("NFKC", str(value)).casefold().replace("&", " and ")
    return normalise(_THE.sub("", text))


def _is_missing(value: object) -> bool:
    """None, NaN, NaT or pandas.NA (without importing pandas)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):  # pandas.NA refuses bool(); arrays are ambiguous
        return True


@cache
def _translate() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)


def _zh(msgid: str) -> str | None:
    """pycountry's zh_CN translation of ``msgid``, or None if it has none."""
    text = _translate().gettext(msgid)
    return text if text != msgid else None


@cache
def _m49_rows() -> dict[str, dict[str, str]]:
    text = (resources.files("dashboard.model") / "data" / "m49.csv").read_text(encoding="utf-8")
    return {row["iso3"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


@cache
def _small_places() -> dict[str, tuple[float, float]]:
    text = (resources.files("dashboard.model") / "data" / "small_places.csv").read_text(encoding="utf-8")
    return {row["iso3"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(io.StringIO(text))}


def small_place(iso3: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a place too small for the world map's outlines (Macao, Hong Kong,
    Singapore, Malta…), which the map draws as a point; None for any other. From
    ``data/small_places.csv``, made by ``scripts/build_small_places.py``."""
    return _small_places().get(str(iso3).upper())


@cache
def _countries() -> dict[str, Country]:
    rows = _m49_rows()
    out: dict[str, Country] = {}
    for rec in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = rec.alpha_3
        short = getattr(rec, "common_name", None) or rec.name
        name_en, name_zh = _SPECIAL.get(iso3) or (short, _ZH_FIXES.get(iso3) or _zh(short) or _zh(rec.name) or short)
        row = rows[iso3]
        out[iso3] = Country(
            iso3=iso3,
            iso2=rec.alpha_2,
            name_en=name_en,
            name_zh=name_zh,
            region_code=row["region_code"],
            region_en=row["region_en"],
            region_zh=row["region_zh"],
            subregion_code=row["subregion_code"],
            subregion_en=row["subregion_en"],
            subregion_zh=row["subregion_zh"],
            is_region=iso3 in _SPECIAL,
        )
    return out


@cache
def _index() -> dict[str, str]:
    """Normalised spelling -> ISO3.  Earlier entries win: aliases, codes, display
    names, then pycountry's names (name, common, official) and their translations."""
    index: dict[str, str] = {}

    def add(text: str | None, iso3: str) -> None:
        if text and (key := _key(text)):
            index.setdefault(key, iso3)

    for iso3, aliases in _ALIASES.items():
        for alias in aliases:
            add(alias, iso3)
    for country in _countries().values():
        for text in (country.iso3, country.iso2, country.name_en, country.name_zh):
            add(text, country.iso3)
    for rec in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if name := getattr(rec, attr, None):
                add(name, rec.alpha_3)
                add(_zh(name), rec.alpha_3)
    return index


def resolve(value: object) -> Country | None:
    """The country or region that ``value`` names, or None if unknown or blank.

    Accepts ISO alpha-2/alpha-3 codes, English and Chinese names and common
    variants ("Viet Nam", "UK", "DRC", "香港", "ＵＳＡ"), ignoring case,
    accents, punctuation, whitespace (including NBSP) and a leading "the".
    """
    return None if _is_missing(value) else _resolve_text(str(value))


@lru_cache(maxsize=16384)
def _resolve_text(text: str) -> Country | None:
    iso3 = _index().get(_key(text))
    return _countries()[iso3] if iso3 else None


def suggest(value: object, n: int = 3) -> list[Country]:
    """Up to ``n`` distinct countries whose spellings are closest to ``value``, best first.

    Only near-best matches are kept, so a clear misspelling gets one suggestion.
    """
    key = "" if _is_missing(value) else _key(value)
    if not key or n <= 0:
        return []
    index, countries = _index(), _countries()
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, key, match).ratio(), match)
            for match in difflib.get_close_matches(key, index.keys(), n=n * 5, cutoff=0.6)
        ),
        reverse=True,
    )
    found: list[Country] = []
    for score, match in scored:
        country = countries[index[match]]
        if score >= scored[0][0] - 0.08 and country not in found:
            found.append(country)
    return found[:n]


def by_iso3(code: str) -> Country:
    """The country with ISO alpha-3 ``code`` (any case); KeyError if there is none."""
    return _countries()[str(code).strip().upper()]


def all_countries() -> tuple[Country, ...]:
    """Every ISO 3166-1 country (including HKG, MAC, TWN), sorted by ISO3."""
    return tuple(_countries().values())


def regions(lang: str) -> dict[str, str]:
    """The five M49 regions, code -> name in ``lang``, sorted by code."""
    column = f"region_{_lang(lang)}"
    found = {row["region_code"]: row[column] for row in _m49_rows().values() if row["region_code"]}
    return dict(sorted(found.items()))
