"""Office workbooks in layouts of their own, each with its answer key: what every column feeds.

``TUNING`` are the layouts the proposal was developed against; ``UNSEEN`` were written before
the proposal was first run on them and never tuned for: the accuracy test measures both and
asserts on the unseen ones. An answer key maps a header, as written, to the (record type, field)
pairs it feeds; an empty tuple means the column is ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

D = dt.date


@dataclass(frozen=True)
class Layout:
    name: str
    sheet: str
    title: str | None  # a title row above the header (merged across the columns), or none
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    key: dict[str, tuple[tuple[str, str], ...]]

    def write(self, path: Path, rows: Sequence[Sequence[Any]] | None = None, blank_column: bool = False) -> Path:
        """The workbook as the office keeps it (``blank_column``: an empty column after the second)."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.sheet
        headers, body = list(self.headers), [list(r) for r in (rows if rows is not None else self.rows)]
        if blank_column:
            headers.insert(2, None)
            for row in body:
                row.insert(2, None)
        if self.title:
            sheet.append([self.title])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.append(headers)
        for row in body:
            sheet.append(row)
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
        return path


def _key(**columns: tuple[tuple[str, str], ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    return columns


PARTNERS_ZH = Layout(
    "partners_zh",
    "合作院校名单",
    "深圳职业技术大学国际合作院校名单（2025年）",
    ("序号", "院校名称", "所在国家", "院校类型", "合作形式", "签约时间", "协议到期", "负责部门", "备注"),
    (
        (1, "曼谷职业技术学院", "泰国", "职业院校", "合作备忘录", D(2021, 3, 15), D(2026, 3, 14), "国际处", ""),
        (2, "赞比亚大学", "赞比亚", "大学", "联合办学", D(2022, 9, 1), "长期", "教务处", "含学生交流"),
        (3, "新加坡理工学院", "新加坡", "职业院校", "学分互认", D(2023, 5, 20), D(2028, 5, 19), "国际处", None),
        (4, "吉隆坡技术大学", "马来西亚", "大学", "交流协议", D(2024, 1, 8), "—", "国际处", ""),
        (5, "开罗职业教育中心", "埃及", "政府机构", "框架协议", D(2024, 11, 2), D(2029, 11, 1), "合作办", "待续签"),
        (6, "河内工业大学", "越南", "大学", "合作备忘录", D(2025, 4, 10), "无", "国际处", ""),
    ),
    # 院校名称 feeds the partner's name and the agreement's partner
    {
        "序号": (),
        "院校名称": (("partner", "name"), ("agreement", "partner")),
        "所在国家": (("partner", "country"),),
        "院校类型": (("partner", "type"),),
        "合作形式": (("agreement", "kind"),),
        "签约时间": (("agreement", "signed_on"),),
        "协议到期": (("agreement", "expires_on"),),
        "负责部门": (),
        "备注": (),
    },
)

STANDARDS_EN = Layout(
    "standards_en",
    "Standards abroad",
    "Professional standards adopted abroad",
    ("Code", "Standard", "Major", "Adopted by", "Country", "Date of adoption", "Status", "Remarks"),
    (
        (
            "SZPT-IT-101",
            "Cloud Computing Technology",
            "Information technology",
            "Lusaka Polytechnic",
            "Zambia",
            D(2023, 4, 1),
            "Adopted",
            "",
        ),
        (
            "SZPT-IT-102",
            "Industrial Robotics",
            "Mechatronics",
            "Bangkok Technical College",
            "Thailand",
            D(2023, 9, 12),
            "Recognised",
            "MoE letter",
        ),
        (
            "SZPT-BU-201",
            "Cross-border E-commerce",
            "Business",
            "Kuala Lumpur Institute",
            "Malaysia",
            D(2024, 2, 20),
            "Piloting",
            "",
        ),
        (
            "SZPT-BU-202",
            "Smart Logistics",
            "Business",
            "Addis Ababa TVET College",
            "Ethiopia",
            D(2024, 6, 5),
            "Adopted",
            "",
        ),
        (
            "SZPT-IT-103",
            "New Energy Vehicles",
            "Automotive",
            "Jakarta State Polytechnic",
            "Indonesia",
            D(2025, 1, 15),
            "In use",
            "",
        ),
    ),
    _key(
        Code=(("standard", "code"), ("adoption", "standard_code")),
        Standard=(("standard", "title"),),
        Major=(("standard", "discipline"),),
        **{"Adopted by": (("adoption", "institution"),)},
        Country=(("adoption", "country"),),
        **{"Date of adoption": (("adoption", "adopted_on"),)},
        Status=(("adoption", "status"),),
        Remarks=(),
    ),
)

EVENTS_ZH = Layout(
    "events_zh",
    "外事活动",
    None,
    ("活动名称", "日期", "结束", "类型", "城市", "国家", "主办", "人数", "备注"),
    (
        ("中泰职业教育论坛", D(2024, 5, 12), D(2024, 5, 13), "论坛", "曼谷", "泰国", "泰国教育部", 120, ""),
        ("赞比亚代表团来访", D(2024, 6, 3), D(2024, 6, 3), "来访", "深圳", "中国", "深圳职业技术大学", 8, ""),
        ("出访马来西亚", D(2024, 9, 20), D(2024, 9, 25), "出访", "吉隆坡", "马来西亚", "", 5, "校长带队"),
        ("国际标准培训班", D(2025, 3, 1), D(2025, 3, 14), "培训", "深圳", "中国", "深圳职业技术大学", 40, ""),
    ),
    {
        "活动名称": (("event", "title"),),
        "日期": (("event", "start_date"),),
        "结束": (("event", "end_date"),),
        "类型": (("event", "kind"),),
        "城市": (("event", "city"),),
        "国家": (("event", "country"),),
        "主办": (("event", "host"),),
        "人数": (("event", "participants"),),
        "备注": (),
    },
)

TUNING = (PARTNERS_ZH, STANDARDS_EN, EVENTS_ZH)

# --- never tuned for -----------------------------------------------------------------------------

PARTNERS_EN = Layout(
    "partners_en",
    "MoU register",
    "International office — partners and agreements",
    (
        "No.",
        "Institution",
        "Country/Region",
        "Institution type",
        "Agreement",
        "Date signed",
        "Valid until",
        "Contact person",
    ),
    (
        (
            1,
            "Nairobi Technical Training Institute",
            "Kenya",
            "Vocational college",
            "MoU",
            D(2022, 2, 14),
            D(2027, 2, 13),
            "Ms Wanjiru",
        ),
        (2, "University of Lagos", "Nigeria", "University", "Joint programme", D(2023, 7, 1), "N/A", "Dr Okafor"),
        (3, "Hanoi Vocational College", "Viet Nam", "Polytechnic", "Exchange", D(2024, 3, 3), D(2026, 3, 2), ""),
        (4, "Huawei Kenya", "Kenya", "Company", "Framework agreement", D(2024, 10, 9), D(2029, 10, 8), "Mr Otieno"),
    ),
    {
        "No.": (),
        "Institution": (("partner", "name"), ("agreement", "partner")),
        "Country/Region": (("partner", "country"),),
        "Institution type": (("partner", "type"),),
        "Agreement": (("agreement", "kind"),),
        "Date signed": (("agreement", "signed_on"),),
        "Valid until": (("agreement", "expires_on"),),
        "Contact person": (),
    },
)

STANDARDS_ZH = Layout(
    "standards_zh",
    "标准境外认可情况",
    "专业教学标准境外认可统计表",
    ("序号", "标准代码", "标准名称", "所属专业", "采用单位", "国别", "认可时间", "备注"),
    (
        (1, "SZPT-ME-301", "工业机器人技术", "机电一体化", "曼谷职业技术学院", "泰国", D(2023, 3, 8), ""),
        (2, "SZPT-ME-302", "智能制造", "机电一体化", "达累斯萨拉姆技术学院", "坦桑尼亚", D(2023, 11, 20), ""),
        (3, "SZPT-EC-401", "跨境电子商务", "电子商务", "金边理工学院", "柬埔寨", D(2024, 5, 16), "教育部批文"),
        (4, "SZPT-EC-402", "直播电商", "电子商务", "万象职业学院", "老挝", D(2025, 2, 27), ""),
    ),
    {
        "序号": (),
        "标准代码": (("standard", "code"), ("adoption", "standard_code")),
        "标准名称": (("standard", "title"),),
        "所属专业": (("standard", "discipline"),),
        "采用单位": (("adoption", "institution"),),
        "国别": (("adoption", "country"),),
        "认可时间": (("adoption", "adopted_on"),),
        "备注": (),
    },
)

EVENTS_ZH_LOG = Layout(
    "events_zh_log",
    "外事活动登记表",
    "2024年度外事活动登记表",
    (
        "序号",
        "活动名称",
        "活动类别",
        "开始时间",
        "结束时间",
        "举办城市",
        "国家/地区",
        "主办单位",
        "参加人数",
        "我校角色",
    ),
    (
        (
            1,
            "一带一路职业教育研讨会",
            "研讨会",
            D(2024, 4, 18),
            D(2024, 4, 19),
            "深圳",
            "中国",
            "深圳职业技术大学",
            150,
            "主办",
        ),
        (
            2,
            "东盟职教联盟年会",
            "会议",
            D(2024, 8, 6),
            D(2024, 8, 8),
            "雅加达",
            "印度尼西亚",
            "东盟职教联盟",
            300,
            "参加",
        ),
        (3, "肯尼亚教育部代表团来访", "来访", D(2024, 10, 15), D(2024, 10, 15), "深圳", "中国", "", 12, "主办"),
        (4, "赴德国考察双元制", "出访", D(2024, 11, 3), D(2024, 11, 10), "慕尼黑", "德国", "", 6, "参加"),
    ),
    {
        "序号": (),
        "活动名称": (("event", "title"),),
        "活动类别": (("event", "kind"),),
        "开始时间": (("event", "start_date"),),
        "结束时间": (("event", "end_date"),),
        "举办城市": (("event", "city"),),
        "国家/地区": (("event", "country"),),
        "主办单位": (("event", "host"),),
        "参加人数": (("event", "participants"),),
        "我校角色": (("event", "role"),),
    },
)

EVENTS_EN = Layout(
    "events_en",
    "Foreign affairs log",
    None,
    ("Event", "From", "To", "Type", "City", "Country", "Organiser", "Participants", "Notes"),
    (
        ("Africa TVET Forum", D(2024, 3, 5), D(2024, 3, 7), "Forum", "Nairobi", "Kenya", "AU Commission", 220, ""),
        ("Delegation from Laos", D(2024, 5, 21), D(2024, 5, 21), "Incoming visit", "Shenzhen", "China", "", 9, ""),
        ("Visit to Thailand", D(2024, 8, 11), D(2024, 8, 15), "Outgoing visit", "Bangkok", "Thailand", "", 4, ""),
        ("UNESCO-UNEVOC meeting", D(2025, 1, 20), D(2025, 1, 22), "Conference", "Bonn", "Germany", "UNESCO", 80, ""),
    ),
    {
        "Event": (("event", "title"),),
        "From": (("event", "start_date"),),
        "To": (("event", "end_date"),),
        "Type": (("event", "kind"),),
        "City": (("event", "city"),),
        "Country": (("event", "country"),),
        "Organiser": (("event", "host"),),
        "Participants": (("event", "participants"),),
        "Notes": (),
    },
)

CENTRES_ZH = Layout(
    "centres_zh",
    "海外中心",
    None,
    ("中心名称", "所在国", "城市", "合作院校", "揭牌时间", "运行状态", "重点专业"),
    (
        ("中泰职业教育培训中心", "泰国", "曼谷", "曼谷职业技术学院", D(2019, 6, 1), "运行中", "物流; 电商"),
        ("中赞职业技术学院", "赞比亚", "卢萨卡", "赞比亚大学", D(2021, 9, 10), "运行中", "机电"),
        ("中老鲁班工坊", "老挝", "万象", "万象职业学院", D(2026, 5, 1), "筹建中", "新能源"),
    ),
    {
        "中心名称": (("training_centre", "name"),),
        "所在国": (("training_centre", "country"),),
        "城市": (("training_centre", "city"),),
        "合作院校": (("training_centre", "partner"),),
        "揭牌时间": (("training_centre", "opened_on"),),
        "运行状态": (("training_centre", "status"),),
        "重点专业": (("training_centre", "focus_areas"),),
    },
)

UNSEEN = (PARTNERS_EN, STANDARDS_ZH, EVENTS_ZH_LOG, EVENTS_EN, CENTRES_ZH)
