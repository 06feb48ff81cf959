"""Where things are: the repository, the sample workbook, the installed ``coopdash`` command."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample_cooperation.xlsx"
COOPDASH = Path(sys.executable).with_name("coopdash")
