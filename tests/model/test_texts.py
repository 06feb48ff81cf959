"""The one text catalogue: every key in both languages, the same blanks in each, no other tables."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import dashboard
from dashboard.model.texts import TEXTS, t

PACKAGE = Path(dashboard.__file__).parent


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_text_has_an_english_and_a_chinese_wording() -> None:
    missing = [key for key, (en, zh) in TEXTS.items() if not en.strip() or not zh.strip()]
    assert not missing


def test_english_and_chinese_fill_in_the_same_values() -> None:
    differ = {key: (en, zh) for key, (en, zh) in TEXTS.items() if _placeholders(en) != _placeholders(zh)}
    assert not differ


def test_a_text_reads_in_the_language_asked_for_with_its_values_filled_in() -> None:
    assert t("committed", "en", file="a.xlsx", batch=3) == "Imported a.xlsx as batch 3."
    assert t("committed", "zh", file="a.xlsx", batch=3) == "已导入 a.xlsx，批次 3。"
    assert t("sign_in", "fr") == "Sign in"  # any other language reads English


def test_an_unknown_key_fails_loudly_naming_it() -> None:
    with pytest.raises(KeyError, match="no_such_text"):
        t("no_such_text", "en")


def test_a_missing_value_fails_loudly() -> None:
    with pytest.raises(KeyError):
        t("committed", "en", file="a.xlsx")


def test_no_module_but_the_catalogue_keeps_a_table_of_texts() -> None:
    table = re.compile(r"^\s*_?[A-Z_]*(TEXTS?|WORDS)\s*(:[^=]*)?=\s*\{", re.M)
    helper = re.compile(r"^\s*def (t|tr|_t|_say|translate)\(", re.M)
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "texts.py" and (table.search(text := path.read_text(encoding="utf-8")) or helper.search(text))
    ]
    assert offenders == []


# Typesetting, not wording: a Chinese run in a slide takes the CJK font, Chinese text wraps by characters.
LANGUAGE_BRANCHES_ALLOWED = {"exports/report.py": 1}  # a CJK font on a slide's text


def test_no_module_chooses_a_language_inline_but_through_the_catalogue_or_pick() -> None:
    """Texts come from ``t``, values given in both languages from ``i18n.pick``: an ``if lang == "zh"``
    elsewhere is a text or a choice that lost its home."""
    branch = re.compile(r"""[!=]==? ?["']zh["']|\bif (not )?zh\b|\bzh else\b""")
    found = {
        str(path.relative_to(PACKAGE)): len(branch.findall(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).as_posix() not in ("model/i18n.py", "model/texts.py")
    }
    assert {name: n for name, n in found.items() if n} == LANGUAGE_BRANCHES_ALLOWED


def test_a_period_reads_in_either_language() -> None:
    from dashboard.model.periods import label

    assert [label(p, "en") for p in ("2023", "2023-Q2", "2023-05", "2023/24")] == [
        "2023",
        "2023 Q2",
        "2023-05",
        "2023/24",
    ]
    assert [label(p, "zh") for p in ("2023", "2023-Q2", "2023-05", "2023/24")] == [
        "2023年",
        "2023年第2季度",
        "2023年5月",
        "2023—2024学年",
    ]
