"""The record model: every kind of cooperation record, described once.

Each :class:`RecordType` lists its :class:`Field` objects — the column's storage name,
its type, whether it is required, its allowed values, its English and Chinese labels and
the aliases a spreadsheet may use instead. The validator, the database schema, the Excel
template and the documentation are all derived from these descriptions, so adding a
column means adding one ``Field`` here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from operator import itemgetter

from dashboard.model import figures
from dashboard.model.i18n import pick
from dashboard.model.text import normalise


class Kind(StrEnum):
    """How a column's cells are read and stored."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"  # any number: a value such as 1,240 or 3.5
    DATE = "date"
    CHOICE = "choice"
    COUNTRY = "country"
    REFERENCE = "reference"  # the natural key of another record type
    PERIOD = "period"  # a year, quarter, month or school year, stored as 2023, 2023-Q2, 2023-05, 2023/24
    EMAIL = "email"  # an email address, such as a staff member who owns a record


@dataclass(frozen=True, slots=True)
class Choice:
    """One allowed value of a choice column, with its labels and the spellings accepted for it."""

    value: str
    en: str
    zh: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return pick(self.en, self.zh, lang)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind
    en: str
    zh: str
    required: bool = False
    choices: tuple[Choice, ...] = ()
    references: str | None = None  # record type whose key this column names
    names: tuple[str, ...] = ()  # a text column naming an institution of these types, matched by name
    aliases: tuple[str, ...] = ()
    default: str | None = None  # stored when the cell is blank (choice columns)
    allow_year: bool = False  # a date column that accepts a bare year such as 2019
    future_ok: bool = False  # a date column that may lie ahead (else a future date is warned about)
    max_length: int = 500
    help_en: str = ""
    help_zh: str = ""
    example: object = None  # the template's example row; references name the other sheets' examples

    def label(self, lang: str) -> str:
        return pick(self.en, self.zh, lang)

    def header_names(self) -> tuple[str, ...]:
        """Every header text that names this column, before normalisation."""
        return (self.name, self.en, self.zh, *self.aliases)

    def choice(self, value: str) -> Choice:
        return next(c for c in self.choices if c.value == value)

    @property
    def institutions(self) -> tuple[str, ...]:
        """The institution types whose names this column's values are matched with
        (:mod:`dashboard.model.names`): those it references, or those it names as text."""
        if self.references in INSTITUTION_TYPES:
            return (self.references,)
        return self.names


@dataclass(frozen=True, slots=True)
class RecordType:
    name: str
    en: str
    zh: str
    en_plural: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    description_en: str = ""
    description_zh: str = ""
    date_order: tuple[tuple[str, str, str], ...] = ()
    """(earlier field, later field, "error" or "warning") pairs checked on every row."""
    when: str | None = None  # the date (or period) field that places a record in time (charts, date filters)
    where: str | None = None  # the country field that places it on the map (region filters)
    _by_name: dict[str, Field] = field(init=False, repr=False, compare=False)
    _key_getter: itemgetter = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})
        names = [f.name for f in self.fields]
        object.__setattr__(self, "_key_getter", itemgetter(*(names.index(k) for k in self.key if k in names)))
        named = set(self.key) | {name for pair in self.date_order for name in pair[:2]}
        named |= {name for name in (self.when, self.where) if name}
        missing = named - set(self._by_name)
        if missing:
            raise ValueError(f"{self.name}: unknown fields {sorted(missing)}")

    def label(self, lang: str) -> str:
        return pick(self.en, self.zh, lang)

    def plural(self, lang: str) -> str:
        """The name of its sheet and tables: "Adoptions", or the Chinese name (one form for both)."""
        return pick(self.en_plural, self.zh, lang)

    def field(self, name: str) -> Field:
        return self._by_name[name]

    @property
    def table(self) -> str:
        return self.name

    @property
    def when_column(self) -> str | None:
        """The column of a loaded frame that holds the date placing a record in time: the
        ``when`` field itself, or, for a period, the ``<field>_start`` date the store adds."""
        if self.when is None:
            return None
        return f"{self.when}_start" if self._by_name[self.when].kind is Kind.PERIOD else self.when

    def key_of(self, values: tuple[object, ...]) -> object:
        """The natural key of a record given as a tuple of its field values, in field order:
        the bare value for a one-field key, else a tuple."""
        return self._key_getter(values)

    def sheet_names(self) -> tuple[str, ...]:
        """Every sheet name that holds this record type, before normalisation."""
        return (self.name, self.en, self.en_plural, self.zh, *self.aliases)


