"""Problems found in an uploaded file, worded for the staff member who has to fix them.

A :class:`Problem` says where (sheet, row as Excel numbers it, column), what value, what
is wrong and how to fix it. Its wording lives in :data:`MESSAGES`, in English and Chinese,
so the same problem reads well on the command line, in the app and in either language.

:data:`MESSAGES` is the problems' own text catalogue, beside :mod:`dashboard.model.texts` (the README's
troubleshooting list is generated from it): one entry per problem code with a message and a fix in each
language, both languages filling in the same values, read in a language with :func:`wording` as the
texts are with ``t`` (:func:`dashboard.model.i18n.pick`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from dashboard.model.i18n import pick

Severity = Literal["error", "warning"]

# code: (English message, English fix, Chinese message, Chinese fix); placeholders name the problem's
# value, column, sheet and params, and a param "x_zh" gives the Chinese wording of "x"
MESSAGES: dict[str, tuple[str, str, str, str]] = {
    "required": (
        "{column} is empty.",
        "Fill in {column}: it is required.",
        "“{column}”为空。",
        "请填写“{column}”，此项为必填。",
    ),
    "bad_date": (
        "“{value}” is not a date.",
        "Write a date such as 2023-05-05, 2023/5/5, 5 May 2023 or 2023年5月5日.",
        "“{value}”不是有效日期。",
        "请填写日期，例如 2023-05-05、2023/5/5 或 2023年5月5日。",
    ),
    "time_not_date": (
        "“{value}” is a time of day with no date.",
        "Write the date, such as 2023-05-05. Excel cannot store a date before 1900 as a date: type such a date "
        "as text (1899-12-31).",
        "“{value}”只有时间，没有日期。",
        "请填写日期，例如 2023-05-05。Excel 无法把 1900 年以前的日期存为日期，请以文字形式输入（如 1899-12-31）。",
    ),
    "early_excel_date": (
        "{value} is in Excel's first two months of 1900, where its dates are off by a day.",
        "Excel counts a 29 February 1900 that never existed. Check the date, and type it as text (1900-02-28) "
        "if it is right.",
        "{value} 位于 Excel 的 1900 年头两个月，这段日期会相差一天。",
        "Excel 把并不存在的 1900 年 2 月 29 日计算在内。请核对日期，如无误请以文字形式输入（如 1900-02-28）。",
    ),
    "not_finite": (
        "“{value}” is not a number Excel can hold (NaN or infinity).",
        "Type the number, or leave the cell empty; the file was probably written by another program.",
        "“{value}”不是 Excel 能保存的数字（NaN 或无穷大）。",
        "请填写数字或留空；该文件可能由其他程序生成。",
    ),
    "formula_without_value": (
        "The cell holds a formula whose result was never saved ({value}).",
        "Open the file in Excel and save it again (Excel then saves each formula's result), or type the value.",
        "该单元格的公式没有保存计算结果（{value}）。",
        "请在 Excel 中打开并重新保存（Excel 会保存公式结果），或直接填写数值。",
    ),
    "year_only": (
        "“{value}” gives only a year.",
        "Give at least the month, for example 2023-05 or May 2023.",
        "“{value}”只有年份。",
        "请至少写到月份，例如 2023-05 或 2023年5月。",
    ),
    "bad_integer": (
        "“{value}” is not a whole number.",
        "Write a whole number such as 13, without units or words.",
        "“{value}”不是整数。",
        "请填写整数，例如 13，不要带单位或文字。",
    ),
    "bad_number": (
        "“{value}” is not a number.",
        "Write a number such as 1240 or 3.5, without units or words.",
        "“{value}”不是数字。",
        "请填写数字，例如 1240 或 3.5，不要带单位或文字。",
    ),
    "bad_period": (
        "“{value}” is not a period.",
        "Write a year (2023), a quarter (2023-Q2 or 2023年第二季度), a month (2023-05) or a school year (2023/24).",
        "“{value}”不是有效的期间。",
        "请填写年份（2023）、季度（2023-Q2 或 2023年第二季度）、月份（2023-05）或学年（2023/24）。",
    ),
    "unit_mismatch": (
        "The unit “{value}” is not the unit of indicator {indicator}, which is counted in “{unit}”.",
        "Convert the value to {unit}, or leave the unit blank.",
        "单位“{value}”与指标 {indicator} 的单位“{unit}”不一致。",
        "请将数值换算为“{unit}”，或将单位留空。",
    ),
    "reserved_code": (
        "“{value}” is the name of a figure the dashboard already tracks.",
        "Give the indicator another code, such as “{value}_total”.",
        "“{value}”是仪表板已跟踪指标的名称。",
        "请为该统计指标另取代码，例如“{value}_total”。",
    ),
    "unknown_figure": (
        "“{value}” is neither a figure the dashboard tracks nor an indicator code.",
        "Use one of: {allowed}.",
        "“{value}”既不是仪表板跟踪的指标，也不是统计指标代码。",
        "请使用以下之一：{allowed}。",
    ),
    "negative": ("“{value}” is negative.", "Write zero or a positive number.", "“{value}”是负数。", "请填写零或正数。"),
    "bad_choice": (
        "“{value}” is not an allowed value for {column}.",
        "Use one of: {allowed}.",
        "“{value}”不是“{column}”允许的取值。",
        "请使用以下取值之一：{allowed}。",
    ),
    "unknown_country": (
        "“{value}” is not a country or region we know.",
        "{suggestion}Use an English or Chinese name, or an ISO code such as THA.",
        "无法识别国家或地区“{value}”。",
        "{suggestion}请使用中文或英文名称，或 ISO 代码（如 THA）。",
    ),
    "bad_email": (
        "“{value}” is not an email address.",
        "Write one address such as name@example.edu (a name before it in <…> is fine), or leave the cell empty.",
        "“{value}”不是有效的邮箱地址。",
        "请填写一个邮箱地址，例如 name@example.edu（可写成 姓名 <地址>），或留空。",
    ),
    "too_long": (
        "The text in {column} is {length} characters long.",
        "Shorten it to at most {limit} characters.",
        "“{column}”中的文字长 {length} 个字符。",
        "请缩短到 {limit} 个字符以内。",
    ),
    "unknown_reference": (
        "“{value}” is not a known {target}.",
        "{suggestion}Add it to the {target_sheet} sheet (in this file or an earlier upload), or correct the spelling.",
        "“{value}”不是已登记的{target}。",
        "{suggestion}请先在“{target_sheet}”工作表中添加（本文件或之前的上传均可），或更正拼写。",
    ),
    "name_taken": (
        "“{value}” is already a name of another institution, {other}.",
        "Remove it from this row, or merge the two institutions if they are one (coopdash merge, or the "
        "Duplicates page).",
        "“{value}”已是另一机构“{other}”的名称。",
        "请从本行删除该名称；如两者实为同一机构，请合并（coopdash merge 或“重复机构”页面）。",
    ),
    "name_given_twice": (
        "“{value}” is given to two institutions: {other} (row {other_row}) and this row's.",
        "Give each name to one institution only: correct one of the two rows.",
        "“{value}”同时被用作两个机构的名称：“{other}”（第 {other_row} 行）和本行。",
        "一个名称只能属于一个机构：请更正其中一行。",
    ),
    "conflicting_duplicate": (
        "This row has the same {key} as row {other_row} but different values.",
        "Keep one of the two rows, or correct the {key}.",
        "本行的{key}与第 {other_row} 行相同，但其他内容不同。",
        "请只保留其中一行，或更正{key}。",
    ),
    "duplicate_row": (
        "This row repeats row {other_row}.",
        "It is imported once; delete the copy to silence this warning.",
        "本行与第 {other_row} 行重复。",
        "只会导入一次；删除重复行即可消除此提示。",
    ),
    "missing_column": (
        "The sheet has no {column} column.",
        "Add a column headed “{label_en}” or “{label_zh}”.",
        "工作表缺少“{column}”列。",
        "请添加表头为“{label_zh}”或“{label_en}”的列。",
    ),
    "no_header": (
        "No header row was found in this sheet.",
        "Put the column names ({columns}) in one row above the records.",
        "此工作表中找不到表头行。",
        "请在记录上方的一行中写明列名（{columns}）。",
    ),
    "example_row": (
        "This row is the template's example ({example}): it was not imported.",
        "Delete the example row, or overwrite it with a real record.",
        "该行是模板自带的示例（{example}），未导入。",
        "请删除示例行，或改写为真实记录。",
    ),
    "unknown_column": (
        "The column “{value}” is not used and was ignored.",
        "Remove it, or rename it to one of: {allowed}.",
        "“{value}”列不会被导入，已忽略。",
        "请删除该列，或改名为以下之一：{allowed}。",
    ),
    "hidden_sheet": (
        "The sheet “{sheet}” is hidden in Excel; its records were read too.",
        "Unhide it (right-click a sheet tab › Unhide) to check what it holds, or delete it if it should not be "
        "imported.",
        "工作表“{sheet}”在 Excel 中被隐藏，其中的记录也已读取。",
        "请取消隐藏（右键单击工作表标签 › 取消隐藏）核对内容；如不应导入，请删除该工作表。",
    ),
    "unknown_sheet": (
        "The sheet “{sheet}” was not read: its name is not a kind of record.",
        "Rename it to one of: {allowed}.",
        "未读取工作表“{sheet}”：名称不对应任何记录类型。",
        "请将其改名为以下之一：{allowed}。",
    ),
    "end_before_start": (
        "{column} ({value}) is before {other_column} ({other_value}).",
        "Check both dates.",
        "“{column}”（{value}）早于“{other_column}”（{other_value}）。",
        "请核对这两个日期。",
    ),
    "future_date": (
        "{column} ({value}) is in the future.",
        "Check the date; it is imported as written.",
        "“{column}”（{value}）晚于今天。",
        "请核对日期；将按所填内容导入。",
    ),
    "too_many_problems": (
        "The sheet has more than {limit} problems; the first {limit} found are listed.",
        "Fix those, or check that this is the right file and that its columns are in the right order, and upload "
        "it again: the rest are often the same mistake.",
        "该工作表的问题超过 {limit} 个，仅列出最先发现的 {limit} 个。",
        "请先修正这些问题，或检查文件是否正确、各列顺序是否正确，然后重新上传：其余问题往往是同一个错误。",
    ),
    "no_records": (
        "The file holds no records.",
        "Use one sheet per kind of record ({allowed}), with a header row and at least one row below it.",
        "文件中没有任何记录。",
        "请每类记录使用一个工作表（{allowed}），包含表头行及至少一行数据。",
    ),
    "own_layout": (
        "The workbook is in a layout of its own: no sheet is named for a kind of record, and no mapping "
        "profile knows its layout.",
        "Map its columns once: upload it on the Upload page, or run “coopdash map FILE --json > MAP.json”, check "
        "MAP.json, then “coopdash import FILE --mapping MAP.json”. The mapping is remembered for next time.",
        "该工作簿为自有格式：没有以记录类型命名的工作表，也没有与其格式对应的映射方案。",
        "请先映射一次各列：在“上传”页面上传，或运行“coopdash map FILE --json > MAP.json”，核对 MAP.json 后运行"
        "“coopdash import FILE --mapping MAP.json”。映射会被记住，下次无需再做。",
    ),
    "unreadable": (
        "The file cannot be read as a spreadsheet: {reason}.",
        "Save it from Excel as .xlsx (or as .csv) and upload it again.",
        "无法作为电子表格读取该文件：{reason}。",
        "请在 Excel 中另存为 .xlsx（或 .csv）后重新上传。",
    ),
}


def wording(code: str, lang: str) -> tuple[str, str]:
    """The message and the fix of problem ``code`` in ``lang``, their values still to fill in."""
    en_message, en_fix, zh_message, zh_fix = MESSAGES[code]
    return pick((en_message, en_fix), (zh_message, zh_fix), lang)


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    severity: Severity = "error"
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None
    col: int | None = None  # 0-based index of the cell's column in its sheet, where known
    params: dict[str, Any] = field(default_factory=dict)

    def _render(self, index: int, lang: str) -> str:
        template = wording(self.code, lang)[index]
        params = {
            "value": "" if self.value is None else self.value,
            "column": self.column or "",
            "sheet": self.sheet or "",
            **self.params,
        }
        chinese = {name[:-3]: value for name, value in self.params.items() if name.endswith("_zh")}
        return template.format(**{**params, **pick({}, chinese, lang)})

    def message(self, lang: str = "en") -> str:
        return self._render(0, lang)

    def fix(self, lang: str = "en") -> str:
        return self._render(1, lang)

    def column_label(self, lang: str = "en") -> str | None:
        """The column's name in ``lang``: its Chinese header where the problem knows it."""
        return pick(self.column, self.params.get("column_zh") or self.column, lang)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        value = self.value
        if value is not None and not isinstance(value, (int, float, str, bool)):
            value = str(value)
        return {
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "message": self.message(lang),
            "fix": self.fix(lang),
        }

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.sheet and f"sheet {self.sheet}",
                self.row and f"row {self.row}",
                self.column and f"column {self.column}",
            )
            if part
        )
        return f"{where + ': ' if where else ''}{self.message()} {self.fix()}"


class HasProblems:
    """Errors and warnings of anything that keeps a ``problems`` list."""

    __slots__ = ()
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop the file from being committed."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth a look that do not stop the file."""
        return [p for p in self.problems if p.severity == "warning"]


class CellError(ValueError):
    """Raised by a cell converter; the validator turns it into a :class:`Problem`."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
