"""Every text the app shows, in English and Chinese: ``key: (en, zh)``, and :func:`t` to look one up.

Keys of the screens that share them (figures, the shell, the upload page) are bare words; the texts of one
area are named ``area.word`` and grouped below under that area. The problem messages of an import keep
their own catalogue in :mod:`dashboard.ingest.problems` (each with a fix; the README lists them).
"""

from __future__ import annotations

from dashboard.model.i18n import LANGUAGES, pick

__all__ = ["LANGUAGES", "TEXTS", "t"]

TEXTS: dict[str, tuple[str, str]] = {
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
    # overview: the Overview page
    "overview.heading": ("Where we stand", "总体情况"),
    "overview.vs_last_year": ("{change} since the end of {year}", "较 {year} 年底 {change}"),
    "overview.targets": ("Targets", "目标"),
    "overview.target_line": ("{value} of {target} by {due}", "{value} / {target}（{due} 年前）"),
    "overview.on_track": ("on track: about {forecast} expected by then", "按当前趋势，届时约 {forecast}，可望达成"),
    "overview.behind": (
        "behind: about {forecast} expected by then at the current pace",
        "按当前趋势，届时约 {forecast}，进度落后",
    ),
    "overview.no_targets": (
        "No targets set: add a Targets sheet to a workbook.",
        "尚未设定目标：可在工作簿中添加“目标”工作表。",
    ),
    "overview.indicators": ("Indicators", "统计指标"),
    "overview.indicator_year": ("in {year}", "{year} 年"),
    "overview.indicator_change": ("{change} on {year}", "较 {year} 年 {change}"),
    "overview.published": ("Published figures", "已公布数据"),
    "overview.agrees": ("The records agree", "与记录一致"),
    "overview.disagrees": (
        "Published {published}, but the records give {recorded} for {date}",
        "公布为 {published}，但记录在 {date} 给出 {recorded}",
    ),
    "overview.nothing": ("nothing", "无数据"),
    "overview.active": ("Active agreements", "有效协议"),
    "overview.close": ("Close", "关闭"),
    "overview.report_pptx": ("Report (PowerPoint)", "报告（PowerPoint）"),
    "overview.report_pdf": ("Report (PDF)", "报告（PDF）"),
    "overview.click_hint": (
        "Click a figure, or a country on the map, to see the records behind it.",
        "点击数字或地图上的国家，可查看其背后的记录。",
    ),
    # partners: the Partners page and its charts
    "partners.heading": ("Partners", "合作伙伴"),
    "partners.partner_type": ("Partner type", "机构类型"),
    "partners.all_types": ("All types", "全部类型"),
    "partners.dormant_after": ("Dormant after (months)", "多久无活动视为休眠（月）"),
    "partners.expiring": ("Agreements expiring in the next {days} days", "未来 {days} 天内到期的协议"),
    "partners.none_expiring": (
        "No active agreement expires in the next {days} days.",
        "未来 {days} 天内没有到期的有效协议。",
    ),
    "partners.partner": ("Partner", "合作机构"),
    "partners.kind": ("Kind", "协议类型"),
    "partners.signed": ("Signed", "签署日期"),
    "partners.expires": ("Expires", "到期日期"),
    "partners.days_left": ("Days left", "剩余天数"),
    "partners.dormant": ("Dormant partnerships", "休眠的合作关系"),
    "partners.dormant_text": (
        "Partners with an active agreement but no adoption, training centre or event in the last {months} months.",
        "有有效协议，但近 {months} 个月内没有标准采用、培训中心或活动的合作机构。",
    ),
    "partners.none_dormant": (
        "Every partner with an active agreement has been active in the last {months} months.",
        "所有有有效协议的合作机构在近 {months} 个月内都有活动。",
    ),
    "partners.country": ("Country or region", "国家或地区"),
    "partners.type": ("Type", "机构类型"),
    "partners.agreements": ("Active agreements", "有效协议"),
    "partners.last_activity": ("Last activity", "最近活动"),
    "partners.activity": ("What", "活动内容"),
    "partners.never": ("none recorded", "无记录"),
    "partners.adoption": ("Standard adopted", "采用标准"),
    "partners.training_centre": ("Training centre", "培训中心"),
    "partners.event": ("Event", "活动"),
    "partners.by_type": ("Partners by type", "合作机构类型"),
    "partners.by_country": ("Partners by country or region", "合作机构所在国家和地区"),
    "partners.by_country_top": ("Partners by country or region (top {n})", "合作机构所在国家和地区（前 {n} 位）"),
    "partners.partners": ("Partners", "合作机构"),
    # events: the Events page and its charts
    "events.heading": ("Events", "活动"),
    "events.kind": ("Kind of event", "活动类型"),
    "events.all_kinds": ("All kinds", "全部类型"),
    "events.list": ("Event list ({n})", "活动列表（{n}）"),
    "events.timeline": ("Events over time, by kind", "活动时间线（按类型）"),
    "events.per_year": ("Events per year, by kind", "每年活动数量（按类型）"),
    "events.events": ("Events", "活动"),
    # data: the Data page
    "data.heading": ("Data", "数据"),
    "data.search": ("Search every column", "在所有列中搜索"),
    "data.all_statuses": ("Any status", "全部状态"),
    "data.download_xlsx": ("Download every record type (.xlsx)", "下载全部记录（.xlsx）"),
    "data.download_csv": ("Download {what} (.csv)", "下载{what}（.csv）"),
    "data.no_records": ("No {what} recorded yet.", "尚无{what}记录。"),
    "data.source": (
        "Each record shows the upload batch, file and row it came from.",
        "每条记录都注明其来源的导入批次、文件和行号。",
    ),
    # table: record tables (the Data page's grids)
    "table.source_batch": ("Batch", "批次"),
    "table.source_file": ("File", "文件"),
    "table.source_row": ("Row", "行"),
    "table.shown": ("Showing {shown} of {total} records", "显示 {shown} / {total} 条记录"),
    "table.newest": (
        "The table holds {total:,} records: the newest {shown:,} are shown.",
        "该表共有 {total:,} 条记录，仅显示最新的 {shown:,} 条。",
    ),
    # trace: the records behind a figure
    "trace.batch": ("Batch", "批次"),
    "trace.file": ("File", "文件"),
    "trace.row": ("Row", "行"),
    "trace.shown": (
        "{shown} of {total} records; the Data page lists them all.",
        "显示 {total} 条中的 {shown} 条；“数据”页列出全部。",
    ),
    "trace.behind": ("The {count} records behind “{figure}”", "“{figure}”背后的 {count} 条记录"),
    # regions: the By region page and its map
    "regions.heading": ("By region", "地区分布"),
    "regions.map_title": ("{metric} by country and region", "{metric}：各国家和地区"),
    "regions.region_title": ("{metric} by region", "{metric}：按地区"),
    "regions.subregion_title": ("{metric} by sub-region", "{metric}：按次区域"),
    "regions.country": ("Country or region", "国家或地区"),
    "regions.region": ("Region", "地区"),
    "regions.subregion": ("Sub-region", "次区域"),
    "regions.caption": (
        "{metric} per country or region, largest first. Open a name to see its records.",
        "{metric}：各国家和地区，从多到少排列。点击名称查看详细记录。",
    ),
    "regions.not_given": ("Not given", "未注明"),
    "regions.none": ("No records match these filters.", "没有符合筛选条件的记录。"),
    "regions.click_hint": ("Click a country on the map to see its records.", "点击地图上的国家查看详细记录。"),
    # trends: the Over time page and its chart
    "trends.heading": ("Over time", "趋势"),
    "trends.freq": ("Granularity", "时间粒度"),
    "trends.year": ("Year", "年"),
    "trends.quarter": ("Quarter", "季度"),
    "trends.month": ("Month", "月"),
    "trends.mode": ("Show", "显示"),
    "trends.new": ("New per period", "每期新增"),
    "trends.cumulative": ("Cumulative total", "累计总数"),
    "trends.split": ("Split by", "分组"),
    "trends.none": ("Nothing", "不分组"),
    "trends.region": ("Region", "地区"),
    "trends.subregion": ("Sub-region", "次区域"),
    "trends.title_new": ("{metric}: new per {freq}", "{metric}：每{freq}新增"),
    "trends.title_cumulative": ("{metric}: cumulative total", "{metric}：累计总数"),
    "trends.title_level": ("{metric} per {freq}", "{metric}（按{freq}）"),
    "trends.period": ("Period", "时间"),
    "trends.total": ("Total", "合计"),
    "trends.not_given": ("Not given", "未注明"),
    "trends.caption": ("The numbers in the chart above: {title}.", "上图数据：{title}。"),
    "trends.milestone": ("Milestone", "里程碑"),
    "trends.milestones": ("Milestones marked on the chart", "图中标注的里程碑"),
    # country: a country's page
    "country.back": ("← All countries and regions", "← 全部国家和地区"),
    "country.unknown": ("There is no country or region with the code “{code}”.", "没有代码为“{code}”的国家或地区。"),
    "country.choose": ("Choose a country or region on the map.", "请在地图上选择国家或地区。"),
    "country.years": ("Records from {start} to {end}", "{start}年至{end}年的记录"),
    "country.adoption": ("No standard has been adopted here yet.", "尚无标准在此采用。"),
    "country.training_centre": ("No training centre here yet.", "尚无培训中心。"),
    "country.partner": ("No partner institution here yet.", "尚无合作机构。"),
    "country.agreement": ("No agreement with a partner here yet.", "尚无与此地合作机构签署的协议。"),
    "country.event": ("No event here yet.", "尚无在此举办的活动。"),
    "country.indicator_value": ("No indicator figure for this country yet.", "尚无该国的统计指标数值。"),
    # public: the public page
    "public.heading": ("Our international cooperation", "国际合作概况"),
    "public.source": (
        "Figures from the international office's records, updated {date}.",
        "数据来自国际合作处记录，更新于 {date}。",
    ),
    # caption: chart captions: the filters in words and the source line
    "caption.all_years": ("All years", "全部年份"),
    "caption.years": ("{start}–{end}", "{start}–{end} 年"),
    "caption.from": ("From {start}", "{start} 年起"),
    "caption.to": ("Up to {end}", "截至 {end} 年"),
    "caption.all_regions": ("all regions", "全部地区"),
    "caption.as_of": ("data as of {date}", "数据截至 {date}"),
    "caption.source": (
        "Source: coopdash, international office records; data as of {date}",
        "来源：coopdash，国际交流处记录；数据截至 {date}",
    ),
    "caption.separator": (" · ", " · "),
    "caption.list": (", ", "、"),
    # report: the monthly report (PowerPoint and PDF)
    "report.title": ("International cooperation: monthly report", "国际合作月度报告"),
    "report.kpis": ("Headline figures", "主要指标"),
    "report.figure": ("Figure", "指标"),
    "report.value": ("Now", "当前"),
    "report.indicator": ("{name} ({unit}), {year} on the year before", "{name}（{unit}），{year} 年较上一年"),
    "report.change": ("Since {date}", "较 {date}"),
    "report.summary": ("Summary", "概要"),
    "report.no_summary": ("No adoptions are recorded for these filters.", "所选范围内没有采用记录。"),
    "report.appendix": ("Data appendix: adoptions by country (top {n})", "数据附录：各国采用情况（前 {n} 位）"),
    "report.country": ("Country or region", "国家和地区"),
    "report.region": ("Region", "地区"),
    "report.adoptions": ("Adoptions", "采用记录"),
    "report.none": ("No adoptions for these filters.", "所选范围内没有采用记录。"),
    # cli: the command line (coopdash import)
    "cli.committed": ("Imported {file} as batch {batch}.", "已导入 {file}，批次 {batch}。"),
    "cli.unchanged": ("{file} holds nothing new: the database is unchanged.", "{file} 没有新内容，数据库未改变。"),
    "cli.valid": ("{file} is valid (dry run: nothing written).", "{file} 校验通过（试运行，未写入）。"),
    "cli.rejected": (
        "{file} was rejected: nothing was written. Fix the errors below and import it again.",
        "{file} 未通过校验，未写入任何数据。请按下列错误修改后重新导入。",
    ),
    "cli.table": (
        "record type        new  updated  unchanged  rejected",
        "记录类型            新增     更新       未变      拒绝",
    ),
    "cli.errors": ("Errors", "错误"),
    "cli.warnings": ("Warnings", "提示"),
    "cli.sheet": ("sheet {value}", "工作表“{value}”"),
    "cli.row": ("row {value}", "第 {value} 行"),
    "cli.column": ("column {value}", "“{value}”列"),
    "cli.matches": (
        "Names taken for known institutions ({n}):",
        "识别为已登记机构的名称（{n} 个）：",
    ),
    "cli.proposals": (
        "Names that look like known institutions ({n}); import with --accept-matches to take them, "
        "else they stay as written:",
        "与已登记机构相近的名称（{n} 个）；如需按已登记机构导入，请加 --accept-matches，否则按原文导入：",
    ),
    # names: institutions matched across spellings (dashboard/model/names.py)
    "names.reason.abbreviation": ("abbreviation", "缩写"),
    "names.reason.spelling": ("spelling", "拼写"),
    "names.reason.word_order": ("word order", "词序"),
    "names.reason.accents": ("accents", "重音符号"),
    "names.reason.british_american": ("British/American spelling", "英式/美式拼写"),
    "names.reason.spacing": ("spacing", "空格"),
    "names.did_you_mean": ("Did you mean {names}? ", "您是否指：{names}？"),
    "names.or": (" or ", "或"),
    "names.proposals": ("Names that look like known institutions", "与已登记机构相近的名称"),
    "names.proposals_help": (
        "Accept to record the row under the known institution (the spelling is kept as one of its other names); "
        "keep as new to import it as written.",
        "选择“接受”将按已登记机构导入（该写法保存为其其他名称）；选择“作为新机构”将按原文导入。",
    ),
    "names.accept": ("Accept", "接受"),
    "names.keep": ("Keep as new", "作为新机构"),
    "names.written": ("Written", "原文"),
    "names.known": ("Known institution", "已登记机构"),
    "names.score": ("Score", "相似度"),
    "names.reason": ("Reason", "原因"),
    "names.record_type": ("Kind", "类型"),
    # duplicates page (editors): likely duplicate institutions, merged one pair at a time
    "page_duplicates": ("Duplicates", "重复机构"),
    "duplicates.heading": ("Likely duplicate institutions", "疑似重复的机构"),
    "duplicates.intro": (
        "Pairs of stored institutions whose names say they are one. Merging keeps the first and makes the "
        "second's names its other names; the records that named the second then name the first. A merge is "
        "one batch: it can be rolled back on the Upload page.",
        "名称显示为同一机构的已登记机构。合并后保留第一个，第二个的名称成为其其他名称，引用第二个的记录改为引用第一个。"
        "每次合并为一个批次，可在“上传”页面撤销。",
    ),
    "duplicates.none": ("No likely duplicates among the stored institutions.", "已登记机构中没有疑似重复。"),
    "duplicates.keep": ("Keep", "保留"),
    "duplicates.merge_in": ("Merge into it", "并入"),
    "duplicates.merge": ("Merge", "合并"),
    "duplicates.merged": (
        "Merged {duplicate} into {survivor} (batch {batch}).",
        "已将“{duplicate}”并入“{survivor}”（批次 {batch}）。",
    ),
}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The text for ``key`` in ``lang`` (English unless "zh"), with ``values`` filled in.

    An unknown key raises ``KeyError`` naming it, and a missing value ``KeyError`` naming the placeholder:
    both are mistakes in the code, which the tests of every screen catch.
    """
    try:
        en, zh = TEXTS[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in dashboard.model.texts") from None
    return pick(en, zh, lang).format(**values)