def _choices(*rows: tuple[str, str, str] | tuple[str, str, str, tuple[str, ...]]) -> tuple[Choice, ...]:
    return tuple(Choice(*row) for row in rows)


def _name_fields(example_zh: str, example_aliases: str) -> tuple[Field, Field]:
    """An institution's other names: in Chinese, and the aliases an upload may use (see :mod:`.names`)."""
    return (
        Field(
            "name_zh",
            Kind.TEXT,
            "Name in Chinese",
            "中文名称",
            aliases=("chinese name", "name (chinese)", "中文名", "机构中文名称"),
            help_en="Optional: the name in Chinese; an upload naming the institution so is recognised.",
            help_zh="选填：中文名称；上传文件中以中文名称填写的均可识别。",
            example=example_zh,
        ),
        Field(
            "aliases",
            Kind.TEXT,
            "Other names",
            "其他名称",
            aliases=(
                "aliases",
                "alias",
                "also known as",
                "aka",
                "former names",
                "abbreviations",
                "别名",
                "曾用名",
                "简称",
            ),
            max_length=2000,
            help_en="Optional: other names it goes by (former names, abbreviations), separated by semicolons. "
            "An upload that names it so is recognised; names are added here, never removed by an upload.",
            help_zh="选填：其他名称（曾用名、简称等），用分号分隔。上传文件中以这些名称填写的均可识别；"
            "上传只会增加名称，不会删除。",
            example=example_aliases,
        ),
    )


STANDARD = RecordType(
    name="standard",
    en="Curriculum standard",
    zh="课程标准",
    en_plural="Curriculum standards",
    aliases=("standards", "专业课程标准", "专业标准", "标准"),
    description_en="A professional curriculum standard the university has authored.",
    description_zh="学校开发的专业课程标准。",
    key=("code",),
    fields=(
        Field(
            "code",
            Kind.TEXT,
            "Standard code",
            "标准编号",
            required=True,
            aliases=("code", "standard id", "编号", "标准代码"),
            max_length=64,
            help_en="The university's own code for the standard, e.g. SZPT-CS-001.",
            help_zh="学校为该标准编制的编号，例如 SZPT-CS-001。",
            example="SZPT-CS-101",
        ),
        Field(
            "title",
            Kind.TEXT,
            "Title",
            "标准名称",
            required=True,
            aliases=("name", "standard", "standard title", "名称", "标题"),
            example="Smart Logistics Technology",
        ),
        Field(
            "discipline",
            Kind.TEXT,
            "Discipline / major",
            "专业",
            required=True,
            aliases=("discipline", "major", "programme", "专业方向", "学科"),
            example="Business",
        ),
        Field(
            "title_zh",
            Kind.TEXT,
            "Title in Chinese",
            "标准中文名称",
            aliases=("chinese title", "title (chinese)", "中文名称", "中文标题"),
            help_en="Optional: shown on the Chinese pages and reports instead of the title.",
            help_zh="选填：中文页面和报告中显示该名称，未填写则显示“标准名称”。",
            example="智慧物流技术",
        ),
    ),
)

