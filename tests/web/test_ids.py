"""Component ids have one home, dashboard/web/ids.py: a layout never spells one as a string literal."""

from __future__ import annotations

import ast
from pathlib import Path

from dashboard.web import ids
from tests.support.paths import ROOT

WEB = ROOT / "dashboard" / "web"
CHART_CARDS = {"graph", "catalogue_graph"}  # their first argument is the card's component id


def _spelt_out(node: ast.expr) -> bool:
    """A string literal, or an f-string starting with literal text (an id built around a constant is fine)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return isinstance(node, ast.JoinedStr) and bool(node.values) and isinstance(node.values[0], ast.Constant)


def _literal_ids(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        given = [k.value for k in node.keywords if k.arg == "id"]
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name in CHART_CARDS and node.args:
            given.append(node.args[0])
        found += [
            f"{path.relative_to(WEB)}:{value.lineno}: {ast.unparse(value)}" for value in given if _spelt_out(value)
        ]
    return found


def test_no_layout_spells_a_component_id_as_a_string_literal():
    offenders = [spot for path in sorted(WEB.rglob("*.py")) if path.name != "ids.py" for spot in _literal_ids(path)]
    assert offenders == [], "ids belong in dashboard/web/ids.py:\n" + "\n".join(offenders)


def test_every_id_is_a_distinct_string():
    """But "kpi": KPI is a pattern-matching type ({"type": "kpi", ...}), KPI_NUMBER a prefix ("kpi-students")."""
    values = [v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)]
    repeated = {v for v in values if values.count(v) > 1}
    assert repeated == {"kpi"}
