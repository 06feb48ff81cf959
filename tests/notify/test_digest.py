"""``coopdash digest`` against a real SMTP server: figures, changes, expiries and charts in one mail."""

from __future__ import annotations

import io
import re

from PIL import Image

from dashboard.store import accounts
from dashboard.store.store import Store


def test_the_digest_in_chinese_carries_figures_expiries_and_decodable_inline_charts(sample_db, cli, smtp, db_url):
    cli.env |= {
        "COOPDASH_TODAY": "2026-11-25",
        "COOPDASH_SMTP_URL": smtp.url,
        "COOPDASH_BASE_URL": "https://coop.example.edu",
        "COOPDASH_ORG_NAME": "深圳职业技术大学",
    }
    done = cli("digest", "--to", "president@example.edu,dean@example.edu", "--lang", "zh", "--period", "month")
    assert done.returncode == 0, done.stderr
    [mail] = smtp.received
    assert sorted(mail.recipients) == ["dean@example.edu", "president@example.edu"]
    message = mail.message
    assert message["Subject"] == "深圳职业技术大学：国际合作月报（截至 2026-11-25）"
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    for words in ("境外采用的标准", "即将到期的协议", "Selangor Institute of Technology", "2026-10-25 以来的新情况"):
        assert words in html and words in text
    assert "目前我校标准已在 15 个国家和地区得到采用" in text  # the written summary
    assert "https://coop.example.edu/?lang=zh" in html
    cids = re.findall(r'src="cid:([^"]+)"', html)
    assert len(cids) == 3
    images = {part["Content-ID"].strip("<>"): part for part in message.walk() if part.get_content_type() == "image/png"}
    assert set(images) == set(cids)
    for part in images.values():
        png = part.get_content()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            assert image.width >= 900 and image.height >= 300
    [entry] = accounts.entries(Store(db_url), action="mail_sent")
    assert entry["detail"]["kind"] == "digest" and entry["detail"]["subject"] == message["Subject"]


def test_the_digest_in_english_lists_what_changed_in_the_month(sample_db, cli, smtp):
    cli.env |= {"COOPDASH_TODAY": "2026-08-20", "COOPDASH_SMTP_URL": smtp.url}
    done = cli("digest", "--to", "president@example.edu", "--period", "month", "--no-charts")
    assert done.returncode == 0, done.stderr
    message = smtp.received[0].message
    assert message["Subject"] == "coopdash: international cooperation, the month to 2026-08-20"
    text = message.get_body(("plain",)).get_content()
    assert "What changed since 2026-07-20" in text
    assert "New adoptions (1)" in text and "Events (1)" in text  # adopted on 2026-07-24; an event on 2026-08-14
    assert "Adoptions · 69 · +1" in text and "Events · 38 · +1" in text
    assert not [p for p in message.walk() if p.get_content_type() == "image/png"]


def test_a_digest_to_something_not_an_address_is_refused(cli):
    done = cli("digest", "--to", "the president")
    assert done.returncode == 2 and "not an email address" in done.stderr