ADOPTION = RecordType(
    name="adoption",
    en="Adoption",
    zh="标准采用",
    en_plural="Adoptions",
    aliases=("adoptions", "standard adoptions", "采用", "标准认可", "认可采用"),
    description_en="A standard recognised or adopted by an institution in a country or region.",
    description_zh="境外院校或机构认可、采用某项标准。",
    when="adopted_on",
    where="country",
    key=("standard_code", "institution", "country"),
    fields=(
        Field(
            "standard_code",
            Kind.REFERENCE,
            "Standard code",
            "标准编号",
            required=True,
            references="standard",
            aliases=("standard", "code", "标准"),
            example="SZPT-CS-101",
        ),
        Field(
            "institution",
            Kind.TEXT,
            "Adopting institution",
            "采用机构",
            required=True,
            aliases=("institution", "adopted by", "机构", "院校", "采用院校"),
            example="Example Technical College",
            names=("partner",),
        ),
        Field(
            "country",
            Kind.COUNTRY,
            "Country or region",
            "国家或地区",
            required=True,
            aliases=("country", "region", "国家", "国家/地区"),
            example="Thailand",
        ),
        Field(
            "adopted_on",
            Kind.DATE,
            "Date adopted",
            "采用日期",
            required=True,
            aliases=("date", "adopted", "adoption date", "日期", "认可日期"),
            example=dt.date(2025, 9, 1),
        ),
        Field(
            "status",
            Kind.CHOICE,
            "Status",
            "状态",
            default="adopted",
            choices=_choices(
                ("adopted", "Adopted", "已采用", ("in use", "采用")),
                ("recognised", "Recognised", "已认可", ("recognized", "认可")),
                ("piloting", "Piloting", "试点中", ("pilot", "试点")),
                ("withdrawn", "Withdrawn", "已撤回", ("撤回", "终止")),
            ),
            example="Adopted",
        ),
    ),
)

PARTNER = RecordType(
    name="partner",
    en="Partner institution",
    zh="合作机构",
    en_plural="Partner institutions",
    aliases=("partners", "institutions", "合作伙伴", "合作院校"),
    description_en="An institution the university cooperates with.",
    description_zh="与学校开展合作的机构。",
    when="since",
    where="country",
    key=("name",),
    fields=(
        Field(
            "name",
            Kind.TEXT,
            "Partner name",
            "机构名称",
            required=True,
            aliases=("name", "partner", "institution", "名称", "合作机构"),
            example="Example Technical College",
        ),
        Field(
            "country",
            Kind.COUNTRY,
            "Country or region",
            "国家或地区",
            required=True,
            aliases=("country", "国家"),
            example="Thailand",
        ),
        Field("city", Kind.TEXT, "City", "城市", example="Bangkok"),
        Field(
            "type",
            Kind.CHOICE,
            "Type",
            "机构类型",
            required=True,
            aliases=("partner type", "kind", "类型"),
            choices=_choices(
                ("university", "University", "大学"),
                (
                    "vocational_college",
                    "Vocational college",
                    "职业院校",
                    ("polytechnic", "college", "tvet college", "高职院校"),
                ),
                ("enterprise", "Enterprise", "企业", ("company", "公司")),
                ("government", "Government body", "政府机构", ("government", "ministry", "政府部门")),
                ("international_org", "International organisation", "国际组织", ("international organization", "ngo")),
            ),
            example="Vocational college",
        ),
        Field(
            "since",
            Kind.DATE,
            "Cooperating since",
            "合作起始",
            allow_year=True,
            aliases=("since", "start", "合作开始", "开始合作"),
            example=2024,
        ),
        *_name_fields("示例技术学院", "Example Tech. College; ETC"),
        Field(
            "owner",
            Kind.EMAIL,
            "Owner (email)",
            "负责人邮箱",
            aliases=("owner", "owner email", "contact person", "responsible", "负责人", "联系人邮箱"),
            max_length=254,
            help_en="The staff member who looks after the partnership, as an email address; reminders go there.",
            help_zh="负责该合作关系的教职工邮箱；到期提醒将发送至此。",
            example="intl.office@example.edu",
        ),
    ),
)

