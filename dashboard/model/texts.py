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
    "new_standards": ("Standards adopted for the first time", "首次被采用的标准"),
    "running_total": ("{figure} (total)", "{figure}（累计）"),
    "map_title": ("Where our standards are adopted", "标准采用国家和地区分布"),
    "adoptions": ("Adoptions", "采用记录"),
    "centres_title": ("Training centres by country", "各国培训中心"),
    "centres": ("Training centres", "培训中心"),
    "no_data": ("No data yet", "暂无数据"),
    "milestones": ("Milestones", "里程碑"),
    # why a chart is empty (dashboard.charts.catalogue.why_empty)
    "empty.filtered": (
        "Nothing recorded for {filters}. Choose more years or places, or reset the filters.",
        "所选范围（{filters}）内没有记录。请放宽年份或地区，或重置筛选。",
    ),
    "empty.other_filters": ("the types, kinds or statuses chosen", "所选类型、类别或状态"),
    "empty.not_by_place": (
        "{metric} is reported for the whole university, not by country, so it cannot be shown by region or on a map.",
        "{metric}按全校汇总报送，没有分国家的数字，因此无法按地区或在地图上显示。",
    ),
    "empty.none_recorded": (
        "None recorded yet: add them to a workbook and upload it.",
        "尚无记录：请在工作簿中添加后上传。",
    ),
    # joining words: a list's separator (sentences are joined by dashboard.model.i18n.sentences)
    "list_separator": (", ", "、"),
    # periods: a year, quarter, month or school year as a reader writes it
    "period.year": ("{year}", "{year}年"),
    "period.quarter": ("{year} Q{quarter}", "{year}年第{quarter}季度"),
    "period.month": ("{year}-{month:02d}", "{year}年{month}月"),
    "period.school_year": ("{start}/{end}", "{start}—{end}学年"),
    # the shell
    "skip": ("Skip to the content", "跳到正文"),
    "years": ("Years", "年份"),
    "regions": ("Regions", "地区"),
    "countries": ("Countries and regions", "国家和地区"),
    "reset": ("Reset", "重置"),
    "filters": ("Filters", "筛选"),
    "filters_active": ("Filters ({count})", "筛选（{count}）"),
    "close": ("Close", "关闭"),
    "metric": ("Metric", "指标"),
    "on": ("Figures on", "统计至"),
    "as_of": ("As recorded on", "按当日记录"),
    "page_overview": ("Overview", "总览"),
    "page_trends": ("Over time", "趋势"),
    "page_regions": ("By region", "地区分布"),
    "page_partners": ("Partners", "合作伙伴"),
    "page_events": ("Events", "活动"),
    "page_data": ("Data", "数据"),
    "page_upload": ("Upload", "上传"),
    "tab_title": ("coopdash — {page}", "coopdash — {page}"),
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
    "added": ("Records to add", "将新增的记录"),
    "added_more": (
        "The first {shown} of {total} new {record} are listed; the download above has every one.",
        "仅列出 {total} 条新增{record}中的前 {shown} 条；上方的下载文件包含全部记录。",
    ),
    "preview_more": (
        "… and {more} more: the file you uploaded has every one",
        "……另有 {more} 条，见所上传的文件",
    ),
    "preview_download": (
        "Download every record to add and every change (.xlsx)",
        "下载全部待新增记录和全部修改（.xlsx）",
    ),
    "nothing_to_commit": (
        "{file} changes nothing: every record in it is already stored as it is. There is nothing to commit.",
        "{file} 不会改变任何数据：其中的记录均已按原样保存，无需确认导入。",
    ),
    "key": ("Key", "主键"),
    "before": ("Before", "原值"),
    "after": ("After", "新值"),
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
    "who_cli": ("cli", "命令行"),
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
    # what a page's figures cover (dashboard.charts.catalogue.window_note)
    "window.overview": (
        "Headline figures, targets and maps: totals on {day}, counting everything before it. "
        "Chart by year and milestones: {years}.",
        "头条数字、目标和地图：截至 {day} 的累计总数（含此前全部记录）。逐年图表和里程碑：{years}。",
    ),
    "window.regions": (
        "Years counted by every figure on this page: {years}.",
        "本页所有数字的统计年份：{years}。",
    ),
    "window.partners": (
        "Partners by type and by country: totals on {day}. Expiring agreements and dormant "
        "partnerships: the agreements signed by {day}, as they stand on {today}.",
        "按类型和国家的合作伙伴：截至 {day} 的累计总数。"
        "即将到期的协议和休眠合作：{day} 前签署的协议在 {today} 的状态。",
    ),
    "overview.targets_not_applicable": (
        "Targets are set for the whole university, so they are not shown while regions, countries or "
        "other filters narrow the figures. Reset the filters to see them.",
        "目标按全校设定：筛选了地区、国家或其他条件时不显示。重置筛选即可查看。",
    ),
    "overview.no_targets": (
        "No targets set: add a Targets sheet to a workbook.",
        "尚未设定目标：可在工作簿中添加“目标”工作表。",
    ),
    "overview.indicators": ("Indicators", "统计指标"),
    "overview.indicator_year": ("in {year}", "{year} 年"),
    "overview.indicator_change": ("{change} on {year}", "较 {year} 年 {change}"),
    "overview.published": ("Published figures", "已公布数据"),
    "overview.published_scope": (
        "The university's own statements, each checked against every record on its date, whatever the filters.",
        "学校已公开的表述，按其发布日期与全部记录核对，不受筛选影响。",
    ),
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
    "partners.owner": ("Owner", "负责人"),
    "partners.last_reminder": ("Last reminder", "最近提醒"),
    "partners.reminder": ("{date} ({days}-day notice)", "{date}（提前 {days} 天）"),
    "partners.mine": ("My agreements", "我负责的协议"),
    "partners.mine_text": (
        "Active agreements whose owner (or whose partner's owner) is {email}.",
        "负责人（或合作机构负责人）为 {email} 的有效协议。",
    ),
    "partners.none_mine": ("No active agreement names {email} as its owner.", "没有以 {email} 为负责人的有效协议。"),
    "partners.no_end": ("no end date", "无到期日"),
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
    "trace.counted.standard_code": (
        "The {count} standards counted in “{figure}”",
        "“{figure}”计入的 {count} 项标准",
    ),
    "trace.counted.country": (
        "The {count} countries and regions counted in “{figure}”",
        "“{figure}”计入的 {count} 个国家和地区",
    ),
    "trace.records_below": ("The {count} records behind them", "其背后的 {count} 条记录"),
    "trace.item.standard_code": ("Standard", "标准"),
    "trace.item.country": ("Country or region", "国家或地区"),
    "trace.with.standard_code": ("Countries and regions", "国家和地区"),
    "trace.with.country": ("Standards", "标准"),
    "trace.first": ("First", "首次"),
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
    "trends.reported_every": (
        "{metric} is reported {every}, so it is shown {every}: a period's figure cannot be split into shorter periods.",
        "{metric}按{every}报送，因此按{every}显示：一个时段的数字无法拆分到更短的时段。",
    ),
    "trends.every_year": ("by year", "年"),
    "trends.every_quarter": ("by quarter", "季度"),
    "trends.every_month": ("by month", "月"),
    "trends.not_reported": ("Not reported", "未报送"),
    "trends.not_yet_reported": ("Not yet reported", "尚未报送"),
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
    "public.download_map": ("The map as an image:", "地图图片："),
    "public.other_language": ("中文", "English"),
    # publish: coopdash publish, the public page as a static site
    "publish.no_folder": (
        "Say where to publish: --out DIR, or set COOPDASH_PUBLISH_DIR.",
        "请指定发布位置：--out DIR，或设置 COOPDASH_PUBLISH_DIR。",
    ),
    "publish.not_a_folder": (
        "{out} is a file, not a folder: name a folder for the site (it is made if missing).",
        "{out} 是文件而不是文件夹：请指定存放网站的文件夹（不存在时会自动创建）。",
    ),
    "publish.not_ours": (
        "{out} holds files that are not a coopdash site (it has no {marker} file): publishing would replace "
        "them, so nothing was written. Name an empty or new folder.",
        "{out} 中的文件不是 coopdash 网站（缺少 {marker} 文件）：发布会覆盖这些文件，因此未写入任何内容。"
        "请指定空文件夹或新文件夹。",
    ),
    "publish.no_parent": (
        "The folder {parent} does not exist: make it first, or name another.",
        "文件夹 {parent} 不存在：请先创建，或指定其他文件夹。",
    ),
    "publish.parent_not_writable": (
        "Cannot write in {parent}: the site is written beside {name} and then swapped in, so that folder "
        "must be writable. The site there was left as it was.",
        "无法写入 {parent}：网站先写在 {name} 旁边再替换进去，因此该文件夹必须可写。原有网站保持不变。",
    ),
    "publish.failed": (
        "Could not write the site to {out}: {reason}. The site there was left as it was.",
        "无法将网站写入 {out}：{reason}。原有网站保持不变。",
    ),
    "publish.no_images": (
        "the map's PNG and SVG images could not be drawn ({reason}), so the site was published without "
        "them; publish again to add them.",
        "无法生成地图的 PNG 和 SVG 图片（{reason}），网站已在没有图片的情况下发布；再次发布即可补上。",
    ),
    "publish.done": (
        "Published the public site to {out}: {files} files, the data as of batch {batch}.",
        "公开网站已发布到 {out}：共 {files} 个文件，数据截至批次 {batch}。",
    ),
    # caption: chart captions: the filters in words and the source line
    "caption.all_years": ("All years", "全部年份"),
    "caption.years": ("{start}–{end}", "{start}–{end} 年"),
    "caption.from": ("From {start}", "{start} 年起"),
    "caption.to": ("Up to {end}", "截至 {end} 年"),
    "caption.all_regions": ("all regions", "全部地区"),
    "caption.as_of": ("data as of {date}", "数据截至 {date}"),
    "caption.on": ("figures on {date}", "统计至 {date}"),
    "caption.as_recorded": ("as recorded on {date}", "按 {date} 的记录"),
    "caption.source": (
        "Source: {org} international office records; data as of {date}",
        "来源：{org}国际交流处记录；数据截至 {date}",
    ),
    "caption.source_plain": (
        "Source: international office records; data as of {date}",
        "来源：国际交流处记录；数据截至 {date}",
    ),
    "caption.separator": (" · ", " · "),
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
    # template: the Excel template's instructions and column help
    "template.required": ("Required.", "必填。"),
    "template.optional": ("Optional.", "选填。"),
    "template.integer": ("A whole number, 0 or more.", "填写 0 或正整数。"),
    "template.email": ("One email address, such as name@example.edu.", "填写一个邮箱地址，如 name@example.edu。"),
    "template.number": ("A number, such as 1240 or 3.5.", "填写数字，如 1240 或 3.5。"),
    "template.period": (
        "A year (2023), a quarter (2023-Q2), a month (2023-05) or a school year (2023/24).",
        "填写年份（2023）、季度（2023-Q2 或 2023年第二季度）、月份（2023-05）或学年（2023/24）。",
    ),
    "template.date": ("A date such as 2023-05-05, or any Excel date.", "填写日期，如 2023-05-05，或任意 Excel 日期。"),
    "template.year_alone": ("A year on its own, such as 2019, is accepted.", "也可只填年份，如 2019。"),
    "template.choice": (
        "Pick from the list: {labels}. The Chinese labels are accepted too.",
        "可从下拉列表中选择英文名称，或直接填写中文：{labels}。",
    ),
    "template.default": ("Left blank, it means {label}.", "留空即为“{label}”。"),
    "template.country": (
        "Pick from the list, or type an English or Chinese name or an ISO code (e.g. 泰国, THA).",
        "从下拉列表中选择，或填写中文、英文名称或 ISO 代码（如 泰国、THA）。",
    ),
    "template.reference": (
        "Must be the {key} of a {target} listed on the {sheet} sheet of this file, or imported earlier.",
        "须填写本文件“{sheet}”工作表中或之前已导入的某个{target}的“{key}”。",
    ),
    "template.reference_in": ("{sheet}, {column}: ", "“{sheet}”的“{column}”："),
    "template.guide_title": ("How to fill in this template", "填写说明"),
    "template.guide_1": (
        "1. Use one sheet per kind of record: {sheets}. "
        "One row is one record; row 2 is an example to overwrite or delete.",
        "1. 每类记录填写一个工作表：{sheets}。每行一条记录；第 2 行是示例，可直接改写或删除。",
    ),
    "template.guide_2": (
        "2. Keep the header row (row 1) as it is: the importer finds the columns by these names. "
        "Columns not marked required may stay blank. Hover over a header for help.",
        "2. 请保留第 1 行表头，不要改名：导入时按表头识别各列。未标注必填的列可以留空。鼠标停在表头上可查看说明。",
    ),
    "template.guide_3": (
        "3. Dates: write 2023-05-05 or enter any Excel date; where noted, a year on its own such as 2019 is enough.",
        "3. 日期填写为 2023-05-05，或任意 Excel 日期；注明可只填年份的列可填 2019。",
    ),
    "template.guide_4": (
        "4. Countries and regions: pick from the list, or type an English or Chinese name or an ISO code "
        "(Thailand, 泰国, THA).",
        "4. 国家或地区可从下拉列表选择，也可填写中文、英文名称或 ISO 代码（如 泰国、Thailand、THA）。",
    ),
    "template.guide_5": (
        "5. Columns with a drop-down take one of the listed values; their Chinese labels are accepted too.",
        "5. 带下拉列表的列请选择列表中的取值；也可填写对应的中文名称。",
    ),
    "template.guide_6": (
        "6. References must match existing records. {references}",
        "6. 引用须对应已有记录。{references}",
    ),
    "template.guide_7": (
        "7. Upload the finished file to the dashboard or run coopdash import FILE. Nothing is saved unless "
        "the whole file is valid; each problem names its sheet, row and column.",
        "7. 填好后上传到看板，或运行 coopdash import 文件名。整个文件无误时才会保存；每个问题都会注明工作表、行和列。",
    ),
    "report.continued": ("{title} (continued)", "{title}（续）"),
    "report.page": ("{n} / {of}", "{n} / {of}"),
    "report.targets": ("Targets: progress and outlook", "目标：进度与预测"),
    "report.target": ("Target", "目标值"),
    "report.due": ("Due", "期限"),
    "report.progress": ("Progress", "完成度"),
    "report.outlook": ("Outlook at the recent pace", "按近期趋势预测"),
    "report.targets_note": (
        "The outlook carries the average gain of the last three years on to the due date.",
        "预测按近三年平均增幅推算至期限。",
    ),
    "report.published": ("Published figures checked against the records", "已公布数据与记录核对"),
    "report.statement": ("Statement", "公开表述"),
    "report.date": ("Date", "日期"),
    "report.published_value": ("Published", "公布值"),
    "report.recorded": ("Records", "记录值"),
    "report.check": ("Check", "核对结果"),
    "report.agrees": ("Agrees", "一致"),
    "report.differs": ("Differs: check before repeating it", "不一致：引用前请核实"),
    "report.no_published": (
        "No published figures are recorded: add a Published figures sheet to a workbook.",
        "尚未登记已公布数据：可在工作簿中添加“已公布数据”工作表。",
    ),
    "report.published_note": (
        "Every published figure, whatever the filters, recomputed from the records for the date it was published.",
        "所有已公布数据（不受筛选条件限制），按公布日期从记录重新计算。",
    ),
    # cli: the command line (coopdash import)
    # mail: reminders and digests (dashboard/notify)
    "mail.reminder_subject": (
        "{org}: {count} agreement(s) expire soon — {names}",
        "{org}：{count} 项协议即将到期——{names}",
    ),
    "mail.reminder_intro": (
        "These agreements you look after expire soon. Renew them, or record that they end.",
        "您负责的以下协议即将到期，请及时续签，或在系统中登记其终止。",
    ),
    "mail.threshold": ("{days}-day notice", "提前 {days} 天提醒"),
    "mail.expires_in": ("expires in {days} days", "还有 {days} 天到期"),
    "mail.expires_today": ("expires today", "今天到期"),
    "mail.dormant_intro": (
        "Partnerships of yours with an active agreement but no activity in {months} months:",
        "您负责的以下合作关系有有效协议，但已 {months} 个月没有任何活动：",
    ),
    "mail.dormant_since": ("last activity {date}", "最近活动 {date}"),
    "mail.dormant_never": ("no activity recorded", "无活动记录"),
    "mail.open_partners": ("Open the Partners page", "打开“合作伙伴”页面"),
    "mail.open_dashboard": ("Open the dashboard", "打开仪表板"),
    "mail.signature": (
        "Sent by {org}'s cooperation dashboard (coopdash). You get this because you own these records.",
        "本邮件由{org}国际合作仪表板（coopdash）发送，因为您是这些记录的负责人。",
    ),
    "mail.digest_subject": (
        "{org}: international cooperation, {period} to {date}",
        "{org}：国际合作{period}（截至 {date}）",
    ),
    "mail.week": ("the week", "周报"),
    "mail.month": ("the month", "月报"),
    "mail.digest_heading": ("International cooperation: {period} to {date}", "国际合作{period}：截至 {date}"),
    "mail.figures": ("The figures", "主要数据"),
    "mail.figure": ("Figure", "指标"),
    "mail.now": ("Now", "当前"),
    "mail.change": ("Change since {date}", "较 {date} 变化"),
    "mail.summary": ("In short", "概述"),
    "mail.changed": ("What changed since {date}", "{date} 以来的新情况"),
    "mail.nothing_changed": ("No new records are dated in this period.", "本期没有新的记录。"),
    "mail.new_adoptions": ("New adoptions", "新增采用"),
    "mail.new_centres": ("Training centres opened", "新启用的培训中心"),
    "mail.new_agreements": ("Agreements signed", "新签协议"),
    "mail.new_events": ("Events", "活动"),
    "mail.expiring": ("What expires next", "即将到期的协议"),
    "mail.none_expiring": (
        "No active agreement expires in the next {days} days.",
        "未来 {days} 天内没有有效协议到期。",
    ),
    "mail.charts": ("Charts", "图表"),
    "mail.digest_signature": (
        "Sent by {org}'s cooperation dashboard (coopdash). Figures as the records stood on {date}.",
        "本邮件由{org}国际合作仪表板（coopdash）发送，数据截至 {date}。",
    ),
    "mail.more": ("and {n} more", "等 {n} 项"),
    # the calendar feed (/calendar.ics)
    "calendar.name": ("{org}: agreements and events", "{org}：协议与活动"),
    "calendar.expires": ("Agreement expires: {partner} ({kind})", "协议到期：{partner}（{kind}）"),
    "calendar.owner": ("Owner: {owner}", "负责人：{owner}"),
    "cli.committed": ("Imported {file} as batch {batch}.", "已导入 {file}，批次 {batch}。"),
    "cli.unchanged": ("{file} holds nothing new: the database is unchanged.", "{file} 没有新内容，数据库未改变。"),
    "cli.valid_unchanged": (
        "{file} is valid and changes nothing: every record in it is already stored (dry run: nothing written).",
        "{file} 校验通过，且不会改变任何数据：其中的记录均已保存（试运行，未写入）。",
    ),
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
    "names.separator": (", ", "、"),
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
    "cli.separator": (", ", "，"),
    "cli.agrees": ("agrees", "一致"),
    "cli.disagrees": ("DISAGREES: the records give {recorded}", "不一致：记录给出 {recorded}"),
    # annotate: the marked workbook's list of problems
    "annotate.severity": ("Severity", "类型"),
    "annotate.problem": ("Problem", "问题"),
    "annotate.fix": ("How to fix", "修改方法"),
    "annotate.error": ("Error", "错误"),
    "annotate.warning": ("Warning", "警告"),
    # insights: the report's summary sentence
    "insights.gained_one": (
        "In {year}, {gained} more country or region adopted our standards",
        "{year} 年新增 {gained} 个国家和地区采用我校标准",
    ),
    "insights.gained_many": (
        "In {year}, {gained} more countries and regions adopted our standards",
        "{year} 年新增 {gained} 个国家和地区采用我校标准",
    ),
    "insights.record": (", the most on record", "，为有记录以来最多"),
    "insights.rise_since": (", the largest rise since {since}", "，为 {since} 年以来最多"),
    "insights.new_adoptions": (", with {adoptions} new adoptions.", "；全年新增采用 {adoptions} 项。"),
    "insights.none_gained": (
        "In {year} no new country or region adopted our standards, but there were {adoptions} new adoptions.",
        "{year} 年没有新的国家和地区采用我校标准，但新增采用 {adoptions} 项。",
    ),
    "insights.region": (" {region} grew fastest.", "新增采用最多的地区是{region}。"),
    "insights.reached": (
        " Our standards are now adopted in {reached} countries and regions.",
        "目前我校标准已在 {reached} 个国家和地区得到采用。",
    ),
    # mapping: an office's own workbook mapped onto the records (coopdash map, the upload page)
    "mapping.ignored": ("ignored", "忽略"),
    "mapping.blank": ("(blank)", "（空白）"),
    "mapping.nothing": ("The workbook holds nothing to map.", "工作簿中没有可映射的内容。"),
    "mapping.sheet_line": (
        "Sheet “{sheet}”: header in row {row}; its rows feed: {types}",
        "工作表“{sheet}”：表头在第 {row} 行；各行对应：{types}",
    ),
    "mapping.value_line": ("“{value}” in {field} → {to}", "{field} 中的“{value}” → {to}"),
    "mapping.question_line": (
        "? “{value}” in {field} is none of its values: choose one of {options} in the mapping's “values”",
        "? {field} 中的“{value}”不是其取值：请在映射的“values”中选择 {options} 之一",
    ),
    "mapping.next": (
        "To import with it: coopdash map FILE --json > MAP.json, check MAP.json, then "
        "coopdash import FILE --mapping MAP.json. It is remembered for this layout.",
        "导入方法：coopdash map FILE --json > MAP.json，核对 MAP.json 后运行 coopdash import FILE --mapping MAP.json。"
        "该格式的映射会被记住。",
    ),
    "mapping.no_profiles": (
        "No mapping profiles yet: a committed import with --mapping saves one.",
        "尚无映射方案：使用 --mapping 成功导入后会自动保存。",
    ),
    "mapping.read_with_profile": (
        "Read with mapping profile {id} ({name}).",
        "已按映射方案 {id}（{name}）读取。",
    ),
    "mapping.read_with_mapping": ("Read with the mapping given.", "已按所给映射读取。"),
    "mapping.own_layout": (
        "{file} is in a layout of its own. Check how its columns are read below, answer the questions, "
        "then confirm: the mapping is remembered for this layout.",
        "{file} 为自有格式。请在下方核对各列的读取方式并回答问题，然后确认；该格式的映射会被记住。",
    ),
    "mapping.sheet_heading": (
        "Sheet “{sheet}”, header in row {row}",
        "工作表“{sheet}”，表头在第 {row} 行",
    ),
    "mapping.column": ("Column", "列"),
    "mapping.samples": ("Sample values", "示例值"),
    "mapping.field": ("Fills", "对应字段"),
    "mapping.confidence": ("Confidence", "把握"),
    "mapping.choose": ("Ignored — choose fields to fill", "忽略 — 可选择对应字段"),
    "mapping.values": ("Values to confirm", "需确认的取值"),
    "mapping.value": ("Value in the file", "文件中的值"),
    "mapping.means": ("Means", "含义"),
    "mapping.leave_blank": ("(leave blank)", "（留空）"),
    "mapping.preview": ("The first records, as they will be read", "前几条记录的读取结果"),
    "mapping.preview_problems": ("Problems in the first rows", "前几行中的问题"),
    "mapping.confirm": ("Confirm the mapping and check the file", "确认映射并检查文件"),
    "mapping.from_row": ("Row", "行"),
    "mapping.saved_as": (
        "The mapping is saved as profile {id}: next time this layout imports without it.",
        "映射已保存为方案 {id}：下次同一格式的文件无需再映射。",
    ),
}


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English unless "zh"), with ``values`` filled in.

    An unknown key raises ``KeyError`` naming it, and a missing value ``KeyError`` naming the placeholder:
    both are mistakes in the code, which the tests of every screen catch.
    """
    try:
        en, zh = TEXTS[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in dashboard.model.texts") from None
    return pick(en, zh, lang).format(**values)
