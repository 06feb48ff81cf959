"""Behaviour of dashboard.model.countries: lookup, names, M49 regions and suggestions."""

from __future__ import annotations

import csv

import pycountry
import pytest

from dashboard.model.countries import Country, all_countries, by_iso3, regions, resolve, suggest
from tests.support.paths import ROOT

M49_CSV = ROOT / "dashboard" / "model" / "data" / "m49.csv"
NO_REGION = {"ATA"}

ENGLISH_VARIANTS = {
    "Viet Nam": "VNM",
    "Vietnam": "VNM",
    "Republic of Korea": "KOR",
    "South Korea": "KOR",
    "Korea": "KOR",
    "North Korea": "PRK",
    "Côte d'Ivoire": "CIV",
    "Cote d'Ivoire": "CIV",
    "Ivory Coast": "CIV",
    "Hong Kong": "HKG",
    "Hong Kong SAR": "HKG",
    "Hong Kong, China": "HKG",
    "Hong Kong SAR, China": "HKG",
    "Macau": "MAC",
    "Macao": "MAC",
    "Taiwan": "TWN",
    "UK": "GBR",
    "United Kingdom": "GBR",
    "Great Britain": "GBR",
    "Britain": "GBR",
    "England": "GBR",
    "USA": "USA",
    "US": "USA",
    "U.S.A.": "USA",
    "United States of America": "USA",
    "United States": "USA",
    "Russia": "RUS",
    "Russian Federation": "RUS",
    "Laos": "LAO",
    "Lao PDR": "LAO",
    "Iran": "IRN",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "Tanzania": "TZA",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Syria": "SYR",
    "Moldova": "MDA",
    "Brunei": "BRN",
    "Cape Verde": "CPV",
    "Cabo Verde": "CPV",
    "Swaziland": "SWZ",
    "Eswatini": "SWZ",
    "Burma": "MMR",
    "Myanmar": "MMR",
    "Macedonia": "MKD",
    "North Macedonia": "MKD",
    "the Netherlands": "NLD",
    "Netherlands": "NLD",
    "Holland": "NLD",
    "DR Congo": "COD",
    "DRC": "COD",
    "Congo-Kinshasa": "COD",
    "Democratic Republic of the Congo": "COD",
    "Republic of the Congo": "COG",
    "Congo-Brazzaville": "COG",
    "Congo": "COG",
    "UAE": "ARE",
    "Emirates": "ARE",
    "United Arab Emirates": "ARE",
    "Kyrgyzstan": "KGZ",
    "Kyrgyz Republic": "KGZ",
    "Palestine": "PSE",
    "The Gambia": "GMB",
    "Bahamas, The": "BHS",
    "Trinidad & Tobago": "TTO",
    "St. Lucia": "LCA",
}
CHINESE_NAMES = {
    "泰国": "THA",
    "越南": "VNM",
    "韩国": "KOR",
    "大韩民国": "KOR",
    "朝鲜": "PRK",
    "英国": "GBR",
    "美国": "USA",
    "俄罗斯": "RUS",
    "中国": "CHN",
    "日本": "JPN",
    "肯尼亚": "KEN",
    "巴西": "BRA",
    "香港": "HKG",
    "中国香港": "HKG",
    "香港特别行政区": "HKG",
    "澳门": "MAC",
    "中国澳门": "MAC",
    "台湾": "TWN",
    "中国台湾": "TWN",
    "老挝": "LAO",
    "伊朗": "IRN",
    "阿联酋": "ARE",
    "刚果（金）": "COD",
    "刚果（布）": "COG",
    "柬埔寨": "KHM",
    "吉尔吉斯斯坦": "KGZ",
}


@pytest.mark.parametrize(("value", "iso3"), sorted(ENGLISH_VARIANTS.items()))
def test_english_names_and_variants_resolve(value: str, iso3: str) -> None:
    assert resolve(value).iso3 == iso3


@pytest.mark.parametrize(("value", "iso3"), sorted(CHINESE_NAMES.items()))
def test_chinese_names_resolve(value: str, iso3: str) -> None:
    assert resolve(value).iso3 == iso3


@pytest.mark.parametrize("value", ["TH", "th", "THA", "tha", " Tha ", "Thailand", "THAILAND"])
def test_codes_and_names_resolve_in_any_case(value: str) -> None:
    assert resolve(value).iso3 == "THA"


@pytest.mark.parametrize(
    "value",
    [
        "ＴＨＡＩＬＡＮＤ",
        "Ｔｈａｉｌａｎｄ",
        "\u00a0Thailand\u00a0",
        "\u3000泰国\u3000",
        "泰 国",
        "thai-land",
        "Thailand.",
        "THE THAILAND",
    ],
)
def test_full_width_nbsp_punctuation_and_case_noise_is_ignored(value: str) -> None:
    assert resolve(value).iso3 == "THA"


def test_non_breaking_space_inside_a_name_is_ignored() -> None:
    assert resolve("South\u00a0Korea").iso3 == "KOR"
    assert resolve("Ｖｉｅｔ　Ｎａｍ").iso3 == "VNM"


