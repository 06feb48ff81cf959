"""The Excel template staff fill in, derived entirely from the record model.

The first sheet explains, in English and Chinese, how to fill the file in and lists every
column. Then comes one sheet per record type with a bilingual header, an example row and
Excel data validation: drop-downs for choices, countries and references, whole numbers
and dates. The template as written imports cleanly, example rows and all.
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
from dashboard.model.records import BY_NAME, RECORD_TYPES, Field, Kind, RecordType

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
    zh = lang == "zh"
    parts = [("必填。" if f.required else "选填。") if zh else ("Required." if f.required else "Optional.")]
    if f.kind is Kind.INTEGER:
        parts.append("填写 0 或正整数。" if zh else "A whole number, 0 or more.")
    elif f.kind is Kind.NUMBER:
        parts.append("填写数字，如 1240 或 3.5。" if zh else "A number, such as 1240 or 3.5.")
    elif f.kind is Kind.PERIOD:
        parts.append(
            "填写年份（2023）、季度（2023-Q2 或 2023年第二季度）、月份（2023-05）或学年（2023/24）。"
            if zh
            else "A year (2023), a quarter (2023-Q2), a month (2023-05) or a school year (2023/24)."
        )
    elif f.kind is Kind.DATE:
        parts.append(
            "填写日期，如 2023-05-05，或任意 Excel 日期。" if zh else "A date such as 2023-05-05, or any Excel date."
        )
        if f.allow_year:
            parts.append("也可只填年份，如 2019。" if zh else "A year on its own, such as 2019, is accepted.")
    elif f.kind is Kind.CHOICE:
        labels = "、".join(c.zh for c in f.choices) if zh else ", ".join(c.en for c in f.choices)
        parts.append(
            f"可从下拉列表中选择英文名称，或直接填写中文：{labels}。"
            if zh
            else f"Pick from the list: {labels}. The Chinese labels are accepted too."
        )
        if f.default and not f.required:
            parts.append(
                f"留空即为“{f.choice(f.default).zh}”。" if zh else f"Left blank, it means {f.choice(f.default).en}."
            )
    elif f.kind is Kind.COUNTRY:
        parts.append(
            "从下拉列表中选择，或填写中文、英文名称或 ISO 代码（如 泰国、THA）。"
            if zh
            else "Pick from the list, or type an English or Chinese name or an ISO code (e.g. 泰国, THA)."
        )
    elif f.kind is Kind.REFERENCE:
        parts.append(_reference_rule(f, lang))
    elif f.kind is Kind.EMAIL:
        parts.append(
            "填写一个邮箱地址，如 name@example.edu。" if zh else "One email address, such as name@example.edu."
        )
    extra = f.help_zh if zh else f.help_en
    return ("" if zh else " ").join([*parts, extra] if extra else parts)


def _reference_rule(f: Field, lang: str) -> str:
    """What a reference column must name: a record on another sheet, or one imported before."""
    target = BY_NAME[f.references or ""]
    key = target.field(target.key[0])
    if lang == "zh":
        return f"须填写本文件“{target.en_plural}”工作表中或之前已导入的某个{target.zh}的“{key.zh}”。"
    return (
        f"Must be the {key.en} of a {target.en.lower()} listed on the {target.en_plural} sheet "
        f"of this file, or imported earlier."
    )


def _guide(lang: str) -> Iterator[str]:
    """The instructions' paragraphs in one language; sheet names and references come from the model."""
    zh = lang == "zh"
    sheets = ("、" if zh else ", ").join(rt.en_plural for rt in RECORD_TYPES)
    references = [
        (f"“{rt.en_plural}”的“{f.zh}”：" if zh else f"{rt.en_plural}, {f.en}: ") + _reference_rule(f, lang)
        for rt in RECORD_TYPES
        for f in rt.fields
        if f.kind is Kind.REFERENCE
    ]
    if zh:
        yield "填写说明"
        yield f"1. 每类记录填写一个工作表：{sheets}。每行一条记录；第 2 行是示例，可直接改写或删除。"
        yield "2. 请保留第 1 行表头，不要改名：导入时按表头识别各列。未标注必填的列可以留空。鼠标停在表头上可查看说明。"
        yield "3. 日期填写为 2023-05-05，或任意 Excel 日期；注明可只填年份的列可填 2019。"
        yield "4. 国家或地区可从下拉列表选择，也可填写中文、英文名称或 ISO 代码（如 泰国、Thailand、THA）。"
        yield "5. 带下拉列表的列请选择列表中的取值；也可填写对应的中文名称。"
        yield "6. 引用须对应已有记录。" + "".join(references)
        yield "7. 填好后上传到看板，或运行 coopdash import 文件名。整个文件无误时才会保存；每个问题都会注明工作表、行和列。"
        return
    yield "How to fill in this template"
    yield f"1. Use one sheet per kind of record: {sheets}. One row is one record; row 2 is an example to overwrite or delete."
    yield (
        "2. Keep the header row (row 1) as it is: the importer finds the columns by these names. "
        "Columns not marked required may stay blank. Hover over a header for help."
    )
    yield "3. Dates: write 2023-05-05 or enter any Excel date; where noted, a year on its own such as 2019 is enough."
    yield (
        "4. Countries and regions: pick from the list, or type an English or Chinese name or an ISO code "
        "(Thailand, 泰国, THA)."
    )
    yield "5. Columns with a drop-down take one of the listed values; their Chinese labels are accepted too."
    yield "6. References must match existing records. " + " ".join(references)
    yield (
        "7. Upload the finished file to the dashboard or run coopdash import FILE. Nothing is saved unless "
        "the whole file is valid; each problem names its sheet, row and column."
    )


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
    for lang in ("en", "zh"):
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
