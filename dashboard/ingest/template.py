"""The Excel template staff fill in, derived entirely from the record model.

The first sheet explains, in English and Chinese, how to fill the file in and lists every
column. Then comes one sheet per record type with a bilingual header, an example row and
Excel data validation: drop-downs for choices, countries and references, whole numbers
and dates. The example rows are never imported: the validator knows them (each field's
``example``) and skips them with a warning, so an untouched template writes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import absolute_coordinate, get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.ingest.workbook import DATE_FORMAT, HEADER_FILL, header_text
from dashboard.model.countries import all_countries
from dashboard.model.i18n import LANGUAGES, pick, sentences
from dashboard.model.records import BY_NAME, RECORD_TYPES, Field, Kind, RecordType
from dashboard.model.texts import t

INSTRUCTIONS_SHEET = "Instructions 说明"  # the validator skips a sheet of this name
LAST_ROW = 1000  # validation and formats cover rows 2..LAST_ROW of every record sheet
LISTS_SHEET = "Lists"  # hidden; holds the drop-down lists (the validator skips it too)
LISTS_FIRST_COLUMN = 1

KIND_LABELS: dict[Kind, tuple[str, str]] = {
    Kind.TEXT: ("Text", "文本"),
    Kind.INTEGER: ("Whole number", "整数"),
    Kind.NUMBER: ("Number", "数字"),
    Kind.PERIOD: ("Period", "期间"),
    Kind.DATE: ("Date", "日期"),
    Kind.CHOICE: ("Choice", "选项"),
    Kind.COUNTRY: ("Country or region", "国家或地区"),
    Kind.REFERENCE: ("Reference", "引用"),
    Kind.EMAIL: ("Email address", "电子邮箱"),
}
TABLE_HEADER = (
    "Sheet / 工作表",
    "Column / 列名",
    "中文列名",
    "Required / 必填",
    "Type / 类型",
    "Allowed values / 可选值",
    "Help / 说明",
)


def write_template(target: str | Path | BinaryIO) -> None:
    """Write the template to a path or a binary file object."""
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions)
    lists = _ListWriter(_lists_sheet(workbook))
    for rt in RECORD_TYPES:
        _write_record_sheet(workbook.create_sheet(rt.en_plural), rt, lists)
    workbook.move_sheet(LISTS_SHEET, offset=len(workbook.sheetnames))  # last, out of the way
    workbook.save(target)


def template_bytes() -> bytes:
    """The template as .xlsx bytes, e.g. for a download button."""
    buffer = io.BytesIO()
    write_template(buffer)
    return buffer.getvalue()


def field_help(f: Field, lang: str) -> str:
    """What a staff member needs to know to fill in one column, in ``lang``."""
    parts = [t("template.required" if f.required else "template.optional", lang)]
    if f.kind in _KIND_HELP:
        parts.append(t(_KIND_HELP[f.kind], lang))
    if f.kind is Kind.DATE and f.allow_year:
        parts.append(t("template.year_alone", lang))
    elif f.kind is Kind.CHOICE:
        labels = t("list_separator", lang).join(c.label(lang) for c in f.choices)
        parts.append(t("template.choice", lang, labels=labels))
        if f.default and not f.required:
            parts.append(t("template.default", lang, label=f.choice(f.default).label(lang)))
    elif f.kind is Kind.REFERENCE:
        parts.append(_reference_rule(f, lang))
    extra = pick(f.help_en, f.help_zh, lang)
    return sentences([*parts, extra] if extra else parts, lang)


_KIND_HELP = {
    Kind.INTEGER: "template.integer",
    Kind.NUMBER: "template.number",
    Kind.PERIOD: "template.period",
    Kind.DATE: "template.date",
    Kind.COUNTRY: "template.country",
    Kind.EMAIL: "template.email",
}


def _reference_rule(f: Field, lang: str) -> str:
    """What a reference column must name: a record on another sheet, or one imported before."""
    target = BY_NAME[f.references or ""]
    key = target.field(target.key[0])
    return t(
        "template.reference",
        lang,
        key=key.label(lang),
        target=pick(target.en.lower(), target.zh, lang),
        sheet=target.en_plural,
    )


def _guide(lang: str) -> Iterator[str]:
    """The instructions' paragraphs in one language; sheet names and references come from the model."""
    sheets = t("list_separator", lang).join(rt.en_plural for rt in RECORD_TYPES)
    references = [
        t("template.reference_in", lang, sheet=rt.en_plural, column=f.label(lang)) + _reference_rule(f, lang)
        for rt in RECORD_TYPES
        for f in rt.fields
        if f.kind is Kind.REFERENCE
    ]
    yield t("template.guide_title", lang)
    yield t("template.guide_1", lang, sheets=sheets)
    yield from (t(f"template.guide_{n}", lang) for n in range(2, 6))
    yield t("template.guide_6", lang, references=sentences(references, lang))
    yield t("template.guide_7", lang)


def _column_rows() -> Iterator[tuple[str, ...]]:
    """One row of the instructions' table per column of every record sheet."""
    for rt in RECORD_TYPES:
        for f in rt.fields:
            kind_en, kind_zh = KIND_LABELS[f.kind]
            allowed = "; ".join(f"{c.en} / {c.zh}" for c in f.choices)
            yield (
                f"{rt.en_plural} / {rt.zh}",
                f.en,
                f.zh,
                "yes / 是" if f.required else "no / 否",
                f"{kind_en} / {kind_zh}",
                allowed,
                f"{field_help(f, 'en')}\n{field_help(f, 'zh')}",
            )


