"""A stored value as a person reads it, in their language: one place for tables, exports
and the records behind a figure."""

from __future__ import annotations

import datetime as dt
import numbers

import pandas as pd

from dashboard.model import countries, periods
from dashboard.model.i18n import pick
from dashboard.model.records import Field, Kind

Value = dt.date | int | float | str | None


def country_name(iso3: str, lang: str) -> str:
    """The country's name in ``lang``, or the code itself when it is not one we know."""
    try:
        return countries.by_iso3(iso3).name(lang)
    except KeyError:
        return iso3


def number(value: float) -> int | float:
    """A figure as shown: a whole number as an int (23, not 23.0), any other to two decimal places."""
    return int(value) if float(value).is_integer() else round(float(value), 2)


def typed(field: Field, value: object, lang: str) -> Value:
    """A date, a whole number, a choice's label, a country's name, or text; None when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if field.kind is Kind.DATE:
        return pd.Timestamp(value).date()
    if field.kind is Kind.INTEGER:
        return int(value)  # type: ignore[call-overload]  # an integer column holds numbers
    if field.kind is Kind.NUMBER:
        number = float(value)  # type: ignore[arg-type]
        return int(number) if number.is_integer() else number
    if field.kind is Kind.PERIOD:
        return periods.label(str(value), lang)
    if field.kind is Kind.CHOICE:
        return next((c.label(lang) for c in field.choices if c.value == str(value)), str(value))
    if field.kind is Kind.COUNTRY:
        return country_name(str(value), lang)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    return str(value)


def text(field: Field, value: object, lang: str) -> str:
    """The same as text: dates as YYYY-MM-DD, missing as an empty string."""
    shown = typed(field, value, lang)
    if shown is None:
        return ""
    return shown.isoformat() if isinstance(shown, dt.date) else str(shown)


def given(row: object, name: str) -> str:
    """A text field of a record (a dict, a pandas row or an itertuples row); "" when missing or blank."""
    value = row.get(name) if hasattr(row, "get") else getattr(row, name, None)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def localised(row: object, name: str, lang: str) -> str:
    """A text field as a reader of ``lang`` sees it: on a Chinese page its Chinese variant (the field
    ``<name>_zh`` of the record model, such as a standard's ``title_zh``) where the record gives one,
    else the field itself."""
    own = given(row, name)
    return pick(own, given(row, f"{name}_zh") or own, lang)


def localised_column(frame: pd.DataFrame, name: str, lang: str) -> pd.Series:
    """:func:`localised` for every row of ``frame``: the column ``name``, or its ``<name>_zh`` variant
    where a Chinese reader has one."""
    own = frame[name] if name in frame else pd.Series("", index=frame.index, dtype=object)
    variant = f"{name}_zh"
    if variant not in frame:
        return own
    chinese = frame[variant].where(frame[variant].notna() & (frame[variant].astype(str).str.strip() != ""))
    return pick(own, chinese.fillna(own), lang)
