"""Text normalisation shared by header, sheet, choice and country matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = {"P", "S", "Z", "C"}  # punctuation, symbols, separators (spaces), control characters


@lru_cache(maxsize=65536)
def normalise(value: object) -> str:
    """A comparison key: full-width folded to half-width, accents and case dropped,
    and every space, punctuation mark and symbol removed.

    >>> normalise("  Ｓｔａｎｄａｒｄ\\u00a0Code: ")
    'standardcode'
    >>> normalise("Côte d'Ivoire")
    'cotedivoire'
    """
    text = unicodedata.normalize("NFKD", str(value)).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in _DROP and not unicodedata.combining(ch))


def clean_cell(value: str) -> str:
    """Trim a cell before it is read as a number, date or period: full-width spaces, non-breaking
    spaces and stray whitespace, and every full-width character folded to half-width."""
    return " ".join(unicodedata.normalize("NFKC", value).split())


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WIDE_PUNCTUATION = re.compile(r"([\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65])")


def clean_text(value: str) -> str:
    """Trim a text cell as :func:`clean_cell` does, except that Chinese text keeps its own punctuation.

    >>> clean_text("　ＳＺＰＴ－001\u00a0")
    'SZPT-001'
    >>> clean_text("首个海外中心启用（泰国），２０１７")
    '首个海外中心启用（泰国），2017'
    """
    if not _CJK.search(value):
        return clean_cell(value)
    parts = _WIDE_PUNCTUATION.split(value)  # text, mark, text, mark, …, text
    kept = "".join(part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(parts))
    return " ".join(kept.split())