TRAINING_CENTRE = RecordType(
    name="training_centre",
    en="Training centre",
    zh="培训中心",
    en_plural="Training centres",
    aliases=("training centers", "centres", "centers", "职业教育培训中心", "海外培训中心"),
    description_en="A vocational education and training centre the university built abroad.",
    description_zh="学校在境外建设的职业教育与培训中心。",
    when="opened_on",
    where="country",
    key=("name",),
    fields=(
        Field(
            "name",
            Kind.TEXT,
            "Centre name",
            "中心名称",
            required=True,
            aliases=("name", "centre", "center", "center name", "名称"),
            example="Example Vocational Training Centre",
        ),
        Field(
            "country",
            Kind.COUNTRY,
            "Country or region",
            "国家或地区",
            required=True,
            aliases=("country", "国家"),
            example="Thailand",
        ),
        Field("city", Kind.TEXT, "City", "城市", example="Bangkok"),
        Field(
            "partner",
            Kind.REFERENCE,
            "Partner institution",
            "合作机构",
            references="partner",
            aliases=("partner", "host institution", "合作院校"),
            example="Example Technical College",
        ),
        Field(
            "opened_on",
            Kind.DATE,
            "Opened",
            "启用日期",
            future_ok=True,
            allow_year=True,
            aliases=("opened", "opening date", "established", "成立日期", "揭牌日期"),
            example=dt.date(2025, 10, 15),
        ),
        Field(
            "status",
            Kind.CHOICE,
            "Status",
            "状态",
            default="operating",
            choices=_choices(
                ("planned", "Planned", "筹建中", ("planning", "筹建")),
                ("operating", "Operating", "运行中", ("open", "active", "运行")),
                ("closed", "Closed", "已关闭", ("关闭",)),
            ),
            example="Operating",
        ),
        Field(
            "focus_areas",
            Kind.TEXT,
            "Focus areas",
            "重点领域",
            aliases=("focus", "areas", "fields", "领域"),
            help_en="Separate several areas with semicolons.",
            help_zh="多个领域用分号分隔。",
            example="logistics; e-commerce",
        ),
        *_name_fields("示例职业培训中心", "Example VTC"),
    ),
)

AGREEMENT = RecordType(
    name="agreement",
    en="Agreement",
    zh="合作协议",
    en_plural="Agreements",
    aliases=("agreements", "mou", "mous", "协议"),
    description_en="A signed agreement with a partner institution.",
    description_zh="与合作机构签署的协议。",
    when="signed_on",
    key=("partner", "kind", "signed_on"),
    date_order=(("signed_on", "expires_on", "warning"),),
    fields=(
        Field(
            "partner",
            Kind.REFERENCE,
            "Partner institution",
            "合作机构",
            required=True,
            references="partner",
            aliases=("partner", "institution", "合作方"),
            example="Example Technical College",
        ),
        Field(
            "kind",
            Kind.CHOICE,
            "Kind",
            "协议类型",
            required=True,
            aliases=("type", "agreement type", "类型"),
            choices=_choices(
                ("mou", "Memorandum of understanding", "合作备忘录", ("mou", "memorandum", "备忘录")),
                ("joint_programme", "Joint programme", "联合办学", ("joint program", "合作办学")),
                ("centre", "Training centre agreement", "共建中心协议", ("center agreement", "共建中心")),
                ("exchange", "Exchange", "交流协议", ("student exchange", "交流")),
                ("framework", "Framework agreement", "框架协议", ("框架",)),
                ("other", "Other", "其他"),
            ),
            example="Memorandum of understanding",
        ),
        Field(
            "signed_on",
            Kind.DATE,
            "Signed",
            "签署日期",
            required=True,
            aliases=("signed", "date signed", "signing date", "签署", "签约日期"),
            example=dt.date(2024, 6, 1),
        ),
        Field(
            "expires_on",
            Kind.DATE,
            "Expires",
            "到期日期",
            future_ok=True,
            aliases=("expires", "expiry", "expiry date", "end date", "到期", "截止日期"),
            example=dt.date(2029, 5, 31),
        ),
        Field(
            "status",
            Kind.CHOICE,
            "Status",
            "状态",
            default="active",
            choices=_choices(
                ("active", "Active", "有效", ("in force", "生效")),
                ("expired", "Expired", "已到期", ("到期",)),
                ("terminated", "Terminated", "已终止", ("终止",)),
            ),
            example="Active",
        ),
        Field(
            "owner",
            Kind.EMAIL,
            "Owner (email)",
            "负责人邮箱",
            aliases=("owner", "owner email", "responsible", "负责人", "联系人邮箱"),
            max_length=254,
            help_en="Who is reminded before the agreement expires, as an email address; blank: the partner's owner.",
            help_zh="协议到期前接收提醒的人员邮箱；留空则提醒合作机构的负责人。",
            example="intl.office@example.edu",
        ),
    ),
)

