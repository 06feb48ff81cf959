"""Text normalisation shared by header, sheet, choice and country matching."""

from __future__ import annotations

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
    """Trim a text cell: full-width spaces, non-breaking spaces and stray whitespace."""
    return " ".join(unicodedata.normalize("NFKC", value).split())
