"""Regenerate data/sample_cooperation.xlsx, the sample data coopdash ships with.

    python scripts/make_sample.py [--out data/sample_cooperation.xlsx]

The totals follow a public news item of 5 May 2023 about Shenzhen Polytechnic's
international cooperation: 23 professional curriculum standards adopted by institutions
in 15 countries and regions; 9 vocational training centres in 7 countries; the
symposium of 5 May 2023 with 13 Shenzhen universities; the UNESCO Chair on
Digitalization in TVET approved in May 2022; the seat of the WFCP Teacher Development
Committee. Everything below those totals — which institution, which country, which date,
every partner, agreement and most events — is INVENTED to give the charts a history
from 2016 to 2026. The output is deterministic: the same script writes the same records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from dashboard.ingest.workbook import write_workbook

OUT = Path(__file__).resolve().parent.parent / "data" / "sample_cooperation.xlsx"
SNAPSHOT = dt.date(2023, 5, 5)  # the news item's date: its figures must hold on it and today

STANDARDS = [  # title, its Chinese title, discipline
    ("Internet of Things Application Technology", "物联网应用技术", "Electronics and IoT"),
    ("Industrial Robot Technology", "工业机器人技术", "Intelligent manufacturing"),
    ("New Energy Vehicle Technology", "新能源汽车技术", "Automotive"),
    ("Artificial Intelligence Technology Application", "人工智能技术应用", "Computing"),
    ("Big Data Technology", "大数据技术", "Computing"),
    ("Cloud Computing Technology Application", "云计算技术应用", "Computing"),
    ("Information Security Technology Application", "信息安全技术应用", "Computing"),
    ("Mobile Communication Technology", "移动通信技术", "Electronics and IoT"),
    ("Electronic Information Engineering Technology", "电子信息工程技术", "Electronics and IoT"),
    ("Mechatronics Technology", "机电一体化技术", "Intelligent manufacturing"),
    ("Cross-border E-commerce", "跨境电子商务", "Business"),
    ("Modern Logistics Management", "现代物流管理", "Business"),
    ("Digital Media Technology", "数字媒体技术", "Design and media"),
    ("Software Technology", "软件技术", "Computing"),
    ("Integrated Circuit Technology", "集成电路技术", "Electronics and IoT"),
    ("Automotive Intelligent Technology", "汽车智能技术", "Automotive"),
    ("Urban Rail Transit Operation", "城市轨道交通运营管理", "Transport"),
    ("Hotel Management", "酒店管理", "Tourism and hospitality"),
    ("Culinary Arts", "烹饪工艺与营养", "Tourism and hospitality"),
    ("Accounting Information Management", "会计信息管理", "Business"),
    ("Drone Application Technology", "无人机应用技术", "Intelligent manufacturing"),
    ("Photovoltaic Engineering Technology", "光伏工程技术", "Energy"),
    ("Industrial Internet Technology", "工业互联网技术", "Intelligent manufacturing"),
]

# Country → (city, invented adopting institutions), in the order they first adopted a standard.
COUNTRIES = {
    "Thailand": ("Bangkok", ["Chao Phraya Technical College", "Eastern Seaboard Polytechnic"]),
    "Malaysia": ("Kuala Lumpur", ["Selangor Institute of Technology", "Penang Skills College"]),
    "Indonesia": ("Jakarta", ["Jakarta State Polytechnic of Industry", "Surabaya Vocational Academy"]),
    "Viet Nam": ("Ho Chi Minh City", ["Saigon College of Technology"]),
    "Cambodia": ("Phnom Penh", ["Phnom Penh Institute of Skills"]),
    "Pakistan": ("Lahore", ["Punjab Technical Training Institute", "Karachi Polytechnic College"]),
    "Kenya": ("Nairobi", ["Nairobi National Polytechnic College", "Rift Valley Technical Institute"]),
    "Laos": ("Vientiane", ["Vientiane Technical College"]),
    "Kazakhstan": ("Almaty", ["Almaty Polytechnic Higher College"]),
    "Egypt": ("Cairo", ["Cairo Higher Institute for Applied Technology"]),
    "Uzbekistan": ("Tashkent", ["Tashkent Vocational College of Digital Technology"]),
    "Ethiopia": ("Addis Ababa", ["Addis Ababa Technical and Vocational College"]),
    "Macao SAR, China": ("Macao", ["Macao Institute of Applied Skills"]),
    "South Africa": ("Johannesburg", ["Gauteng TVET College of Engineering"]),
    "Brazil": ("São Paulo", ["São Paulo Technical Education Centre"]),
}
ADOPTIONS_PER_YEAR = {
    2016: 2,
    2017: 3,
    2018: 4,
    2019: 6,
    2020: 4,
    2021: 7,
    2022: 9,
    2023: 8,
    2024: 9,
    2025: 11,
    2026: 8,
}
FIRST_REACH = 39  # adoptions before the snapshot: by then every standard and country is reached

CENTRES = [  # name, country, city, partner, opened, focus areas
    (
        "Sino-Thai Digital Technology Training Centre",
        "Thailand",
        "Bangkok",
        "Chao Phraya Technical College",
        dt.date(2017, 9, 18),
        "IoT; industrial robots",
    ),
    (
        "Eastern Seaboard New Energy Vehicle Centre",
        "Thailand",
        "Chonburi",
        "Eastern Seaboard Polytechnic",
        dt.date(2019, 11, 6),
        "new energy vehicles",
    ),
    (
        "Malaysia Smart Manufacturing Training Centre",
        "Malaysia",
        "Shah Alam",
        "Selangor Institute of Technology",
        dt.date(2018, 6, 12),
        "mechatronics; industrial internet",
    ),
    (
        "Indonesia ICT Skills Centre",
        "Indonesia",
        "Jakarta",
        "Jakarta State Polytechnic of Industry",
        dt.date(2019, 3, 27),
        "cloud computing; big data",
    ),
    (
        "Pakistan Vocational Training Centre for Digital Skills",
        "Pakistan",
        "Lahore",
        "Punjab Technical Training Institute",
        dt.date(2020, 10, 15),
        "software; e-commerce",
    ),
    (
        "Kenya-China Vocational Training Centre",
        "Kenya",
        "Nairobi",
        "Nairobi National Polytechnic College",
        dt.date(2018, 12, 3),
        "electronics; photovoltaics",
    ),
    (
        "Rift Valley Solar Energy Training Centre",
        "Kenya",
        "Nakuru",
        "Rift Valley Technical Institute",
        dt.date(2021, 7, 20),
        "photovoltaics",
    ),
    (
        "Egypt Intelligent Technology Training Centre",
        "Egypt",
        "Cairo",
        "Cairo Higher Institute for Applied Technology",
        dt.date(2021, 4, 8),
        "AI; information security",
    ),
    (
        "Uzbekistan Digital Economy Training Centre",
        "Uzbekistan",
        "Tashkent",
        "Tashkent Vocational College of Digital Technology",
        dt.date(2022, 9, 22),
        "e-commerce; logistics",
    ),
    (
        "Brazil Industrial Internet Training Centre",
        "Brazil",
        "São Paulo",
        "São Paulo Technical Education Centre",
        dt.date(2026, 12, 1),
        "industrial internet",
    ),  # planned
]

OTHER_PARTNERS = [  # name, country, city, type, since
    (
        "International Centre for Higher Education Innovation under the auspices of UNESCO",
        "China",
        "Shenzhen",
        "International organisation",
        2019,
    ),
    ("Southern University of Science and Technology", "China", "Shenzhen", "University", 2023),
    ("Shenzhen Precision Devices Co., Ltd.", "China", "Shenzhen", "Enterprise", 2016),
    ("Bangkok Vocational Education Office", "Thailand", "Bangkok", "Government body", 2017),
    ("Nairobi County Skills Directorate", "Kenya", "Nairobi", "Government body", 2018),
    ("Lusaka Institute of Technology", "Zambia", "Lusaka", "Vocational college", 2024),
    ("Colombo College of Engineering Skills", "Sri Lanka", "Colombo", "Vocational college", 2025),
    ("Hamburg School of Applied Technology", "Germany", "Hamburg", "University", 2019),
]

EVENT_KINDS = ["Incoming delegation", "Outgoing delegation", "Signing", "Training", "Conference"]


def adoptions(rng: random.Random) -> list[dict]:
    codes = [f"SZPT-CS-{n:03d}" for n in range(1, len(STANDARDS) + 1)]
    countries = list(COUNTRIES)
    rows: list[dict] = []
    seen: set[tuple[str, str, str]] = set()
    k = 0
    for year, count in ADOPTIONS_PER_YEAR.items():
        for i in range(count):
            if k < FIRST_REACH:  # spread the first reach of each standard and country over the years
                code = codes[k % len(codes)]
                country = countries[k * len(countries) // FIRST_REACH]
                day = _date_in(year, i, count, end=SNAPSHOT if year == SNAPSHOT.year else None)
            else:
                code, country = rng.choice(codes), rng.choice(countries)
                day = _date_in(year, i, count, start=SNAPSHOT if year == SNAPSHOT.year else None)
            city, institutions = COUNTRIES[country]
            institution = institutions[k % len(institutions)]
            while (code, institution, country) in seen:
                code = codes[(codes.index(code) + 1) % len(codes)]
            seen.add((code, institution, country))
            status = "Piloting" if year >= 2025 and i % 4 == 0 else "Adopted"
            rows.append(
                {
                    "standard_code": code,
                    "institution": institution,
                    "country": country,
                    "adopted_on": day,
                    "status": status,
                }
            )
            k += 1
    return rows


def _date_in(year: int, i: int, count: int, start: dt.date | None = None, end: dt.date | None = None) -> dt.date:
    first = start or dt.date(year, 1, 10)
    last = end or dt.date(year, 12, 15)
    if year == 2026:
        last = min(last, dt.date(2026, 10, 30))
    span = (last - first).days
    return first + dt.timedelta(days=span * (i + 1) // (count + 1))


def partners(adoption_rows: list[dict]) -> list[dict]:
    first_seen: dict[str, dt.date] = {}
    for row in adoption_rows:
        first_seen.setdefault(row["institution"], row["adopted_on"])
    rows = []
    for country, (city, institutions) in COUNTRIES.items():
        for name in institutions:
            since = first_seen.get(name, dt.date(2017, 1, 1))
            rows.append(
                {
                    "name": name,
                    "country": country,
                    "city": city,
                    "type": "Vocational college",
                    "since": dt.date(since.year - 1, 9, 1),
                }
            )
    for name, country, city, kind, since in OTHER_PARTNERS:
        rows.append({"name": name, "country": country, "city": city, "type": kind, "since": since})
    return rows


def agreements(partner_rows: list[dict], rng: random.Random) -> list[dict]:
    rows = []
    today = dt.date(2026, 11, 25)
    for index, partner in enumerate(partner_rows):
        since = partner["since"] if isinstance(partner["since"], dt.date) else dt.date(partner["since"], 3, 1)
        signed = since + dt.timedelta(days=30 + rng.randrange(120))
        term = 5 if index % 3 else 3
        expires = signed.replace(year=signed.year + term)
        if index in (2, 9):  # two agreements that run out within the next 90 days
            expires = today + dt.timedelta(days=20 + 25 * (index == 9))
        rows.append(
            {
                "partner": partner["name"],
                "kind": "Memorandum of understanding",
                "signed_on": signed,
                "expires_on": expires,
                "status": "Active" if expires >= today else "Expired",
            }
        )
        if partner["type"] == "Vocational college" and index % 2 == 0:
            joint = signed.replace(year=signed.year + 1)
            rows.append(
                {
                    "partner": partner["name"],
                    "kind": "Joint programme",
                    "signed_on": joint,
                    "expires_on": joint.replace(year=joint.year + 6),
                    "status": "Active",
                }
            )
    return rows


def events(rng: random.Random, partner_rows: list[dict]) -> list[dict]:
    rows = [
        {
            "title": "Symposium on International Cooperation of Colleges and Universities in Shenzhen",
            "start_date": dt.date(2023, 5, 5),
            "end_date": dt.date(2023, 5, 5),
            "kind": "Symposium",
            "city": "Shenzhen",
            "country": "China",
            "host": "Southern University of Science and Technology",
            "institutions": 13,
            "participants": 60,
            "role": "Invited speaker",
        }
    ]
    abroad = [p for p in partner_rows if p["country"] != "China"]
    for year in range(2016, 2027):
        for i in range(2 + (year - 2016) // 3):
            partner = abroad[(year * 7 + i * 3) % len(abroad)]
            kind = EVENT_KINDS[(year + i) % len(EVENT_KINDS)]
            start = dt.date(year, 1 + (i * 5 + year) % 11, 3 + (i * 11) % 24)
            if start > dt.date(2026, 11, 20):
                continue
            incoming = kind == "Incoming delegation"
            rows.append(
                {
                    "title": f"{kind}: {partner['name']}",
                    "start_date": start,
                    "end_date": start + dt.timedelta(days=rng.randrange(0, 4)),
                    "kind": kind,
                    "city": "Shenzhen" if incoming else partner["city"],
                    "country": "China" if incoming else partner["country"],
                    "host": "Shenzhen Polytechnic University" if incoming or kind == "Training" else partner["name"],
                    "institutions": 2 if kind != "Conference" else 5 + rng.randrange(20),
                    "participants": 8 + rng.randrange(60),
                    "role": "Host" if incoming else "Participant",
                }
            )
    return rows


MILESTONES = [
    {
        "title": "UNESCO Chair on Digitalization in TVET",
        "title_zh": "联合国教科文组织职业技术教育与培训数字化教席",
        "date": dt.date(2022, 5, 1),
        "kind": "UNESCO Chair",
        "description": "Approved in May 2022.",
    },
    {
        "title": "Seat of the WFCP Teacher Development Committee",
        "title_zh": "世界职业院校与技术大学联盟（WFCP）教师发展委员会落户",
        "date": dt.date(2022, 11, 1),
        "kind": "Committee seat",
        "description": "The committee's secretariat settled at the university "
        "(month invented; the news item of 5 May 2023 gives no date).",
    },
    {
        "title": "First overseas vocational training centre opened (Thailand)",
        "title_zh": "首个海外职业教育培训中心启用（泰国）",
        "date": dt.date(2017, 9, 18),
        "kind": "Other",
        "description": "Invented sample milestone.",
    },
    {
        "title": "Tenth curriculum standard adopted abroad",
        "title_zh": "第十项课程标准被境外采用",
        "date": dt.date(2019, 6, 1),
        "kind": "Other",
        "description": "Invented sample milestone.",
    },
]

TARGETS = [  # invented, as an office's development plan might set them
    {"figure": "Standards adopted abroad", "value": 30, "due": 2027, "note": "Invented sample target."},
    {"figure": "Countries and regions reached", "value": 20, "due": 2027, "note": "Invented sample target."},
    {"figure": "Training centres", "value": 12, "due": 2028, "note": "Invented sample target."},
    {"figure": "Adoptions", "value": 100, "due": 2028, "note": "Invented sample target."},
]

INDICATORS = [  # invented figures an office keeps as totals
    {
        "code": "intl_students",
        "name_en": "International students enrolled",
        "name_zh": "在校留学生人数",
        "unit": "students",
        "unit_zh": "人",
        "over_time": "Latest",
        "over_places": "Sum",
        "higher_is_better": "Yes",
        "description": "Degree students from abroad on roll on the census day of each school year.",
    },
    {
        "code": "teachers_trained",
        "name_en": "Teachers trained abroad",
        "name_zh": "境外培训教师人数",
        "unit": "people",
        "unit_zh": "人",
        "over_time": "Sum",
        "over_places": "Sum",
        "higher_is_better": "Yes",
        "description": "Teachers of partner institutions trained by the university, per quarter.",
    },
    {
        "code": "centre_trainees",
        "name_en": "Trainees at overseas centres",
        "name_zh": "海外中心培训人次",
        "unit": "trainees",
        "unit_zh": "人次",
        "over_time": "Sum",
        "over_places": "Sum",
        "higher_is_better": "Yes",
        "description": "People trained at the overseas training centres, per year and centre.",
    },
    {
        "code": "joint_graduates",
        "name_en": "Joint-programme graduates",
        "name_zh": "合作办学毕业生",
        "unit": "graduates",
        "unit_zh": "人",
        "over_time": "Sum",
        "over_places": "Sum",
        "higher_is_better": "Yes",
        "description": "Graduates of joint programmes with partners abroad, per year.",
    },
]
STUDENT_COUNTRIES = ["Thailand", "Malaysia", "Indonesia", "Cambodia", "Kazakhstan", "Pakistan", "Nigeria"]


def indicator_values(rng: random.Random) -> list[dict]:
    """Invented totals: students per school year and country, teachers per quarter, trainees per
    centre and year, graduates per year for the whole university."""
    rows: list[dict] = []
    for year in range(2018, 2026):
        for i, country in enumerate(STUDENT_COUNTRIES):
            if year - 2018 >= i // 2:
                students = 20 + 12 * (year - 2018) + 9 * i + rng.randrange(8)
                rows.append(
                    {
                        "indicator": "intl_students",
                        "period": f"{year}/{(year + 1) % 100:02d}",
                        "country": country,
                        "value": students,
                        "unit": "students",
                        "source": "Registry, census day (invented)",
                    }
                )
        for quarter in range(1, 5):
            if (year, quarter) <= (2026, 3):
                rows.append(
                    {
                        "indicator": "teachers_trained",
                        "period": f"{year}-Q{quarter}",
                        "value": 15 + 3 * (year - 2018) + rng.randrange(12),
                        "source": "Training office (invented)",
                    }
                )
        rows.append(
            {
                "indicator": "joint_graduates",
                "period": f"{year}年",
                "value": 40 + 11 * (year - 2018),
                "unit": "graduates",
                "source": "Academic affairs (invented)",
            }
        )
    for name, country, _city, _partner, opened, _focus in CENTRES:
        for year in range(max(opened.year, 2018), 2026):
            rows.append(
                {
                    "indicator": "centre_trainees",
                    "period": str(year),
                    "country": country,
                    "partner": name,
                    "value": 60 + 25 * (year - opened.year) + rng.randrange(30),
                    "unit": "trainees",
                    "source": "Centre reports (invented)",
                }
            )
    return rows


NEWS = "SZPT news, 5 May 2023: Symposium on International Cooperation of Colleges and Universities in Shenzhen"
ADOPTED = (  # the news item's words (it is published in English), and their Chinese translation
    "23 professional curriculum standards, recognised and adopted by 15 countries and regions",
    "开发专业课程标准23个，被15个国家和地区认可和采用",
)
CENTRES_BUILT = (
    "9 vocational education and training centres built in 7 countries",
    "在7个国家建设职业教育与培训中心9个",
)
PUBLISHED = [  # from the public news item; the records must agree with every one
    (ADOPTED, "Standards adopted abroad", 23),
    (ADOPTED, "Countries and regions reached", 15),
    (CENTRES_BUILT, "Training centres", 9),
    (CENTRES_BUILT, "Countries with centres", 7),
]

README = [
    "coopdash sample data / 示例数据",
    "",
    "The totals follow a public news item of 5 May 2023 (Shenzhen Polytechnic): 23 curriculum standards adopted",
    "by institutions in 15 countries and regions; 9 vocational training centres in 7 countries; the 5 May 2023",
    "symposium with 13 Shenzhen universities; the UNESCO Chair on Digitalization in TVET (May 2022); the seat of",
    "the WFCP Teacher Development Committee.",
    "Every detail below those totals (institutions, countries, dates, partners, agreements, most events) is INVENTED.",
    "汇总数字与 2023年5月5日 的公开新闻一致；各国家、机构、日期等明细均为虚构，仅供演示。",
    "Regenerate with: python scripts/make_sample.py",
]


def build() -> dict[str, list[dict]]:
    rng = random.Random(20230505)
    adoption_rows = adoptions(rng)
    partner_rows = partners(adoption_rows)
    return {
        "standard": [
            {"code": f"SZPT-CS-{n:03d}", "title": title, "title_zh": title_zh, "discipline": discipline}
            for n, (title, title_zh, discipline) in enumerate(STANDARDS, start=1)
        ],
        "partner": partner_rows,
        "adoption": adoption_rows,
        "training_centre": [
            {
                "name": name,
                "country": country,
                "city": city,
                "partner": partner,
                "opened_on": opened,
                "status": "Planned" if opened > dt.date(2026, 11, 25) else "Operating",
                "focus_areas": focus,
            }
            for name, country, city, partner, opened, focus in CENTRES
        ],
        "agreement": agreements(partner_rows, rng),
        "event": events(rng, partner_rows),
        "milestone": MILESTONES,
        "target": TARGETS,
        "indicator": INDICATORS,
        "indicator_value": indicator_values(rng),
        "published_figure": [
            {
                "statement": statement,
                "statement_zh": statement_zh,
                "figure": figure,
                "value": value,
                "date": SNAPSHOT,
                "source": NEWS,
            }
            for (statement, statement_zh), figure, value in PUBLISHED
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    path = write_workbook(args.out, build(), title="coopdash sample data (details invented)", readme=README)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