EVENT = RecordType(
    name="event",
    en="Event",
    zh="活动",
    en_plural="Events",
    aliases=("events", "activities", "活动", "交流活动"),
    description_en="A symposium, conference, visit, signing or training the university took part in.",
    description_zh="学校参加或举办的研讨会、会议、出访、来访、签约或培训。",
    when="start_date",
    where="country",
    key=("title", "start_date"),
    date_order=(("start_date", "end_date", "error"),),
    fields=(
        Field(
            "title",
            Kind.TEXT,
            "Title",
            "活动名称",
            required=True,
            aliases=("name", "event", "名称", "标题"),
            example="Example delegation visit",
        ),
        Field(
            "start_date",
            Kind.DATE,
            "Start date",
            "开始日期",
            future_ok=True,
            required=True,
            aliases=("date", "start", "日期", "开始"),
            example=dt.date(2025, 3, 12),
        ),
        Field(
            "end_date",
            Kind.DATE,
            "End date",
            "结束日期",
            future_ok=True,
            aliases=("end", "结束"),
            example=dt.date(2025, 3, 14),
        ),
        Field(
            "kind",
            Kind.CHOICE,
            "Kind",
            "活动类型",
            required=True,
            aliases=("type", "event type", "类型"),
            choices=_choices(
                ("symposium", "Symposium", "研讨会", ("forum", "论坛", "座谈会")),
                ("conference", "Conference", "会议", ("congress", "大会")),
                ("delegation_in", "Incoming delegation", "来访", ("visit in", "incoming visit", "来访接待")),
                ("delegation_out", "Outgoing delegation", "出访", ("visit out", "outgoing visit")),
                ("signing", "Signing", "签约", ("signing ceremony", "签约仪式")),
                ("training", "Training", "培训", ("workshop", "培训班")),
                ("other", "Other", "其他"),
            ),
            example="Incoming delegation",
        ),
        Field("city", Kind.TEXT, "City", "城市", example="Shenzhen"),
        Field("country", Kind.COUNTRY, "Country or region", "国家或地区", aliases=("country", "国家"), example="China"),
        Field(
            "host",
            Kind.TEXT,
            "Host",
            "主办方",
            aliases=("organiser", "organizer", "主办"),
            example="Shenzhen Polytechnic University",
        ),
        Field(
            "institutions",
            Kind.INTEGER,
            "Participating institutions",
            "参与机构数",
            aliases=("institutions", "number of institutions", "院校数", "参会院校"),
            example=2,
        ),
        Field(
            "participants",
            Kind.INTEGER,
            "Participants",
            "参与人数",
            aliases=("people", "attendees", "人数"),
            example=12,
        ),
        Field(
            "role",
            Kind.CHOICE,
            "Our role",
            "我方角色",
            default="participant",
            aliases=("role", "角色"),
            choices=_choices(
                ("host", "Host", "主办", ("organiser", "organizer", "承办")),
                ("co_host", "Co-host", "协办", ("co-organiser", "联合主办")),
                ("speaker", "Invited speaker", "受邀发言", ("invited", "发言")),
                ("participant", "Participant", "参加", ("attendee", "参会")),
            ),
            example="Host",
        ),
    ),
)

