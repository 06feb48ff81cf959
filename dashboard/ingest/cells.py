"""Read one spreadsheet cell as the value its column wants.

Each converter takes the raw cell (whatever the spreadsheet reader returned: text, a
number, a date) and returns the stored value, or raises :class:`CellError` with a code
from :mod:`dashboard.ingest.problems`. They are pure and cached per distinct value, because a
column of 100,000 cells rarely holds more than a few thousand distinct ones.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from email.utils import parseaddr
from typing import Any

from dashboard.config import is_email
from dashboard.ingest.problems import CellError
from dashboard.model import countries, periods
from dashboard.model.records import Field, Kind
from dashboard.model.text import clean_cell, clean_text, normalise

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel counts 29 February 1900 (serial 60), a day that never was, so its serials before
# 1 March 1900 mean a day other than the one readers compute: refuse them.
EXCEL_LEAP_BUG_ENDS = dt.date(1900, 3, 1)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for name in names
}
_YMD = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*月?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_DMY_NAME = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MDY_NAME = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MY_NAME = re.compile(r"([a-z]+)\.?,?\s+(\d{4})")
_YEAR = re.compile(r"(\d{4})\s*年?")


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float):
        return math.isnan(raw)
    return isinstance(raw, str) and not raw.strip()


def to_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime) and raw.time() == dt.time():
        return raw.date().isoformat()
    return clean_text(str(raw))


def convert_text(field: Field, raw: Any) -> str:
    text = to_text(raw)
    if len(text) > field.max_length:
        raise CellError("too_long", length=len(text), limit=field.max_length)
    return text


def _number(raw: Any, code: str) -> float:
    """A cell as a finite number: a number, or text such as “1,240”, “１２４０” or “3.5”."""
    if isinstance(raw, bool):
        raise CellError(code)
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        try:
            number = float(clean_cell(str(raw)).replace(",", "").replace(" ", ""))
        except ValueError:
            raise CellError(code) from None
    if not math.isfinite(number):
        raise CellError(code)
    return number


def convert_integer(field: Field, raw: Any) -> int:
    number = _number(raw, "bad_integer")
    if number != int(number):
        raise CellError("bad_integer")
    if number < 0:
        raise CellError("negative")
    return int(number)


def convert_number(field: Field, raw: Any) -> float:
    """Any finite number: 1,240 / １２４０ / 3.5 / -2, stored as a float."""
    return _number(raw, "bad_number")


def convert_period(field: Field, raw: Any) -> str:
    try:
        return periods.parse(raw)
    except periods.PeriodError:
        raise CellError("bad_period") from None


def parse_date(raw: Any, allow_year: bool = False) -> dt.date:
    """A date from an Excel date, an Excel serial number or text in the common forms.

    A month without a day means the first of that month; a bare year, where allowed,
    the first of January.
    """
    if isinstance(raw, dt.time):  # what a date-formatted cell before 1900 (a negative serial) reads as
        raise CellError("time_not_date")
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        serial = (raw - EXCEL_EPOCH).days
        if 1900 <= serial <= 2100:  # a year typed into a date-formatted cell shows as mid-1905
            return _year(serial, allow_year)
        if raw < EXCEL_LEAP_BUG_ENDS:
            raise CellError("early_excel_date")
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if not math.isfinite(raw):
            raise CellError("bad_date")
        if 1900 <= raw <= 2100 and float(raw).is_integer():
            return _year(int(raw), allow_year)
        if 1 <= raw < 61:
            raise CellError("early_excel_date")
        if 1 <= raw < 2958466:  # Excel's serial numbers, 1900-01-01 to 9999-12-31
            return EXCEL_EPOCH + dt.timedelta(days=int(raw))
        raise CellError("bad_date")
    text = clean_cell(str(raw)).casefold()
    try:
        if match := _YMD.fullmatch(text):
            year, month, day = match.groups()
            return dt.date(int(year), int(month), int(day or 1))
        if match := _DMY_NAME.fullmatch(text):
            day, month, year = match.groups()
            return dt.date(int(year), _MONTHS[month], int(day))
        if match := _MDY_NAME.fullmatch(text):
            month, day, year = match.groups()
            return dt.date(int(year), _MONTHS[month], int(day))
        if match := _MY_NAME.fullmatch(text):
            month, year = match.groups()
            return dt.date(int(year), _MONTHS[month], 1)
        if match := _YEAR.fullmatch(text):
            return _year(int(match.group(1)), allow_year)
        if re.fullmatch(r"\d{5}(\.\d+)?", text):
            return parse_date(float(text), allow_year)
    except (KeyError, ValueError):
        pass
    raise CellError("bad_date")


def _year(year: int, allow_year: bool) -> dt.date:
    if not allow_year:
        raise CellError("year_only")
    return dt.date(year, 1, 1)


def convert_date(field: Field, raw: Any) -> dt.date:
    return parse_date(raw, field.allow_year)


def convert_choice(field: Field, raw: Any) -> str:
    value = _choice_index(field).get(normalise(to_text(raw)))
    if value is None:
        raise CellError(
            "bad_choice",
            allowed=", ".join(c.en for c in field.choices),
            allowed_zh="、".join(c.zh for c in field.choices),
        )
    return value


def _choice_index(field: Field) -> dict[str, str]:
    index = _CHOICE_INDEXES.get(field)
    if index is None:
        index = {
            normalise(spelling): choice.value
            for choice in field.choices
            for spelling in (choice.value, choice.en, choice.zh, *choice.aliases)
        }
        _CHOICE_INDEXES[field] = index
    return index


_CHOICE_INDEXES: dict[Field, dict[str, str]] = {}


def convert_country(field: Field, raw: Any) -> str:
    text = to_text(raw)
    country = countries.resolve(text)
    if country is None:
        near = countries.suggest(text)
        raise CellError(
            "unknown_country",
            suggestion=f"Did you mean {' or '.join(c.name_en for c in near)}? " if near else "",
            suggestion_zh=f"您是否指：{'、'.join(c.name_zh for c in near)}？" if near else "",
        )
    return country.iso3


def convert_email(field: Field, raw: Any) -> str:
    """One email address: ``name@example.edu``, ``mailto:name@example.edu`` or
    ``Name <name@example.edu>`` (stored as the bare address, its domain in lower case)."""
    text = to_text(raw)
    if len(text) > field.max_length:
        raise CellError("too_long", length=len(text), limit=field.max_length)
    text = text.removeprefix("mailto:").strip()
    address = parseaddr(text)[1] if "<" in text else text
    if not is_email(address):
        raise CellError("bad_email")
    local, _, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


CONVERTERS: dict[Kind, Callable[[Field, Any], Any]] = {
    Kind.TEXT: convert_text,
    Kind.REFERENCE: convert_text,
    Kind.INTEGER: convert_integer,
    Kind.NUMBER: convert_number,
    Kind.PERIOD: convert_period,
    Kind.DATE: convert_date,
    Kind.CHOICE: convert_choice,
    Kind.COUNTRY: convert_country,
    Kind.EMAIL: convert_email,
}
