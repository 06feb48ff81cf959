"""The analyst's notebook runs from top to bottom on the sample data; a failing cell fails the suite."""

from __future__ import annotations

import json

import nbformat
from nbclient import NotebookClient

from tests.support.paths import ROOT


def test_the_notebook_runs_and_reproduces_the_headline_figures(tmp_path):
    notebook = nbformat.read(ROOT / "notebooks" / "cooperation_analysis.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]
    text = " ".join(str(out.get("data", {}).get("text/plain", "")) for out in outputs)
    assert "'committed'" in text
    assert "Standards adopted abroad" in text and "23" in text  # the published figures, checked
    assert "International students enrolled" in text  # the indicators
    assert not [out for out in outputs if out.get("output_type") == "error"]


def test_every_cell_of_the_notebook_has_an_id():
    """nbformat 4.5 wants one; a cell without it is a warning today and an error in future nbformat."""
    raw = json.loads((ROOT / "notebooks" / "cooperation_analysis.ipynb").read_text(encoding="utf-8"))
    assert all(cell.get("id") for cell in raw["cells"])