MILESTONE = RecordType(
    name="milestone",
    en="Milestone",
    zh="里程碑",
    en_plural="Milestones",
    aliases=("milestones", "achievements", "重要成果", "大事记"),
    description_en="A recognition or position the university gained, such as a UNESCO Chair.",
    description_zh="学校获得的认可或职务，例如联合国教科文组织教席。",
    when="date",
    key=("title",),
    fields=(
        Field(
            "title",
            Kind.TEXT,
            "Title",
            "名称",
            required=True,
            aliases=("name", "milestone", "标题"),
            example="Example award",
        ),
        Field(
            "date",
            Kind.DATE,
            "Date",
            "日期",
            required=True,
            aliases=("approved", "获批日期"),
            example=dt.date(2025, 11, 1),
        ),
        Field(
            "kind",
            Kind.CHOICE,
            "Kind",
            "类型",
            required=True,
            aliases=("type", "类别"),
            choices=_choices(
                ("unesco_chair", "UNESCO Chair", "联合国教科文组织教席", ("unesco", "教席")),
                ("committee_seat", "Committee seat", "国际组织任职", ("committee", "seat", "委员会")),
                ("award", "Award", "奖项", ("prize", "获奖")),
                ("accreditation", "Accreditation", "认证", ("certification",)),
                ("other", "Other", "其他"),
            ),
            example="Award",
        ),
        Field(
            "description",
            Kind.TEXT,
            "Description",
            "说明",
            aliases=("details", "note", "备注"),
            max_length=2000,
            example="What was gained, and from whom.",
        ),
        Field(
            "title_zh",
            Kind.TEXT,
            "Title in Chinese",
            "中文名称",
            aliases=("chinese title", "title (chinese)", "中文标题"),
            help_en="Optional: shown on the Chinese pages and reports instead of the title.",
            help_zh="选填：中文页面和报告中显示该名称，未填写则显示“名称”。",
            example="示例奖项",
        ),
    ),
)

TRACKED_FIGURES = tuple(Choice(f.key, f.en, f.zh, f.aliases) for f in figures.TRACKED)
"""The figures a target can name: those charted over time (:data:`dashboard.model.figures.TRACKED`)."""

TARGET = RecordType(
    name="target",
    en="Target",
    zh="目标",
    en_plural="Targets",
    aliases=("targets", "goals", "发展目标", "目标值"),
    description_en="A figure to reach by a date, such as 30 standards adopted abroad by 2027.",
    description_zh="计划在某日期前达到的数字，例如 2027 年前境外采用标准达到 30 项。",
    key=("figure", "due"),
    fields=(
        Field(
            "figure",
            Kind.CHOICE,
            "Figure",
            "指标",
            required=True,
            choices=TRACKED_FIGURES,
            aliases=("metric", "indicator", "what"),
            example="Standards adopted abroad",
        ),
        Field(
            "value",
            Kind.INTEGER,
            "Target value",
            "目标值",
            required=True,
            aliases=("target", "value", "数值"),
            example=30,
        ),
        Field(
            "due",
            Kind.DATE,
            "Due by",
            "截止日期",
            required=True,
            allow_year=True,
            future_ok=True,
            aliases=("by", "deadline", "year", "截止", "年份"),
            example=2027,
        ),
        Field(
            "note", Kind.TEXT, "Note", "备注", aliases=("source", "notes", "说明"), example="From the development plan."
        ),
    ),
)

COMBINING_RULES = _choices(
    ("sum", "Sum", "求和", ("total", "add", "合计", "累加")),
    ("latest", "Latest", "取最新值", ("last", "most recent", "stock", "最新", "最新值")),
    ("average", "Average", "平均", ("mean", "avg", "平均值")),
    ("maximum", "Maximum", "最大值", ("max", "peak", "最大")),
)
YES_NO = _choices(("yes", "Yes", "是", ("y", "true", "1", "higher")), ("no", "No", "否", ("n", "false", "0", "lower")))

