"""The sample workbook with owners filled in, as a user would add them: an Owner column on the
Agreements and Partner institutions sheets."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.support.paths import SAMPLE

AGREEMENT_OWNERS = {  # (partner, signed) → owner
    ("Selangor Institute of Technology", "2016-10-13"): "li.wei@example.edu",
    ("Karachi Polytechnic College", "2018-11-09"): "Zhang San <zhang.san@EXAMPLE.edu>",
}
PARTNER_OWNERS = {"Nairobi National Polytechnic College": "wang.fang@example.edu"}
FALLBACK = "office@example.edu"
# On 2026-11-25 (the sample's today) five agreements expire within 90 days, in 4, 20, 43, 45 and 57 days.
EXPECTED = {
    "li.wei@example.edu": {"Selangor Institute of Technology"},  # its agreement's owner
    "zhang.san@example.edu": {"Karachi Polytechnic College"},  # written Name <address>
    "wang.fang@example.edu": {"Nairobi National Polytechnic College"},  # the partner's owner
    FALLBACK: {"Addis Ababa Technical and Vocational College", "Macao Institute of Applied Skills"},  # nobody's
}


def _header_row(sheet) -> int:
    for row in range(1, 10):
        if sheet.cell(row, 1).value and sheet.cell(row, 2).value:  # the title above has one cell
            return row
    raise AssertionError(f"no header row on {sheet.title}")


def _owner_column(sheet, top: int) -> int:
    """The sheet's Owner column: the sample's own, else a new one at the end."""
    for column in range(1, sheet.max_column + 1):
        if "Owner" in str(sheet.cell(top, column).value or ""):
            return column
    sheet.cell(top, sheet.max_column + 1, "Owner (email) / 负责人邮箱")
    return sheet.max_column


def with_owners(path: Path, bad: str | None = None) -> Path:
    """The sample with owners; ``bad`` puts that text in the first agreement owner's cell instead."""
    workbook = openpyxl.load_workbook(SAMPLE)
    agreements, partners = workbook["Agreements"], workbook["Partner institutions"]
    top = _header_row(agreements)
    column = _owner_column(agreements, top)
    for row in range(top + 1, agreements.max_row + 1):
        signed = agreements.cell(row, 3).value
        key = (agreements.cell(row, 1).value, f"{signed:%Y-%m-%d}" if signed else "")
        if key in AGREEMENT_OWNERS:
            agreements.cell(row, column, bad or AGREEMENT_OWNERS[key])
    top = _header_row(partners)
    column = _owner_column(partners, top)
    for row in range(top + 1, partners.max_row + 1):
        owner = PARTNER_OWNERS.get(partners.cell(row, 1).value)
        if owner:
            partners.cell(row, column, owner)
    workbook.save(path)
    return path