def _write_instructions(sheet: Worksheet) -> None:
    for lang in LANGUAGES:
        for index, line in enumerate(_guide(lang)):
            sheet.append([line])
            if index == 0:
                sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=13)
        sheet.append([])
    sheet.append(TABLE_HEADER)
    header_row = sheet.max_row
    _style_header(sheet, header_row, len(TABLE_HEADER))
    for row in _column_rows():
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (26, 26, 16, 14, 22, 40, 70)):
        sheet.column_dimensions[letter].width = width


def _lists_sheet(workbook: Workbook) -> Worksheet:
    if LISTS_SHEET in workbook.sheetnames:
        return workbook[LISTS_SHEET]
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    return sheet


class _ListWriter:
    """Writes each drop-down's values into its own hidden column and returns the range."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.column = LISTS_FIRST_COLUMN
        self.written: dict[tuple[str, ...], str] = {}

    def add(self, title: str, values: list[str]) -> str:
        """The range holding ``values``, written under ``title`` unless the same list exists already."""
        if (known := self.written.get(tuple(values))) is not None:
            return known
        column = self.column
        self.column += 1
        self.sheet.cell(1, column, title)
        for row, value in enumerate(values, start=2):
            self.sheet.cell(row, column, value)
        letter = get_column_letter(column)
        self.sheet.column_dimensions[letter].hidden = True
        self.written[tuple(values)] = _range(self.sheet.title, letter, 2, len(values) + 1)
        return self.written[tuple(values)]


def _range(sheet: str, letter: str, first: int, last: int) -> str:
    return f"{quote_sheetname(sheet)}!{absolute_coordinate(f'{letter}{first}:{letter}{last}')}"


def _style_header(sheet: Worksheet, row: int, width: int) -> None:
    for column in range(1, width + 1):
        cell = sheet.cell(row, column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_record_sheet(sheet: Worksheet, rt: RecordType, lists: _ListWriter) -> None:
    sheet.append([header_text(rt, f.name) for f in rt.fields])
    sheet.append([f.example for f in rt.fields])
    _style_header(sheet, 1, len(rt.fields))
    sheet.freeze_panes = "A2"
    for index, f in enumerate(rt.fields, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 36 if f.kind is Kind.TEXT else 22
        help_text = f"{field_help(f, 'en')}\n\n{field_help(f, 'zh')}"
        sheet.cell(1, index).comment = Comment(help_text, "coopdash", width=320, height=60 + len(help_text) // 2)
        if f.kind is Kind.DATE and not f.allow_year:  # a year such as 2019 would show as 1905-07-11
            for row in range(2, LAST_ROW + 1):
                sheet.cell(row, index).number_format = DATE_FORMAT
        validation = _validation(rt, f, lists)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            sheet.add_data_validation(validation)


def _validation(rt: RecordType, f: Field, lists: _ListWriter) -> DataValidation | None:
    """The Excel data validation for one column, or None for free text."""
    if f.kind is Kind.CHOICE:
        source = lists.add(f"{rt.en_plural}: {f.en}", [c.en for c in f.choices])
        return _rule(
            "list",
            source,
            "warning",  # the Chinese labels are accepted too
            "Not in the list: pick a value, or type its Chinese label. 不在列表中：请选择，或填写中文名称。",
        )
    if f.kind is Kind.COUNTRY:
        names = sorted(c.name_en for c in all_countries())
        source = lists.add("Countries and regions / 国家或地区", names)
        return _rule(
            "list",
            source,
            "warning",
            "Not in the list: a Chinese name or ISO code is fine. 不在列表中：可填写中文名称或 ISO 代码。",
        )
    if f.kind is Kind.REFERENCE:
        target = BY_NAME[f.references or ""]
        letter = get_column_letter([g.name for g in target.fields].index(target.key[0]) + 1)
        return _rule(
            "list",
            _range(target.en_plural, letter, 2, LAST_ROW),
            "warning",
            f"Not on the {target.en_plural} sheet: it must be imported already. "
            f"不在“{target.en_plural}”工作表中：须为已导入的记录。",
        )
    if f.kind is Kind.INTEGER:
        return _rule(
            "whole", "0", "stop", "Write a whole number, 0 or more. 请填写 0 或正整数。", operator="greaterThanOrEqual"
        )
    if f.kind is Kind.NUMBER:
        return _rule("decimal", "-1E+15", "stop", "Write a number. 请填写数字。", operator="between", formula2="1E+15")
    if f.kind is Kind.DATE:
        message = (
            "Write a date such as 2023-05-05, or a year such as 2019. 请填写日期或年份。"
            if f.allow_year
            else "Write a date such as 2023-05-05. 请填写日期，如 2023-05-05。"
        )
        return _rule(
            "date",
            "DATE(1900,1,1)",
            "warning" if f.allow_year else "stop",
            message,
            operator="between",
            formula2="DATE(2100,12,31)",
        )
    return None


def _rule(kind: str, formula1: str, style: str, error: str, **options: str) -> DataValidation:
    return DataValidation(
        type=kind,
        formula1=formula1,
        errorStyle=style,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="coopdash",
        error=error,
        **options,
    )


def markdown_table() -> str:
    """The README's table of sheets: each record type's key and columns, required ones in bold."""
    lines = ["| Sheet | Natural key | Columns (required in bold) |", "| --- | --- | --- |"]
    for rt in RECORD_TYPES:
        key = " + ".join(rt.field(name).en for name in rt.key)
        columns = ", ".join(f"**{f.en}**" if f.required else f.en for f in rt.fields)
        lines.append(f"| {rt.en_plural} / {rt.zh} | {key} | {columns} |")
    return "\n".join(lines)