INDICATOR = RecordType(
    name="indicator",
    en="Indicator",
    zh="统计指标",
    en_plural="Indicator definitions",
    aliases=("indicators", "definitions", "indicator list", "指标定义", "指标"),
    description_en="A figure kept as totals rather than row by row, and how its values combine.",
    description_zh="以合计数形式报送的指标，以及其数值的合并方式。",
    key=("code",),
    fields=(
        Field(
            "code",
            Kind.TEXT,
            "Indicator code",
            "指标代码",
            required=True,
            aliases=("code", "indicator", "id", "代码", "指标编号"),
            max_length=64,
            help_en="A short code the values sheet uses, e.g. intl_students.",
            help_zh="数值表中引用的简短代码，例如 intl_students。",
            example="intl_students",
        ),
        Field(
            "name_en",
            Kind.TEXT,
            "Name in English",
            "英文名称",
            required=True,
            aliases=("name", "english name", "indicator name", "名称"),
            max_length=120,
            example="International students enrolled",
        ),
        Field(
            "name_zh",
            Kind.TEXT,
            "Name in Chinese",
            "中文名称",
            aliases=("chinese name", "中文名"),
            max_length=120,
            example="在校留学生人数",
        ),
        Field(
            "unit",
            Kind.TEXT,
            "Unit",
            "单位",
            required=True,
            aliases=("units", "计量单位"),
            max_length=40,
            help_en="What one counts, e.g. students, people, hours, %. Every value must use this unit.",
            help_zh="计量单位，例如 人、学时、%。各数值须使用该单位。",
            example="students",
        ),
        Field(
            "over_time",
            Kind.CHOICE,
            "Combine over time",
            "跨时间合并",
            default="sum",
            aliases=("over time", "time rule", "时间合并"),
            choices=COMBINING_RULES,
            help_en="Sum for flows (people trained each year); Latest for stocks (students enrolled).",
            help_zh="流量（每年培训人数）选“求和”；存量（在校人数）选“取最新值”。",
            example="Latest",
        ),
        Field(
            "over_places",
            Kind.CHOICE,
            "Combine over countries",
            "跨国家合并",
            default="sum",
            aliases=("over countries", "over places", "country rule", "国家合并"),
            choices=tuple(c for c in COMBINING_RULES if c.value != "latest"),
            example="Sum",
        ),
        Field(
            "higher_is_better",
            Kind.CHOICE,
            "Higher is better",
            "越高越好",
            default="yes",
            aliases=("direction", "good direction", "方向"),
            choices=YES_NO,
            example="Yes",
        ),
        Field(
            "description",
            Kind.TEXT,
            "Description",
            "说明",
            aliases=("definition", "note", "备注"),
            max_length=2000,
            example="Degree students from abroad on roll at the census date.",
        ),
        Field(
            "unit_zh",
            Kind.TEXT,
            "Unit in Chinese",
            "中文单位",
            aliases=("chinese unit", "unit (chinese)"),
            max_length=40,
            help_en="Optional: the unit as the Chinese pages show it, e.g. 人. A value may name either unit.",
            help_zh="选填：中文页面显示的单位，例如 人。数值表可填写任一单位。",
            example="人",
        ),
    ),
)

INDICATOR_VALUE = RecordType(
    name="indicator_value",
    en="Indicator value",
    zh="指标数值",
    en_plural="Indicator values",
    aliases=("values", "indicator data", "totals", "指标数据", "数值"),
    description_en="One total of an indicator for a period, overall or for a country or a partner.",
    description_zh="某指标在某期间的合计数，可为总体，也可按国家或合作机构填写。",
    when="period",
    where="country",
    key=("indicator", "period", "country", "partner"),
    fields=(
        Field(
            "indicator",
            Kind.REFERENCE,
            "Indicator code",
            "指标代码",
            required=True,
            references="indicator",
            aliases=("indicator", "code", "指标"),
            example="intl_students",
        ),
        Field(
            "period",
            Kind.PERIOD,
            "Period",
            "期间",
            required=True,
            aliases=("year", "quarter", "month", "school year", "年份", "季度", "学年", "统计期间"),
            example="2025",
        ),
        Field(
            "country",
            Kind.COUNTRY,
            "Country or region",
            "国家或地区",
            aliases=("country", "国家"),
            help_en="Leave blank for a figure for the whole university.",
            help_zh="全校合计数请留空。",
            example="Thailand",
        ),
        Field(
            "partner",
            Kind.TEXT,
            "Partner or centre",
            "合作机构或中心",
            aliases=("partner", "centre", "center", "institution", "合作机构", "中心"),
            names=("partner", "training_centre"),
            help_en="Optional: the partner institution or training centre the figure is for.",
            help_zh="选填：该数值对应的合作机构或培训中心。",
            example="",
        ),
        Field(
            "value",
            Kind.NUMBER,
            "Value",
            "数值",
            required=True,
            aliases=("total", "number", "count", "amount", "合计", "数量"),
            example=120,
        ),
        Field(
            "unit",
            Kind.TEXT,
            "Unit",
            "单位",
            aliases=("units", "计量单位"),
            max_length=40,
            help_en="Optional; when given it must be the indicator's unit.",
            help_zh="选填；如填写，须与指标的单位一致。",
            example="students",
        ),
        Field(
            "source", Kind.TEXT, "Source", "来源", aliases=("data source", "数据来源"), example="Registry, census day"
        ),
        Field("note", Kind.TEXT, "Note", "备注", aliases=("notes", "说明"), example=""),
    ),
)

