"""A mail as people's mail programs show it: HTML with a plain-text twin, charts inline.

Pure functions: :func:`build` makes an :class:`~email.message.EmailMessage` (UTF-8 throughout,
subject and names encoded as RFC 2047 words, so Chinese survives every hop), and the helpers
below write the HTML — styles inline, since many mail programs drop ``<style>``, and fonts
named for Chinese on Windows, macOS, Linux and phones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape

from dashboard.model.i18n import pick

FONTS = (
    'Arial, "Helvetica Neue", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", SimSun, sans-serif'
)
"""Latin first (for digits), then a Chinese font each platform has."""
TEXT = "#1f2933"
MUTED = "#616e7c"
ACCENT = "#0b6e99"


@dataclass(frozen=True, slots=True)
class Image:
    """A PNG shown in the HTML at ``<img src="cid:{cid}">``."""

    cid: str
    png: bytes
    alt: str


def build(
    *,
    sender: str,
    to: Sequence[str],
    subject: str,
    html: str,
    text: str,
    lang: str,
    images: Sequence[Image] = (),
    now: dt.datetime | None = None,
) -> EmailMessage:
    """The mail: ``text`` and ``html`` as alternatives, each image related to the HTML part."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = format_datetime(now or dt.datetime.now().astimezone())
    message["Message-ID"] = make_msgid("coopdash", domain=sender.rpartition("@")[2])
    message["Content-Language"] = pick("en", "zh-CN", lang)
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies
    message.set_content(text, charset="utf-8")
    message.add_alternative(page(html, lang), subtype="html", charset="utf-8")
    if images:
        html_part = message.get_body(("html",))  # the alternative just added
        assert isinstance(html_part, EmailMessage)
        for image in images:
            html_part.add_related(image.png, "image", "png", cid=f"<{image.cid}>", filename=f"{image.cid}.png")
    return message


def page(body: str, lang: str) -> str:
    """A whole HTML document around ``body``, in the fonts and colours every part uses."""
    html_lang = pick("en", "zh-CN", lang)
    return (
        f'<!doctype html><html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width"></head>'
        f'<body style="margin:0;padding:0;background:#ffffff">'
        f'<div style="font-family:{escape(FONTS)};color:{TEXT};font-size:15px;line-height:1.5;'
        f'max-width:720px;margin:0 auto;padding:16px">{body}</div></body></html>'
    )


def heading(text: str, level: int = 2) -> str:
    size = {1: 22, 2: 18, 3: 16}[level]
    return f'<h{level} style="font-size:{size}px;margin:24px 0 8px;color:{TEXT}">{escape(text)}</h{level}>'


def paragraph(text: str, muted: bool = False) -> str:
    colour = MUTED if muted else TEXT
    return f'<p style="margin:8px 0;color:{colour}">{escape(text)}</p>'


def link(url: str, text: str) -> str:
    return f'<p style="margin:16px 0"><a href="{escape(url)}" style="color:{ACCENT}">{escape(text)}</a></p>'


def table(header: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[int] = ()) -> str:
    """A plain table, every cell escaped; the columns in ``numeric`` aligned right."""
    cell = "padding:4px 10px;border-bottom:1px solid #e4e7eb;text-align:{}"
    head = "".join(
        f'<th style="{cell.format("right" if i in numeric else "left")};color:{MUTED};font-weight:600">{escape(h)}</th>'
        for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="{cell.format("right" if i in numeric else "left")}">{escape(str(v))}</td>'
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<table style="border-collapse:collapse;font-size:14px;margin:8px 0" role="presentation">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def image(cid: str, alt: str) -> str:
    return (
        f'<p style="margin:12px 0"><img src="cid:{escape(cid)}" alt="{escape(alt)}" width="680" '
        f'style="max-width:100%;height:auto;border:0"></p>'
    )


def text_table(rows: Sequence[Sequence[object]]) -> str:
    """Rows for the plain-text part: one line each, cells separated by " · "."""
    return "\n".join("  " + " · ".join(str(v) for v in row if str(v)) for row in rows)
