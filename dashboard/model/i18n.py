"""The two languages, and :func:`pick` to choose between an English and a Chinese value.

The texts themselves live in :mod:`dashboard.model.texts`; ``pick`` is for values that come in both
languages with the data (a country's region, a field's label) and for the texts' own lookup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

LANGUAGES = ("en", "zh")

V = TypeVar("V")


def pick(en: V, zh: V, lang: str) -> V:
    """``zh`` when ``lang`` is "zh", else ``en``: English is the language of anything not asked for."""
    return zh if lang == "zh" else en


def sentences(parts: Iterable[str], lang: str) -> str:
    """Sentences one after another: a space between English ones, none between Chinese ones."""
    return pick(" ", "", lang).join(parts)


def language(value: object) -> str:
    """``value`` as one of :data:`LANGUAGES`: "zh" when it is "zh", else "en" (a query string's or a store's value)."""
    return pick("en", "zh", str(value))