PUBLISHED_FIGURE = RecordType(
    name="published_figure",
    en="Published figure",
    zh="已公布数据",
    en_plural="Published figures",
    aliases=("published", "public figures", "statements", "对外公布数据", "公开数据"),
    description_en="A figure already stated in public, checked against what the records give for its date.",
    description_zh="已对外公布的数字，将与记录在同一日期给出的数字核对。",
    key=("statement", "figure"),
    fields=(
        Field(
            "statement",
            Kind.TEXT,
            "Statement",
            "表述",
            required=True,
            aliases=("text", "claim", "published text", "原文"),
            max_length=1000,
            help_en="The words as published; one row per figure the statement gives.",
            help_zh="公布时的原文；表述中的每个数字各占一行。",
            example="23 professional curriculum standards adopted by 15 countries and regions",
        ),
        Field(
            "figure",
            Kind.TEXT,
            "Figure",
            "指标",
            required=True,
            aliases=("metric", "indicator", "what"),
            max_length=120,
            help_en="A figure the dashboard tracks (e.g. Standards adopted abroad) or an indicator code.",
            help_zh="仪表板跟踪的指标（如 境外采用的标准），或统计指标代码。",
            example="Standards adopted abroad",
        ),
        Field(
            "value",
            Kind.NUMBER,
            "Published value",
            "公布数值",
            required=True,
            aliases=("value", "number", "数值"),
            example=23,
        ),
        Field(
            "date",
            Kind.DATE,
            "As of",
            "截至日期",
            required=True,
            aliases=("date", "published", "as at", "日期", "发布日期"),
            example=dt.date(2023, 5, 5),
        ),
        Field(
            "source",
            Kind.TEXT,
            "Source",
            "来源",
            aliases=("url", "link", "出处"),
            max_length=1000,
            example="University news, 2023-05-05",
        ),
        Field(
            "statement_zh",
            Kind.TEXT,
            "Statement in Chinese",
            "中文表述",
            aliases=("chinese statement", "statement (chinese)", "中文原文"),
            max_length=1000,
            help_en="Optional: the statement as published in Chinese, shown on the Chinese pages and reports.",
            help_zh="选填：中文公布的原文，在中文页面和报告中显示。",
            example="开发专业课程标准23个，被15个国家和地区认可采用",
        ),
    ),
)

RECORD_TYPES: tuple[RecordType, ...] = (
    STANDARD,
    PARTNER,
    ADOPTION,
    TRAINING_CENTRE,
    AGREEMENT,
    EVENT,
    MILESTONE,
    TARGET,
    INDICATOR,
    INDICATOR_VALUE,
    PUBLISHED_FIGURE,
)
"""In dependency order: a record type comes after every type it references."""

BY_NAME: dict[str, RecordType] = {rt.name: rt for rt in RECORD_TYPES}

INSTITUTION_TYPES = ("partner", "training_centre")
"""The record types that are institutions: a name in English (the key), a Chinese name and
other names (``name_zh``, ``aliases``), matched across spellings (:mod:`dashboard.model.names`)."""


def record_type(name: str) -> RecordType:
    return BY_NAME[name]


def match_sheet(sheet_name: str) -> RecordType | None:
    """The record type a sheet holds, judged by its name in English or Chinese."""
    wanted = normalise(sheet_name)
    for rt in RECORD_TYPES:
        if wanted in {normalise(n) for n in rt.sheet_names()}:
            return rt
    return None
