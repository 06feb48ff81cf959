"""The layers stay layers: the import contracts in pyproject.toml hold, no module imports
itself back through others, and the README's module map names every module there is."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import grimp

from tests.support.paths import ROOT

DASHBOARD = ROOT / "dashboard"


def test_every_import_contract_in_pyproject_holds():
    """Layers (config › model › ingest › store › batches › analysis › charts › exports › web, api,
    cli), dash and flask only in the web app, SQL only in the store and batches."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_module_of_the_dashboard_imports_itself_back():
    """No cycle between dashboard modules, counting imports inside functions too."""
    graph = grimp.build_graph("dashboard", cache_dir=None)
    cycles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.add(" → ".join((module, *back)))
    assert not cycles, "import cycles:\n" + "\n".join(sorted(cycles))


def _modules_on_disk() -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for path in DASHBOARD.rglob("*.py")
        if "migrations" not in path.parts and path.name != "__init__.py"
    }


def _modules_in_readme() -> set[str]:
    """The ``dashboard/`` tree of the README's "Development" section, one module a line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tree = readme.split("## Development", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    named, folders = set(), []
    for line in tree.splitlines():
        match = re.match(r"^( *)(\S+)", line)
        if not match:
            continue
        depth, name = len(match[1]) // 2, match[2]
        folders[depth:] = [name.rstrip("/")] if name.endswith("/") else []
        if name.endswith(".py"):
            named.add("/".join((*folders[:depth], name)))
    return named


def test_the_readme_module_map_names_every_module_and_no_other():
    """A newcomer reads the tree in the README: a module added, moved or removed updates it."""
    on_disk, in_readme = _modules_on_disk(), _modules_in_readme()
    assert not on_disk - in_readme, f"missing from the README's module map: {sorted(on_disk - in_readme)}"
    assert not in_readme - on_disk, f"in the README's module map but gone: {sorted(in_readme - on_disk)}"