@pytest.mark.parametrize("value", [None, "", "   ", "\u00a0", "Atlantis", "Narnia", "123", float("nan")])
def test_unknown_or_blank_values_resolve_to_none(value: object) -> None:
    assert resolve(value) is None


def test_pandas_missing_values_resolve_to_none_not_namibia() -> None:
    pd = pytest.importorskip("pandas")
    assert resolve(pd.NA) is None
    assert resolve(pd.NaT) is None
    assert resolve("NA").iso3 == "NAM"  # a real string "NA" is still Namibia's code


def test_resolve_returns_the_same_cached_object() -> None:
    assert resolve("Kenya") is resolve("KEN") is by_iso3("KEN")


@pytest.mark.parametrize(
    ("iso3", "en", "zh"),
    [
        ("HKG", "Hong Kong SAR, China", "中国香港"),
        ("MAC", "Macao SAR, China", "中国澳门"),
        ("TWN", "Taiwan, China", "中国台湾"),
    ],
)
def test_hong_kong_macao_taiwan_are_regions_of_eastern_asia(iso3: str, en: str, zh: str) -> None:
    place = by_iso3(iso3)
    assert place.is_region
    assert (place.name("en"), place.name("zh")) == (en, zh)
    assert (place.region_code, place.region_en, place.region_zh) == ("142", "Asia", "亚洲")
    assert (place.subregion_code, place.subregion_en) == ("030", "Eastern Asia")


def test_only_hong_kong_macao_taiwan_are_flagged_as_regions() -> None:
    assert {c.iso3 for c in all_countries() if c.is_region} == {"HKG", "MAC", "TWN"}


@pytest.mark.parametrize(
    ("iso3", "region", "subregion_code", "subregion_en"),
    [
        ("THA", "Asia", "035", "South-eastern Asia"),
        ("KEN", "Africa", "014", "Eastern Africa"),
        ("BRA", "Americas", "005", "South America"),
        ("MEX", "Americas", "013", "Central America"),
        ("JAM", "Americas", "029", "Caribbean"),
        ("USA", "Americas", "021", "Northern America"),
        ("EGY", "Africa", "015", "Northern Africa"),
        ("FRA", "Europe", "155", "Western Europe"),
        ("AUS", "Oceania", "053", "Australia and New Zealand"),
    ],
)
def test_countries_carry_their_m49_region_and_subregion(
    iso3: str,
    region: str,
    subregion_code: str,
    subregion_en: str,
) -> None:
    place = by_iso3(iso3)
    assert place.region_en == region
    assert (place.subregion_code, place.subregion_en) == (subregion_code, subregion_en)
    assert not place.is_region


def test_display_names_prefer_common_short_forms_in_both_languages() -> None:
    assert by_iso3("BOL").name("en") == "Bolivia"
    assert by_iso3("IRN").name("en") == "Iran"
    assert by_iso3("THA").name("zh") == "泰国"
    assert by_iso3("KOR").name("zh") == "韩国"
    assert by_iso3("GBR").name("zh_CN") == "英国"
    with pytest.raises(ValueError):
        by_iso3("THA").name("fr")


def test_unknown_values_get_closest_suggestions_best_first() -> None:
    assert suggest("Thailnd")[0].iso3 == "THA"
    assert suggest("Vietman")[0].iso3 == "VNM"
    assert suggest("Phillipines")[0].iso3 == "PHL"


def test_suggestions_are_distinct_bounded_and_empty_for_blank() -> None:
    found = suggest("Congo", n=5)
    assert len(found) == len(set(found)) <= 5
    assert all(isinstance(c, Country) for c in found)
    assert suggest("") == [] and suggest(None) == []
    assert suggest("Thailnd", n=1) == [by_iso3("THA")]


def test_by_iso3_accepts_any_case_and_rejects_unknown_codes() -> None:
    assert by_iso3("tha").name_en == "Thailand"
    with pytest.raises(KeyError):
        by_iso3("XYZ")


def test_all_countries_cover_pycountry_sorted_by_iso3() -> None:
    codes = [c.iso3 for c in all_countries()]
    assert codes == sorted(codes)
    assert set(codes) == {c.alpha_3 for c in pycountry.countries}


def test_every_pycountry_country_has_a_region_row_except_antarctica() -> None:
    with M49_CSV.open(encoding="utf-8", newline="") as fh:
        rows = {row["iso3"]: row for row in csv.DictReader(fh)}
    assert set(rows) == {c.alpha_3 for c in pycountry.countries}
    assert {iso3 for iso3, row in rows.items() if not row["region_code"]} == NO_REGION
    for row in rows.values():
        assert bool(row["region_code"]) == bool(row["subregion_code"]) == bool(row["region_zh"])


def test_regions_lists_the_five_m49_regions_in_each_language() -> None:
    assert regions("en") == {"002": "Africa", "009": "Oceania", "019": "Americas", "142": "Asia", "150": "Europe"}
    assert regions("zh") == {"002": "非洲", "009": "大洋洲", "019": "美洲", "142": "亚洲", "150": "欧洲"}
