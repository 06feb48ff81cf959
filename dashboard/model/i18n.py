"""Every text the app shows, in English and Chinese, under one key each."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "zh")

TEXT: dict[str, tuple[str, str]] = {
    # figures
    "adoptions_title": ("Standards adopted abroad, by year", "境外采用标准（按年）"),
    "new_adoptions": ("New adoptions", "新增采用"),
    "countries_reached": ("Countries and regions reached (total)", "覆盖国家和地区（累计）"),
    "map_title": ("Where our standards are adopted", "标准采用国家和地区分布"),
    "adoptions": ("Adoptions", "采用记录"),
    "centres_title": ("Training centres by country", "各国培训中心"),
    "centres": ("Training centres", "培训中心"),
    "no_data": ("No data yet", "暂无数据"),
    "milestones": ("Milestones", "里程碑"),
    # the shell
    "skip": ("Skip to the content", "跳到正文"),
    "years": ("Years", "年份"),
    "regions": ("Regions", "地区"),
    "countries": ("Countries and regions", "国家和地区"),
    "reset": ("Reset", "重置"),
    "metric": ("Metric", "指标"),
    "as_of": ("Data as of", "数据截至"),
    "page_overview": ("Overview", "总览"),
    "page_trends": ("Over time", "趋势"),
    "page_regions": ("By region", "地区分布"),
    "page_partners": ("Partners", "合作伙伴"),
    "page_events": ("Events", "活动"),
    "page_data": ("Data", "数据"),
    "page_upload": ("Upload", "上传"),
    "empty_title": ("No data yet", "暂无数据"),
    "empty_text": (
        "Load a workbook on the Upload page, or run: coopdash import data/sample_cooperation.xlsx",
        "请在“上传”页面导入工作簿，或运行：coopdash import data/sample_cooperation.xlsx",
    ),
    "nothing_matches": ("No records match these filters.", "没有符合筛选条件的记录。"),
    "editors_only": ("Uploading and rolling back are for editors.", "上传和撤销仅限编辑人员。"),
    "sign_in": ("Sign in", "登录"),
    "sign_out": ("Sign out", "退出"),
    # upload page
    "upload_heading": ("Upload an update", "上传更新"),
    "template_title": ("1. Start from the template", "1. 下载模板"),
    "template_text": (
        "One sheet per kind of record, headers in English and Chinese, drop-down lists for "
        "countries and kinds. Your own workbooks work too.",
        "每类记录一个工作表，表头为中英文，国家与类型可下拉选择。也可使用自己的工作簿。",
    ),
    "template_button": ("Download the template", "下载模板"),
    "upload_title": ("2. Upload a workbook", "2. 上传工作簿"),
    "upload_prompt": ("Drag and drop a workbook here, or click to choose one", "将工作簿拖放到此处，或点击选择文件"),
    "upload_formats": (
        ".xlsx, .xlsm, .xls, .ods or .csv, up to {limit} MB",
        "支持 .xlsx、.xlsm、.xls、.ods 或 .csv，最大 {limit} MB",
    ),
    "checking": ("Checking your file…", "正在检查文件…"),
    "too_large": (
        "{name} is {size} MB; uploads are limited to {limit} MB. Split it into smaller files.",
        "{name} 大小为 {size} MB，超过 {limit} MB 的上限，请拆分为较小的文件。",
    ),
    "valid": (
        "{file} is ready to import. Check the preview, then commit.",
        "{file} 校验通过。请检查预览，然后确认导入。",
    ),
    "rejected": (
        "{file} cannot be imported: fix the errors below and upload it again. Nothing was written.",
        "{file} 无法导入：请修改下列错误后重新上传。未写入任何数据。",
    ),
    "committed": ("Imported {file} as batch {batch}.", "已导入 {file}，批次 {batch}。"),
    "unchanged": ("{file} holds nothing new: the database is unchanged.", "{file} 没有新内容，数据库未改变。"),
    "expired": ("This upload is no longer available; upload the file again.", "此上传已失效，请重新上传文件。"),
    "cancelled": ("Cancelled: nothing was written.", "已取消，未写入任何数据。"),
    "commit": ("Commit", "确认导入"),
    "cancel": ("Cancel", "取消"),
    "annotated": ("Download the workbook with the problems marked", "下载标注问题的工作簿"),
    "preview": ("Preview", "预览"),
    "record_type": ("Record type", "记录类型"),
    "new": ("New", "新增"),
    "updated": ("Changed", "更新"),
    "unchanged_count": ("Unchanged", "未变"),
    "rejected_count": ("Rejected", "拒绝"),
    "changes": ("Changed records", "变更的记录"),
    "errors": ("Errors — must be fixed", "错误（必须修改）"),
    "warnings": ("Warnings — imported as written, worth a look", "提示（将按原样导入，建议核对）"),
    "sheet": ("Sheet", "工作表"),
    "row": ("Row", "行"),
    "column": ("Column", "列"),
    "value": ("Value", "值"),
    "problem": ("What is wrong", "问题"),
    "fix": ("How to fix it", "修改方法"),
    "more_problems": (
        "…and {n} more: download the marked workbook to see them all.",
        "……另有 {n} 条，请下载标注工作簿查看全部。",
    ),
    "history": ("Batch history", "导入历史"),
    "batch": ("Batch", "批次"),
    "when": ("When (UTC)", "时间（UTC）"),
    "who": ("Who", "操作人"),
    "file": ("File", "文件"),
    "changed": ("Changed", "变更"),
    "state": ("State", "状态"),
    "rolled_back_by": ("rolled back by batch {batch}", "已由批次 {batch} 撤销"),
    "rollback_of": ("rollback of batch {batch}", "撤销批次 {batch}"),
    "roll_back": ("Roll back", "撤销"),
    "confirm_rollback": (
        "Roll back batch {batch}? Every record it touched returns to its state before it.",
        "撤销批次 {batch}？其涉及的所有记录将恢复到导入前的状态。",
    ),
    "rolled_back": ("Rolled back batch {batch}.", "已撤销批次 {batch}。"),
    "rollback_failed": (
        "The rollback could not be written (the database was busy); nothing changed. Try again.",
        "撤销未能写入（数据库繁忙），未做任何更改，请重试。",
    ),
    "no_batches": ("Nothing imported yet.", "尚未导入任何数据。"),
}


def t(key: str, lang: str = "en", **params: object) -> str:
    """The text for ``key`` in ``lang``, with ``params`` filled in."""
    return translate(TEXT, key, lang, **params)


def translate(table: Mapping[str, tuple[str, str]], key: str, lang: str = "en", **params: object) -> str:
    """The text for ``key`` in ``lang`` from ``table`` (a page's own texts, say)."""
    en, zh = table[key]
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text
