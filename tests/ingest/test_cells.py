"""Reading single cells: dates, whole numbers, choices and countries in the forms people type."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.ingest.cells import convert_choice, convert_country, convert_integer, parse_date
from dashboard.ingest.problems import CellError
from dashboard.model.records import ADOPTION, EVENT, PARTNER

MAY_5 = dt.date(2023, 5, 5)


@pytest.mark.parametrize(
    "raw",
    [
        MAY_5,
        dt.datetime(2023, 5, 5, 0, 0),
        45051,
        45051.0,
        "45051",
        "2023-05-05",
        "2023/5/5",
        "2023.5.5",
        "5 May 2023",
        "5th May 2023",
        "May 5, 2023",
        "2023年5月5日",
        " 2023-05-05 ",
        "２０２３－０５－０５",
        "2023-05-05 00:00:00",
    ],
)
def test_dates_in_common_forms(raw):
    assert parse_date(raw) == MAY_5


@pytest.mark.parametrize("raw", ["May 2023", "2023年5月", "2023-05", "2023/5"])
def test_a_month_means_its_first_day(raw):
    assert parse_date(raw) == dt.date(2023, 5, 1)


def test_a_year_typed_into_a_date_formatted_cell_is_read_as_that_year():
    as_excel_shows_it = dt.date(1905, 7, 11)  # Excel's serial number 2019
    assert parse_date(as_excel_shows_it, allow_year=True) == dt.date(2019, 1, 1)
    with pytest.raises(CellError) as caught:
        parse_date(as_excel_shows_it)
    assert caught.value.code == "year_only"


def test_a_bare_year_only_where_the_column_allows_it():
    assert parse_date(2019, allow_year=True) == dt.date(2019, 1, 1)
    assert parse_date("2019年", allow_year=True) == dt.date(2019, 1, 1)
    with pytest.raises(CellError) as caught:
        parse_date(2019)
    assert caught.value.code == "year_only"


@pytest.mark.parametrize("raw", ["soon", "2023-13-01", "31 Foo 2023", "2023-02-30", float("nan"), -5, True])
def test_not_dates(raw):
    with pytest.raises(CellError) as caught:
        parse_date(raw)
    assert caught.value.code == "bad_date"


INSTITUTIONS = EVENT.field("institutions")


@pytest.mark.parametrize(
    "raw, expected",
    [
        (13, 13),
        (13.0, 13),
        ("13", 13),
        (" 13\u00a0", 13),
        ("1,200", 1200),
        ("１３", 13),
        ("1 200", 1200),
    ],
)
def test_whole_numbers(raw, expected):
    assert convert_integer(INSTITUTIONS, raw) == expected


@pytest.mark.parametrize(
    "raw, code", [("13.5", "bad_integer"), ("thirteen", "bad_integer"), (float("inf"), "bad_integer"), (-1, "negative")]
)
def test_not_whole_numbers(raw, code):
    with pytest.raises(CellError) as caught:
        convert_integer(INSTITUTIONS, raw)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "raw", ["Vocational college", "vocational_college", "VOCATIONAL  COLLEGE", "职业院校", "Polytechnic", "高职院校"]
)
def test_choices_by_label_value_or_alias(raw):
    assert convert_choice(PARTNER.field("type"), raw) == "vocational_college"


def test_unknown_choice_lists_the_allowed_values():
    with pytest.raises(CellError) as caught:
        convert_choice(ADOPTION.field("status"), "maybe")
    assert caught.value.params["allowed"] == "Adopted, Recognised, Piloting, Withdrawn"


@pytest.mark.parametrize(
    "raw, iso3",
    [
        ("Viet Nam", "VNM"),
        ("泰国", "THA"),
        ("UK", "GBR"),
        ("th", "THA"),
        ("Hong Kong SAR", "HKG"),
        ("Côte d'Ivoire", "CIV"),
    ],
)
def test_countries(raw, iso3):
    assert convert_country(ADOPTION.field("country"), raw) == iso3
